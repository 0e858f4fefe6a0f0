"""`make lab`, the README's first command, starts JupyterLab on notebooks/, without news pop-ups."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from _util import unavailable

ROOT = Path(__file__).resolve().parent.parent


def _get_json(url: str, timeout: float = 30.0) -> dict:
    """GET a JSON reply; the URL is printed a moment before the server listens, so retry."""
    deadline = time.monotonic() + timeout
    while True:  # bounded: until the deadline, 0.3 s apart
        try:
            with urllib.request.urlopen(url, timeout=10) as reply:
                return json.load(reply)
        except urllib.error.URLError as exc:
            if not isinstance(exc.reason, ConnectionRefusedError) or time.monotonic() > deadline:
                raise
        time.sleep(0.3)


def test_make_lab_serves_the_notebooks(tmp_path):
    if shutil.which("make") is None:
        unavailable("make is not installed (Windows users follow the README's PowerShell route)")
    if not (ROOT / ".venv" / ".installed-stamp").exists():
        unavailable("no .venv made by make here: run through `make test`, which creates it")
    env = dict(os.environ, HOME=str(tmp_path), JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "run"), BROWSER="true")
    args = "--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port=0 --ServerApp.token=t"
    proc = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    log = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # bounded: one line at a time, 90 s at most
            line = proc.stdout.readline()
            if not line:
                break
            log.append(line)
            if re.search(r"http://127\.0\.0\.1:\d+/lab", line):
                break
        text = "".join(log)
        assert re.search(r"http://127\.0\.0\.1:\d+/lab", text), text[-3000:]
        assert "Running as root is not recommended" not in text
        # JupyterLab 4.2.0-4.2.6 with httpx 0.28 log a TypeError about `proxies` here.
        assert "Failed to instantiate the extension manager" not in text, text[-3000:]
        served = re.search(r"Serving notebooks from local directory: (.+)", text)
        assert served and Path(served.group(1).strip()) == ROOT / "notebooks", text[-3000:]
        # The news and update toasts are off by default (they would cover the panel):
        # the same settings the browser tests use, tools/lab_overrides.json.
        base = re.search(r"(http://127\.0\.0\.1:\d+)/lab", text).group(1)
        plugin = "@jupyterlab/apputils-extension:notification"
        defaults = _get_json(f"{base}/lab/api/settings/{plugin}?token=t")["schema"]["properties"]
        assert defaults["fetchNews"]["default"] == "false"
        assert defaults["checkForUpdates"]["default"] is False
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # our own process group, by PID
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
