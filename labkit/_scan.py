"""A connect scan and banner grabbing, on this computer only (notebook 07).

An attacker's first steps are to find which ports answer (a *connect scan*:
try ``connect()`` on each port) and to read what a server says first (its
*banner*).  Notebook 07 lets a learner do both against their own LabServers, to
see what their server gives away.  Both functions refuse any target that is not
this computer (127.0.0.0/8, ::1, ``'localhost'``) before a single packet is sent:
scanning other people's computers without their written permission is an attack.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable
from dataclasses import dataclass

from ._client import connect, sentence
from ._i18n import t
from ._validate import check_number, check_peer_host, check_port, check_timeout

__all__ = ["MAX_SCAN_PORTS", "ScanResult", "grab_banner", "scan_ports"]

#: At most this many ports per call: enough for a lesson, bounded in time.
MAX_SCAN_PORTS = 1024


def _check_target(host: object, func: str) -> str:
    """The host, if it is this computer; else NotLoopbackError, before any socket exists.

    The kit's one loopback rule (:func:`labkit._validate.check_peer_host`) with no
    opt-in: a scan of another computer is never the kit's to make.
    """
    return check_peer_host(host, func=func, refusal="scan_not_loopback")


def _check_ports(ports: int | Iterable[int]) -> list[int]:
    if isinstance(ports, int) and not isinstance(ports, bool):
        ports = [ports]
    if isinstance(ports, (str, bytes)) or not isinstance(ports, Iterable):
        raise TypeError(
            t("bad_type", name="ports", expected="a range or list of int", value=ports,
              typename=type(ports).__name__, example="ports=range(49152, 49172)")
        )
    if isinstance(ports, range) and len(ports) > MAX_SCAN_PORTS:
        raise ValueError(t("scan_too_many", count=len(ports), limit=MAX_SCAN_PORTS))
    checked: list[int] = []
    for port in ports:
        checked.append(check_port(port, allow_zero=False))
        if len(checked) > MAX_SCAN_PORTS:  # also bounds a generator
            raise ValueError(t("scan_too_many", count=f"{MAX_SCAN_PORTS}+",
                               limit=MAX_SCAN_PORTS))
    if not checked:
        raise ValueError(t("scan_no_ports"))
    return sorted(set(checked))


def _family(host: str) -> int:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


@dataclass(frozen=True)
class ScanResult:
    """What :func:`scan_ports` found: the ports scanned and those that accepted."""

    host: str
    ports: tuple[int, ...]
    open: tuple[int, ...]

    @property
    def closed(self) -> tuple[int, ...]:
        return tuple(p for p in self.ports if p not in set(self.open))

    def __contains__(self, port: object) -> bool:
        """``port in result``: True if that port was found open."""
        return port in self.open

    def __str__(self) -> str:
        lines = [t("scan_summary", host=self.host, scanned=len(self.ports),
                   first=self.ports[0], last=self.ports[-1], nopen=len(self.open))]
        lines += [t("scan_open_line", port=p) for p in self.open]
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # IPython shows the table
        printer.text(str(self))


def _is_open(host: str, port: int, timeout: float) -> bool:
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.settimeout(timeout)
        if probe.connect_ex((host, port)) != 0:  # refused (RST) or no answer in time
            return False
        # Linux can connect a socket to itself when the port lies in the ephemeral
        # range and nobody listens ("simultaneous open"): that is no server.
        return probe.getsockname()[:2] != probe.getpeername()[:2]


def scan_ports(host: str, ports: int | Iterable[int], *, timeout: float = 0.2) -> ScanResult:
    """Try ``connect()`` on each port of this computer; return which ones accepted.

    ``host``: 127.0.0.0/8, ::1 or 'localhost' only (anything else raises
    :class:`labkit.NotLoopbackError` before a packet is sent).  ``ports``: a
    ``range``, a list or one port, at most :data:`MAX_SCAN_PORTS`.  ``timeout``:
    seconds to wait for each port (on loopback a closed port answers at once).

    Each open port sees a real connection: a LabServer counts the scan as an
    access and logs it, which is how defenders notice scans.
    """
    target = _check_target(host, "scan_ports")
    checked = _check_ports(ports)
    wait = check_timeout(timeout)
    assert wait is not None
    found = tuple(p for p in checked if _is_open(target, p, wait))
    return ScanResult(target, tuple(checked), found)


def grab_banner(host: str, port: int, *, timeout: float = 1.0, max_bytes: int = 1024) -> str:
    """Connect and return what the server says first, before the client says anything.

    Reads until the server closes, ``max_bytes`` arrive, or ``timeout`` seconds
    pass in silence (a server that waits for the client to speak gives ``''``).
    Loopback only, like :func:`scan_ports`.
    """
    target = _check_target(host, "grab_banner")
    port = check_port(port, allow_zero=False)
    wait = check_timeout(timeout)
    max_bytes = check_number("max_bytes", max_bytes, 1, 65536, example="max_bytes=1024",
                             cure="cure_bufsize")
    chunks: list[bytes] = []
    total = 0
    with connect(target, port, wait) as client:
        while total < max_bytes:
            try:
                chunk = client.recv(max_bytes - total)
            except TimeoutError:  # silence: the server waits for us to speak first
                break
            except ConnectionResetError as exc:
                raise sentence(exc, target, port, wait) from exc
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    return b"".join(chunks).decode("utf-8", errors="replace")
