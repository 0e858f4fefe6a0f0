"""Messages for ArticleServer, the article's own 001 loop (notebook 05, bench/)."""

MESSAGES: dict[str, dict[str, str]] = {
    "article_bad_prints": {
        "en": "prints={value!r} is not one of 'discard', 'none' or 'stdout'. Cure: leave "
              "prints='discard' in a notebook (a thread's print lands in a random cell).",
        "ja": "prints={value!r} は 'discard'、'none'、'stdout' のどれでもありません。"
              "対処: ノートブックでは prints='discard' のままにします (スレッドの print は"
              "どのセルに出るか分かりません)。",
    },
    "article_not_started": {
        "en": "This ArticleServer has not been started, so it has no address yet. Cure: call "
              "start() first, or use it in a with block: with ArticleServer() as article: ...",
        "ja": "この ArticleServer はまだ起動していないので、アドレスがありません。"
              "対処: 先に start() を呼ぶか、with ブロックで使います: "
              "with ArticleServer() as article: ...",
    },
}
