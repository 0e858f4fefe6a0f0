"""fetch: the article's client (002), made correct: read until the server closes.

The article calls ``recv(4096)`` once.  TCP is a byte stream, so one ``recv`` may
return only part of the reply (notebook 04 shows it); :func:`fetch` keeps reading
until the server closes the connection, and turns the errors a learner meets
into sentences that say what to do.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

from ._framing import MessageTooLongError
from ._i18n import t
from ._validate import check_bufsize, check_peer_host, check_port, check_timeout
from ._wire import as_bytes

__all__ = ["DEFAULT_TIMEOUT", "fetch", "fetch_bytes"]

#: Seconds to wait for the connection and for each piece of the reply.
DEFAULT_TIMEOUT = 5.0
#: A reply longer than this is cut off with an error: a client must bound what it reads.
DEFAULT_MAX_BYTES = 1_000_000


def fetch_bytes(
    host: str,
    port: int,
    *,
    send: bytes | str | None = None,
    bufsize: int = 4096,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    trace: list | None = None,
) -> bytes:
    """Connect, optionally send ``send``, and return every byte until the server closes.

    ``send`` (str is encoded as UTF-8) is followed by a half-close, so a server
    that reads until EOF knows the message is complete.

    ``trace``: a list to which the client's own steps are appended as
    :class:`labkit.ClientStep` records (kinds ``socket``, ``connect``, ``send``,
    ``shutdown``, ``recv``, ``close``; ``time`` is ``time.perf_counter()``; ``peer``
    is the client's own address, as the server sees it), so
    :func:`labkit.sequence_diagram` can draw both sides (notebook 08).
    """
    host, port, bufsize, timeout, send = _checked(host, port, bufsize, timeout, send)
    steps: list[tuple[str, float, bytes]] | None = None if trace is None else []
    local: tuple | None = None

    def step(kind: str, data: bytes = b"") -> None:
        if steps is not None:
            steps.append((kind, time.perf_counter(), data))

    try:
        step("socket")
        step("connect")  # stamped when the SYN leaves, before connect() returns
        with socket.create_connection((host, port), timeout=timeout) as client:
            local = client.getsockname()[:2]
            if send is not None:
                client.sendall(send)
                step("send", send)
                client.shutdown(socket.SHUT_WR)
                step("shutdown")
            return _recv_to_eof(client, bufsize, max_bytes, step, (host, port))
    except ConnectionRefusedError:
        # One argument, so str(error) is the sentence alone (no OS-specific errno).
        raise ConnectionRefusedError(t("refused", host=host, port=port)) from None
    except TimeoutError:
        raise TimeoutError(t("timed_out", host=host, port=port, timeout=timeout)) from None
    finally:
        if steps is not None and local is not None and steps[-1][0] != "close":
            step("close")  # an error ended the exchange; the with block closed the socket
        if trace is not None and steps:
            _append_trace(trace, steps, local)


def _recv_to_eof(client: socket.socket, bufsize: int, max_bytes: int,
                 step: Callable[..., None], address: tuple[str, int]) -> bytes:
    """Every byte until the server closes (``recv`` returns b""), at most ``max_bytes``."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = client.recv(bufsize)
        step("recv", chunk)
        if not chunk:  # b"": the server closed the connection
            step("close")
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            step("close")
            host, port = address
            raise MessageTooLongError(t("too_big", host=host, port=port, limit=max_bytes))


def _checked(host: object, port: object, bufsize: object, timeout: object, send: object
             ) -> tuple[str, int, int, float | None, bytes | None]:
    """fetch's arguments, checked before any socket exists (a str ``send`` becomes UTF-8)."""
    return (check_peer_host(host), check_port(port, allow_zero=False), check_bufsize(bufsize),
            check_timeout(timeout), None if send is None else as_bytes("send", send))


def _append_trace(trace: list, steps: list[tuple[str, float, bytes]],
                  local: tuple | None) -> None:
    # Imported here: the client needs the event types only when tracing.
    from ._events import ClientStep, next_seq, preview

    for kind, when, data in steps:
        trace.append(ClientStep(next_seq(), when, kind, local, preview(data)))


def fetch(
    host: str,
    port: int,
    *,
    send: bytes | str | None = None,
    bufsize: int = 4096,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    trace: list | None = None,
) -> str:
    """The server's whole reply, decoded from UTF-8 (see :func:`fetch_bytes`).

    >>> with LabServer(port=0) as server:           # doctest: +SKIP
    ...     fetch(*server.address)
    'Server accessed.(1)'
    """
    data = fetch_bytes(host, port, send=send, bufsize=bufsize, timeout=timeout,
                       max_bytes=max_bytes, trace=trace)
    return data.decode("utf-8")
