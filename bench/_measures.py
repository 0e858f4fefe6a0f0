"""The five measurements: sequential rate, bursts, stop() latency, leaks, panel cost.

Each returns a plain dict (JSON-ready) holding its raw numbers and its summary.
Every client is bounded by a timeout and every loop by a count, so a broken
server makes a measurement report a hang or a failure, never hang itself.
"""

from __future__ import annotations

import gc
import socket
import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

import labkit
from labkit._burst import percentile  # the nearest rank, as labkit.burst reports it

from ._peers import PEERS, article_client, fetch_client, reply_count

__all__ = ["bursts", "leaks", "panel_cost", "sequential", "stop_latency"]

CLIENTS: dict[str, Callable[[tuple[str, int], float], bytes]] = {
    "article client": article_client,
    "labkit.fetch": fetch_client,
}
#: Seconds any one benchmark client may wait for its reply.
CLIENT_TIMEOUT = 5.0


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 3)


# --------------------------------------------------------------- sequential rate
def _server_thread_clock(prefix: str) -> int | None:
    """The CPU clock of the serving thread named ``prefix...`` (None: several threads,
    as in ThreadingTCPServer, or no per-thread clocks on this OS)."""
    if not hasattr(time, "pthread_getcpuclockid"):
        return None
    found = [t for t in threading.enumerate() if t.name.startswith(prefix)]
    if len(found) != 1 or found[0].ident is None:
        return None
    return time.pthread_getcpuclockid(found[0].ident)


_THREAD_NAMES = {"LabServer": "labkit-server", "article (a) prints discarded": "article-server",
                 "article (b) no prints": "article-server"}


def _run_sequential(peer_name: str, client_name: str, n: int, warmup: int) -> dict[str, Any]:
    """Start the peer, connect/read/close ``warmup + n`` times, check every reply.

    Also measures the serving thread's own CPU time per connection, which says
    where a difference in rate comes from (the client's share is the same for all).
    """
    client = CLIENTS[client_name]
    peer = PEERS[peer_name]()
    address = peer.start()
    name = _THREAD_NAMES.get(peer_name)
    clock = _server_thread_clock(name) if name else None
    lost = 0
    cpu = None
    expected = 1
    try:
        for _ in range(warmup):
            lost += reply_count(client(address, CLIENT_TIMEOUT)) != expected
            expected += 1
        cpu_begin = time.clock_gettime(clock) if clock is not None else 0.0
        begin = time.perf_counter()
        for _ in range(n):
            try:
                count = reply_count(client(address, CLIENT_TIMEOUT))
            except OSError:
                count = None
            lost += count != expected
            expected += 1
        elapsed = time.perf_counter() - begin
        if clock is not None:
            cpu = (time.clock_gettime(clock) - cpu_begin) / n
    finally:
        peer.stop()
    served = peer.served()
    return {"rate": n / elapsed, "lost": lost + abs(served - (warmup + n)), "cpu": cpu}


def sequential(rounds: int, n: int, warmup: int = 20) -> dict[str, Any]:
    """Connections per second, one client at a time, every peer in every round.

    The order of the peers rotates each round, so none always runs first (cold
    caches) or last (a busy neighbour), and the report takes medians.  The ratio
    LabServer / peer is the median of the ratios within each round: on a shared
    machine the load drifts between rounds, and a round's peers share its load.
    """
    names = list(PEERS)
    raw: dict[str, dict[str, list[float]]] = {c: {p: [] for p in names} for c in CLIENTS}
    cpu: dict[str, list[float]] = {p: [] for p in names}
    lost: dict[str, int] = {p: 0 for p in names}
    for client_name in CLIENTS:  # one untimed pass: imports, caches, branch predictors
        for peer_name in names:
            _run_sequential(peer_name, client_name, min(n, 200), warmup)
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for client_name in CLIENTS:
            for peer_name in order:
                result = _run_sequential(peer_name, client_name, n, warmup)
                raw[client_name][peer_name].append(result["rate"])
                if result["cpu"] is not None:
                    cpu[peer_name].append(result["cpu"])
                lost[peer_name] += result["lost"]
    summary: dict[str, Any] = {}
    for client_name, by_peer in raw.items():
        lab = by_peer["LabServer"]
        summary[client_name] = {
            p: {"median_rate": round(statistics.median(v)),
                "labserver_ratio": round(statistics.median(
                    x / y for x, y in zip(lab, v, strict=True)), 3),
                "rates": [round(x) for x in v]}
            for p, v in by_peer.items()
        }
    server_cpu_us = {p: round(statistics.median(v) * 1e6, 1) if v else None
                     for p, v in cpu.items()}
    return {"rounds": rounds, "connections_per_round": n, "by_client": summary,
            "server_cpu_us_per_connection": server_cpu_us, "lost": lost}


