"""reportlab Paragraph markup naming, run by run, a font that has the glyphs
(the booklet's flowed text)."""
from __future__ import annotations

from html import escape

from printkit.text.fonts import reportlab_font, runs


def paragraph_markup(text: str, style: str = "regular") -> str:
    """``text`` as reportlab Paragraph markup with one <font name> per run.

    Escapes &, < and >. Pair with ParagraphStyle(fontName=default_font_name(
    style)) so the paragraph's own font is an embedded one too.
    """
    pieces = runs(text, style)
    for font, _ in pieces:
        reportlab_font(font)  # a Paragraph looks its fonts up in reportlab by name: read them in first
    return "".join(f'<font name="{font}">{escape(s, quote=False)}</font>' for font, s in pieces)


def one_font_per_word(text: str, style: str = "regular") -> bool:
    """True when every word of ``text`` is set in one font (font runs change
    only at white space).

    reportlab's Paragraph shaping shapes each word with the font of its first
    character, so a word that changes font ("第1回": BIZ UDPGothic, then Noto
    Sans for the digit) would show wrong glyphs; such a paragraph is set
    without shaping.
    """
    pieces = [run for _, run in runs(text, style)]
    return all(before[-1].isspace() or after[0].isspace() for before, after in zip(pieces, pieces[1:]))
