"""The committed notebooks match their specs in tools/nbsrc and carry clean outputs.

nbval re-runs the notebooks and compares outputs; these checks catch what nbval
cannot: a notebook edited by hand (or not rebuilt after its spec changed), ja and
en drifting apart, widget state in the metadata, unexpected errors, cells never run.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tools.build_notebooks import OUT, WIDGET_VIEW, load_spec, make_notebook, spec_paths
from tools.nbspec import LANGS

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
    expected = make_notebook(load_spec(spec), lang)
    nb = _committed(spec, lang)
    got = [(c.cell_type, c.source, _tags(c)) for c in nb.cells]
    want = [(c.cell_type, c.source, _tags(c)) for c in expected.cells]
    assert len(got) == len(want), f"rebuild: .venv/bin/python tools/build_notebooks.py {spec.stem}"
    for index, (g, w) in enumerate(zip(got, want, strict=True)):
        assert g == w, f"cell {index} differs from tools/nbsrc/{spec.name}: rebuild the notebook"


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_ja_and_en_have_the_same_cells(spec):
    ja, en = (_committed(spec, lang) for lang in LANGS)
    assert len(ja.cells) == len(en.cells)
    assert [c.cell_type for c in ja.cells] == [c.cell_type for c in en.cells]
    assert [_tags(c) for c in ja.cells] == [_tags(c) for c in en.cells]


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
