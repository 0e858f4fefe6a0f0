"""Rules the code keeps (STYLE.md, issue 11): public APIs only, and pieces a reader can hold.

- labkit uses no private names of CPython or of other packages (``socket._accept``,
  ``_socket.socket``, ``sys._getframe``, ...): they can change in any release.
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
TOO_LONG_TO_SPLIT: set[str] = set()


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


# Private attributes of socket objects, e.g. socket.socket._accept, _real_close, _io_refs.
_SOCKET_PRIVATE = {name for cls in (socket.socket, socket.SocketType) for name in dir(cls)
                   if _private(name)}


def private_cpython_names(source: str) -> list[str]:
    """Every use of a private name of Python or of an installed package in ``source``.

    ``import _socket``; ``from socket import _x``; ``module._x`` for any module the
    source imports; and the private attributes of socket objects (``listener._accept``)
    on anything but ``self``/``cls``.  Returns ``line: name`` strings.
    """
    tree = ast.parse(source)
    modules = {alias.asname or alias.name.split(".")[0]
               for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    found = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            found += [f"{line}: import {a.name}" for a in node.names
                      if any(_private(part) for part in a.name.split("."))]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:  # not labkit's own modules
            if any(_private(part) for part in (node.module or "").split(".")):
                found.append(f"{line}: from {node.module} import ...")
            found += [f"{line}: {node.module}.{a.name}" for a in node.names if _private(a.name)]
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if owner in modules or (node.attr in _SOCKET_PRIVATE and owner not in ("self", "cls")):
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
        "import socket\nsocket._GLOBAL_DEFAULT_TIMEOUT\n"
        "import sys\nframe = sys._getframe()\n"
    )
    assert len(private_cpython_names(old)) == 6
    assert private_cpython_names("self._sock.recv(10)\nconn, addr = listener.accept()\n") == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_private_names_of_python_or_packages(path):
    assert private_cpython_names(path.read_text(encoding="utf-8")) == []


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
