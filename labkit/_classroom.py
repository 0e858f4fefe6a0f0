"""Classroom LAN mode: the teacher's server that the students' panels connect to.

Everything else in labkit stays on loopback (127.0.0.1): nobody but the learner's
own computer can reach it, and no firewall asks.  In class, the teacher may want
the whole room to connect to one server and watch its access counter climb.
:func:`class_server` opens that server on a network address, but only with an
explicit ``allow_remote=True``; it warns (a :class:`~labkit.RemoteExposureWarning`
and a printed note in Japanese and English: who can reach it, the firewall
prompt, stop it when class ends) and prints the addresses students type into
``labkit.lab_panel(host=...)``.  Notebook 07 explains 127.0.0.1 vs 0.0.0.0; the
teacher's guide (``docs/teacher-guide.*.md``) walks through a class.

A rehearsal on one computer needs no opt-in: ``class_server(host="127.0.0.2")``
serves other loopback addresses only.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import psutil

from ._i18n import get_language, t
from ._server import LabServer
from ._validate import NotLoopbackError, check_host, check_port, is_loopback

__all__ = ["CLASS_PORT", "class_banner", "class_server", "lan_addresses"]

#: The article's port: what students already typed in notebooks 01-03.
CLASS_PORT = 49152


_ANY = {"0.0.0.0", "::"}


def lan_addresses(*, ipv6: bool = False) -> list[tuple[str, str]]:
    """This computer's addresses that other computers can use: ``[(interface, ip), ...]``.

    From :func:`psutil.net_if_addrs`: IPv4 (and IPv6 if asked), without loopback and
    link-local addresses (169.254.x.x, fe80::), which students cannot type or reach.
    """
    families = {socket.AF_INET} | ({socket.AF_INET6} if ipv6 else set())
    found: list[tuple[str, str]] = []
    for interface, entries in sorted(psutil.net_if_addrs().items()):
        for entry in entries:
            if entry.family not in families:
                continue
            text = entry.address.split("%", 1)[0]  # drop an IPv6 zone (fe80::1%eth0)
            try:
                addr = ipaddress.ip_address(text)
            except ValueError:
                continue
            if addr.is_loopback or addr.is_link_local or addr.is_unspecified:
                continue
            found.append((interface, text))
    return found


def _reachable(host: str) -> list[tuple[str, str]]:
    """The addresses students type for a server bound to ``host``."""
    if host in _ANY:
        return lan_addresses(ipv6=host == "::")
    for interface, address in lan_addresses(ipv6=True):
        if address == host:
            return [(interface, address)]
    return [("", host)]


def _panel_line(address: str, port: int) -> str:
    """What a student types; another computer's address needs the opt-in, as for fetch."""
    opt_in = "" if is_loopback(address) else ", allow_remote=True"
    return f'labkit.lab_panel(host="{address}", port={port}{opt_in})'


def class_banner(host: str, port: int, addresses: list[tuple[str, str]]) -> str:
    """The text :func:`class_server` prints: the warning in both languages and the
    addresses students type (one ``labkit.lab_panel(...)`` line each)."""
    # The notebook's language first, then the other one (a class may mix readers).
    langs = sorted(("ja", "en"), key=lambda lang: lang != get_language())
    lines: list[str] = []
    for lang in langs:
        lines.append(t("class_heading", lang, host=host, port=port))
    rehearsal = is_loopback(host)
    for lang in langs:
        if rehearsal:
            lines.append(t("class_rehearsal", lang, host=host))
        else:
            lines.append(t("remote_warning", lang, host=host, port=port))
    lines.append("")
    for lang in langs:
        lines.append(t("class_students", lang))
    if not addresses:
        lines.extend(t("class_no_address", lang) for lang in langs)
    for interface, address in addresses:
        shown = f"[{address}]" if ":" in address else address
        where = f"   ({interface})" if interface else ""
        lines.append(f"    {shown}:{port}{where}")
        lines.append(f"    {_panel_line(address, port)}")
    lines.append("")
    lines.extend(t("class_stop", lang) for lang in langs)
    return "\n".join(lines)


def class_server(
    host: str = "0.0.0.0",
    port: int = CLASS_PORT,
    *,
    allow_remote: bool = False,
    concurrent: bool = True,
    **server_options: Any,
) -> LabServer:
    """Start the teacher's server for the class; returns the running :class:`LabServer`.

    - ``host``: ``"0.0.0.0"`` (every network of this computer), one of its addresses
      (e.g. ``"192.168.1.10"``), or a loopback address to rehearse alone.
    - ``allow_remote``: must be True for any non-loopback ``host``; without it
      :class:`~labkit.NotLoopbackError` is raised and nothing is opened.
    - ``concurrent``: on by default, so one slow student does not hold up the class.
    - ``server_options`` go to :class:`LabServer` (``handler=``, ``backlog=``, ...).

    Prints the warning and the addresses students type; also emits a
    :class:`~labkit.RemoteExposureWarning`.  Stop it with ``server.stop()``.
    """
    port = check_port(port)
    try:
        check_host(host)  # a str and an IP address, else TypeError/ValueError naming it
        loopback = True
    except NotLoopbackError:
        loopback = False
    if not loopback and not allow_remote:
        raise NotLoopbackError(t("class_opt_in", host=host, port=port))
    server = LabServer(host, port, allow_remote=not loopback, concurrent=concurrent,
                       **server_options)
    server.start()
    bound_host, bound_port = server.address
    print(class_banner(host, bound_port, _reachable(bound_host)))
    return server
