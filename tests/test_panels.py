"""LabPanel driven with button.click(), without a browser."""

from __future__ import annotations

import socket
import threading

import pytest

import labkit
from labkit import _panels


@pytest.fixture
def panel():
    p = labkit.lab_panel(port=0)
    yield p
    p.close()


def test_start_shows_running_with_the_real_address(panel):
    panel.start_button.click()
    host, port = panel.server.address
    assert port != 0
    assert f"running on 127.0.0.1:{port}" in panel.status.value


def test_connect_three_times_shows_1_2_3(panel):
    panel.start_button.click()
    for _ in range(3):
        panel.connect_button.click()
    for n in (1, 2, 3):
        assert f"Server accessed.({n})" in panel.received.value
    assert "accesses: 3" in panel.count_label.value


def test_server_log_lands_in_the_panel_log(panel):
    panel.start_button.click()
    panel.connect_button.click()
    panel.flush()
    assert "[1] sent &#x27;Server accessed.(1)&#x27;" in panel.log_view.value


def test_stop_then_connect_says_the_server_is_not_running():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        p = labkit.lab_panel(port=port)
        p.start_button.click()
        p.stop_button.click()
        assert "stopped" in p.status.value
        p.connect_button.click()
        assert "not running" in p.received.value
        p.close()


@pytest.mark.parametrize(("typed", "words"), [("70000", "allowed 0 to 65535"),
                                              ("abc", "port must be int")])
def test_invalid_port_gives_a_clear_message_and_no_crash(panel, typed, words):
    panel.port_input.value = typed
    panel.start_button.click()
    assert words in panel.status.value
    assert panel.server is None
    panel.port_input.value = "0"
    panel.start_button.click()
    assert panel.server is not None


def test_a_bad_port_leaves_the_running_server_alone_and_says_so(panel):
    panel.start_button.click()
    running = panel.server
    host, port = running.address
    panel.port_input.value = "70000"
    panel.start_button.click()
    assert panel.server is running and running.running
    assert "allowed 0 to 65535" in panel.status.value
    assert f"the server on {host}:{port} keeps running" in panel.status.value
    panel.connect_button.click()  # the running server still answers
    assert "Server accessed.(1)" in panel.received.value


def test_start_and_connect_each_name_their_own_port_range():
    """A server may use port 0 (any free port); a client may not: each message says so."""
    p = labkit.lab_panel(port=70000)
    try:
        p.start_button.click()
        assert "allowed 0 to 65535" in p.status.value and "0 to let the OS" in p.status.value
        p.connect_button.click()
        assert "allowed 1 to 65535" in p.received.value
        assert "the port the server listens on" in p.received.value
        assert "0 to let the OS pick" not in p.received.value
    finally:
        p.close()


def test_each_start_begins_a_new_list_of_replies(panel):
    panel.start_button.click()
    panel.connect_button.click()
    panel.connect_button.click()
    panel.start_button.click()  # a new server, a new session
    panel.connect_button.click()
    assert panel.received.value == "received: Server accessed.(1)"


def test_the_log_shows_the_newest_line_first(panel):
    panel.start_button.click()
    for _ in range(3):
        panel.connect_button.click()
    panel.flush()
    lines = panel.log_view.value.split("<pre", 1)[1].split(">", 1)[1].split("\n")
    assert lines[0].startswith("[3] ") and lines[-1].startswith("Server started")


def test_the_status_has_a_row_of_its_own(panel):
    """A long error must not squeeze into a column beside the buttons."""
    rows = [c for c in panel.children if isinstance(c, labkit._panels.widgets.HBox)]
    assert all(panel.status not in row.children for row in rows)
    assert panel.status in panel.children and panel.status.layout.width == "100%"


def test_messages_in_japanese():
    labkit.set_language("ja")
    p = labkit.lab_panel(port=0)
    try:
        p.port_input.value = "abc"
        p.start_button.click()
        assert "int で指定してください" in p.status.value
        p.stop_button.click()
        assert "停止中" in p.status.value
    finally:
        p.close()


