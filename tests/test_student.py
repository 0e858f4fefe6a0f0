"""student_port / server_owner: each student's own port on a shared machine, with real processes.

A "student" here is a process environment (HOME and Jupyter runtime directory of
its own), as a local-process JupyterHub gives each user; a "kernel" is a fresh
Python subprocess with that environment.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

import labkit
from labkit import _student
from labkit._i18n import t

TIMEOUT = 60  # seconds for one subprocess: far above the ~1 s it needs


def _env(home: Path, **extra: str) -> dict:
    env = dict(os.environ, HOME=str(home), JUPYTER_RUNTIME_DIR=str(home / "runtime"), **extra)
    env.pop("JUPYTER_DATA_DIR", None)
    env.pop("XDG_DATA_HOME", None)
    return env


@contextmanager
def _listener(env: dict, port: int = 0):
    """A process with ``env`` listening on 127.0.0.1:``port`` and answering every client
    ``Server accessed.(9)``, ``(10)``...; yields (process, port)."""
    code = ("import socket, sys, threading\n"
            f"s = socket.create_server(('127.0.0.1', {port}))\n"
            "def serve():\n"
            "    for n in range(9, 1000):\n"
            "        c, _ = s.accept()\n"
            "        c.sendall(f'Server accessed.({n})'.encode())\n"
            "        c.close()\n"
            "threading.Thread(target=serve, daemon=True).start()\n"
            "print(s.getsockname()[1], flush=True)\n"
            "sys.stdin.read()\n")
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.strip().isdigit(), f"listener did not start: {line!r}"
        yield proc, int(line)
    finally:
        proc.stdin.close()  # its read() returns and it exits
        try:
            proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=TIMEOUT)


def _kernel(env: dict, preferred: int, calls: int = 1, lang: str = "en") -> list[str]:
    """A new kernel of a student calls student_port(preferred) ``calls`` times: its output."""
    code = ("import labkit\n"
            "from labkit._student import student_port\n"
            f"labkit.set_language({lang!r})\n"
            f"for _ in range({calls}):\n"
            f"    print('port', student_port({preferred}))\n")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=TIMEOUT, check=True)
    return done.stdout.splitlines()


@contextmanager
def _live_kernel(env: dict, preferred: int):
    """A kernel that has called student_port(preferred) and is still running (not serving)."""
    code = ("import sys\n"
            "from labkit._student import student_port\n"
            f"print('port', student_port({preferred}), flush=True)\n"
            "sys.stdin.read()\n")
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        yield proc.stdout.readline().strip()
    finally:
        proc.stdin.close()
        proc.wait(timeout=TIMEOUT)


def _free() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def student(tmp_path, monkeypatch) -> dict:
    """This test process plays the student: its own HOME and runtime directory."""
    env = _env(tmp_path / "student")
    for key in ("HOME", "JUPYTER_RUNTIME_DIR"):
        monkeypatch.setenv(key, env[key])
    monkeypatch.delenv("JUPYTER_DATA_DIR", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    return env


def test_another_students_server_is_foreign(student, tmp_path):
    with _listener(_env(tmp_path / "other")) as (_, port):
        assert _student.server_owner(port) == _student.FOREIGN
        assert _student.is_own_server(port) is False


def test_a_server_of_the_same_student_in_another_process_is_own(student):
    with _listener(student) as (_, port):
        assert _student.server_owner(port) == _student.OWN
        assert _student.is_own_server(port) is True


def test_a_server_in_this_kernel_is_own(student):
    with socket.create_server(("127.0.0.1", 0)) as srv:
        assert _student.server_owner(srv.getsockname()[1]) == _student.OWN
        assert _student.server_owner(srv.getsockname()[1], "localhost") == _student.OWN


def test_a_port_nobody_holds():
    port = _free()
    assert _student.server_owner(port) == _student.NOBODY
    assert _student.is_own_server(port) is None


def test_same_port_in_every_kernel_of_a_student_when_free(student):
    preferred = _free()
    assert _kernel(student, preferred, calls=2) == [f"port {preferred}"] * 2
    assert _kernel(student, preferred) == [f"port {preferred}"]
    assert _student.student_port(preferred) == preferred
    assert _student.record_path().parent == Path(student["JUPYTER_RUNTIME_DIR"])


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_taken_port_moves_once_with_one_sentence(student, tmp_path, lang):
    with _listener(_env(tmp_path / "other")) as (_, preferred):
        first = _kernel(student, preferred, calls=2, lang=lang)
        assert len(first) == 3, first  # one sentence, then the same port twice
        port = int(first[1].split()[1])
        assert port != preferred and first[2] == f"port {port}"
        assert first[0] == t("student_port_moved", lang=lang, preferred=preferred, port=port)
        # The client notebook in another kernel of the same student: same port, no sentence.
        assert _kernel(student, preferred, lang=lang) == [f"port {port}"]


def test_another_kernel_finds_the_students_running_server(student, tmp_path):
    """01 moved to another port and serves there; 02 (another kernel) gets that port."""
    with _listener(_env(tmp_path / "other")) as (_, preferred):
        port = _kernel(student, preferred)[-1].split()[1]
        with _listener(student, int(port)):
            assert _kernel(student, preferred) == [f"port {port}"]
            # Another student, also crowded out of the preferred port, never gets this one.
            other = _kernel(_env(tmp_path / "third"), preferred)
            assert other[-1] != f"port {port}" and len(other) == 2


def test_a_recorded_port_taken_by_someone_else_is_given_up(student, tmp_path):
    preferred = _free()
    with _listener(_env(tmp_path / "other")) as (_, taken):
        _student._save(preferred, taken)
        assert _kernel(student, preferred) == [f"port {preferred}"]  # silently back home


def test_two_students_starting_at_once_do_not_share_the_port(student, tmp_path):
    """Student 1 has picked the port but not bound it yet: student 2 must not get it too."""
    preferred = _free()
    with _live_kernel(student, preferred) as first:
        assert first == f"port {preferred}"
        second = _kernel(_env(tmp_path / "other"), preferred)
        assert len(second) == 2 and second[-1] != first  # a sentence, then another port
        # The same student's client notebook, in another kernel, still gets the port.
        with _listener(student, preferred):
            assert _kernel(student, preferred) == [first]
    # The claim ended with student 1's kernel: a third student now gets the preferred port.
    assert _kernel(_env(tmp_path / "third"), preferred) == [f"port {preferred}"]


def test_the_students_own_open_kernel_does_not_move_the_port(student):
    """01 called student_port() and stays open with its server stopped; 02 or 03 of the
    same student must still get the article's port, silently (a review found it moved,
    and the moved port was saved for good)."""
    preferred = _free()
    with _live_kernel(student, preferred) as first:
        assert first == f"port {preferred}"
        assert _kernel(student, preferred) == [first]
        assert _student.student_port(preferred) == preferred
    assert _kernel(student, preferred) == [f"port {preferred}"]  # the record kept the port


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_starting_on_a_port_the_students_other_kernel_serves_says_stop_it(student, lang):
    """03 started while 01 (the same student) still serves: the cure is to stop 01 or to
    connect to it, not a free port that 02 would never find."""
    labkit.set_language(lang)
    with _listener(student) as (_, port):
        with pytest.raises(labkit.PortInUseError) as info:
            labkit.LabServer("127.0.0.1", port).start()
    assert str(info.value) == t("port_in_use_own", lang=lang, host="127.0.0.1", port=port)
    assert isinstance(info.value.__cause__, OSError)


# ---- clients of the kit say so when the server is not this student's (issue 8)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_fetch_refuses_another_students_server_before_sending(student, tmp_path, lang):
    labkit.set_language(lang)
    with _listener(_env(tmp_path / "other")) as (_, port):
        with pytest.raises(labkit.ForeignServerError) as caught:
            labkit.fetch("127.0.0.1", port)
        assert str(caught.value) == t("foreign_server", lang=lang, host="127.0.0.1", port=port)
        assert "labkit.student_port()" in str(caught.value)
        with pytest.raises(labkit.ForeignServerError):
            labkit.fetch_bytes("localhost", port)
        # Nothing was sent: the stranger's first reply is still (9), for a lesson that
        # connects to it on purpose.
        assert labkit.fetch("127.0.0.1", port, allow_foreign=True) == "Server accessed.(9)"


def test_fetch_reaches_the_students_own_server_in_another_kernel(student):
    with _listener(student) as (_, port):
        assert labkit.fetch("127.0.0.1", port) == "Server accessed.(9)"
        assert labkit.is_own_server(port) is True


def test_the_panels_connect_says_whose_server_it_reached(student, tmp_path):
    with _listener(_env(tmp_path / "other")) as (_, port):
        panel = labkit.lab_panel(port=port)
        try:
            panel.connect_button.click()
            assert "is not yours" in panel.received.value
            assert "Server accessed" not in panel.received.value
        finally:
            panel.close()


def test_the_panel_defaults_to_the_students_port(student, tmp_path):
    with _listener(_env(tmp_path / "other")) as (_, preferred):
        moved = _kernel(student, preferred)[-1].split()[1]
        _student._save(49152, int(moved))  # as if 49152 had been taken on this machine
        with _listener(student, int(moved)):
            panel = labkit.lab_panel()
            try:
                assert panel.port_input.value == moved
            finally:
                panel.close()


def test_the_ownership_check_is_cheap(student, monkeypatch):
    """A kernel's own LabServer needs no look at the OS; another own server, one a second."""
    calls = []
    real = _student.server_owner
    monkeypatch.setattr(_student, "server_owner", lambda *a: calls.append(a) or real(*a))
    with labkit.LabServer(port=0) as server:
        for _ in range(5):
            labkit.fetch(*server.address)
    assert calls == []
    with _listener(student) as (_, port):
        for _ in range(5):
            labkit.fetch("127.0.0.1", port)
    assert len(calls) == 1


