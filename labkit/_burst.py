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

from ._i18n import add_messages, t
from ._validate import check_bufsize, check_port, check_timeout

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

add_messages({
    "burst_summary": {
        "en": "{n} clients: {served} served, {hung} hung (connected, no reply within "
              "{timeout:g} s), {failed} failed.",
        "ja": "クライアント {n} 個: 応答あり {served}、ハング {hung} (接続できたが {timeout:g} 秒"
              "以内に応答なし)、失敗 {failed}。",
    },
    "burst_latency": {
        "en": "Latency of the served clients: p50 {p50:.0f} ms, p99 {p99:.0f} ms, "
              "max {max:.0f} ms.",
        "ja": "応答ありのクライアントの待ち時間: p50 {p50:.0f} ms、p99 {p99:.0f} ms、"
              "最大 {max:.0f} ms。",
    },
    "burst_no_latency": {
        "en": "No client was served, so there is no latency to show.",
        "ja": "応答を受け取ったクライアントがないので、待ち時間はありません。",
    },
    "burst_counts_ok": {
        "en": "Access numbers seen: exactly 1..{served}, each once.",
        "ja": "受け取ったアクセス番号: 1..{served} がちょうど 1 回ずつ。",
    },
    "burst_counts_bad": {
        "en": "Access numbers seen are NOT exactly 1..{served} (missing or repeated numbers).",
        "ja": "受け取ったアクセス番号が 1..{served} と一致しません (抜けや重複があります)。",
    },
    "burst_table_head": {
        "en": "latency (ms)      clients",
        "ja": "待ち時間 (ms)     クライアント数",
    },
    "burst_table_hung": {"en": "hung", "ja": "ハング"},
    "burst_compare_head": {
        "en": "server|served|hung|failed|p50 ms|p99 ms",
        "ja": "サーバ|応答あり|ハング|失敗|p50 ms|p99 ms",
    },
    "burst_table_failed": {"en": "failed", "ja": "失敗"},
    "burst_too_many": {
        "en": "n={n} needs {need} open files but this process may open only {limit}. "
              "Cure: use a smaller n, or raise the limit (ulimit -n).",
        "ja": "n={n} には {need} 個のファイルを開く必要がありますが、このプロセスの上限は "
              "{limit} です。対処: n を小さくするか、上限を上げます (ulimit -n)。",
    },
    "cure_burst_n": {
        "en": "200 clients are enough to overflow listen(2).",
        "ja": "listen(2) をあふれさせるには 200 個で十分です。",
    },
})


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
    if not isinstance(host, str) or not host:
        raise TypeError(t("bad_type", name="host", expected="str", value=host,
                          typename=type(host).__name__, example="host='127.0.0.1'"))
    port = check_port(port, allow_zero=False)
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(t("bad_type", name="n", expected="int", value=n,
                          typename=type(n).__name__, example="n=200"))
    if not 1 <= n <= BURST_MAX:
        raise ValueError(t("bad_range", name="n", value=n, low=1, high=BURST_MAX,
                           cure=t("cure_burst_n")))
    checked = check_timeout(timeout)
    if checked is None:
        raise TypeError(t("bad_type", name="timeout", expected="float (seconds)", value=None,
                          typename="NoneType", example="timeout=2.0"))
    timeout = checked
    bufsize = check_bufsize(bufsize)
    if isinstance(send, str):
        send = send.encode("utf-8")
    limit = _open_limit()
    if limit is not None and n + 64 > limit:
        raise OSError(errno.EMFILE, t("burst_too_many", n=n, need=n + 64, limit=limit))

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    results = [ClientResult(i) for i in range(n)]
    started = [0.0] * n
    chunks: list[list[bytes]] = [[] for _ in range(n)]
    connected = [False] * n
    done = 0

    def finish(i: int, status: str, error: str = "") -> None:
        nonlocal done
        r = results[i]
        r.status, r.error = status, error
        r.latency = time.perf_counter() - started[i]
        r.reply = b"".join(chunks[i])
        done += 1
        if progress is not None:
            progress(done, n)

    sel = selectors.DefaultSelector()
    socks: list[socket.socket | None] = [None] * n
    begin = time.perf_counter()
    try:
        # Fire every connect first, then wait: this is the burst.
        for i in range(n):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.setblocking(False)
            socks[i] = sock
            started[i] = time.perf_counter()
            code = sock.connect_ex((host, port))
            if code not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK, 10035):  # 10035: Windows
                finish(i, FAILED, errno.errorcode.get(code, str(code)))
                sock.close()
                socks[i] = None
                continue
            # Writable = connected.  (Windows reports a failed connect only as an
            # "exceptional" condition, which selectors do not watch: there a refused
            # client shows up as "connect timed out" when the burst's timeout expires.)
            sel.register(sock, selectors.EVENT_WRITE, i)
        deadline = begin + timeout
        while done < n:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                break
            for key, _mask in sel.select(remaining):
                i = key.data
                sock = socks[i]
                assert sock is not None
                if not connected[i]:
                    code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if code:
                        _close(sel, socks, i)
                        finish(i, FAILED, errno.errorcode.get(code, str(code)))
                        continue
                    connected[i] = True
                    if send is not None:
                        try:  # a small message fits the socket buffer at once
                            sock.sendall(send)
                            sock.shutdown(socket.SHUT_WR)
                        except OSError as exc:
                            _close(sel, socks, i)
                            finish(i, FAILED, type(exc).__name__)
                            continue
                    sel.modify(sock, selectors.EVENT_READ, i)
                    continue
                try:
                    data = sock.recv(bufsize)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError as exc:  # e.g. reset by the server
                    _close(sel, socks, i)
                    finish(i, SERVED if chunks[i] else FAILED, type(exc).__name__)
                    continue
                if data and sum(map(len, chunks[i])) < REPLY_MAX:
                    chunks[i].append(data)
                    continue
                _close(sel, socks, i)
                finish(i, SERVED if chunks[i] else FAILED, "" if chunks[i] else "EOF")
        # Whoever is left ran out of time.
        for i in range(n):
            if socks[i] is not None:
                _close(sel, socks, i)
                if connected[i]:
                    finish(i, SERVED if chunks[i] else HUNG)
                else:
                    finish(i, FAILED, "connect timed out")
    finally:
        for i in range(n):
            if socks[i] is not None:
                _close(sel, socks, i)
        sel.close()
    result = BurstResult(results, timeout, time.perf_counter() - begin)
    for r in results:
        if r.status == SERVED:
            match = _COUNT.search(r.reply.decode("utf-8", errors="replace"))
            if match:
                r.count = int(match.group(1))
                result.counts.append(r.count)
    return result


def _close(sel: selectors.BaseSelector, socks: list[socket.socket | None], i: int) -> None:
    sock = socks[i]
    if sock is None:
        return
    try:
        sel.unregister(sock)
    except (KeyError, ValueError):
        pass
    sock.close()
    socks[i] = None
