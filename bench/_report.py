"""The machine description, the target checks and the markdown table."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

__all__ = ["VS_ARTICLE_LOOP", "VS_THREADING", "check_targets", "machine", "markdown",
           "rate_summary", "verdict"]

#: Issue 11's targets for the sequential rate, LabServer / peer, measured side by side:
#: at least 0.9x the article's bare loop (b) (public socket APIs only, and a log of
#: every event) and at least 2x socketserver.ThreadingTCPServer.
VS_ARTICLE_LOOP = 0.9
VS_THREADING = 2.0


def _read(path: str) -> str | None:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return None


def _cpu_model() -> str:
    info = _read("/proc/cpuinfo") or ""
    for line in info.splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, timeout=5, cwd=Path(__file__).parent)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def machine() -> dict[str, Any]:
    """What the numbers depend on: CPUs, Python, OS, kernel, limits, load."""
    import psutil

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        usable = os.cpu_count()
    try:
        import resource

        nofile = list(resource.getrlimit(resource.RLIMIT_NOFILE))
    except ImportError:
        nofile = None
    return {
        "cpu_count": os.cpu_count(), "cpus_usable": usable, "cpu_model": _cpu_model(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": platform.platform(terse=True), "kernel": platform.release(),
        "system": platform.system(), "somaxconn": _read("/proc/sys/net/core/somaxconn"),
        "tcp_syncookies": _read("/proc/sys/net/ipv4/tcp_syncookies"),
        "open_files_limit": nofile,
        "load_average_start": [round(x, 2) for x in os.getloadavg()]
        if hasattr(os, "getloadavg") else None,
        "commit": _git_commit(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "argv": sys.argv[1:],
    }


def check_targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured value and whether it is met."""
    rows: list[dict[str, Any]] = []

    def add(target: str, measured: str, met: bool) -> None:
        rows.append({"target": target, "measured": measured, "met": bool(met)})

    for client, by_peer in r["sequential"]["by_client"].items():
        b = by_peer["article (b) no prints"]["labserver_ratio"]
        add(f"LabServer >= {VS_ARTICLE_LOOP}x article loop (b), {client}", f"{b:.2f}x",
            b >= VS_ARTICLE_LOOP)
        ts = by_peer["socketserver.ThreadingTCPServer"]["labserver_ratio"]
        add(f"LabServer >= {VS_THREADING:g}x ThreadingTCPServer, {client}", f"{ts:.2f}x",
            ts >= VS_THREADING)
    for row in r["bursts"]["results"]:
        if row["server"] != "LabServer":
            continue
        add(f"burst of {row['clients']}: 0 hangs, 0 failures, counts exactly 1..n",
            f"{row['hung']} hung, {row['failed']} failed, counts "
            f"{'exact' if row['counts_exact'] else 'NOT exact'} "
            f"({row['attempted']} clients in {r['bursts']['rounds']} rounds)",
            row["hung"] == 0 and row["failed"] == 0 and row["counts_exact"])
    for n in r["bursts"].get("skipped_for_open_files_limit", []):
        add(f"burst of {n}: 0 hangs, 0 failures, counts exactly 1..n",
            "not measured: open-files limit too low (ulimit -n)", False)
    for case in ("idle", "under load", "handler blocked in recv"):
        p99 = r["stop"][case]["p99_ms"]
        add(f"stop() p99 < 50 ms, {case}", f"{p99:.1f} ms", p99 < 50)
    leaked = r["leaks"]["leaked"]
    add(f"{r['leaks']['cycles']} start/stop cycles leave no thread or fd",
        ", ".join(f"{k} {v:+d}" for k, v in leaked.items()),
        all(v <= 0 for v in leaked.values()) and r["leaks"]["servers_left_running"] == 0)
    p = r["panel"]
    add("panel attached: >= 0.8x the rate without it", f"{p['ratio']:.2f}x", p["ratio"] >= 0.8)
    add("panel attached: <= 20 frontend updates/s",
        f"{p['frontend_messages_per_s']:.1f}/s (max {p['frontend_messages_max_per_s']:.1f}/s)",
        p["frontend_messages_max_per_s"] <= 20)
    return rows


def rate_summary(r: dict[str, Any]) -> list[str]:
    """One line per client: LabServer's rate ratios against their targets, and the load."""
    load = r["machine"].get("load_average_start")
    lines = []
    for client, by_peer in r["sequential"]["by_client"].items():
        b = by_peer["article (b) no prints"]["labserver_ratio"]
        ts = by_peer["socketserver.ThreadingTCPServer"]["labserver_ratio"]
        lines.append(
            f"{client}: LabServer {b:.2f}x article loop (b) (target >= {VS_ARTICLE_LOOP}x, "
            f"{'met' if b >= VS_ARTICLE_LOOP else 'NOT met'}), {ts:.2f}x ThreadingTCPServer "
            f"(target >= {VS_THREADING:g}x, {'met' if ts >= VS_THREADING else 'NOT met'}); "
            f"load average at start {load}")
    return lines


