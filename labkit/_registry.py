"""This kernel's running servers, by the address they listen on (re-run safety).

Re-running a notebook cell that starts a server would fail with ``Address
already in use``: the earlier server still runs in the same kernel.  Servers add
themselves here when they start, and a new server on the same address first
makes the earlier one give way (:func:`make_way`).  This module knows servers
only by the few methods below, so it needs no server class.
"""

from __future__ import annotations

import socket
import threading
from typing import Protocol

__all__ = ["Server", "add", "make_way", "remove", "running_servers", "stop_all"]


class Server(Protocol):
    """What the registry needs of a server (``LabServer`` has all of it)."""

    @property
    def address(self) -> tuple[str, int]: ...

    def stop(self) -> None: ...

    def detach(self) -> socket.socket | None: ...


_servers: dict[tuple[str, int], Server] = {}
_lock = threading.Lock()


def add(server: Server) -> None:
    """Note that ``server`` now listens on ``server.address``."""
    with _lock:
        _servers[server.address] = server


def remove(server: Server) -> None:
    """Forget ``server`` (it stopped); a newer server on its address stays."""
    with _lock:
        if _servers.get(server.address) is server:
            del _servers[server.address]


def make_way(address: tuple[str, int], newcomer: Server,
             sock: socket.socket | None = None) -> bool:
    """Stop this kernel's earlier server on ``address``, so ``newcomer`` can start there.

    ``sock``: the listening socket ``newcomer`` will serve (``LabServer(sock=...)``).
    The earlier server serving it hands it over with ``detach()``, which leaves it
    open and listening.  Returns True if an earlier server gave way.
    """
    with _lock:
        earlier = _servers.get(address)
    if earlier is None or earlier is newcomer:
        return False
    if sock is None:
        earlier.stop()
    else:
        handed = earlier.detach()
        if handed is not None and handed is not sock:  # it served another socket: free it
            handed.close()
    return True


def running_servers() -> list[Server]:
    """The LabServers running in this kernel now."""
    with _lock:
        return list(_servers.values())


def stop_all() -> int:
    """Stop every LabServer of this kernel; returns how many were running."""
    servers = running_servers()
    for server in servers:
        server.stop()
    return len(servers)
