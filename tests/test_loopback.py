"""The loopback rule, everywhere (issue 9): every public name of labkit that takes a
``host`` contacts or opens only this computer (127.0.0.0/8, ::1, 'localhost') unless
the caller passes ``allow_remote=True``, and a refusal sends nothing.

Each tool is called with hosts elsewhere while ``socket`` is replaced by a recorder
that refuses everything: the refusal must be a sentence in the notebook's language
naming the value (and the opt-in), and the recorder must stay empty.
"""

from __future__ import annotations

import inspect
import ipaddress
import socket

import pytest

import labkit

#: Hosts that are not this computer, or no place to connect to, or a name (never looked up).
ELSEWHERE = ["10.0.0.1", "0.0.0.0", "::", "192.0.2.1", "2001:db8::1", "::ffff:10.0.0.1",
             "example.com", "localhost.example.com"]


def _panel_click(host: str, button: str) -> str:
    """Click a panel's Connect or Start for ``host``; what the panel then shows."""
    panel = labkit.lab_panel(host=host, port=49152)
    try:
        getattr(panel, f"{button}_button").click()
        return panel.received.value if button == "connect" else panel.status.value
    finally:
        panel.close()


def _panel_connect(host: str) -> str:
    return _panel_click(host, "connect")


def _panel_start(host: str) -> str:
    return _panel_click(host, "start")


#: name -> a call with that host.  Panels show the sentence instead of raising it.
TOOLS = {
    "fetch": lambda host: labkit.fetch(host, 49152),
    "fetch_bytes": lambda host: labkit.fetch_bytes(host, 49152, send="hi"),
    "burst": lambda host: labkit.burst(host, 49152, 3, timeout=0.5),
    "scan_ports": lambda host: labkit.scan_ports(host, range(49152, 49155)),
    "grab_banner": lambda host: labkit.grab_banner(host, 49152),
    "lab_panel": _panel_connect,
    "LabPanel": _panel_start,
    "LabServer": lambda host: labkit.LabServer(host, 0).start(),
    "ArticleServer": lambda host: labkit.ArticleServer(host, 0).start(),
    "check_setup": lambda host: labkit.check_setup(host, 49152),
    "ensure_server": lambda host: labkit.ensure_server(host, 49152),
    "class_server": lambda host: labkit.class_server(host, 0),
    "student_port": lambda host: labkit.student_port(49152, host),
    "is_own_server": lambda host: labkit.is_own_server(49152, host),
}
#: Public names with a ``host`` that never touch the network, and why.
NO_NETWORK = {
    "is_loopback": "only looks at the text",
    "ScanResult": "a record of a scan that already ran",
    "ServerCheck": "a record of what ensure_server did",
    "socket_states": "asks the OS for its socket table; host only filters the rows",
}
#: Tools with no opt-in at all: a scan of another computer is never the kit's to make.
NO_OPT_IN = {"scan_ports", "grab_banner"}


def _public_names_with_a_host() -> set[str]:
    names = set()
    for name in labkit.__all__:
        obj = getattr(labkit, name)
        try:
            parameters = inspect.signature(obj).parameters
        except (TypeError, ValueError):  # not callable, or a builtin without a signature
            continue
        if "host" in parameters:
            names.add(name)
    return names


def test_every_public_name_with_a_host_is_listed_here():
    """A new public tool that takes a host fails here until it is added to TOOLS."""
    assert _public_names_with_a_host() == set(TOOLS) | set(NO_NETWORK)


