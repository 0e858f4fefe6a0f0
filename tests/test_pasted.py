"""fix_pasted_code: an IPython input transformer repairs pasted code before a cell runs."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

import labkit
from labkit._pasted import repair_pasted_lines

NBSP = "\u00a0"
# The article's loop, as pasted from the web page: U+00A0, space, U+00A0, space.
PASTED = (
    "hits = []\n"
    "for n in range(2):\n"
    "# a comment at column 0, as in the article\n"
    f"{NBSP} {NBSP} hits.append(n)\n"
    f"{NBSP} {NBSP}\n"
    f"{NBSP} {NBSP} done = True\n"
)


@pytest.fixture
def shell():
    ip = InteractiveShell.instance()
    yield ip
    labkit.fix_pasted_code(False)


def test_without_the_cure_the_pasted_cell_is_a_syntax_error(shell):
    result = shell.run_cell(PASTED)
    assert isinstance(result.error_before_exec, SyntaxError)
    assert "U+00A0" in str(result.error_before_exec)


def test_the_cure_repairs_the_cell_and_says_so_once(shell, capsys):
    labkit.fix_pasted_code()
    assert "labkit.fix_pasted_code(False)" in capsys.readouterr().out
    result = shell.run_cell(PASTED)
    assert result.success, result.error_before_exec or result.error_in_exec
    assert shell.user_ns["hits"] == [0, 1]
    out = capsys.readouterr().out.splitlines()
    assert out == ["labkit fixed this cell before running it: 6 invisible character(s) "
                   "replaced: NO-BREAK SPACE (U+00A0) x6."]


def test_a_cell_that_compiles_is_left_alone(shell, capsys):
    """A full-width space inside a Japanese string is text, not a pasting accident."""
    labkit.fix_pasted_code()
    capsys.readouterr()
    assert shell.run_cell('greeting = "こんにちは\u3000世界"').success
    assert shell.user_ns["greeting"] == "こんにちは\u3000世界"
    assert capsys.readouterr().out == ""


def test_other_invisible_characters_and_japanese(shell, capsys):
    labkit.set_language("ja")
    labkit.fix_pasted_code()
    capsys.readouterr()
    result = shell.run_cell("if True:\n\u3000\u3000x = 1\u200b\n")
    assert result.success and shell.user_ns["x"] == 1
    out = capsys.readouterr().out
    assert out.startswith("labkit が実行前にこのセルを直しました: 見えない文字 3 個")
    assert "IDEOGRAPHIC SPACE (U+3000) x2" in out and "ZERO WIDTH SPACE (U+200B) x1" in out


def test_switching_off_and_twice_on(shell, capsys):
    labkit.fix_pasted_code()
    labkit.fix_pasted_code()  # safe twice: registered once
    assert shell.input_transformers_cleanup.count(repair_pasted_lines) == 1
    labkit.fix_pasted_code(False)
    assert repair_pasted_lines not in shell.input_transformers_cleanup
    assert "no longer repairs" in capsys.readouterr().out
    assert isinstance(shell.run_cell(PASTED).error_before_exec, SyntaxError)


def test_is_complete_does_not_print(shell, capsys):
    """Frontends ask whether an input is complete while it is typed: no message then."""
    labkit.fix_pasted_code()
    capsys.readouterr()
    shell.input_transformer_manager.check_complete(PASTED)
    assert capsys.readouterr().out == ""


def test_outside_ipython_it_says_where_it_works(monkeypatch):
    import IPython
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    with pytest.raises(RuntimeError, match="Jupyter or IPython only"):
        labkit.fix_pasted_code()
    with pytest.raises(TypeError):
        labkit.fix_pasted_code("yes")


def test_a_cell_transformed_twice_is_told_once(shell, capsys):
    """ipykernel transforms each cell twice before it runs; the learner reads one line."""
    labkit.fix_pasted_code()
    capsys.readouterr()
    lines = PASTED.splitlines(keepends=True)
    assert repair_pasted_lines(lines) == repair_pasted_lines(lines)
    assert len(capsys.readouterr().out.splitlines()) == 1
    shell.execution_count += 1  # the learner runs the cell again: told again
    repair_pasted_lines(lines)
    assert len(capsys.readouterr().out.splitlines()) == 1


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_setup_notebook_shows_the_cure_on_the_articles_loop(lang):
    """00_setup runs the article's loop, pasted with its U+00A0s, after fix_pasted_code()
    (nbval re-runs it and compares this output)."""
    import nbformat

    from tools.build_notebooks import ROOT

    nb = nbformat.read(ROOT / "notebooks" / lang / "00_setup.ipynb", as_version=4)
    cells = {c.get("id"): c for c in nb.cells}
    ids = [c.get("id") for c in nb.cells]
    assert ids.index("fix-pasted-code") < ids.index("pasted-article-loop")
    pasted = cells["pasted-article-loop"]
    assert pasted.source.count(NBSP) > 20 and "client, addr = server.accept()" in pasted.source
    printed = "".join(o.get("text", "") for o in pasted.outputs)
    first = printed.splitlines()[0]
    assert "U+00A0" in first and ("labkit fixed this cell" in first or "labkit が実行前に" in first)
    assert "Server accessed.(1)" in printed
    reply = "".join(o.get("text", "") for o in cells["visitor-got-reply"].outputs)
    assert reply == "b'Server accessed.(1)'\n"
