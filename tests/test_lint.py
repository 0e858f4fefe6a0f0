"""ruff is clean on the package, the tests, the tools and the benchmark (`make lint`).

A test, so that `make test` (and CI, which runs it) fails on a lint error, with
ruff's own report as the message.  The rules are in pyproject.toml.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from _util import unavailable

ROOT = Path(__file__).resolve().parent.parent
LINTED = ["labkit", "tests", "tools", "bench"]  # the same list as the Makefile's lint target


def test_ruff_is_clean():
    if importlib.util.find_spec("ruff") is None:
        unavailable("ruff is not installed: pip install -e '.[test]'")
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache",
                          "--output-format", "concise", *LINTED],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, f"ruff found problems:\n{run.stdout}{run.stderr}"


def test_the_makefile_lints_the_same_folders():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"ruff check {' '.join(LINTED)}" in makefile
