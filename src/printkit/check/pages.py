"""What pypdfium2 reads off each page for the checks: its characters and its QR codes.

Both need the page loaded and, for codes, rendered at 300 dpi: most of
`check`'s time. Each page is read once, for the text and the QR checks alike,
and a long file is read by worker processes (one per core) while the main
process runs the checks that need only pypdf (fonts, colour, boxes), so
checking keeps up with making: pypdfium2 holds Python's lock while it
renders, threads would not help.
"""
from __future__ import annotations

import array
import multiprocessing
import os
from dataclasses import dataclass

from .document import Bounds, Document

PARALLEL_FROM = 12  # pages; below this, starting workers costs more than it saves
CHUNK = 4  # pages a worker reads per task
MP_CONTEXT = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


@dataclass(frozen=True)
class PageFacts:
    chars: list  # text.Char, in pdfium's order
    codes: list  # qr.QrCode, readable or not

    def __reduce__(self):
        """Sent from a worker process as columns of plain values: a badge
        page's hundreds of characters pickled one by one took longer than
        reading them."""
        boxes = array.array("d", (value for char in self.chars for value in char.box))
        return (_facts_from_columns, ("".join(char.text for char in self.chars),
                                      array.array("d", (char.size for char in self.chars)), boxes,
                                      array.array("q", (char.index for char in self.chars)), self.codes))


def _facts_from_columns(texts: str, sizes, boxes, indexes, codes: list) -> PageFacts:
    from .text import Char

    corners = iter(boxes)
    return PageFacts(list(map(Char, texts, sizes, zip(corners, corners, corners, corners), indexes)), codes)


def page_facts(doc: Document, number: int) -> PageFacts:
    """The facts of page `number` (1-based), read once."""
    return doc.memo("facts", number, lambda: read_page(doc.pdfium, number, doc.code_areas, doc.backs))


def read_page(pdfium_doc, number: int, code_areas: list[Bounds], backs: bool) -> PageFacts:
    """The page's characters and codes; no codes are looked for on the backs
    of two-sided badges (`backs`: pages 2, 4, 6…), which printkit says have none."""
    from .qr import page_codes
    from .text import read_chars

    page = pdfium_doc[number - 1]
    try:
        return PageFacts(read_chars(page), [] if backs and number % 2 == 0 else page_codes(page, code_areas))
    finally:
        page.close()


class Prefetch:
    """Pages read by worker processes in the background; `collect()` stores them in the document,
    `close()` stops the workers (after an error, without waiting)."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.pool = None
        pages = len(doc.reader.pages)
        workers = min(os.cpu_count() or 1, 4)
        if pages < PARALLEL_FROM or workers < 2:
            return
        self.pool = multiprocessing.get_context(MP_CONTEXT).Pool(
            workers, initializer=_open, initargs=(str(doc.path), doc.code_areas, doc.backs))
        chunks = [list(range(start, min(start + CHUNK, pages + 1))) for start in range(1, pages + 1, CHUNK)]
        self.pending = self.pool.map_async(_read_chunk, chunks)

    def collect(self) -> None:
        """Wait for the workers and keep what they read."""
        if self.pool is None:
            return
        for chunk in self.pending.get():
            for number, facts in chunk:
                self.doc.memo("facts", number, lambda facts=facts: facts)
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool = None


_worker: dict = {}


def _open(path: str, code_areas: list[Bounds], backs: bool) -> None:
    import pypdfium2

    _worker["pdf"] = pypdfium2.PdfDocument(path)
    _worker["code_areas"] = code_areas
    _worker["backs"] = backs


def _read_chunk(numbers: list[int]) -> list[tuple[int, PageFacts]]:
    return [(number, read_page(_worker["pdf"], number, _worker["code_areas"], _worker["backs"])) for number in numbers]
