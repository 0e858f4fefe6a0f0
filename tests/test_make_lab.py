"""`make lab`, the README's first command, starts JupyterLab on notebooks/."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from _util import unavailable

ROOT = Path(__file__).resolve().parent.parent


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
        served = re.search(r"Serving notebooks from local directory: (.+)", text)
        assert served and Path(served.group(1).strip()) == ROOT / "notebooks", text[-3000:]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # our own process group, by PID
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
