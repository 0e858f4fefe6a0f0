"""Messages for LabServer: start, stop, the event log, its repr."""

MESSAGES: dict[str, dict[str, str]] = {
    "port_in_use": {
        "en": "Port {port} on {host} is already in use by another program (not by a labkit "
              "server in this kernel): {cause}. Cure: stop that program, or use the free port "
              "{free} instead, e.g. LabServer(port={free}).",
        "ja": "{host} のポート {port} は別のプログラムが使用中です (このカーネルの labkit サーバでは"
              "ありません): {cause}。対処: そのプログラムを止めるか、空いているポート {free} を"
              "使います。例: LabServer(port={free})",
    },
    "port_in_use_own": {
        "en": "Port {port} on {host} is already in use by your own server in another "
              "notebook (another kernel of yours, e.g. 01 still running). Cure: stop it there "
              "(its Stop button, or server.stop()), or connect to it with "
              "labkit.fetch('{host}', {port}) instead of starting a second one.",
        "ja": "{host} のポート {port} は、あなた自身の別のノートブック (別のカーネル、例えば実行中の "
              "01) のサーバが使っています。対処: そちらでサーバを止める (Stop ボタンか "
              "server.stop()) か、2 つ目を起動せずに labkit.fetch('{host}', {port}) で接続します。",
    },
    "bind_failed": {
        "en": "Cannot open a server on {host}:{port}: the operating system says \"{cause}\". "
              "Cure: check the host: '127.0.0.1' (every computer has it; some have no "
              "other 127.x address), or for a class server one of labkit.lan_addresses(); "
              "port=0 lets the OS pick a free port.",
        "ja": "{host}:{port} でサーバを開けません。OS の説明は「{cause}」です。対処: "
              "host を確認します。'127.0.0.1' (どのパソコンにもあります。127.x の他のアドレスが"
              "ない OS もあります) か、クラスサーバなら labkit.lan_addresses() の中のアドレスを"
              "使います。port=0 にすると OS が空きポートを選びます。",
    },
    "listen_without_bind": {
        "en": "This socket listens on {host}:{port}, an address no cell gave it: bind() did "
              "not succeed, so listen() bound it to every address of this computer and a port "
              "the OS picked. labkit closed it. Cure: read the error of the bind cell above "
              "(often: the port is in use), fix that, then re-run from the cell that creates "
              "the socket.",
        "ja": "このソケットは {host}:{port} で待ち受けていますが、これはどのセルも指定していない"
              "アドレスです。bind() が成功しなかったので、listen() がこのパソコンのすべての"
              "アドレスと OS が選んだポートに結び付けました。labkit はこのソケットを閉じました。"
              "対処: 上の bind のセルのエラー (多くはポートが使用中) を読んで直し、ソケットを作る"
              "セルから実行し直します。",
    },
    "replaced": {
        "en": "Stopped the earlier labkit server on {host}:{port} (re-run of a start cell).",
        "ja": "{host}:{port} で動いていた前回の labkit サーバを停止しました (セルの再実行)。",
    },
    "started": {
        "en": "Server started on {host}:{port}. Waiting for clients.",
        "ja": "サーバを {host}:{port} で起動しました。クライアントの接続待ち",
    },
    "stopped": {
        "en": "Server on {host}:{port} stopped after {count} access(es).",
        "ja": "{host}:{port} のサーバを停止しました (アクセス {count} 回)。",
    },
    "ev_accept": {
        "en": "[{n}] connection from {peer}",
        "ja": "[{n}] {peer} から接続要求あり",
    },
    "ev_send": {
        "en": "[{n}] sent {text!r}",
        "ja": "[{n}] 送信: {text!r}",
    },
    "ev_recv": {
        "en": "[{n}] received {text!r}",
        "ja": "[{n}] 受信: {text!r}",
    },
    "ev_close": {
        "en": "[{n}] client disconnected",
        "ja": "[{n}] クライアント切断完了",
    },
    "ev_print": {
        "en": "[{n}] {text}",
        "ja": "[{n}] {text}",
    },
    "ev_error": {
        "en": "[{n}] handler error for client {peer} (the server keeps serving): {text}",
        "ja": "[{n}] クライアント {peer} の処理でエラー (サーバは動き続けます): {text}",
    },
    "ev_server_error": {
        "en": "Server error: {text}",
        "ja": "サーバのエラー: {text}",
    },
    "accept_retry": {
        "en": "accept() failed: {cause}. The server keeps trying (this line is repeated at "
              "most once a second). Cure: if it says 'Too many open files', close sockets "
              "you no longer need.",
        "ja": "accept() が失敗しました: {cause}。サーバは再試行を続けます (この行は 1 秒に 1 回まで)。"
              "対処: 'Too many open files' なら、使い終わったソケットを close() します。",
    },
    "accept_gone": {
        "en": "accept() failed: {cause}. The listening socket is closed or no longer "
              "listening, so the server stopped serving. Cure: server.stop(), then "
              "server.start() opens a new one.",
        "ja": "accept() が失敗しました: {cause}。待ち受けソケットが閉じられたか listen していない"
              "ため、サーバは処理をやめました。対処: server.stop() のあと server.start() で"
              "開き直します。",
    },
    "handler_uncalled": {
        "en": "handler={name} is the factory, not a handler: it makes one when called. "
              "Cure: call it, handler=labkit.{name}() (did you mean {name}()?).",
        "ja": "handler={name} はハンドラを作る関数で、ハンドラそのものではありません。"
              "対処: 呼び出して handler=labkit.{name}() と書きます ({name}() のことですか?)。",
    },
    "handler_signature": {
        "en": "handler={name} cannot be called as handler(client, addr): {cause}. Cure: "
              "define it with two parameters, def {name}(client, addr): ...",
        "ja": "handler={name} は handler(client, addr) の形で呼べません: {cause}。対処: "
              "引数を 2 つにして def {name}(client, addr): ... と定義します。",
    },
    "log_dropped": {
        "en": "... {dropped} older line(s) dropped ...",
        "ja": "... 古い行を {dropped} 行省略 ...",
    },
    "no_new_log": {
        "en": "(no new server log lines)",
        "ja": "(サーバログに新しい行はありません)",
    },
    "repr_running": {
        "en": "running on {host}:{port}, {count} access(es)",
        "ja": "{host}:{port} で実行中、アクセス {count} 回",
    },
    "repr_stopped": {
        "en": "stopped",
        "ja": "停止中",
    },
}
