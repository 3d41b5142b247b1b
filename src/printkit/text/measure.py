"""How wide a text is, in the fonts that really draw it, as HarfBuzz shapes it.

Every layout decision (fitting, centring, line breaking) is made from these
widths, and the renderer draws the same shaped runs
(:mod:`printkit.text.shaping`: kerning and ligatures applied), so what is
measured is what is printed.

A shaped run's width is linear in the font size (no hinting), so each
text's width is cached at 1 pt and multiplied. That makes the size search
in :func:`printkit.text.fit.fit` cheap even for thousands of badges.
"""
from __future__ import annotations

import functools

from printkit.text.fonts import runs
from printkit.text.shaping import shape


@functools.lru_cache(maxsize=16384)
def unit_width(text: str, style: str) -> float:
    """Width of ``text`` at 1 pt; cached because fitting re-measures a lot."""
    return sum(shape(font, run).width for font, run in runs(text, style))


def text_width(text: str, size: float, style: str = "regular") -> float:
    """Width in points of ``text`` drawn at ``size`` with the font runs."""
    return unit_width(text, style) * size


def prefix_widths(text: str, style: str) -> list[float]:
    """Cumulative 1-pt widths: P[j] - P[i] ~ width of text[i:j].

    Approximate for substrings (kerning and ligatures across the cut, and a
    substring's runs may differ slightly at its edges), so callers verify
    the final lines with text_width().
    """
    acc, out = 0.0, [0.0]
    for font, run in runs(text, style):
        for width in shape(font, run).char_widths:
            acc += width
            out.append(acc)
    return out
