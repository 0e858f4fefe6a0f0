"""Tests for labkit._handlers: each handler served by a real LabServer on loopback."""

from __future__ import annotations

import socket
import time

import pytest

import labkit
from labkit import (
    chunked_handler,
    echo_handler,
    fetch,
    fetch_bytes,
    slow_handler,
    two_messages_handler,
    upper_handler,
)


def serve(handler, **options):
    return labkit.LabServer(port=0, handler=handler, **options).start()


def test_echo_returns_the_whole_message():
    server = serve(echo_handler())
    message = "こんにちは, TCP! " * 1000  # many recv calls on the server side
    assert fetch(*server.address, send=message) == message


def test_echo_of_an_empty_message_is_empty():
    server = serve(echo_handler())
    assert fetch_bytes(*server.address, send=b"") == b""


def test_echo_accepts_exactly_max_bytes():
    server = serve(echo_handler(max_bytes=10))
    assert fetch(*server.address, send="0123456789") == "0123456789"


@pytest.mark.parametrize("lang, words", [("en", "message too long (limit 10 bytes)"),
                                         ("ja", "上限 10 バイト")])
def test_echo_refuses_a_long_message_with_a_line_naming_the_limit(lang, words):
    labkit.set_language(lang)
    server = serve(echo_handler(max_bytes=10))
    # Much more than the limit: the server must refuse without a reset hiding its reply.
    reply = fetch(*server.address, send=b"x" * 200_000)
    assert reply.startswith("ERROR:") and words in reply and reply.endswith("\n")


def test_upper_handler_upper_cases_utf8():
    server = serve(upper_handler())
    assert fetch(*server.address, send="hello ｔｃｐ ß") == "HELLO ＴＣＰ SS"


def test_upper_refuses_a_long_message():
    server = serve(upper_handler(max_bytes=3))
    assert "limit 3 bytes" in fetch(*server.address, send="abcd")


def test_slow_handler_numbers_its_replies_and_waits():
    server = serve(slow_handler(delay=0.01))
    assert fetch(*server.address) == "Server accessed.(1)"
    assert fetch(*server.address) == "Server accessed.(2)"
    raw = serve(slow_handler(reply=b"raw {n}", delay=0))
    assert fetch(*raw.address) == "raw {n}"  # bytes are sent as they are


def test_slow_handler_is_slower_than_the_client_timeout():
    server = serve(slow_handler(delay=1.0))
    with pytest.raises(TimeoutError):
        fetch(*server.address, timeout=0.2)


def test_chunked_handler_makes_recv_return_pieces():
    server = serve(chunked_handler("abcdefghij", chunk_size=4, delay=0.2))
    with socket.create_connection(server.address, timeout=5) as client:
        pieces = []
        while chunk := client.recv(4096):
            pieces.append(chunk)
    assert b"".join(pieces) == b"abcdefghij"
    assert len(pieces) > 1  # the first recv did not get the whole message


def test_chunked_handler_on_request_sends_one_piece_per_request():
    server = serve(chunked_handler("abcdefghij", chunk_size=4, on_request=True))
    with socket.create_connection(server.address, timeout=5) as client:
        pieces = []
        while chunk := client.recv(4096):
            pieces.append(chunk)
            client.sendall(b"n")  # "next, please"
    assert pieces == [b"abcd", b"efgh", b"ij"]  # one piece per recv, on any machine


def test_chunked_handler_on_request_stops_when_the_client_closes():
    server = serve(chunked_handler("abcdefghij", chunk_size=4, on_request=True))
    for _ in range(2):  # the second client is served only if the first handler ended
        with socket.create_connection(server.address, timeout=5) as client:
            assert client.recv(4096) == b"abcd"  # the article's client: one recv, then close
    assert not [e for e in server.events if e.kind == "error"]


def test_two_messages_arrive_glued():
    server = serve(two_messages_handler("Hello!", "How are you?"))
    assert fetch(*server.address) == "Hello!How are you?"


