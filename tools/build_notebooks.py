"""Build notebooks/ja and notebooks/en from tools/nbsrc, run them, store the outputs.

    .venv/bin/python tools/build_notebooks.py            # every notebook
    .venv/bin/python tools/build_notebooks.py 01 03      # those whose name starts so
    .venv/bin/python tools/build_notebooks.py --no-run   # sources only (quick check)

Each notebook runs in a fresh kernel from its own folder, as a learner would run
it, and is saved with its outputs (nbval compares them) but without widget
state: widget views are reduced to their short text form, and no ``widgets``
metadata is written.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "tools" / "nbsrc"
OUT = ROOT / "notebooks"
sys.path.insert(0, str(ROOT))

from tools.nbspec import LANGS, Cell  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def load_spec(path: Path) -> list[Cell]:
    spec = importlib.util.spec_from_file_location(f"nbsrc_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.CELLS)


def spec_paths(prefixes: list[str] | None = None) -> list[Path]:
    paths = sorted(p for p in SRC.glob("[0-9]*.py"))
    if prefixes:
        paths = [p for p in paths if any(p.stem.startswith(x) for x in prefixes)]
    return paths


def make_notebook(cells: list[Cell], lang: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(cell.source(lang))
        else:
            new = nbformat.v4.new_code_cell(cell.source(lang))
            if cell.tags:
                new.metadata["tags"] = list(cell.tags)
        new.id = f"c{index:02d}"  # stable ids: rebuilding changes no line it need not
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


def build(path: Path, run: bool = True) -> None:
    cells = load_spec(path)
    for lang in LANGS:
        nb = make_notebook(cells, lang)
        target = OUT / lang / f"{path.stem}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        if run:
            allow = any("raises-exception" in c.tags for c in cells)
            client = NotebookClient(nb, timeout=120, kernel_name="python3",
                                    allow_errors=allow, record_timing=False,
                                    resources={"metadata": {"path": str(target.parent)}})
            client.execute()
            for cell in nb.cells:
                errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
                if errors and "raises-exception" not in cell.metadata.get("tags", []):
                    raise SystemExit(f"{target}: unexpected error in a cell:\n{cell.source}")
        clean(nb)
        nbformat.write(nb, target)
        print(f"wrote {target.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefixes", nargs="*", help="build only notebooks starting so")
    parser.add_argument("--no-run", action="store_true", help="write sources, keep no outputs")
    args = parser.parse_args()
    for path in spec_paths(args.prefixes):
        build(path, run=not args.no_run)


if __name__ == "__main__":
    main()
