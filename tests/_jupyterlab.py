"""A private JupyterLab server and headless Chromium for the browser tests (test_browser.py).

The browser tests check what nbval cannot: that a learner who opens a notebook in
JupyterLab sees the widgets and can use them.  This module starts JupyterLab the
way ``make lab`` does (same Python, same installed extensions), but isolated: on
127.0.0.1, a free port, a random token, a temporary HOME with its own Jupyter
config, data, runtime and settings folders, and a temporary copy of the notebooks.
It is stopped by the PID it was started with, never by name.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from _util import free_port

__all__ = ["CHROMIUM_ARGS", "JupyterLab", "find_chromium"]

#: Flags for Debian's Chromium in a container (see DESIGN.md): no sandbox (root),
#: no GPU, and no background traffic to Google's servers.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: Where Debian (and most Linux distributions) put Chromium.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")

#: The defaults ``make lab`` gives its JupyterLab (no news or update toasts: they
#: would need the network and could cover the panel), keyed by plugin id.
LAB_OVERRIDES = Path(__file__).resolve().parent.parent / "tools" / "lab_overrides.json"

#: Settings for the tests only: every cell stays in the page.  JupyterLab 4.2's
#: default notebook windowing ("full") removes off-screen cells from the DOM, so a
#: check that an output is visible would fail for a reason a learner never sees.
TEST_SETTINGS = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}


def user_settings() -> dict[str, dict]:
    """The user-settings files to write: ``{"<package>/<plugin>.jupyterlab-settings": values}``."""
    overrides = json.loads(LAB_OVERRIDES.read_text(encoding="utf-8"))
    merged = {**overrides, **TEST_SETTINGS}
    return {plugin.replace(":", "/") + ".jupyterlab-settings": values
            for plugin, values in merged.items()}


def find_chromium() -> str | None:
    """The Chromium binary to drive: ``$LABKIT_CHROMIUM``, else the usual paths, else None."""
    explicit = os.environ.get("LABKIT_CHROMIUM")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for path in CHROMIUM_CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


class JupyterLab:
    """One JupyterLab server process, started by :meth:`start`, stopped by :meth:`stop`.

    ``root`` is the folder JupyterLab serves (a copy of notebooks/), ``home`` a
    temporary folder used as HOME, ``log_path`` where the server's output goes.
    """

    def __init__(self, root: Path, home: Path, log_path: Path) -> None:
        self.root = root
        self.home = home
        self.log_path = log_path
        self.port = 0
        self.token = secrets.token_hex(24)
        self.proc: subprocess.Popen[bytes] | None = None

    # ------------------------------------------------------------ lifecycle
    def _environment(self) -> dict[str, str]:
        home = self.home
        dirs = {
            "HOME": home,
            "JUPYTER_CONFIG_DIR": home / ".jupyter",
            "JUPYTER_DATA_DIR": home / ".local" / "share" / "jupyter",
            "JUPYTER_RUNTIME_DIR": home / ".local" / "share" / "jupyter" / "runtime",
            "JUPYTERLAB_SETTINGS_DIR": home / ".jupyter" / "lab" / "user-settings",
            "JUPYTERLAB_WORKSPACES_DIR": home / ".jupyter" / "lab" / "workspaces",
            "IPYTHONDIR": home / ".ipython",
        }
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
        env.update({k: str(v) for k, v in dirs.items()})
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def _write_settings(self, env: dict[str, str]) -> None:
        settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
        for name, values in user_settings().items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        # news_url=None turns the announcements feed off on the server side too.
        config = Path(env["JUPYTER_CONFIG_DIR"]) / "jupyter_server_config.json"
        config.write_text(json.dumps({"LabApp": {"news_url": None}}), encoding="utf-8")

    def command(self) -> list[str]:
        cmd = [
            sys.executable, "-m", "jupyter", "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            # window.jupyterapp lets the tests run JupyterLab commands ("Run All")
            # and read the kernel's state instead of guessing from pixels.
            "--LabApp.expose_app_in_browser=True",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        return cmd

    def start(self, timeout: float = 90.0) -> None:
        """Start the server and wait (at most ``timeout`` s) until its REST API answers."""
        env = self._environment()
        self._write_settings(env)
        self.port = free_port()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                self.command(), cwd=self.root, env=env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {self.proc.returncode} while starting:\n"
                    + self.log_tail()
                )
            try:
                self.api("GET", "/api/status", timeout=2.0)
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.3)
        self.stop()
        raise TimeoutError(f"JupyterLab did not answer within {timeout} s:\n" + self.log_tail())

    def stop(self, timeout: float = 20.0) -> None:
        """Shut its kernels down, then end the server process: SIGTERM, wait, SIGKILL."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            try:
                self.shutdown_kernels()
            except (OSError, urllib.error.URLError, ValueError):
                pass  # the server is going away anyway; SIGTERM also stops kernels
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)

    # --------------------------------------------------------------- access
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lab_url(self, path: str) -> str:
        """The URL that opens ``path`` (relative to the root) in a fresh JupyterLab workspace."""
        return f"{self.base_url}/lab/tree/{path}?reset&token={self.token}"

    def api(self, method: str, path: str, timeout: float = 10.0) -> object:
        """Call the Jupyter server's REST API; the decoded JSON reply (None when empty)."""
        request = urllib.request.Request(
            self.base_url + path, method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            body = reply.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> int:
        """Shut down every session and kernel of this server; waits until each kernel
        has exited, which frees the ports its labkit servers held (49152)."""
        stopped = 0
        for session in self.api("GET", "/api/sessions") or []:  # type: ignore[union-attr]
            stopped += self._delete(f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels") or []:  # type: ignore[union-attr]
            stopped += self._delete(f"/api/kernels/{kernel['id']}")
        return stopped

    def _delete(self, path: str) -> int:
        try:
            self.api("DELETE", path, timeout=30.0)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:  # already gone (a session's kernel, say)
                return 0
            raise
        return 1

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])
