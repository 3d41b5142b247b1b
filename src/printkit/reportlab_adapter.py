"""Every use printkit makes of reportlab's private internals, in one place.

reportlab's public API cannot write text operators of its own, compress
pages as they finish or write a PDF without holding it all in memory, so
printkit reaches into it here, and only here. pyproject.toml caps reportlab
below 6; after an upgrade, these are what to look at (tests/test_canvas.py
and tests/test_text.py fail when one of them moves):

- ``Canvas._doc``: the canvas's PDFDocument, its ``Pages.pages`` list of
  PDFPage objects, and a finished page's ``stream`` (its operators as a
  string) and ``Contents`` (the stream object written for it);
- ``Canvas._filename``: where ``Canvas.save`` writes (a path or a file);
- ``PDFStream.content`` and ``PDFStream.format(document)``: a stream's bytes
  and the call that formats it while the document is written;
- the document's ``__accum__`` while it is written: the collector of output
  byte strings, with ``strings`` and the ``write`` it appends through;
- ``rl_config.useA85``: the global switch for ASCII85-encoding streams;
- ``TTFont.splitString(text, document)`` and
  ``TTFont.getSubsetInternalName(subset, document)``: the "dynamic font"
  protocol of ``reportlab.pdfbase.ttfonts`` that numbers a TrueType font's
  characters within the document's subsets of 256;
- ``TTFont.face.charToGlyph`` and ``face.charWidths`` (character -> glyph id
  and width, read by ``splitString``, by the subsetter and for the
  ``Widths`` array), ``face.getCharWidth``, and that ``TTFont.addObjects``
  writes each subset's ToUnicode CMap with the module function
  ``ttfonts.makeToUnicodeCMap(fontname, subset)``;
- Paragraph shaping (``ParagraphStyle.shaping``): ``TTFont.hbFont`` and the
  ``hbAddPrivate(name, gid, advance)`` hook it calls for a glyph that no
  character maps to (and reportlab's own ``TTFont.__addPrivate`` behind it),
  ``TTFont.pdfScale``, and that ``TTFont.face.glyphToChar`` lists the
  characters of each glyph; its known limit, that a word is shaped with the
  font of its first character, is why printkit shapes only paragraphs in
  which no word changes font (``printkit.text.markup.one_font_per_word``).
"""
from __future__ import annotations

import contextlib
import functools
import unicodedata
from collections.abc import Callable, Iterator

from fontTools import agl
from reportlab import rl_config
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas

# Codes for glyphs no single character stands for (ligatures): Unicode's
# supplementary private use area B, which no bundled font maps.
PRIVATE_CODES = range(0x100000, 0x10FFFE)


def document_of(canvas: Canvas):
    """The PDFDocument a canvas draws into (fonts number characters per document)."""
    return canvas._doc


def replace_last_page_contents(canvas: Canvas, contents: Callable[[str], PDFStream]) -> None:
    """Give the page just finished (by ``showPage``) the stream ``contents(operators)``
    instead of the one reportlab would build, and drop reportlab's copy of the operators."""
    page = canvas._doc.Pages.pages[-1]
    page.Contents = contents(page.stream)
    page.stream = None


class LateFlateStream(PDFStream):
    """A Flate-compressed content stream whose bytes are fetched only when the
    PDF is written, and forgotten as soon as they are."""

    def __init__(self, read: Callable[[], bytes]):
        super().__init__(PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])}))
        self.read = read

    def format(self, document) -> bytes:
        write_through(document)
        self.content = self.read()
        try:
            return super().format(document)
        finally:
            self.content = None  # the file being written keeps the only copy


def save_through(canvas: Canvas) -> None:
    """``Canvas.save`` writing object by object into the canvas's file (see
    write_through), with binary rather than ASCII85 streams."""
    target = canvas._filename
    with open(target, "wb") if isinstance(target, str) else contextlib.nullcontext(target) as out:
        canvas._filename = canvas._doc.write_through_to = out
        with binary_streams():
            Canvas.save(canvas)


def write_through(document) -> None:
    """Make reportlab's output collector write to the file instead of memory.

    reportlab formats the whole PDF into a list of byte strings and joins
    them before writing: twice the size of the file in memory at the end
    of a run (60 MB for ten thousand badges). Its collector (the document's
    ``__accum__`` while it formats) writes through its ``write`` attribute
    and counts offsets itself, so pointing ``write`` at the file, after
    writing out what it holds so far, keeps the cross-reference table right.
    """
    out, collector = getattr(document, "write_through_to", None), getattr(document, "__accum__", None)
    if out is None or collector is None or collector.write == out.write:
        return
    out.write(b"".join(collector.strings))
    collector.strings.clear()
    collector.write = out.write


@contextlib.contextmanager
def binary_streams() -> Iterator[None]:
    """Embedded fonts compressed but not ASCII85-encoded while the PDF is written.

    reportlab's ASCII85 encoder is pure Python (its C accelerator is a
    separate package), and binary streams are 20 % smaller. The setting is
    global in reportlab, so it is restored.
    """
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


