"""labkit._wire: bytes from str, a preview for logs, a close that resets."""

from __future__ import annotations

import socket

import pytest

from labkit import _wire


@pytest.mark.parametrize(("value", "expected"), [
    ("Tōkyō", "Tōkyō".encode()), (b"ab", b"ab"), (bytearray(b"ab"), b"ab"),
    (memoryview(b"ab"), b"ab"), ("", b""),
])
def test_as_bytes_encodes_str_as_utf8_and_passes_bytes(value, expected):
    assert _wire.as_bytes("data", value) == expected


def test_as_bytes_names_the_argument_and_refuses_empty_when_asked():
    with pytest.raises(TypeError, match="message must be str or bytes, not 42"):
        _wire.as_bytes("message", 42)
    with pytest.raises(ValueError, match="message is empty"):
        _wire.as_bytes("message", b"", allow_empty=False)


def test_preview_cuts_long_data_and_survives_a_cut_character():
    assert _wire.preview(b"abc") == "abc"
    assert _wire.preview(b"x" * 81) == "x" * 80 + "..."
    assert _wire.preview("é".encode(), limit=1) == "\ufffd..."


def test_close_with_reset_makes_the_peer_see_a_reset():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname(), timeout=2)
        conn, _ = listener.accept()
        _wire.close_with_reset(conn)
        with client, pytest.raises(ConnectionResetError):
            client.recv(1)
