"""Messages for the ready-made handlers (notebooks 04, 05, 06)."""

MESSAGES: dict[str, dict[str, str]] = {
    "too_long_reply": {
        "en": "ERROR: message too long (limit {limit} bytes)\n",
        "ja": "ERROR: メッセージが長すぎます (上限 {limit} バイト)\n",
    },
    "too_long_log": {
        "en": "refused a message longer than {limit} bytes",
        "ja": "{limit} バイトを超えるメッセージを拒否しました",
    },
    "cure_max_bytes": {
        "en": "65536 bytes (64 KiB) is plenty for a chat message.",
        "ja": "チャットのメッセージなら 65536 バイト (64 KiB) で十分です。",
    },
    "cure_delay": {
        "en": "give the pause in seconds, e.g. 0.5.",
        "ja": "待ち時間を 0.5 のように秒で指定します。",
    },
    "cure_chunk_size": {
        "en": "a few bytes per piece shows the effect, e.g. chunk_size=8.",
        "ja": "数バイトずつ送ると効果が見えます。例: chunk_size=8",
    },
    "too_many_chunks": {
        "en": "message of {size} bytes in pieces of {chunk} bytes makes {count} pieces: "
              "allowed at most {limit}. Cure: use a larger chunk_size or a shorter message.",
        "ja": "{size} バイトのメッセージを {chunk} バイトずつ送ると {count} 回になります。"
              "上限は {limit} 回です。対処: chunk_size を大きくするか、メッセージを短くします。",
    },
    "empty_message": {
        "en": "{name} is empty: nothing would be sent. Cure: pass some text, e.g. {name}='Hello'.",
        "ja": "{name} が空なので何も送られません。対処: {name}='Hello' のように文字を渡します。",
    },
}
