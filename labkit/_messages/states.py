"""Messages for socket_states (notebook 08)."""

MESSAGES: dict[str, dict[str, str]] = {
    "states_role": {"en": "role", "ja": "役割"},
    "states_state": {"en": "state", "ja": "状態"},
    "states_owner": {"en": "owner", "ja": "持ち主"},
    "states_local": {"en": "local", "ja": "自分側"},
    "states_remote": {"en": "remote", "ja": "相手側"},
    "states_server": {"en": "server", "ja": "サーバ"},
    "states_client": {"en": "client", "ja": "クライアント"},
    "states_us": {"en": "this kernel", "ja": "このカーネル"},
    "states_os": {"en": "OS only", "ja": "OS だけ"},
    "states_queue": {"en": "accept queue", "ja": "accept 待ち"},
    "states_other": {"en": "pid {pid}", "ja": "pid {pid}"},
    "states_none": {
        "en": "(no TCP socket{where})",
        "ja": "(TCP ソケットはありません{where})",
    },
    "states_on_port": {"en": " on port {port}", "ja": ": ポート {port}"},
    "states_partial": {
        "en": "(sockets without a process are not shown: this OS lets only an administrator "
              "list them)",
        "ja": "(プロセスのないソケットは表示できません: この OS では管理者だけが一覧できます)",
    },
    "states_no_quiet_port": {
        "en": "{tries} free ports in a row still had sockets of earlier connections "
              "(TIME_WAIT). Cure: wait a minute (TIME_WAIT ends after about 60 s) and run "
              "the cell again.",
        "ja": "空きポートを {tries} 個続けて調べましたが、どれにも前の接続のソケット (TIME_WAIT) が"
              "残っていました。対処: 1 分ほど待って (TIME_WAIT は約 60 秒で消えます)、セルを再実行します。",
    },
}
