"""Hostile clients: silent, resetting, oversized, half-open, raising, racing.

A class of 40 students, a learner's broken client or a notebook re-run a hundred
times must never hang the kit, lose an access or leak a thread.  Every test is
on loopback, and every loop is bounded in count and in time (socket timeouts,
join timeouts): a regression fails a test, it never hangs the suite.
"""

from __future__ import annotations

import os
import random
import socket
import struct
import threading
import time
import tracemalloc

import psutil
import pytest

import labkit
from labkit import LabServer, PortInUseError, echo_handler, fetch, fetch_bytes


def _connect(address: tuple[str, int], timeout: float = 5.0) -> socket.socket:
    return socket.create_connection(address, timeout=timeout)


def _reset(sock: socket.socket) -> None:
    """Close with SO_LINGER 0: the OS sends a reset (RST) instead of a FIN."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _wait_until(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def _tcp_sockets() -> list:
    """This process's TCP sockets (psutil < 6 calls it ``connections``)."""
    process = psutil.Process()
    return getattr(process, "net_connections", process.connections)("tcp")


def _server_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("labkit-server")]


# ----------------------------------------------------------- silent clients
def test_a_silent_client_does_not_hold_up_the_default_reply(server):
    # The article's server speaks first: a client that never sends or reads is
    # served (its reply waits in its buffer) and the next clients are served too.
    with _connect(server.address):
        assert [fetch(*server.address) for _ in range(3)] == [
            "Server accessed.(2)", "Server accessed.(3)", "Server accessed.(4)"]


def test_a_silent_client_does_not_hold_up_a_concurrent_echo_server():
    with LabServer(port=0, handler=echo_handler(), concurrent=True, workers=4) as srv:
        with _connect(srv.address) as silent:
            for i in range(20):
                assert fetch(*srv.address, send=f"msg {i}", timeout=5) == f"msg {i}"
            silent.settimeout(0.2)
            with pytest.raises(socket.timeout):  # still connected, still not answered
                silent.recv(1)


def test_a_silent_client_is_dropped_after_client_timeout_and_logged():
    # One client at a time (the article's shape): the silent client holds the
    # server only for client_timeout, then the others are served.
    with LabServer(port=0, handler=echo_handler(), client_timeout=0.3) as srv:
        with _connect(srv.address):
            assert _wait_until(lambda: any(e.kind == "accept" for e in srv.events))
            assert fetch(*srv.address, send="after", timeout=5) == "after"
            errors = srv.log_lines("error")
    assert len(errors) == 1 and "timed out" in errors[0] and "127.0.0.1" in errors[0]


# ------------------------------------------------------------- resets (RST)
def test_a_client_resetting_mid_reply_is_logged_and_the_server_keeps_serving():
    big = b"x" * (8 * 1024 * 1024)  # far more than the socket buffers hold

    def flood(client, addr):
        if client.recv(1) == b"b":
            client.sendall(big)
        else:
            client.sendall(b"small")

    with LabServer(port=0, handler=flood) as srv:
        sock = _connect(srv.address)
        address = sock.getsockname()
        sock.sendall(b"b")
        assert sock.recv(65536)  # the reply has started...
        _reset(sock)  # ...and the client resets in the middle of it
        assert _wait_until(lambda: any(e.kind == "error" for e in srv.events))
        assert fetch(*srv.address, send="s") == "small"
        error = next(e for e in srv.events if e.kind == "error")
        assert srv.count == 2
    assert error.peer == address
    # ConnectionResetError, BrokenPipeError (EPIPE), or ConnectionAbortedError on Windows
    assert any(word in error.data for word in ("Reset", "Broken", "Aborted")), error.data


def test_clients_resetting_before_the_reply_never_stop_the_default_server(server):
    for _ in range(50):
        _reset(_connect(server.address))
    reply = fetch(*server.address)
    # Every accepted connection counts, reset or not: the count stays consistent.
    assert reply == f"Server accessed.({server.count})"
    assert server.running and len(_server_threads()) == 1


# ------------------------------------------------------ garbage and 10 MB
def test_garbage_bytes_are_echoed_back_exactly():
    garbage = bytes(range(256)) + b"\x00\xff\xfe\xc3\x28" + os.urandom(4000)
    with LabServer(port=0, handler=echo_handler()) as srv:
        assert fetch_bytes(*srv.address, send=garbage) == garbage
        with pytest.raises(UnicodeDecodeError):  # fetch() decodes: bytes stay bytes
            fetch(*srv.address, send=b"\xc3\x28")


def _send_while_reading(address, payload: bytes, timeout: float = 10.0) -> bytes:
    """Send ``payload`` from one thread while this one reads the reply, as a careful
    client does: a server that answers early is heard even if it resets later."""
    sock = _connect(address, timeout)

    def send() -> None:
        try:
            sock.sendall(memoryview(payload))  # no copy of the 10 MB
            sock.shutdown(socket.SHUT_WR)
        except OSError:  # the server refused and closed: expected
            pass

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    chunks = []
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    finally:
        sender.join(timeout)
        sock.close()
    assert not sender.is_alive()
    return b"".join(chunks)


