"""nbval settings for the kit's own notebooks under notebooks/.

Only the kit's notebooks are collected: those built from a lesson source in
tools/nbsrc/ (``NN_name.*`` gives ``notebooks/<lang>/NN_name.ipynb``).  A notebook a
learner makes with File > New (``Untitled.ipynb``) lands in notebooks/en/ too, and
``make test`` must not re-run it.

stderr is not compared: warnings from Jupyter's own libraries differ between
versions and say nothing about the lesson.  Everything on stdout is compared,
after tests/sanitize.cfg has masked ports, fd numbers and times.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent
NOTEBOOKS = ROOT / "notebooks"
LESSONS = frozenset(
    p.name.split(".")[0] for p in (ROOT / "tools" / "nbsrc").iterdir()
    if re.fullmatch(r"\d\d_\w+", p.name.split(".")[0])
)


def pytest_ignore_collect(collection_path: Path, config):
    if collection_path.suffix == ".ipynb" and NOTEBOOKS in collection_path.parents:
        return collection_path.stem not in LESSONS or None  # None: let pytest decide
    return None


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
