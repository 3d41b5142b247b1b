"""One PDF opened for checking: pypdf for its objects, pypdfium2 for its pages.

Also reads what printkit writes about itself: the Creator ("printkit <version>")
and the Keywords (keywords.SheetRecord: the product, its slots and where its QR
codes are), which tell the checks where text may be and where codes are.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pypdf
from pypdf.errors import PdfReadError

from ..keywords import SheetRecord
from .content import page_operations

# x0, y0, x1, y1 in PDF points: the corner order pypdf boxes and pdfium char boxes come in.
# Not layout.geometry.Rect (origin and size): the checks compare the corners of every
# character on every page, and plain tuples keep that loop free of conversions.
Bounds = tuple[float, float, float, float]


class UnreadablePdf(Exception):
    """The file is missing or is not a PDF we can parse (exit status 2)."""


@dataclass
class Document:
    path: Path
    reader: pypdf.PdfReader
    product: str | None = None
    slots: list[Bounds] = field(default_factory=list)
    code_areas: list[Bounds] = field(default_factory=list)  # where a printkit badge sheet draws its QR codes
    backs: bool = False  # pages 2, 4, 6… are the backs of two-sided badges: no codes there
    _memo: dict[tuple[str, int], object] = field(default_factory=dict, repr=False)

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
        record = SheetRecord.from_keywords(str(metadata.get("/Keywords") or ""))
        product = record.product if record else None
        is_printkit = str(metadata.get("/Creator") or "").startswith("printkit")
        if product is None and is_printkit and path.stem == "booklet":
            product = "booklet"
        slots, codes = (record.slots, record.codes) if record else ((), ())
        return cls(path, reader, product, [r.as_pdf() for r in slots], [r.as_pdf() for r in codes],
                   bool(record and record.backs))

    @cached_property
    def pdfium(self):
        """The pypdfium2 document, opened only by the checks that need it."""
        import pypdfium2

        return pypdfium2.PdfDocument(str(self.path))

    def operations(self, number: int) -> list:
        """The checked operations of page `number` (1-based), parsed once for every check (check/content.py)."""
        return self.memo("operations", number, lambda: list(page_operations(self.reader.pages[number - 1])))

    def memo(self, kind: str, number: int, compute):
        """What `compute()` gives for page `number`, computed once: several checks read the same page."""
        key = (kind, number)
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def name(self) -> str:
        return str(self.path)

    def close(self) -> None:
        if "pdfium" in self.__dict__:
            self.pdfium.close()


def box(page: pypdf.PageObject, name: str) -> Bounds | None:
    """The page's box `name` ("/TrimBox"...) as normalised x0, y0, x1, y1, if set on the page."""
    value = page.get(name)
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value.get_object())
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def media_box(page: pypdf.PageObject) -> Bounds:
    """MediaBox (inheritable, so read through pypdf's accessor)."""
    mb = page.mediabox
    return float(mb.left), float(mb.bottom), float(mb.right), float(mb.top)


def trim_or_media(page: pypdf.PageObject) -> Bounds:
    """The finished page: TrimBox when the page has one, else the MediaBox."""
    return box(page, "/TrimBox") or media_box(page)
