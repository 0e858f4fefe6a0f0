"""labkit._ports: the reuse rule of each OS, a free port, the in-use error, the listen queue."""

from __future__ import annotations

import errno
import socket

import pytest

import labkit
from labkit import _ports


def _listening(backlog: int = 8) -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(backlog)
    return sock


def test_reuse_address_posix_uses_so_reuseaddr(monkeypatch):
    calls = []

    class FakeSocket:
        def setsockopt(self, *args):
            calls.append(args)

    monkeypatch.setattr(_ports, "_WINDOWS", False)
    labkit.reuse_address(FakeSocket())
    assert calls == [(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)]


def test_reuse_address_windows_is_exclusive_never_reuseaddr(monkeypatch):
    calls = []

    class FakeSocket:
        def setsockopt(self, *args):
            calls.append(args)

    monkeypatch.setattr(_ports, "_WINDOWS", True)
    monkeypatch.setattr(socket, "SO_EXCLUSIVEADDRUSE", -5, raising=False)
    labkit.reuse_address(FakeSocket())
    assert calls == [(socket.SOL_SOCKET, -5, 1)]
    assert all(call[1] != socket.SO_REUSEADDR for call in calls)


def test_open_listener_binds_and_listens():
    with _ports.open_listener("127.0.0.1", 0, 5) as sock:
        with socket.create_connection(sock.getsockname(), timeout=2):
            conn, _ = sock.accept()
            conn.close()


def test_a_port_held_by_another_program_names_a_free_one():
    with _listening() as other:
        port = other.getsockname()[1]
        with pytest.raises(labkit.PortInUseError) as info:
            _ports.open_listener("127.0.0.1", port, 5)
    assert info.value.errno == errno.EADDRINUSE
    assert f"Port {port} on 127.0.0.1" in str(info.value)
    assert f"LabServer(port={info.value.free_port})" in str(info.value)


def test_another_refusal_names_the_address():
    # 192.0.2.1 (TEST-NET-1, RFC 5737) is never an address of this computer.
    with pytest.raises(OSError, match=r"Cannot open a server on 192\.0\.2\.1:0"):
        _ports.open_listener("192.0.2.1", 0, 5)


def test_free_port_is_in_the_dynamic_range_and_bindable():
    port = _ports.free_port("127.0.0.1", socket.AF_INET)
    assert 1024 <= port <= 65535
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))


def test_connect_nowait_reaches_the_listen_queue():
    with _listening() as listener:
        waker = _ports.connect_nowait(listener)
        assert waker is not None
        try:
            listener.settimeout(2)
            conn, addr = listener.accept()
            conn.close()
            assert addr == waker.getsockname()
        finally:
            waker.close()


def test_close_with_reset_resets_the_peer():
    with _listening() as listener, socket.create_connection(listener.getsockname(),
                                                            timeout=2) as client:
        conn, _ = listener.accept()
        _ports.close_with_reset(conn)
        with pytest.raises(ConnectionResetError):
            client.recv(10)


def test_reset_queued_until_stops_at_the_given_peer():
    with _listening() as listener:
        clients = [socket.create_connection(listener.getsockname(), timeout=2)
                   for _ in range(3)]
        try:
            _ports.reset_queued_until(listener, clients[1].getsockname())
            assert listener.gettimeout() is None  # blocking again, as the loop needs
            listener.settimeout(2)
            conn, addr = listener.accept()  # the third is still queued
            conn.close()
            assert addr == clients[2].getsockname()
            with pytest.raises(ConnectionResetError):
                clients[0].recv(10)
        finally:
            for client in clients:
                client.close()


def test_reset_queued_until_gives_up_after_its_wait():
    with _listening() as listener:
        _ports.reset_queued_until(listener, ("127.0.0.1", 1), wait=0.05)
        assert listener.gettimeout() is None
