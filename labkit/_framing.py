"""Framing: how to find where one message ends in a TCP byte stream.

TCP carries bytes, not messages: one ``recv`` may return part of a message, or
two messages glued together (pitfall 5).  Notebook 04 shows it, then these three
cures, each a few lines a learner can read:

- :func:`recv_all`: read until the peer closes (one message per connection);
- :func:`send_line` / :func:`recv_line` / :class:`LineReader`: one message per
  line, ending in ``\\n``;
- :func:`send_msg` / :func:`recv_msg`: a 4-byte big-endian length, then the message.

Every reader is bounded (``max_bytes``), and a peer that closes in the middle
of a message raises :class:`IncompleteMessageError` saying how much arrived.
"""

from __future__ import annotations

import socket
import struct
from typing import Any

from ._i18n import t
from ._validate import check_number
from ._wire import as_bytes

__all__ = [
    "DEFAULT_MAX_MESSAGE",
    "IncompleteMessageError",
    "LineReader",
    "MessageTooLongError",
    "recv_all",
    "recv_exactly",
    "recv_line",
    "recv_msg",
    "send_line",
    "send_msg",
]

#: The longest message a reader accepts unless told otherwise.
DEFAULT_MAX_MESSAGE = 1_000_000
#: The length prefix is 4 bytes, big-endian ("network byte order"): at most 4 GiB - 1.
_PREFIX = struct.Struct("!I")
_LIMIT = 2**32 - 1


class IncompleteMessageError(ConnectionError):
    """The peer closed the connection before a whole message arrived."""

    def __init__(self, message: str, partial: bytes = b"") -> None:
        super().__init__(message)
        #: The bytes that did arrive.
        self.partial = partial


class MessageTooLongError(ValueError):
    """A message is longer than the reader's ``max_bytes``."""


def _check_max(max_bytes: object) -> int:
    return check_number("max_bytes", max_bytes, 1, _LIMIT, example="max_bytes=1_000_000",
                        cure="cure_max_message")


def recv_all(sock: Any, *, bufsize: int = 4096, max_bytes: int = DEFAULT_MAX_MESSAGE) -> bytes:
    """Every byte until the peer closes (or half-closes) its side.

    The cure for a client that calls ``recv`` once: ``b""`` from ``recv`` means
    the peer closed, and only then is the message complete.  Raises
    :class:`MessageTooLongError` after ``max_bytes``, so memory stays bounded.
    """
    limit = _check_max(max_bytes)
    data = bytearray()
    while True:
        chunk = sock.recv(bufsize)
        if not chunk:  # b"": the peer closed; the message is complete
            return bytes(data)
        data += chunk
        if len(data) > limit:
            raise MessageTooLongError(t("msg_too_long", size=f"> {limit}", limit=limit))


def recv_exactly(sock: Any, size: int) -> bytes:
    """Exactly ``size`` bytes, calling ``recv`` as often as needed.

    Raises :class:`IncompleteMessageError` if the peer closes first.
    """
    data = bytearray()
    while len(data) < size:
        chunk = sock.recv(min(65536, size - len(data)))
        if not chunk:
            raise IncompleteMessageError(
                t("incomplete", got=len(data), expected=size), bytes(data))
        data += chunk
    return bytes(data)


# --------------------------------------------------------------- newline framing
def send_line(sock: Any, text: str | bytes) -> None:
    """Send ``text`` followed by ``\\n`` (str is encoded as UTF-8).

    ``text`` must not contain a newline itself: the receiver would see two lines.
    """
    data = as_bytes("text", text)
    if b"\n" in data:
        pos = data.index(b"\n")
        if isinstance(text, str):
            pos = text.index("\n")
        raise ValueError(t("newline_in_line", pos=pos))
    sock.sendall(data + b"\n")


