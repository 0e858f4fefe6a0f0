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
    "bad_language": {
        "en": "language {value!r} is not supported: allowed 'ja' and 'en'. "
              "Cure: labkit.set_language('ja') or labkit.set_language('en').",
        "ja": "言語 {value!r} には対応していません。使えるのは 'ja' と 'en' です。"
              "対処: labkit.set_language('ja') か labkit.set_language('en') とします。",
    },
    "cure_port": {
        "en": "use a dynamic port 49152-65535, or 0 to let the OS pick a free one.",
        "ja": "ダイナミックポート 49152～65535 を使うか、0 にして OS に空きポートを選ばせます。",
    },
    "cure_peer_port": {
        "en": "connect to the port the server listens on (server.address[1], e.g. 49152); "
              "port 0 means 'any free port' only to a server that listens.",
        "ja": "サーバが待ち受けているポート (server.address[1]、例えば 49152) に接続します。"
              "ポート 0 が「空いているどれか」を意味するのは、待ち受けるサーバの場合だけです。",
    },
    "cure_fixed_port": {
        "en": "give the lab's fixed port, e.g. 49152 (0 would pick another free port "
              "each time, so no other notebook could find it).",
        "ja": "実験で使う決まったポート (例えば 49152) を指定します (0 だと毎回別の空き"
              "ポートになり、他のノートブックから見つけられません)。",
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
        "en": "host={value!r} is not an IP address or 'localhost'. labkit never looks a name "
              "up, so it can never reach another computer by mistake; nothing was sent. "
              "Cure: use '127.0.0.1' (this computer only) or '::1' (IPv6); in class, type "
              "the IP address that class_server printed.",
        "ja": "host={value!r} は IP アドレスでも 'localhost' でもありません。labkit は名前を"
              "名前解決しないので、うっかり他のパソコンにつながることはありません。何も送って"
              "いません。対処: '127.0.0.1' (このパソコンの中だけ) か '::1' (IPv6) を使います。"
              "授業では class_server が表示した IP アドレスを入力します。",
    },
    "zone_host": {
        "en": "host={value!r} carries a zone index ('%...'), which only link-local addresses "
              "use; a loopback address has none, and the OS cannot resolve it. "
              "Cure: use '::1' without the '%' part, or '127.0.0.1'.",
        "ja": "host={value!r} にはゾーン ID ('%...') が付いています。ゾーン ID はリンクローカル"
              "アドレスだけのもので、ループバックアドレスには付けられず、OS が解決できません。"
              "対処: '%' 以降を取った '::1' か '127.0.0.1' を使います。",
    },
    "unspecified_peer": {
        "en": "{func} cannot connect to host={value!r}: that address means 'every address of "
              "this computer' to a server that listens, but it is no place a client can "
              "connect to. Nothing was sent. Cure: connect to '127.0.0.1' (or '::1').",
        "ja": "{func} は host={value!r} に接続できません。このアドレスは、待ち受けるサーバにとって"
              "「このパソコンのすべてのアドレス」という意味で、クライアントの接続先にはなりません。"
              "何も送っていません。対処: '127.0.0.1' (または '::1') に接続します。",
    },
    "peer_not_loopback": {
        "en": "{func} refuses host={value!r}: it is not this computer (allowed: 127.0.0.0/8, "
              "::1, 'localhost'), and labkit contacts other computers only when asked to. "
              "Nothing was sent. Cure: use '127.0.0.1', or pass allow_remote=True if your "
              "teacher asked you to connect to the class server.",
        "ja": "{func} は host={value!r} を拒否しました。このパソコンのアドレス (127.0.0.0/8、"
              "::1、'localhost') ではなく、labkit は指示がない限り他のパソコンに接続しません。"
              "何も送っていません。対処: '127.0.0.1' を使うか、先生にクラスサーバへの接続を"
              "指示された場合だけ allow_remote=True を付けます。",
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
    "loopback_only": {
        "en": "{func} works on this computer only, and host={value!r} is not one of its "
              "loopback addresses (127.0.0.0/8, ::1, 'localhost'). Nothing was opened or "
              "sent. Cure: use '127.0.0.1'; a server for the whole class is "
              "labkit.class_server(allow_remote=True).",
        "ja": "{func} はこのパソコンの中だけで使うもので、host={value!r} はそのループバック"
              "アドレス (127.0.0.0/8、::1、'localhost') ではありません。何も開かず、何も送って"
              "いません。対処: '127.0.0.1' を使います。クラス全体のためのサーバは "
              "labkit.class_server(allow_remote=True) です。",
    },
    "remote_warning": {
        "en": "Warning: the server on {host}:{port} can be reached from other computers on "
              "your network. Your operating system's firewall may ask for permission. "
              "Stop it when the class ends.",
        "ja": "注意: {host}:{port} のサーバには、同じネットワークの他のパソコンから接続できます。"
              "OS のファイアウォールが許可を求めることがあります。授業が終わったら停止してください。",
    },
    "broadcast_host": {
        "en": "host={value!r} is the broadcast address of 127.0.0.0/8: no client can "
              "connect to it (Network is unreachable), so labkit uses it for neither a "
              "server nor a client. Cure: use '127.0.0.1'.",
        "ja": "host={value!r} は 127.0.0.0/8 のブロードキャストアドレスです。クライアントは"
              "ここに接続できない (Network is unreachable) ので、labkit はサーバにも"
              "クライアントにも使いません。対処: '127.0.0.1' を使います。",
    },
}
