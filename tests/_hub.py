"""A real JupyterHub on 127.0.0.1 for tests/test_hub.py: students, their servers, their kernels.

It is the single-host hub of a classroom (The Littlest JupyterHub's shape): one
machine, a local-process spawner, so every student's kernel shares the host's
ports and loopback.  ``Hub`` starts ``jupyterhub`` (PyPI) with its proxy,
``configurable-http-proxy`` (npm), on free loopback ports, with everything it
writes (database, cookie secret, proxy pid file, students' HOMEs) in a temporary
folder.  The test drives it the way a hub's own tools do, through the hub's REST
API with an admin service token, and runs code in each student's kernels through
the single-user server's kernels REST API and websocket.

Every process it starts is tracked by PID (the hub, the proxy, each single-user
server and its kernels are all descendants of the hub's process): ``stop()``
stops the servers through the hub API, stops the hub, then kills by PID whatever
is still alive and returns it, so the test can assert that nothing was left.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests
import websocket

__all__ = ["Cell", "Hub", "Kernel", "hub_tools_missing", "notebook_cells"]

BIN = Path(sys.executable).parent
START_TIMEOUT = 120  # seconds: a hub or a single-user server starts in ~5 s, slower on busy CI
CELL_TIMEOUT = 120  # seconds for one cell, like nbval's --nbval-cell-timeout
TOKEN_NAME = "labkit-test"


def hub_tools_missing() -> str | None:
    """Why a hub cannot start here (a sentence), or None when jupyterhub and its proxy exist."""
    if not (BIN / "jupyterhub").exists():
        return ("jupyterhub is not installed in this Python environment: "
                "run `pip install -e '.[test]'` (make test does).")
    if shutil.which("configurable-http-proxy") is None:
        return ("configurable-http-proxy (JupyterHub's proxy, from npm) is not on PATH: "
                "run `npm install -g configurable-http-proxy` (make test and .ci/run do).")
    return None


def notebook_cells(path: Path) -> list[str]:
    """The code cells of a notebook, in order, as a student runs them top to bottom."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cell:
    """What one executed cell showed: its stdout, stderr, result and error (``Name: value``)."""

    code: str
    stdout: str = ""
    stderr: str = ""
    result: str = ""
    error: str = ""


