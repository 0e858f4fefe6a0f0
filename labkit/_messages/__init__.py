"""Every sentence a learner reads, in Japanese and English: the one home of labkit's text.

One data-only module per concept (``server``, ``client``, ``checkers``, ...), each
defining ``MESSAGES = {key: {"ja": ..., "en": ...}}``; placeholders use
``str.format``.  They are merged here into one dict, :data:`MESSAGES`, which
:func:`labkit._i18n.t` reads.  Logic modules hold no sentences of their own: a new
message goes into the module of its concept (or a new one listed below).
"""

from __future__ import annotations

from . import (
    article,
    burst,
    checkers,
    classroom,
    client,
    diagram,
    framing,
    handlers,
    panels,
    scan,
    server,
    setup,
    source,
    states,
    student,
    validation,
    waiting,
)

LANGUAGES = ("ja", "en")

_MODULES = (validation, server, client, source, panels, article, burst, checkers, classroom,
            diagram, framing, handlers, scan, setup, states, student, waiting)


def _merge() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for module in _MODULES:
        for key, texts in module.MESSAGES.items():
            if key in merged:  # a typo here would silently replace a sentence
                raise KeyError(f"message key {key!r} of {module.__name__} is already used")
            if set(texts) != set(LANGUAGES):
                raise ValueError(f"message {key!r} needs exactly {LANGUAGES}, got {sorted(texts)}")
            merged[key] = texts
    return merged


#: key -> {"ja": ..., "en": ...}, for every message of every module above.
MESSAGES: dict[str, dict[str, str]] = _merge()
