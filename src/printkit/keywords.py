"""What printkit tells `check` about a sheet product, in the PDF's Keywords.

A badge or tent sheet is a grid of slots: text must stay inside its slot, and
a badge's QR code sits in a known area of it. The products write that here;
`check` reads it back to judge text against its own slot and to rasterise
only where codes are (a page rendered whole at 300 dpi costs ten times
more). One module writes and reads the record, so the two cannot drift:

    printkit {"product":"badges","slots":[[x,y,w,h],…],"codes":[[x,y,w,h],…],"backs":true}

All rectangles are in PDF points, x and y their lower left corner. `codes`
are the areas where QR codes are drawn (without their quiet zone), the same
on every front page; a file without them is checked page by page in full.
`backs` says that pages 2, 4, 6… are the backs of the sheets before them,
which carry no codes: two-sided badges.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from .layout.geometry import Rect

PREFIX = "printkit "


@dataclass(frozen=True)
class SheetRecord:
    product: str
    slots: tuple[Rect, ...] = ()
    codes: tuple[Rect, ...] = ()
    backs: bool = False  # every second page is the backs of the one before: no codes there

    def to_keywords(self) -> str:
        data: dict = {"product": self.product, "slots": _rounded(self.slots)}
        if self.codes:
            data["codes"] = _rounded(self.codes)
        if self.backs:
            data["backs"] = True
        return PREFIX + json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_keywords(cls, keywords: str) -> "SheetRecord | None":
        """The record in `keywords`, or None when the file is not a printkit sheet (or the record is damaged)."""
        if not keywords.startswith(PREFIX):
            return None
        try:
            data = json.loads(keywords[len(PREFIX):])
            return cls(str(data["product"]), _rects(data.get("slots", [])), _rects(data.get("codes", [])),
                       data.get("backs") is True)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


def _rounded(rects: tuple[Rect, ...]) -> list[list[float]]:
    return sorted({tuple(rect.as_list()) for rect in rects})


def _rects(values) -> tuple[Rect, ...]:
    return tuple(Rect(float(x), float(y), float(w), float(h)) for x, y, w, h in values)
