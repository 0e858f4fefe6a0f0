"""fix_pasted_code: repair pasted code's invisible characters before each cell runs.

:func:`check_source` names the U+00A0 characters that break code copied from a web
page, but the learner still has to fix the cell by hand.  ``fix_pasted_code()``
registers an IPython input transformer (the public
``input_transformers_cleanup`` list): before a cell runs, a cell that would be a
syntax error because of such characters gets them replaced, with the same table as
:func:`check_source` (one copy), and one line in the cell's output says what was
replaced.  A cell that compiles as it is (a full-width space inside a Japanese
string, say) is left alone.  ``fix_pasted_code(False)`` switches it off.
"""

from __future__ import annotations

import warnings
from collections import Counter

from ._i18n import t
from ._source import SourceCheck, check_source

__all__ = ["fix_pasted_code"]


def _compiles(source: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the real run shows any SyntaxWarning once
        try:
            compile(source, "<cell>", "exec")
        except (SyntaxError, ValueError):
            return False
    return True


def _summary(check: SourceCheck) -> str:
    counts = Counter(p.char for p in check.problems)
    what = ", ".join(f"{p.name} (U+{ord(p.char):04X}) x{counts[p.char]}"
                     for p in {p.char: p for p in check.problems}.values())
    return t("pasted_fixed", count=len(check.problems), what=what)


# ipykernel transforms a cell twice before running it (to decide whether to run it
# with await); the cell's execution count and text identify it, so it is told once.
_last_told: list[tuple[int, str]] = []


def repair_pasted_lines(lines: list[str]) -> list[str]:
    """The input transformer: the cell's lines, repaired if they would not compile."""
    from IPython import get_ipython

    source = "".join(lines)
    check = check_source(source)
    if check.ok or _compiles(source):
        return lines
    shell = get_ipython()
    cell = (getattr(shell, "execution_count", 0), source)
    if cell not in _last_told:
        _last_told[:] = [cell]
        print(_summary(check))
    return check.fixed.splitlines(keepends=True)


# It prints: IPython must not call it just to ask whether an input is complete.
repair_pasted_lines.has_side_effects = True  # type: ignore[attr-defined]


def fix_pasted_code(on: bool = True) -> None:
    """Repair invisible characters (U+00A0, zero-width, full-width spaces) in every
    cell run from now on in this kernel; ``fix_pasted_code(False)`` stops it.

    Safe to call twice.  Outside IPython/Jupyter it raises RuntimeError.
    """
    if not isinstance(on, bool):
        raise TypeError(t("bad_type", name="on", expected="True or False", value=on,
                          typename=type(on).__name__, example="fix_pasted_code(False)"))
    from IPython import get_ipython  # installed with ipykernel; imported only when used

    shell = get_ipython()
    if shell is None:
        raise RuntimeError(t("pasted_no_ipython"))
    cleanup = shell.input_transformers_cleanup
    while repair_pasted_lines in cleanup:
        cleanup.remove(repair_pasted_lines)
    if on:
        cleanup.append(repair_pasted_lines)
    print(t("pasted_on" if on else "pasted_off"))
