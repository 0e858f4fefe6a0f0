"""Classroom LAN mode (labkit._classroom): the opt-in, the warning, the addresses shown,
and students reaching the teacher's server across a real network boundary.

The boundary is built by the test itself: two network namespaces joined by a veth
pair, 10.231.N.1 (teacher) and 10.231.N.2 (student), both addresses living only
inside those namespaces, which are deleted in ``finally``.  That needs root and
iproute2; elsewhere the test is skipped with the reason, except in CI (the ``CI``
environment variable is set), where it fails instead.  Every server in the root
namespace stays on loopback (127.0.0.0/8).
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
import warnings
from collections import namedtuple
from dataclasses import dataclass

import pytest
from _util import unavailable

import labkit
from labkit import _classroom
from labkit._classroom import class_banner, class_server, lan_addresses

PYTHON = sys.executable
STEP_TIMEOUT = 20.0  # seconds for one subprocess step (imports labkit, ipywidgets)


# ------------------------------------------------------------------ opt-in, banner
@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::"])
def test_a_network_address_needs_the_explicit_opt_in(host):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # refusing must not warn: nothing was opened
        with pytest.raises(labkit.NotLoopbackError) as info:
            class_server(host=host, port=0)
    message = str(info.value)
    assert "allow_remote=True" in message and repr(host) in message
    assert labkit.running_servers() == []


def test_bad_host_and_port_are_named():
    with pytest.raises(TypeError, match="host must be str"):
        class_server(host=None)
    with pytest.raises(ValueError, match="not an IP address"):
        class_server(host="teacher-pc")
    with pytest.raises(ValueError, match="port=70000 is out of range"):
        class_server(host="0.0.0.0", port=70000, allow_remote=True)


def test_opt_in_message_speaks_japanese():
    labkit.set_language("ja")
    with pytest.raises(labkit.NotLoopbackError, match="allow_remote=True を"):
        class_server(host="0.0.0.0")


Addr = namedtuple("Addr", "family address netmask broadcast ptp")


def test_lan_addresses_keeps_what_students_can_type(monkeypatch):
    fake = {
        "lo": [Addr(socket.AF_INET, "127.0.0.1", None, None, None),
               Addr(socket.AF_INET6, "::1", None, None, None)],
        "wlan0": [Addr(socket.AF_INET, "192.168.1.23", None, None, None),
                  Addr(socket.AF_INET6, "fe80::1%wlan0", None, None, None),
                  Addr(socket.AF_INET6, "2001:db8::23", None, None, None),
                  Addr(psutil_link(), "aa:bb:cc:dd:ee:ff", None, None, None)],
        "eth0": [Addr(socket.AF_INET, "169.254.3.4", None, None, None),
                 Addr(socket.AF_INET, "10.0.0.5", None, None, None)],
    }
    monkeypatch.setattr(_classroom.psutil, "net_if_addrs", lambda: fake)
    assert lan_addresses() == [("eth0", "10.0.0.5"), ("wlan0", "192.168.1.23")]
    assert ("wlan0", "2001:db8::23") in lan_addresses(ipv6=True)
    assert _classroom._reachable("0.0.0.0") == lan_addresses()
    assert _classroom._reachable("192.168.1.23") == [("wlan0", "192.168.1.23")]


def psutil_link() -> int:
    return getattr(_classroom.psutil, "AF_LINK", -1)


def test_banner_warns_in_both_languages_and_shows_what_to_type():
    text = class_banner("0.0.0.0", 49152, [("wlan0", "192.168.1.23")])
    assert "other computers on your network" in text and "firewall" in text
    assert "他のパソコンから接続できます" in text and "ファイアウォール" in text
    assert "Stop it when the class ends: server.stop()" in text
    assert "授業が終わったら停止します" in text
    assert "    192.168.1.23:49152   (wlan0)" in text
    assert '    labkit.lab_panel(host="192.168.1.23", port=49152, allow_remote=True)' in text
    assert "No network address" in class_banner("0.0.0.0", 49152, [])
    assert "[2001:db8::1]:49152" in class_banner("::", 49152, [("eth0", "2001:db8::1")])


# ------------------------------------------------------------------ 127.0.0.2
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason="127.0.0.2 and 127.0.0.3 answer out of the box on Linux only",
)


@linux_only
def test_rehearsal_on_127_0_0_2_reached_like_another_host(capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # loopback: no exposure warning
        server = class_server(host="127.0.0.2", port=0)
    try:
        port = server.address[1]
        banner = capsys.readouterr().out
        assert "Rehearsal: 127.0.0.2 is a loopback address" in banner
        assert f'labkit.lab_panel(host="127.0.0.2", port={port})' in banner

        # A student's panel pointed at the teacher's address, Connect clicked.
        panel = labkit.lab_panel(host="127.0.0.2", port=port)
        panel.connect_button.click()
        assert "received: Server accessed.(1)" in panel.received.value
        assert panel.server is None  # the student runs no server of their own

        # A client with another source address: the server sees "another host".
        with socket.socket() as sock:
            sock.bind(("127.0.0.3", 0))
            sock.settimeout(5)
            sock.connect(("127.0.0.2", port))
            assert sock.recv(100) == b"Server accessed.(2)"
        peers = [e.peer[0] for e in server.events if e.kind == "accept"]
        assert peers == ["127.0.0.1", "127.0.0.3"]

        # Bound to 127.0.0.2 only: the same port on 127.0.0.1 has nobody.
        with pytest.raises(ConnectionRefusedError):
            labkit.fetch("127.0.0.1", port, timeout=5)
    finally:
        server.stop()


@linux_only
def test_a_127_0_0_1_server_is_not_reachable_at_127_0_0_2():
    with labkit.LabServer(port=0) as server:
        port = server.address[1]
        panel = labkit.lab_panel(host="127.0.0.2", port=port)
        panel.connect()
        assert "Server accessed" not in panel.received.value
        assert server.count == 0


# ------------------------------------------------------------------ namespaces
def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=10,
                          check=False)


@dataclass
class VethPair:
    teacher_ns: str
    student_ns: str
    teacher_ip: str
    student_ip: str


@pytest.fixture
def veth_pair():
    """Two fresh namespaces joined by a veth pair; deleted afterwards, whatever happens."""
    if not sys.platform.startswith("linux"):
        unavailable("network namespaces exist on Linux only")
    if shutil.which("ip") is None:
        unavailable("the 'ip' command (iproute2) is not installed")
    if os.geteuid() != 0:
        unavailable("creating network namespaces needs root")
    suffix = secrets.token_hex(3)
    net = 1 + secrets.randbelow(250)
    pair = VethPair(f"labkit-t-{suffix}", f"labkit-s-{suffix}",
                    f"10.231.{net}.1", f"10.231.{net}.2")
    veth_t, veth_s = f"lkt{suffix}", f"lks{suffix}"  # interface names: at most 15 chars
    made: list[str] = []
    try:
        for ns in (pair.teacher_ns, pair.student_ns):
            done = _run("netns", "add", ns)
            if done.returncode != 0:
                unavailable(f"'ip netns add' failed here: {done.stderr.strip()}")
            made.append(ns)
        steps = [
            ("link", "add", veth_t, "type", "veth", "peer", "name", veth_s),
            ("link", "set", veth_t, "netns", pair.teacher_ns),
            ("link", "set", veth_s, "netns", pair.student_ns),
            ("-n", pair.teacher_ns, "addr", "add", f"{pair.teacher_ip}/30", "dev", veth_t),
            ("-n", pair.student_ns, "addr", "add", f"{pair.student_ip}/30", "dev", veth_s),
            ("-n", pair.teacher_ns, "link", "set", veth_t, "up"),
            ("-n", pair.student_ns, "link", "set", veth_s, "up"),
            ("-n", pair.teacher_ns, "link", "set", "lo", "up"),
            ("-n", pair.student_ns, "link", "set", "lo", "up"),
        ]
        for step in steps:
            done = _run(*step)
            assert done.returncode == 0, f"ip {' '.join(step)}: {done.stderr}"
        yield pair
    finally:
        for ns in made:  # deleting a namespace deletes the veth end inside it
            _run("netns", "del", ns)
        if _run("link", "show", veth_t).returncode == 0:  # never moved into a namespace
            _run("link", "del", veth_t)
        assert not {pair.teacher_ns, pair.student_ns} & set(_run("netns", "list").stdout.split())


TEACHER = textwrap.dedent("""
    import json, sys, warnings
    import labkit
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if sys.argv[1] == "class":
            server = labkit.class_server(host="0.0.0.0", port=0, allow_remote=True)
        else:  # the default lab server: loopback only
            server = labkit.LabServer(port=0).start()
    print(json.dumps({"port": server.address[1],
                      "warnings": [w.category.__name__ for w in caught]}), flush=True)
    sys.stdin.readline()  # the test says when to stop
    peers = [e.peer[0] for e in server.events if e.kind == "accept"]
    server.stop()
    print(json.dumps({"peers": peers, "count": server.count}), flush=True)
