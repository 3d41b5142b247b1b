"""The geometry vocabulary every product shares: points, millimetres, rectangles, segments.

Lengths are PDF points (1/72 in) with the origin at the lower-left of the
page; stocks and options are given in millimetres and turned into points
with `MM`. Imports nothing of printkit, so layout, render and check can all
use it.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Rect:
    """An axis-parallel rectangle: lower-left corner, width and height, in points."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    def as_pdf(self) -> tuple[float, float, float, float]:
        """[llx, lly, urx, ury], the order PDF page boxes use."""
        return (self.x, self.y, self.right, self.top)

    def as_list(self) -> list[float]:
        """[x, y, width, height] to 1/1000 pt, as printkit records slots in a PDF's Keywords."""
        return [round(self.x, 3), round(self.y, 3), round(self.width, 3), round(self.height, 3)]

    def grown(self, by: float) -> Rect:
        return Rect(self.x - by, self.y - by, self.width + 2 * by, self.height + 2 * by)


@dataclass(frozen=True)
class Segment:
    """A straight line from (x0, y0) to (x1, y1), in points."""

    x0: float
    y0: float
    x1: float
    y1: float