# ------------------------------------------------------------------------ bursts
def _burst_once(server_kind: str, n: int, timeout: float) -> dict[str, Any]:
    if server_kind == "LabServer":
        server: Any = labkit.LabServer(port=0).start()
    else:
        server = labkit.ArticleServer(port=0, backlog=2, prints="discard").start()
    try:
        result = labkit.burst(*server.address, n, timeout=timeout)
    finally:
        server.stop()
    served_by_server = server.count if server_kind == "LabServer" else len(server.counts)
    return {
        "served": result.served, "hung": result.hung, "failed": result.failed,
        "latencies": result.latencies,
        # Exactly 1..n: every client got a distinct access number and none is missing.
        "counts_exact": sorted(result.counts) == list(range(1, n + 1)),
        "counts_distinct": len(set(result.counts)) == len(result.counts),
        "server_count": served_by_server,
    }


def bursts(sizes: list[int], rounds: int, timeout: float) -> dict[str, Any]:
    """``n`` clients connecting at once (labkit.burst), LabServer vs the article's listen(2)."""
    out: dict[str, Any] = {"rounds": rounds, "client_timeout_s": timeout, "results": []}
    for n in sizes:
        for kind in ("LabServer", "article listen(2)"):
            runs = [_burst_once(kind, n, timeout) for _ in range(rounds)]
            latencies = [x for run in runs for x in run["latencies"]]
            out["results"].append({
                "server": kind, "clients": n,
                "hung": sum(r["hung"] for r in runs),
                "failed": sum(r["failed"] for r in runs),
                "served": sum(r["served"] for r in runs),
                "attempted": n * rounds,
                "hung_per_round": [r["hung"] for r in runs],
                "p50_ms": _ms(percentile(latencies, 50)),
                "p99_ms": _ms(percentile(latencies, 99)),
                "max_ms": _ms(max(latencies) if latencies else None),
                "counts_exact": all(r["counts_exact"] for r in runs),
                "counts_distinct": all(r["counts_distinct"] for r in runs),
            })
    return out


# ---------------------------------------------------------------- stop() latency
def _silent_reader(client: Any, addr: Any) -> None:
    """A handler that waits for a client that never sends: only stop() frees it."""
    while client.recv(1024):
        pass


def _stop_idle() -> float:
    server = labkit.LabServer(port=0).start()
    labkit.fetch(*server.address)
    begin = time.perf_counter()
    server.stop()
    return time.perf_counter() - begin


