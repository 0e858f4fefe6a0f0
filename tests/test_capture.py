"""captured(): a thread's prints go to its own sink; other threads are untouched."""

from __future__ import annotations

import sys
import threading

from labkit._capture import captured


def test_lines_are_split_and_the_partial_line_is_flushed():
    lines = []
    with captured(lines.append):
        print("one")
        print("two", end="")
        print(" and a half", end="")
    assert lines == ["one", "two and a half"]


def test_other_threads_still_print_to_stdout(capsys):
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
    inside.wait(5)
    print("main thread output")
    done.set()
    worker.join(5)
    assert lines == ["captured"]
    assert capsys.readouterr().out == "main thread output\n"


def test_router_is_reinstalled_when_stdout_is_replaced(capsys):
    lines = []
    with captured(lines.append):
        print("first")
    # pytest (or IPython) swapping sys.stdout must not break the next capture
    sys.stdout.flush()
    with captured(lines.append):
        print("second")
    assert lines == ["first", "second"]
