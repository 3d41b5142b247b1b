"""The programme booklet: booklet.pdf (A5, reading order) and booklet-imposed.pdf (A4 duplex).

The booklet is drawn from the programme alone (`render.booklet`), then
imposed 2-up for saddle stitching (`render.imposed`); both files are written
atomically, the imposed one from the reading-order file just written. With
`pdfx`, booklet.pdf stays the screen edition (links, bookmarks) and the
print shop gets booklet-press.pdf, the same pages as PDF/X-1a without links,
and an imposed file that is PDF/X-1a too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import Programme
from ..render.booklet import draw_booklet
from ..render.imposed import write_imposed
from ..write import atomic_output
from .result import ProductResult

READING_FILE, PRESS_FILE, IMPOSED_FILE = "booklet.pdf", "booklet-press.pdf", "booklet-imposed.pdf"


@dataclass(frozen=True)
class BookletOptions:
    marks: bool = False  # crop marks outside the bleed
    pdfx: bool = False  # press files as PDF/X-1a (programme.print's output condition)


def make_booklet(programme: Programme, outdir: Path, options: BookletOptions = BookletOptions()) -> ProductResult:
    """Write both booklet files into `outdir`; the booklet needs no roster (it lists the programme's people)."""
    pdf, pages = draw_booklet(programme, options.marks)
    reading, imposed = outdir / READING_FILE, outdir / IMPOSED_FILE
    with atomic_output(reading) as tmp:
        tmp.write_bytes(pdf)
    pdfx = programme.print if options.pdfx else None
    files = [reading]
    if pdfx is not None:
        files.append(outdir / PRESS_FILE)
        with atomic_output(files[-1], pdfx) as tmp:
            tmp.write_bytes(pdf)
    with atomic_output(imposed, pdfx) as tmp:
        write_imposed(reading, tmp)
    return ProductResult(files + [imposed], pages)
