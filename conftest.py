"""nbval settings for every notebook under notebooks/.

stderr is not compared: warnings from Jupyter's own libraries differ between
versions and say nothing about the lesson.  Everything on stdout is compared,
after tests/sanitize.cfg has masked ports, fd numbers and times.
"""


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
