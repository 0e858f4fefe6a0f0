"""Checkers for the exercises of notebook 09: run the learner's function on loopback, then
say pass, "not done yet", or a hint that names the mistake, in the notebook's language.

Each checker runs the learner's code against real sockets: a handler is served by a
:class:`~labkit.LabServer` on ``127.0.0.1`` port 0 and the checker plays the client;
a client function talks to a LabServer that the checker runs.  The checker's peers
are deliberately awkward, the way real networks are: messages arrive in pieces with
pauses, cut in the middle of a UTF-8 character or of a length prefix, so an answer
that only works when one ``recv`` returns everything fails with a hint.

Every check is bounded in time (about :data:`CHECK_TIMEOUT` seconds per connection)
and never raises because of the learner's code: a blank exercise (body ``...``,
``pass`` or ``raise NotImplementedError``) reports "not done yet", so the exercise
notebook runs top to bottom under nbval.

The length-prefix exercises follow :mod:`labkit._framing` (notebook 04): a 4-byte
big-endian length, then the payload; the checkers build their expected bytes with
its ``send_msg`` and read with its ``recv_msg``.
"""

from __future__ import annotations

import ast
import ctypes
import inspect
import socket
import struct
import textwrap
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._client import connect
from ._i18n import get_language, t
from ._server import LabServer
from ._validate import check_peer_host

__all__ = ["CHECK_TIMEOUT", "EXERCISES", "CheckResult", "check_exercise"]

#: Seconds a checker waits for one connection (or one call of the learner's function).
CHECK_TIMEOUT = 3.0
#: A handler that sees ``recv() == b""`` this many times is looping after EOF.
EMPTY_RECV_LIMIT = 50
#: Pause between the pieces a checker sends, so that they arrive as separate segments.
PIECE_PAUSE = 0.05
#: Longest wait for the learner's code to read a piece before the next one is sent.
CONSUME_WAIT = 0.5
#: The most bytes a checker reads back from the learner's server.
REPLY_LIMIT = 1_000_000


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one exercise: ``status`` is ``"pass"``, ``"todo"`` or ``"fail"``.

    Its text form (shown when it is a cell's last line) is the verdict and the
    hint, in the language that was active when the check ran.
    """

    exercise: str
    status: str
    message: str
    lang: str = "en"

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return f"{t('chk_head_' + self.status, self.lang, name=self.exercise)} {self.message}"

    def __repr__(self) -> str:
        return str(self)


class _Runaway(Exception):
    """Raised inside the learner's code when it loops after EOF or runs past the deadline."""


class _GuardedSocket:
    """The socket the learner's function receives: a real one that stops runaway loops.

    A handler written ``while True: data = client.recv(4096); client.sendall(data)``
    spins for ever once the client closes (recv keeps returning b'').  After
    :data:`EMPTY_RECV_LIMIT` empty reads, or past the deadline, every call raises
    :class:`_Runaway`, so the checker can give the hint and the thread ends.
    """

    def __init__(self, sock: Any, deadline: float) -> None:
        self._sock = sock
        self._deadline = deadline
        self._empty = 0
        self.saw_eof = False  # did the learner's code read until recv returned b""?
        self.received = 0  # bytes the learner's code has read so far

    def _tick(self) -> None:
        if self._empty >= EMPTY_RECV_LIMIT or time.monotonic() > self._deadline:
            raise _Runaway("loop after EOF")

    def recv(self, bufsize: int, *flags: int) -> bytes:
        self._tick()
        data = self._sock.recv(bufsize, *flags)
        self._empty = 0 if data else self._empty + 1
        self.saw_eof = self.saw_eof or not data
        self.received += len(data)
        return data

    def recv_into(self, buffer: Any, nbytes: int = 0, *flags: int) -> int:
        self._tick()
        n = self._sock.recv_into(buffer, nbytes, *flags)
        self._empty = 0 if n else self._empty + 1
        self.saw_eof = self.saw_eof or not n
        self.received += n
        return n

    def send(self, data: bytes, *flags: int) -> int:
        self._tick()
        return self._sock.send(data, *flags)

    def sendall(self, data: bytes, *flags: int) -> None:
        self._tick()
        self._sock.sendall(data, *flags)

    def makefile(self, *args: Any, **kwargs: Any) -> Any:
        return self._sock.makefile(*args, **kwargs)

    def __enter__(self) -> _GuardedSocket:
        return self

    def __exit__(self, *exc: object) -> None:
        self._sock.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)

    def __repr__(self) -> str:
        return repr(self._sock)


