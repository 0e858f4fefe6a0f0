"""`make test` re-runs the kit's own notebooks only, not one a learner made with File > New."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def _notebook(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(1)")])
    nbformat.write(nb, path)


def test_an_untitled_notebook_in_notebooks_en_is_not_collected(tmp_path):
    # A small copy of the repository's layout with the real root conftest.py.
    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "tools" / "nbsrc").mkdir(parents=True)
    (tmp_path / "tools" / "nbsrc" / "00_setup.py").write_text("", encoding="utf-8")
    for name in ("en/00_setup", "ja/00_setup", "en/Untitled", "en/Untitled1", "ja/99_mine"):
        _notebook(tmp_path / "notebooks" / f"{name}.ipynb")

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "--nbval", "-p", "no:randomly",
         "-p", "no:cacheprovider", "notebooks"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    collected = {line.split("::")[0] for line in result.stdout.splitlines() if "::" in line}
    assert collected == {"notebooks/en/00_setup.ipynb", "notebooks/ja/00_setup.ipynb"}


def test_every_lesson_source_names_a_built_notebook():
    """An empty or misspelt lesson list would make nbval run nothing, silently."""
    spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
    root_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(root_conftest)
    for lang in ("en", "ja"):
        built = {p.stem for p in (ROOT / "notebooks" / lang).glob("*.ipynb")}
        assert len(root_conftest.LESSONS) >= 11
        assert root_conftest.LESSONS <= built, root_conftest.LESSONS - built
