"""Sequence diagrams of a real exchange, drawn as plain SVG (notebook 08).

:func:`sequence_diagram` takes what a LabServer recorded (``server.events``) and
what :func:`labkit.fetch` recorded (``fetch(..., trace=trace)``) and draws one
lifeline per side: socket, bind, listen, connect, accept, send, recv, close, with
an arrow for each thing that crossed the wire (the handshake, the data, the FIN).

The picture is inline SVG built from strings: it shows in JupyterLab, VS Code,
GitHub and nbviewer without any extension.  Rows follow *cause and effect*, not
the clock (a recv comes after the send that fed it, a connect after the listen
that let it in); events that could happen in either order are drawn client
first.  So the same exchange always gives the same SVG, and nbval can compare
it.  ``times=True`` adds the measured times, which differ on every run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ._i18n import t

__all__ = ["SequenceDiagram", "sequence_diagram"]


# Layout, in SVG pixels.
_LANE_GAP = 300
_LEFT = 40
_TIME_COL = 80
_TOP = 64
_ROW = 34
_BOX_W = 170
_BOX_H = 22
_SERVER_COLOR = "#1f5fa8"
_CLIENT_COLOR = "#2b7a3d"
_ARROW_COLOR = {"handshake": "#666666", "data": "#111111", "fin": "#b03a2e"}


@dataclass
class _Node:
    lane: int
    label: str
    time: float
    kind: str
    data: str = ""
    before: list[int] = field(default_factory=list)  # nodes that must come first
    row: int = -1


@dataclass(frozen=True)
class _Arrow:
    src: int | None  # node index, or None when that side was not traced
    dst: int | None
    style: str
    label: str
    lane_from: int
    lane_to: int


def _events(obj: object, name: str) -> list:
    events = getattr(obj, "events", obj)
    if isinstance(events, (str, bytes)) or not isinstance(events, Iterable):
        raise TypeError(t("dg_bad_events", name=name, typename=type(obj).__name__))
    events = list(events)
    if any(not hasattr(e, "kind") or not hasattr(e, "time") for e in events):
        raise TypeError(t("dg_bad_events", name=name, typename=type(obj).__name__))
    return events


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SequenceDiagram:
    """An SVG sequence diagram; shows itself in a notebook (``_repr_svg_``).

    ``.svg`` is the SVG text, ``.save(path)`` writes it to a file.
    """

    def __init__(self, svg: str, clients: int, steps: int, arrows: int) -> None:
        self.svg = svg
        self.clients = clients
        self.steps = steps
        self.arrows = arrows

    def _repr_svg_(self) -> str:
        return self.svg

    def __repr__(self) -> str:
        return t("dg_repr", clients=self.clients, steps=self.steps, arrows=self.arrows)

    def save(self, path: str | Path) -> Path:
        """Write the SVG to ``path`` (e.g. ``"exchange.svg"``) and return the path."""
        target = Path(path)
        target.write_text(self.svg, encoding="utf-8")
        return target


def sequence_diagram(server_events: object, client_events: object = None, *,
                     times: bool = False, max_clients: int = 3) -> SequenceDiagram:
    """Draw the real exchange between a LabServer and its clients.

    ``server_events``: ``server.events`` (or the LabServer).  ``client_events``:
    the ``trace`` list filled by ``fetch(..., trace=trace)``; with it, only the
    connections found in the trace are drawn (matched by the client's address),
    else the server's last ``max_clients`` connections, their client side left
    blank.  ``times=True`` writes each step's time (ms after the first step).
    """
    server = [e for e in _events(server_events, "server_events")
              if e.kind in ("listen", "accept", "recv", "send", "close", "stop", "error")]
    client = [] if client_events is None else _events(client_events, "client_events")
    client.sort(key=lambda e: e.time)  # one client thread: its own clock order is the truth
    accesses, peers, lane_of_access = _choose(server, client, max_clients)
    if not lane_of_access and not any(e.kind == "listen" for e in server):
        raise ValueError(t("dg_no_events"))

    graph = _Graph()
    first_time = min([e.time for e in client if e.kind == "socket"], default=None)
    listen_node, per_access = graph.server_lane(server, lane_of_access, first_time)
    per_peer = graph.client_lanes(client, peers, lane_of_access)
    graph.order_lanes()
    for n, lane in sorted(lane_of_access.items()):
        cli = per_peer.get(accesses[n], {}) if client else {}
        graph.connection(per_access.get(n, {}), cli, lane, listen_node)

    _place(graph.nodes)
    lanes = 1 + len(set(lane_of_access.values()))
    svg = _draw(graph.nodes, graph.arrows, lanes, times)
    return SequenceDiagram(svg, lanes - 1, len(graph.nodes), len(graph.arrows))


def _choose(server: list, client: list, max_clients: int
            ) -> tuple[dict[int, tuple], list[tuple], dict[int, int]]:
    """Which connections to draw: ``(access -> peer, client peers, access -> lane)``."""
    accesses = {e.access: tuple(e.peer) for e in server if e.kind == "accept" and e.peer}
    peers: list[tuple] = []
    for e in client:
        if e.peer and tuple(e.peer) not in peers:
            peers.append(tuple(e.peer))
    if client:
        lane_of_access = {n: peers.index(p) + 1 for n, p in accesses.items() if p in peers}
    else:
        chosen = sorted(accesses)[-max_clients:]
        lane_of_access = {n: i + 1 for i, n in enumerate(chosen)}
    return accesses, peers, lane_of_access


def _slot(e) -> str:
    """The key a step is filed under: its kind, and ``recv_eof`` for the ``b""`` recv."""
    return e.kind + ("" if e.data or e.kind != "recv" else "_eof")


def _first(slots: dict[str, list[int]], key: str) -> int | None:
    return slots.get(key, [None])[0]


_SERVER_LABEL = {"accept": "accept()", "recv": "recv()", "send": "send()", "close": "close()"}
_CLIENT_LABEL = {"socket": "socket()", "connect": "connect()", "send": "sendall()",
                 "shutdown": "shutdown(SHUT_WR)", "recv": "recv()", "close": "close()"}


class _Graph:
    """The diagram's steps (nodes, one lane per side) and what crossed the wire (arrows)."""

    def __init__(self) -> None:
        self.nodes: list[_Node] = []
        self.arrows: list[_Arrow] = []

    def add(self, lane: int, label: str, e, kind: str | None = None) -> int:
        self.nodes.append(_Node(lane, label, e.time, kind or e.kind, getattr(e, "data", "")))
        return len(self.nodes) - 1

    def link(self, src: int | None, dst: int | None, style: str, label: str, lane_from: int,
             lane_to: int) -> None:
        """An arrow from ``src`` to ``dst`` (either may be untraced); the send comes first."""
        if src is not None and dst is not None:
            self.nodes[dst].before.append(src)
        if src is not None or dst is not None:
            self.arrows.append(_Arrow(src, dst, style, label, lane_from, lane_to))

    def server_lane(self, server: list, lane_of_access: dict[int, int],
                    first_time: float | None) -> tuple[int | None, dict[int, dict[str, list[int]]]]:
        """Lane 0, in the server's own order: ``(the listen node, access -> slots)``."""
        listen_node: int | None = None
        per_access: dict[int, dict[str, list[int]]] = {}
        listens = [e for e in server if e.kind == "listen"]
        if first_time is not None:  # the listen that let these clients in
            listens = [e for e in listens if e.time <= first_time][-1:] or listens[-1:]
        else:
            listens = listens[-1:]
        for e in sorted(server, key=lambda e: e.seq):
            if e.kind == "listen":
                if e in listens:
                    self.add(0, "socket()", e, "setup")
                    self.add(0, "bind()", e, "setup")
                    listen_node = self.add(0, "listen()", e, "setup")
            elif e.kind == "stop":
                if listen_node is not None and any(e.time > n.time for n in self.nodes):
                    self.add(0, "close()  [stop]", e)
            elif e.access in lane_of_access:
                if e.kind == "recv" and not e.data:
                    label = t("dg_eof")
                elif e.kind == "error":
                    label = "error: " + _short(e.data, 20)
                else:
                    label = _SERVER_LABEL[e.kind]
                slots = per_access.setdefault(e.access, {})
                slots.setdefault(_slot(e), []).append(self.add(0, label, e))
        return listen_node, per_access

    def client_lanes(self, client: list, peers: list[tuple], lane_of_access: dict[int, int]
                     ) -> dict[tuple, dict[str, list[int]]]:
        """One lane per drawn client, in the client's own order: ``peer -> slots``."""
        per_peer: dict[tuple, dict[str, list[int]]] = {}
        for e in client:
            peer = tuple(e.peer) if e.peer else None
            if peer not in peers:
                continue
            lane = peers.index(peer) + 1
            if lane not in lane_of_access.values():
                continue
            label = _CLIENT_LABEL.get(e.kind, e.kind + "()")
            if e.kind == "recv" and not e.data:
                label = t("dg_eof")
            slots = per_peer.setdefault(peer, {})
            slots.setdefault(_slot(e), []).append(self.add(lane, label, e))
        return per_peer

    def order_lanes(self) -> None:
        """Inside each lane: server by seq, client by time (both already so)."""
        last_in_lane: dict[int, int] = {}
        for i, node in enumerate(self.nodes):
            if node.lane in last_in_lane:
                node.before.append(last_in_lane[node.lane])
            last_in_lane[node.lane] = i
        client_nodes = [i for i, n in enumerate(self.nodes) if n.lane > 0]
        for prev, nxt in zip(client_nodes, client_nodes[1:], strict=False):  # one client thread
            self.nodes[nxt].before.append(prev)

    def connection(self, srv: dict[str, list[int]], cli: dict[str, list[int]], lane: int,
                   listen_node: int | None) -> None:
        """The arrows of one connection: handshake, data both ways, the two FINs."""
        connect = _first(cli, "connect")
        if connect is not None and listen_node is not None:
            self.nodes[connect].before.append(listen_node)
        self.link(connect, _first(srv, "accept"), "handshake", t("dg_handshake"), lane, 0)
        for src, dst, lane_from, lane_to in (
                *((s, r, lane, 0) for s, r in _pairs(cli.get("send", []), srv.get("recv", []))),
                *((s, r, 0, lane) for s, r in _pairs(srv.get("send", []), cli.get("recv", [])))):
            data = self.nodes[src if src is not None else dst].data
            self.link(src, dst, "data", repr(_short(data)), lane_from, lane_to)
        half = _first(cli, "shutdown")
        if half is None:
            half = _first(cli, "close")
        if half is not None or _first(srv, "recv_eof") is not None:
            self.link(half, _first(srv, "recv_eof"), "fin", t("dg_fin"), lane, 0)
        self.link(_first(srv, "close"), _first(cli, "recv_eof"), "fin", t("dg_fin"), 0, lane)


def _pairs(sends: list[int], recvs: list[int]) -> list[tuple[int | None, int | None]]:
    """The i-th send feeds the i-th recv (true for the short messages of the lessons)."""
    if not sends or not recvs:
        return [(s, None) for s in sends] + [(None, r) for r in recvs]
    return list(zip(sends, recvs, strict=False))


def _place(nodes: list[_Node]) -> None:
    """Give every node a row: causes first; ties go to the server's setup, then clients."""
    done: set[int] = set()
    row = 0
    while len(done) < len(nodes):
        ready = [i for i, n in enumerate(nodes)
                 if i not in done and all(b in done for b in n.before)]
        if not ready:  # a cycle (a trace that contradicts itself): fall back to time
            ready = [min((i for i in range(len(nodes)) if i not in done),
                         key=lambda i: nodes[i].time)]
        pick = min(ready, key=lambda i: (nodes[i].kind != "setup", nodes[i].lane == 0,
                                         nodes[i].lane, i))
        nodes[pick].row = row
        done.add(pick)
        row += 1


def _lane_x(lane: int, times: bool) -> int:
    return _LEFT + (_TIME_COL if times else 0) + _BOX_W // 2 + lane * _LANE_GAP


def _draw(nodes: list[_Node], arrows: list[_Arrow], lanes: int, times: bool) -> str:
    width = _lane_x(lanes - 1, times) + _BOX_W // 2 + _LEFT
    height = _TOP + _ROW * max(1, len(nodes)) + 20
    lane_names = [t("dg_server")] + [t("dg_client", n=i) for i in range(1, lanes)]
    title = t("dg_title", clients=lanes - 1, steps=len(nodes))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        "<defs>",
    ]
    for style, color in _ARROW_COLOR.items():
        out.append(f'<marker id="arrow-{style}" viewBox="0 0 10 10" refX="10" refY="5" '
                   f'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
                   f'<path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>')
    out.append("</defs>")
    # A white card, so the picture stays readable in a dark theme.
    out.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>')
    bottom = height - 10
    for lane, name in enumerate(lane_names):
        x = _lane_x(lane, times)
        color = _SERVER_COLOR if lane == 0 else _CLIENT_COLOR
        out.append(f'<line x1="{x}" y1="40" x2="{x}" y2="{bottom}" stroke="{color}" '
                   f'stroke-dasharray="4 4"/>')
        out.append(f'<rect x="{x - 60}" y="12" width="120" height="26" rx="4" fill="{color}"/>')
        out.append(f'<text x="{x}" y="30" text-anchor="middle" fill="#ffffff" '
                   f'font-weight="bold">{escape(name)}</text>')

    out += _draw_nodes(nodes, times)
    out += _draw_arrows(nodes, arrows, times)
    out.append("</svg>")
    return "\n".join(out)


