"""check_source / check_notebook: the article's U+00A0 SyntaxError."""

from __future__ import annotations

import json

import pytest

import labkit

# The article's failing line, as it arrives when copied from the web page.
ARTICLE = "while True:\n\u00a0\u00a0\u00a0\u00a0client, addr = server.accept()\n"


def test_the_article_line_really_fails_to_compile():
    with pytest.raises(SyntaxError, match="U\\+00A0"):
        compile(ARTICLE, "<cell>", "exec")


def test_finds_every_nbsp_with_line_and_column():
    check = labkit.check_source(ARTICLE)
    assert not check.ok
    assert [(p.line, p.column, p.char) for p in check.problems] == [
        (2, col, "\u00a0") for col in range(1, 5)
    ]
    assert check.problems[0].name == "NO-BREAK SPACE"
    assert "line 2, column 1: NO-BREAK SPACE (U+00A0)" in str(check)


def test_fixed_text_compiles_and_keeps_everything_else():
    check = labkit.check_source(ARTICLE)
    assert check.fixed == "while True:\n    client, addr = server.accept()\n"
    compile(check.fixed, "<cell>", "exec")


@pytest.mark.parametrize(
    ("char", "replacement"),
    [("\u200b", ""), ("\ufeff", ""), ("\u3000", " "), ("\u2003", " "), ("\x07", "")],
)
def test_other_invisible_characters(char, replacement):
    check = labkit.check_source(f"x = 1{char}\n")
    assert check.problems[0].char == char
    assert check.fixed == f"x = 1{replacement}\n"


def test_clean_code_and_japanese_text_are_fine():
    code = 'print("サーバ起動しました。クライアントの接続待ち")\n\tpass\r\n'
    check = labkit.check_source(code)
    assert check.ok and check.fixed == code
    assert str(check) == "No invisible or non-printable characters found."


def test_messages_in_japanese():
    labkit.set_language("ja")
    assert "2 行 1 列: NO-BREAK SPACE (U+00A0) -> 普通の半角スペースに置き換える" in str(
        labkit.check_source(ARTICLE)
    )


def test_not_a_string_is_a_clear_type_error():
    with pytest.raises(TypeError, match="text must be str"):
        labkit.check_source(b"bytes")


def test_check_notebook_reads_an_ipynb(tmp_path):
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "\u00a0prose is fine to skip"},
            {"cell_type": "code", "source": ["import socket\n"]},
            {"cell_type": "code", "source": ARTICLE.splitlines(keepends=True)},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "pasted.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    report = labkit.check_notebook(path)
    assert list(report.cells) == [2]
    assert "cell 2:" in str(report)
    assert labkit.check_notebook(tmp_path / "pasted.ipynb").cells[2].fixed.startswith("while")


def test_check_notebook_without_ipython_history_is_clean():
    assert labkit.check_notebook().ok
