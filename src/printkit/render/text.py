"""Drawing text: the raw PDF text operators for lines that layout has set.

Lines are drawn run by run (the font of the fallback chain that has each
character), each run as the glyphs HarfBuzz shaped it into
(:mod:`printkit.text.shaping`: kerning, ligatures), placed with ``TJ``
adjustments, and positioned with :func:`printkit.text.measure.text_width`,
the same shaped widths fitting and line breaking used: a centred line is
centred exactly and a fitted line stays inside its box.
"""
from __future__ import annotations

import functools
import weakref

from reportlab.lib.rl_accel import fp_str

from ..reportlab_adapter import document_of, show_glyphs
from ..text.fonts import reportlab_font, runs
from ..text.measure import text_width
from ..text.shaping import plain_advance, shape
from .palette import fill_operator

ALIGN_SHARE = {"left": 0.0, "center": 0.5, "centre": 0.5, "right": 1.0}  # of the width left of x


def draw_line(canvas, x: float, y: float, text: str, size: float, style: str = "regular",
              align: str = "left", color=None) -> float:
    """Draw one line run by run (right font per script); return its width.

    ``x`` is the left edge, centre or right edge per ``align``. The canvas
    state is saved/restored, so the PDF's current font (and fill colour) after
    this call is what the caller had set, not our last run's font.
    """
    draw_lines(canvas, [(x, y, text, size, style, align, color)])
    return text_width(text, size, style)


def draw_lines(canvas, lines) -> None:
    """Draw lines given as (x, y, text, size, style, align, color) tuples, as
    :func:`draw_line` does, in one PDF text object.

    A badge's lines share one text object and one saved graphics state
    instead of one each, and each line's text operators are written here
    rather than by reportlab's text object, remembered per document: event
    titles, dates, roles and affiliations repeat on every badge. On a
    thousand badges that halves the drawing time. ``color`` None keeps the
    caller's fill colour.
    """
    canvas.addLiteral(lines_operators(document_of(canvas), lines))


def lines_operators(document, lines) -> str:
    """The operators :func:`draw_lines` writes, between ``q`` and ``Q``: the
    colours set here end with them, so reportlab's idea of the canvas's fill
    colour stays true."""
    out = ["q BT"]
    current_color = None
    for x, y, text, size, style, align, color in lines:
        if align not in ALIGN_SHARE:
            raise ValueError(f"align must be left, center or right, not {align!r}")
        if color is not None and color is not current_color:
            out.append(fill_operator(color))
            current_color = color
        left = x - ALIGN_SHARE[align] * text_width(text, size, style)
        out.append(f"1 0 0 1 {fp_str(left, y)} Tm {text_operators(document, text, size, style)}")
    out.append("ET Q")
    return "\n".join(out)


_OPERATORS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # document -> {(text, size, style): operators}


def text_operators(document, text: str, size: float, style: str) -> str:
    """PDF operators that show ``text`` run by run: font subset, size, glyphs.

    Remembered per document: the characters are numbered within that
    document's subsets of each font.
    """
    known = _OPERATORS.setdefault(document, {})
    key = (text, size, style)
    if key not in known:
        known[key] = " ".join(show_glyphs(document, reportlab_font(font), *glyph_codes(font, run), fp_str(size))
                              for font, run in runs(text, style))
    return known[key]


@functools.lru_cache(maxsize=4096)
def glyph_codes(font_name: str, run: str) -> tuple[str, tuple[float, ...]]:
    """The shaped run as one character per glyph (see ShapedTTFont.char_for)
    and, per glyph, the TJ adjustment from the width the PDF gives its code
    to its shaped advance (0 where they agree)."""
    font = reportlab_font(font_name)
    shaped = shape(font_name, run)
    chars = "".join(font.char_for(gid, text, plain_advance(font_name, gid)) for gid, text in zip(shaped.gids, shaped.texts))
    return chars, tuple(font.width_of(ch) - advance for ch, advance in zip(chars, shaped.advances))
