"""Argument checks shared by the server, the client and the panels.

Each check raises early, before any socket exists, with a sentence that names the
value, the allowed range and the cure, in the notebook's language.

The loopback rule lives here, once (:func:`_checked_address`), for every tool that
opens or contacts a socket: this computer only (127.0.0.0/8, ::1, 'localhost')
unless the caller passes ``allow_remote=True``.  Decided once, the same on every
Python and for servers and clients alike:

- no name is looked up, ever: 'localhost' means 127.0.0.1 and any other name is
  refused, so a lookup can never lead to another computer, and the panel's Start
  and Connect accept exactly the same hosts;
- ``::ffff:a.b.c.d`` (IPv4-mapped) is ``a.b.c.d`` (Python 3.13's view; 3.10-3.12
  called ``::ffff:127.0.0.1`` not loopback) and is used in its IPv4 form;
- ``::1%zone`` and 127.255.255.255 are refused (no connection can use them), and
  0.0.0.0 / :: are places a server listens, never a client's target.
"""

from __future__ import annotations

import ipaddress
import warnings
from typing import Any

from ._i18n import t

#: Loopback, yet unusable: connect() to it fails (found by tests/test_properties.py).
_LOOPBACK_BROADCAST = ipaddress.ip_address("127.255.255.255")
_LOCALHOST = ipaddress.ip_address("127.0.0.1")

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


def check_port(port: object, *, allow_zero: bool = True, cure: str | None = None) -> int:
    """A TCP port: 0 (any free port, servers only) or 1-65535.

    A client (``allow_zero=False``) gets its own cure: it connects to the port the
    server listens on, and 0 means "any free port" only to a server.  A tool that
    needs one fixed port to listen on passes its own ``cure``.
    """
    if cure is None:
        cure = "cure_port" if allow_zero else "cure_peer_port"
    return check_number("port", port, 0 if allow_zero else 1, PORT_MAX, example="port=49152",
                        cure=cure)


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
    """The address ``host`` names, or None for anything that is not an IP address literal.

    'localhost' means 127.0.0.1 and is never looked up; no other name is accepted,
    so no lookup can ever lead labkit to another computer.  An IPv4-mapped IPv6
    address (``::ffff:127.0.0.1``) is the IPv4 address it carries, on every Python
    (3.13 changed ``is_loopback`` for them; 3.10-3.12 said False), and labkit uses
    the IPv4 form, which works on every OS (Windows' IPv6 sockets are IPv6-only).
    """
    if host == "localhost":
        return _LOCALHOST
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


def _checked_address(host: object, *, allow_remote: bool, refusal: str, func: str,
                     peer: bool) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The one loopback rule of labkit, for servers (``peer=False``) and clients.

    Loopback (127.0.0.0/8, ::1, 'localhost') passes; another address raises
    :class:`NotLoopbackError` with the message ``refusal`` unless ``allow_remote``;
    a name, a zone on a loopback address, the loopback broadcast address and (for a
    client) 0.0.0.0 or :: raise ValueError.  All before any socket exists.
    """
    if not isinstance(host, str):
        raise TypeError(
            t("bad_type", name="host", expected="str", value=host,
              typename=type(host).__name__, example="host='127.0.0.1'")
        )
    addr = _parse(host)
    if addr is None:  # a name ('' too): never looked up, with or without allow_remote
        raise ValueError(t("bad_host", value=host))
    if isinstance(addr, ipaddress.IPv6Address) and addr.scope_id and addr.is_loopback:
        raise ValueError(t("zone_host", value=host))
    if addr == _LOOPBACK_BROADCAST:
        raise ValueError(t("broadcast_host", value=host))
    if peer and addr.is_unspecified:
        raise ValueError(t("unspecified_peer", value=host, func=func))
    if not addr.is_loopback and not allow_remote:
        raise NotLoopbackError(t(refusal, value=host, func=func))
    return addr


def check_peer_host(host: object, *, allow_remote: bool = False, func: str = "fetch",
                    refusal: str = "peer_not_loopback") -> str:
    """The address a client of labkit contacts: loopback unless ``allow_remote`` is True.

    The one check of a target host shared by fetch, burst, the scanner, the panel's
    Connect and the checkers.  Returns the address to connect to ('localhost' becomes
    '127.0.0.1', '::ffff:127.0.0.1' becomes '127.0.0.1'), so nothing is looked up.
    ``func`` names the tool in the refusal; ``refusal`` is its message key (the
    scanner has its own, with no opt-in).
    """
    addr = _checked_address(host, allow_remote=allow_remote, refusal=refusal, func=func,
                            peer=True)
    return str(addr)  # keeps a zone: str(ip_address("fe80::1%eth0")) == "fe80::1%eth0"


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost' (and ::ffff:127.x.y.z, which is 127.x.y.z)."""
    addr = _parse(host)
    return addr is not None and addr.is_loopback


def check_host(host: object, *, allow_remote: bool = False, port: int | None = None,
               func: str = "LabServer", refusal: str = "not_loopback") -> str:
    """The address a server listens on: an IP address literal or 'localhost'; loopback
    unless ``allow_remote`` is True (the same rule as :func:`check_peer_host`).

    With ``allow_remote`` a non-loopback address is accepted with a
    :class:`RemoteExposureWarning` (other computers can reach it; firewalls ask).
    An IPv4-mapped address is returned in its IPv4 form.  A tool with no opt-in of
    its own passes ``refusal="loopback_only"`` (its sentence points to class_server).
    """
    addr = _checked_address(host, allow_remote=allow_remote, refusal=refusal, func=func,
                            peer=False)
    if not addr.is_loopback:
        warnings.warn(t("remote_warning", host=host, port=port), RemoteExposureWarning,
                      stacklevel=3)
    return "localhost" if host == "localhost" else str(addr)
