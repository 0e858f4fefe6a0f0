"""One source for each notebook, in both languages.

Each lesson is written once, in ``tools/nbsrc/NN_name.py``, as a list ``CELLS``
of :func:`md` and :func:`code` cells.  A cell gives either one text for both
languages, or ``ja=`` and ``en=`` texts.  ``tools/build_notebooks.py`` turns a
spec into ``notebooks/ja/NN_name.ipynb`` and ``notebooks/en/NN_name.ipynb``, so
the two languages always have the same cells in the same order, and
``tests/test_notebooks.py`` checks the committed notebooks still match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("ja", "en")


@dataclass(frozen=True)
class Cell:
    cell_type: str  # "markdown" or "code"
    ja: str
    en: str
    tags: tuple[str, ...] = field(default=())

    def source(self, lang: str) -> str:
        return (self.ja if lang == "ja" else self.en).strip("\n")


def _texts(text: str | None, ja: str | None, en: str | None) -> tuple[str, str]:
    if text is not None:
        if ja is not None or en is not None:
            raise ValueError("give either one text for both languages, or ja= and en=")
        return text, text
    if ja is None or en is None:
        raise ValueError("a bilingual cell needs both ja= and en=")
    return ja, en


def md(text: str | None = None, *, ja: str | None = None, en: str | None = None) -> Cell:
    """A markdown cell."""
    return Cell("markdown", *_texts(text, ja, en))


def code(text: str | None = None, *, ja: str | None = None, en: str | None = None,
         tags: tuple[str, ...] | list[str] = ()) -> Cell:
    """A code cell.  ``tags``: nbval tags such as ``raises-exception``,
    ``nbval-ignore-output`` or ``nbval-skip``."""
    return Cell("code", *_texts(text, ja, en), tags=tuple(tags))