# ---------------------------------------------------------------- helpers
_BLANK_CODE = {
    (lambda *a, **k: None).__code__.co_code,  # body: pass, ..., a docstring, return None
}


def _is_raise_not_implemented(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.Raise) or stmt.exc is None:
        return False
    target = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
    return isinstance(target, ast.Name) and target.id == "NotImplementedError"


def _is_blank(func: Callable[..., Any]) -> bool:
    """True when the exercise is not started: the body is only ``...``, ``pass``,
    a docstring, ``return None`` or ``raise NotImplementedError``."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        code = getattr(func, "__code__", None)
        return code is not None and code.co_code in _BLANK_CODE
    defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if not defs:
        return False
    for stmt in defs[0].body:
        if isinstance(stmt, ast.Pass) or _is_raise_not_implemented(stmt):
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # a docstring or ...
        if isinstance(stmt, ast.Return) and (
            stmt.value is None
            or (isinstance(stmt.value, ast.Constant) and stmt.value.value is None)
        ):
            continue
        return False
    return True


def _show(data: object, limit: int = 40) -> str:
    """A short repr for hints: long bytes are cut and their length is given."""
    if isinstance(data, (bytes, str)) and len(data) > limit:
        unit = "bytes" if isinstance(data, bytes) else "chars"
        return f"{data[:limit]!r}... ({len(data):,} {unit})"
    return repr(data)


def _first_difference(a: bytes, b: bytes) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _not_bytes(name: str, result: object, fname: str) -> CheckResult | None:
    """The failing result when the learner's function did not return bytes, else None."""
    if result is None:
        return _result(name, "fail", t("chk_returned_none", func=fname))
    if isinstance(result, str):
        return _result(name, "fail", t("chk_returned_str", func=fname))
    if not isinstance(result, (bytes, bytearray)):
        return _result(name, "fail", t("chk_returned_type", func=fname,
                                        typename=type(result).__name__))
    return None


def _bad_call(name: str, result: object, error: BaseException | None,
              fname: str) -> CheckResult | None:
    """The verdict on a call of the learner's function that raised or did not return bytes;
    None if it returned bytes."""
    if error is not None:
        return _result(name, *_explain_error(error, fname))
    return _not_bytes(name, result, fname)


def _explain_error(exc: BaseException, func: str) -> tuple[str, str]:
    """(status, hint) for an exception the learner's code raised."""
    if isinstance(exc, NotImplementedError):
        return "todo", t("chk_todo", func=func)
    if isinstance(exc, _Runaway):
        return "fail", t("chk_runaway", func=func)
    if isinstance(exc, UnicodeDecodeError):
        return "fail", t("chk_unicode_split")
    if isinstance(exc, TypeError) and "bytes-like" in str(exc):
        return "fail", t("chk_str_not_bytes", func=func, error=_error_text(exc))
    if isinstance(exc, TimeoutError):
        return "fail", t("chk_handler_waited", func=func)
    return "fail", t("chk_raised", func=func, error=_error_text(exc))


def _interrupt(thread: threading.Thread) -> None:
    """Raise _Runaway inside a thread stuck in a Python loop (CPython only)."""
    ident = thread.ident
    if ident is None:
        return
    try:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident),
                                                   ctypes.py_object(_Runaway))
    except (AttributeError, ValueError):  # not CPython: the daemon thread is left to end
        pass


