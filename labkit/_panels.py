"""LabPanel: an ipywidgets panel that drives a LabServer and a client from buttons.

The panel holds no socket logic: Start calls ``LabServer(host, port).start()``,
Stop calls ``stop()``, Connect calls ``fetch(host, port)``, exactly what a cell
would write.  The server thread only appends log lines to a bounded buffer; a
timer sends them to the browser at most :data:`FLUSH_INTERVAL` apart, so 10,000
connections cost a few dozen widget updates, not 10,000 (and never ``with out:``
from a thread, which ipywidgets does not support).
"""

from __future__ import annotations

import html
import threading
from collections import deque

import ipywidgets as widgets

from ._client import fetch
from ._events import Event
from ._i18n import get_language, t
from ._server import LabServer
from ._student import student_port
from ._validate import is_loopback

__all__ = ["FLUSH_INTERVAL", "LOG_LINES", "LabPanel", "lab_panel"]

#: Most lines the panel's log keeps; older ones are dropped and counted.
LOG_LINES = 200
#: Seconds between two log updates sent to the browser (at most 5 a second).
FLUSH_INTERVAL = 0.2
#: Replies the client area keeps.
REPLIES_KEPT = 20


def _parse_port(text: str) -> int | str:
    """The port typed into the box: an int if it looks like one, else the text itself,
    so that LabServer's own check reports it ("port must be int, not 'abc'")."""
    stripped = text.strip()
    return int(stripped) if stripped.lstrip("-").isdigit() else stripped


