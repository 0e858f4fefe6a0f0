"""ArticleServer: the article's 001 server exactly as written, in a stoppable thread.

Lessons and the benchmark need the article's loop itself, warts and all: a
blocking ``accept()``, ``listen(2)``, one client at a time, a ``print`` after
every step.  Notebook 05 fires a burst of clients at it to show the
``listen(2)`` hang; ``bench/`` measures it beside :class:`LabServer`.  Use
LabServer for anything else.

To stop the blocking ``accept()`` without relying on ``close()`` (which does not
wake it on Linux) or ``shutdown()`` (Linux only), :meth:`stop` sets a flag and
connects once itself: the classic portable wake-up for a blocking loop.
"""

from __future__ import annotations

import io
import socket
import threading

from ._i18n import t
from ._validate import check_backlog, check_host, check_port

__all__ = ["ArticleServer"]


class ArticleServer:
    """``while True: accept(); count; sendall("Server accessed.(N)"); close()``.

    ``prints``: ``"discard"`` runs the article's prints into a throw-away buffer
    (what a notebook does when nobody reads the output), ``"none"`` removes them,
    ``"stdout"`` prints them for real (only from a script: in Jupyter a thread's
    print lands in a random cell).  ``counts`` lists every access number sent.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, backlog: int = 2,
                 prints: str = "discard") -> None:
        self.host = check_host(host, func="ArticleServer", refusal="loopback_only")
        self.port = check_port(port)
        self.backlog = check_backlog(backlog)
        if prints not in ("discard", "none", "stdout"):
            raise ValueError(t("article_bad_prints", value=prints))
        self.prints = prints
        self.counts: list[int] = []
        self._server: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False

    @property
    def address(self) -> tuple[str, int]:
        """``(host, port)`` the server listens on (the real port when ``port=0``)."""
        if self._server is None:  # the caller's mistake: say so, in the notebook's language
            raise RuntimeError(t("article_not_started"))
        return self._server.getsockname()[:2]

    def start(self) -> ArticleServer:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.bind((self.host, self.port))
        server.listen(self.backlog)
        self._server = server
        self._stopping = False
        loop = self._loop_quiet if self.prints == "none" else self._loop_printing
        self._thread = threading.Thread(target=loop, args=(server,), name="article-server",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is None or self._server is None:
            return
        self._stopping = True
        try:  # wake the blocking accept() with one last connection
            socket.create_connection(self.address, timeout=1.0).close()
        except OSError:
            pass
        self._thread.join(5.0)
        self._server.close()
        self._thread = None

    def __enter__(self) -> ArticleServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _next_client(self, server: socket.socket) -> tuple[socket.socket, object] | None:
        """The article's blocking accept(); None once stop() has woken it."""
        client, addr = server.accept()
        if self._stopping:
            client.close()
            return None
        return client, addr

    def _loop_printing(self, server: socket.socket) -> None:
        # The article's loop, line for line (its prints go to `out`).
        out = None if self.prints == "stdout" else io.StringIO()
        access_cnt = 0
        while (accepted := self._next_client(server)) is not None:
            client, addr = accepted
            print("クライアントから接続要求あり", file=out)
            print("クライアントのソケット情報=", client, file=out)
            print("リモート接続のアドレス", addr, file=out)
            access_cnt += 1
            sending_message = "Server accessed.(" + str(access_cnt) + ")"
            print("送信メッセージ=", sending_message, file=out)
            try:
                client.sendall(sending_message.encode("UTF-8"))
            except OSError:
                pass
            self.counts.append(access_cnt)
            print("送信メッセージ送信完了", file=out)
            client.close()
            print("クライアント切断完了", file=out)
            if out is not None:  # keep the throw-away buffer from growing
                out.seek(0)
                out.truncate()

    def _loop_quiet(self, server: socket.socket) -> None:
        access_cnt = 0
        while (accepted := self._next_client(server)) is not None:
            client, _addr = accepted
            access_cnt += 1
            try:
                client.sendall(("Server accessed.(" + str(access_cnt) + ")").encode("UTF-8"))
            except OSError:
                pass
            self.counts.append(access_cnt)
            client.close()
