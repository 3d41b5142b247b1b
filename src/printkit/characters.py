"""One normalisation for every text a person is printed with.

Exports, programme.yaml and the registration desk all pass names and
affiliations through `normalise`: NFC (exports are sometimes decomposed),
zero-width characters removed (a pasted 'Jo\u200bhn' is John, and search
finds him), and control characters refused with the character named,
because a bidi override (U+202E) turns 'Ana' into a different-looking name
on the badge and a NUL or other C0/C1 control is never part of a name.
"""

from __future__ import annotations

import re
import unicodedata

ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"  # zero-width space, non-joiner, joiner; BOM / zero-width no-break space
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_REMOVE_ZERO_WIDTH = dict.fromkeys(map(ord, ZERO_WIDTH))
# The control characters (category Cc: U+0000-001F and U+007F-009F) but tab and line breaks, and the
# bidi controls, as one character class: one regular-expression scan instead of a Python step a character.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + re.escape("".join(sorted(BIDI_CONTROLS))) + "]")


class UnsafeCharacter(ValueError):
    """A control or bidi character in a text; the message names it for the user."""


def without_zero_width(text: str) -> str:
    return text.translate(_REMOVE_ZERO_WIDTH)


def unsafe_characters(text: str) -> list[str]:
    """Bidi controls and C0/C1 controls (tab and line breaks are layout, not controls)."""
    return sorted(set(UNSAFE.findall(text)))


def normalise(text: str) -> str:
    """NFC without zero-width characters; raises UnsafeCharacter for controls."""
    unsafe = unsafe_characters(text)
    if unsafe:
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'control character')}" for c in unsafe)
        raise UnsafeCharacter(f"contains {names}, which cannot be printed safely; remove "
                              f"{'it' if len(unsafe) == 1 else 'them'} from the text")
    return unicodedata.normalize("NFC", without_zero_width(text))
