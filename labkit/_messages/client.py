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
    # Client steps recorded by fetch(trace=...) (labkit/_events.py ClientStep).
    "step_call": {"en": "client {peer}: {call}", "ja": "クライアント {peer}: {call}"},
    "step_send": {"en": "client {peer}: sent {text!r}",
                  "ja": "クライアント {peer}: 送信: {text!r}"},
    "step_recv": {"en": "client {peer}: received {text!r}",
                  "ja": "クライアント {peer}: 受信: {text!r}"},
    "step_eof": {"en": "client {peer}: recv() returned b'': the server closed the connection",
                 "ja": "クライアント {peer}: recv() が b'' を返しました: サーバが接続を閉じました"},
}
