"""One run of the article's ``while True: accept()`` loop, in its own thread.

Each ``LabServer.start()`` makes a new :class:`AcceptLoop` with its own listener
and its own stop flag, so a loop left behind by an earlier run (its handler was
stuck when ``stop()`` gave up waiting) can never be revived by the next
``start()``: when its handler returns, it sees its own flag and ends without
accepting again.  A loop whose listener is gone (closed, or no longer
listening) says so once and ends; any other accept error (e.g. EMFILE, too many
open files) is retried, and logged at most once a second.
"""

from __future__ import annotations

import errno
import socket
import threading
import time
from collections.abc import Callable

from ._events import EventLog
from ._i18n import t
from ._wire import close_with_reset

__all__ = ["AcceptLoop"]

#: accept() errors that mean the listener is gone for good: retrying cannot help.
_GONE = {errno.EBADF, errno.EINVAL, errno.ENOTSOCK, 10038, 10022}  # 100xx: Windows WSAE*
#: The same error is logged at most once per this many seconds (the loop retries faster).
_REPEAT_SECONDS = 1.0
_RETRY_PAUSE = 0.05


class AcceptLoop:
    """Accept clients on ``listener`` and hand each to ``serve(conn, addr, n)`` until stopped."""

    def __init__(self, listener: socket.socket, serve: Callable[[socket.socket, tuple, int], None],
                 next_access: Callable[[], int], log: EventLog, name: str) -> None:
        self.listener = listener
        self.stopping = False  # set by the server's stop(); read once per client
        self.ended_by: tuple | None = None  # the connection that ended the loop
        self._serve = serve
        self._next_access = next_access
        self._log = log
        self.thread = threading.Thread(target=self._run, daemon=True, name=name)

    def _run(self) -> None:
        listener, record = self.listener, self._log.record
        last_error, last_time = "", 0.0
        while not self.stopping:  # checked first: a detached listener serves someone else
            try:
                conn, addr = listener.accept()
            except OSError as exc:
                if self.stopping:
                    return
                if exc.errno in _GONE or listener.fileno() == -1:
                    record("error", None, None, t("accept_gone", cause=exc))
                    return
                now = time.monotonic()
                if str(exc) != last_error or now - last_time >= _REPEAT_SECONDS:
                    record("error", None, None, t("accept_retry", cause=exc))
                    last_error, last_time = str(exc), now
                time.sleep(_RETRY_PAUSE)
                continue
            if self.stopping:  # woken by stop(): any client now is reset, as by a close
                self.ended_by = addr
                close_with_reset(conn)
                return
            n = self._next_access()
            record("accept", n, addr)
            self._serve(conn, addr, n)
