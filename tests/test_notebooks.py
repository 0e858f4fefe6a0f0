"""The committed notebooks match their sources in tools/nbsrc and carry clean outputs.

nbval re-runs the notebooks and compares outputs; these checks catch what nbval
cannot: a notebook edited by hand (or not rebuilt after its source changed), ja and
en drifting apart (cells, ids, or code beyond strings and comments), widget state in
the metadata, unexpected errors, cells never run.  The last tests pin down how the
builder resolves a source's ``# ja:`` / ``# en:`` comments and ``L(ja, en)`` strings.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

import labkit
from tools.build_notebooks import (
    CELL_ID,
    LANGS,
    OUT,
    WIDGET_VIEW,
    Cell,
    make_notebook,
    read_source,
    renumber_guide,
    resolve,
    reuse_outputs,
    spec_paths,
)

SPECS = spec_paths()


def _committed(spec: Path, lang: str) -> nbformat.NotebookNode:
    path = OUT / lang / f"{spec.stem}.ipynb"
    assert path.exists(), f"{path} is missing: run tools/build_notebooks.py {spec.stem[:2]}"
    return nbformat.read(path, as_version=4)


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def test_there_are_notebooks():
    assert len(SPECS) >= 4


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_notebook_matches_its_spec(spec, lang):
    expected = make_notebook(read_source(spec), lang)
    nb = _committed(spec, lang)
    got = [(c.id, c.cell_type, c.source, _tags(c)) for c in nb.cells]
    want = [(c.id, c.cell_type, c.source, _tags(c)) for c in expected.cells]
    assert len(got) == len(want), f"rebuild: .venv/bin/python tools/build_notebooks.py {spec.stem}"
    for index, (g, w) in enumerate(zip(got, want, strict=True)):
        assert g == w, f"cell {index} differs from tools/nbsrc/{spec.name}: rebuild the notebook"


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_ja_and_en_have_the_same_cells(spec):
    ja, en = (_committed(spec, lang) for lang in LANGS)
    assert len(ja.cells) == len(en.cells)
    assert [c.cell_type for c in ja.cells] == [c.cell_type for c in en.cells]
    assert [_tags(c) for c in ja.cells] == [_tags(c) for c in en.cells]
    assert [c.id for c in ja.cells] == [c.id for c in en.cells]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_cell_ids_are_unique_names(spec):
    ids = [c.id for c in _committed(spec, "en").cells]
    assert len(set(ids)) == len(ids), f"{spec.stem}: an id is used twice"
    for ident in ids:
        assert CELL_ID.fullmatch(ident), f"{spec.stem}: {ident!r} is not a kebab-case name"
        assert not ident.startswith("c") or not ident[1:].isdigit(), f"{ident!r}: a position"


def _shape(source: str) -> str:
    """The syntax tree with every string replaced by one placeholder (comments are gone)."""

    class Strings(ast.NodeTransformer):
        def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.Constant:
            return ast.Constant("S")

        def visit_Constant(self, node: ast.Constant) -> ast.Constant:
            return ast.Constant("S") if isinstance(node.value, str) else node

    return ast.dump(Strings().visit(ast.parse(source)))


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_ja_and_en_code_differs_only_in_strings_and_comments(spec):
    ja, en = (_committed(spec, lang) for lang in LANGS)
    for a, b in zip(ja.cells, en.cells, strict=True):
        if a.cell_type != "code":
            continue
        try:
            shapes = _shape(a.source), _shape(b.source)
        except SyntaxError:  # the cells that show a SyntaxError on purpose
            if "raises-exception" in _tags(a):
                continue
            # ... or pasted code that labkit.fix_pasted_code() repairs before it runs (00_setup)
            shapes = (_shape(labkit.check_source(a.source).fixed),
                      _shape(labkit.check_source(b.source).fixed))
        assert shapes[0] == shapes[1], (
            f"{spec.stem}#{a.id}: the ja and en code differ beyond strings and comments")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_first_code_cell_sets_the_language(spec, lang):
    first = next(c for c in _committed(spec, lang).cells if c.cell_type == "code")
    assert "import labkit" in first.source
    assert f'labkit.set_language("{lang}")' in first.source


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_outputs_are_clean_and_complete(spec, lang):
    nb = _committed(spec, lang)
    assert "widgets" not in nb.metadata, "widget state must not be committed"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"{spec.stem} ({lang}) cell {index}"
        assert cell.execution_count is not None, f"{where} was never run: rebuild the notebook"
        for out in cell.outputs:
            assert WIDGET_VIEW not in out.get("data", {}), f"{where} stores a widget view"
            if out.output_type == "error":
                assert "raises-exception" in _tags(cell), f"{where} has an unexpected error"


@pytest.mark.parametrize("lang", LANGS)
def test_setup_notebook_shows_the_widget_and_the_article_error(lang):
    nb = _committed(next(p for p in SPECS if p.stem == "00_setup"), lang)
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    assert any('add_class("labkit-setup-widget")' in s for s in sources)
    failing = [c for c in nb.cells if "raises-exception" in _tags(c)]
    assert len(failing) == 1
    assert "\u00a0" * 4 + "client, addr = server.accept()" in failing[0].source
    errors = [o for o in failing[0].outputs if o.output_type == "error"]
    assert errors and errors[0].ename == "SyntaxError"
    assert "U+00A0" in errors[0].evalue


# ------------------------------------------------------------------ the source format
SOURCE = """
def greet(name):  # ja: 挨拶する # en: greet
    # ja: 日本語のコメント
    # en: an English comment
    #   en: not a marker (no "# en:" at the start)
    text = "# ja: inside a string stays"
    print(L("こんにちは", "hello"), name, L(f"{name}さん", f"Mr {name}"), text)
