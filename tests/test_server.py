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
    thread = srv._loop.thread
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
    thread, address = srv._loop.thread, srv.address
    assert srv.start() is srv and srv._loop.thread is thread and srv.address == address
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


# ----------------------------------------------------------- issue 9: lifecycle under faults
def _labkit_threads():
    return [t for t in threading.enumerate() if t.name.startswith("labkit")]


def _wait(condition, limit=HANG):
    deadline = time.monotonic() + limit
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def _errors_per_second(srv, seconds=0.5):
    before = len([e for e in srv.events if e.kind == "error"])
    time.sleep(seconds)
    return len([e for e in srv.events if e.kind == "error"]) - before


def test_restart_after_a_stuck_handler_runs_one_loop_and_logs_no_error_storm():
    release = threading.Event()

    def stuck(client, addr):
        release.wait(HANG)  # ignores its closed socket

    srv = labkit.LabServer(port=0, handler=stuck).start()
    client = socket.create_connection(srv.address)
    try:
        assert _wait(lambda: srv.count == 1)
        srv.stop(timeout=0.1)  # returns while the handler is still stuck
        srv.start()
        release.set()  # the old loop finishes its handler: it must end, not accept again
        assert _wait(lambda: len([t for t in _labkit_threads()
                                  if t.name.startswith("labkit-server")]) == 1)
        assert _errors_per_second(srv) == 0
        assert labkit.fetch(*srv.address, timeout=HANG) == ""  # served by the new loop
        assert srv.count == 2
    finally:
        client.close()
        srv.stop()
    assert _wait(lambda: not _labkit_threads())
    assert not [e for e in srv.events if e.kind == "error"]


def test_a_handler_that_stops_its_own_concurrent_server_leaves_no_thread():
    holder = {}

    def stop_me(client, addr):
        holder["server"].stop()

    srv = labkit.LabServer(port=0, handler=stop_me, concurrent=True, workers=3)
    holder["server"] = srv.start()
    labkit.fetch(*srv.address, timeout=HANG)
    assert _wait(lambda: not srv.running)
    assert _wait(lambda: not _labkit_threads()), _labkit_threads()


def test_an_adopted_socket_that_is_not_listening_is_listened_on():
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    raw.bind(("127.0.0.1", 0))  # bound, but listen() was never called
    srv = labkit.LabServer(sock=raw).start()
    try:
        assert labkit.fetch(*srv.address, timeout=HANG) == "Server accessed.(1)"
        assert _errors_per_second(srv) == 0
    finally:
        srv.stop()


def test_a_loop_whose_listener_stops_listening_never_repeats_an_error():
    srv = labkit.LabServer(port=0).start()
    try:
        # A fault: the listening socket stops listening behind the server's back
        # (accept() then fails at once, every time, on Linux).
        srv._loop.listener.shutdown(socket.SHUT_RDWR)
        time.sleep(0.1)
        assert _errors_per_second(srv, 1.0) <= 1
    finally:
        srv.stop()
    assert _wait(lambda: not _labkit_threads())


def test_no_thread_left_after_stop_with_a_handler_blocked_in_recv():
    def wait_for_data(client, addr):
        client.recv(10)

    srv = labkit.LabServer(port=0, handler=wait_for_data, client_timeout=None,
                           concurrent=True, workers=2).start()
    silent = socket.create_connection(srv.address)
    try:
        assert _wait(lambda: srv.count == 1)
        srv.stop()
    finally:
        silent.close()
    assert _wait(lambda: not _labkit_threads())


def test_an_uncalled_handler_factory_is_refused_with_a_sentence():
    with pytest.raises(TypeError, match=r"echo_handler\(\)"):
        labkit.LabServer(port=0, handler=labkit.echo_handler)
    labkit.set_language("ja")
    with pytest.raises(TypeError, match=r"slow_handler\(\) のことですか"):
        labkit.LabServer(port=0, handler=labkit.slow_handler)


def test_a_handler_with_the_wrong_arguments_is_refused():
    def no_args():
        pass

    with pytest.raises(TypeError, match="client, addr"):
        labkit.LabServer(port=0, handler=no_args)


def test_clients_in_flight_at_stop_get_a_reply_or_a_sentence():
    def slowish(client, addr):
        time.sleep(0.05)
        client.sendall(b"done")

    srv = labkit.LabServer(port=0, handler=slowish, concurrent=True, workers=4).start()
    outcomes = []

    def one():
        try:
            outcomes.append(labkit.fetch(*srv.address, send="x", timeout=HANG))
        except (ConnectionError, OSError) as exc:
            outcomes.append(exc)

    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(one) for _ in range(16)]
        time.sleep(0.05)
        srv.stop()
        for f in futures:
            f.result(timeout=HANG * 3)
    for outcome in outcomes:
        if isinstance(outcome, Exception):
            assert "stopped" in str(outcome) or "refused" in str(outcome).lower(), outcome
            assert str(srv.address[1]) in str(outcome)
        else:
            assert outcome == "done"
    assert "done" in outcomes  # handlers in flight were let finish
