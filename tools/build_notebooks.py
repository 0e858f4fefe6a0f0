"""Build notebooks/ja and notebooks/en from tools/nbsrc, run them, store the outputs.

    .venv/bin/python tools/build_notebooks.py            # every notebook
    .venv/bin/python tools/build_notebooks.py 01 03      # those whose name starts so
    .venv/bin/python tools/build_notebooks.py --no-run   # sources only (quick check)
    .venv/bin/python tools/build_notebooks.py --reuse-outputs  # sources, stored outputs kept
    .venv/bin/python tools/build_notebooks.py --guide    # only renumber the teacher's guide

The source format
-----------------
Each lesson is one file ``tools/nbsrc/NN_name.py`` in jupytext's percent format:
real Python that ruff lints, with each cell headed by a ``# %%`` line::

    # %% [markdown] id="create-socket" lang="ja"
    # ## ソケットの作成
    # %% [markdown] id="create-socket" lang="en"
    # ## Create the socket
    # %% id="server-loop" tags=["nbval-ignore-output"]
    # ja: サーバを起動する
    # en: start the server
    lab = labkit.LabServer(sock=server).start()   # ja: 起動 # en: start
    print(L("サーバを起動しました", "server started"))

- ``id``: the cell's name, the same in both languages and the cell id of the built
  notebooks (kebab-case, unique in the notebook).  The teacher's guide cites cells
  as ``NN_name#id``, so inserting a cell renames nothing.
- Markdown cells: one cell for both languages, or a ``lang="ja"`` / ``lang="en"`` pair
  with the same id.
- Code cells are written once.  The builder resolves, for each language:
  a comment line ``# ja: ...`` or ``# en: ...`` (kept as ``# ...`` in its language,
  dropped in the other); a trailing comment ``# ja: ... # en: ...`` (same); and a call
  ``L("ja text", "en text")`` (replaced by the literal of the language, found with
  ``ast``, so the code around it stays byte for byte the same).  ruff knows ``L`` as a
  builtin (``tools/nbsrc/ruff.toml``).
- A ``lang="ja"`` / ``lang="en"`` pair of code cells with the same id is an override, only
  where the Japanese code must keep the article's text word for word and the two cannot
  be written once.  ``active="ipynb"`` (jupytext: commented out in the .py file) holds a
  cell that is not valid Python on purpose (the article's pasted U+00A0 spaces).
- ``tags``: nbval tags such as ``raises-exception``, ``nbval-ignore-output``.

The teacher's guide
-------------------
``docs/teacher-guide.{ja,en}.md`` cite a cell as ``cell 13 `01_server_001#server-loop```:
the number (the cell's position, counting markdown cells, as a teacher counts) is
generated from the id.  Every build rewrites those numbers, so inserting a cell only
moves numbers; ``tests/test_teacher_guide.py`` fails if a guide is not up to date.

Running
-------
Each notebook runs in a fresh kernel from its own folder, as a learner would run
it, and is saved with its outputs (nbval compares them) but without widget
state: widget views are reduced to their short text form, and no ``widgets``
metadata is written.  ``--reuse-outputs`` runs nothing: it copies the stored outputs
of each cell whose source and tags are unchanged (and fails if a cell changed).
"""

from __future__ import annotations

import argparse
import ast
import io
import os
import re
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "tools" / "nbsrc"
OUT = ROOT / "notebooks"
GUIDES = [ROOT / "docs" / f"teacher-guide.{lang}.md" for lang in ("ja", "en")]
GUIDE_CITE = re.compile(r"(?P<number>\d+) `(?P<nb>\d\d_\w+)#(?P<id>[a-z0-9-]+)`")
LANGS = ("ja", "en")
CELL_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


@dataclass(frozen=True)
class Cell:
    """One cell of a source file, before the language is chosen."""

    id: str
    cell_type: str  # "markdown" or "code"
    source: str
    lang: str | None = None  # None: both languages
    tags: tuple[str, ...] = ()


