"""One PDF opened for checking: pypdf for its objects, pypdfium2 for its pages.

Also reads what printkit writes about itself: the Creator ("printkit <version>")
and the Keywords ("printkit " + JSON with the product and its slot rectangles),
which tell the checks where text is allowed to be.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pypdf
from pypdf.errors import PdfReadError
from reportlab.lib.units import mm

KEYWORDS_PREFIX = "printkit "
MM = mm  # points per millimetre

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points


class UnreadablePdf(Exception):
    """The file is missing or is not a PDF we can parse (exit status 2)."""


@dataclass
class Document:
    path: Path
    reader: pypdf.PdfReader
    product: str | None = None
    slots: list[Rect] = field(default_factory=list)

    @classmethod
    def open(cls, path: Path) -> "Document":
        """Parse `path`, raising UnreadablePdf with a user-facing reason."""
        if not path.is_file():
            raise UnreadablePdf(f"{path}: no such file")
        if path.read_bytes()[:1024].find(b"%PDF-") < 0:
            raise UnreadablePdf(f"{path}: not a PDF file")
        try:
            reader = pypdf.PdfReader(path)
            len(reader.pages)
            metadata = reader.metadata or {}
        except (PdfReadError, OSError, ValueError) as exc:
            raise UnreadablePdf(f"{path}: cannot read the PDF: {exc}") from exc
        product, slots = _parse_keywords(str(metadata.get("/Keywords") or ""))
        is_printkit = str(metadata.get("/Creator") or "").startswith("printkit")
        if product is None and is_printkit and path.stem == "booklet":
            product = "booklet"
        return cls(path, reader, product, slots)

    @cached_property
    def pdfium(self):
        """The pypdfium2 document, opened only by the checks that need it."""
        import pypdfium2

        return pypdfium2.PdfDocument(str(self.path))

    @property
    def name(self) -> str:
        return str(self.path)

    def close(self) -> None:
        if "pdfium" in self.__dict__:
            self.pdfium.close()


def _parse_keywords(keywords: str) -> tuple[str | None, list[Rect]]:
    """Product and slot rectangles (x0, y0, x1, y1) from printkit's Keywords."""
    if not keywords.startswith(KEYWORDS_PREFIX):
        return None, []
    try:
        data = json.loads(keywords[len(KEYWORDS_PREFIX):])
        slots = [(x, y, x + w, y + h) for x, y, w, h in data.get("slots", [])]
        return data.get("product"), slots
    except (ValueError, TypeError, AttributeError):
        return None, []


def box(page: pypdf.PageObject, name: str) -> Rect | None:
    """The page's box `name` ("/TrimBox"...) as normalised x0, y0, x1, y1, if set on the page."""
    value = page.get(name)
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value.get_object())
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def media_box(page: pypdf.PageObject) -> Rect:
    """MediaBox (inheritable, so read through pypdf's accessor)."""
    mb = page.mediabox
    return float(mb.left), float(mb.bottom), float(mb.right), float(mb.top)


def trim_or_media(page: pypdf.PageObject) -> Rect:
    """The finished page: TrimBox when the page has one, else the MediaBox."""
    return box(page, "/TrimBox") or media_box(page)
