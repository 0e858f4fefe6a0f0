"""Waiting for something to happen, not for some time to pass.

A notebook that sleeps 0.5 s "so that the data has arrived" works on a quiet
machine and fails on a busy one.  These helpers wait for the thing itself, with
an upper bound: :func:`wait_until` for any condition (a count, a socket state),
:func:`wait_for_bytes` for bytes waiting in a socket's receive buffer (notebook 04
uses it to show two messages glued together, every time).
"""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Callable

from ._i18n import t
from ._validate import check_number

__all__ = ["wait_for_bytes", "wait_until"]

#: How often a condition is checked again (seconds): short next to any lesson's step.
_POLL = 0.005
_TIMEOUT_MAX = 600


def _deadline(timeout: object) -> float:
    seconds = check_number("timeout", timeout, 0, _TIMEOUT_MAX, example="timeout=5",
                           cure="cure_wait_timeout", integer=False)
    return time.monotonic() + float(seconds)


def wait_until(condition: Callable[[], object], timeout: float = 5.0) -> None:
    """Return as soon as ``condition()`` is true; raise TimeoutError after ``timeout`` s.

    >>> wait_until(lambda: server.count >= 1)          # doctest: +SKIP
    """
    if not callable(condition):
        raise TypeError(t("bad_type", name="condition", expected="a function with no arguments",
                          value=condition, typename=type(condition).__name__,
                          example="lambda: server.count >= 1"))
    deadline = _deadline(timeout)
    while not condition():
        if time.monotonic() >= deadline:
            raise TimeoutError(t("wait_timeout", timeout=timeout))
        time.sleep(_POLL)


def wait_for_bytes(sock: socket.socket, count: int, timeout: float = 5.0) -> None:
    """Return once at least ``count`` bytes wait in ``sock``'s receive buffer, unread.

    It peeks (``MSG_PEEK``): the bytes stay there for the next ``recv``.  Raises
    TimeoutError after ``timeout`` seconds, and ConnectionError if the other side
    closes with fewer bytes sent.
    """
    want = check_number("count", count, 1, 1 << 24, example="count=18", cure="cure_wait_count")
    deadline = _deadline(timeout)
    waiting = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(t("wait_bytes_timeout", count=want, got=waiting, timeout=timeout))
        readable, _, _ = select.select([sock], [], [], left)
        if not readable:
            continue
        waiting = len(sock.recv(want, socket.MSG_PEEK))
        if waiting >= want:
            return
        if waiting == 0:  # readable, yet nothing to peek: the other side closed
            raise ConnectionError(t("wait_bytes_closed", count=want))
        time.sleep(_POLL)  # some bytes wait, so select says "readable" at once: pause
