"""Property tests (hypothesis): any host, port, backlog, bufsize, timeout a learner types.

Only the documented exceptions come out -- ``TypeError`` for a wrong type,
``ValueError`` for a value out of range, :class:`NotLoopbackError` (a
``ValueError``) for a host other computers could reach -- and the message names
the value (``repr``), in English and in Japanese.  Valid arguments work.

Network safety: ``fetch`` resolves names, so its hosts are only loopback
literals or values rejected before any socket exists, and valid ports always
point at the test's own server.
"""

from __future__ import annotations

import ipaddress
import math

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import labkit
from labkit import LabServer, NotLoopbackError, fetch

LANGS = st.sampled_from(["en", "ja"])
JUNK = st.one_of(st.none(), st.booleans(), st.binary(max_size=4), st.lists(st.integers(),
                 max_size=2), st.complex_numbers(max_magnitude=10))


def half_valid(good: st.SearchStrategy, *bad: st.SearchStrategy) -> st.SearchStrategy:
    """Half the draws from ``good``, half from anything a learner might type."""
    anything = st.one_of(*bad)
    return st.booleans().flatmap(lambda ok: good if ok else anything)


GOOD_HOSTS = st.one_of(st.ip_addresses(v=4, network="127.0.0.0/8").map(str),
                       st.sampled_from(["localhost", "127.0.0.1", "::1"]))
HOSTS = half_valid(
    GOOD_HOSTS,
    st.sampled_from(["", " 127.0.0.1", "0.0.0.0", "127.0.0.1\u00a0", "example.com", "127.1",
                     "::", "LOCALHOST"]),
    st.ip_addresses().map(str),  # mostly not loopback: must need allow_remote
    st.text(max_size=20), st.integers(), st.floats(), JUNK,
)
GOOD_PORTS = st.one_of(st.just(0), st.integers(0, 65535))
PORTS = half_valid(GOOD_PORTS, st.integers(-10, 70_000), st.integers(), st.floats(),
                  st.text(max_size=6), JUNK)
GOOD_BACKLOGS = st.one_of(st.none(), st.integers(0, 65535))
BACKLOGS = half_valid(GOOD_BACKLOGS, st.integers(-10, 70_000), st.integers(), st.floats(),
                     st.text(max_size=4), JUNK)
GOOD_TIMEOUTS = st.one_of(st.none(), st.floats(0.5, 3600), st.integers(1, 3600))
TIMEOUTS = half_valid(GOOD_TIMEOUTS, st.floats(), st.floats(0, 4000), st.integers(-5, 5000),
                     st.text(max_size=4), JUNK)
GOOD_BUFSIZES = st.integers(1, 65536)
BUFSIZES = half_valid(GOOD_BUFSIZES, st.integers(-10, 17 * 1024 * 1024), st.floats(),
                     st.text(max_size=4), JUNK)


# ------------------------------------------------------------ the oracle
def _int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _port_ok(port: object, allow_zero: bool = True) -> bool:
    return _int(port) and (0 if allow_zero else 1) <= port <= 65535  # type: ignore[operator]


def _backlog_ok(backlog: object) -> bool:
    return backlog is None or (_int(backlog) and 0 <= backlog <= 65535)  # type: ignore[operator]


def _timeout_ok(timeout: object) -> bool:
    if timeout is None:
        return True
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        return False
    return not math.isnan(timeout) and 0 < timeout <= 3600


def _bufsize_ok(bufsize: object) -> bool:
    return _int(bufsize) and 1 <= bufsize <= 16 * 1024 * 1024  # type: ignore[operator]


def _ip(host: object) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if host == "localhost":
        return ipaddress.ip_address("127.0.0.1")
    if not isinstance(host, str):
        return None
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        return None
    # labkit's rule on every Python: ::ffff:a.b.c.d is a.b.c.d (as 3.13 says).
    return getattr(addr, "ipv4_mapped", None) or addr


