"""Every message exists in Japanese and English with the same placeholders, every key
that labkit looks up exists, and the sentences live only in labkit/_messages/."""

from __future__ import annotations

import ast
import string
from pathlib import Path
from types import SimpleNamespace

import pytest

import labkit
from labkit import _i18n, _messages

LABKIT = Path(labkit.__file__).parent
LOGIC = sorted(p for p in LABKIT.glob("*.py"))


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
    with pytest.raises(ValueError, match="'fr' には対応していません"):  # in the current language
        labkit.set_language("fr")
    assert labkit.get_language() == "ja"


def _looked_up(tree):
    """The literal keys passed to t(...) and the cure keys that checks pass on to t()."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if getattr(node.func, "id", "") == "t" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield first.value
            elif isinstance(first, ast.IfExp):  # t("a" if ok else "b")
                yield from (n.value for n in (first.body, first.orelse)
                            if isinstance(n, ast.Constant))
        for value in [*node.args, *(k.value for k in node.keywords)]:
            if isinstance(value, ast.Constant) and str(value.value).startswith("cure_"):
                yield value.value


@pytest.mark.parametrize("path", LOGIC, ids=lambda p: p.name)
def test_every_key_looked_up_exists_in_both_languages(path):
    keys = set(_looked_up(ast.parse(path.read_text(encoding="utf-8"))))
    missing = sorted(k for k in keys if k not in _i18n.MESSAGES)
    assert not missing, f"{path.name} looks up keys that no labkit/_messages module defines"


@pytest.mark.parametrize("path", LOGIC, ids=lambda p: p.name)
def test_no_logic_module_defines_messages(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            assert keys != {"ja", "en"}, (
                f"{path.name}:{node.lineno} holds a ja/en message: move it to labkit/_messages/")


def test_the_merge_refuses_a_clash_and_a_missing_language(monkeypatch):
    one = SimpleNamespace(__name__="one", MESSAGES={"k": {"ja": "x", "en": "y"}})
    monkeypatch.setattr(_messages, "_MODULES", (one, one))
    with pytest.raises(KeyError, match="'k'"):
        _messages._merge()
    only_en = SimpleNamespace(__name__="only_en", MESSAGES={"k": {"en": "y"}})
    monkeypatch.setattr(_messages, "_MODULES", (only_en,))
    with pytest.raises(ValueError, match="needs exactly"):
        _messages._merge()


def test_every_catalogue_module_is_merged():
    on_disk = {p.stem for p in (LABKIT / "_messages").glob("*.py")} - {"__init__"}
    assert on_disk == {m.__name__.rsplit(".", 1)[1] for m in _messages._MODULES}
