"""Every message exists in Japanese and English with the same placeholders."""

from __future__ import annotations

import string

import pytest

import labkit
from labkit import _i18n


def _fields(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(_i18n.MESSAGES))
def test_both_languages_with_the_same_fields(key):
    texts = _i18n.MESSAGES[key]
    assert set(texts) == {"ja", "en"}
    assert _fields(texts["ja"]) == _fields(texts["en"])
    literal = " ".join(text for text, *_ in string.Formatter().parse(texts["en"]))
    if len([w for w in literal.split() if any(c.isalpha() for c in w)]) >= 2:  # not "[OK]"
        assert texts["ja"] != texts["en"], "translate it: the Japanese text is the English one"


def test_set_language_switches_and_rejects_unknown():
    labkit.set_language("ja")
    assert labkit.get_language() == "ja"
    with pytest.raises(ValueError, match="'fr' is not supported"):
        labkit.set_language("fr")
    assert labkit.get_language() == "ja"


def test_add_messages_refuses_a_clash_and_a_missing_language():
    with pytest.raises(KeyError):
        _i18n.add_messages({"started": {"ja": "x", "en": "y"}})
    with pytest.raises(ValueError):
        _i18n.add_messages({"only_en_for_test": {"en": "y"}})
