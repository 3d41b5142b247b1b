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
  building all of it in memory first.

What this relies on inside reportlab is in `printkit.reportlab_adapter`.

So memory does not grow with the number of pages, and time grows linearly.
"""

from __future__ import annotations

import collections
import functools
import pathlib
import tempfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from typing import BinaryIO

from reportlab.pdfgen.canvas import Canvas

from ..reportlab_adapter import LateFlateStream, replace_last_page_contents, save_through
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


class SheetCanvas(Canvas):
    """A Canvas that compresses each page's content as the page ends."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._compressed_pages = CompressedPages()

    def showPage(self) -> None:
        super().showPage()
        pages = self._compressed_pages
        replace_last_page_contents(self, lambda operators: LateFlateStream(functools.partial(pages.read, pages.add(operators))))

    def save(self) -> None:
        """Write the PDF, object by object, straight into the file."""
        try:
            self._compressed_pages.finish()
            save_through(self)
        finally:
            self._compressed_pages.close()


def new_canvas(path_or_file: str | pathlib.Path | BinaryIO, pagesize, *, style: str = "regular", **kw) -> SheetCanvas:
    """A SheetCanvas whose initial font is our embedded first font.

    So no unembedded Helvetica ends up in the page resources (see
    canvas_font_kwargs). Extra keyword arguments go to Canvas;
    ``initialFontName``/``initialFontSize`` may be overridden.
    """
    kw = {**canvas_font_kwargs(style), **kw}
    target = str(path_or_file) if isinstance(path_or_file, pathlib.Path) else path_or_file
    return SheetCanvas(target, pagesize=pagesize, **kw)
