"""labkit._registry: this kernel's servers, and how an earlier one gives way."""

from __future__ import annotations

import ast
import socket
from pathlib import Path

import pytest

import labkit
from labkit import _registry


class FakeServer:
    """Just what the registry needs: an address, stop() and detach()."""

    def __init__(self, address, sock=None):
        self.address = address
        self.sock = sock
        self.calls = []

    def stop(self):
        self.calls.append("stop")
        _registry.remove(self)

    def detach(self):
        self.calls.append("detach")
        _registry.remove(self)
        return self.sock


@pytest.fixture
def address():
    # No real server ever listens on port 0: these entries cannot clash with one.
    yield ("203.0.113.9", 0)
    with _registry._lock:
        _registry._servers.pop(("203.0.113.9", 0), None)


def test_add_remove_and_running_servers(address):
    server = FakeServer(address)
    _registry.add(server)
    assert server in labkit.running_servers()
    _registry.remove(server)
    assert server not in labkit.running_servers()


def test_remove_keeps_a_newer_server_on_the_same_address(address):
    old, new = FakeServer(address), FakeServer(address)
    _registry.add(old)
    _registry.add(new)
    _registry.remove(old)
    assert new in labkit.running_servers()


def test_make_way_stops_the_earlier_server(address):
    earlier, newcomer = FakeServer(address), FakeServer(address)
    _registry.add(earlier)
    assert _registry.make_way(address, newcomer) is True
    assert earlier.calls == ["stop"]
    assert _registry.make_way(address, newcomer) is False  # nobody left to stop


def test_make_way_never_stops_the_newcomer_itself(address):
    server = FakeServer(address)
    _registry.add(server)
    assert _registry.make_way(address, server) is False
    assert server.calls == []


def test_make_way_for_the_same_socket_is_a_hand_over(address):
    with socket.socket() as sock:
        earlier = FakeServer(address, sock)
        _registry.add(earlier)
        assert _registry.make_way(address, FakeServer(address), sock) is True
        assert earlier.calls == ["detach"]
        assert sock.fileno() != -1  # handed over open, not closed


def test_a_handed_back_socket_that_is_not_ours_is_closed(address):
    with socket.socket() as mine, socket.socket() as theirs:
        _registry.add(FakeServer(address, theirs))
        _registry.make_way(address, FakeServer(address), mine)
        assert theirs.fileno() == -1 and mine.fileno() != -1


def test_stop_all_stops_real_servers():
    servers = [labkit.LabServer(port=0).start() for _ in range(3)]
    assert labkit.stop_all() == 3
    assert not any(s.running for s in servers)
    assert labkit.running_servers() == []


def test_the_registry_does_not_import_labserver():
    source = Path(_registry.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert not {"_server", "labkit._server", "LabServer", "labkit"} & imported, imported
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert "LabServer" not in names