class LabPanel(widgets.VBox):
    """Host and port inputs, Start/Stop, status, access count, live log, Connect.

    Start and Connect follow the same rule for the Host box: this computer only
    (127.0.0.0/8, ::1, 'localhost', never looked up) unless ``allow_remote=True``,
    which both then pass on (``LabServer(allow_remote=...)``, ``fetch(allow_remote=...)``).
    The port defaults to :func:`labkit.student_port` (49152 unless another user or
    program holds it).
    """

    def __init__(self, host: str = "127.0.0.1", port: int | None = None, *,
                 allow_remote: bool = False, **server_options: object):
        self.lang = get_language()
        self.server: LabServer | None = None
        self.allow_remote = allow_remote
        self._server_options = server_options
        self._unsubscribe = None
        self._lines: deque[Event] = deque(maxlen=LOG_LINES)  # formatted when shown
        self._dropped = 0
        self._replies: deque[str] = deque(maxlen=REPLIES_KEPT)
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self.updates_sent = 0  # widget updates pushed by the log timer (see bench/)

        tr = self._t
        self.host_input = widgets.Text(value=host, description=tr("panel_host"))
        port = student_port() if port is None else port  # the article's 49152 when free
        self.port_input = widgets.Text(value=str(port), description=tr("panel_port"))
        self.start_button = widgets.Button(description=tr("panel_start"), button_style="success")
        self.stop_button = widgets.Button(description=tr("panel_stop"), button_style="danger")
        self.connect_button = widgets.Button(description=tr("panel_connect"),
                                             button_style="info")
        # A row of its own, full width: a long error sentence wraps across the panel
        # instead of squeezing into a narrow column beside the buttons.
        self.status = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.count_label = widgets.HTML()
        self.received = widgets.HTML()
        self.log_view = widgets.HTML()
        for w, cls in ((self.status, "labkit-status"), (self.count_label, "labkit-count"),
                       (self.received, "labkit-received"), (self.log_view, "labkit-log")):
            w.add_class(cls)
        self.start_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.stop())
        self.connect_button.on_click(lambda _: self.connect())
        self._show_status()
        self._render_log()
        self._render_replies()
        super().__init__(children=[
            widgets.HTML(f"<b>{html.escape(tr('panel_title'))}</b>"),
            widgets.HBox([self.host_input, self.port_input]),
            widgets.HBox([self.start_button, self.stop_button, self.count_label]),
            self.status,
            widgets.HBox([self.connect_button, self.received]),
            widgets.HTML(f"<i>{html.escape(tr('panel_log'))}</i>"),
            self.log_view,
        ])
        self.add_class("labkit-panel")

    def __repr__(self) -> str:  # nbval compares text/plain: keep it short and stable
        return "LabPanel()"

    def _t(self, key: str, **fields: object) -> str:
        return t(key, self.lang, **fields)

    # --------------------------------------------------------- button actions
    def start(self) -> None:
        """Start a server on the host and port typed in the boxes (Start button).

        The host and port are checked first: a bad one leaves a running server
        alone, and the status says so.  A new server starts a new session: the
        replies of the earlier one are cleared.
        """
        try:  # LabServer(...) only checks its arguments; it binds nothing yet
            server = LabServer(self.host_input.value.strip(), _parse_port(self.port_input.value),
                               allow_remote=self.allow_remote,
                               **self._server_options)  # type: ignore[arg-type]
        except (ValueError, TypeError) as exc:
            self._show_status(error=str(exc))
            return
        self.stop()
        try:
            self._unsubscribe = server.subscribe(self._on_event)
            server.start()
        except OSError as exc:
            self._unsubscribe()
            self._unsubscribe = None
            self._show_status(error=str(exc))
            return
        self.server = server
        self._replies.clear()
        self._render_replies()
        self._show_status()
        self.flush()

    def stop(self) -> None:
        """Stop the panel's server (Stop button).  Safe when nothing runs."""
        server, self.server = self.server, None
        if server is not None:
            server.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.flush()
        self._show_status()

    def connect(self) -> None:
        """Connect once as a client and show the reply (Connect button)."""
        if self.server is not None:
            host, port = self.server.address
            # A server on every address (0.0.0.0, ::) answers this computer on loopback;
            # the unspecified address itself is no place to connect to.
            host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
        else:
            host, port = self.host_input.value.strip(), _parse_port(self.port_input.value)
        try:
            reply = fetch(host, port, allow_remote=self.allow_remote)  # type: ignore[arg-type]
            line = self._t("panel_received", text=reply)
        except ConnectionRefusedError as exc:
            if self.server is not None:
                line = str(exc)
            elif is_loopback(str(host)):  # our own server: the cure is the Start button
                line = self._t("panel_not_running")
            else:  # a student pointing at the teacher's class server
                line = self._t("panel_remote_refused", host=host, port=port)
        except (OSError, ValueError, TypeError) as exc:
            line = self._t("panel_error", text=exc)
        self._replies.append(line)
        self._render_replies()
        self.flush()

    # ------------------------------------------------------------ rendering
    def _show_status(self, error: str | None = None) -> None:
        if error is not None:
            text, colour = self._t("panel_error", text=error), "#b00020"
            if self.server is not None:  # the check failed before anything was stopped
                host, port = self.server.address
                text += " " + self._t("panel_kept", host=host, port=port)
        elif self.server is not None:
            host, port = self.server.address
            text, colour = self._t("panel_status_running", host=host, port=port), "#1b5e20"
        else:
            text, colour = self._t("panel_status_stopped"), "#555"
        self.status.value = f'<span style="color:{colour}">{html.escape(text)}</span>'

    def _render_replies(self) -> None:
        self.received.value = "<br>".join(html.escape(r) for r in self._replies)

    def _render_log(self) -> None:
        with self._lock:
            events = list(self._lines)
            dropped = self._dropped
        # Newest first: every update replaces the box's HTML, which scrolls it back to
        # the top in the browser, so the top must be where the newest line is.
        lines = [event.text(self.lang) for event in reversed(events)]
        if dropped:
            lines.append(self._t("log_dropped", dropped=dropped))
        body = html.escape("\n".join(lines))
        self.log_view.value = (
            '<div style="max-height:12em;overflow:auto"><pre style="margin:0;font-size:90%">'
            + body + "</pre></div>"
        )
        count = self.server.count if self.server is not None else 0
        self.count_label.value = html.escape(self._t("panel_count", count=count))

    def _on_event(self, event: Event) -> None:
        # Runs in the server thread: only buffer, never touch widgets here, and do
        # not even format: the timer formats the last LOG_LINES events when it
        # shows them, so 10,000 connections cost 200 lines per update, not 30,000.
        with self._lock:
            if len(self._lines) == LOG_LINES:
                self._dropped += 1
            self._lines.append(event)
            if self._timer is None:
                self._timer = threading.Timer(FLUSH_INTERVAL, self._timed_flush)
                self._timer.daemon = True
                self._timer.start()

    def _timed_flush(self) -> None:
        with self._lock:
            self._timer = None
        self._render_log()
        self.updates_sent += 1

    def flush(self) -> None:
        """Send the buffered log to the browser now (tests and buttons call this)."""
        with self._lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
        self._render_log()

    def close(self) -> None:
        """Stop the panel's server and close its widgets."""
        server, self.server = self.server, None
        if server is not None:
            server.stop()
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        super().close()


def lab_panel(host: str = "127.0.0.1", port: int | None = None, *, allow_remote: bool = False,
              **server_options: object) -> LabPanel:
    """A new :class:`LabPanel`; ``server_options`` go to :class:`LabServer`.

    ``port`` defaults to :func:`labkit.student_port` (49152 unless another user or
    program holds it).  ``allow_remote=True`` lets Start and Connect use another
    computer's address (a student connecting to the teacher's :func:`labkit.class_server`).
    """
    return LabPanel(host, port, allow_remote=allow_remote, **server_options)
