"""Messages for fetch and the other clients: refused, timed out, too long."""

MESSAGES: dict[str, dict[str, str]] = {
    "refused": {
        "en": "Nobody is listening on {host}:{port} (connection refused). Cure: start the "
              "server first (run 01_server_001, or click Start in the panel), and check the port.",
        "ja": "{host}:{port} で待ち受けているサーバがありません (接続拒否)。対処: 先にサーバを"
              "起動し (01_server_001 を実行するか、パネルの Start を押す)、ポート番号を確認します。",
    },
    "timed_out": {
        "en": "No answer from {host}:{port} within {timeout} s. Cure: check that the server "
              "is running and not busy, or pass a larger timeout.",
        "ja": "{host}:{port} から {timeout} 秒以内に応答がありません。対処: サーバが動いていて"
              "処理が詰まっていないか確認するか、timeout を大きくします。",
    },
    "too_big": {
        "en": "The reply from {host}:{port} is longer than max_bytes={limit}; stopped reading. "
              "Cure: pass a larger max_bytes if you expect such a long reply.",
        "ja": "{host}:{port} からの応答が max_bytes={limit} を超えたので受信をやめました。"
              "対処: そのような長い応答を想定するなら max_bytes を大きくします。",
    },
    "connect_failed": {
        "en": "Could not connect to {host}:{port}: the operating system says \"{reason}\". "
              "Nothing was sent. Cure: check the address (your own server: '127.0.0.1'; "
              "in class: the address class_server printed) and that this computer is on "
              "that network.",
        "ja": "{host}:{port} に接続できませんでした。OS の説明は「{reason}」です。何も送って"
              "いません。対処: アドレスを確認します (自分のサーバなら '127.0.0.1'、授業なら "
              "class_server が表示したアドレス)。そのネットワークにこのパソコンがつながって"
              "いるかも確かめます。",
    },
    "closed_while_sending": {
        "en": "The server at {host}:{port} closed the connection while {size} bytes were "
              "still being sent, and said nothing before it closed. Cure: send a shorter "
              "message, or read the server's log (server.print_log()) to see why it stopped.",
        "ja": "{host}:{port} のサーバは、{size} バイトの送信中に接続を閉じました。閉じる前に"
              "何も送ってきませんでした。対処: もっと短いメッセージを送るか、サーバのログ"
              " (server.print_log()) で止めた理由を確かめます。",
    },
    "closed_while_sending_said": {
        "en": "The server at {host}:{port} closed the connection while {size} bytes were "
              "still being sent; before closing it sent: {said!r}. Cure: do what that "
              "message asks (often: send a shorter message).",
        "ja": "{host}:{port} のサーバは、{size} バイトの送信中に接続を閉じました。閉じる前に"
              "送ってきた内容: {said!r}。対処: そのメッセージに従います (多くは、もっと短い"
              "メッセージを送ること)。",
    },
    "reset_reading": {
        "en": "The server at {host}:{port} reset the connection before its reply was read "
              "to the end (connection reset). Cure: check the server's log "
              "(server.print_log()); a server that closes with unread input resets.",
        "ja": "{host}:{port} のサーバが、応答を最後まで読む前に接続をリセットしました "
              "(connection reset)。対処: サーバのログ (server.print_log()) を確認します。"
              "受信していないデータを残したまま閉じるサーバは、接続をリセットします。",
    },
    # Client steps recorded by fetch(trace=...) (labkit/_events.py ClientStep).
    "step_call": {"en": "client {peer}: {call}", "ja": "クライアント {peer}: {call}"},
    "step_send": {"en": "client {peer}: sent {text!r}",
                  "ja": "クライアント {peer}: 送信: {text!r}"},
    "step_recv": {"en": "client {peer}: received {text!r}",
                  "ja": "クライアント {peer}: 受信: {text!r}"},
    "step_eof": {"en": "client {peer}: recv() returned b'': the server closed the connection",
                 "ja": "クライアント {peer}: recv() が b'' を返しました: サーバが接続を閉じました"},
}
