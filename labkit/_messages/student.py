"""Messages of labkit._student: this student's port on a shared machine."""

MESSAGES = {
    "student_port_moved": {
        "en": "Port {preferred} is used by another user or program on this machine, so your "
              "server will use port {port}; your other notebooks will find it.",
        "ja": "ポート {preferred} はこのマシンの別のユーザーかプログラムが使っているので、"
              "あなたのサーバはポート {port} を使います。ほかのノートブックもこのポートを見つけます。",
    },
    "foreign_server": {
        "en": "The server on {host}:{port} is not yours: another user's or program's server "
              "listens there, so its reply would not come from your notebook. No data was sent. "
              "Cure: use your own port, D_PORT_NO = labkit.student_port(), and run your own "
              "01_server_001 (or click Start in the panel); a lesson that connects to others on "
              "purpose passes allow_foreign=True.",
        "ja": "{host}:{port} のサーバはあなたのものではありません。別のユーザーかプログラムの"
              "サーバが待ち受けているので、その応答はあなたのノートブックからのものではありません。"
              "データは何も送っていません。対処: 自分のポート D_PORT_NO = labkit.student_port() を"
              "使い、自分の 01_server_001 を実行します (またはパネルの Start を押します)。"
              "わざと他人のサーバに接続するレッスンでは allow_foreign=True を付けます。",
    },
}
