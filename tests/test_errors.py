"""Every error a learner can meet from labkit's public names is a sentence (issue 9).

One row per error, found by going through ``labkit.__all__`` name by name (the
names that raise nothing of their own are listed in ``NO_ERRORS`` with the reason).
Each row is run in English and in Japanese: the message must be in that language,
name the value, and give a cure ("Cure" / "対処"); an error caused by the OS
carries the OS error as ``__cause__`` and does not show it raw ("[Errno ...").
"""

from __future__ import annotations

import errno
import html
import socket
import struct
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from _util import refuse_long

import labkit
from labkit import _client

CURE = {"en": "Cure", "ja": "対処"}


@dataclass
class Row:
    call: Callable[[], object]
    error: type[BaseException]
    value: str  # text the message must contain: the value the learner gave or met
    cause: type[BaseException] | None = None  # the chained OS error, if the OS said it


def _closed_port() -> int:
    """A port where nobody listens (bound for a moment, never listening)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _server(**options) -> Iterator[tuple[str, int]]:
    with labkit.LabServer("127.0.0.1", 0, **options) as server:
        yield server.address


@contextmanager
def _silent() -> Iterator[tuple[str, int]]:
    """Accepts connections (the backlog does) and never says a word."""
    with socket.create_server(("127.0.0.1", 0)) as silent:
        yield silent.getsockname()[:2]


def _wait_for_bytes_of_silence():
    a, b = socket.socketpair()
    with a, b:
        b.sendall(b"xy")  # 2 of the 3 bytes waited for
        labkit.wait_for_bytes(a, 3, timeout=0.05)


def _fetch_silent():
    with _silent() as (host, port):
        return labkit.fetch(host, port, timeout=0.3)


def _fetch_too_long():
    with _server(handler=lambda client, addr: client.sendall(b"x" * 200_000)) as address:
        return labkit.fetch(*address, max_bytes=1000)


def _fetch_ten_megabytes_to_a_refusing_server():
    with _server(handler=refuse_long) as address:
        return labkit.fetch(*address, send=b"y" * 10_000_000, timeout=5)


def _fetch_unreachable(monkeypatch):
    def unreachable(*args, **kwargs):
        raise OSError(errno.ENETUNREACH, "Network is unreachable")

    monkeypatch.setattr(_client.socket, "create_connection", unreachable)
    return labkit.fetch("127.0.0.1", 49152)


def _port_in_use():
    with socket.create_server(("127.0.0.1", 0)) as other:
        return labkit.LabServer("127.0.0.1", other.getsockname()[1]).start()


def _cannot_bind(monkeypatch):
    """An address this OS refuses (macOS has no 127.0.0.2), simulated: tests stay portable."""
    def refuse(self, address):
        raise OSError(errno.EADDRNOTAVAIL, "Cannot assign requested address")

    monkeypatch.setattr(socket.socket, "bind", refuse)
    return labkit.LabServer("127.0.0.1", 49152).start()


def _pair_then(sender: Callable[[socket.socket], None],
               receiver: Callable[[socket.socket], object]) -> object:
    a, b = socket.socketpair()
    with a, b:
        sender(b)
        return receiver(a)


def _send_then_close(data: bytes) -> Callable[[socket.socket], None]:
    def send(sock: socket.socket) -> None:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
    return send


class Shown(Exception):
    """What a panel showed instead of raising (panels never raise into a callback)."""


def _panel_connect(host: str) -> None:
    panel = labkit.lab_panel(host=host)
    try:
        panel.connect_button.click()
        raise Shown(html.unescape(panel.received.value))
    finally:
        panel.close()


def _panel_start(host: str, port: str) -> None:
    panel = labkit.lab_panel(host=host)
    try:
        panel.port_input.value = port
        panel.start_button.click()
        raise Shown(html.unescape(panel.status.value))
    finally:
        panel.close()


def _banner_refused():
    return labkit.grab_banner("127.0.0.1", _closed_port())


ROWS: dict[str, Row] = {
    # --- fetch / fetch_bytes: the client
    "fetch refused": Row(lambda: labkit.fetch("127.0.0.1", _closed_port()),
                         ConnectionRefusedError, "127.0.0.1:", ConnectionRefusedError),
    "fetch silent server": Row(_fetch_silent, TimeoutError, "0.3", TimeoutError),
    "fetch reply too long": Row(_fetch_too_long, labkit.MessageTooLongError, "max_bytes=1000"),
    "fetch 10 MB refused": Row(_fetch_ten_megabytes_to_a_refusing_server, ConnectionResetError,
                               "10000000", OSError),
    "fetch unreachable": Row(None, OSError, "127.0.0.1:49152", OSError),  # NEEDS_MONKEYPATCH
    "fetch zone on ::1": Row(lambda: labkit.fetch("::1%x", 49152), ValueError, "'::1%x'"),
    "fetch loopback broadcast": Row(lambda: labkit.fetch("127.255.255.255", 49152), ValueError,
                                    "'127.255.255.255'"),
    "fetch port 0": Row(lambda: labkit.fetch("127.0.0.1", 0), ValueError, "port=0"),
    "fetch port too big": Row(lambda: labkit.fetch("127.0.0.1", 70000), ValueError,
                              "port=70000"),
    "fetch port str": Row(lambda: labkit.fetch("127.0.0.1", "49152"), TypeError, "'49152'"),
    "fetch host None": Row(lambda: labkit.fetch(None, 49152), TypeError, "None"),
    "fetch a name": Row(lambda: labkit.fetch("example.com", 49152), ValueError, "'example.com'"),
    "fetch 0.0.0.0": Row(lambda: labkit.fetch("0.0.0.0", 49152), ValueError, "'0.0.0.0'"),
    "fetch elsewhere": Row(lambda: labkit.fetch("192.0.2.1", 49152), labkit.NotLoopbackError,
                           "'192.0.2.1'"),
    "fetch bufsize 0": Row(lambda: labkit.fetch("127.0.0.1", 1, bufsize=0), ValueError,
                           "bufsize=0"),
    "fetch timeout -1": Row(lambda: labkit.fetch("127.0.0.1", 1, timeout=-1), ValueError,
                            "timeout=-1"),
    "fetch max_bytes 0": Row(lambda: labkit.fetch("127.0.0.1", 1, max_bytes=0), ValueError,
                             "max_bytes=0"),
    "fetch_bytes send int": Row(lambda: labkit.fetch_bytes("127.0.0.1", 1, send=5), TypeError,
                                "5 (int)"),
    # --- burst
    "burst n 0": Row(lambda: labkit.burst("127.0.0.1", 1, 0), ValueError, "n=0"),
    "burst timeout None": Row(lambda: labkit.burst("127.0.0.1", 1, 1, timeout=None), TypeError,
                              "None"),
    "burst elsewhere": Row(lambda: labkit.burst("10.0.0.1", 1, 1), labkit.NotLoopbackError,
                           "'10.0.0.1'"),
    # --- scan_ports / grab_banner
    "scan_ports elsewhere": Row(lambda: labkit.scan_ports("192.0.2.1", 80), labkit.NotLoopbackError,
                          "'192.0.2.1'"),
    "scan_ports too many": Row(lambda: labkit.scan_ports("127.0.0.1", range(1, 5000)), ValueError,
                         "4999"),
    "scan_ports no ports": Row(lambda: labkit.scan_ports("127.0.0.1", []), ValueError, "range("),
    "scan_ports str": Row(lambda: labkit.scan_ports("127.0.0.1", "80"), TypeError, "'80'"),
    "grab_banner port 0": Row(lambda: labkit.grab_banner("127.0.0.1", 0), ValueError, "port=0"),
    "grab_banner refused": Row(_banner_refused, ConnectionRefusedError, "127.0.0.1:",
                          ConnectionRefusedError),
    "grab_banner max_bytes 0": Row(lambda: labkit.grab_banner("127.0.0.1", 1, max_bytes=0),
                              ValueError, "max_bytes=0"),
    # --- servers
    "LabServer elsewhere": Row(lambda: labkit.LabServer("192.0.2.1", 0), labkit.NotLoopbackError,
                               "'192.0.2.1'"),
    "LabServer a name": Row(lambda: labkit.LabServer("example.com", 0), ValueError,
                            "'example.com'"),
    "LabServer port -1": Row(lambda: labkit.LabServer("127.0.0.1", -1), ValueError, "port=-1"),
    "LabServer backlog": Row(lambda: labkit.LabServer("127.0.0.1", 0, backlog=-1), ValueError,
                             "backlog=-1"),
    "LabServer workers": Row(lambda: labkit.LabServer("127.0.0.1", 0, workers=0), ValueError,
                             "workers=0"),
    "LabServer port in use": Row(_port_in_use, labkit.PortInUseError, "127.0.0.1", OSError),
    "LabServer cannot bind": Row(None, OSError, "127.0.0.1:49152", OSError),
    "ArticleServer elsewhere": Row(lambda: labkit.ArticleServer("192.0.2.1"),
                                   labkit.NotLoopbackError, "'192.0.2.1'"),
    "ArticleServer prints": Row(lambda: labkit.ArticleServer(prints="loud"), ValueError,
                                "'loud'"),
    "ArticleServer address": Row(lambda: labkit.ArticleServer().address, RuntimeError,
                                 "start()"),
    "class_server elsewhere": Row(lambda: labkit.class_server("192.0.2.1", 0),
                                  labkit.NotLoopbackError, "'192.0.2.1'"),
    "check_setup elsewhere": Row(lambda: labkit.check_setup("192.0.2.1"),
                                 labkit.NotLoopbackError, "'192.0.2.1'"),
    "check_setup port 0": Row(lambda: labkit.check_setup("127.0.0.1", 0), ValueError, "port=0"),
    "ensure_server port 0": Row(lambda: labkit.ensure_server("127.0.0.1", 0), ValueError,
                                "port=0"),
    "lab_panel elsewhere": Row(lambda: _panel_connect("192.0.2.1"), Shown, "'192.0.2.1'"),
    "lab_panel port text": Row(lambda: _panel_start("127.0.0.1", "abc"), Shown, "'abc'"),
    # --- handlers
    "echo_handler max_bytes": Row(lambda: labkit.echo_handler(max_bytes=0), ValueError,
                                  "max_bytes=0"),
    "upper_handler max_bytes": Row(lambda: labkit.upper_handler(max_bytes="big"), TypeError,
                                   "'big'"),
    "wait_until timeout": Row(lambda: labkit.wait_until(lambda: False, timeout=0.05),
                              TimeoutError, "0.05"),
    "wait_for_bytes timeout": Row(lambda: _wait_for_bytes_of_silence(), TimeoutError, "3"),
    "fix_pasted_code outside IPython": Row(lambda: labkit.fix_pasted_code(), RuntimeError,
                                           "fix_pasted_code"),
    "reply_after_eof_handler max_bytes": Row(
        lambda: labkit.reply_after_eof_handler(max_bytes=-5), ValueError, "max_bytes=-5"),
    "slow_handler delay": Row(lambda: labkit.slow_handler(delay=-1), ValueError, "delay=-1"),
    "chunked_handler pieces": Row(lambda: labkit.chunked_handler("x" * 100_000, chunk_size=1),
                                  ValueError, "100000"),
    "two_messages_handler": Row(lambda: labkit.two_messages_handler(first=5), TypeError,
                                "5 (int)"),
    # --- framing
    "recv_msg too long": Row(lambda: _pair_then(lambda b: b.sendall(struct.pack("!I", 10**7)),
                                                lambda a: labkit.recv_msg(a, max_bytes=1000)),
                             labkit.MessageTooLongError, "10000000"),
    "recv_msg cut": Row(lambda: _pair_then(_send_then_close(b"\x00\x00"), labkit.recv_msg),
                        labkit.IncompleteMessageError, "2"),
    "recv_exactly cut": Row(lambda: _pair_then(_send_then_close(b"abc"),
                                               lambda a: labkit.recv_exactly(a, 10)),
                            labkit.IncompleteMessageError, "10"),
    "recv_line cut": Row(lambda: _pair_then(_send_then_close(b"no newline"), labkit.recv_line),
                         labkit.IncompleteMessageError, "10"),
    "recv_line too long": Row(lambda: _pair_then(lambda b: b.sendall(b"x" * 200),
                                                 lambda a: labkit.recv_line(a, max_bytes=100)),
                              labkit.MessageTooLongError, "100"),
    "recv_all max_bytes": Row(lambda: _pair_then(lambda b: None,
                                                 lambda a: labkit.recv_all(a, max_bytes=0)),
                              ValueError, "max_bytes=0"),
    "LineReader max_bytes": Row(lambda: _pair_then(lambda b: None,
                                                   lambda a: labkit.LineReader(a, max_bytes=-5)),
                                ValueError, "max_bytes=-5"),
    "send_line newline": Row(lambda: _pair_then(lambda b: None,
                                                lambda a: labkit.send_line(a, "one\ntwo")),
                             ValueError, "3"),
    "send_msg int": Row(lambda: _pair_then(lambda b: None, lambda a: labkit.send_msg(a, 42)),
                        TypeError, "42 (int)"),
    # --- the rest
    "check_exercise unknown": Row(lambda: labkit.check_exercise("nope", print), ValueError,
                                  "'nope'"),
    "check_source int": Row(lambda: labkit.check_source(5), TypeError, "5 (int)"),
    "sequence_diagram int": Row(lambda: labkit.sequence_diagram(5), TypeError, "int"),
    "socket_states port": Row(lambda: labkit.socket_states(port=-1), ValueError, "port=-1"),
    "set_language fr": Row(lambda: labkit.set_language("fr"), ValueError, "'fr'"),
    "student_port elsewhere": Row(lambda: labkit.student_port(49152, "192.0.2.1"),
                                  labkit.NotLoopbackError, "'192.0.2.1'"),
    "student_port port 0": Row(lambda: labkit.student_port(0), ValueError, "port=0"),
    "is_own_server elsewhere": Row(lambda: labkit.is_own_server(49152, "192.0.2.1"),
                                   labkit.NotLoopbackError, "'192.0.2.1'"),
}

#: Rows whose fault is injected (the OS would not produce it on demand everywhere).
NEEDS_MONKEYPATCH = {"fetch unreachable": _fetch_unreachable,
                     "LabServer cannot bind": _cannot_bind}

#: Public names with no error of their own to test here, and why.
NO_ERRORS = {
    "BurstResult", "CheckResult", "ClientResult", "ClientStep", "Event", "ScanResult",
    "SequenceDiagram", "ServerCheck", "SetupReport", "SocketState", "SocketStates",
    # records returned by the tools above
    "DEFAULT_BACKLOG", "DEFAULT_TIMEOUT",  # constants
    "IncompleteMessageError", "MessageTooLongError", "NotLoopbackError", "PortInUseError",
    "RemoteExposureWarning",  # the errors themselves: raised by the rows above
    "ForeignServerError",  # needs another user's server: tests/test_student.py (en and ja)
    "LabPanel",  # lab_panel's class: the row "lab_panel elsewhere"
    "burst_comparison", "get_language", "is_loopback", "lan_addresses", "running_servers",
    "stop_all",  # nothing a learner passes can be wrong (or only records go in)
    "reset_handler",  # takes no argument
    "check_notebook",  # reports a missing file as a check result (tests/test_source.py)
    "reuse_address",  # takes a socket; tests/test_ports.py
    "quiet_port",  # fails only when 20 ports in a row are busy: tests/test_states.py
}


def test_every_public_name_has_a_row_or_a_reason():
    covered = {key.split()[0] for key in ROWS}  # each row's key starts with the name
    assert set(labkit.__all__) - covered - NO_ERRORS == set()


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("key", sorted(ROWS))
def test_every_error_is_a_sentence_with_value_and_cure(key, lang, monkeypatch):
    row = ROWS[key]
    call = row.call if row.call is not None else lambda: NEEDS_MONKEYPATCH[key](monkeypatch)
    labkit.set_language(lang)
    started = time.monotonic()
    with pytest.raises(row.error) as info:
        call()
    assert time.monotonic() - started < 15
    text = str(info.value)
    assert row.value in text, text
    assert CURE[lang] in text, text
    japanese = any("\u3040" <= ch <= "\u30ff" for ch in text)
    assert japanese == (lang == "ja"), text
    assert "[Errno" not in text, text
    if row.cause is not None:
        assert isinstance(info.value.__cause__, row.cause), repr(info.value.__cause__)
