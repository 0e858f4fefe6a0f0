"""tests/_util.py: a missing tool skips locally and fails under CI."""

from __future__ import annotations

import socket

import pytest
from _util import free_port, unavailable


def test_unavailable_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no widget"):
        unavailable("no widget")


def test_unavailable_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no widget.*CI is set"):
        unavailable("no widget")


def test_free_port_can_be_bound():
    port = free_port()
    with socket.create_server(("127.0.0.1", port)):
        pass
