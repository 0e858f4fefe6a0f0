"""Messages for argument checks (labkit._validate and every module that checks an argument)."""

MESSAGES: dict[str, dict[str, str]] = {
    "bad_type": {
        "en": "{name} must be {expected}, not {value!r} ({typename}). Cure: pass {example}.",
        "ja": "{name} は {expected} で指定してください。{value!r} ({typename}) は使えません。"
              "対処: {example} のように指定します。",
    },
    "bad_range": {
        "en": "{name}={value!r} is out of range: allowed {low} to {high}. Cure: {cure}",
        "ja": "{name}={value!r} は範囲外です。使えるのは {low} から {high} までです。対処: {cure}",
    },
    "cure_port": {
        "en": "use a dynamic port 49152-65535, or 0 to let the OS pick a free one.",
        "ja": "ダイナミックポート 49152～65535 を使うか、0 にして OS に空きポートを選ばせます。",
    },
    "cure_peer_port": {
        "en": "use the port the server listens on (the lab's server: 49152); "
              "0 is only for a server, to let the OS pick a free one.",
        "ja": "サーバが待ち受けているポートを指定します (実験室のサーバは 49152)。"
              "0 はサーバ専用で、OS に空きポートを選ばせる指定です。",
    },
    "cure_backlog": {
        "en": "leave backlog=None for a safe default (128 or more).",
        "ja": "backlog=None のままにすると安全な既定値 (128 以上) になります。",
    },
    "cure_workers": {
        "en": "16 worker threads are plenty for a classroom.",
        "ja": "教室なら 16 スレッドで十分です。",
    },
    "cure_bufsize": {
        "en": "4096 is the usual receive buffer size.",
        "ja": "受信バッファは 4096 が一般的です。",
    },
    "cure_timeout": {
        "en": "give the number of seconds to wait, e.g. 5.0.",
        "ja": "待つ秒数を 5.0 のように指定します。",
    },
    "bad_host": {
        "en": "host={value!r} is not an IP address or 'localhost'. Cure: use '127.0.0.1' "
              "(this computer only) or '::1' (IPv6).",
        "ja": "host={value!r} は IP アドレスでも 'localhost' でもありません。"
              "対処: '127.0.0.1' (このパソコンの中だけ) か '::1' (IPv6) を使います。",
    },
    "not_loopback": {
        "en": "host={value!r} is not a loopback address (allowed: 127.0.0.0/8, ::1). "
              "A server there can be reached from other computers. Cure: use '127.0.0.1', "
              "or pass allow_remote=True if your teacher asked you to (classroom LAN mode).",
        "ja": "host={value!r} はループバックアドレス (127.0.0.0/8, ::1) ではありません。"
              "ここで起動したサーバには他のパソコンから接続できてしまいます。"
              "対処: '127.0.0.1' を使うか、先生の指示がある場合だけ allow_remote=True を付けます"
              " (教室 LAN モード)。",
    },
    "remote_warning": {
        "en": "Warning: the server on {host}:{port} can be reached from other computers on "
              "your network. Your operating system's firewall may ask for permission. "
              "Stop it when the class ends.",
        "ja": "注意: {host}:{port} のサーバには、同じネットワークの他のパソコンから接続できます。"
              "OS のファイアウォールが許可を求めることがあります。授業が終わったら停止してください。",
    },
    "broadcast_host": {
        "en": "host={value!r} is the broadcast address of 127.0.0.0/8: a server can listen "
              "there but no client can connect (Network is unreachable). "
              "Cure: use '127.0.0.1'.",
        "ja": "host={value!r} は 127.0.0.0/8 のブロードキャストアドレスです。サーバーは待ち受け"
              "できますが、クライアントは接続できません (Network is unreachable)。"
              "対処: '127.0.0.1' を使います。",
    },
}
