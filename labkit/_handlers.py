"""Ready-made handlers for ``LabServer(handler=...)``: echo, upper-case, slow, chunked, glued.

Notebook 04 uses the chunked and two-message senders to show that TCP carries
bytes, not messages (one ``recv`` returns part of a message, or two messages
glued together), and the echo server as the first cure; notebook 05 uses the
slow handler to show why a server must serve clients concurrently.  Each factory
checks its arguments at once and returns ``handler(client, addr)``.

The echo and upper-case handlers are standard echo (RFC 862: "any data received
is sent back"): they answer each piece as it arrives, so a client that never
half-closes (the usual tutorial client, ``nc``) gets its echo.
:func:`reply_after_eof_handler` is the other framing, "read until closed"
(notebook 04): it reads until the client half-closes (``shutdown(SHUT_WR)``,
which :func:`labkit.fetch` does after ``send=``), then replies once.  Each
accepts at most ``max_bytes`` from a client; more is refused with one line
naming the limit.
"""

from __future__ import annotations

import codecs
import itertools
import time
from collections.abc import Callable
from typing import Any

from ._i18n import t
from ._validate import check_number
from ._wire import as_bytes, close_with_reset, drain

__all__ = [
    "DEFAULT_MAX_BYTES",
    "chunked_handler",
    "echo_handler",
    "reply_after_eof_handler",
    "reset_handler",
    "slow_handler",
    "two_messages_handler",
    "upper_handler",
]

Handler = Callable[[Any, Any], None]

#: The longest message the echo and upper-case handlers accept by default.
DEFAULT_MAX_BYTES = 65536
#: Upper bounds that keep a classroom machine responsive.
MAX_BYTES_LIMIT = 16 * 1024 * 1024
DELAY_MAX = 10.0
CHUNKS_MAX = 10_000
#: After refusing a message, how long we read (and throw away) the rest: the client
#: must get the reply, not a reset (see :func:`labkit._wire.drain`).
_DRAIN_SECONDS = 1.0


def _check_max_bytes(max_bytes: object) -> int:
    return check_number("max_bytes", max_bytes, 1, MAX_BYTES_LIMIT, example="max_bytes=65536",
                        cure="cure_max_bytes")


def _check_delay(delay: object) -> float:
    return float(check_number("delay", delay, 0, DELAY_MAX, example="delay=0.5",
                              cure="cure_delay", integer=False))


def _read_message(client: Any, max_bytes: int) -> bytes | None:
    """Every byte until the client half-closes; None if it sent more than ``max_bytes``."""
    data = bytearray()
    while True:
        chunk = client.recv(min(65536, max_bytes + 1 - len(data)))
        if not chunk:  # b"": the client finished sending (EOF)
            return bytes(data)
        data += chunk
        if len(data) > max_bytes:
            return None


def _refuse(client: Any, max_bytes: int) -> None:
    """Reply with one line naming the limit, then let the client read it.

    Closing a socket whose receive buffer still holds unread bytes makes the OS
    send a reset (RST), and the client's ``recv`` would fail with
    ``ConnectionResetError`` before it reads our reply.  So: send, half-close,
    and read (and drop) what the client still sends, within a bound.
    """
    print(t("too_long_log", limit=max_bytes))
    client.sendall(t("too_long_reply", limit=max_bytes).encode("utf-8"))
    drain(client, _DRAIN_SECONDS)


def _streaming(limit: int, make_convert: Callable[[], Callable[[bytes, bool], bytes]],
               name: str, doc: str) -> Handler:
    """A handler that sends ``convert(piece)`` back for each piece as it arrives (RFC 862),
    until the client closes; past ``limit`` bytes in all it refuses with one line."""

    def handler(client: Any, addr: Any) -> None:
        convert = make_convert()  # per client: it may hold an unfinished character
        total = 0
        while True:
            chunk = client.recv(min(65536, limit + 1 - total))
            if not chunk:  # b"": the client finished sending (EOF)
                tail = convert(b"", True)
                if tail:
                    client.sendall(tail)
                return
            total += len(chunk)
            if total > limit:
                _refuse(client, limit)
                return
            out = convert(chunk, False)
            if out:
                client.sendall(out)

    handler.__name__ = handler.__qualname__ = name
    handler.__doc__ = doc
    return handler


def echo_handler(max_bytes: int = DEFAULT_MAX_BYTES) -> Callable[[Any, Any], None]:
    """Standard echo (RFC 862): send back every byte as it arrives, until the client closes.

    A client may send at most ``max_bytes`` in all (1 to 16 MiB); past that the
    handler replies ``ERROR: message too long (limit N bytes)`` and the connection closes.

    >>> server = LabServer(port=0, handler=echo_handler()).start()   # doctest: +SKIP
    >>> fetch(*server.address, send="Hello")                          # doctest: +SKIP
    'Hello'
    """
    limit = _check_max_bytes(max_bytes)

    def make_copy() -> Callable[[bytes, bool], bytes]:
        return lambda data, final: data

    return _streaming(limit, make_copy, "echo",
                      f"Echo each piece back as it arrives (at most {limit} bytes in all).")


def upper_handler(max_bytes: int = DEFAULT_MAX_BYTES) -> Callable[[Any, Any], None]:
    """Like :func:`echo_handler`, but replies in upper case (the bytes are read as UTF-8)."""
    limit = _check_max_bytes(max_bytes)

    def make_upper() -> Callable[[bytes, bool], bytes]:
        # An incremental decoder keeps a character split between two pieces until
        # its last byte arrives: a piece may end mid-character.
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        return lambda data, final: decoder.decode(data, final).upper().encode("utf-8")

    return _streaming(limit, make_upper, "upper",
                      f"Reply in upper case as the bytes arrive (at most {limit} bytes in all).")


