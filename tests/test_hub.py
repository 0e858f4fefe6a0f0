"""Four students on one real JupyterHub at once: each sees only their own server (issue 8).

On a single-host hub (local-process spawner) every student's kernel shares the
host's ports and loopback.  Each student here does the classroom walkthrough in
their own single-user server, all four at the same time: notebook 01 (the
server) in one kernel, notebook 02 (the client) twice in another, then closes
01 and clicks 03's panel in a third kernel.  Every reply a student's client
prints must come from that student's own server: ``Server accessed.(1)``,
``(2)``, ``(3)``... with no gap and no stranger's count.  The cells are read
from notebooks/en, so the test follows the notebooks as they change.

Needs ``jupyterhub`` (PyPI, the test extras) and ``configurable-http-proxy``
(npm; ``make test`` and ``.ci/run`` install it).  Without them the test skips,
saying why, except under CI (``$CI`` set), where that is a failure.
"""

from __future__ import annotations

import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from _hub import Cell, Hub, hub_tools_missing, notebook_cells

pytestmark = pytest.mark.hub

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
STUDENTS = ["student1", "student2", "student3", "student4"]
TIME_LIMIT = 300  # seconds for the whole class, hub start to last process gone

# What a student's client printed: the article's client line, and the panel's.
REPLY = re.compile(r"^(?:Data received from the server|received:).*Server accessed\.\((\d+)\)",
                   re.MULTILINE)


def _panel_cells() -> list[str]:
    """03's first cell (import, language), the panel, and the cell that clicks its buttons."""
    cells = notebook_cells(NOTEBOOKS / "en" / "03_one_kernel_lab.ipynb")
    chosen = [cells[0]] + [c for c in cells if "lab_panel(" in c or ".click()" in c]
    assert len(chosen) == 3, "notebook 03 no longer has one panel cell and one click cell"
    return chosen


def _replies(cells: list[Cell]) -> list[int]:
    return [int(n) for cell in cells for n in REPLY.findall(cell.stdout)]


def _walkthrough(hub: Hub, name: str) -> dict:
    """One student's class: 01, then 02 twice in another kernel, then 03's panel."""
    hub.add_student(name)
    hub.start_server(name)
    k01 = hub.kernel(name, "en")
    first = k01.run_cells(notebook_cells(NOTEBOOKS / "en" / "01_server_001.ipynb"))
    k02 = hub.kernel(name, "en")
    client = notebook_cells(NOTEBOOKS / "en" / "02_client_002.ipynb")
    second = k02.run_cells(client) + k02.run_cells(client)
    k02.shutdown()
    k01.shutdown()  # the student closes 01 before the one-kernel lab
    k03 = hub.kernel(name, "en")
    panel = k03.run_cells(_panel_cells())
    k03.run("panel.stop()\nlabkit.stop_all()")
    k03.shutdown()
    cells = first + second + panel
    return {
        "walkthrough": _replies(first + second),
        "panel": _replies(panel),
        "errors": [f"{c.code.splitlines()[-1]!r} -> {c.error}" for c in cells if c.error],
        "output": "\n".join(f">>> {c.code}\n{c.stdout}{c.error}" for c in cells),
    }


def _own_sequence(replies: list[int]) -> bool:
    return bool(replies) and replies == list(range(1, len(replies) + 1))


def test_four_students_at_once_each_see_only_their_own_server(tmp_path):
    missing = hub_tools_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} (CI is set, so this is a failure, not a skip)", pytrace=False)
        pytest.skip(missing)
    started = time.monotonic()
    hub = Hub(tmp_path / "hub", NOTEBOOKS)
    try:
        hub.start()
        with ThreadPoolExecutor(len(STUDENTS)) as pool:
            seen = dict(zip(STUDENTS, pool.map(lambda n: _walkthrough(hub, n), STUDENTS),
                            strict=True))
    finally:
        left = hub.stop()
    elapsed = time.monotonic() - started
    for name, result in seen.items():  # kept for whoever reads a failure
        (tmp_path / f"{name}.txt").write_text(result["output"], encoding="utf-8")

    assert left == [], f"processes left running after the hub stopped: {left}"
    summary = "\n".join(
        f"{name}: walkthrough replies {r['walkthrough']}, panel replies {r['panel']}, "
        f"errors {r['errors']}" for name, r in seen.items())
    assert all(_own_sequence(r["walkthrough"]) and len(r["walkthrough"]) >= 3
               for r in seen.values()), f"a student saw another student's server:\n{summary}"
    assert all(_own_sequence(r["panel"]) for r in seen.values()), summary
    assert all(not r["errors"] for r in seen.values()), summary
    assert elapsed < TIME_LIMIT, f"the class took {elapsed:.0f} s (limit {TIME_LIMIT} s)"
