"""Fonts and text setting shared by every product (booklet, badges, tents).

- :mod:`printkit.text.fonts` picks, per character, a bundled font that has
  the glyph (fallback chain from ``assets/fonts/fonts.yaml``) and registers it
  with reportlab so every PDF embeds all the fonts it uses.
- :mod:`printkit.text.metrics` holds the leading, ascent and descent
  (fractions of the size) badges and tents stack lines with.
- :mod:`printkit.text.setting` measures, breaks (incl. Japanese kinsoku),
  fits and draws text with those runs.
"""
from printkit.text.fonts import (
    FontChain,
    canvas_font_kwargs,
    MissingGlyphError,
    default_font_name,
    missing_chars,
    runs,
)
from printkit.text.setting import (
    DoesNotFitError,
    FittedText,
    break_lines,
    draw_line,
    fit,
    needs_cjk_wrap,
    paragraph_markup,
    text_width,
    wrapped_markup,
)

__all__ = [
    "FontChain",
    "canvas_font_kwargs",
    "MissingGlyphError",
    "default_font_name",
    "missing_chars",
    "runs",
    "DoesNotFitError",
    "FittedText",
    "break_lines",
    "draw_line",
    "fit",
    "needs_cjk_wrap",
    "paragraph_markup",
    "text_width",
    "wrapped_markup",
]
