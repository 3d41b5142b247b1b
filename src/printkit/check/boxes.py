"""Page size and print boxes: TrimBox inside BleedBox inside MediaBox, 3 mm bleed.

Checked for every page that has a TrimBox, and required of printkit's
booklet, whose pages must carry them for the printer to trim to A5. A sheet
that is printed as it is (badges, tents, the imposed booklet: TrimBox,
BleedBox and MediaBox all the same) has no bleed at all, which is right too;
a bleed of any other width is not.
"""
from __future__ import annotations

from collections import Counter

from ..layout.geometry import MM
from .document import Bounds, Document, box, media_box, trim_or_media
from .findings import ERROR, INFO, WARNING, Finding

BLEED_MM = 3.0
TOLERANCE_MM = 0.01
PRODUCTS_WITH_TRIM = {"booklet"}


def check_boxes(doc: Document) -> list[Finding]:
    findings = [f for number, page in enumerate(doc.reader.pages, start=1)
                for f in _page_boxes(doc, number, page)]
    return findings + _page_sizes(doc)


def _page_boxes(doc: Document, number: int, page) -> list[Finding]:
    trim, bleed, media = box(page, "/TrimBox"), box(page, "/BleedBox"), media_box(page)
    if trim is None:
        if doc.product in PRODUCTS_WITH_TRIM:
            return [Finding(doc.name, number, "boxes", ERROR, f"no TrimBox (a printkit {doc.product} page must have one)")]
        return []
    if bleed is None:
        return [Finding(doc.name, number, "boxes", ERROR, "TrimBox but no BleedBox")]
    problems = []
    if not _inside(trim, bleed):
        problems.append("TrimBox is not inside the BleedBox")
    if not _inside(bleed, media):
        problems.append("BleedBox is not inside the MediaBox")
    margins = _margins_mm(trim, bleed)
    whole_sheet = doc.product not in PRODUCTS_WITH_TRIM and all(m <= TOLERANCE_MM for m in margins)
    if not whole_sheet and any(abs(m - BLEED_MM) > TOLERANCE_MM for m in margins):
        sides = ", ".join(f"{side} {m:.2f}" for side, m in zip(("left", "bottom", "right", "top"), margins))
        problems.append(f"bleed must be {BLEED_MM:g} mm on each side, is {sides} mm")
    return [Finding(doc.name, number, "boxes", ERROR, p) for p in problems]


def _inside(inner: Bounds, outer: Bounds) -> bool:
    eps = TOLERANCE_MM * MM
    return (inner[0] >= outer[0] - eps and inner[1] >= outer[1] - eps
            and inner[2] <= outer[2] + eps and inner[3] <= outer[3] + eps)


def _margins_mm(inner: Bounds, outer: Bounds) -> tuple[float, ...]:
    """Distance from inner to outer on the left, bottom, right, top, in mm."""
    return tuple(abs(d) / MM for d in (inner[0] - outer[0], inner[1] - outer[1],
                                       outer[2] - inner[2], outer[3] - inner[3]))


def _page_sizes(doc: Document) -> list[Finding]:
    """Report the finished page size(s); mixed sizes in one file deserve a look."""
    sizes = Counter(_size_mm(trim_or_media(page)) for page in doc.reader.pages)
    text = ", ".join(f"{w:g} × {h:g} mm ({n} page{'s' if n != 1 else ''})" for (w, h), n in sizes.items())
    findings = [Finding(doc.name, None, "page size", INFO, text)]
    if len(sizes) > 1:
        findings.append(Finding(doc.name, None, "page size", WARNING, f"pages of different sizes: {text}"))
    return findings


def _size_mm(rect: Bounds) -> tuple[float, float]:
    return round((rect[2] - rect[0]) / MM, 1), round((rect[3] - rect[1]) / MM, 1)