def _call_bounded(func: Callable[..., Any], *args: Any,
                  timeout: float = CHECK_TIMEOUT) -> tuple[Any, BaseException | None, bool]:
    """Call ``func(*args)`` in a daemon thread: (result, exception, timed_out)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = func(*args)
        except BaseException as exc:  # noqa: BLE001 - reported to the learner as a hint
            box["error"] = exc

    thread = threading.Thread(target=run, name="labkit-check", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        _interrupt(thread)
        thread.join(1.0)
        return None, None, True
    return box.get("result"), box.get("error"), False


class _HandlerRun:
    """A LabServer on 127.0.0.1 port 0 serving the learner's handler, guarded."""

    def __init__(self, func: Callable[..., Any], deadline_s: float) -> None:
        self.errors: list[BaseException] = []
        self.sockets: list[_GuardedSocket] = []
        deadline = time.monotonic() + deadline_s

        def handler(client: socket.socket, addr: Any) -> None:
            guarded = _GuardedSocket(client, deadline)
            self.sockets.append(guarded)
            try:
                func(guarded, addr)
            except Exception as exc:
                self.errors.append(exc)
                raise  # the server logs it too, and keeps serving

        self.server = LabServer("127.0.0.1", 0, handler=handler, client_timeout=CHECK_TIMEOUT)

    def __enter__(self) -> _HandlerRun:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()

    @property
    def address(self) -> tuple[str, int]:
        return self.server.address

    def consumed_by(self, index: int) -> Callable[[], int]:
        """How many bytes the handler of client number ``index`` (0, 1, ...) has read."""
        return lambda: self.sockets[index].received if len(self.sockets) > index else 0

    @property
    def read_to_eof(self) -> bool:
        """Whether the handler of the latest client read until recv returned b''."""
        return bool(self.sockets) and self.sockets[-1].saw_eof


def _send_pieces(sock: Any, pieces: list[bytes],
                 consumed: Callable[[], int] | None = None) -> None:
    """Send ``pieces`` so that each arrives on its own: before the next piece, wait
    until the learner's code has read everything sent so far (``consumed()``, at most
    :data:`CONSUME_WAIT` s), or, when that cannot be observed, pause a little."""
    sent = 0
    for i, piece in enumerate(pieces):
        if i:
            if consumed is None:
                time.sleep(PIECE_PAUSE)
            else:
                until = time.monotonic() + CONSUME_WAIT
                while consumed() < sent and time.monotonic() < until:
                    time.sleep(0.002)
        sock.sendall(piece)
        sent += len(piece)


def _connect(address: tuple[str, int]) -> socket.socket:
    """A client socket to the checker's own server, under the kit's loopback rule."""
    host, port = address
    return connect(check_peer_host(host, func="check_exercise"), port, CHECK_TIMEOUT)


def _talk(address: tuple[str, int], pieces: list[bytes],
          consumed: Callable[[], int] | None = None) -> tuple[bytes, str | None]:
    """Play the client: send ``pieces`` with pauses, half-close, read until EOF.

    Returns the reply and what went wrong, if anything: ``"timeout"`` (the server
    never closed), ``"reset"`` (it closed before reading everything).
    """
    deadline = time.monotonic() + CHECK_TIMEOUT
    chunks: list[bytes] = []
    problem: str | None = None
    with _connect(address) as sock:
        try:
            _send_pieces(sock, pieces, consumed)
            sock.shutdown(socket.SHUT_WR)
        except TimeoutError:
            return b"", "timeout"
        except OSError:  # EPIPE, ECONNRESET, ENOTCONN: the server closed early
            problem = "reset"  # still read what it did send
        total = 0
        while total <= REPLY_LIMIT:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return b"".join(chunks), "timeout"
            sock.settimeout(remaining)
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                return b"".join(chunks), "timeout"
            except OSError:
                return b"".join(chunks), "reset"
            if not chunk:
                return b"".join(chunks), problem
            chunks.append(chunk)
            total += len(chunk)
    return b"".join(chunks), problem


def _pattern(size: int) -> bytes:
    """Recognisable bytes: a long reply whose every line says where it is."""
    out = bytearray()
    line = 0
    while len(out) < size:
        out += f"line {line:05d}: the quick brown fox jumps over the lazy dog\n".encode()
        line += 1
    return bytes(out[:size])


def _result(name: str, status: str, message: str) -> CheckResult:
    return CheckResult(name, status, message, get_language())


