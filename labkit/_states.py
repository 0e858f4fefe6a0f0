"""The TCP states of the learner's own sockets, read from the OS with psutil (notebook 08).

``socket_states(port)`` lists this kernel's sockets on that port (LISTEN,
ESTABLISHED, CLOSE_WAIT, ...) plus the ones the OS still keeps for it after
``close()`` (FIN_WAIT2, TIME_WAIT): those belong to no process any more, so
they can only be found by their port.  Rows come in a fixed order so a
notebook's output is the same on every run.
"""

from __future__ import annotations

import os
import socket
import unicodedata
from dataclasses import dataclass

import psutil

from ._i18n import t
from ._validate import check_port

__all__ = ["SocketState", "SocketStates", "quiet_port", "socket_states"]

# The order a connection goes through its life: rows are sorted so.
_ORDER = ["LISTEN", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2",
          "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT", "CLOSE", "NONE"]


@dataclass(frozen=True)
class SocketState:
    """One socket: its role on the watched port, TCP state, owner and both addresses."""

    role: str  # "server", "client" or "" (no port given)
    status: str  # psutil's name: LISTEN, ESTABLISHED, CLOSE_WAIT, TIME_WAIT, ...
    local: tuple
    remote: tuple
    pid: int | None  # None: no process holds it (accept queue, or kept after close())


def _pad(text: str, width: int) -> str:
    """Left-align in ``width`` columns; Japanese characters take two columns each."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)


def _line(role: str, state: str, owner: str, local: str, remote: str) -> str:
    return f"{_pad(role, 14)}{_pad(state, 13)}{_pad(owner, 14)}{local} -> {remote}"


def _fmt(addr: tuple) -> str:
    if not addr:
        return "*"
    host, port = addr[0], addr[1]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


@dataclass(frozen=True)
class SocketStates:
    """A printable table of :class:`SocketState` rows (see :func:`socket_states`)."""

    rows: tuple[SocketState, ...]
    port: int | None
    pid: int
    partial: bool = False

    @property
    def statuses(self) -> list[str]:
        """The states, in table order: handy for checks such as ``"TIME_WAIT" in ...``."""
        return [r.status for r in self.rows]

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __str__(self) -> str:
        if not self.rows:
            where = t("states_on_port", port=self.port) if self.port else ""
            lines = [t("states_none", where=where)]
        else:
            lines = [_line(t("states_role"), t("states_state"), t("states_owner"),
                           t("states_local"), t("states_remote"))]
            for r in self.rows:
                role = t(f"states_{r.role}") if r.role else "-"
                if r.pid is None and r.status in ("ESTABLISHED", "SYN_RECV") and r.role != "client":
                    # Connected by the OS, waiting in the listen queue for accept().
                    owner = t("states_queue")
                elif r.pid is None:
                    owner = t("states_os")
                elif r.pid == self.pid:
                    owner = t("states_us")
                else:
                    owner = t("states_other", pid=r.pid)
                lines.append(_line(role, r.status, owner, _fmt(r.local), _fmt(r.remote)))
        if self.partial:
            lines.append(t("states_partial"))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(str(self))


def _own(proc: psutil.Process) -> list:
    # psutil 6 renamed Process.connections() to net_connections().
    getter = getattr(proc, "net_connections", None) or proc.connections
    return list(getter(kind="tcp"))


def _touches(conn, port: int, host: str | None = None) -> bool:
    """Whether ``conn`` has ``port`` at either end (on ``host``, or a wildcard, if given)."""
    def match(addr) -> bool:
        return bool(addr) and addr[1] == port and (
            host is None or addr[0] in (host, "0.0.0.0", "::", f"::ffff:{host}"))
    return match(conn.laddr) or match(conn.raddr)


def socket_states(port: int | None = None, pid: int | None = None,
                  host: str | None = "127.0.0.1") -> SocketStates:
    """The TCP sockets of process ``pid`` (default: this kernel), as a printable table.

    With ``port``: only the sockets whose local or remote port is ``port``, each
    labelled *server* (its local port is ``port``) or *client*, plus the sockets
    the OS keeps on that port after ``close()`` (FIN_WAIT2, TIME_WAIT), which
    belong to no process.  Without ``port`` every TCP socket of the process is
    listed (in Jupyter that includes the kernel's own ZeroMQ connections).

    ``host``: the sockets the OS keeps after ``close()`` are listed only on this
    address (or a wildcard), since other programs on the machine may use the same
    port number on another address (127.0.0.2, ...); ``None`` lists them all.
    """
    if port is not None:
        port = check_port(port, allow_zero=False)
    pid = os.getpid() if pid is None else pid
    conns = _own(psutil.Process(pid))
    partial = False
    if port is not None:
        conns = [c for c in conns if _touches(c, port)]
        try:
            orphans = [c for c in psutil.net_connections(kind="tcp")
                       if c.pid is None and _touches(c, port, host)]
        except psutil.AccessDenied:  # macOS: only root may list every socket
            orphans, partial = [], True
        owned = {(tuple(c.laddr), tuple(c.raddr or ())) for c in conns}
        conns += [c for c in orphans if (tuple(c.laddr), tuple(c.raddr or ())) not in owned]
    rows = []
    for c in conns:
        role = "" if port is None else ("server" if c.laddr and c.laddr[1] == port else "client")
        owner = getattr(c, "pid", pid)
        rows.append(SocketState(role, c.status, tuple(c.laddr or ()), tuple(c.raddr or ()),
                                owner))

    def key(r: SocketState):
        state = _ORDER.index(r.status) if r.status in _ORDER else len(_ORDER)
        return (r.role != "server", state, r.pid is None, r.local, r.remote)

    return SocketStates(tuple(sorted(rows, key=key)), port, pid, partial)


#: How many ports quiet_port tries: a busy machine may have many TIME_WAIT leftovers.
QUIET_TRIES = 50


def listening_here(port: int) -> bool:
    """Whether a socket of this process listens on ``port``."""
    return any(c.status == psutil.CONN_LISTEN and c.laddr and c.laddr[1] == port
               for c in _own(psutil.Process()))


def quiet_port() -> int:
    """A free port on 127.0.0.1 with no socket on it at all, not even a TIME_WAIT leftover.

    Port 0 may hand out a number that an earlier connection of this machine
    used a moment ago (its TIME_WAIT lasts about 60 s on Linux), and
    ``socket_states(port)`` rightly lists that stranger's row.  Notebook 08
    starts each step-by-step table on a quiet port, so it shows only its own
    sockets.  Raises RuntimeError if QUIET_TRIES ports in a row were busy.
    """
    for _ in range(QUIET_TRIES):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if not socket_states(port).rows:
            return port
    raise RuntimeError(t("states_no_quiet_port", tries=QUIET_TRIES))
