"""sequence_diagram: an SVG of the real exchange, the same for the same exchange."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import labkit

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    return [el.text or "" for el in ET.fromstring(svg).iter(f"{SVG}text")]


def _one_exchange():
    trace: list = []
    with labkit.LabServer(port=0) as srv:
        labkit.fetch(*srv.address, trace=trace)
    return srv, trace


def test_draws_every_step_of_the_article_exchange():
    srv, trace = _one_exchange()
    diagram = labkit.sequence_diagram(srv.events, trace)
    texts = _texts(diagram.svg)  # also proves the SVG is well-formed XML
    for step in ("socket()", "bind()", "listen()", "connect()", "accept()", "send()",
                 "recv()", "close()"):
        assert step in texts, step
    assert "'Server accessed.(1)'" in texts
    assert diagram._repr_svg_() == diagram.svg
    assert repr(diagram) == "<sequence diagram: server + 1 client(s), 12 steps, 4 arrows>"


def test_rows_follow_cause_and_effect():
    srv, trace = _one_exchange()
    svg = labkit.sequence_diagram(srv, trace).svg
    root = ET.fromstring(svg)
    rows = {}
    for el in root.iter(f"{SVG}text"):
        rows.setdefault(el.text, []).append(int(el.get("y")))
    assert rows["listen()"][0] < rows["connect()"][0] < rows["accept()"][0]
    assert rows["send()"][0] < rows["recv()"][0]  # the recv that got the data
    close_rows = sorted(rows["close()"])
    eof = rows["recv() → b'' (closed)"][0]
    assert close_rows[0] < eof < close_rows[1]  # server close, client EOF, client close


def test_same_exchange_gives_the_same_svg():
    first = labkit.sequence_diagram(*_one_exchange()).svg
    labkit.stop_all()
    second = labkit.sequence_diagram(*_one_exchange()).svg
    assert first == second
    assert "ms" not in "".join(_texts(first))  # no times unless asked


def test_times_are_opt_in():
    diagram = labkit.sequence_diagram(*_one_exchange(), times=True)
    assert any(text.endswith(" ms") for text in _texts(diagram.svg))


def test_two_fetches_two_client_lanes_with_an_echo_handler():
    def upper(client, addr):
        client.sendall(client.recv(100).upper())

    trace: list = []
    with labkit.LabServer(port=0, handler=upper) as srv:
        labkit.fetch(*srv.address, send="hi", trace=trace)
        labkit.fetch(*srv.address, send="yo", trace=trace)
    diagram = labkit.sequence_diagram(srv, trace)
    texts = _texts(diagram.svg)
    assert {"client 1", "client 2", "'hi'", "'HI'", "'yo'", "'YO'",
            "shutdown(SHUT_WR)"} <= set(texts)
    assert diagram.clients == 2


def test_only_traced_connections_are_drawn(server):
    labkit.fetch(*server.address)  # not traced: left out
    trace: list = []
    labkit.fetch(*server.address, trace=trace)
    texts = _texts(labkit.sequence_diagram(server, trace).svg)
    assert "'Server accessed.(2)'" in texts and "'Server accessed.(1)'" not in texts


def test_server_side_only(server):
    for _ in range(5):
        labkit.fetch(*server.address)
    diagram = labkit.sequence_diagram(server)
    texts = _texts(diagram.svg)
    assert diagram.clients == 3  # max_clients: the last three
    assert "'Server accessed.(5)'" in texts and "'Server accessed.(2)'" not in texts


def test_labels_follow_the_language():
    labkit.set_language("ja")
    diagram = labkit.sequence_diagram(*_one_exchange())
    assert "サーバ" in _texts(diagram.svg)
    assert repr(diagram).startswith("<シーケンス図")


def test_save_writes_the_svg(tmp_path):
    diagram = labkit.sequence_diagram(*_one_exchange())
    path = diagram.save(tmp_path / "exchange.svg")
    assert path.read_text(encoding="utf-8") == diagram.svg


def test_text_is_escaped():
    def sneaky(client, addr):
        client.sendall(b"<script>&</script>")

    trace: list = []
    with labkit.LabServer(port=0, handler=sneaky) as srv:
        labkit.fetch(*srv.address, trace=trace)
    svg = labkit.sequence_diagram(srv, trace).svg
    assert "<script>" not in svg
    ET.fromstring(svg)


@pytest.mark.parametrize("bad", [None, "events", 42, [1, 2]])
def test_bad_input_names_the_cure(bad):
    with pytest.raises(TypeError, match=r"sequence_diagram\(server.events, trace\)"):
        labkit.sequence_diagram(bad)


def test_nothing_to_draw():
    with pytest.raises(ValueError, match="nothing to draw"):
        labkit.sequence_diagram([])
