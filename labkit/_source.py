"""check_source: find the invisible characters behind the article's SyntaxError.

Code copied from a web page often carries U+00A0 (NO-BREAK SPACE) in its
indentation.  It looks like a space, and Python stops with
``SyntaxError: invalid non-printable character U+00A0``.  :func:`check_source`
names every such character with its line and column and gives the fixed text;
:func:`check_notebook` does the same for every code cell of a notebook.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ._i18n import t

__all__ = ["Problem", "SourceCheck", "check_notebook", "check_source"]

_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


@dataclass(frozen=True)
class Problem:
    """One suspicious character: 1-based ``line`` and ``column``, and the fix."""

    line: int
    column: int
    char: str
    replacement: str  # " " for look-alike spaces, "" for characters to delete

    @property
    def name(self) -> str:
        return unicodedata.name(self.char, "CONTROL CHARACTER")

    def text(self, lang: str | None = None) -> str:
        fix = t("src_fix_space" if self.replacement else "src_fix_delete", lang)
        return t("src_problem", lang, line=self.line, col=self.column, name=self.name,
                 code=ord(self.char), fix=fix)


@dataclass(frozen=True)
class SourceCheck:
    """What :func:`check_source` found: ``problems``, the ``fixed`` text, ``ok``."""

    source: str
    fixed: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self, lang: str | None = None) -> str:
        if self.ok:
            return t("src_clean", lang)
        return "\n".join(p.text(lang) for p in self.problems)

    def __str__(self) -> str:
        return self.text()

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:  # IPython display
        printer.text(self.text())  # type: ignore[attr-defined]


def _replacement(char: str) -> str | None:
    """None if ``char`` is fine in source code, else what to put in its place."""
    if char == " " or char in _ALLOWED_CONTROLS:
        return None
    category = unicodedata.category(char)
    if category == "Zs":  # NO-BREAK SPACE, IDEOGRAPHIC SPACE, EN SPACE, ...
        return " "
    if category in ("Cc", "Cf", "Zl", "Zp"):  # controls, ZERO WIDTH SPACE, BOM, ...
        return ""
    return None


def check_source(text: str) -> SourceCheck:
    """Find U+00A0 and other invisible or non-printable characters in ``text``.

    >>> check_source("if True:\\n\\u00a0\\u00a0\\u00a0\\u00a0pass").problems[0].column
    1
    """
    if not isinstance(text, str):
        raise TypeError(
            t("bad_type", name="text", expected="str", value=text,
              typename=type(text).__name__, example="check_source(code_text)")
        )
    problems: list[Problem] = []
    fixed_lines: list[str] = []
    for line_no, line in enumerate(text.split("\n"), start=1):
        out = []
        for col, char in enumerate(line, start=1):
            repl = _replacement(char)
            if repl is None:
                out.append(char)
            else:
                problems.append(Problem(line_no, col, char, repl))
                out.append(repl)
        fixed_lines.append("".join(out))
    return SourceCheck(text, "\n".join(fixed_lines), problems)


@dataclass(frozen=True)
class NotebookCheck:
    """:func:`check_source` for each code cell that has a problem."""

    cells: dict[int, SourceCheck]

    @property
    def ok(self) -> bool:
        return not self.cells

    def text(self, lang: str | None = None) -> str:
        if self.ok:
            return t("src_clean", lang)
        return "\n".join(
            t("src_cell", lang, cell=number) + "\n" + check.text(lang)
            for number, check in self.cells.items()
        )

    def __str__(self) -> str:
        return self.text()

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(self.text())  # type: ignore[attr-defined]


def check_notebook(path: str | Path | None = None) -> NotebookCheck:
    """Check every code cell of a notebook.

    With ``path``, read that ``.ipynb`` file (cells numbered from 1 in file
    order).  Without it, check what this kernel has run so far (IPython's ``In``
    history, numbered like the ``[n]`` prompts), including cells that failed.
    """
    sources: dict[int, str] = {}
    if path is not None:
        notebook = json.loads(Path(path).read_text(encoding="utf-8"))
        code = [c for c in notebook.get("cells", []) if c.get("cell_type") == "code"]
        for number, cell in enumerate(code, start=1):
            src = cell.get("source", "")
            sources[number] = "".join(src) if isinstance(src, list) else src
    else:
        from IPython import get_ipython

        shell = get_ipython()
        history = shell.user_ns.get("In", []) if shell is not None else []
        sources = {number: src for number, src in enumerate(history) if src}
    found = {n: check for n, src in sources.items() if not (check := check_source(src)).ok}
    return NotebookCheck(found)
