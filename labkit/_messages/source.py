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
    "pasted_fixed": {
        "en": "labkit fixed this cell before running it: {count} invisible character(s) "
              "replaced: {what}.",
        "ja": "labkit が実行前にこのセルを直しました: 見えない文字 {count} 個を置き換えました: {what}。",
    },
    "pasted_on": {
        "en": "From now on, labkit repairs invisible characters (such as U+00A0) in pasted "
              "code before a cell runs, and says so. labkit.fix_pasted_code(False) stops it.",
        "ja": "これから実行するセルでは、貼り付けたコードの見えない文字 (U+00A0 など) を labkit が"
              "実行前に直し、そのことを表示します。止めるには labkit.fix_pasted_code(False)。",
    },
    "pasted_off": {
        "en": "labkit no longer repairs pasted code: cells run exactly as written.",
        "ja": "labkit は貼り付けたコードを直さなくなりました: セルは書かれたとおりに実行されます。",
    },
    "pasted_no_ipython": {
        "en": "fix_pasted_code works in Jupyter or IPython only: there is no IPython shell "
              "here. Cure: call it in a notebook cell, or use labkit.check_source(text).fixed "
              "in a script.",
        "ja": "fix_pasted_code は Jupyter か IPython の中でだけ使えます (ここには IPython の"
              "シェルがありません)。対処: ノートブックのセルで呼ぶか、スクリプトでは "
              "labkit.check_source(text).fixed を使います。",
    },
}
