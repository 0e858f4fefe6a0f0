"""burst: fire many clients at a server at the same moment and report what each one got.

Notebook 05 uses it to show the article's ``listen(2)`` failing under a burst of
200 clients (some connect but are never served; others stall ~1 s while their
SYN is retransmitted), and the cures (a proper backlog, a concurrent server).
The benchmark (``bench/``) may reuse it.

All clients are driven from one thread with :mod:`selectors` and non-blocking
sockets, so the connects really leave within a few milliseconds of each other
(threads would start one by one), and the whole burst is bounded by ``timeout``:
a client still waiting when it expires is reported, never waited for.
"""

from __future__ import annotations

import errno
import math
import re
import selectors
import socket
import sys
import time
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ._i18n import t
from ._validate import check_bufsize, check_number, check_peer_host, check_port, check_timeout
from ._wire import as_bytes

__all__ = ["BurstResult", "ClientResult", "burst", "burst_comparison", "SERVED", "HUNG", "FAILED"]

#: The client connected and got a reply (the server closed after it).
SERVED = "served"
#: The client connected (its ``connect()`` succeeded) but no reply came before the timeout.
HUNG = "hung"
#: The client could not connect (refused, reset, or the connect itself timed out).
FAILED = "failed"

#: Windows' select() watches at most 512 sockets; elsewhere 1,000 is plenty for a lesson.
BURST_MAX = 500 if sys.platform == "win32" else 1000
#: A reply longer than this ends the client's read: a burst measures, it does not download.
REPLY_MAX = 65536
_COUNT = re.compile(r"\((\d+)\)")


@dataclass
class ClientResult:
    """What one client of the burst saw.  ``latency`` is seconds from its connect() call
    to the end of the reply (served), or to the moment it gave up (hung/failed)."""

    index: int
    status: str = FAILED
    latency: float = 0.0
    reply: bytes = b""
    count: int | None = None
    error: str = ""


@dataclass
class BurstResult:
    """The outcome of :func:`burst`: one :class:`ClientResult` per client, and a summary.

    ``print(result)`` shows the summary in the current language;
    :meth:`table` shows the latencies as a small text histogram.
    """

    clients: list[ClientResult]
    timeout: float
    elapsed: float = 0.0
    counts: list[int] = field(default_factory=list)

    def _with(self, status: str) -> list[ClientResult]:
        return [c for c in self.clients if c.status == status]

    @property
    def n(self) -> int:
        return len(self.clients)

    @property
    def served(self) -> int:
        return len(self._with(SERVED))

    @property
    def hung(self) -> int:
        return len(self._with(HUNG))

    @property
    def failed(self) -> int:
        return len(self._with(FAILED))

    @property
    def latencies(self) -> list[float]:
        """Seconds each served client waited, sorted."""
        return sorted(c.latency for c in self._with(SERVED))

    def percentile(self, p: float) -> float | None:
        """The ``p``-th percentile (0-100) of the served latencies in seconds (nearest rank)."""
        return percentile(self.latencies, p)

    @property
    def p50(self) -> float | None:
        return self.percentile(50)

    @property
    def p99(self) -> float | None:
        return self.percentile(99)

    @property
    def slow(self) -> int:
        """Served clients that waited 0.9 s or more: a retransmitted SYN (Linux waits 1 s)."""
        return sum(1 for x in self.latencies if x >= 0.9)

    @property
    def counts_ok(self) -> bool:
        """True when the access numbers the served clients saw are exactly 1..served."""
        return sorted(self.counts) == list(range(1, self.served + 1))

    def to_dict(self) -> dict[str, object]:
        """The summary as plain numbers (seconds), e.g. for a benchmark's JSON report."""
        return {"n": self.n, "served": self.served, "hung": self.hung, "failed": self.failed,
                "p50": self.p50, "p99": self.p99,
                "max": self.latencies[-1] if self.latencies else None,
                "slow": self.slow, "counts_ok": self.counts_ok, "timeout": self.timeout,
                "elapsed": self.elapsed}

    def summary(self, lang: str | None = None) -> str:
        lines = [t("burst_summary", lang, n=self.n, served=self.served, hung=self.hung,
                   failed=self.failed, timeout=self.timeout)]
        if self.latencies:
            lines.append(t("burst_latency", lang, p50=self.p50 * 1000, p99=self.p99 * 1000,
                           max=self.latencies[-1] * 1000))
        else:
            lines.append(t("burst_no_latency", lang))
        if self.counts:
            key = "burst_counts_ok" if self.counts_ok else "burst_counts_bad"
            lines.append(t(key, lang, served=self.served))
        return "\n".join(lines)

    def table(self, lang: str | None = None, width: int = 40) -> str:
        """A text histogram: how many clients fell in each latency band."""
        bands = [("0-10", 0.0, 0.01), ("10-100", 0.01, 0.1), ("100-500", 0.1, 0.5),
                 ("500-900", 0.5, 0.9), ("900-1500", 0.9, 1.5), ("1500+", 1.5, float("inf"))]
        rows = [(name, sum(1 for x in self.latencies if low <= x < high))
                for name, low, high in bands]
        rows.append((t("burst_table_hung", lang), self.hung))
        rows.append((t("burst_table_failed", lang), self.failed))
        scale = max(1, max(count for _, count in rows))
        out = [t("burst_table_head", lang)]
        for name, count in rows:
            bar = "#" * round(count / scale * width) if count else ""
            out.append(f"{_ljust(name, 16)}{count:>5}  {bar}")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.summary()


