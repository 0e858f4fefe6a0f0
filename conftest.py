"""pytest settings for the whole repository: which notebooks nbval runs, each run its own
student, and what nbval compares.

Only the kit's notebooks are collected: those built from a lesson source in
tools/nbsrc/ (``NN_name.*`` gives ``notebooks/<lang>/NN_name.ipynb``).  A notebook a
learner makes with File > New (``Untitled.ipynb``) lands in notebooks/en/ too, and
``make test`` must not re-run it.

Each pytest run gets a Jupyter runtime directory of its own (``JUPYTER_RUNTIME_DIR``,
inherited by every kernel nbval starts), so for :func:`labkit.student_port` the run
is one student: two runs at once on one machine, or a run beside ``make lab`` with
01 open, never take each other's server for their own (issue 8).  When another run
holds the article's 49152, this run's notebooks move to a port of their own and say
so; tests/sanitize.cfg masks that sentence and the port numbers.

stderr is not compared: warnings from Jupyter's own libraries differ between
versions and say nothing about the lesson.  Everything on stdout is compared,
after tests/sanitize.cfg has masked ports, fd numbers and times.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
NOTEBOOKS = ROOT / "notebooks"
LESSONS = frozenset(
    p.name.split(".")[0] for p in (ROOT / "tools" / "nbsrc").iterdir()
    if re.fullmatch(r"\d\d_\w+", p.name.split(".")[0])
)

_runtime_dir: str | None = None


def pytest_configure(config):
    global _runtime_dir
    _runtime_dir = tempfile.mkdtemp(prefix="tcp-socket-lab-pytest-")
    os.environ["JUPYTER_RUNTIME_DIR"] = _runtime_dir


def pytest_unconfigure(config):
    if _runtime_dir:
        shutil.rmtree(_runtime_dir, ignore_errors=True)


def pytest_ignore_collect(collection_path: Path, config):
    if collection_path.suffix == ".ipynb" and NOTEBOOKS in collection_path.parents:
        return collection_path.stem not in LESSONS or None  # None: let pytest decide
    return None


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
