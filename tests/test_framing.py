"""Tests for labkit._framing: each reader over a real socket pair, whole and in pieces."""

from __future__ import annotations

import socket
import struct
import threading
import time

import pytest

import labkit
from labkit import (
    IncompleteMessageError,
    LineReader,
    MessageTooLongError,
    recv_all,
    recv_exactly,
    recv_line,
    recv_msg,
    send_line,
    send_msg,
)


@pytest.fixture
def pair():
    a, b = socket.socketpair()
    a.settimeout(5)
    b.settimeout(5)
    yield a, b
    a.close()
    b.close()


def trickle(sock: socket.socket, data: bytes, size: int = 1,
            close: bool = True) -> threading.Thread:
    """Send ``data`` a few bytes at a time from a thread (so recv returns pieces)."""
    def run():
        for i in range(0, len(data), size):
            sock.sendall(data[i:i + size])
            time.sleep(0.001)
        if close:
            sock.shutdown(socket.SHUT_WR)
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_recv_all_reads_until_eof_even_in_pieces(pair):
    a, b = pair
    trickle(a, "こんにちは".encode() * 3, size=2)
    assert recv_all(b).decode() == "こんにちは" * 3


def test_recv_all_is_bounded(pair):
    a, b = pair
    a.sendall(b"x" * 11)
    a.shutdown(socket.SHUT_WR)
    with pytest.raises(MessageTooLongError, match="max_bytes=10"):
        recv_all(b, max_bytes=10)


def test_recv_exactly_and_a_peer_closing_early(pair):
    a, b = pair
    a.sendall(b"abc")
    a.shutdown(socket.SHUT_WR)
    assert recv_exactly(b, 2) == b"ab"
    with pytest.raises(IncompleteMessageError, match="1 of 5 bytes") as info:
        recv_exactly(b, 5)
    assert info.value.partial == b"c"


def test_line_reader_splits_glued_lines_and_joins_pieces(pair):
    a, b = pair
    trickle(a, "one\ntwo\nさん\n".encode(), size=3)
    assert list(LineReader(b)) == ["one", "two", "さん"]


def test_line_reader_keeps_extra_bytes_for_the_next_line(pair):
    a, b = pair
    a.sendall(b"first\nsec")
    reader = LineReader(b)
    assert reader.readline() == "first"
    assert bytes(reader.buffer) == b"sec"
    a.sendall(b"ond\n")
    a.shutdown(socket.SHUT_WR)
    assert reader.readline() == "second"
    assert reader.readline() is None


def test_line_reader_partial_last_line_is_an_error(pair):
    a, b = pair
    a.sendall(b"ok\nbroken")
    a.shutdown(socket.SHUT_WR)
    reader = LineReader(b)
    assert reader.readline() == "ok"
    with pytest.raises(IncompleteMessageError, match="6 bytes") as info:
        reader.readline()
    assert info.value.partial == b"broken"


def test_line_reader_is_bounded(pair):
    a, b = pair
    a.sendall(b"y" * 100)
    with pytest.raises(MessageTooLongError):
        LineReader(b, max_bytes=10, bufsize=8).readline()


def test_send_line_and_recv_line_read_nothing_past_the_newline(pair):
    a, b = pair
    send_line(a, "hello")
    send_line(a, b"world")
    a.shutdown(socket.SHUT_WR)
    time.sleep(0.05)  # both lines are now in one receive buffer: glued
    assert recv_line(b) == "hello"
    assert recv_line(b) == "world"
    assert recv_line(b) is None


def test_recv_line_in_pieces(pair):
    a, b = pair
    sender = trickle(a, "長い行です\n".encode(), size=2)
    assert recv_line(b) == "長い行です"
    sender.join(5)


def test_recv_line_errors(pair):
    a, b = pair
    a.sendall(b"abcdef")
    with pytest.raises(MessageTooLongError):
        recv_line(b, max_bytes=3)
    a.shutdown(socket.SHUT_WR)
    with pytest.raises(IncompleteMessageError):
        recv_line(b)


def test_send_line_refuses_a_newline_inside():
    a, b = socket.socketpair()
    with a, b, pytest.raises(ValueError, match="position 2"):
        send_line(a, "ab\ncd")


def test_send_line_refuses_other_types():
    a, b = socket.socketpair()
    with a, b, pytest.raises(TypeError, match="text must be str or bytes"):
        send_line(a, 42)


def test_length_prefix_round_trip_in_pieces(pair):
    a, b = pair
    messages = [b"", b"x", "日本語".encode(), b"z" * 5000]
    wire = b"".join(struct.pack("!I", len(m)) + m for m in messages)
    trickle(a, wire, size=3)
    got = []
    while (msg := recv_msg(b)) is not None:
        got.append(msg)
    assert got == messages


def test_send_msg_uses_a_four_byte_big_endian_prefix(pair):
    a, b = pair
    send_msg(a, "hi")
    assert b.recv(100) == b"\x00\x00\x00\x02hi"


def test_recv_msg_refuses_a_huge_length_before_reading(pair):
    a, b = pair
    a.sendall(struct.pack("!I", 2**31))
    with pytest.raises(MessageTooLongError, match="2147483648"):
        recv_msg(b, max_bytes=1000)


@pytest.mark.parametrize("wire, got, expected", [
    (b"\x00\x00", 2, 4),                       # cut inside the length prefix
    (b"\x00\x00\x00\x05abc", 3, 5),            # cut inside the message
])
def test_recv_msg_peer_closing_mid_message(pair, wire, got, expected):
    a, b = pair
    a.sendall(wire)
    a.shutdown(socket.SHUT_WR)
    with pytest.raises(IncompleteMessageError, match=f"{got} of {expected} bytes"):
        recv_msg(b)


def test_incomplete_message_error_in_japanese(pair):
    labkit.set_language("ja")
    a, b = pair
    a.sendall(b"\x00\x00\x00\x05abc")
    a.shutdown(socket.SHUT_WR)
    with pytest.raises(IncompleteMessageError, match="5 バイト中 3 バイト"):
        recv_msg(b)


@pytest.mark.parametrize("bad, error", [(0, ValueError), (2**32, ValueError),
                                        ("10", TypeError), (True, TypeError)])
def test_max_bytes_is_checked(pair, bad, error):
    with pytest.raises(error, match="max_bytes"):
        recv_all(pair[1], max_bytes=bad)


def test_framing_through_a_lab_server():
    def handler(client, addr):
        for line in LineReader(client):
            send_msg(client, line.upper())

    with labkit.LabServer(port=0, handler=handler) as server:
        with socket.create_connection(server.address, timeout=5) as client:
            send_line(client, "abc")
            send_line(client, "def")
            client.shutdown(socket.SHUT_WR)
            assert recv_msg(client) == b"ABC"
            assert recv_msg(client) == b"DEF"
            assert recv_msg(client) is None
