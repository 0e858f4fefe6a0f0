"""Route ``print`` calls made in a server thread into that server's log.

In Jupyter, a plain ``print`` from a background thread lands in whichever cell
happens to be running at that moment (pitfall 4).  A handler written like the
article's loop body prints a lot, so :class:`LabServer` runs each handler inside
:func:`captured`, and whatever that thread writes to ``sys.stdout`` becomes lines
of the server's log instead.  Every other thread's output is untouched.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

__all__ = ["captured"]

_local = threading.local()
_install_lock = threading.Lock()


class _ThreadRouter:
    """A stand-in for ``sys.stdout`` that diverts the writes of capturing threads."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        sink = getattr(_local, "sink", None)
        if sink is None:
            return self._stream.write(text)
        sink.write(text)
        return len(text)

    def flush(self) -> None:
        if getattr(_local, "sink", None) is None:
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _LineSink:
    """Collects written text and hands each complete line to ``emit``."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        self._emit = emit
        self._partial = ""

    def write(self, text: str) -> None:
        *lines, self._partial = (self._partial + text).split("\n")
        for line in lines:
            self._emit(line)

    def close(self) -> None:
        if self._partial:
            self._emit(self._partial)
            self._partial = ""


def _install() -> None:
    # Re-check every time: IPython, pytest or a learner may have replaced sys.stdout.
    if not isinstance(sys.stdout, _ThreadRouter):
        with _install_lock:
            if not isinstance(sys.stdout, _ThreadRouter):
                sys.stdout = _ThreadRouter(sys.stdout)  # type: ignore[assignment]


@contextmanager
def captured(emit: Callable[[str], None]) -> Iterator[None]:
    """While active, lines this thread prints go to ``emit(line)``, not to stdout."""
    _install()
    sink = _LineSink(emit)
    _local.sink = sink
    try:
        yield
    finally:
        _local.sink = None
        sink.close()
