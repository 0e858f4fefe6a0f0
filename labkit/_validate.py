"""Argument checks shared by the server, the client and the panels.

Each check raises early, before any socket exists, with a sentence that names the
value, the allowed range and the cure, in the notebook's language.
"""

from __future__ import annotations

import ipaddress
import warnings
from typing import Any

from ._i18n import t

#: Loopback, yet unusable: connect() to it fails (found by tests/test_properties.py).
_LOOPBACK_BROADCAST = ipaddress.ip_address("127.255.255.255")

__all__ = [
    "NotLoopbackError",
    "RemoteExposureWarning",
    "check_backlog",
    "check_bufsize",
    "check_host",
    "check_number",
    "check_peer_host",
    "check_port",
    "check_timeout",
    "is_loopback",
]

PORT_MAX = 65535
BACKLOG_MAX = 65535
BUFSIZE_MAX = 16 * 1024 * 1024
TIMEOUT_MAX = 3600.0


class NotLoopbackError(ValueError):
    """The address is outside 127.0.0.0/8 and ::1, and the caller did not opt in."""


class RemoteExposureWarning(UserWarning):
    """A server was opened where other computers can reach it (classroom LAN mode)."""


def check_number(name: str, value: object, low: float, high: float, *, example: str,
                 cure: str, integer: bool = True) -> Any:
    """``value`` if it is an int (or, with ``integer=False``, a float) from ``low`` to ``high``.

    The one check behind every numeric argument of labkit: a wrong type raises
    TypeError, a wrong value ValueError, each naming the argument, an example
    (``example``) and the cure (the message key ``cure``).  bool is not a number here.
    """
    kinds: tuple[type, ...] = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise TypeError(t("bad_type", name=name, expected="int" if integer else "float",
                          value=value, typename=type(value).__name__, example=example))
    if not low <= value <= high:  # also rejects NaN
        raise ValueError(t("bad_range", name=name, value=value, low=low, high=high,
                           cure=t(cure)))
    return value


def check_port(port: object, *, allow_zero: bool = True) -> int:
    """A TCP port: 0 (any free port, servers only) or 1-65535."""
    # A server may ask for port 0 (any free port); a client must name a real port.
    return check_number("port", port, 0 if allow_zero else 1, PORT_MAX, example="port=49152",
                        cure="cure_port" if allow_zero else "cure_peer_port")


def check_backlog(backlog: object) -> int:
    return check_number("backlog", backlog, 0, BACKLOG_MAX, example="backlog=128",
                        cure="cure_backlog")


def check_bufsize(bufsize: object) -> int:
    return check_number("bufsize", bufsize, 1, BUFSIZE_MAX, example="bufsize=4096",
                        cure="cure_bufsize")


def check_timeout(timeout: object) -> float | None:
    """Seconds to wait: a positive number up to an hour, or None to wait forever."""
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(
            t("bad_type", name="timeout", expected="float (seconds)", value=timeout,
              typename=type(timeout).__name__, example="timeout=5.0")
        )
    if not 0 < timeout <= TIMEOUT_MAX:  # also rejects NaN
        raise ValueError(
            t("bad_range", name="timeout", value=timeout, low="0 (exclusive)", high=TIMEOUT_MAX,
              cure=t("cure_timeout"))
        )
    return float(timeout)


def _parse(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if host == "localhost":
        return ipaddress.ip_address("127.0.0.1")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def check_peer_host(host: object) -> str:
    """The host a client connects to: a non-empty str (a name is resolved by connect()).

    The one check of a target host shared by fetch, burst and the scanner (which then
    applies its own loopback-only rule).
    """
    if not isinstance(host, str) or not host:
        raise TypeError(
            t("bad_type", name="host", expected="str", value=host,
              typename=type(host).__name__, example="host='127.0.0.1'")
        )
    return host


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'."""
    addr = _parse(host)
    return addr is not None and addr.is_loopback


def check_host(host: object, *, allow_remote: bool = False, port: int | None = None) -> str:
    """An IP address literal or 'localhost'; loopback unless ``allow_remote`` is True.

    With ``allow_remote`` a non-loopback address is accepted with a
    :class:`RemoteExposureWarning` (other computers can reach it; firewalls ask).
    """
    if not isinstance(host, str):
        raise TypeError(
            t("bad_type", name="host", expected="str", value=host,
              typename=type(host).__name__, example="host='127.0.0.1'")
        )
    addr = _parse(host)
    if addr is None:
        raise ValueError(t("bad_host", value=host))
    if addr == _LOOPBACK_BROADCAST:
        raise ValueError(t("broadcast_host", value=host))
    if not addr.is_loopback:
        if not allow_remote:
            raise NotLoopbackError(t("not_loopback", value=host))
        warnings.warn(t("remote_warning", host=host, port=port), RemoteExposureWarning,
                      stacklevel=3)
    return host