def test_start_again_replaces_the_panel_server(panel):
    panel.start_button.click()
    first = panel.server
    panel.start_button.click()
    assert not first.running and panel.server.running


def test_log_is_bounded_and_says_how_many_lines_were_dropped(panel, monkeypatch):
    monkeypatch.setattr(_panels, "LOG_LINES", 5)
    p = labkit.lab_panel(port=0)
    try:
        p.start_button.click()
        for _ in range(3):
            p.connect_button.click()
        p.flush()
        # listen + 3 x (accept, send, close) = 10 lines, 5 kept
        assert "5 older line(s) dropped" in p.log_view.value.rsplit("\n", 1)[1]  # the last line
        assert p.log_view.value.count("\n") == 5
    finally:
        p.close()


def test_log_updates_are_batched(panel, monkeypatch):
    # A flush interval far longer than the test, so a slow machine cannot fire the
    # timer while the 50 fetches run: the test checks batching, not speed.
    monkeypatch.setattr(_panels, "FLUSH_INTERVAL", 60.0)
    panel.start_button.click()
    renders = []
    monkeypatch.setattr(panel, "_render_log", lambda: renders.append(1))
    for _ in range(50):
        labkit.fetch(*panel.server.address)
    # 150 events arrived; none rendered yet: they wait for one timed flush.
    assert renders == []
    assert panel._timer is not None
    panel.flush()
    assert renders == [1]
    assert panel._timer is None


def test_the_timer_flushes_buffered_events_once(panel, monkeypatch):
    monkeypatch.setattr(_panels, "FLUSH_INTERVAL", 0.05)
    panel.start_button.click()
    rendered = threading.Event()
    monkeypatch.setattr(panel, "_render_log", rendered.set)
    for _ in range(5):
        labkit.fetch(*panel.server.address)
    assert rendered.wait(5), "the timed flush never came"


def test_panel_repr_is_short_and_stable(panel):
    assert repr(panel) == "LabPanel()"


def test_panel_uses_the_public_api(panel, monkeypatch):
    calls = []
    real = _panels.fetch
    monkeypatch.setattr(_panels, "fetch", lambda *a, **k: calls.append(a) or real(*a, **k))
    panel.start_button.click()
    panel.connect_button.click()
    assert calls == [panel.server.address]


def test_refused_remote_server_points_the_student_to_the_teacher(monkeypatch):
    def refuse(host, port, **kwargs):
        raise ConnectionRefusedError("refused")

    monkeypatch.setattr(_panels, "fetch", refuse)  # no packet leaves: fetch is replaced
    p = labkit.lab_panel(host="192.0.2.10", port=49152)
    try:
        p.connect_button.click()
        assert "Ask your teacher" in p.received.value
        assert "192.0.2.10:49152" in p.received.value
    finally:
        p.close()


def test_connect_reaches_a_panel_server_on_every_address_through_loopback():
    """A panel server on 0.0.0.0 (allow_remote=True): 0.0.0.0 is no target, so Connect
    goes to 127.0.0.1, where that server answers too.  (Tests stay on loopback: the
    server is a real one on 127.0.0.1 that the panel believes is on 0.0.0.0.)"""

    class EveryAddress:
        count = 0

        def __init__(self, port: int) -> None:
            self.address = ("0.0.0.0", port)

        def stop(self) -> None:
            pass

    with labkit.LabServer("127.0.0.1", 0) as server:
        p = labkit.lab_panel(allow_remote=True)
        try:
            p.server = EveryAddress(server.address[1])
            p.connect_button.click()
            assert "Server accessed.(1)" in p.received.value
        finally:
            p.close()


def test_start_and_connect_agree_on_a_host_elsewhere():
    """Both refuse 192.0.2.10 without allow_remote, with the same opt-in named."""
    p = labkit.lab_panel(host="192.0.2.10", port=49152)
    try:
        p.start_button.click()
        p.connect_button.click()
        assert "allow_remote=True" in p.status.value
        assert "allow_remote=True" in p.received.value
        assert p.server is None
    finally:
        p.close()