class Recorder:
    """Stands in for the socket layer: records each call and refuses it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, tuple]] = []
        for owner, name in ((socket.socket, "__init__"), (socket.socket, "connect"),
                            (socket.socket, "connect_ex"), (socket.socket, "bind"),
                            (socket, "getaddrinfo"), (socket, "create_connection"),
                            (socket, "create_server")):
            monkeypatch.setattr(owner, name, self._refuse(name))

    def _refuse(self, name: str):
        def refuse(*args, **kwargs):
            self.calls.append((name, args[1:] if name != "getaddrinfo" else args))
            raise AssertionError(f"{name} reached the socket layer: {args!r}")
        return refuse


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("host", ELSEWHERE)
@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_a_host_elsewhere_is_refused_before_any_socket(tool, host, lang, monkeypatch):
    labkit.set_language(lang)
    recorder = Recorder(monkeypatch)
    try:
        shown = TOOLS[tool](host)
    except ValueError as exc:  # NotLoopbackError is a ValueError too
        shown = str(exc)
        if isinstance(exc, labkit.NotLoopbackError) and tool not in NO_OPT_IN:
            assert "allow_remote=True" in shown, shown
    else:
        assert tool in ("lab_panel", "LabPanel"), f"{tool}({host!r}) was not refused"
        shown = shown.replace("&#x27;", "'")
    assert recorder.calls == []
    assert repr(host) in shown, shown
    japanese = any("\u3040" <= ch <= "\u30ff" for ch in shown)
    assert japanese == (lang == "ja"), shown


def _non_loopback(address: object) -> bool:
    host = address[0] if isinstance(address, tuple) else None
    return not (isinstance(host, str) and ipaddress.ip_address(host).is_loopback)


def _record_connections(monkeypatch) -> list[object]:
    """Let create_connection through, but note every address it is given."""
    seen: list[object] = []
    real = socket.create_connection

    def record(address, *args, **kwargs):
        seen.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", record)
    return seen


def test_the_checkers_connect_to_loopback_only(monkeypatch):
    """check_exercise runs its own server on 127.0.0.1 and connects there only."""
    seen = _record_connections(monkeypatch)

    def echo(client, addr):
        while data := client.recv(4096):
            client.sendall(data)

    assert labkit.check_exercise("echo", echo).passed
    assert seen and not [a for a in seen if _non_loopback(a)]


@pytest.mark.parametrize("tool", ["fetch", "burst", "lab_panel"])
def test_allow_remote_is_the_one_opt_in(tool, monkeypatch):
    """With allow_remote=True the same call goes on to the socket layer (refused here)."""
    recorder = Recorder(monkeypatch)
    calls = {
        "fetch": lambda: labkit.fetch("192.0.2.1", 49152, allow_remote=True),
        "burst": lambda: labkit.burst("192.0.2.1", 49152, 1, timeout=0.5, allow_remote=True),
        "lab_panel": lambda: labkit.lab_panel(host="192.0.2.1", allow_remote=True).connect(),
    }
    with pytest.raises(AssertionError, match="reached the socket layer"):
        calls[tool]()
    assert recorder.calls


@pytest.mark.parametrize("spelling", ["::ffff:127.0.0.1", "::ffff:7f00:1", "localhost"])
def test_other_spellings_of_127_0_0_1_are_contacted_as_127_0_0_1(spelling, monkeypatch):
    """Decided once, the same on every Python: an IPv4-mapped address is its IPv4
    address (3.13 says so, 3.10-3.12 did not), and 'localhost' is never looked up."""
    assert labkit.is_loopback(spelling)
    with labkit.LabServer("127.0.0.1", 0) as server:
        recorder_calls = _record_connections(monkeypatch)
        assert labkit.fetch(spelling, server.address[1]) == "Server accessed.(1)"
        assert recorder_calls == [("127.0.0.1", server.address[1])]


def test_an_ipv4_mapped_non_loopback_address_is_refused_on_every_python():
    with pytest.raises(labkit.NotLoopbackError, match="::ffff:10.0.0.1"):
        labkit.LabServer("::ffff:10.0.0.1", 0)
    with pytest.raises(labkit.NotLoopbackError, match="::ffff:10.0.0.1"):
        labkit.fetch("::ffff:10.0.0.1", 49152)
    with labkit.LabServer("::ffff:127.0.0.2", 0) as server:
        assert server.address[0] == "127.0.0.2"
