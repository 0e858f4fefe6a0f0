"""What happened, for logs and pictures: server events, client steps, and the bounded log.

A :class:`LabServer` records an :class:`Event` for each step of its loop (listen,
accept, recv, send, print, close, error, stop) in an :class:`EventLog`;
``fetch(..., trace=trace)`` records the client's own calls as :class:`ClientStep`
records.  Both kinds share one sequence counter, and both say what happened as a
sentence (``text()``), in the notebook's language.  :func:`labkit.sequence_diagram`
draws the two side by side (notebook 08).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import NamedTuple

from ._i18n import t
from ._wire import preview

__all__ = ["EVENTS_MAX", "ClientStep", "Event", "EventLog", "format_peer", "next_seq", "preview"]

#: How many events a server remembers; older ones are dropped and counted.
EVENTS_MAX = 20_000

# One counter for server events and client steps: seq orders everything one thread did.
_seq = itertools.count(1)


def next_seq() -> int:
    """The next sequence number (shared by every server and client of this kernel)."""
    return next(_seq)


def format_peer(peer: tuple | None) -> str:
    """``host:port`` (``[host]:port`` for IPv6), or ``?`` if unknown."""
    if not peer:
        return "?"
    host, port = peer[0], peer[1]
    return f"[{host}]:{port}" if ":" in str(host) else f"{host}:{port}"


_SERVER_KEYS = {"accept": "ev_accept", "send": "ev_send", "recv": "ev_recv",
                "close": "ev_close", "print": "ev_print", "error": "ev_error"}


class Event(NamedTuple):
    """One thing a server did (an immutable record).

    ``kind`` is one of ``listen``, ``accept``, ``recv``, ``send``, ``print``,
    ``close``, ``error``, ``stop``.  ``access`` is the access number (1, 2, ...)
    or None for events of the server itself.  ``peer`` is the client's address
    (the server's own for ``listen`` and ``stop``).  ``time`` is
    ``time.perf_counter()``.
    """

    seq: int
    time: float
    kind: str
    access: int | None = None
    peer: tuple | None = None
    data: str = ""

    def text(self, lang: str | None = None) -> str:
        """The log line for this event, in ``lang`` (default: the current language)."""
        if self.kind in ("listen", "stop"):
            host, port = self.peer or ("?", "?")
            key = "started" if self.kind == "listen" else "stopped"
            return t(key, lang, host=host, port=port, count=self.data)
        return t(_SERVER_KEYS[self.kind], lang, n=self.access, peer=format_peer(self.peer),
                 text=self.data)


_CALLS = {"socket": "socket()", "connect": "connect()", "shutdown": "shutdown(SHUT_WR)",
          "close": "close()"}


class ClientStep(NamedTuple):
    """One call a client made, as ``fetch(..., trace=trace)`` records it.

    ``kind`` is one of ``socket``, ``connect``, ``send``, ``shutdown``, ``recv``,
    ``close``.  ``peer`` is the client's own address, as the server sees it
    (None if it never connected); ``data`` is what was sent or received.
    """

    seq: int
    time: float
    kind: str
    peer: tuple | None = None
    data: str = ""

    def text(self, lang: str | None = None) -> str:
        """The log line for this step, in ``lang`` (default: the current language)."""
        peer = format_peer(self.peer)
        if self.kind == "send":
            return t("step_send", lang, peer=peer, text=self.data)
        if self.kind == "recv":
            key = "step_recv" if self.data else "step_eof"
            return t(key, lang, peer=peer, text=self.data)
        return t("step_call", lang, peer=peer, call=_CALLS.get(self.kind, self.kind + "()"))


class EventLog:
    """A server's memory of events: the newest :data:`EVENTS_MAX`, and who watches.

    Any thread may record or read.  When full, the oldest event is dropped and
    counted (:attr:`dropped`), so memory stays bounded however long a server runs.
    """

    def __init__(self, maxlen: int | None = None) -> None:
        self._lock = threading.Lock()
        self._events: deque[Event] = deque(maxlen=EVENTS_MAX if maxlen is None else maxlen)
        self._recorded = 0
        self._subscribers: tuple[Callable[[Event], None], ...] = ()

    def record(self, kind: str, access: int | None = None, peer: tuple | None = None,
               data: str = "") -> None:
        """Remember one event and hand it to every subscriber (in the calling thread)."""
        with self._lock:  # seq, time and position in the log agree
            # Event(...) without its Python-level __new__: this runs three times per client.
            event = tuple.__new__(Event, (next(_seq), time.perf_counter(), kind, access, peer,
                                          data))
            self._events.append(event)  # a full deque drops its oldest
            self._recorded += 1
            subscribers = self._subscribers
        for callback in subscribers:
            try:
                callback(event)
            except Exception:  # a broken log view must never stop the server
                pass

    @property
    def events(self) -> list[Event]:
        """The remembered events, oldest first."""
        with self._lock:
            return list(self._events)

    @property
    def dropped(self) -> int:
        """How many of the oldest events were dropped to keep the log bounded."""
        with self._lock:
            return self._recorded - len(self._events)

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Call ``callback(event)`` for every new event; returns a function that unsubscribes."""
        with self._lock:
            self._subscribers = (*self._subscribers, callback)

        def unsubscribe() -> None:
            with self._lock:
                self._subscribers = tuple(cb for cb in self._subscribers if cb is not callback)

        return unsubscribe