# ---------------------------------------------------------------- servers
# 60,000 bytes: more than one recv returns, less than the kit's own echo_handler's limit.
_BIG = _pattern(60_000)
ECHO_CASES: list[list[bytes]] = [
    [b"hello, echo\n"],
    [_BIG[:20_000], _BIG[20_000:40_000], _BIG[40_000:]],
]
_UPPER_TEXT = "hello, Tōkyō café! こんにちは\n" * 3
_UPPER_BYTES = _UPPER_TEXT.encode("utf-8")
_CUT = _UPPER_BYTES.index("é".encode()) + 1  # inside the two bytes of é
UPPER_CASES: list[list[bytes]] = [
    [b"hello, tcp\n"],
    [_UPPER_BYTES[:_CUT], _UPPER_BYTES[_CUT:]],
]


def _check_server(name: str, func: Callable[..., Any], cases: list[list[bytes]],
                  transform: Callable[[bytes], bytes]) -> CheckResult:
    """Shared by echo and upper: serve ``func``, send each case, compare the reply."""
    fname = getattr(func, "__name__", "handler")
    with _HandlerRun(func, deadline_s=CHECK_TIMEOUT * (len(cases) + 1)) as run:
        total = 0
        for index, pieces in enumerate(cases):
            sent = b"".join(pieces)
            want = transform(sent)
            reply, problem = _talk(run.address, pieces, run.consumed_by(index))
            time.sleep(0.01)  # let the server record the handler's error, if any
            if run.errors:
                return _result(name, *_explain_error(run.errors[0], fname))
            if reply == want and problem is None:
                total += len(want)
                continue
            if name == "upper" and reply:
                if reply == sent:
                    return _result(name, "fail", t("chk_not_upper", got=_show(reply)))
                if reply == sent.upper():
                    def first_line(data: bytes) -> str:
                        return data.decode("utf-8", errors="replace").split("\n")[0]

                    return _result(name, "fail", t("chk_bytes_upper", got=_show(first_line(reply)),
                                                    want=_show(first_line(want))))
            if problem == "reset" and want.startswith(reply):
                return _result(name, "fail", t("chk_reset"))
            if not reply and problem is None:
                return _result(name, "fail", t("chk_empty_reply", sent=_show(sent)))
            if problem is None and want.startswith(reply) and not run.read_to_eof:
                return _result(name, "fail", t("chk_partial_echo", got=len(reply),
                                                want=len(want)))
            if problem == "timeout" and (not reply or want.startswith(reply)):
                return _result(name, "fail", t("chk_no_close", timeout=CHECK_TIMEOUT))
            return _result(name, "fail", t("chk_wrong_reply", sent=_show(sent), want=_show(want),
                                            got=_show(reply),
                                            index=_first_difference(reply, want)))
    if name == "echo":
        return _result(name, "pass", t("chk_pass_echo", clients=len(cases), total=total))
    return _result(name, "pass", t("chk_pass_upper", clients=len(cases)))


def _check_echo(func: Callable[..., Any]) -> CheckResult:
    return _check_server("echo", func, ECHO_CASES, lambda data: data)


def _check_upper(func: Callable[..., Any]) -> CheckResult:
    return _check_server("upper", func, UPPER_CASES,
                         lambda data: data.decode("utf-8").upper().encode("utf-8"))


# ---------------------------------------------------------------- client
#: What the checker's server sends to the learner's client, piece by piece.
CLIENT_REPLIES: list[list[bytes]] = [
    [b"Server accessed.(1)\n", _pattern(6_000), _pattern(3_000)],
    [_pattern(200_000)],
]


