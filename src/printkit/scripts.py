"""Which writing system a text is in, without any font or drawing code.

Kept apart from `printkit.text` so the model can ask it too (a Japanese name
is written family name first) without importing reportlab.
"""

from __future__ import annotations

import re

_CJK_RANGES = (
    (0x2E80, 0x2FDF),    # CJK and Kangxi radicals
    (0x3000, 0x303F),    # CJK symbols and punctuation (、。「」〜)
    (0x3040, 0x30FF),    # hiragana, katakana
    (0x31F0, 0x31FF),    # katakana phonetic extensions
    (0x3200, 0x33FF),    # enclosed CJK, CJK compatibility
    (0x3400, 0x4DBF),    # CJK extension A
    (0x4E00, 0x9FFF),    # CJK unified ideographs
    (0xF900, 0xFAFF),    # CJK compatibility ideographs
    (0xFE30, 0xFE4F),    # CJK compatibility forms
    (0xFF00, 0xFFEF),    # halfwidth and fullwidth forms
    (0x1B000, 0x1B16F),  # kana supplement / extended
    (0x20000, 0x3FFFF),  # CJK extensions B..
)

# one character class: a regex scan is ~10x faster than testing ranges per
# character, and has_cjk runs on every text of every badge
_CJK_CHAR = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES) + "]")


def is_cjk(ch: str) -> bool:
    """True for Japanese/Chinese characters, between which lines may break."""
    return _CJK_CHAR.match(ch) is not None


def has_cjk(text: str) -> bool:
    return _CJK_CHAR.search(text) is not None


_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")


def language_of(text: str) -> str | None:
    """The language a name in another script is written in, where its script tells it.

    Japanese for kana and kanji (printkit's events are EU–Japan ones; a Chinese
    name would need its own field), Greek for Greek letters. Cyrillic serves
    several languages, so it gets none rather than a wrong one.
    """
    if has_cjk(text):
        return "ja"
    if _GREEK.search(text):
        return "el"
    return None
