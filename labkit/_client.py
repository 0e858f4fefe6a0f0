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
from ._student import check_own_server
from ._validate import check_bufsize, check_number, check_peer_host, check_port, check_timeout
from ._wire import as_bytes, preview

__all__ = ["DEFAULT_TIMEOUT", "connect", "fetch", "fetch_bytes", "sentence"]

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
    allow_remote: bool = False,
    allow_foreign: bool = False,
) -> bytes:
    """Connect, optionally send ``send``, and return every byte until the server closes.

    ``send`` (str is encoded as UTF-8) is followed by a half-close, so a server
    that reads until EOF knows the message is complete.

    ``trace``: a list to which the client's own steps are appended as
    :class:`labkit.ClientStep` records (kinds ``socket``, ``connect``, ``send``,
    ``shutdown``, ``recv``, ``close``; ``time`` is ``time.perf_counter()``; ``peer``
    is the client's own address, as the server sees it), so
    :func:`labkit.sequence_diagram` can draw both sides (notebook 08).

    ``host``: this computer only (127.0.0.0/8, ::1, 'localhost'), unless
    ``allow_remote=True`` (a class server on another computer): anything else raises
    :class:`labkit.NotLoopbackError` before a packet is sent.  Another user's server on
    a loopback port (127.0.0.1 is shared on a hub) raises :class:`labkit.ForeignServerError`
    first, unless ``allow_foreign=True``.  Every error is a sentence; the OS error that
    caused it is chained (``__cause__``).
    """
    host, port, bufsize, timeout, send = _checked(host, port, bufsize, timeout, send,
                                                  allow_remote, allow_foreign)
    max_bytes = check_number("max_bytes", max_bytes, 1, 2**63, example="max_bytes=1_000_000",
                             cure="cure_max_message")
    steps: list[tuple[str, float, bytes]] | None = None if trace is None else []
    local: tuple | None = None

    def step(kind: str, data: bytes = b"") -> None:
        if steps is not None:
            steps.append((kind, time.perf_counter(), data))

    try:
        step("socket")
        step("connect")  # stamped when the SYN leaves, before connect() returns
        with connect(host, port, timeout) as client:
            local = client.getsockname()[:2]
            if send is not None:
                _send(client, send, (host, port), timeout)
                step("send", send)
                _half_close(client, (host, port))
                step("shutdown")
            try:
                return _recv_to_eof(client, bufsize, max_bytes, step, (host, port))
            except (ConnectionResetError, ConnectionAbortedError, TimeoutError) as exc:
                raise sentence(exc, host, port, timeout) from exc
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


def _checked(host: object, port: object, bufsize: object, timeout: object, send: object,
             allow_remote: bool, allow_foreign: bool
             ) -> tuple[str, int, int, float | None, bytes | None]:
    """fetch's arguments, checked before any socket exists (a str ``send`` becomes UTF-8),
    and, unless ``allow_foreign``, that no other user's server listens there."""
    checked = (check_peer_host(host, allow_remote=allow_remote, func="fetch"),
               check_port(port, allow_zero=False), check_bufsize(bufsize),
               check_timeout(timeout), None if send is None else as_bytes("send", send))
    if not allow_foreign:
        check_own_server(checked[0], checked[1])
    return checked


def sentence(exc: OSError, host: str, port: int, timeout: float | None) -> OSError:
    """The error a learner reads instead of ``exc``, an OS error of a client socket.

    Same class (so ``except ConnectionRefusedError`` still works), one argument (so
    ``str(error)`` is the sentence alone, with no OS-specific errno); the caller
    chains ``exc`` as ``__cause__``.
    """
    if isinstance(exc, ConnectionRefusedError):
        return ConnectionRefusedError(t("refused", host=host, port=port))
    if isinstance(exc, TimeoutError):
        return TimeoutError(t("timed_out", host=host, port=port, timeout=timeout))
    if isinstance(exc, (ConnectionResetError, ConnectionAbortedError)):  # Aborted: Windows
        return ConnectionResetError(t("reset_reading", host=host, port=port))
    # An unreachable network or host, an address this OS cannot use, ...
    return OSError(t("connect_failed", host=host, port=port, reason=exc.strerror or exc))


def connect(host: str, port: int, timeout: float | None) -> socket.socket:
    """A socket connected to ``host`` (already checked by ``check_peer_host``), or a sentence."""
    try:
        return socket.create_connection((host, port), timeout=timeout)
    except OSError as exc:
        raise sentence(exc, host, port, timeout) from exc


def _send(client: socket.socket, data: bytes, address: tuple[str, int],
          timeout: float | None) -> None:
    """``sendall``; if the server closes first, say so, with what it sent before closing."""
    host, port = address
    try:
        client.sendall(data)
    except TimeoutError as exc:
        raise sentence(exc, host, port, timeout) from exc
    except OSError as exc:  # EPIPE, ECONNRESET, ENOTCONN: the server closed or reset first
        said = _leftover(client)
        key = "closed_while_sending_said" if said else "closed_while_sending"
        raise ConnectionResetError(t(key, host=host, port=port, size=len(data),
                                     said=said)) from exc


def _half_close(client: socket.socket, address: tuple[str, int]) -> None:
    """``shutdown(SHUT_WR)``: the message is complete.  If the server has already reset
    the connection, the OS says ENOTCONN (``[Errno 107]``): say that as a sentence."""
    try:
        client.shutdown(socket.SHUT_WR)
    except OSError as exc:
        host, port = address
        raise ConnectionResetError(t("reset_reading", host=host, port=port)) from exc


def _leftover(client: socket.socket) -> str:
    """What the server sent before it closed, if the OS still has it (a reset may drop it)."""
    chunks: list[bytes] = []
    try:
        client.settimeout(0.2)
        for _ in range(16):  # bounded: a server that closed has little left to say
            chunk = client.recv(4096)
            if not chunk:
                break
            chunks.append(chunk)
    except OSError:  # reset, or nothing more in time
        pass
    return preview(b"".join(chunks)).strip()


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
    allow_remote: bool = False,
    allow_foreign: bool = False,
) -> str:
    """The server's whole reply, decoded from UTF-8 (see :func:`fetch_bytes`).

    >>> with LabServer(port=0) as server:           # doctest: +SKIP
    ...     fetch(*server.address)
    'Server accessed.(1)'
    """
    data = fetch_bytes(host, port, send=send, bufsize=bufsize, timeout=timeout,
                       max_bytes=max_bytes, trace=trace, allow_remote=allow_remote,
                       allow_foreign=allow_foreign)
    return data.decode("utf-8")
