"""Capitals as each script writes them (family names on badges and tents,
the booklet's speaker index)."""
from __future__ import annotations

import unicodedata

GREEK_ACCENTS = {"\u0301", "\u0300", "\u0342", "\u0313", "\u0314", "\u0345"}  # tonos/oxia, varia, perispomeni, breathings, ypogegrammeni


def capitals(text: str) -> str:
    """`text` in capitals as each script writes them.

    Greek drops its accents in capitals (Παπαδοπούλου → ΠΑΠΑΔΟΠΟΥΛΟΥ), which
    str.upper() does not do; everything else is str.upper().
    """
    upper = text.upper()
    if not any("\u0370" <= c <= "\u03ff" or "\u1f00" <= c <= "\u1fff" for c in upper):
        return upper
    decomposed = unicodedata.normalize("NFD", upper)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in GREEK_ACCENTS))