class LineReader:
    """Reads ``\\n``-terminated lines from a socket, keeping what arrives after a newline.

    One ``recv`` can hold the end of one line and the start of the next; the
    reader keeps those extra bytes in its buffer for the next :meth:`readline`.
    Lines are decoded only when complete, so a UTF-8 character cut between two
    ``recv`` calls is never decoded half-way (no ``UnicodeDecodeError``).

    >>> reader = LineReader(sock)          # doctest: +SKIP
    >>> while (line := reader.readline()) is not None:   # doctest: +SKIP
    ...     print(line)
    """

    def __init__(self, sock: Any, *, bufsize: int = 4096,
                 max_bytes: int = DEFAULT_MAX_MESSAGE) -> None:
        self.sock = sock
        self.bufsize = bufsize
        self.max_bytes = _check_max(max_bytes)
        self.buffer = bytearray()

    def readline_bytes(self) -> bytes | None:
        """The next line without its ``\\n``; None when the peer closed after a whole line."""
        searched = 0
        while True:
            end = self.buffer.find(b"\n", searched)
            if end >= 0:
                line = bytes(self.buffer[:end])
                del self.buffer[:end + 1]
                return line
            if len(self.buffer) > self.max_bytes:
                raise MessageTooLongError(t("line_too_long", limit=self.max_bytes))
            searched = len(self.buffer)
            chunk = self.sock.recv(self.bufsize)
            if not chunk:
                if not self.buffer:
                    return None
                partial = bytes(self.buffer)
                self.buffer.clear()
                raise IncompleteMessageError(t("incomplete_line", got=len(partial)), partial)
            self.buffer += chunk

    def readline(self) -> str | None:
        """The next line as text (UTF-8), without its ``\\n``; None at the end."""
        line = self.readline_bytes()
        return None if line is None else line.decode("utf-8")

    def __iter__(self):
        while (line := self.readline()) is not None:
            yield line


def recv_line(sock: Any, *, max_bytes: int = DEFAULT_MAX_MESSAGE) -> str | None:
    """One ``\\n``-terminated line as text, without the ``\\n``; None if the peer closed.

    Reads nothing past the newline (it peeks first with ``MSG_PEEK``), so calling
    it again gets the next line.  To read many lines, :class:`LineReader` is
    simpler and faster.
    """
    limit = _check_max(max_bytes)
    data = bytearray()
    while True:
        peek = sock.recv(min(65536, limit + 1 - len(data)), socket.MSG_PEEK)
        if not peek:
            if not data:
                return None
            raise IncompleteMessageError(t("incomplete_line", got=len(data)), bytes(data))
        end = peek.find(b"\n")
        # Take from the socket only what we keep: up to and including the newline.
        take = len(peek) if end < 0 else end + 1
        data += recv_exactly(sock, take)
        if end >= 0:
            return bytes(data[:-1]).decode("utf-8")
        if len(data) > limit:
            raise MessageTooLongError(t("line_too_long", limit=limit))


# ---------------------------------------------------------- length-prefix framing
def send_msg(sock: Any, data: bytes | str) -> None:
    """Send a 4-byte big-endian length, then ``data`` (str is encoded as UTF-8)."""
    payload = as_bytes("data", data)
    if len(payload) > _LIMIT:
        raise MessageTooLongError(t("msg_too_long", size=len(payload), limit=_LIMIT))
    sock.sendall(_PREFIX.pack(len(payload)) + payload)


def recv_msg(sock: Any, *, max_bytes: int = DEFAULT_MAX_MESSAGE) -> bytes | None:
    """One message sent with :func:`send_msg`; None if the peer closed between messages.

    Reads the 4-byte length, refuses a length over ``max_bytes`` (before
    allocating anything), then reads exactly that many bytes.
    """
    limit = _check_max(max_bytes)
    first = sock.recv(_PREFIX.size)
    if not first:
        return None
    header = first
    if len(header) < _PREFIX.size:
        try:
            header += recv_exactly(sock, _PREFIX.size - len(header))
        except IncompleteMessageError as exc:
            got = len(header) + len(exc.partial)
            raise IncompleteMessageError(t("incomplete", got=got, expected=_PREFIX.size),
                                         header + exc.partial) from None
    (size,) = _PREFIX.unpack(header)
    if size > limit:
        raise MessageTooLongError(t("msg_too_long", size=size, limit=limit))
    return recv_exactly(sock, size)
