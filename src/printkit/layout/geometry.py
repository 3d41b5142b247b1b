"""The geometry vocabulary every product shares: points, millimetres, rectangles, segments.

Lengths are PDF points (1/72 in) with the origin at the lower-left of the
page; stocks and options are given in millimetres and turned into points
with `MM`. Imports nothing of printkit, so layout, render and check can all
use it.
"""

from __future__ import annotations

from collections.abc import Sequence
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

    def union(self, other: Rect) -> Rect:
        """The smallest rectangle holding both."""
        x, y = min(self.x, other.x), min(self.y, other.y)
        return Rect(x, y, max(self.right, other.right) - x, max(self.top, other.top) - y)


@dataclass(frozen=True)
class Segment:
    """A straight line from (x0, y0) to (x1, y1), in points."""

    x0: float
    y0: float
    x1: float
    y1: float


# -- cut marks ----------------------------------------------------------------

MARK_LENGTH = 6 * MM
MARK_WIDTH = 0.25  # pt: the line a mark is drawn with
MARK_GAP = 2 * MM  # between a corner (or the bleed around it) and its marks
MARK_MIN = 0.5  # pt: what is left of a tick after clipping must be longer than this to be drawn
EDGE_MIN = 1 * MM  # a cut line this close to the area's edge is that edge: it gets no tick
EPSILON = 0.01  # pt: edges computed from float sums (and ticks rounded to 1/1000 pt) still meet


def cut_marks(boxes: Sequence[Rect], area: Rect, gap: float = MARK_GAP,
              length: float = MARK_LENGTH) -> tuple[Segment, ...]:
    """Cut (crop) marks for cutting `boxes` out of `area`, a sheet or a page's media.

    Every corner of every box gets two ticks that continue its edges
    outwards, from `gap` beyond the corner for `length`, stopped at the
    area's edge and at the next box, so a mark never prints on a box. A
    corner with no room beyond it (boxes filled edge to edge, 4 × A6 on A4)
    gets its tick at the area's edge instead, reaching `length` inwards along
    the cut line, where the guillotine cuts it away; a cut line within
    EDGE_MIN of the area's edge is that edge and gets none.

    One MARK_LENGTH of 6 mm and one MARK_GAP of 2 mm (plus any bleed) serve
    every product; the booklet had 6 mm, badges and tents 5 mm (tents a
    1.5 mm gap). 6 mm because the booklet's page size is built from it
    (bleed + gap + mark), so keeping it keeps that size, and because on
    office-printed badge sheets, whose ticks start at the paper's edge, a
    6 mm tick still shows past the 4-5 mm border such printers cannot print.
    """
    marks: dict[Segment, None] = {}
    for box in boxes:
        for x, y, sx, sy in ((box.x, box.y, -1, -1), (box.right, box.y, 1, -1),
                             (box.x, box.top, -1, 1), (box.right, box.top, 1, 1)):
            for dx, dy in ((sx, 0), (0, sy)):
                tick = outward_tick(x, y, dx, dy, boxes, area, gap, length) or edge_tick(
                    x, y, dx, dy, boxes, area, length)
                if tick:
                    marks[tick] = None
    return tuple(marks)


def outward_tick(x: float, y: float, dx: int, dy: int, boxes: Sequence[Rect], area: Rect, gap: float,
                 length: float) -> Segment | None:
    """The tick from corner (x, y) in direction (dx, dy), or None if there is no room for one."""
    end = min(room(x, y, dx, dy, boxes, area), gap + length)
    if end - gap <= MARK_MIN:
        return None
    return rounded(x + dx * gap, y + dy * gap, x + dx * end, y + dy * end)


def edge_tick(x: float, y: float, dx: int, dy: int, boxes: Sequence[Rect], area: Rect,
              length: float) -> Segment | None:
    """The tick on the cut line through (x, y) at the area's edge in direction (dx, dy), reaching inwards."""
    if not dx:  # a vertical line: the same as a horizontal one with x and y swapped
        tick = edge_tick(y, x, dy, 0, [swapped(b) for b in boxes], swapped(area), length)
        return tick and Segment(tick.y0, tick.x0, tick.y1, tick.x1)
    if not area.y + EDGE_MIN < y < area.top - EDGE_MIN:
        return None
    edge = area.right if dx > 0 else area.x
    tick = rounded(edge, y, edge - dx * length, y)
    return None if any(enters(tick, box) for box in boxes) else tick


def room(x: float, y: float, dx: int, dy: int, boxes: Sequence[Rect], area: Rect) -> float:
    """How far the line from (x, y) in direction (dx, dy) runs before it meets the area's edge or a box."""
    if not dx:
        return room(y, x, dy, 0, [swapped(b) for b in boxes], swapped(area))
    free = area.right - x if dx > 0 else x - area.x
    for box in boxes:
        if box.y - EPSILON <= y <= box.top + EPSILON:
            near, far = (box.x - x, box.right - x) if dx > 0 else (x - box.right, x - box.x)
            if far > EPSILON:  # the box lies ahead
                free = min(free, max(0.0, near))
    return free


def swapped(rect: Rect) -> Rect:
    """`rect` mirrored about the diagonal (x and y swapped), to treat vertical lines as horizontal ones."""
    return Rect(rect.y, rect.x, rect.height, rect.width)


def enters(segment: Segment, box: Rect) -> bool:
    """True if the segment enters the inside of `box` (running along its edge is fine)."""
    return (min(segment.x0, segment.x1) < box.right - EPSILON and max(segment.x0, segment.x1) > box.x + EPSILON
            and min(segment.y0, segment.y1) < box.top - EPSILON and max(segment.y0, segment.y1) > box.y + EPSILON)


def rounded(x0: float, y0: float, x1: float, y1: float) -> Segment:
    """A segment to 1/1000 pt, so the same tick reached from two corners is drawn once."""
    return Segment(round(x0, 3), round(y0, 3), round(x1, 3), round(y1, 3))
