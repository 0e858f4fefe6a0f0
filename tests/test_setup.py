"""check_setup and ensure_server (labkit/_setup.py, notebooks 00 and 02)."""

from __future__ import annotations

import socket

import pytest

import labkit
from labkit import _setup


@pytest.fixture
def listener():
    """A plain socket listening on a free loopback port: 'another program'."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        yield sock


def test_check_setup_passes_here_and_prints_no_versions():
    report = labkit.check_setup(port=_free_port())
    assert report.ok, report.text()
    text = report.text()
    assert text.count("[OK]") == 5
    assert "ipykernel 7.1" in text and "7.0" in text  # says why 7.1 is needed
    # The notebook's output must not depend on the installed versions.
    for name in ("jupyterlab", "ipywidgets", "ipykernel"):
        assert _setup._installed(name) not in text


def test_check_setup_speaks_japanese():
    labkit.set_language("ja")
    text = str(labkit.check_setup(port=_free_port()))
    assert "準備ができています" in text and "以上" in text


def test_busy_port_names_the_port_and_a_free_one(listener):
    port = listener.getsockname()[1]
    report = labkit.check_setup(port=port)
    assert not report.ok
    bad = [c for c in report.checks if not c.ok]
    assert len(bad) == 1
    line = bad[0].text()
    assert line.startswith("[FIX]") and str(port) in line and "labkit.stop_all()" in line
    free = int(line.rstrip(".").rsplit(" ", 1)[1])
    assert 49152 <= free <= 65535  # the dynamic range, like the article's port
    with socket.socket() as probe:  # the port it offers really is free
        probe.bind(("127.0.0.1", free))
    assert "1 item(s) to fix" in report.text()


def test_port_held_by_this_kernels_labkit_server_is_fine(server):
    report = labkit.check_setup(port=server.address[1])
    assert report.ok
    assert "this kernel's labkit server" in report.text()


@pytest.mark.parametrize(
    ("name", "found", "ok", "expected"),
    [
        ("ipykernel", "7.0.1", False, "version 7.0.1 is installed"),
        ("ipykernel", None, False, "not installed"),
        ("ipykernel", "7.1.0", True, "[OK]"),
        ("ipywidgets", "8.1.0rc1", True, "[OK]"),
        ("jupyterlab", "3.6.8", False, "pip install -U 'jupyterlab>=4.2'"),
    ],
)
def test_package_versions(name, found, ok, expected):
    check = _setup._check_package(name, _setup.REQUIREMENTS[name], found)
    assert check.ok is ok
    assert expected in check.text()


def test_old_python_is_reported():
    check = _setup._check_python((3, 9, 18))
    assert not check.ok
    assert "3.9.18" in check.text() and "environment.yml" in check.text()
    assert _setup._check_python((3, 10, 0)).ok


def test_bad_port_is_rejected_with_the_range():
    with pytest.raises(ValueError, match="65535"):
        labkit.check_setup(port=70000)


def test_ensure_server_starts_one_when_nothing_listens():
    port = _free_port()
    result = labkit.ensure_server("127.0.0.1", port)
    assert result.state == "started" and result.server is not None
    assert "started a lab server" in str(result)
    assert labkit.fetch("127.0.0.1", port) == "Server accessed.(1)"
    # Running the cell again keeps this kernel's server (and its count).
    again = labkit.ensure_server("127.0.0.1", port)
    assert again.state == "ours" and again.server is result.server
    assert labkit.fetch("127.0.0.1", port) == "Server accessed.(2)"
    assert "Stopped" in result.stop()
    assert not result.server.running
    assert "Nothing to stop" in result.stop()


def test_ensure_server_leaves_another_server_alone_and_does_not_connect(listener):
    port = listener.getsockname()[1]
    listener.setblocking(False)
    result = labkit.ensure_server("127.0.0.1", port)
    assert result.state == "elsewhere" and result.server is None
    assert "already listens" in str(result)
    with pytest.raises(BlockingIOError):  # it never connected: nobody is waiting
        listener.accept()
    assert "Nothing to stop" in result.stop()


def test_ensure_server_in_japanese():
    labkit.set_language("ja")
    result = labkit.ensure_server("127.0.0.1", _free_port())
    assert "起動しました" in result.text()
    assert "起動したサーバを停止しました" in result.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