""")

STUDENT = textwrap.dedent("""
    import sys
    import labkit
    panel = labkit.lab_panel(host=sys.argv[1], port=int(sys.argv[2]), allow_remote=True)
    panel.connect_button.click()
    print(panel.received.value)
""")


def _in_ns(ns: str, script: str, *args: str) -> list[str]:
    return ["ip", "netns", "exec", ns, PYTHON, "-c", script, *args]


class Teacher:
    """A teacher's kernel in its own namespace, stopped (by its PID) when done.

    A thread reads its stdout line by line into a queue, so every wait is bounded.
    """

    def __init__(self, ns: str, mode: str) -> None:
        self.proc = subprocess.Popen(_in_ns(ns, TEACHER, mode), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._queue: queue.SimpleQueue[str] = queue.SimpleQueue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line)
        self._queue.put("")  # end of output

    def _next_json(self) -> dict:
        while True:
            try:
                line = self._queue.get(timeout=STEP_TIMEOUT)
            except queue.Empty:
                raise AssertionError(f"teacher printed nothing for {STEP_TIMEOUT} s") from None
            if not line:
                raise AssertionError(f"teacher exited: {self.proc.stderr.read()}")
            self.lines.append(line)
            if line.startswith("{"):
                return json.loads(line)

    def start(self) -> dict:
        return self._next_json()

    def finish(self) -> dict:
        assert self.proc.stdin is not None
        self.proc.stdin.write("stop\n")
        self.proc.stdin.flush()
        return self._next_json()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(5)


def _student(ns: str, host: str, port: int) -> str:
    done = subprocess.run(_in_ns(ns, STUDENT, host, str(port)), capture_output=True,
                          text=True, timeout=STEP_TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.netns
def test_students_in_another_namespace_reach_the_class_server(veth_pair):
    teacher = Teacher(veth_pair.teacher_ns, "class")
    try:
        info = teacher.start()
        port = info["port"]
        banner = "".join(teacher.lines)
        assert "RemoteExposureWarning" in info["warnings"]
        assert "other computers on your network" in banner and "ファイアウォール" in banner
        # psutil, run inside the teacher's namespace, found the veth address.
        line = f'labkit.lab_panel(host="{veth_pair.teacher_ip}", port={port}, allow_remote=True)'
        assert line in banner

        first = _student(veth_pair.student_ns, veth_pair.teacher_ip, port)
        second = _student(veth_pair.student_ns, veth_pair.teacher_ip, port)
        assert "received: Server accessed.(1)" in first
        assert "received: Server accessed.(2)" in second

        result = teacher.finish()
        assert result["count"] == 2
        assert result["peers"] == [veth_pair.student_ip] * 2  # they came over the veth
    finally:
        teacher.kill()


@pytest.mark.netns
def test_the_default_loopback_server_is_out_of_the_students_reach(veth_pair):
    teacher = Teacher(veth_pair.teacher_ns, "lab")
    try:
        info = teacher.start()
        assert info["warnings"] == []
        reply = _student(veth_pair.student_ns, veth_pair.teacher_ip, info["port"])
        assert "Server accessed" not in reply
        assert "Ask your teacher" in reply  # refused: the student is told whom to ask
        assert teacher.finish()["count"] == 0
    finally:
        teacher.kill()