def read_source(path: Path) -> list[Cell]:
    """The cells of a percent-format source, checked: named ids, ja/en pairs."""
    cells = []
    for node in jupytext.read(path, fmt="py:percent").cells:
        meta = node.metadata
        ident, lang = meta.get("id", ""), meta.get("lang")
        where = f"{path.name}: cell {ident or len(cells) + 1}"
        if not CELL_ID.fullmatch(ident) or len(ident) > 64:
            raise ValueError(f"{where}: id must be kebab-case, e.g. id=\"server-loop\"")
        if lang not in (None, *LANGS):
            raise ValueError(f"{where}: lang must be one of {LANGS}")
        cells.append(Cell(ident, node.cell_type, node.source, lang, tuple(meta.get("tags", ()))))
    seen: set[str] = set()
    for i, cell in enumerate(cells):
        if cell.lang == "en":
            continue
        if cell.lang == "ja":
            pair = cells[i + 1] if i + 1 < len(cells) else None
            if (pair is None or pair.lang != "en" or pair.id != cell.id
                    or (pair.cell_type, pair.tags) != (cell.cell_type, cell.tags)):
                raise ValueError(f"{path.name}: cell {cell.id}: a lang=\"ja\" cell must be "
                                 "followed by its lang=\"en\" cell with the same id and tags")
        elif i and cells[i - 1].lang == "ja":
            raise ValueError(f"{path.name}: cell {cells[i - 1].id} has no lang=\"en\" pair")
        if cell.id in seen:
            raise ValueError(f"{path.name}: the id {cell.id} is used twice")
        seen.add(cell.id)
    return cells


def _pick_comments(source: str, lang: str) -> str:
    """Keep the ``# ja:`` / ``# en:`` comments of ``lang`` (as plain comments), drop the others."""
    lines = source.split("\n")
    dropped = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        text = token.string
        if token.type != tokenize.COMMENT or not text.startswith(("# ja:", "# en:")):
            continue
        row, col = token.start
        line = lines[row - 1]
        if line[:col].strip():  # after code: "# ja: ... # en: ..."
            ja, sep, en = text.partition(" # en:")
            if not text.startswith("# ja:") or not sep:
                raise ValueError(f"line {row}: a trailing comment needs '# ja: ... # en: ...'")
            lines[row - 1] = line[:col] + "#" + (ja[len("# ja:"):] if lang == "ja" else en)
        elif text.startswith(f"# {lang}:"):
            lines[row - 1] = line[:col] + "#" + text[len("# ja:"):]
        else:
            dropped.add(row - 1)
    return "\n".join(line for i, line in enumerate(lines) if i not in dropped)


def _pick_strings(source: str, lang: str) -> str:
    """Replace each ``L(ja, en)`` call by the literal of ``lang``, exactly as written."""
    data = source.encode("utf-8")  # ast offsets count UTF-8 bytes
    starts = [0] + [i + 1 for i, byte in enumerate(data) if byte == ord("\n")]

    def span(node: ast.expr) -> tuple[int, int]:
        assert node.end_lineno is not None and node.end_col_offset is not None
        return (starts[node.lineno - 1] + node.col_offset,
                starts[node.end_lineno - 1] + node.end_col_offset)

    calls = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Name) and node.func.id == "L"]
    for call in sorted(calls, key=span, reverse=True):
        texts = call.args
        if len(texts) != 2 or call.keywords or not all(
                isinstance(t, ast.JoinedStr) or (isinstance(t, ast.Constant)
                                                 and isinstance(t.value, str)) for t in texts):
            raise ValueError(f"line {call.lineno}: L() takes two string literals, ja and en")
        start, end = span(call)
        chosen = span(texts[LANGS.index(lang)])
        data = data[:start] + data[chosen[0]:chosen[1]] + data[end:]
    return data.decode("utf-8")


def resolve(cell: Cell, lang: str) -> str:
    """The cell's source in ``lang``."""
    if cell.cell_type == "markdown" or cell.lang is not None:
        return cell.source
    return _pick_strings(_pick_comments(cell.source, lang), lang)


def cells_for(cells: list[Cell], lang: str) -> list[Cell]:
    """The cells of one language, in order."""
    return [c for c in cells if c.lang in (None, lang)]


def spec_paths(prefixes: list[str] | None = None) -> list[Path]:
    paths = sorted(p for p in SRC.glob("[0-9]*.py"))
    if prefixes:
        paths = [p for p in paths if any(p.stem.startswith(x) for x in prefixes)]
    return paths


