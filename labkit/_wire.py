"""What goes on the wire: bytes from a learner's str, a short preview of bytes for a log,
and a close that resets the connection.  Shared by the server, the client, the
framing helpers and the handlers, so each rule is written once.
"""

from __future__ import annotations

import socket
import struct
import sys
from typing import Any

from ._i18n import t

__all__ = ["LINGER_0", "as_bytes", "close_with_reset", "preview"]

#: SO_LINGER on, 0 s: close() then resets the connection (RST) instead of the FIN
#: handshake.  struct linger is two C ints on POSIX, two unsigned shorts on Windows.
LINGER_0 = struct.pack("HH" if sys.platform == "win32" else "ii", 1, 0)


def as_bytes(name: str, value: object, *, allow_empty: bool = True) -> bytes:
    """``value`` as bytes to send: str is encoded as UTF-8, bytes-like pass through.

    Anything else raises TypeError naming the argument ``name``; with
    ``allow_empty=False`` an empty message raises ValueError (nothing would be sent).
    """
    if isinstance(value, str):
        data = value.encode("utf-8")
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    else:
        raise TypeError(t("bad_type", name=name, expected="str or bytes", value=value,
                          typename=type(value).__name__, example=f"{name}='Hello'"))
    if not data and not allow_empty:
        raise ValueError(t("empty_message", name=name))
    return data


def preview(data: bytes, limit: int = 80) -> str:
    """The first ``limit`` bytes as text for a log line, with ``...`` if there is more."""
    text = data[:limit].decode("utf-8", errors="replace")
    return text + ("..." if len(data) > limit else "")


def close_with_reset(sock: Any) -> None:
    """Close ``sock`` so that the peer gets a reset (RST), as a crashed program's peer does."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_0)
    except OSError:  # already reset by the peer: a plain close is all that is left
        pass
    sock.close()
