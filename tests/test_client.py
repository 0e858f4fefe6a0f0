"""fetch and fetch_bytes: the article's client, reading until the server closes."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from _util import refuse_long

import labkit


def test_fetch_reads_the_default_reply(server):
    assert labkit.fetch(*server.address) == "Server accessed.(1)"


def test_fetch_reads_until_close_not_one_recv():
    # A reply in many small pieces: one recv(4096) would return only the first.
    pieces = [b"part-%d;" % i for i in range(50)]

    def trickle(client, addr):
        for piece in pieces:
            client.sendall(piece)

    with labkit.LabServer(port=0, handler=trickle) as srv:
        assert labkit.fetch(*srv.address, bufsize=7) == b"".join(pieces).decode()


def test_send_then_half_close_lets_the_server_read_to_eof():
    def echo_to_eof(client, addr):
        chunks = []
        while chunk := client.recv(1024):
            chunks.append(chunk)
        client.sendall(b"".join(chunks))

    with labkit.LabServer(port=0, handler=echo_to_eof) as srv:
        assert labkit.fetch_bytes(*srv.address, send="こんにちは") == "こんにちは".encode()


def test_refused_names_address_and_cure():
    with socket.socket() as probe:  # a port nobody listens on: bound, never listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        with pytest.raises(ConnectionRefusedError) as info:
            labkit.fetch("127.0.0.1", port)
    message = str(info.value)
    assert f"127.0.0.1:{port}" in message and "Start" in message


def test_refused_in_japanese():
    labkit.set_language("ja")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        with pytest.raises(ConnectionRefusedError, match="サーバがありません"):
            labkit.fetch(*probe.getsockname())


def test_timeout_when_the_server_never_answers():
    release = threading.Event()

    def silent(client, addr):
        release.wait(5)

    with labkit.LabServer(port=0, handler=silent) as srv:
        with pytest.raises(TimeoutError, match="within 0.2 s"):
            labkit.fetch(*srv.address, timeout=0.2)
        release.set()


def test_reply_longer_than_max_bytes_is_refused():
    def flood(client, addr):
        client.sendall(b"x" * 10_000)

    with labkit.LabServer(port=0, handler=flood) as srv:
        # The same error as recv_all's: a MessageTooLongError (a ValueError) with a cure.
        with pytest.raises(labkit.MessageTooLongError, match="max_bytes=100.*Cure"):
            labkit.fetch(*srv.address, max_bytes=100)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"port": 0}, ValueError, "allowed 1 to 65535"),
        ({"port": "49152"}, TypeError, "port must be int"),
        ({"bufsize": 0}, ValueError, "bufsize=0"),
        ({"timeout": -1}, ValueError, "timeout=-1"),
        ({"host": None}, TypeError, "host must be str"),
        ({"send": 42}, TypeError, "send must be str or bytes"),
    ],
)
def test_bad_arguments_name_the_value(kwargs, error, words):
    args = {"host": "127.0.0.1", "port": 49152} | kwargs
    host, port = args.pop("host"), args.pop("port")
    with pytest.raises(error, match=words):
        labkit.fetch(host, port, **args)


def test_trace_records_the_client_steps_in_order(server):
    trace: list = []
    assert labkit.fetch(*server.address, trace=trace) == "Server accessed.(1)"
    assert [e.kind for e in trace] == ["socket", "connect", "recv", "recv", "close"]
    assert trace[2].data == "Server accessed.(1)" and trace[3].data == ""
    times = [e.time for e in trace]
    assert times == sorted(times)
    # peer is the client's own address: the same tuple the server saw in accept
    accept = next(e for e in server.events if e.kind == "accept")
    assert {e.peer for e in trace} == {tuple(accept.peer)}


def test_trace_with_send_records_send_and_half_close():
    def echo(client, addr):
        client.sendall(client.recv(100))

    trace: list = []
    with labkit.LabServer(port=0, handler=echo) as srv:
        assert labkit.fetch(*srv.address, send="hi", trace=trace) == "hi"
    assert [e.kind for e in trace][:4] == ["socket", "connect", "send", "shutdown"]
    assert trace[-1].kind == "close"


def test_trace_on_refused_connection_keeps_the_attempt(server):
    host, port = server.address
    server.stop()
    trace: list = []
    with pytest.raises(ConnectionRefusedError):
        labkit.fetch(host, port, trace=trace)
    assert [e.kind for e in trace] == ["socket", "connect"]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_server_that_refuses_a_long_message_is_heard(lang):
    """Issue 9: fetch(send=10 MB) raised a bare BrokenPipeError, and the server's
    'ERROR: message too long' line was never shown.  Now: a sentence that says the
    server closed while sending, quotes what it said, chains the OS error."""
    labkit.set_language(lang)
    with labkit.LabServer("127.0.0.1", 0, handler=refuse_long) as server:
        with pytest.raises(ConnectionResetError) as info:
            labkit.fetch(*server.address, send=b"y" * 10_000_000, timeout=5)
    text = str(info.value)
    assert "'ERROR: message too long'" in text
    assert "10000000" in text
    assert isinstance(info.value.__cause__, (BrokenPipeError, ConnectionResetError))


def test_send_to_the_default_server_gets_the_reply_200_times_in_a_row(server):
    # The server must read what the client sent before it closes: closing with
    # unread input makes the OS reset the connection, and the reply is lost.
    replies = [labkit.fetch(*server.address, send="hello", timeout=5) for _ in range(200)]
    assert replies == [f"Server accessed.({n})" for n in range(1, 201)]


def test_a_reset_while_answering_is_a_sentence_naming_the_address():
    with labkit.LabServer(port=0, handler=labkit.reset_handler()) as srv:
        with pytest.raises(ConnectionResetError) as info:
            labkit.fetch(*srv.address, send="hi", timeout=5)
    message = str(info.value)
    assert f"127.0.0.1:{srv.address[1]}" in message and "Cure" in message
    assert isinstance(info.value.__cause__, ConnectionResetError)
    labkit.set_language("ja")
    with labkit.LabServer(port=0, handler=labkit.reset_handler()) as srv:
        with pytest.raises(ConnectionResetError, match="対処"):
            labkit.fetch(*srv.address, send="hi", timeout=5)


def test_a_client_sending_more_than_a_buffer_is_not_left_blocked(server):
    # The server half-closes after its reply; a socket kept open for later (LINGER)
    # must not leave a client that keeps sending blocked in sendall().
    started = time.monotonic()
    with pytest.raises(OSError):  # the reply may come, but the rest is refused: a reset
        labkit.fetch(*server.address, send=b"x" * (16 * 1024 * 1024), timeout=5)
    assert time.monotonic() - started < 3


def test_a_half_close_after_a_reset_is_a_sentence_not_errno_107():
    """A server that resets before the client's shutdown(SHUT_WR) made fetch raise a bare
    '[Errno 107] Transport endpoint is not connected' (seen when stop() resets queued
    clients).  An unconnected socket gives the OS the same answer on demand."""
    from labkit._client import _half_close

    with socket.socket() as unconnected, pytest.raises(ConnectionResetError) as info:
        _half_close(unconnected, ("127.0.0.1", 5))
    assert "127.0.0.1:5" in str(info.value) and "Errno" not in str(info.value)
    assert isinstance(info.value.__cause__, OSError)