@dataclass
class Kernel:
    """One kernel in a student's single-user server, driven over its websocket."""

    hub: Hub
    user: str
    kernel_id: str
    ws: websocket.WebSocket
    session: str = field(default_factory=lambda: uuid.uuid4().hex)
    stray: list = field(default_factory=list)  # output of earlier cells' background threads

    def run(self, code: str, timeout: float = CELL_TIMEOUT) -> Cell:
        """Execute ``code`` like a notebook cell and collect its output until the kernel is idle."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.user,
                       "session": self.session, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "buffers": [], "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": False},
        }))
        cell = Cell(code)
        deadline = time.monotonic() + timeout
        while True:  # bounded by the deadline
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.user}: cell did not finish in {timeout} s:\n{code}")
            self.ws.settimeout(left)
            msg = json.loads(self.ws.recv())
            if msg.get("channel") != "iopub":
                continue
            kind, content = msg["header"]["msg_type"], msg["content"]
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                if kind == "stream":
                    self.stray.append(content["text"])
                continue
            if kind == "stream":
                if content["name"] == "stdout":
                    cell.stdout += content["text"]
                else:
                    cell.stderr += content["text"]
            elif kind == "execute_result":
                cell.result += content["data"].get("text/plain", "")
            elif kind == "error":
                cell.error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                return cell

    def run_cells(self, cells: list[str]) -> list[Cell]:
        """Run cells in order, going on after an error as a student clicking Run would."""
        return [self.run(code) for code in cells]

    def shutdown(self) -> None:
        """Shut the kernel down (File > Shut Down Kernel): its servers stop with it."""
        try:
            self.ws.close()
        finally:
            self.hub.user_api(self.user, "DELETE", f"kernels/{self.kernel_id}")


class Hub:
    """A JupyterHub (``jupyterhub`` + ``configurable-http-proxy``) on 127.0.0.1.

    ``Hub(workdir, notebook_dir).start()``; then :meth:`add_student`,
    :meth:`start_server`, :meth:`kernel`; and always :meth:`stop` (or use ``with``).
    Each student's HOME is ``workdir/home/<name>``.
    """

    def __init__(self, workdir: Path, notebook_dir: Path) -> None:
        self.workdir = Path(workdir)
        self.notebook_dir = Path(notebook_dir)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(32)
        self.log_path = self.workdir / "jupyterhub.log"
        self.proc: subprocess.Popen | None = None
        self.seen: dict[int, psutil.Process] = {}  # every process of the hub's tree, by PID

    def _config(self) -> str:
        work = self.workdir
        root_args = ["--allow-root"] if os.geteuid() == 0 else []
        return "\n".join([
            "c = get_config()  # noqa",
            "c.JupyterHub.ip = '127.0.0.1'",
            f"c.JupyterHub.port = {self.port}",
            "c.JupyterHub.hub_ip = '127.0.0.1'",
            f"c.JupyterHub.hub_port = {_free_port()}",
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{_free_port()}'",
            f"c.ConfigurableHTTPProxy.pid_file = {str(work / 'proxy.pid')!r}",
            f"c.JupyterHub.db_url = 'sqlite:///{work / 'jupyterhub.sqlite'}'",
            f"c.JupyterHub.cookie_secret_file = {str(work / 'cookie_secret')!r}",
            f"c.JupyterHub.pid_file = {str(work / 'jupyterhub.pid')!r}",
            "c.JupyterHub.authenticator_class = 'dummy'",
            "c.Authenticator.allow_all = True",
            # SimpleLocalProcessSpawner: a local process per student with HOME set to a
            # folder of their own (created on spawn) and no OS user needed.  Here every
            # student runs as the OS user running the test (root in CI), which is fine
            # for a test: the kit must tell students apart by HOME and Jupyter runtime
            # directory anyway, and separate OS users only make that easier.
            "c.JupyterHub.spawner_class = 'simple'",
            "c.SimpleLocalProcessSpawner.home_dir_template = "
            f"{str(work / 'home' / '{username}')!r}",
            f"c.Spawner.cmd = [{str(BIN / 'jupyterhub-singleuser')!r}]",
            f"c.Spawner.args = {root_args!r}",
            f"c.Spawner.notebook_dir = {str(self.notebook_dir)!r}",
            f"c.Spawner.start_timeout = {START_TIMEOUT}",
            f"c.Spawner.http_timeout = {START_TIMEOUT}",
            # The test's own service: an admin token for the hub API that may also use
            # the students' servers (as a course's grading service would).
            f"c.JupyterHub.services = [{{'name': {TOKEN_NAME!r}, 'api_token': {self.token!r}}}]",
            "c.JupyterHub.load_roles = [{",
            f"    'name': {TOKEN_NAME!r}, 'services': [{TOKEN_NAME!r}],",
            "    'scopes': ['admin:users', 'admin:servers', 'access:servers', 'list:users'],",
            "}]",
        ]) + "\n"

    # --- lifecycle ----------------------------------------------------------

    def start(self) -> Hub:
        """Start the hub and wait (bounded) until its API answers."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        config = self.workdir / "jupyterhub_config.py"
        config.write_text(self._config(), encoding="utf-8")
        env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
        env.pop("JUPYTER_RUNTIME_DIR", None)  # students get theirs from their own HOME
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(config)],
                                         cwd=self.workdir, env=env, stdout=log,
                                         stderr=subprocess.STDOUT)
        self._track()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited ({self.proc.returncode}):\n{self.log()}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=5).ok:
                    self._track()
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"jupyterhub did not answer in {START_TIMEOUT} s:\n{self.log()}")

    def _track(self) -> None:
        """Remember every process now in the hub's tree, so stop() can check each by PID."""
        if self.proc is None:
            return
        try:
            root = psutil.Process(self.proc.pid)
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for proc in tree:
            self.seen.setdefault(proc.pid, proc)

    def stop(self) -> list[str]:
        """Stop everything this hub started; returns the processes that had to be killed
        by PID afterwards (empty when the hub cleaned up after itself)."""
        if self.proc is None:
            return []
        self._track()
        try:
            for user in self.users():
                self.stop_server(user)
        except Exception:  # the hub may be broken already: the PID sweep below still runs
            pass
        self._track()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the hub stops its proxy on the way out
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        left = []
        for pid, proc in sorted(self.seen.items()):
            # is_running() compares the start time too: a reused PID is not ours.
            if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                left.append(f"pid {pid}: {' '.join(proc.cmdline())[:200]}")
                proc.kill()
        psutil.wait_procs(list(self.seen.values()), timeout=10)
        self.proc = None
        return left

    def __enter__(self) -> Hub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log(self) -> str:
        """The hub's log (its output and its proxy's), last 6000 characters."""
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-6000:]
        except OSError:
            return ""

    # --- the hub's REST API ---------------------------------------------------

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        """Call the hub's REST API (``/hub/api/<path>``) as the admin service."""
        response = requests.request(method, f"{self.url}/hub/api/{path}",
                                    headers={"Authorization": f"token {self.token}"},
                                    timeout=30, **kwargs)
        response.raise_for_status()
        return response

    def users(self) -> list[str]:
        return [u["name"] for u in self.api("GET", "users").json()]

    def add_student(self, name: str) -> None:
        self.api("POST", f"users/{name}")

    def _server(self, name: str) -> dict | None:
        return self.api("GET", f"users/{name}").json().get("servers", {}).get("")

    def start_server(self, name: str) -> None:
        """Start the student's single-user server and wait (bounded) until it is ready."""
        self.api("POST", f"users/{name}/server")
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            server = self._server(name)
            if server and server.get("ready"):
                self._track()
                return
            time.sleep(0.5)
        raise TimeoutError(f"{name}'s server was not ready in {START_TIMEOUT} s:\n{self.log()}")

    def stop_server(self, name: str) -> None:
        """Stop the student's single-user server through the hub, waiting (bounded) for it."""
        if self._server(name) is None:
            return
        self.api("DELETE", f"users/{name}/server")
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and self._server(name) is not None:
            time.sleep(0.5)

    # --- a student's single-user server ---------------------------------------

    def user_api(self, name: str, method: str, path: str, **kwargs) -> requests.Response:
        """Call the student's single-user server API (``/user/<name>/api/<path>``)."""
        response = requests.request(method, f"{self.url}/user/{name}/api/{path}",
                                    headers={"Authorization": f"token {self.token}"},
                                    timeout=30, **kwargs)
        response.raise_for_status()
        return response

    def kernel(self, name: str, path: str = "") -> Kernel:
        """A new kernel (python3) in the student's server, with its websocket open; it runs
        in the folder ``path`` of the served notebooks, as a notebook opened there would."""
        kernel_id = self.user_api(name, "POST", "kernels",
                                  json={"name": "python3", "path": path}).json()["id"]
        ws_url = re.sub("^http", "ws", self.url)
        ws = websocket.create_connection(
            f"{ws_url}/user/{name}/api/kernels/{kernel_id}/channels",
            header=[f"Authorization: token {self.token}"], timeout=START_TIMEOUT)
        self._track()
        return Kernel(self, name, kernel_id, ws)
