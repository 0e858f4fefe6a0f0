"""The whole notebook suite on a shared machine: two nbval runs at once, and a run beside
a server that holds the article's port 49152 (issue 8).

On one machine (one loopback, as on a single-host JupyterHub or a teacher's laptop
running ``make lab`` while ``make test`` runs), each pytest run is its own student
(the repository's conftest.py gives it a Jupyter runtime directory of its own).
When 49152 is taken, that run's notebooks move to a port of their own through
``labkit.student_port()``; tests/sanitize.cfg masks the port and the sentence, so
the stored outputs still compare equal.  Before issue 8 the second run failed 8
cells: ``Address already in use``, then replies from the other run's server.

The runs are real ``pytest notebooks`` processes, started together and waited for
with a time limit; nothing is left running (each is waited for, by PID).
"""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN_LIMIT = 900  # seconds for the runs together; one run takes ~1 min on an idle 2-core box

# `make lab` with 01 open, as the OS sees it: another student's kernel that took
# student_port() (the article's 49152 when free) and serves the article's reply there.
HOLDER = """
import contextlib, io, sys
import labkit
with contextlib.redirect_stdout(io.StringIO()):  # the moved-port sentence, if 49152 is taken
    port = labkit.student_port()
server = labkit.LabServer("127.0.0.1", port).start()
print(port, flush=True)
sys.stdin.read()
server.stop()
"""


def _nbval_run(log: Path) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("JUPYTER_RUNTIME_DIR", None)  # the run's conftest picks its own
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", "notebooks", "-q", "-p", "no:randomly"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def _kill_tree(proc: subprocess.Popen) -> None:
    """Kill a run and every process it started (its kernels), each by its PID."""
    try:
        family = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    for child in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    proc.kill()
    proc.wait(timeout=60)
    psutil.wait_procs(family, timeout=60)


def _wait_all(procs: list[subprocess.Popen], limit: float) -> list[int | None]:
    """Each run's exit code, all within one deadline of ``limit`` s; a run still going then
    is killed with its kernels (by PID): None."""
    deadline = time.monotonic() + limit
    codes: list[int | None] = []
    for proc in procs:
        try:
            codes.append(proc.wait(timeout=max(0.0, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            _kill_tree(proc)
            codes.append(None)
    return codes


def _first_line(proc: subprocess.Popen, timeout: float = 60) -> str:
    """The process's first line of output, or "" if it says nothing within ``timeout`` s."""
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    return proc.stdout.readline().strip() if ready else ""


@pytest.fixture
def holder(tmp_path):
    """A process of another "student" serving on the article's port for the whole test
    (on its own port if something else already holds 49152: the run moves either way)."""
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "holder-runtime"))
    proc = subprocess.Popen([sys.executable, "-c", HOLDER], env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        yield _first_line(proc)
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            _kill_tree(proc)


@pytest.mark.shared
def test_two_whole_suite_runs_at_once_both_pass(tmp_path):
    logs = [tmp_path / "run1.txt", tmp_path / "run2.txt"]
    codes = _wait_all([_nbval_run(log) for log in logs], RUN_LIMIT)
    tails = "\n\n".join(log.read_text(errors="replace")[-3000:] for log in logs)
    assert codes == [0, 0], f"exit codes {codes}:\n{tails}"


@pytest.mark.shared
def test_a_whole_suite_run_beside_a_server_on_49152_passes(tmp_path, holder):
    assert holder.isdigit(), f"the holder did not start: {holder!r}"
    log = tmp_path / "run.txt"
    codes = _wait_all([_nbval_run(log)], RUN_LIMIT)
    assert codes == [0], f"exit code {codes} beside a server on {holder}:\n" + \
        log.read_text(errors="replace")[-3000:]