@pytest.mark.parametrize("factory, kwargs, error", [
    (echo_handler, {"max_bytes": 0}, ValueError),
    (echo_handler, {"max_bytes": "10"}, TypeError),
    (upper_handler, {"max_bytes": True}, TypeError),
    (slow_handler, {"delay": -1}, ValueError),
    (slow_handler, {"delay": 11}, ValueError),
    (slow_handler, {"delay": float("nan")}, ValueError),
    (slow_handler, {"reply": ""}, ValueError),
    (slow_handler, {"reply": 5}, TypeError),
    (chunked_handler, {"message": "", "chunk_size": 1, "delay": 0}, ValueError),
    (chunked_handler, {"chunk_size": 0, "message": "abc", "delay": 0}, ValueError),
    (chunked_handler, {"message": "a" * 20_000, "chunk_size": 1, "delay": 0}, ValueError),
    (two_messages_handler, {"first": None}, TypeError),
])
def test_bad_arguments_are_refused_with_the_name_and_the_cure(factory, kwargs, error):
    with pytest.raises(error) as info:
        factory(**kwargs)
    name = next(iter(kwargs))
    assert name in str(info.value) and "Cure" in str(info.value)


def test_bad_argument_message_in_japanese():
    labkit.set_language("ja")
    with pytest.raises(ValueError, match="対処"):
        echo_handler(max_bytes=0)


def test_reset_handler_makes_the_client_see_a_reset():
    server = serve(labkit.reset_handler())
    for _ in range(20):  # a race would show up now and then
        with socket.create_connection(server.address, timeout=5) as client:
            client.sendall(b"hello")
            client.shutdown(socket.SHUT_WR)
            with pytest.raises(ConnectionResetError):
                client.recv(4096)
    with pytest.raises(ConnectionResetError):  # fetch half-closes after send=
        fetch(*server.address, send="hello")
    # The server logged no error and kept serving.
    assert server.count == 21
    assert not [e for e in server.events if e.kind == "error"]


def _echo_without_half_close(address, messages, limit=3.0):
    """A selectors client (the well-known tutorial's shape): send each message, wait for
    its echo, never half-close.  Returns what came back, within ``limit`` seconds."""
    import selectors
    import time

    sel = selectors.DefaultSelector()
    sock = socket.create_connection(address, timeout=limit)
    sock.setblocking(False)
    sel.register(sock, selectors.EVENT_READ)
    got = b""
    deadline = time.monotonic() + limit
    try:
        for message in messages:
            sock.sendall(message)
            want = len(got) + len(message)
            while len(got) < want and time.monotonic() < deadline:
                for _key, _mask in sel.select(timeout=0.1):
                    chunk = sock.recv(4096)
                    if not chunk:
                        return got
                    got += chunk
        return got
    finally:
        sel.close()
        sock.close()


@pytest.mark.parametrize("factory, expect", [
    (echo_handler, b"hello world"),
    (upper_handler, b"HELLO WORLD"),
])
def test_echo_is_rfc_862_it_answers_before_the_client_half_closes(factory, expect):
    server = serve(factory())
    try:
        assert _echo_without_half_close(server.address, [b"hello", b" world"]) == expect
    finally:
        server.stop()


def test_upper_never_splits_a_character_between_pieces():
    server = serve(upper_handler())
    try:
        word = "ä".encode()  # two bytes, sent one at a time
        with socket.create_connection(server.address, timeout=3.0) as sock:
            sock.sendall(word[:1])
            time.sleep(0.05)  # the server's first recv gets half a character
            sock.sendall(word[1:])
            got = b""
            for _ in range(2):  # at most two pieces; each recv waits at most 3 s
                got += sock.recv(10)
                if len(got) >= 2:
                    break
        assert got == "Ä".encode()
    finally:
        server.stop()


def test_reply_after_eof_waits_for_the_whole_message():
    server = serve(labkit.reply_after_eof_handler())
    try:
        assert fetch(*server.address, send="abc") == "abc"
        # without a half-close nothing comes back (it waits for the end of the message)
        assert _echo_without_half_close(server.address, [b"abc"], limit=0.3) == b""
    finally:
        server.stop()
