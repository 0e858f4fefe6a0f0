"""Messages for recv_all, lines and length prefixes (notebook 04)."""

MESSAGES: dict[str, dict[str, str]] = {
    "incomplete": {
        "en": "The other side closed the connection in the middle of a message: "
              "{got} of {expected} bytes arrived. Cure: the sender must send the whole "
              "message (sendall) before it closes.",
        "ja": "相手がメッセージの途中で接続を閉じました: {expected} バイト中 {got} バイトしか"
              "届いていません。対処: 送信側は閉じる前にメッセージ全体を送ります (sendall)。",
    },
    "incomplete_line": {
        "en": "The other side closed the connection in the middle of a line: {got} bytes "
              "arrived without the final newline. Cure: end every message with '\\n' "
              "(send_line does it).",
        "ja": "相手が行の途中で接続を閉じました: 最後の改行のない {got} バイトが届いています。"
              "対処: メッセージの最後に必ず '\\n' を付けます (send_line が付けます)。",
    },
    "msg_too_long": {
        "en": "The message is {size} bytes, longer than max_bytes={limit}; stopped reading. "
              "Cure: pass a larger max_bytes if you expect such messages.",
        "ja": "メッセージが {size} バイトあり、max_bytes={limit} を超えるので受信をやめました。"
              "対処: そのような長さを想定するなら max_bytes を大きくします。",
    },
    "line_too_long": {
        "en": "No newline in the first {limit} bytes: the line is longer than max_bytes={limit}. "
              "Cure: check that the sender ends each message with '\\n', or raise max_bytes.",
        "ja": "最初の {limit} バイトに改行がありません (max_bytes={limit} を超える行)。"
              "対処: 送信側が各メッセージの最後に '\\n' を付けているか確認するか、"
              "max_bytes を大きくします。",
    },
    "newline_in_line": {
        "en": "The text contains a newline at position {pos}, so the receiver would see two "
              "messages. Cure: send each line separately, or use send_msg (length prefix).",
        "ja": "テキストの {pos} 文字目に改行があるので、受信側には 2 つのメッセージに見えます。"
              "対処: 1 行ずつ送るか、send_msg (長さプレフィックス) を使います。",
    },
    "cure_max_message": {
        "en": "1_000_000 bytes is a sensible limit for a lesson.",
        "ja": "授業なら 1_000_000 バイトが妥当な上限です。",
    },
}
