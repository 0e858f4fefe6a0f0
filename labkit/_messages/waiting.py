"""Messages for wait_until and wait_for_bytes (notebooks 04, 07, 08)."""

MESSAGES: dict[str, dict[str, str]] = {
    "wait_timeout": {
        "en": "The condition did not come true within {timeout} s. Cure: check that the "
              "thing you wait for can happen (is the server running?), or allow a longer timeout.",
        "ja": "{timeout} 秒待っても条件が成り立ちませんでした。対処: 待っていることが起こりうるか "
              "(サーバは動いているか) を確かめるか、timeout を長くします。",
    },
    "wait_bytes_timeout": {
        "en": "Waited {timeout} s for {count} bytes, but only {got} arrived. Cure: check that "
              "the other side sends that many bytes, or allow a longer timeout.",
        "ja": "{count} バイトを {timeout} 秒待ちましたが、{got} バイトしか届きませんでした。"
              "対処: 相手がそれだけのバイトを送るか確かめるか、timeout を長くします。",
    },
    "wait_bytes_closed": {
        "en": "The other side closed the connection before {count} bytes arrived. "
              "Cure: check what the other side sends before it closes.",
        "ja": "{count} バイト届く前に、相手が接続を閉じました。"
              "対処: 相手が閉じる前に何を送っているか確かめます。",
    },
    "cure_wait_timeout": {
        "en": "give the longest time to wait in seconds, e.g. timeout=5.",
        "ja": "待つ時間の上限を timeout=5 のように秒で指定します。",
    },
    "cure_wait_count": {
        "en": "give how many bytes to wait for, e.g. count=18.",
        "ja": "待つバイト数を count=18 のように指定します。",
    },
}
