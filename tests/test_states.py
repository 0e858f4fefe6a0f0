"""socket_states: the learner's own sockets, step by step, in a stable order."""

from __future__ import annotations

import socket
import time

import pytest

import labkit


def _wait_for(port: int, status: str, tries: int = 50) -> labkit.SocketStates:
    """The OS moves sockets along asynchronously: look again, a bounded number of times."""
    states = labkit.socket_states(port)
    for _ in range(tries):
        if status in states.statuses:
            return states
        time.sleep(0.01)
        states = labkit.socket_states(port)
    return states


def _fresh_listener() -> tuple[socket.socket, int]:
    """A listener on a port that no other socket uses.  Port 0 may hand out a number
    an earlier test's connection still holds in TIME_WAIT (60 s on Linux), which
    socket_states(port) rightly lists: try another port, a bounded number of times."""
    for _ in range(20):
        listener = socket.create_server(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        if labkit.socket_states(port).statuses == ["LISTEN"]:
            return listener, port
        listener.close()
    raise AssertionError("20 ports in a row still had sockets from earlier connections")


def test_every_state_of_one_connection():
    listener, port = _fresh_listener()  # shows LISTEN and nothing else
    try:
        client = socket.create_connection(("127.0.0.1", port))
        states = _wait_for(port, "ESTABLISHED")
        assert [(r.role, r.status) for r in states] == [
            ("server", "LISTEN"), ("server", "ESTABLISHED"), ("client", "ESTABLISHED")]
        assert states.rows[1].pid is None  # not accepted yet: in the OS's accept queue
        conn, _ = listener.accept()
        assert all(r.pid is not None for r in labkit.socket_states(port))
        conn.close()  # the server closes first
        states = _wait_for(port, "CLOSE_WAIT")
        assert ("client", "CLOSE_WAIT") in [(r.role, r.status) for r in states]
        client.close()
        states = _wait_for(port, "TIME_WAIT")
        assert ("server", "TIME_WAIT") in [(r.role, r.status) for r in states]
        assert "OS only" in str(states)
    finally:
        listener.close()


def test_table_text_and_language():
    listener, port = _fresh_listener()
    with listener:
        lines = str(labkit.socket_states(port)).splitlines()
        assert lines[0].split() == ["role", "state", "owner", "local", "->", "remote"]
        assert lines[1].split() == ["server", "LISTEN", "this", "kernel",
                                    f"127.0.0.1:{port}", "->", "*"]
        labkit.set_language("ja")
        assert "サーバ" in str(labkit.socket_states(port))


def test_no_socket_on_a_port():
    listener, port = _fresh_listener()  # a port no earlier connection left in TIME_WAIT
    listener.close()  # a listener that never accepted leaves nothing behind
    states = labkit.socket_states(port)
    assert len(states) == 0
    assert str(states) == f"(no TCP socket on port {port})"


def test_without_a_port_lists_this_process(server):
    port = server.address[1]
    states = labkit.socket_states()
    assert any(r.status == "LISTEN" and r.local[1] == port for r in states)
    assert all(r.pid is not None for r in states)


def test_order_is_stable():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        accepted = [listener.accept()[0] for _ in clients]
        try:
            assert str(labkit.socket_states(port)) == str(labkit.socket_states(port))
        finally:
            for s in clients + accepted:
                s.close()


@pytest.mark.parametrize("port", [0, 70000, "80"])
def test_bad_port(port):
    with pytest.raises((ValueError, TypeError)):
        labkit.socket_states(port)


def test_os_that_hides_other_sockets_says_so(monkeypatch):
    """macOS lets only root list every socket: show ours and say what is missing."""
    import psutil

    def denied(kind="inet"):
        raise psutil.AccessDenied()

    monkeypatch.setattr(psutil, "net_connections", denied)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        states = labkit.socket_states(port)
    assert states.statuses == ["LISTEN"]
    assert states.partial
    assert "only an administrator" in str(states)


def test_psutil_before_6_uses_connections(monkeypatch):
    import psutil

    real = psutil.Process

    class OldProcess:
        """psutil < 6: Process.connections(), no net_connections()."""

        def __init__(self, pid):
            self._proc = real(pid)

        def connections(self, kind="inet"):
            # The installed psutil's own call: net_connections() from 6.0, connections() before.
            real_call = getattr(self._proc, "net_connections", None) or self._proc.connections
            return real_call(kind=kind)

    listener, port = _fresh_listener()
    monkeypatch.setattr(psutil, "Process", OldProcess)
    with listener:
        assert labkit.socket_states(port).statuses == ["LISTEN"]


def test_a_leftover_socket_on_another_loopback_address_is_not_listed():
    """Lesson 08 once showed a stranger's TIME_WAIT row: another program had used the
    same port number on 127.236.43.45.  Leftovers count on 127.0.0.1 (or host=) only."""
    listener = socket.create_server(("127.0.0.2", 0))
    port = listener.getsockname()[1]
    with listener, socket.create_connection(("127.0.0.2", port)) as client:
        conn, _ = listener.accept()
        conn.close()  # the server side closes first: its socket stays in TIME_WAIT
        client.recv(1)
    states = _wait_for(port, "TIME_WAIT")  # bounded: at most 50 looks
    assert "TIME_WAIT" not in states.statuses
    everywhere = labkit.socket_states(port, host=None)
    assert "TIME_WAIT" in everywhere.statuses


def test_quiet_port_skips_a_port_an_earlier_connection_left_in_time_wait(monkeypatch):
    """Port 0 may hand out a port with a stranger's TIME_WAIT row (notebook 08 saw one)."""
    listener, _ = _fresh_listener()
    with listener:
        client = socket.socket()
        client.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # so the test can rebind
        client.connect(listener.getsockname())
        busy = client.getsockname()[1]  # the client's port: TIME_WAIT there, it closes first
        conn, _ = listener.accept()
        client.close()
        conn.close()
    assert "TIME_WAIT" in _wait_for(busy, "TIME_WAIT").statuses
    offered = iter([busy])
    real_socket = socket.socket

    class FirstOffersTheBusyPort(real_socket):  # what the OS did once, on purpose
        def bind(self, address):
            port = next(offered, 0)
            if port:
                self.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            super().bind((address[0], port))

    monkeypatch.setattr(socket, "socket", FirstOffersTheBusyPort)
    port = labkit.quiet_port()
    monkeypatch.undo()
    assert port != busy and labkit.socket_states(port).statuses == []
