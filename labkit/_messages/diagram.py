"""Messages for sequence_diagram (notebook 08)."""

MESSAGES: dict[str, dict[str, str]] = {
    "dg_server": {"en": "server", "ja": "サーバ"},
    "dg_client": {"en": "client {n}", "ja": "クライアント {n}"},
    "dg_handshake": {"en": "connect: SYN / SYN-ACK / ACK", "ja": "接続: SYN / SYN-ACK / ACK"},
    "dg_fin": {"en": "FIN: no more data", "ja": "FIN: もう送らない"},
    "dg_eof": {"en": "recv() → b'' (closed)", "ja": "recv() → b'' (切断)"},
    "dg_title": {
        "en": "Sequence diagram: the server and {clients} client(s), {steps} steps",
        "ja": "シーケンス図: サーバとクライアント {clients} 個、{steps} ステップ",
    },
    "dg_repr": {
        "en": "<sequence diagram: server + {clients} client(s), {steps} steps, {arrows} arrows>",
        "ja": "<シーケンス図: サーバ + クライアント {clients} 個、{steps} ステップ、"
              "矢印 {arrows} 本>",
    },
    "dg_no_events": {
        "en": "nothing to draw: server_events has no listen or accept event. Cure: pass "
              "server.events (or the LabServer itself) after at least one client connected.",
        "ja": "描くものがありません: server_events に listen も accept もありません。"
              "対処: クライアントが 1 回以上接続した後の server.events (または LabServer そのもの)"
              " を渡します。",
    },
    "dg_bad_events": {
        "en": "{name} must be a list of labkit.Event (server.events or a fetch trace), "
              "not {typename}. Cure: sequence_diagram(server.events, trace).",
        "ja": "{name} には labkit.Event のリスト (server.events か fetch の trace) を渡します。"
              "{typename} は使えません。対処: sequence_diagram(server.events, trace)",
    },
}
