"""Messages of labkit._student: this student's port on a shared machine."""

MESSAGES = {
    "student_port_moved": {
        "en": "Port {preferred} is used by another user or program on this machine, so your "
              "server will use port {port}; your other notebooks will find it.",
        "ja": "ポート {preferred} はこのマシンの別のユーザーかプログラムが使っているので、"
              "あなたのサーバはポート {port} を使います。ほかのノートブックもこのポートを見つけます。",
    },
}