def _check_client(func: Callable[..., Any]) -> CheckResult:
    name, fname = "client", getattr(func, "__name__", "client")

    def handler(client: socket.socket, addr: Any) -> None:
        pieces = CLIENT_REPLIES[min(server.count, len(CLIENT_REPLIES)) - 1]
        for i, piece in enumerate(pieces):
            if i:
                time.sleep(PIECE_PAUSE * 2)
            client.sendall(piece)

    server = LabServer("127.0.0.1", 0, handler=handler, client_timeout=CHECK_TIMEOUT)
    with server:
        host, port = server.address
        total = 0
        for pieces in CLIENT_REPLIES:
            want = b"".join(pieces)
            result, error, hung = _call_bounded(func, host, port)
            if hung:
                return _result(name, "fail", t("chk_client_hang", func=fname,
                                                timeout=CHECK_TIMEOUT))
            if isinstance(error, ConnectionRefusedError):
                return _result(name, "fail", t("chk_refused_client", host=host, port=port))
            if (wrong := _bad_call(name, result, error, fname)) is not None:
                return wrong
            result = bytes(result)
            if result == want:
                total += len(want)
                continue
            if want.startswith(result):
                return _result(name, "fail", t("chk_partial_client", got=len(result),
                                                want=len(want)))
            return _result(name, "fail", t("chk_wrong_result", func=fname, got=_show(result),
                                            want=_show(want),
                                            index=_first_difference(result, want)))
    return _result(name, "pass", t("chk_pass_client", total=total))


# ---------------------------------------------------------------- framing
#: The messages of the framing exercises: text, non-ASCII, large, empty.
FRAMING_MESSAGES: list[bytes] = [
    b"hello", "こんにちは".encode(), _pattern(70_000), b"", b"bye",
]


def _framed(messages: list[bytes]) -> bytes:
    """The exact bytes :func:`labkit._framing.send_msg` puts on the wire for ``messages``."""
    from ._framing import send_msg

    a, b = socket.socketpair()
    with a, b:
        out = bytearray()
        done = threading.Event()

        def read() -> None:
            while chunk := b.recv(65536):
                out.extend(chunk)
            done.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        for message in messages:
            send_msg(a, message)
        a.shutdown(socket.SHUT_WR)
        done.wait(CHECK_TIMEOUT)
        return bytes(out)


def _alt_frames(messages: list[bytes], fmt: str, *, chars: bool = False) -> bytes | None:
    """The wire bytes of a typical wrong framing, for naming the mistake."""
    try:
        return b"".join(
            struct.pack(fmt, len(m.decode("utf-8")) if chars else len(m)) + m for m in messages
        )
    except struct.error:
        return None


def _check_send_msg(func: Callable[..., Any]) -> CheckResult:
    name, fname = "send_msg", getattr(func, "__name__", "send_msg")
    messages = FRAMING_MESSAGES
    want = _framed(messages)

    def handler(client: Any, addr: Any) -> None:
        for message in messages:
            func(client, message)

    with _HandlerRun(handler, deadline_s=CHECK_TIMEOUT * 2) as run:
        raw, problem = _talk(run.address, [])
        time.sleep(0.01)
        if run.errors:
            error = run.errors[0]
            if isinstance(error, struct.error):  # e.g. 'H' cannot hold 70,000
                return _result(name, "fail", t("chk_prefix_size", size=2))
            return _result(name, *_explain_error(error, fname))
    if raw == want:
        return _result(name, "pass", t("chk_pass_send_msg", count=len(messages)))
    if not raw:
        return _result(name, "fail", t("chk_nothing_sent"))
    if raw == b"".join(messages):
        return _result(name, "fail", t("chk_no_prefix"))
    if raw in (_alt_frames(messages, "<I"), _alt_frames(messages, "<Q")):
        return _result(name, "fail", t("chk_little_endian"))
    for fmt in ("!Q", "!H", "!B"):
        if raw == _alt_frames(messages, fmt):
            return _result(name, "fail", t("chk_prefix_size", size=struct.calcsize(fmt)))
    if raw == _alt_frames(messages, "!I", chars=True):
        return _result(name, "fail", t("chk_prefix_chars"))
    empty_at = messages.index(b"")
    if raw == _framed(messages[:empty_at] + messages[empty_at + 1:]):
        return _result(name, "fail", t("chk_empty_msg"))
    index = _first_difference(raw, want)
    start = max(0, index - 4)
    return _result(name, "fail", t("chk_frames_differ", want=_show(want[start:start + 12]),
                                    got=_show(raw[start:start + 12])))