def make_notebook(cells: list[Cell], lang: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for cell in cells_for(cells, lang):
        if cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(resolve(cell, lang))
        else:
            new = nbformat.v4.new_code_cell(resolve(cell, lang))
            if cell.tags:
                new.metadata["tags"] = list(cell.tags)
        new.id = cell.id
        nb.cells.append(new)
    return nb


def clean(nb: nbformat.NotebookNode) -> None:
    """Drop widget state and volatile metadata so diffs show only real changes."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            data = out.get("data")
            if data and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]


def reuse_outputs(nb: nbformat.NotebookNode, target: Path) -> None:
    """Copy the stored outputs of the committed notebook, cell by cell, where unchanged."""
    stored_nb = nbformat.read(target, as_version=4)
    nb.metadata["language_info"] = stored_nb.metadata.get("language_info", {"name": "python"})
    old = stored_nb.cells
    if len(old) != len(nb.cells):
        raise SystemExit(f"{target}: the number of cells changed: run the notebook")
    for new, stored in zip(nb.cells, old, strict=True):
        same = (new.cell_type, new.source, new.metadata.get("tags")) == (
            stored.cell_type, stored.source, stored.metadata.get("tags"))
        if not same:
            raise SystemExit(f"{target}: cell {new.id} changed: run the notebook")
        if new.cell_type == "code":
            new.outputs, new.execution_count = stored.outputs, stored.execution_count


def build(path: Path, run: bool = True, reuse: bool = False) -> None:
    cells = read_source(path)
    for lang in LANGS:
        nb = make_notebook(cells, lang)
        target = OUT / lang / f"{path.stem}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        if reuse:
            reuse_outputs(nb, target)
        elif run:
            allow = any("raises-exception" in c.tags for c in cells)
            client = NotebookClient(nb, timeout=120, kernel_name="python3",
                                    allow_errors=allow, record_timing=False,
                                    resources={"metadata": {"path": str(target.parent)}})
            client.execute()
            for cell in nb.cells:
                errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
                if errors and "raises-exception" not in cell.metadata.get("tags", []):
                    raise SystemExit(f"{target}: unexpected error in cell {cell.id}:\n"
                                     f"{cell.source}")
        clean(nb)
        nbformat.write(nb, target)
        print(f"wrote {target.relative_to(ROOT)}")


def renumber_guide(text: str) -> str:
    """Set the number of each ``N `NN_name#id``` citation to the cell's position (from 1)."""
    positions: dict[str, dict[str, int]] = {}

    def number(match: re.Match[str]) -> str:
        nb = match["nb"]
        if nb not in positions:
            path = SRC / f"{nb}.py"
            if not path.exists():
                raise ValueError(f"the teacher's guide cites {nb}, which has no source {path}")
            cells = cells_for(read_source(path), "en")  # ja has the same cells in the same order
            positions[nb] = {cell.id: index for index, cell in enumerate(cells, start=1)}
        if match["id"] not in positions[nb]:
            raise ValueError(f"the teacher's guide cites {nb}#{match['id']}: no cell has that id")
        return f"{positions[nb][match['id']]} `{nb}#{match['id']}`"

    return GUIDE_CITE.sub(number, text)


def renumber_guides() -> None:
    for guide in GUIDES:
        text = guide.read_text(encoding="utf-8")
        new = renumber_guide(text)
        if new != text:
            guide.write_text(new, encoding="utf-8")
            print(f"renumbered the cells cited in {guide.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefixes", nargs="*", help="build only notebooks starting so")
    parser.add_argument("--no-run", action="store_true", help="write sources, keep no outputs")
    parser.add_argument("--reuse-outputs", action="store_true",
                        help="write sources, keep the stored outputs of unchanged cells")
    parser.add_argument("--guide", action="store_true",
                        help="only renumber the cells the teacher's guide cites")
    args = parser.parse_args()
    if not args.guide:
        # The kernels are a fresh student (their own Jupyter runtime directory): the stored
        # outputs never depend on the builder's own record of labkit.student_port().
        os.environ["JUPYTER_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="tcp-socket-lab-build-")
        for path in spec_paths(args.prefixes):
            build(path, run=not args.no_run, reuse=args.reuse_outputs)
    renumber_guides()


if __name__ == "__main__":
    main()