""".strip()


@pytest.mark.parametrize("lang, want", [
    ("ja", """
def greet(name):  # 挨拶する
    # 日本語のコメント
    #   en: not a marker (no "# en:" at the start)
    text = "# ja: inside a string stays"
    print("こんにちは", name, f"{name}さん", text)
"""),
    ("en", """
def greet(name):  # greet
    # an English comment
    #   en: not a marker (no "# en:" at the start)
    text = "# ja: inside a string stays"
    print("hello", name, f"Mr {name}", text)
"""),
])
def test_resolve_picks_comments_and_strings_of_the_language(lang, want):
    assert resolve(Cell("greet", "code", SOURCE), lang) == want.strip()


def test_resolve_refuses_an_L_call_that_is_not_two_literals():
    with pytest.raises(ValueError, match="two string literals"):
        resolve(Cell("bad", "code", 'print(L("only ja"))'), "en")


@pytest.mark.parametrize("text, error", [
    ('# %% id="Bad_Name"\nx = 1\n', "kebab-case"),
    ('# %% id="a"\nx = 1\n\n# %% id="a"\ny = 2\n', "used twice"),
    ('# %% id="a" lang="ja"\nx = 1\n\n# %% id="b"\ny = 2\n', "lang=\"en\""),
])
def test_read_source_refuses_unnamed_repeated_or_unpaired_cells(tmp_path, text, error):
    path = tmp_path / "99_x.py"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        read_source(path)


def test_reuse_outputs_keeps_stored_outputs_only_while_the_sources_are_unchanged(tmp_path):
    cells = [Cell("intro", "markdown", "# Title"), Cell("hello", "code", 'print("hi")')]
    stored = make_notebook(cells, "en")
    stored.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="hi\n")]
    stored.cells[1].execution_count = 1
    target = tmp_path / "x.ipynb"
    nbformat.write(stored, target)

    rebuilt = make_notebook(cells, "en")
    reuse_outputs(rebuilt, target)
    assert rebuilt.cells[1].outputs == stored.cells[1].outputs
    assert rebuilt.cells[1].execution_count == 1

    changed = make_notebook([cells[0], Cell("hello", "code", 'print("bye")')], "en")
    with pytest.raises(SystemExit, match="cell hello changed"):
        reuse_outputs(changed, target)


def test_renumber_guide_refuses_an_unknown_cell():
    server = next(p for p in SPECS if p.stem == "01_server_001")
    position = [c.id for c in _committed(server, "en").cells].index("server-loop") + 1
    assert renumber_guide("cell 99 `01_server_001#server-loop`") == (
        f"cell {position} `01_server_001#server-loop`")
    with pytest.raises(ValueError, match="no cell has that id"):
        renumber_guide("cell 3 `01_server_001#no-such-cell`")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", ["00_setup", "01_server_001", "02_client_002",
                                  "03_one_kernel_lab"])
def test_stored_outputs_show_the_articles_port(stem, lang):
    """tests/sanitize.cfg masks the server's port (a run on a shared machine may move it),
    so this checks what nbval no longer does: built on a machine of one's own, the
    walkthrough shows the article's 49152 and never the moved-port sentence (issue 8)."""
    nb = nbformat.read(OUT / lang / f"{stem}.ipynb", as_version=4)
    text = "".join(str(out.get("text", "")) + str(out.get("data", {}).get("text/plain", ""))
                   for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs)
    assert "49152" in text
    for moved in ("is used by another user or program", "別のユーザーかプログラムが使っている"):
        assert moved not in text
    for cell in nb.cells:
        if cell.cell_type == "code" and "D_PORT_NO =" in cell.source:
            assert "D_PORT_NO = labkit.student_port()" in cell.source