def reply_after_eof_handler(max_bytes: int = DEFAULT_MAX_BYTES) -> Callable[[Any, Any], None]:
    """Read the whole message, until the client half-closes, then send it back once.

    The framing "read until closed" (notebook 04): the client must say it has
    finished sending with ``shutdown(SHUT_WR)``, as ``fetch(..., send=...)`` does;
    a client that never half-closes gets nothing back.  A message longer than
    ``max_bytes`` (1 to 16 MiB) is refused with one line naming the limit.
    """
    limit = _check_max_bytes(max_bytes)

    def reply_after_eof(client: Any, addr: Any) -> None:
        message = _read_message(client, limit)
        if message is None:
            _refuse(client, limit)
            return
        client.sendall(message)

    reply_after_eof.__doc__ = f"Send the whole message back after EOF (at most {limit} bytes)."
    return reply_after_eof


def slow_handler(reply: str | bytes = "Server accessed.({n})", delay: float = 0.5
                 ) -> Callable[[Any, Any], None]:
    """A handler that waits ``delay`` seconds (0-10), then sends ``reply`` and closes.

    In a str ``reply``, ``{n}`` becomes this handler's own access number (1, 2, ...),
    so a burst can check that every client got a different one.  With a
    one-at-a-time server, every client waits for all the clients before it
    (notebook 05); ``LabServer(concurrent=True)`` serves them side by side.
    """
    as_bytes("reply", reply, allow_empty=False)  # checked now; a str is formatted per client
    pause = _check_delay(delay)
    counter = itertools.count(1)  # next() on a count is atomic: safe from worker threads

    def slow(client: Any, addr: Any) -> None:
        n = next(counter)
        time.sleep(pause)
        data = reply.replace("{n}", str(n)).encode("utf-8") if isinstance(reply, str) else reply
        client.sendall(bytes(data))

    slow.__doc__ = f"Wait {pause} s, then reply."
    return slow


def chunked_handler(message: str | bytes = "Hello, TCP! This is one message.",
                    chunk_size: int = 12, delay: float = 0.3, *, on_request: bool = False
                    ) -> Callable[[Any, Any], None]:
    """A handler that sends one ``message`` in pieces of ``chunk_size`` bytes, pausing
    ``delay`` seconds between pieces, then closes.

    The client's ``recv`` returns as soon as *some* bytes arrive, so each ``recv``
    gets one piece: a client that calls ``recv`` once, like the article's, reads
    only the beginning of the message (pitfall 5, notebook 04).

    With ``on_request=True`` there is no pause: the handler sends the next piece
    only when the client asks for it by sending any bytes (``delay`` is unused),
    and stops when the client closes instead.  Then each ``recv`` gets exactly
    one piece on any machine, however busy: notebooks 04 and 06 use it.
    """
    data = as_bytes("message", message, allow_empty=False)
    size = check_number("chunk_size", chunk_size, 1, MAX_BYTES_LIMIT, example="chunk_size=8",
                        cure="cure_chunk_size")
    pause = _check_delay(delay)
    count = -(-len(data) // size)
    if count > CHUNKS_MAX:
        raise ValueError(t("too_many_chunks", size=len(data), chunk=size, count=count,
                           limit=CHUNKS_MAX))

    def next_wanted(client: Any) -> bool:
        """Wait for the client's request (True) or its close (False)."""
        if on_request:
            return bool(client.recv(4096))
        time.sleep(pause)
        return True

    def chunked(client: Any, addr: Any) -> None:
        for start in range(0, len(data), size):
            if start and not next_wanted(client):
                return
            client.sendall(data[start:start + size])
        if on_request:
            next_wanted(client)  # read the last request too: unread bytes would reset the close

    how = "on the client's request" if on_request else f"{pause} s apart"
    chunked.__doc__ = f"Send {len(data)} bytes in {count} pieces, {how}."
    return chunked


def two_messages_handler(first: str | bytes = "Hello!", second: str | bytes = "How are you?"
                         ) -> Callable[[Any, Any], None]:
    """A handler that sends two messages with two ``sendall`` calls, back to back, then closes.

    A client that waits a moment and then calls ``recv`` once gets both,
    glued together: TCP keeps no boundary between them (pitfall 5, notebook 04).
    """
    one = as_bytes("first", first, allow_empty=False)
    two = as_bytes("second", second, allow_empty=False)

    def two_messages(client: Any, addr: Any) -> None:
        client.sendall(one)
        client.sendall(two)

    two_messages.__doc__ = "Send two messages back to back."
    return two_messages


def reset_handler() -> Callable[[Any, Any], None]:
    """A handler that reads the client's request (until the client half-closes), then
    slams the connection shut: the client gets a reset (RST), not a reply or an EOF.

    It sets SO_LINGER to "linger on, 0 seconds" and closes, which makes the OS
    abort the connection, as a crashed program's does.  The client's next
    ``recv`` raises ``ConnectionResetError`` (notebook 06).  It waits for the
    whole request first, so the reset always reaches a client waiting in ``recv``:
    earlier, it could hit the client's ``connect()`` or ``shutdown()`` instead.
    """

    def reset(client: Any, addr: Any) -> None:
        _read_message(client, DEFAULT_MAX_BYTES)  # the whole request, until the client half-closes
        close_with_reset(client)

    reset.__doc__ = "Abort the connection (the client sees ConnectionResetError)."
    return reset


#: The factories above: each makes a handler when called (``handler=echo_handler()``).
#: LabServer refuses a factory passed uncalled, naming the call it meant.
FACTORIES = frozenset({echo_handler, upper_handler, reply_after_eof_handler, slow_handler,
                       chunked_handler, two_messages_handler, reset_handler})
