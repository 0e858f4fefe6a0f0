"""The argument checks: each names the value, the allowed range and the cure."""

from __future__ import annotations

import math

import pytest

import labkit
from labkit import _validate as v


@pytest.mark.parametrize("host", ["127.0.0.1", "127.255.0.9", "::1", "localhost"])
def test_loopback_hosts_pass(host):
    assert v.is_loopback(host)
    assert v.check_host(host) == host


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1", "::", "example.com"])
def test_other_hosts_are_not_loopback(host):
    assert not v.is_loopback(host)


def test_non_loopback_refused_then_allowed_with_a_warning():
    with pytest.raises(v.NotLoopbackError, match="host='192.0.2.1'.*127.0.0.0/8"):
        v.check_host("192.0.2.1")
    with pytest.warns(v.RemoteExposureWarning, match="192.0.2.1:80"):
        assert v.check_host("192.0.2.1", allow_remote=True, port=80) == "192.0.2.1"


@pytest.mark.parametrize(
    ("check", "value", "error", "words"),
    [
        (v.check_port, 65536, ValueError, "allowed 0 to 65535"),
        (v.check_port, 3.0, TypeError, r"port must be int, not 3.0 \(float\)"),
        (v.check_backlog, 70000, ValueError, "backlog=70000"),
        (v.check_bufsize, 0, ValueError, "bufsize=0 is out of range: allowed 1"),
        (v.check_timeout, math.nan, ValueError, "timeout=nan"),
        (v.check_timeout, "5", TypeError, "timeout must be float"),
        (v.check_timeout, 0, ValueError, "allowed 0 \\(exclusive\\)"),
    ],
)
def test_bad_values(check, value, error, words):
    with pytest.raises(error, match=words):
        check(value)


def test_good_values_come_back():
    assert v.check_port(0) == 0 and v.check_port(65535) == 65535
    assert v.check_port(1, allow_zero=False) == 1
    assert v.check_timeout(None) is None and v.check_timeout(2) == 2.0
    with pytest.raises(ValueError):
        v.check_port(0, allow_zero=False)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("client", [
    lambda: labkit.fetch("127.0.0.1", 0),
    lambda: labkit.grab_banner("127.0.0.1", 0),
    lambda: labkit.burst("127.0.0.1", 0, 1),
    lambda: labkit.scan_ports("127.0.0.1", 0),
], ids=["fetch", "grab_banner", "burst", "scan_ports"])
def test_a_client_port_0_is_refused_without_offering_0(client, lang):
    """Issue 9: "allowed 1 to 65535 ... or 0 to let the OS pick" contradicted itself."""
    labkit.set_language(lang)
    with pytest.raises(ValueError) as info:
        client()
    text = str(info.value)
    assert "1" in text and "65535" in text
    assert "let the OS pick" not in text and "OS に空きポートを選ばせ" not in text
    assert ("only to a server" in text) if lang == "en" else ("待ち受けるサーバの場合だけ" in text)


def test_a_server_port_out_of_range_still_offers_0():
    with pytest.raises(ValueError, match="0 to let the OS pick"):
        labkit.LabServer("127.0.0.1", 70000)
