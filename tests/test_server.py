"""LabServer: lifecycle, re-run safety, port conflicts, counting, handlers, events."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import labkit
from labkit import _events

# stop() must not wait for a client that never comes; this bound only catches a
# stop() that hangs in accept() (timing itself is measured in bench/).
HANG = 2.0


def _numbers(replies):
    return sorted(int(r.removeprefix("Server accessed.(").removesuffix(")")) for r in replies)


def test_three_fetches_count_1_2_3():
    with labkit.LabServer(port=0) as srv:
        replies = [labkit.fetch(*srv.address) for _ in range(3)]
    assert replies == ["Server accessed.(1)", "Server accessed.(2)", "Server accessed.(3)"]
    assert srv.count == 3


def test_address_is_the_real_bound_port():
    with labkit.LabServer(port=0) as srv:
        host, port = srv.address
        assert host == "127.0.0.1" and port != 0


def test_stop_is_idempotent_frees_the_port_and_ends_the_thread():
    srv = labkit.LabServer(port=0).start()
    thread = srv._thread
    started = time.monotonic()
    srv.stop()
    srv.stop()
    assert time.monotonic() - started < HANG
    assert not thread.is_alive()
    assert not srv.running
    with pytest.raises(ConnectionRefusedError):
        labkit.fetch(*srv.address, timeout=1)


def test_stop_returns_while_a_handler_waits_on_a_silent_client():
    def wait_for_data(client, addr):
        client.recv(10)

    srv = labkit.LabServer(port=0, handler=wait_for_data, client_timeout=None).start()
    silent = socket.create_connection(srv.address)
    try:
        deadline = time.monotonic() + HANG
        while srv.count == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        started = time.monotonic()
        srv.stop()
        assert time.monotonic() - started < HANG
        assert not srv.running
    finally:
        silent.close()


def test_restart_on_the_same_port_right_after_clients_connected():
    first = labkit.LabServer(port=0).start()
    port = first.address[1]
    for _ in range(5):  # the server closes first: its side goes to TIME_WAIT
        labkit.fetch(*first.address)
    first.stop()
    with labkit.LabServer(port=port) as second:
        assert labkit.fetch(*second.address) == "Server accessed.(1)"


def test_restart_the_same_object():
    srv = labkit.LabServer(port=0).start()
    labkit.fetch(*srv.address)
    srv.stop()
    srv.start()
    try:
        assert labkit.fetch(*srv.address) == "Server accessed.(2)"
    finally:
        srv.stop()


def test_rerunning_a_start_cell_stops_the_earlier_server(capsys):
    old = labkit.LabServer(port=0).start()
    port = old.address[1]
    new = labkit.LabServer(port=port).start()
    try:
        assert not old.running and new.running
        assert "Stopped the earlier labkit server" in capsys.readouterr().out
        assert labkit.running_servers() == [new]
        assert labkit.fetch(*new.address) == "Server accessed.(1)"
    finally:
        new.stop()


def test_port_held_by_another_program_names_port_cause_and_a_free_port():
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        with pytest.raises(labkit.PortInUseError) as info:
            labkit.LabServer(port=port).start()
    message = str(info.value)
    assert str(port) in message and "another program" in message
    free = info.value.free_port
    assert f"port={free}" in message
    with labkit.LabServer(port=free) as srv:  # the suggestion really is free
        assert srv.address[1] == free


def test_port_in_use_message_in_japanese():
    labkit.set_language("ja")
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        with pytest.raises(labkit.PortInUseError, match="別のプログラムが使用中"):
            labkit.LabServer(port=other.getsockname()[1]).start()


def test_200_concurrent_clients_get_1_to_200_each_once():
    with labkit.LabServer(port=0) as srv, ThreadPoolExecutor(max_workers=200) as pool:
        replies = list(pool.map(lambda _: labkit.fetch(*srv.address, timeout=10), range(200)))
    assert _numbers(replies) == list(range(1, 201))


def test_default_backlog_is_large():
    assert labkit.DEFAULT_BACKLOG >= 200


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"port": 70000}, ValueError, "port=70000 is out of range: allowed 0 to 65535"),
        ({"port": -1}, ValueError, "port=-1"),
        ({"port": "abc"}, TypeError, "port must be int, not 'abc'"),
        ({"port": True}, TypeError, "port must be int"),
        ({"host": "nope"}, ValueError, "host='nope' is not an IP address"),
        ({"host": 127}, TypeError, "host must be str"),
        ({"backlog": -1}, ValueError, "backlog=-1 is out of range"),
        ({"backlog": 1.5}, TypeError, "backlog must be int"),
        ({"client_timeout": 0}, ValueError, "timeout=0"),
        ({"handler": "echo"}, TypeError, "handler must be"),
    ],
)
def test_bad_input_names_value_and_range(kwargs, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        labkit.LabServer(**kwargs)


def test_bad_input_in_japanese():
    labkit.set_language("ja")
    with pytest.raises(ValueError, match="範囲外です"):
        labkit.LabServer(port=70000)


def test_non_loopback_needs_opt_in_and_warns():
    with pytest.raises(labkit.NotLoopbackError, match="allow_remote=True"):
        labkit.LabServer(host="0.0.0.0")
    with pytest.warns(labkit.RemoteExposureWarning, match="firewall"):
        srv = labkit.LabServer(host="0.0.0.0", allow_remote=True)  # never started here
    assert not srv.running


def test_loopback_range_and_localhost_are_allowed():
    for host in ("127.0.0.2", "localhost"):
        with labkit.LabServer(host=host, port=0) as srv:
            assert labkit.fetch(*srv.address) == "Server accessed.(1)"


def test_ipv6_loopback():
    if not socket.has_ipv6:
        pytest.skip("this Python has no IPv6 support")
    try:
        srv = labkit.LabServer(host="::1", port=0).start()
    except OSError as exc:  # e.g. a container with IPv6 disabled
        pytest.skip(f"::1 cannot be bound here: {exc}")
    with srv:
        assert labkit.fetch(*srv.address) == "Server accessed.(1)"


def test_events_of_one_default_access_in_order(server):
    labkit.fetch(*server.address)
    kinds = [e.kind for e in server.events]
    assert kinds == ["listen", "accept", "send", "close"]
    assert server.events[1].access == 1 and server.events[1].peer[0] == "127.0.0.1"
    assert server.events[2].data == "Server accessed.(1)"


def test_handler_prints_go_to_the_log_not_to_stdout(capsys):
    def chatty(client, addr):
        print("hello from the handler")
        client.sendall(b"hi")

    with labkit.LabServer(port=0, handler=chatty) as srv:
        assert labkit.fetch(*srv.address) == "hi"
        assert capsys.readouterr().out == ""
        assert "[1] hello from the handler" in srv.log_lines("print")


def test_print_log_shows_only_new_lines(server, capsys):
    labkit.fetch(*server.address)
    server.print_log()
    first = capsys.readouterr().out
    assert "[1] sent 'Server accessed.(1)'" in first
    server.print_log()
    assert capsys.readouterr().out.strip() == "(no new server log lines)"


def test_a_raising_handler_is_logged_and_the_server_keeps_serving():
    calls = []

    def flaky(client, addr):
        calls.append(addr)
        if len(calls) == 1:
            raise RuntimeError("boom")
        client.sendall(b"ok")

    with labkit.LabServer(port=0, handler=flaky) as srv:
        assert labkit.fetch(*srv.address) == ""  # closed without a reply
        assert labkit.fetch(*srv.address) == "ok"
        errors = [e for e in srv.events if e.kind == "error"]
    assert len(errors) == 1 and "RuntimeError: boom" in errors[0].data
    assert errors[0].peer == calls[0]
    assert "127.0.0.1" in errors[0].text()


def test_custom_handler_sees_the_article_arguments():
    seen = []

    def article_body(client, addr):
        seen.append((repr(client), addr))
        client.sendall(b"x")
        client.close()

    with labkit.LabServer(port=0, handler=article_body) as srv:
        labkit.fetch(*srv.address)
    socket_repr, addr = seen[0]
    assert socket_repr.startswith("<socket.socket") and isinstance(addr, tuple)
    assert [e.kind for e in srv.events].count("close") == 1


def test_serves_an_existing_listening_socket_like_the_article():
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    labkit.reuse_address(raw)
    raw.bind(("127.0.0.1", 0))
    raw.listen(2)
    srv = labkit.LabServer(sock=raw).start()
    try:
        assert srv.address == raw.getsockname()
        assert labkit.fetch(*srv.address) == "Server accessed.(1)"
    finally:
        srv.stop()
    assert raw.fileno() == -1  # the server closed the adopted socket


def test_concurrent_mode_a_slow_client_does_not_hold_up_the_others():
    release = threading.Event()

    def maybe_slow(client, addr):
        data = client.recv(100)
        if data == b"slow":
            release.wait(5)
        client.sendall(data.upper())

    with labkit.LabServer(port=0, handler=maybe_slow, concurrent=True, workers=4) as srv:
        with ThreadPoolExecutor(1) as pool:
            slow = pool.submit(labkit.fetch, *srv.address, send="slow")
            assert labkit.fetch(*srv.address, send="fast", timeout=3) == "FAST"
            release.set()
            assert slow.result(timeout=5) == "SLOW"


def test_events_are_bounded(monkeypatch):
    monkeypatch.setattr(_events, "EVENTS_MAX", 10)
    with labkit.LabServer(port=0) as srv:
        for _ in range(5):
            labkit.fetch(*srv.address)
        assert len(srv.events) == 10
        assert srv.events_dropped == 1 + 5 * 3 - 10
        assert srv.count == 5


def test_repr_says_running_or_stopped():
    srv = labkit.LabServer(port=0)
    assert "stopped" in repr(srv)
    with srv:
        assert "running on 127.0.0.1" in repr(srv)


def test_no_thread_left_after_many_cycles():
    before = threading.active_count()
    for _ in range(50):
        with labkit.LabServer(port=0) as srv:
            labkit.fetch(*srv.address)
    assert threading.active_count() == before


def test_rerunning_the_adopting_cell_hands_the_socket_over(capsys):
    raw = socket.socket()
    labkit.reuse_address(raw)
    raw.bind(("127.0.0.1", 0))
    raw.listen(2)
    first = labkit.LabServer(sock=raw).start()
    second = labkit.LabServer(sock=raw).start()  # the 01 loop cell, run again
    try:
        assert not first.running and second.running
        assert labkit.running_servers() == [second]
        assert raw.fileno() != -1  # handed over, not closed
        assert labkit.fetch(*second.address) == "Server accessed.(1)"
        assert "Stopped the earlier labkit server" in capsys.readouterr().out
    finally:
        second.stop()


def test_stop_leaves_no_wake_up_access_behind():
    srv = labkit.LabServer(port=0).start()
    port = srv.address[1]
    srv.stop()
    with labkit.LabServer(port=port) as again:  # the wake-up connection was not queued
        assert labkit.fetch(*again.address) == "Server accessed.(1)"
        assert again.count == 1


def test_start_twice_and_stop_twice_are_harmless():
    srv = labkit.LabServer(port=0)
    assert srv.start() is srv
    thread, address = srv._thread, srv.address
    assert srv.start() is srv and srv._thread is thread and srv.address == address
    srv.stop()
    srv.stop()
    assert [e.kind for e in srv.events] == ["listen", "stop"]


def test_detach_hands_back_the_socket_still_listening():
    raw = socket.socket()
    labkit.reuse_address(raw)
    raw.bind(("127.0.0.1", 0))
    raw.listen(8)
    first = labkit.LabServer(sock=raw).start()
    assert labkit.fetch(*first.address) == "Server accessed.(1)"
    handed = first.detach()
    assert handed is raw and raw.fileno() != -1 and not first.running
    assert labkit.running_servers() == []
    assert first.detach() is None  # not running: nothing to hand back
    waiting = socket.create_connection(raw.getsockname(), timeout=2)  # queued meanwhile
    try:
        with labkit.LabServer(sock=raw) as second:
            assert waiting.recv(100) == b"Server accessed.(1)"  # no phantom access before it
            assert labkit.fetch(*second.address) == "Server accessed.(2)"
    finally:
        waiting.close()
    assert raw.fileno() == -1  # stop() (not detach) closes it


def test_concurrent_mode_sends_the_default_reply_too():
    with labkit.LabServer(port=0, concurrent=True, workers=2) as srv:
        replies = [labkit.fetch(*srv.address) for _ in range(3)]
    assert replies == [f"Server accessed.({n})" for n in (1, 2, 3)]
    assert [e.kind for e in srv.events] == ["listen"] + ["accept", "send", "close"] * 3 + ["stop"]


def test_stop_from_inside_a_handler_returns():
    holder = {}

    def stop_me(client, addr):
        holder["server"].stop()

    srv = labkit.LabServer(port=0, handler=stop_me)
    holder["server"] = srv.start()
    labkit.fetch(*srv.address, timeout=HANG)
    deadline = time.monotonic() + HANG
    while srv.running and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not srv.running