def _draw_nodes(nodes: list[_Node], times: bool) -> list[str]:
    """One box per step, on its lane and row; with ``times``, its ms after the first step."""
    out = []
    t0 = min((n.time for n in nodes), default=0.0)
    for node in nodes:
        x = _lane_x(node.lane, times)
        y = _TOP + node.row * _ROW
        color = _SERVER_COLOR if node.lane == 0 else _CLIENT_COLOR
        out.append(f'<rect x="{x - _BOX_W // 2}" y="{y}" width="{_BOX_W}" height="{_BOX_H}" '
                   f'rx="3" fill="#ffffff" stroke="{color}"/>')
        out.append(f'<text x="{x}" y="{y + 15}" text-anchor="middle" fill="#111111">'
                   f"{escape(node.label)}</text>")
        if times:
            ms = (node.time - t0) * 1000
            out.append(f'<text x="{_LEFT}" y="{y + 15}" fill="#777777">+{ms:.2f} ms</text>')
    return out


def _draw_arrows(nodes: list[_Node], arrows: list[_Arrow], times: bool) -> list[str]:
    """One labelled arrow per thing that crossed the wire; dashed if one side is untraced."""

    def y_of(row: int) -> int:
        return _TOP + row * _ROW + _BOX_H // 2

    out = []
    for arrow in arrows:
        src_row = nodes[arrow.src].row if arrow.src is not None else None
        dst_row = nodes[arrow.dst].row if arrow.dst is not None else None
        y1 = y_of(src_row if src_row is not None else dst_row)  # type: ignore[arg-type]
        y2 = y_of(dst_row if dst_row is not None else src_row)  # type: ignore[arg-type]
        xa, xb = _lane_x(arrow.lane_from, times), _lane_x(arrow.lane_to, times)
        step = _BOX_W // 2 if xb > xa else -(_BOX_W // 2)
        x1, x2 = xa + step, xb - step
        color = _ARROW_COLOR[arrow.style]
        dash = ' stroke-dasharray="6 3"' if arrow.src is None or arrow.dst is None else ""
        out.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{color}" '
                   f'stroke-width="1.5" marker-end="url(#arrow-{arrow.style})"{dash}/>')
        mx, my = (x1 + x2) // 2, (y1 + y2) // 2 - 5
        # A white halo keeps the label readable where it crosses a line.
        out.append(f'<text x="{mx}" y="{my}" text-anchor="middle" fill="{color}" '
                   f'font-size="11" stroke="#ffffff" stroke-width="3" paint-order="stroke">'
                   f"{escape(arrow.label)}</text>")
    return out
