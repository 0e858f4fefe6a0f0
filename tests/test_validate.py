"""The argument checks: each names the value, the allowed range and the cure."""

from __future__ import annotations

import math

import pytest

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
