"""The switch between Japanese and English, and :func:`t`, which looks a message up.

The sentences themselves live in :mod:`labkit._messages`, one data module per concept.
A notebook calls ``labkit.set_language("ja")`` (or ``"en"``) in its first cell;
errors, log lines and panel labels then speak that language.  The default comes
from the ``LABKIT_LANG`` environment variable, else English.
"""

from __future__ import annotations

import os

from ._messages import LANGUAGES, MESSAGES

__all__ = ["LANGUAGES", "MESSAGES", "get_language", "set_language", "t"]

_default = os.environ.get("LABKIT_LANG") if os.environ.get("LABKIT_LANG") in LANGUAGES else "en"


def set_language(lang: str) -> None:
    """Choose the language of every message labkit shows: ``"ja"`` or ``"en"``."""
    global _default
    if lang not in LANGUAGES:
        raise ValueError(t("bad_language", value=lang))
    _default = lang


def get_language() -> str:
    """The language labkit speaks now."""
    return _default


def t(key: str, lang: str | None = None, **fields: object) -> str:
    """The message ``key`` in ``lang`` (default: the current language), filled in."""
    return MESSAGES[key][lang or get_language()].format(**fields)
