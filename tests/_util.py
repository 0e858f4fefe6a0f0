"""Small helpers shared by several test files (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import socket
from typing import NoReturn

import pytest

__all__ = ["free_port", "require_ipv6", "unavailable"]


def unavailable(reason: str) -> NoReturn:
    """Skip when a tool or an OS feature is missing here; under CI (``$CI`` set) fail.

    CI must run every test: a skip there would hide a missing browser, a missing
    ``ip`` command or a disabled IPv6 stack behind a green run.
    """
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def require_ipv6() -> None:
    """Return if this machine can bind ::1; else :func:`unavailable`."""
    if not socket.has_ipv6:
        unavailable("this Python has no IPv6 support")
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError as exc:  # e.g. a container with IPv6 disabled
        unavailable(f"::1 cannot be bound here: {exc}")


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now (the OS picks it: bind port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def refuse_long(client, addr):
    """Reads 64 KiB, refuses the rest with one line, closes: the shape of the kit's
    handlers with a max_bytes (kept here so the row does not depend on one of them)."""
    got = 0
    while got < 65536 and (chunk := client.recv(65536)):
        got += len(chunk)
    client.sendall(b"ERROR: message too long\n")


def output_text(cell) -> str:
    """A stored notebook cell's outputs as text (an error as ``Name: value``)."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "error":
            parts.append(f"{out.ename}: {out.evalue}")
        else:
            parts.append(out.get("text", "") or out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)
