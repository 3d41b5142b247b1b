"""How wide a text is, in the fonts that really draw it.

Every layout decision (fitting, centring, line breaking) is made from these
widths, and the renderer draws with the same runs, so what is measured is
what is printed.

reportlab does no kerning, so a string's width is exactly linear in the font
size: each text's width is cached at 1 pt and multiplied. That makes the size
search in :func:`printkit.text.fit.fit` cheap even for thousands of badges.
"""
from __future__ import annotations

import functools

from reportlab.pdfbase import pdfmetrics

from printkit.text.fonts import runs


@functools.cache
def _char_width(font: str, ch: str) -> float:
    """Width of one character at 1 pt (reportlab does not kern)."""
    return pdfmetrics.stringWidth(ch, font, 1.0)


@functools.lru_cache(maxsize=16384)
def unit_width(text: str, style: str) -> float:
    """Width of ``text`` at 1 pt; cached because fitting re-measures a lot."""
    return sum(pdfmetrics.stringWidth(s, f, 1.0) for f, s in runs(text, style))


def text_width(text: str, size: float, style: str = "regular") -> float:
    """Width in points of ``text`` drawn at ``size`` with the font runs."""
    return unit_width(text, style) * size


def prefix_widths(text: str, style: str) -> list[float]:
    """Cumulative 1-pt widths: P[j] - P[i] ~ width of text[i:j].

    Approximate for substrings (a substring's runs may differ slightly at
    its edges), so callers verify the final lines with text_width().
    """
    acc, out = 0.0, [0.0]
    for font, s in runs(text, style):
        for ch in s:
            acc += _char_width(font, ch)
            out.append(acc)
    return out