def _names(message: str, value: object) -> bool:
    return repr(value) in message


# ------------------------------------------------------------- LabServer
@settings(max_examples=300, deadline=None)
@given(host=HOSTS, port=PORTS, backlog=BACKLOGS, timeout=TIMEOUTS, lang=LANGS)
def test_labserver_arguments_raise_only_documented_errors_naming_the_value(
        host, port, backlog, timeout, lang):
    labkit.set_language(lang)
    ip = _ip(host)
    # 127.255.255.255 is loopback but unusable (connect fails): refused like a bad host.
    host_ok = ip is not None and str(ip) != "127.255.255.255"
    invalid = [v for v, ok in ((port, _port_ok(port)), (host, host_ok),
                               (backlog, _backlog_ok(backlog)), (timeout, _timeout_ok(timeout)))
               if not ok]
    remote = ip is not None and not ip.is_loopback
    try:
        server = LabServer(host, port, backlog=backlog, client_timeout=timeout)
    except NotLoopbackError as exc:
        event("NotLoopbackError")
        assert remote and _names(str(exc), host), (host, str(exc))
        return
    except (TypeError, ValueError) as exc:
        event(type(exc).__name__)
        assert invalid, f"valid arguments refused: {exc}"
        assert any(_names(str(exc), v) for v in invalid), (invalid, str(exc))
        return
    event("accepted" + (" and served" if port == 0 and ip is not None and ip.version == 4
                        else ""))
    assert not invalid and not remote, f"accepted invalid {invalid} or remote {host!r}"
    # A valid loopback IPv4 server on a free port really serves.
    if port == 0 and ip is not None and ip.version == 4:
        with server:
            assert fetch(*server.address).startswith("Server accessed.(1)")


@settings(max_examples=100, deadline=None)
@given(host=st.ip_addresses().map(lambda a: "192.0.2.1" if _ip(str(a)).is_loopback else str(a)),
       lang=LANGS)
def test_every_non_loopback_address_needs_allow_remote(host, lang):
    labkit.set_language(lang)
    with pytest.raises(NotLoopbackError) as info:
        LabServer(host, 0)
    assert _names(str(info.value), host)


# ----------------------------------------------------------------- fetch
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_fetch_arguments_raise_only_documented_errors_naming_the_value():
    with LabServer(port=0) as server:
        our_port = server.address[1]
        safe_hosts = half_valid(st.sampled_from(["127.0.0.1", "localhost"]),
                                st.just(""), st.integers(), st.floats(), JUNK)
        ports = half_valid(st.just(our_port), PORTS.filter(lambda p: not _port_ok(p, False)))

        @settings(max_examples=300, deadline=None,
                  suppress_health_check=[HealthCheck.filter_too_much])
        @given(host=safe_hosts, port=ports, bufsize=BUFSIZES, timeout=TIMEOUTS, lang=LANGS)
        def check(host, port, bufsize, timeout, lang):
            labkit.set_language(lang)
            host_ok = isinstance(host, str) and host != ""
            invalid = [v for v, ok in ((host, host_ok), (port, _port_ok(port, False)),
                                       (bufsize, _bufsize_ok(bufsize)),
                                       (timeout, _timeout_ok(timeout))) if not ok]
            try:
                reply = fetch(host, port, bufsize=bufsize, timeout=timeout)
            except (TypeError, ValueError) as exc:
                event(type(exc).__name__)
                assert invalid, f"valid arguments refused: {exc}"
                assert any(_names(str(exc), v) for v in invalid), (invalid, str(exc))
                return
            except TimeoutError:  # documented; only a tiny timeout may cause it
                event("TimeoutError")
                assert not invalid and timeout is not None and timeout < 0.5
                return
            event("served")
            assert not invalid, f"accepted invalid {invalid}"
            assert reply.startswith("Server accessed.(")

        check()
        # The valid half really reached the server (not only the argument checks).
        assert server.count >= 20
