"""Is this computer ready for the kit, and is a server already there? (notebooks 00 and 02).

:func:`check_setup` checks the Python, JupyterLab, ipywidgets and ipykernel
versions and that the lab's port is free, and says what to fix, without printing
version numbers (notebook outputs must not change from one computer to another).
:func:`ensure_server` lets the article's client notebook (02) run alone: it
starts a lab server unless one already listens, without connecting to find out
(a test connection would use up one of the server's access counts).
"""

from __future__ import annotations

import re
import socket
import sys
from dataclasses import dataclass, field
from importlib import metadata

from ._i18n import t
from ._ports import PortInUseError, free_port, reuse_address
from ._registry import running_servers
from ._server import LabServer
from ._validate import check_host, check_port

__all__ = ["Check", "ServerCheck", "SetupReport", "check_setup", "ensure_server", "REQUIREMENTS"]

#: Lowest versions the kit is tested with (the same bounds as pyproject.toml).
PYTHON_MIN = (3, 10)
REQUIREMENTS: dict[str, tuple[int, ...]] = {
    "jupyterlab": (4, 2),
    "ipywidgets": (8, 1),
    "ipykernel": (7, 1),
}
_LABELS = {"jupyterlab": "JupyterLab", "ipywidgets": "ipywidgets", "ipykernel": "ipykernel"}


def _version_tuple(text: str) -> tuple[int, ...]:
    """``"8.1.9"`` -> ``(8, 1, 9)``; a suffix like ``rc1`` is ignored."""
    match = re.match(r"\d+(?:\.\d+)*", text)
    return tuple(int(part) for part in match.group().split(".")) if match else ()


def _dotted(version: tuple[int, ...]) -> str:
    return ".".join(map(str, version))


@dataclass(frozen=True)
class Check:
    """One item of :func:`check_setup`: ``ok``, and the message key and fields to say so."""

    ok: bool
    what: tuple[str, dict[str, object]]
    problem: tuple[str, dict[str, object]] | None = None
    cure: tuple[str, dict[str, object]] | None = None

    def text(self, lang: str | None = None) -> str:
        what = t(self.what[0], lang, **self.what[1])
        if self.ok:
            return t("setup_ok", lang, what=what)
        assert self.problem is not None and self.cure is not None
        return t("setup_fix", lang, what=what, problem=t(self.problem[0], lang, **self.problem[1]),
                 cure=t(self.cure[0], lang, **self.cure[1]))


@dataclass(frozen=True)
class SetupReport:
    """What :func:`check_setup` found: ``checks``, ``ok``, and a text that says what to fix."""

    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def text(self, lang: str | None = None) -> str:
        lines = [c.text(lang) for c in self.checks]
        failed = sum(not c.ok for c in self.checks)
        lines.append(t("setup_all_ok", lang) if not failed else t("setup_some_fix", lang, n=failed))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:  # IPython display
        printer.text(self.text())  # type: ignore[attr-defined]


def _check_python(version: tuple[int, ...]) -> Check:
    need = _dotted(PYTHON_MIN)
    what = ("setup_python", {"need": need})
    if version[:2] >= PYTHON_MIN:
        return Check(True, what)
    return Check(False, what, ("setup_too_old", {"found": _dotted(version[:3])}),
                 ("setup_cure_python", {}))


def _check_package(name: str, need: tuple[int, ...], found: str | None) -> Check:
    fields = {"name": _LABELS.get(name, name), "need": _dotted(need)}
    what = ("setup_ipykernel_why", fields) if name == "ipykernel" else ("setup_package", fields)
    cure = ("setup_cure_package", {"name": name, "need": _dotted(need)})
    if found is None:
        return Check(False, what, ("setup_missing", {}), cure)
    if _version_tuple(found) < need:
        return Check(False, what, ("setup_too_old", {"found": found}), cure)
    return Check(True, what)


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _check_port(host: str, port: int) -> Check:
    fields = {"host": host, "port": port}
    if any(s.running and s.address == (host, port) for s in running_servers()):
        return Check(True, ("setup_port_ours", fields))
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        reuse_address(probe)  # as LabServer does: a recent client's TIME_WAIT is no problem
        try:
            probe.bind((host, port))
            probe.listen(1)  # with SO_REUSEADDR, bind can succeed where listen then fails
        except OSError:
            pass
        else:
            return Check(True, ("setup_port", fields))
    free = free_port(host, family)  # in the dynamic range 49152-65535, like the article's
    return Check(False, ("setup_port_what", fields), ("setup_port_busy", {}),
                 ("setup_cure_port", {"free": free}))


def check_setup(host: str = "127.0.0.1", port: int = 49152) -> SetupReport:
    """Check Python, JupyterLab, ipywidgets, ipykernel and that ``host:port`` is free.

    The report's text says ``[OK]`` or what to fix, in the current language; it
    names versions only when they are too old.
    """
    host = check_host(host)
    port = check_port(port, allow_zero=False)
    checks = [_check_python(tuple(sys.version_info))]
    checks += [_check_package(name, need, _installed(name)) for name, need in REQUIREMENTS.items()]
    checks.append(_check_port("127.0.0.1" if host == "localhost" else host, port))
    return SetupReport(checks)


@dataclass
class ServerCheck:
    """What :func:`ensure_server` did.

    ``state`` is ``"started"`` (this call started ``server``), ``"ours"`` (this
    kernel's labkit server was already running there) or ``"elsewhere"``
    (another program, e.g. 01 in another kernel, listens there).
    """

    host: str
    port: int
    state: str
    server: LabServer | None = None

    def text(self, lang: str | None = None) -> str:
        return t(f"ensure_{self.state}", lang, host=self.host, port=self.port)

    def stop(self) -> str:
        """Stop the server only if :func:`ensure_server` started it; say what happened."""
        if self.state == "started" and self.server is not None and self.server.running:
            self.server.stop()
            return t("ensure_stopped", host=self.host, port=self.port)
        return t("ensure_not_ours", host=self.host, port=self.port)

    def __str__(self) -> str:
        return self.text()

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(self.text())  # type: ignore[attr-defined]


def ensure_server(host: str = "127.0.0.1", port: int = 49152,
                  **server_options: object) -> ServerCheck:
    """Make sure a server listens on ``host:port``; start a :class:`LabServer` if none does.

    It never connects to find out (that would use up an access count of the
    server in the other notebook): it tries to start a server, and a
    :class:`PortInUseError` means someone else already listens there.
    ``server_options`` go to :class:`LabServer`.
    """
    port = check_port(port, allow_zero=False)
    bound = ("127.0.0.1" if host == "localhost" else host, port)
    for server in running_servers():
        if server.running and server.address == bound:
            return ServerCheck(host, port, "ours", server)
    try:
        server = LabServer(host, port, **server_options).start()  # type: ignore[arg-type]
    except PortInUseError:
        return ServerCheck(host, port, "elsewhere")
    return ServerCheck(host, port, "started", server)
