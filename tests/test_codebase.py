"""Rules the code keeps (STYLE.md, issue 11): public APIs only, and pieces a reader can hold.

- labkit uses no CPython private names of the socket modules (``socket._accept``,
  ``_socket.socket``, ...): they can change in any Python release.
- ``LabServer`` and its module stay under 300 lines; no labkit function is over
  60 lines.
"""

from __future__ import annotations

import ast
import socket
from pathlib import Path

import pytest

import labkit

LABKIT = Path(labkit.__file__).parent
MODULES = sorted(LABKIT.glob("*.py"))
#: The longest a labkit function may be, from its ``def`` line to its last line.
FUNCTION_LINES_MAX = 60
#: Functions known to be longer, each waiting to be split (issue 11).  Remove an
#: entry when its function is split; the test fails while a stale entry remains.
TOO_LONG_TO_SPLIT = {
    "_burst.py:burst",
    "_client.py:fetch_bytes",
    "_diagram.py:sequence_diagram",
    "_diagram.py:_draw",
}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


# Private attributes of socket objects, e.g. socket.socket._accept, _real_close, _io_refs.
_SOCKET_PRIVATE = {name for cls in (socket.socket, socket.SocketType) for name in dir(cls)
                   if _private(name)}


def private_socket_names(source: str) -> list[str]:
    """Every use of a CPython private socket name in ``source``, as ``line: name``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            found += [f"{line}: import {a.name}" for a in node.names if a.name == "_socket"]
        elif isinstance(node, ast.ImportFrom) and node.module == "_socket":
            found.append(f"{line}: from _socket import ...")
        elif isinstance(node, ast.ImportFrom) and node.module == "socket":
            found += [f"{line}: socket.{a.name}" for a in node.names if _private(a.name)]
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if owner in ("socket", "_socket") or (
                    node.attr in _SOCKET_PRIVATE and owner not in ("self", "cls")):
                found.append(f"{line}: {owner or '...'}.{node.attr}")
        elif isinstance(node, ast.Call) and _names_private_attribute(node):
            found.append(f"{line}: {ast.unparse(node)}")
    return found


def _names_private_attribute(call: ast.Call) -> bool:
    """``getattr(obj, "_accept")`` and friends."""
    return (isinstance(call.func, ast.Name) and call.func.id in ("getattr", "hasattr", "setattr")
            and len(call.args) > 1 and isinstance(call.args[1], ast.Constant)
            and call.args[1].value in _SOCKET_PRIVATE)


def test_the_scan_finds_what_labserver_used_to_do():
    old = (
        "from _socket import socket as _CSocket\n"
        "import _socket\n"
        "raw_accept = listener._accept\n"
        "ok = hasattr(listener, '_accept')\n"
        "socket._GLOBAL_DEFAULT_TIMEOUT\n"
    )
    assert len(private_socket_names(old)) == 5
    assert private_socket_names("self._sock.recv(10)\nconn, addr = listener.accept()\n") == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_cpython_private_socket_names(path):
    assert private_socket_names(path.read_text(encoding="utf-8")) == []


def _length(node: ast.AST) -> int:
    return node.end_lineno - node.lineno + 1  # type: ignore[attr-defined, operator]


def test_labserver_is_under_300_lines():
    source = (LABKIT / "_server.py").read_text(encoding="utf-8")
    (cls,) = [n for n in ast.parse(source).body
              if isinstance(n, ast.ClassDef) and n.name == "LabServer"]
    assert _length(cls) < 300
    assert len(source.splitlines()) < 300


def _long_functions() -> dict[str, int]:
    found = {}
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                    and _length(node) > FUNCTION_LINES_MAX:
                found[f"{path.name}:{node.name}"] = _length(node)
    return found


def test_no_labkit_function_is_over_60_lines():
    found = _long_functions()
    new = {name: lines for name, lines in found.items() if name not in TOO_LONG_TO_SPLIT}
    assert new == {}, f"split these functions (at most {FUNCTION_LINES_MAX} lines): {new}"
    stale = TOO_LONG_TO_SPLIT - set(found)
    assert not stale, f"split already: remove {sorted(stale)} from TOO_LONG_TO_SPLIT"
