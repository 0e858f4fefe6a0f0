"""wait_until and wait_for_bytes: wait for an event, bounded in time."""

from __future__ import annotations

import socket
import threading
import time

import pytest

import labkit


def test_wait_until_returns_once_the_condition_holds():
    flag = threading.Event()
    threading.Timer(0.05, flag.set).start()
    labkit.wait_until(flag.is_set, timeout=5)
    assert flag.is_set()


def test_wait_until_raises_a_sentence_after_the_timeout():
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="did not come true within 0.1 s"):
        labkit.wait_until(lambda: False, timeout=0.1)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("args, error", [
    (("not callable",), TypeError),
    ((lambda: True, -1), ValueError),
    ((lambda: True, "5"), TypeError),
])
def test_wait_until_checks_its_arguments(args, error):
    with pytest.raises(error):
        labkit.wait_until(*args)


def test_wait_for_bytes_leaves_the_bytes_for_recv():
    a, b = socket.socketpair()
    with a, b:
        a.sendall(b"Hello!")
        threading.Timer(0.05, a.sendall, args=(b"How are you?",)).start()
        labkit.wait_for_bytes(b, 18, timeout=5)
        assert b.recv(4096) == b"Hello!How are you?"  # glued, every time


def test_wait_for_bytes_says_when_the_other_side_closed_or_was_too_slow():
    a, b = socket.socketpair()
    with b:
        a.close()
        with pytest.raises(ConnectionError, match="closed the connection before 4 bytes"):
            labkit.wait_for_bytes(b, 4, timeout=5)
    a, b = socket.socketpair()
    with a, b:
        a.sendall(b"ab")
        with pytest.raises(TimeoutError, match="only 2 arrived"):
            labkit.wait_for_bytes(b, 4, timeout=0.1)
