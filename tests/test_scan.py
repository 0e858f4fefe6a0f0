"""scan_ports and grab_banner: find our own servers, refuse every other computer."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from _util import require_ipv6

import labkit
from labkit import _client, _scan


def test_scan_finds_open_ports_and_not_closed_ones(server):
    port = server.address[1]
    # A port that was free a moment ago: bind, read the number, close.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    result = labkit.scan_ports("127.0.0.1", [port, closed])
    assert result.open == (port,)
    assert port in result and closed not in result
    assert result.closed == (closed,)
    for _ in range(200):  # the scan is a real connection: the server counts it
        if server.count:
            break
        time.sleep(0.01)
    assert server.count == 1


def test_scan_range_around_two_servers():
    with labkit.LabServer(port=0) as a, labkit.LabServer(port=0) as b:
        ports = {a.address[1], b.address[1]}
        wanted = sorted({p + d for p in ports for d in range(-3, 4)})
        result = labkit.scan_ports("localhost", wanted)
        assert ports <= set(result.open)
        assert result.ports == tuple(wanted)


def test_result_prints_a_summary(server):
    port = server.address[1]
    text = str(labkit.scan_ports("127.0.0.1", port))
    assert text.splitlines() == [f"scan of 127.0.0.1: 1 ports ({port}-{port}), 1 open",
                                 f"  {port}/tcp open"]
    labkit.set_language("ja")
    assert "開いている" in str(labkit.scan_ports("127.0.0.1", port))


@pytest.mark.parametrize("host", ["192.0.2.1", "10.0.0.1", "8.8.8.8", "2001:db8::1"])
def test_non_loopback_target_is_refused_before_any_socket(host, monkeypatch):
    def no_socket(*args, **kwargs):
        raise AssertionError("a socket was created for a refused target")

    monkeypatch.setattr(_scan.socket, "socket", no_socket)
    monkeypatch.setattr(_client.socket, "create_connection", no_socket)
    with pytest.raises(labkit.NotLoopbackError, match="only this computer"):
        labkit.scan_ports(host, [80])
    with pytest.raises(labkit.NotLoopbackError, match="No packet was sent"):
        labkit.grab_banner(host, 80)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "example.com", "127.0.0.1.example.com",
                                  "LOCALHOST."])
def test_a_name_or_any_address_is_refused_as_a_target(host, monkeypatch):
    """A name is never looked up; 0.0.0.0 and :: are where servers listen, no target."""
    def no_socket(*args, **kwargs):
        raise AssertionError("a socket was created for a refused target")

    monkeypatch.setattr(_scan.socket, "socket", no_socket)
    monkeypatch.setattr(_client.socket, "create_connection", no_socket)
    for tool in (lambda: labkit.scan_ports(host, [80]), lambda: labkit.grab_banner(host, 80)):
        with pytest.raises(ValueError, match=f"(?i)host={host!r}.*nothing was sent"):
            tool()


def test_refusal_speaks_japanese():
    labkit.set_language("ja")
    with pytest.raises(labkit.NotLoopbackError, match="パケットは 1 つも送っていません"):
        labkit.scan_ports("192.0.2.1", 80)


def test_whole_127_network_and_ipv6_loopback_are_allowed():
    assert labkit.scan_ports("127.0.0.2", [1]).open == ()
    require_ipv6()  # under CI a machine without IPv6 fails here instead of skipping
    assert labkit.scan_ports("::1", [1]).host == "::1"


def test_too_many_ports_is_refused_with_the_limit():
    with pytest.raises(ValueError, match="at most 1024"):
        labkit.scan_ports("127.0.0.1", range(1, 2000))
    with pytest.raises(ValueError, match="at most 1024"):
        labkit.scan_ports("127.0.0.1", (p for p in range(1, 65536)))


@pytest.mark.parametrize(("ports", "error"), [
    ([0], ValueError), ([70000], ValueError), (["80"], TypeError), ("80", TypeError),
    ([], ValueError), (None, TypeError),
])
def test_bad_ports(ports, error):
    with pytest.raises(error):
        labkit.scan_ports("127.0.0.1", ports)


def test_banner_of_the_kits_own_server(server):
    assert labkit.grab_banner(*server.address) == "Server accessed.(1)"
    assert labkit.grab_banner(*server.address) == "Server accessed.(2)"


def test_banner_of_a_silent_server_is_empty_after_the_timeout():
    release = threading.Event()

    def waits_for_client(client, addr):
        release.wait(2)

    with labkit.LabServer(port=0, handler=waits_for_client) as srv:
        assert labkit.grab_banner(*srv.address, timeout=0.2) == ""
        release.set()


def test_banner_is_bounded_by_max_bytes():
    def flood(client, addr):
        client.sendall(b"A" * 5000)

    with labkit.LabServer(port=0, handler=flood) as srv:
        assert labkit.grab_banner(*srv.address, max_bytes=10) == "A" * 10


def test_banner_of_a_closed_port_says_nobody_listens(server):
    host, port = server.address
    server.stop()
    with pytest.raises(ConnectionRefusedError, match="Nobody is listening"):
        labkit.grab_banner(host, port)


@pytest.mark.parametrize(("max_bytes", "error", "words"), [
    (0, ValueError, "max_bytes=0 is out of range"),
    ("10", TypeError, "max_bytes must be int"),  # a wrong type is a TypeError, as everywhere
    (True, TypeError, "max_bytes must be int"),
])
def test_banner_max_bytes_is_checked_like_every_number(max_bytes, error, words):
    with pytest.raises(error, match=words):
        labkit.grab_banner("127.0.0.1", 49152, max_bytes=max_bytes)
