"""labkit._events: server events, client steps, and the bounded log that keeps them."""

from __future__ import annotations

import pytest

import labkit
from labkit._events import ClientStep, Event, EventLog, format_peer, preview


def test_fetch_trace_records_client_steps_whose_text_works(server):
    # Before ClientStep existed, the trace held Events and Event.text() raised
    # KeyError: 'socket' on the first step.
    trace = []
    labkit.fetch(*server.address, trace=trace)
    assert [step.kind for step in trace] == ["socket", "connect", "recv", "recv", "close"]
    assert all(isinstance(step, labkit.ClientStep) for step in trace)
    me = format_peer(trace[0].peer)
    assert [step.text() for step in trace] == [
        f"client {me}: socket()",
        f"client {me}: connect()",
        f"client {me}: received 'Server accessed.(1)'",
        f"client {me}: recv() returned b'': the server closed the connection",
        f"client {me}: close()",
    ]
    assert trace[2].text("ja") == f"クライアント {me}: 受信: 'Server accessed.(1)'"


def test_client_steps_of_a_message_sent_and_half_closed():
    trace = []
    with labkit.LabServer(port=0, handler=labkit.echo_handler()) as echo:
        assert labkit.fetch(*echo.address, send="hello", trace=trace) == "hello"
    kinds = [step.kind for step in trace]
    assert kinds == ["socket", "connect", "send", "shutdown", "recv", "recv", "close"]
    me = format_peer(trace[0].peer)
    assert trace[2].text() == f"client {me}: sent 'hello'"
    assert trace[3].text() == f"client {me}: shutdown(SHUT_WR)"
    # The server saw the same client: its accept event names the trace's address.
    accept = next(e for e in echo.events if e.kind == "accept")
    assert tuple(accept.peer) == tuple(trace[0].peer)


def test_a_refused_fetch_still_leaves_readable_steps():
    with labkit.LabServer(port=0) as srv:
        address = srv.address
    trace = []
    with pytest.raises(ConnectionRefusedError):
        labkit.fetch(*address, timeout=1, trace=trace)
    assert [step.kind for step in trace] == ["socket", "connect"]
    assert trace[1].text() == "client ?: connect()"  # never connected: no address of its own


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_server_event_kind_has_a_log_line(lang):
    peer = ("127.0.0.1", 50000)
    for kind in ("listen", "accept", "recv", "send", "print", "close", "error", "stop"):
        line = Event(1, 0.0, kind, 1, peer, "3" if kind == "stop" else "x").text(lang)
        assert line and "{" not in line


def test_server_and_client_share_one_sequence(server):
    trace = []
    labkit.fetch(*server.address, trace=trace)
    seqs = [e.seq for e in server.events] + [s.seq for s in trace]
    assert len(set(seqs)) == len(seqs)


def test_every_record_has_one_shape():
    def chatty(client, addr):
        print("hello")
        client.sendall(client.recv(10))

    with labkit.LabServer(port=0) as plain, labkit.LabServer(port=0, handler=chatty) as custom:
        labkit.fetch(*plain.address)
        labkit.fetch(*custom.address, send="x")
    for events in (plain.events, custom.events):
        assert {type(e) for e in events} == {Event}
        assert {len(e) for e in events} == {6}
    assert [e.kind for e in custom.events] == [
        "listen", "accept", "print", "recv", "send", "close", "stop"]


def test_the_log_keeps_the_newest_and_counts_the_dropped():
    log = EventLog(maxlen=3)
    for n in range(1, 6):
        log.record("accept", n, ("127.0.0.1", 1))
    assert [e.access for e in log.events] == [3, 4, 5]
    assert log.dropped == 2


def test_subscribers_see_each_event_and_a_broken_one_changes_nothing():
    log = EventLog()
    seen = []

    def broken(event):
        raise RuntimeError("a broken log view")

    log.subscribe(broken)
    unsubscribe = log.subscribe(seen.append)
    log.record("listen", None, ("127.0.0.1", 1))
    unsubscribe()
    log.record("stop", None, ("127.0.0.1", 1), "0")
    assert [e.kind for e in seen] == ["listen"]
    assert [e.kind for e in log.events] == ["listen", "stop"]


def test_events_are_immutable():
    event = Event(1, 0.0, "accept", 1, ("127.0.0.1", 1))
    with pytest.raises(AttributeError):
        event.kind = "close"  # type: ignore[misc]
    step = ClientStep(2, 0.0, "connect")
    with pytest.raises(AttributeError):
        step.kind = "close"  # type: ignore[misc]


def test_preview_cuts_long_data_and_replaces_bad_bytes():
    assert preview(b"x" * 81) == "x" * 80 + "..."
    assert preview(b"x" * 80) == "x" * 80
    assert preview(b"\xff") == "\ufffd"


def test_format_peer():
    assert format_peer(("127.0.0.1", 5)) == "127.0.0.1:5"
    assert format_peer(("::1", 5, 0, 0)) == "[::1]:5"
    assert format_peer(None) == "?"