def _recv_msg_pieces(stream: bytes) -> list[bytes]:
    """Cut the framed stream where it hurts: inside the first prefix, two messages
    glued together, and in the middle of the large one."""
    cuts = [2, 4 + 5 + 4 + 7, 4 + 5 + 4 + 15 + 4 + 30_000, len(stream)]
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(stream[start:cut])
        start = cut
    return pieces


def _check_recv_msg(func: Callable[..., Any]) -> CheckResult:
    name, fname = "recv_msg", getattr(func, "__name__", "recv_msg")
    messages = FRAMING_MESSAGES
    pieces = _recv_msg_pieces(_framed(messages))

    readers: list[_GuardedSocket] = []  # the learner's end, once connected

    def handler(client: socket.socket, addr: Any) -> None:
        _send_pieces(client, pieces, lambda: readers[0].received if readers else 0)
        # Stay open until the client is done: EOF must not be what ends a message.
        client.settimeout(CHECK_TIMEOUT * 3)
        client.recv(1)

    server = LabServer("127.0.0.1", 0, handler=handler, client_timeout=CHECK_TIMEOUT * 3)
    with server, _connect(server.address) as sock:
        guarded = _GuardedSocket(sock, time.monotonic() + CHECK_TIMEOUT * 3)
        readers.append(guarded)
        for index, want in enumerate(messages, start=1):
            result, error, hung = _call_bounded(func, guarded, timeout=CHECK_TIMEOUT + 1)
            if hung or isinstance(error, TimeoutError):
                return _result(name, "fail", t("chk_recv_waited", index=index))
            if isinstance(error, struct.error):
                return _result(name, "fail", t("chk_header_short", error=_error_text(error)))
            if (wrong := _bad_call(name, result, error, fname)) is not None:
                return wrong
            result = bytes(result)
            if result == want:
                continue
            if len(result) == len(want) + 4 and result.endswith(want):
                return _result(name, "fail", t("chk_recv_with_prefix", index=index))
            if want.startswith(result):
                return _result(name, "fail", t("chk_recv_short", index=index, got=len(result),
                                                want=len(want)))
            if result.startswith(want):
                return _result(name, "fail", t("chk_recv_glued", index=index,
                                                extra=len(result) - len(want)))
            return _result(name, "fail", t("chk_recv_wrong", index=index, want=_show(want),
                                            got=_show(result)))
    return _result(name, "pass", t("chk_pass_recv_msg", count=len(messages)))


# ---------------------------------------------------------------- entry point
#: Exercise name -> (checker, the function name the notebook asks for).
EXERCISES: dict[str, tuple[Callable[[Callable[..., Any]], CheckResult], str]] = {
    "echo": (_check_echo, "my_echo"),
    "client": (_check_client, "my_client"),
    "upper": (_check_upper, "my_upper"),
    "send_msg": (_check_send_msg, "my_send_msg"),
    "recv_msg": (_check_recv_msg, "my_recv_msg"),
}


def check_exercise(name: str, func: Callable[..., Any]) -> CheckResult:
    """Run exercise ``name``'s checker on the learner's ``func`` and return the verdict.

    - ``"echo"``: ``func(client, addr)`` sends back every byte until the client closes;
    - ``"client"``: ``func(host, port) -> bytes`` reads the whole reply until EOF;
    - ``"upper"``: ``func(client, addr)`` reads until EOF and replies in upper case;
    - ``"send_msg"``: ``func(sock, data)`` sends a 4-byte big-endian length, then ``data``;
    - ``"recv_msg"``: ``func(sock) -> bytes`` receives one such message.

    Takes a few seconds at most; never raises because of ``func``.  A blank exercise
    gives ``status == "todo"`` ("not done yet").
    """
    if name not in EXERCISES:
        raise ValueError(t("chk_unknown", name=name, allowed=", ".join(EXERCISES)))
    checker, expected_name = EXERCISES[name]
    if not callable(func):
        if func is None:  # e.g. the learner assigned my_echo = None: not started
            return _result(name, "todo", t("chk_todo", func=expected_name))
        return _result(name, "fail", t("chk_not_callable", name=name, func=expected_name,
                                        value=func))
    if _is_blank(func):
        return _result(name, "todo", t("chk_todo", func=getattr(func, "__name__", expected_name)))
    return checker(func)