def test_ten_megabytes_are_refused_with_a_reason_and_memory_stays_bounded():
    payload = os.urandom(10 * 1024 * 1024)
    with LabServer(port=0, handler=echo_handler()) as srv:
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            reply = _send_while_reading(srv.address, payload)
            peak = tracemalloc.get_traced_memory()[1] - base
        finally:
            tracemalloc.stop()
        assert fetch(*srv.address, send="still here") == "still here"
    assert b"message too long" in reply and b"65536" in reply
    # The server never held the message: well under the 10 MB a naive echo would keep.
    assert peak < 3 * 1024 * 1024, f"peak {peak:,} bytes"


def test_a_message_right_at_the_limit_is_echoed():
    payload = os.urandom(65536)
    with LabServer(port=0, handler=echo_handler()) as srv:
        assert _send_while_reading(srv.address, payload) == payload


# ----------------------------------------------------------- 500 half-open
def test_500_open_connections_do_not_stop_the_server_and_nothing_is_left_after():
    with LabServer(port=0) as srv:
        sockets_before = len(_tcp_sockets())
        threads_before = threading.active_count()
        # 500 clients connect and are answered, but never read nor close: the
        # server's side is closed, theirs stays half-open.
        idle = [_connect(srv.address) for _ in range(500)]
        try:
            assert fetch(*srv.address) == "Server accessed.(501)"
            assert threading.active_count() == threads_before  # no thread per client
        finally:
            for sock in idle:
                sock.close()
        assert fetch(*srv.address) == "Server accessed.(502)"
        assert _wait_until(lambda: len(_tcp_sockets()) <= sockets_before), _tcp_sockets()
        assert srv.count == 502


def test_500_silent_connections_to_a_busy_echo_server_recover_when_they_go():
    with LabServer(port=0, handler=echo_handler(), concurrent=True, workers=4,
                   client_timeout=30) as srv:
        sockets_before = len(_tcp_sockets())
        silent = [_connect(srv.address) for _ in range(500)]
        # Every worker now waits on a silent client; half-close them all and go.
        for sock in silent:
            sock.shutdown(socket.SHUT_WR)
            sock.close()
        assert fetch(*srv.address, send="back", timeout=20) == "back"
        assert _wait_until(lambda: len(_tcp_sockets()) <= sockets_before, 20), _tcp_sockets()
        assert srv.count == 501
        assert srv.running


# --------------------------------------------------------- raising handler
def test_a_raising_handler_logs_the_client_address_and_the_server_keeps_serving():
    def broken(client, addr):
        if client.recv(16) == b"boom":
            raise KeyError("no such student")
        client.sendall(b"fine")

    with LabServer(port=0, handler=broken) as srv:
        for _ in range(5):
            with _connect(srv.address) as sock:
                address = sock.getsockname()
                sock.sendall(b"boom")
                sock.shutdown(socket.SHUT_WR)
                assert sock.recv(16) == b""  # closed without a reply
            assert fetch(*srv.address, send="ok") == "fine"
        errors = [e for e in srv.events if e.kind == "error"]
        lines = srv.log_lines("error")
    assert len(errors) == 5
    assert errors[-1].peer == address  # the client's own (host, port)
    assert all("KeyError" in e.data and "no such student" in e.data for e in errors)
    assert f"127.0.0.1:{address[1]}" in lines[-1]


# ---------------------------------------------------- start/stop races
def _run_to_the_end(threads: list[threading.Thread]) -> None:
    """Start every thread, then wait for each (30 s at most): one still alive is a deadlock."""
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads), "deadlock"


def test_many_threads_starting_and_stopping_one_server_never_deadlock():
    srv = LabServer(port=0)
    barrier = threading.Barrier(12)
    failures: list[BaseException] = []

    def chaos(seed: int) -> None:
        rng = random.Random(seed)
        try:
            barrier.wait(5)
            for _ in range(25):
                if rng.random() < 0.5:
                    srv.start()
                else:
                    srv.stop()
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=chaos, args=(i,), daemon=True) for i in range(12)]
    _run_to_the_end(threads)
    assert failures == []
    assert len(_server_threads()) == (1 if srv.running else 0)
    srv.start()
    try:
        assert len(_server_threads()) == 1
        assert labkit.running_servers() == [srv]
        assert fetch(*srv.address).startswith("Server accessed.(")
    finally:
        srv.stop()
    assert _server_threads() == []


def test_many_servers_racing_for_one_address_leave_at_most_one_running():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    servers = [LabServer(port=port) for _ in range(8)]
    barrier = threading.Barrier(len(servers))
    failures: list[BaseException] = []

    def chaos(srv: LabServer, seed: int) -> None:
        rng = random.Random(seed)
        try:
            barrier.wait(5)
            for _ in range(15):
                if rng.random() < 0.6:
                    try:
                        srv.start()
                    except PortInUseError:  # lost the race to a sibling: allowed
                        pass
                else:
                    srv.stop()
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=chaos, args=(s, i), daemon=True)
               for i, s in enumerate(servers)]
    _run_to_the_end(threads)
    assert failures == []
    running = [s for s in servers if s.running]
    assert len(running) <= 1
    assert len(_server_threads()) == len(running)
    on_port = [s for s in labkit.running_servers() if s.address == ("127.0.0.1", port)]
    assert on_port == running
    if running:
        assert fetch("127.0.0.1", port).startswith("Server accessed.(")
    # Whoever starts last owns the address.
    servers[0].start()
    assert [s for s in servers if s.running] == [servers[0]]
    servers[0].stop()
