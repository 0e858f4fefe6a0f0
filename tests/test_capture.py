"""captured(): a thread's prints go to its own sink; other threads are untouched.

Each test gives sys.stdout a fresh StringIO of its own, in the test body (pytest's
own capture sets sys.stdout again between a fixture's setup and the test), so
what it sees does not depend on which test ran before: whether an earlier test
(or a LabServer) left the router installed over some earlier stream, or a stray
thread printed into pytest's capture.
"""

from __future__ import annotations

import io
import sys
import threading

from labkit._capture import captured


def _fresh_stdout(monkeypatch) -> io.StringIO:
    """A fresh sys.stdout for this test alone; the router is not installed over it yet."""
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stream)
    return stream


def test_lines_are_split_and_the_partial_line_is_flushed(monkeypatch):
    stdout = _fresh_stdout(monkeypatch)
    lines = []
    with captured(lines.append):
        print("one")
        print("two", end="")
        print(" and a half", end="")
    assert lines == ["one", "two and a half"]
    assert stdout.getvalue() == ""


def test_other_threads_still_print_to_stdout(monkeypatch):
    stdout = _fresh_stdout(monkeypatch)
    lines = []
    inside = threading.Event()
    done = threading.Event()

    def capturing():
        with captured(lines.append):
            print("captured")
            inside.set()
            done.wait(5)

    worker = threading.Thread(target=capturing)
    worker.start()
    try:
        assert inside.wait(5)
        print("main thread output")
    finally:
        done.set()
        worker.join(5)
    assert lines == ["captured"]
    assert stdout.getvalue() == "main thread output\n"


def test_router_is_reinstalled_when_stdout_is_replaced(monkeypatch):
    stdout = _fresh_stdout(monkeypatch)
    lines = []
    with captured(lines.append):
        print("first")
    # pytest (or IPython) swapping sys.stdout must not break the next capture
    replaced = io.StringIO()
    monkeypatch.setattr(sys, "stdout", replaced)
    with captured(lines.append):
        print("second")
    print("outside")
    assert lines == ["first", "second"]
    assert stdout.getvalue() == ""
    assert replaced.getvalue() == "outside\n"