def percentile(values: list[float], p: float) -> float | None:
    """The ``p``-th percentile (0-100) of ``values``, nearest rank; None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


def _width(text: str) -> int:
    """Columns ``text`` takes in a monospace font (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _ljust(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _rjust(text: str, width: int) -> str:
    return " " * max(0, width - _width(text)) + text


def burst_comparison(results: Mapping[str, BurstResult], lang: str | None = None) -> str:
    """A text table comparing several bursts: served, hung, failed, p50 and p99 per server."""
    head = t("burst_compare_head", lang).split("|")
    rows = [head]
    for name, r in results.items():
        p50 = "-" if r.p50 is None else f"{r.p50 * 1000:.0f}"
        p99 = "-" if r.p99 is None else f"{r.p99 * 1000:.0f}"
        rows.append([name, str(r.served), str(r.hung), str(r.failed), p50, p99])
    first = max(_width(row[0]) for row in rows) + 2
    others = [max(_width(row[i]) for row in rows) + 2 for i in range(1, len(head))]
    return "\n".join(
        _ljust(row[0], first) + "".join(_rjust(cell, w) for cell, w in zip(row[1:], others,
                                                                          strict=True))
        for row in rows
    )


def _open_limit() -> int | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return None if soft == resource.RLIM_INFINITY else soft


def burst(
    host: str,
    port: int,
    n: int,
    *,
    timeout: float = 2.0,
    send: bytes | str | None = None,
    bufsize: int = 4096,
    progress: Callable[[int, int], None] | None = None,
) -> BurstResult:
    """Connect ``n`` clients to ``(host, port)`` at once; each reads the reply until EOF.

    - ``timeout``: seconds the whole burst may take; a client connected but still
      without a reply then is *hung*, one still connecting is *failed*.
    - ``send``: optional message each client sends (then half-closes) after connecting.
    - ``progress(done, n)``: called (in this thread) each time a client finishes,
      e.g. to move an ``ipywidgets.IntProgress``.

    Returns a :class:`BurstResult`.  Never raises for a client's own failure: it
    is recorded.  Access numbers ``(N)`` in the replies are collected in ``counts``.
    """
    host = check_peer_host(host)
    port = check_port(port, allow_zero=False)
    n = check_number("n", n, 1, BURST_MAX, example="n=200", cure="cure_burst_n")
    checked = check_timeout(timeout)
    if checked is None:
        raise TypeError(t("bad_type", name="timeout", expected="float (seconds)", value=None,
                          typename="NoneType", example="timeout=2.0"))
    timeout = checked
    bufsize = check_bufsize(bufsize)
    if send is not None:
        send = as_bytes("send", send)
    limit = _open_limit()
    if limit is not None and n + 64 > limit:
        raise OSError(errno.EMFILE, t("burst_too_many", n=n, need=n + 64, limit=limit))

    run = _Burst(n, send, bufsize, progress)
    begin = time.perf_counter()
    try:
        run.fire(host, port)  # every connect first, then wait: this is the burst
        run.serve(begin + timeout)
        run.expire()  # whoever is left ran out of time
    finally:
        run.close_all()
    result = BurstResult(run.results, timeout, time.perf_counter() - begin)
    for r in run.results:
        if r.status == SERVED:
            match = _COUNT.search(r.reply.decode("utf-8", errors="replace"))
            if match:
                r.count = int(match.group(1))
                result.counts.append(r.count)
    return result


class _Burst:
    """The state of one burst: ``n`` non-blocking clients watched by one selector."""

    def __init__(self, n: int, send: bytes | None, bufsize: int,
                 progress: Callable[[int, int], None] | None) -> None:
        self.n, self.send, self.bufsize, self.progress = n, send, bufsize, progress
        self.results = [ClientResult(i) for i in range(n)]
        self.started = [0.0] * n
        self.chunks: list[list[bytes]] = [[] for _ in range(n)]
        self.connected = [False] * n
        self.socks: list[socket.socket | None] = [None] * n
        self.sel = selectors.DefaultSelector()
        self.done = 0

    def finish(self, i: int, status: str, error: str = "") -> None:
        """Close client ``i`` (if still open) and record what it saw."""
        self.close(i)
        r = self.results[i]
        r.status, r.error = status, error
        r.latency = time.perf_counter() - self.started[i]
        r.reply = b"".join(self.chunks[i])
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.n)

    def fire(self, host: str, port: int) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        for i in range(self.n):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.setblocking(False)
            self.socks[i] = sock
            self.started[i] = time.perf_counter()
            code = sock.connect_ex((host, port))
            if code not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK, 10035):  # 10035: Windows
                self.finish(i, FAILED, errno.errorcode.get(code, str(code)))
                continue
            # Writable = connected.  (Windows reports a failed connect only as an
            # "exceptional" condition, which selectors do not watch: there a refused
            # client shows up as "connect timed out" when the burst's timeout expires.)
            self.sel.register(sock, selectors.EVENT_WRITE, i)

    def serve(self, deadline: float) -> None:
        """Handle connects and replies until every client is done or ``deadline`` passes."""
        while self.done < self.n:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return
            for key, _mask in self.sel.select(remaining):
                i = key.data
                if self.connected[i]:
                    self._readable(i)
                else:
                    self._writable(i)

    def _writable(self, i: int) -> None:
        sock = self.socks[i]
        assert sock is not None
        code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if code:
            self.finish(i, FAILED, errno.errorcode.get(code, str(code)))
            return
        self.connected[i] = True
        if self.send is not None:
            try:  # a small message fits the socket buffer at once
                sock.sendall(self.send)
                sock.shutdown(socket.SHUT_WR)
            except OSError as exc:
                self.finish(i, FAILED, type(exc).__name__)
                return
        self.sel.modify(sock, selectors.EVENT_READ, i)

    def _readable(self, i: int) -> None:
        sock = self.socks[i]
        assert sock is not None
        chunks = self.chunks[i]
        try:
            data = sock.recv(self.bufsize)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:  # e.g. reset by the server
            self.finish(i, SERVED if chunks else FAILED, type(exc).__name__)
            return
        if data and sum(map(len, chunks)) < REPLY_MAX:
            chunks.append(data)
            return
        self.finish(i, SERVED if chunks else FAILED, "" if chunks else "EOF")

    def expire(self) -> None:
        for i in range(self.n):
            if self.socks[i] is not None:
                if self.connected[i]:
                    self.finish(i, SERVED if self.chunks[i] else HUNG)
                else:
                    self.finish(i, FAILED, "connect timed out")

    def close(self, i: int) -> None:
        sock = self.socks[i]
        if sock is None:
            return
        try:
            self.sel.unregister(sock)
        except (KeyError, ValueError):
            pass
        sock.close()
        self.socks[i] = None

    def close_all(self) -> None:
        for i in range(self.n):
            self.close(i)
        self.sel.close()
