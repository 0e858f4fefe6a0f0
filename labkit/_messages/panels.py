"""Messages for the widget panel's labels and status lines."""

MESSAGES: dict[str, dict[str, str]] = {
    "panel_title": {"en": "TCP socket lab", "ja": "TCP ソケット実験室"},
    "panel_host": {"en": "Host", "ja": "ホスト"},
    "panel_port": {"en": "Port", "ja": "ポート"},
    "panel_start": {"en": "Start", "ja": "Start (起動)"},
    "panel_stop": {"en": "Stop", "ja": "Stop (停止)"},
    "panel_connect": {"en": "Connect", "ja": "Connect (接続)"},
    "panel_status_running": {
        "en": "running on {host}:{port}",
        "ja": "実行中 {host}:{port}",
    },
    "panel_status_stopped": {"en": "stopped", "ja": "停止中"},
    "panel_count": {"en": "accesses: {count}", "ja": "アクセス回数: {count}"},
    "panel_received": {"en": "received: {text}", "ja": "受信: {text}"},
    "panel_not_running": {
        "en": "The server is not running: click Start first.",
        "ja": "サーバが起動していません。先に Start を押してください。",
    },
    "panel_remote_refused": {
        "en": "Nobody answers on {host}:{port}. Ask your teacher whether the class server is "
              "running, and check the address and port you typed.",
        "ja": "{host}:{port} から応答がありません。先生のクラスサーバが起動しているか確認し、"
              "入力したアドレスとポートを見直してください。",
    },
    "panel_error": {"en": "error: {text}", "ja": "エラー: {text}"},
    "panel_log": {"en": "server log (newest first)", "ja": "サーバログ (新しい順)"},
    "panel_kept": {
        "en": "Nothing was changed: the server on {host}:{port} keeps running.",
        "ja": "何も変えていません: {host}:{port} のサーバは動き続けています。",
    },
    "panel_client_log": {"en": "client", "ja": "クライアント"},
}
