"""pytest settings for the whole repository: each run is its own student; nbval's comparisons.

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

import os
import shutil
import tempfile

_runtime_dir = None


def pytest_configure(config):
    global _runtime_dir
    _runtime_dir = tempfile.mkdtemp(prefix="tcp-socket-lab-pytest-")
    os.environ["JUPYTER_RUNTIME_DIR"] = _runtime_dir


def pytest_unconfigure(config):
    if _runtime_dir:
        shutil.rmtree(_runtime_dir, ignore_errors=True)


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
