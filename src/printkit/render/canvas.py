"""The canvas every sheet product draws on (badges, tent cards, calibration).

Three things reportlab does not do by default and a print run of thousands
of badges needs:

- the canvas starts with one of our embedded fonts, so no unembedded
  Helvetica is listed in the page resources (see `canvas_font_kwargs`);
- each page's content stream is compressed as soon as the page is finished,
  by a background thread while the next pages are drawn, and kept in a
  temporary file until the PDF is written. reportlab itself keeps every
  page's operators as a Python string until `save()` (about 13 MB per
  thousand badges) and then compresses them all, one after the other. zlib
  releases the GIL, so here the compression runs on the second core;
- `save()` writes the PDF into the file object by object instead of
  building all of it in memory first (see `write_through`).

So memory does not grow with the number of pages, and time grows linearly.
"""

from __future__ import annotations

import collections
import contextlib
import pathlib
import tempfile
import zlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import BinaryIO

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas

from ..text.fonts import canvas_font_kwargs

COMPRESSION_LEVEL = 4  # zlib: a third of level 6's time for 10 % more bytes
MAX_PENDING = 64  # pages (~60 kB each) waiting for compression before drawing waits for them


class CompressedPages:
    """Finished pages' operators, compressed by a background thread into a temporary file."""

    def __init__(self):
        self.file = tempfile.TemporaryFile(prefix="printkit-pages-")
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printkit-flate")
        self.pending: collections.deque[Future] = collections.deque()

    def add(self, operators: str) -> Future[tuple[int, int]]:
        """Queue a page; the future gives where its compressed bytes are in the file."""
        stored = self.worker.submit(self.store, operators)
        self.pending.append(stored)
        while self.pending and (len(self.pending) > MAX_PENDING or self.pending[0].done()):
            self.pending.popleft().result()  # waits, or raises what the compression raised
        return stored

    def store(self, operators: str) -> tuple[int, int]:
        """Runs in the worker thread only. reportlab writes page operators in
        ASCII (text is escaped), so latin-1 encoding loses nothing."""
        data = zlib.compress(operators.encode("latin-1"), COMPRESSION_LEVEL)
        offset = self.file.seek(0, 2)
        self.file.write(data)
        return offset, len(data)

    def finish(self) -> None:
        """Wait for every queued page; after this, `read` may be called."""
        while self.pending:
            self.pending.popleft().result()

    def read(self, stored: Future[tuple[int, int]]) -> bytes:
        offset, length = stored.result()
        self.file.seek(offset)
        return self.file.read(length)

    def close(self) -> None:
        self.worker.shutdown()
        self.file.close()


class FlateStream(PDFStream):
    """A page's content stream, Flate-compressed and stored in `CompressedPages`."""

    def __init__(self, pages: CompressedPages, stored: Future[tuple[int, int]]):
        super().__init__(PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])}))
        self.pages, self.stored = pages, stored

    def format(self, document) -> bytes:
        write_through(document)
        self.content = self.pages.read(self.stored)
        try:
            return super().format(document)
        finally:
            self.content = None  # the file being written keeps the only copy


class SheetCanvas(Canvas):
    """A Canvas that compresses each page's content as the page ends."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._compressed_pages = CompressedPages()

    def showPage(self) -> None:
        super().showPage()
        page = self._doc.Pages.pages[-1]
        page.Contents = FlateStream(self._compressed_pages, self._compressed_pages.add(page.stream))
        page.stream = None

    def save(self) -> None:
        """Write the PDF, object by object, straight into the file (see write_through)."""
        try:
            self._compressed_pages.finish()
            target = self._filename
            with open(target, "wb") if isinstance(target, str) else contextlib.nullcontext(target) as out:
                self._filename = self._doc.write_through_to = out
                with binary_streams():
                    super().save()
        finally:
            self._compressed_pages.close()


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


def compress(stream: str) -> bytes:
    """A page's operators, Flate-compressed. reportlab writes page operators
    in ASCII only (text is escaped), so latin-1 encoding loses nothing."""
    return zlib.compress(stream.encode("latin-1"), COMPRESSION_LEVEL)


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


def new_canvas(path_or_file: str | pathlib.Path | BinaryIO, pagesize, *, style: str = "regular", **kw) -> SheetCanvas:
    """A SheetCanvas whose initial font is our embedded first font.

    So no unembedded Helvetica ends up in the page resources (see
    canvas_font_kwargs). Extra keyword arguments go to Canvas;
    ``initialFontName``/``initialFontSize`` may be overridden.
    """
    kw = {**canvas_font_kwargs(style), **kw}
    target = str(path_or_file) if isinstance(path_or_file, pathlib.Path) else path_or_file
    return SheetCanvas(target, pagesize=pagesize, **kw)