class ShapedTTFont(ttfonts.TTFont):
    """A reportlab TrueType font that can also show shaped glyphs.

    reportlab numbers a font's *characters* in a document's subsets; a
    ligature glyph (fi, ff) is no character's glyph. Such a glyph gets a code
    of its own (from PRIVATE_CODES) mapped to the glyph, and the subset's
    ToUnicode CMap maps that code back to the characters it stands for, so
    copying "Affairs" from the PDF gives "Affairs".
    """

    def __init__(self, name: str, path: str):
        super().__init__(name, path)
        self.private_codes: dict[tuple[int, str], str] = {}  # (glyph id, text) -> code, as a character
        self.private_texts: dict[int, str] = {}  # code -> text, for ToUnicode

    def char_for(self, gid: int, text: str, width: float) -> str:
        """The character whose code shows glyph ``gid`` standing for ``text``
        (``width``: its plain advance in thousandths of the size)."""
        if len(text) == 1 and self.face.charToGlyph.get(ord(text)) == gid:
            return text
        key = (gid, text)
        if key not in self.private_codes:
            code = PRIVATE_CODES[len(self.private_codes)]
            self.face.charToGlyph[code] = gid
            self.face.charWidths[code] = width
            self.private_codes[key], self.private_texts[code] = chr(code), text
        return self.private_codes[key]

    def hbFont(self, fontSize=10):
        """reportlab's HarfBuzz font for shaping Paragraph words, with ligatures
        given codes of ours (see paragraph_private_code)."""
        font = super().hbFont(fontSize)
        self.hbAddPrivate = self.paragraph_private_code
        return font

    def paragraph_private_code(self, name: str, gid: int, advance: float) -> int:
        """The code for a glyph no character maps to, as reportlab's Paragraph
        shaping asks for it (by glyph name, id and advance in font units).

        The characters it stands for are read from its name ("f_f_i", "fl",
        "uniFB03"); a glyph whose name says nothing (fonts without glyph names)
        gets reportlab's own private code, which copies as a private-use
        character.
        """
        text = unicodedata.normalize("NFKC", agl.toUnicode(name))
        if not text:
            return self._TTFont__addPrivate(name, gid, advance)
        return ord(self.char_for(gid, text, self.pdfScale(advance)))

    def width_of(self, char: str) -> float:
        """The advance the PDF's Widths array gives the code of ``char``."""
        return self.face.getCharWidth(ord(char))

    def addObjects(self, doc) -> None:
        """reportlab's, with ToUnicode CMaps that also name the text of our codes."""
        plain = ttfonts.makeToUnicodeCMap
        ttfonts.makeToUnicodeCMap = functools.partial(to_unicode_cmap, self.private_texts)
        try:
            super().addObjects(doc)
        finally:
            ttfonts.makeToUnicodeCMap = plain


LIGATURE_CHARACTERS = range(0xFB00, 0xFB07)  # ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ: Paragraph shaping shows ligatures by these


def to_unicode_cmap(texts: dict[int, str], fontname: str, subset: list[int]) -> str:
    """A subset's ToUnicode CMap: code -> its character, the text of a private
    code, or the letters of a ligature character (so "ﬁ" copies as "fi"), in
    UTF-16BE (so characters beyond U+FFFF come out right too)."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({fontname}) /Ordering ({fontname}) /Supplement 0 >> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{index:02X}> <{_text_of(code, texts).encode('utf-16-be').hex().upper()}>"
          for index, code in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


def _text_of(code: int, texts: dict[int, str]) -> str:
    if code in texts:
        return texts[code]
    return unicodedata.normalize("NFKC", chr(code)) if code in LIGATURE_CHARACTERS else chr(code)


def show_glyphs(document, font: ShapedTTFont, chars: str, adjustments: tuple[float, ...], size_operand: str) -> str:
    """``Tf`` and ``TJ`` operators showing the code of each of ``chars`` (one
    per glyph, see ShapedTTFont.char_for), each glyph followed by its TJ
    adjustment (thousandths of the size, positive moves left).

    The characters are numbered within the document's subsets of the font
    (256 codes each), so the operators hold for that document only.
    """
    parts, index = [], 0
    for subset, codes in font.splitString(chars, document):
        shown, start = [], 0
        for offset in range(len(codes)):
            adjustment = adjustments[index + offset]
            if adjustment:
                shown.append(f"({escapePDF(codes[start:offset + 1])}) {fp_str(adjustment)}")
                start = offset + 1
        if start < len(codes):
            shown.append(f"({escapePDF(codes[start:])})")
        index += len(codes)
        parts.append(f"{font.getSubsetInternalName(subset, document)} {size_operand} Tf [{' '.join(shown)}] TJ")
    return " ".join(parts)
