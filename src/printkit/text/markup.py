"""reportlab Paragraph markup naming, run by run, a font that has the glyphs
(the booklet's flowed text)."""
from __future__ import annotations

from html import escape

from printkit.text.fonts import runs


def paragraph_markup(text: str, style: str = "regular") -> str:
    """``text`` as reportlab Paragraph markup with one <font name> per run.

    Escapes &, < and >. Pair with ParagraphStyle(fontName=default_font_name(
    style)) so the paragraph's own font is an embedded one too.
    """
    return "".join(f'<font name="{font}">{escape(s, quote=False)}</font>' for font, s in runs(text, style))
