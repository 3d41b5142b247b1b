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
  characters within the document's subsets of 256.
"""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from reportlab import rl_config
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas


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


def show_text(document, font_name: str, text: str, size_operand: str) -> str:
    """``Tf`` and ``Tj`` operators showing ``text`` in a registered TrueType font.

    As reportlab's text object writes them: the characters are numbered
    within the document's subsets of the font (256 codes each), so the
    operators hold for that document only.
    """
    font = pdfmetrics.getFont(font_name)
    return " ".join(f"{font.getSubsetInternalName(subset, document)} {size_operand} Tf ({escapePDF(codes)}) Tj"
                    for subset, codes in font.splitString(text, document))
