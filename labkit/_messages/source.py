"""Messages for check_source / check_notebook: invisible characters."""

MESSAGES: dict[str, dict[str, str]] = {
    "src_clean": {
        "en": "No invisible or non-printable characters found.",
        "ja": "見えない文字・印字できない文字は見つかりませんでした。",
    },
    "src_problem": {
        "en": "line {line}, column {col}: {name} (U+{code:04X}) -> {fix}",
        "ja": "{line} 行 {col} 列: {name} (U+{code:04X}) -> {fix}",
    },
    "src_fix_space": {
        "en": "replace with a normal space",
        "ja": "普通の半角スペースに置き換える",
    },
    "src_fix_delete": {
        "en": "delete it",
        "ja": "削除する",
    },
    "src_cell": {
        "en": "cell {cell}:",
        "ja": "セル {cell}:",
    },
}
