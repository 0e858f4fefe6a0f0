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

from ._i18n import add_messages, t
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

add_messages({
    "setup_ok": {"en": "[OK] {what}", "ja": "[OK] {what}"},
    "setup_fix": {"en": "[FIX] {what}: {problem} Cure: {cure}",
                  "ja": "[要対応] {what}: {problem} 対処: {cure}"},
    "setup_all_ok": {
        "en": "Everything is ready. Go on with 01_server_001.",
        "ja": "準備ができています。01_server_001 に進んでください。",
    },
    "setup_some_fix": {
        "en": "{n} item(s) to fix (see [FIX] above), then restart the kernel and run this "
              "cell again.",
        "ja": "{n} 件の要対応があります (上の [要対応] を参照)。直したらカーネルを再起動して、"
              "このセルをもう一度実行してください。",
    },
    "setup_python": {"en": "Python {need} or newer", "ja": "Python {need} 以上"},
    "setup_package": {"en": "{name} {need} or newer", "ja": "{name} {need} 以上"},
    "setup_ipykernel_why": {
        "en": "ipykernel {need} or newer (7.0 lost the output of background threads)",
        "ja": "ipykernel {need} 以上 (7.0 ではバックグラウンドのスレッドの出力が消えます)",
    },
    "setup_too_old": {"en": "version {found} is installed.",
                      "ja": "バージョン {found} が入っています。"},
    "setup_missing": {"en": "it is not installed.", "ja": "インストールされていません。"},
    "setup_cure_python": {
        "en": "create the kit's environment: conda env create -f environment.yml "
              "(or make lab), and choose its kernel.",
        "ja": "キットの環境を作ります: conda env create -f environment.yml (または make lab)。"
              "そのカーネルを選びます。",
    },
    "setup_cure_package": {
        "en": "pip install -U '{name}>={need}' (or conda install -c conda-forge '{name}>={need}'), "
              "then restart the kernel.",
        "ja": "pip install -U '{name}>={need}' (または conda install -c conda-forge "
              "'{name}>={need}') を実行してから、カーネルを再起動します。",
    },
    "setup_port": {
        "en": "port {port} on {host} is free for the lab's server",
        "ja": "{host} のポート {port} はラボのサーバに使えます (空いています)",
    },
    "setup_port_what": {"en": "port {port} on {host}", "ja": "{host} のポート {port}"},
    "setup_port_ours": {
        "en": "port {port} on {host} is used by this kernel's labkit server (fine)",
        "ja": "{host} のポート {port} はこのカーネルの labkit サーバが使用中です (問題ありません)",
    },
    "setup_port_busy": {
        "en": "another program listens there (perhaps 01, 02 or 03 in another kernel).",
        "ja": "別のプログラムが使っています (別のカーネルの 01・02・03 かもしれません)。",
    },
    "setup_cure_port": {
        "en": "stop it (in that notebook: labkit.stop_all(), or restart its kernel), "
              "or use the free port {free}.",
        "ja": "それを止めます (そのノートブックで labkit.stop_all() を実行するか、"
              "カーネルを再起動)。または空いているポート {free} を使います。",
    },
    "ensure_started": {
        "en": "Nothing was listening on {host}:{port}, so this notebook started a lab server "
              "there: the client below talks to it. (For the article's two-notebook "
              "walkthrough, run 01_server_001 first in another tab.)",
        "ja": "{host}:{port} で待ち受けているサーバがなかったので、このノートブックで labkit の"
              "サーバを起動しました。下のクライアントはこのサーバと通信します。(記事のように 2 つの"
              "ノートブックで試すときは、先に別のタブで 01_server_001 を実行します。)",
    },
    "ensure_ours": {
        "en": "This kernel's lab server already listens on {host}:{port}: the client below "
              "talks to it.",
        "ja": "このカーネルの labkit サーバがすでに {host}:{port} で待ち受けています。"
              "下のクライアントはこのサーバと通信します。",
    },
    "ensure_elsewhere": {
        "en": "A server already listens on {host}:{port} (01_server_001 in another kernel, "
              "for example): the client below talks to it.",
        "ja": "{host}:{port} ではすでにサーバが待ち受けています "
              "(別のカーネルの 01_server_001 など)。下のクライアントはそのサーバと通信します。",
    },
    "ensure_stopped": {
        "en": "Stopped the lab server this notebook started on {host}:{port}.",
        "ja": "このノートブックが {host}:{port} で起動したサーバを停止しました。",
    },
    "ensure_not_ours": {
        "en": "Nothing to stop: the server on {host}:{port} was not started by this notebook.",
        "ja": "止めるものはありません: {host}:{port} のサーバはこのノートブックが起動したものでは"
              "ありません。",
    },
})


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
