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
  ``ttfonts.makeToUnicodeCMap(fontname, subset)``.
"""
from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator

from reportlab import rl_config
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics, ttfonts
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


def to_unicode_cmap(texts: dict[int, str], fontname: str, subset: list[int]) -> str:
    """A subset's ToUnicode CMap: code -> its character, or the text of a
    private code, in UTF-16BE (so characters beyond U+FFFF come out right too)."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({fontname}) /Ordering ({fontname}) /Supplement 0 >> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{index:02X}> <{texts.get(code, chr(code)).encode('utf-16-be').hex().upper()}>"
          for index, code in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


def show_glyphs(document, font_name: str, chars: str, adjustments: tuple[float, ...], size_operand: str) -> str:
    """``Tf`` and ``TJ`` operators showing the code of each of ``chars`` (one
    per glyph, see ShapedTTFont.char_for), each glyph followed by its TJ
    adjustment (thousandths of the size, positive moves left).

    The characters are numbered within the document's subsets of the font
    (256 codes each), so the operators hold for that document only.
    """
    font = pdfmetrics.getFont(font_name)
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