def verdict(r: dict[str, Any]) -> dict[str, Any]:
    """What fails CI: a hang, a lost count or a leak (never a timing)."""
    lab_bursts = [x for x in r["bursts"]["results"] if x["server"] == "LabServer"]
    hang = sum(x["hung"] for x in lab_bursts)
    lost = (sum(r["sequential"]["lost"].values()) + r["panel"]["lost"]
            + sum(x["failed"] for x in lab_bursts)
            + sum(not x["counts_exact"] for x in lab_bursts)
            + r["leaks"]["wrong_replies"]
            + sum(not x["counts_distinct"] for x in r["bursts"]["results"]))
    leak = sum(max(0, v) for v in r["leaks"]["leaked"].values()) \
        + r["leaks"]["servers_left_running"]
    return {"hangs": hang, "lost": lost, "leaks": leak, "ok": not (hang or lost or leak)}


def _fmt(value: Any, unit: str = "") -> str:
    return "n/a" if value is None else f"{value:,.1f}{unit}" if isinstance(value, float) \
        else f"{value:,}{unit}"


def markdown(r: dict[str, Any]) -> str:
    """The report as markdown: the machine, one table per measurement, the targets."""
    m = r["machine"]
    lines = [
        f"Benchmark ({'quick' if r['quick'] else 'full'} run, {m['date']}, commit "
        f"{m['commit'] or '?'}, `python -m bench{' --quick' if r['quick'] else ''}`), "
        f"on {m['cpu_count']} CPUs ({m['cpu_model']}), {m['memory_gb']} GB, {m['python']}, "
        f"{m['os']}, kernel {m['kernel']}; load average at start "
        f"{m['load_average_start']}, somaxconn {m['somaxconn']}. "
        f"Server and clients run in one process, as in a notebook.",
        "",
    ]
    seq = r["sequential"]
    lines += [f"**Sequential connect/read/close** (connections/s, median of {seq['rounds']} "
              f"interleaved rounds of {seq['connections_per_round']:,}; ratio = LabServer / peer, "
              "the median of the ratios within each round; "
              "server CPU = the serving thread's CPU time per connection)",
              "", "| server | " + " | ".join(f"{c} | ratio" for c in seq["by_client"])
              + " | server CPU µs |",
              "|---|" + "---:|---:|" * len(seq["by_client"]) + "---:|"]
    peers = list(next(iter(seq["by_client"].values())))
    cpu = seq.get("server_cpu_us_per_connection", {})
    for peer in peers:
        cells = []
        for by_peer in seq["by_client"].values():
            row = by_peer[peer]
            cells += [f"{row['median_rate']:,}", f"{row['labserver_ratio']:.2f}x"]
        cells.append(_fmt(cpu.get(peer)) if cpu.get(peer) is not None else "(a thread each)")
        lines.append(f"| {peer} | " + " | ".join(cells) + " |")
    b = r["bursts"]
    lines += ["", f"**Bursts** (all clients connect at once; {b['rounds']} rounds each, "
              f"client timeout {b['client_timeout_s']:g} s)", "",
              "| server | clients | hung | failed | p50 ms | p99 ms | counts 1..n |",
              "|---|---:|---:|---:|---:|---:|---|"]
    for row in b["results"]:
        counts = "exact" if row["counts_exact"] else (
            "distinct, not all served" if row["counts_distinct"] else "WRONG")
        lines.append(f"| {row['server']} | {row['clients']:,} | {row['hung']} | "
                     f"{row['failed']} | {_fmt(row['p50_ms'])} | {_fmt(row['p99_ms'])} | "
                     f"{counts} |")
    if b.get("skipped_for_open_files_limit"):
        lines.append(f"Not measured (open-files limit too low): bursts of "
                     f"{b['skipped_for_open_files_limit']}.")
    s = r["stop"]
    lines += ["", f"**stop() latency** ({s['repeats']} stops each)", "",
              "| case | p50 ms | p99 ms | max ms |", "|---|---:|---:|---:|"]
    for case in ("idle", "under load", "handler blocked in recv"):
        lines.append(f"| {case} | {s[case]['p50_ms']:.2f} | {s[case]['p99_ms']:.2f} | "
                     f"{s[case]['max_ms']:.2f} |")
    lk = r["leaks"]
    lines += ["", f"**Leaks** ({lk['cycles']:,} start/serve/stop cycles)", "",
              "| | " + " | ".join(lk["before"]) + " |", "|---|" + "---:|" * len(lk["before"]),
              "| before | " + " | ".join(str(v) for v in lk["before"].values()) + " |",
              "| after | " + " | ".join(str(v) for v in lk["after"].values()) + " |"]
    p = r["panel"]
    lines += ["", f"**Panel cost** ({p['connections_per_round']:,} connections, "
              f"{p['rounds']} interleaved rounds, headless; frontend messages counted at "
              "the comm)", "",
              "| without panel | with panel | ratio | frontend messages/s (median, max) |",
              "|---:|---:|---:|---:|",
              f"| {p['rate_without_panel']:,}/s | {p['rate_with_panel']:,}/s | "
              f"{p['ratio']:.2f}x | {p['frontend_messages_per_s']:.1f}, "
              f"{p['frontend_messages_max_per_s']:.1f} |"]
    lines += ["", "**Targets**", "", "| target | measured | met |", "|---|---|---|"]
    for row in r["targets"]:
        lines.append(f"| {row['target']} | {row['measured']} | "
                     f"{'yes' if row['met'] else '**no**'} |")
    short = [row["target"] for row in r["targets"] if not row["met"]]
    v = r["verdict"]
    lines += ["", ("All targets met." if not short else
                   "Short of target: " + "; ".join(short) + "."),
              f"Correctness (fails CI): {v['hangs']} hangs, {v['lost']} lost counts, "
              f"{v['leaks']} leaks."]
    return "\n".join(lines) + "\n"
