"""The side-by-side benchmark: labkit's LabServer against the programs a user would
otherwise run (the article's loop, socketserver), under load and hostile timing.

Run ``python -m bench`` (``make bench``) for the full run, which writes
``bench/results/latest.json`` and ``latest.md``; ``python -m bench --quick``
(``make bench-quick``, CI) uses small counts and finishes in well under a minute.
Either exits non-zero only on a hang, a lost count or a leak, never on a timing:
timings are reported against the targets of issues 5 and 11, not asserted.
"""

from __future__ import annotations

import time
from typing import Any

from . import _measures
from ._report import check_targets, machine, markdown, verdict

__all__ = ["FULL", "QUICK", "run", "markdown"]

#: Counts for the full run (the README's table) and for the quick CI run.
FULL: dict[str, Any] = {
    "seq_rounds": 15, "seq_n": 1500, "burst_sizes": [200, 1000], "burst_rounds": 3,
    "burst_timeout": 5.0, "stop_repeats": 200, "leak_cycles": 1000,
    "panel_rounds": 3, "panel_n": 10_000,
}
QUICK: dict[str, Any] = {
    "seq_rounds": 3, "seq_n": 300, "burst_sizes": [200, 1000], "burst_rounds": 1,
    "burst_timeout": 4.0, "stop_repeats": 20, "leak_cycles": 90,
    "panel_rounds": 2, "panel_n": 2000,
}


def _raise_open_files_limit(need: int) -> list[int] | None:
    """A 1,000-client burst needs ~1,100 descriptors; raise the soft limit up to the hard one."""
    try:
        import resource
    except ImportError:  # Windows: no such limit for sockets
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < need:
        new = need if hard == resource.RLIM_INFINITY else min(need, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
    return list(resource.getrlimit(resource.RLIMIT_NOFILE))


def run(quick: bool = False, progress: Any = None, **overrides: Any) -> dict[str, Any]:
    """Run every measurement and return the results (JSON-ready), with targets and verdict.

    ``progress(text)`` is called before each measurement (the CLI prints it).
    """
    counts = {**(QUICK if quick else FULL), **overrides}
    say = progress or (lambda text: None)
    limit = _raise_open_files_limit(2 * max(counts["burst_sizes"]) + 256)
    result: dict[str, Any] = {"quick": quick, "counts": counts, "machine": machine()}
    result["machine"]["open_files_limit_used"] = limit
    began = time.perf_counter()
    say("sequential rate")
    result["sequential"] = _measures.sequential(counts["seq_rounds"], counts["seq_n"])
    say("bursts")
    # A burst of n needs n + 64 descriptors (labkit.burst checks); skip what cannot fit.
    sizes = [n for n in counts["burst_sizes"] if limit is None or limit[0] == -1
             or n + 64 <= limit[0]]
    result["bursts"] = _measures.bursts(sizes, counts["burst_rounds"], counts["burst_timeout"])
    result["bursts"]["skipped_for_open_files_limit"] = [
        n for n in counts["burst_sizes"] if n not in sizes]
    say("stop() latency")
    result["stop"] = _measures.stop_latency(counts["stop_repeats"])
    say("leaks")
    result["leaks"] = _measures.leaks(counts["leak_cycles"])
    say("panel cost")
    result["panel"] = _measures.panel_cost(counts["panel_rounds"], counts["panel_n"])
    result["seconds"] = round(time.perf_counter() - began, 1)
    import os

    if hasattr(os, "getloadavg"):
        result["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    result["targets"] = check_targets(result)
    result["verdict"] = verdict(result)
    return result
