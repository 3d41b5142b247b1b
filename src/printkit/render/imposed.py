"""Impose an A5 reading-order booklet 2-up on A4 landscape for duplex printing.

Each booklet page is placed at 100 % with its TrimBox at the sheet half it
belongs to, clipped to the trim so the bleed of one page never prints over its
neighbour. The pages keep their vector content and embedded fonts (pypdf
merges the content streams; nothing is rasterised).
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import ContentStream, NameObject, RectangleObject
from reportlab.lib.pagesizes import A4, landscape

from .. import __version__
from ..layout.imposition import saddle_stitch

SHEET = landscape(A4)


def write_imposed(reading_order: Path, target: Path) -> None:
    reader = PdfReader(reading_order)
    pages = list(reader.pages)
    writer = PdfWriter()
    for sheet in saddle_stitch(len(pages)):
        for side in (sheet.front, sheet.back):
            out = writer.add_blank_page(*SHEET)
            place(out, pages[side.left - 1], half=0, reader=reader)
            place(out, pages[side.right - 1], half=1, reader=reader)
    info = reader.metadata or {}
    writer.add_metadata({
        "/Title": f"{info.get('/Title', '')} (imposed for duplex printing)",
        "/Author": info.get("/Author", ""),
        "/Subject": info.get("/Subject", ""),
        "/Creator": f"printkit {__version__}",
    })
    with open(target, "wb") as out:
        writer.write(out)


def place(sheet: PageObject, page: PageObject, half: int, reader: PdfReader) -> None:
    """Put `page`'s trimmed area on the left (0) or right (1) half of `sheet`."""
    trim = RectangleObject(page.trimbox)
    half_width = SHEET[0] / 2
    width, height = float(trim.width), float(trim.height)
    # left page's trim ends at the fold; right page's starts there
    x = half_width - width if half == 0 else half_width
    y = (SHEET[1] - height) / 2
    clipped = clip_to(page, trim, reader)
    sheet.merge_transformed_page(clipped, Transformation().translate(x - float(trim.left), y - float(trim.bottom)))


def clip_to(page: PageObject, box: RectangleObject, reader: PdfReader) -> PageObject:
    """A copy of `page` whose drawing is clipped to `box` (its bleed cut off)."""
    clip = f"q {float(box.left):.3f} {float(box.bottom):.3f} {float(box.width):.3f} {float(box.height):.3f} re W n\n"
    content = ContentStream(None, reader)
    content.set_data(clip.encode() + page.get_contents().get_data() + b"\nQ\n")
    copy = PageObject.create_blank_page(width=page.mediabox.width, height=page.mediabox.height)
    copy[NameObject("/Resources")] = page["/Resources"]
    copy.replace_contents(content)
    return copy