def test_check_setup_checks_the_students_port(student):
    moved = _free()
    _student._save(49152, moved)  # as if 49152 had been another user's on this machine
    text = str(labkit.check_setup())
    assert f"port {moved} on 127.0.0.1" in text and "49152" not in text, text


def test_ensure_server_does_not_adopt_another_students_server(student, tmp_path):
    with _listener(_env(tmp_path / "other")) as (_, port):
        with pytest.raises(labkit.ForeignServerError):
            labkit.ensure_server("127.0.0.1", port)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_moved_sentence_is_masked_for_nbval(lang):
    """tests/sanitize.cfg drops the sentence and masks the port, so a run that had to move
    (another run, or make lab with 01 open, holds 49152) compares equal to the stored one."""
    import re

    from nbval.plugin import get_sanitize_patterns

    cfg = Path(__file__).with_name("sanitize.cfg").read_text(encoding="utf-8")
    moved = t("student_port_moved", lang=lang, preferred=49152, port=53111) + "\n"
    shown = moved + "<LabServer running on 127.0.0.1:53111, 0 access(es)>\n"
    stored = "<LabServer running on 127.0.0.1:49152, 0 access(es)>\n"
    for regex, replace in get_sanitize_patterns(cfg):
        shown, stored = re.sub(regex, replace, shown), re.sub(regex, replace, stored)
    assert shown == stored