def _stop_loaded(clients: int = 2, settle: float = 0.02) -> float:
    """stop() while ``clients`` threads connect as fast as they can."""
    server = labkit.LabServer(port=0).start()
    address = server.address
    done = threading.Event()

    def hammer() -> None:
        for _ in range(100_000):  # bounded; stops at the first refusal after stop()
            if done.is_set():
                return
            try:
                article_client(address, 1.0)
            except OSError:
                return

    threads = [threading.Thread(target=hammer, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(settle)
    begin = time.perf_counter()
    server.stop()
    elapsed = time.perf_counter() - begin
    done.set()
    for thread in threads:
        thread.join(5.0)
    return elapsed


def _stop_blocked() -> float:
    """stop() while the handler waits in recv() on a client that never sends."""
    server = labkit.LabServer(port=0, handler=_silent_reader).start()
    with socket.create_connection(server.address, timeout=5.0):
        for _ in range(500):  # until the handler has the client (at most ~5 s)
            if any(e.kind == "accept" for e in server.events):
                break
            time.sleep(0.01)
        begin = time.perf_counter()
        server.stop()
        return time.perf_counter() - begin


def stop_latency(repeats: int) -> dict[str, Any]:
    """p50/p99 of stop(): idle, under load, and with a handler blocked on a silent client."""
    out: dict[str, Any] = {"repeats": repeats}
    for name, measure in (("idle", _stop_idle), ("under load", _stop_loaded),
                          ("handler blocked in recv", _stop_blocked)):
        times = [measure() for _ in range(repeats)]
        out[name] = {"p50_ms": _ms(percentile(times, 50)), "p99_ms": _ms(percentile(times, 99)),
                     "max_ms": _ms(max(times))}
    return out


# ------------------------------------------------------------------------- leaks
def _echo_upper(client: Any, addr: Any) -> None:
    print("serving", addr)  # goes to the server log, not to stdout
    client.sendall(client.recv(1024).upper())


def _cycle(i: int) -> bool:
    """Start a server, serve one client, stop it; True if the reply was right."""
    kind = i % 3
    if kind == 0:
        server = labkit.LabServer(port=0)
    elif kind == 1:
        server = labkit.LabServer(port=0, handler=_echo_upper)
    else:
        server = labkit.LabServer(port=0, handler=_echo_upper, concurrent=True, workers=4)
    with server:
        if kind == 0:
            return labkit.fetch(*server.address) == "Server accessed.(1)"
        return labkit.fetch(*server.address, send="hi") == "HI"


def _snapshot() -> dict[str, int]:
    import psutil

    gc.collect()
    process = psutil.Process()
    snap = {"threads": threading.active_count(), "os_threads": process.num_threads()}
    if hasattr(process, "num_fds"):
        snap["fds"] = process.num_fds()
    else:  # Windows
        snap["handles"] = process.num_handles()
    return snap


def leaks(cycles: int) -> dict[str, Any]:
    """``cycles`` start/serve/stop cycles (plain, custom handler, concurrent workers)."""
    for i in range(6):  # warm up: lazy imports, the stdout router, selector modules
        _cycle(i)
    before = _snapshot()
    wrong = sum(not _cycle(i) for i in range(cycles))
    after = _snapshot()
    still_running = len(labkit.running_servers())
    return {
        "cycles": cycles, "before": before, "after": after,
        "leaked": {k: after[k] - before[k] for k in before},
        "wrong_replies": wrong, "servers_left_running": still_running,
    }


# -------------------------------------------------------------------- panel cost
class _CommCounter:
    """Counts the messages widgets would send to the frontend, without a frontend.

    ipywidgets opens every widget's comm with ``comm.create_comm``, a hook the
    ``comm`` package documents as "intended to be replaced".  We replace it with a
    factory for a comm that counts what it would publish.
    """

    def __init__(self) -> None:
        import comm

        self.lock = threading.Lock()
        self.messages: list[tuple[float, str]] = []
        counter = self

        class CountingComm(comm.DummyComm):
            def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None,
                            buffers: Any = None, **keys: Any) -> None:
                with counter.lock:
                    counter.messages.append((time.perf_counter(), msg_type))

        self._module = comm
        self._comm_class = CountingComm
        self._saved: Any = None

    def __enter__(self) -> _CommCounter:
        self._saved = self._module.create_comm
        self._module.create_comm = lambda *a, **k: self._comm_class(*a, **k)
        return self

    def __exit__(self, *exc: object) -> None:
        self._module.create_comm = self._saved

    def between(self, begin: float, end: float, kind: str = "comm_msg") -> int:
        with self.lock:
            return sum(1 for when, k in self.messages if k == kind and begin <= when <= end)


def _run_panel(n: int, with_panel: bool, counter: _CommCounter) -> dict[str, Any]:
    panel = None
    if with_panel:
        panel = labkit.lab_panel("127.0.0.1", 0)
        panel.start()  # the Start button's code path: the panel reads its boxes
        server = panel.server
        assert server is not None, "the panel did not start its server"
    else:
        server = labkit.LabServer(port=0).start()
    address = server.address
    lost = 0
    try:
        begin = time.perf_counter()
        for expected in range(1, n + 1):
            try:
                lost += reply_count(article_client(address, CLIENT_TIMEOUT)) != expected
            except OSError:
                lost += 1
        end = time.perf_counter()
        lost += abs(server.count - n)
    finally:
        if panel is not None:
            panel.stop()  # the Stop button: stops the server, shows the last log lines
            panel.close()
        else:
            server.stop()
    elapsed = end - begin
    # Updates while serving (the rate the browser sees), and all of them up to the
    # last flush on close (a short run may end before the first timed flush).
    messages = counter.between(begin, end) if with_panel else 0
    total = counter.between(begin, time.perf_counter()) if with_panel else 0
    return {"rate": n / elapsed, "messages": messages, "messages_per_s": messages / elapsed,
            "messages_until_closed": total, "lost": lost}


def panel_cost(rounds: int, n: int) -> dict[str, Any]:
    """``n`` connections with ``lab_panel`` attached vs a bare LabServer, interleaved."""
    with _CommCounter() as counter:
        _run_panel(min(n, 200), True, counter)  # warm up: widget classes, templates
        runs: dict[str, list[dict[str, Any]]] = {"without panel": [], "with panel": []}
        for r in range(rounds):
            order = [False, True] if r % 2 == 0 else [True, False]
            for with_panel in order:
                key = "with panel" if with_panel else "without panel"
                runs[key].append(_run_panel(n, with_panel, counter))
    bare = statistics.median(x["rate"] for x in runs["without panel"])
    paneled = statistics.median(x["rate"] for x in runs["with panel"])
    return {
        "rounds": rounds, "connections_per_round": n,
        "rate_without_panel": round(bare), "rate_with_panel": round(paneled),
        "ratio": round(paneled / bare, 3),
        "frontend_messages_per_s": round(
            statistics.median(x["messages_per_s"] for x in runs["with panel"]), 2),
        "frontend_messages_max_per_s": round(
            max(x["messages_per_s"] for x in runs["with panel"]), 2),
        "frontend_messages_total": sum(x["messages_until_closed"] for x in runs["with panel"]),
        "lost": sum(x["lost"] for v in runs.values() for x in v),
        "runs": {k: [{"rate": round(x["rate"]), "messages": x["messages"]} for x in v]
                 for k, v in runs.items()},
    }
