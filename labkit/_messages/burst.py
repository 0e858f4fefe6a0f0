"""Messages for burst and burst_comparison (notebook 05)."""

MESSAGES: dict[str, dict[str, str]] = {
    "burst_summary": {
        "en": "{n} clients: {served} served, {hung} hung (connected, no reply within "
              "{timeout:g} s), {failed} failed.",
        "ja": "クライアント {n} 個: 応答あり {served}、ハング {hung} (接続できたが {timeout:g} 秒"
              "以内に応答なし)、失敗 {failed}。",
    },
    "burst_latency": {
        "en": "Latency of the served clients: p50 {p50:.0f} ms, p99 {p99:.0f} ms, "
              "max {max:.0f} ms.",
        "ja": "応答ありのクライアントの待ち時間: p50 {p50:.0f} ms、p99 {p99:.0f} ms、"
              "最大 {max:.0f} ms。",
    },
    "burst_no_latency": {
        "en": "No client was served, so there is no latency to show.",
        "ja": "応答を受け取ったクライアントがないので、待ち時間はありません。",
    },
    "burst_counts_ok": {
        "en": "Access numbers seen: exactly 1..{served}, each once.",
        "ja": "受け取ったアクセス番号: 1..{served} がちょうど 1 回ずつ。",
    },
    "burst_counts_bad": {
        "en": "Access numbers seen are NOT exactly 1..{served} (missing or repeated numbers).",
        "ja": "受け取ったアクセス番号が 1..{served} と一致しません (抜けや重複があります)。",
    },
    "burst_table_head": {
        "en": "latency (ms)      clients",
        "ja": "待ち時間 (ms)     クライアント数",
    },
    "burst_table_hung": {"en": "hung", "ja": "ハング"},
    "burst_compare_head": {
        "en": "server|served|hung|failed|p50 ms|p99 ms",
        "ja": "サーバ|応答あり|ハング|失敗|p50 ms|p99 ms",
    },
    "burst_table_failed": {"en": "failed", "ja": "失敗"},
    "burst_too_many": {
        "en": "n={n} needs {need} open files but this process may open only {limit}. "
              "Cure: use a smaller n, or raise the limit (ulimit -n).",
        "ja": "n={n} には {need} 個のファイルを開く必要がありますが、このプロセスの上限は "
              "{limit} です。対処: n を小さくするか、上限を上げます (ulimit -n)。",
    },
    "cure_burst_n": {
        "en": "200 clients are enough to overflow listen(2).",
        "ja": "listen(2) をあふれさせるには 200 個で十分です。",
    },
}
