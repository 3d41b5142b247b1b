"""Page boxes for print: trim, bleed, media, and crop marks.

A print shop trims each sheet to the TrimBox; anything meant to run to the
edge is drawn out to the BleedBox so a slightly-off cut shows no white line.
Crop marks sit outside the bleed, so asking for them grows the media around
the page instead of scaling its content.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

BLEED = 3 * mm
MARK_LENGTH = 6 * mm
MARK_GAP = 2 * mm  # between the bleed edge and the start of a mark


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def x1(self) -> float:
        return self.x + self.width

    @property
    def y1(self) -> float:
        return self.y + self.height

    def as_pdf(self) -> tuple[float, float, float, float]:
        """[llx, lly, urx, ury], the order PDF page boxes use."""
        return (self.x, self.y, self.x1, self.y1)

    def grown(self, by: float) -> Box:
        return Box(self.x - by, self.y - by, self.width + 2 * by, self.height + 2 * by)


@dataclass(frozen=True)
class PrintPage:
    """A trimmed page of `trim_width` × `trim_height` on media with bleed (and marks)."""

    trim_width: float
    trim_height: float
    bleed: float = BLEED
    marks: bool = False

    @property
    def margin(self) -> float:
        """Space between the media edge and the trim edge."""
        return self.bleed + (MARK_GAP + MARK_LENGTH if self.marks else 0)

    @property
    def media(self) -> Box:
        return Box(0, 0, self.trim_width + 2 * self.margin, self.trim_height + 2 * self.margin)

    @property
    def trim(self) -> Box:
        return Box(self.margin, self.margin, self.trim_width, self.trim_height)

    @property
    def bleed_box(self) -> Box:
        return self.trim.grown(self.bleed)

    def crop_marks(self) -> list[tuple[float, float, float, float]]:
        """Line segments (x0, y0, x1, y1) on the trim lines, outside the bleed."""
        if not self.marks:
            return []
        trim, start = self.trim, self.bleed + MARK_GAP
        segments = []
        for x in (trim.x, trim.x1):
            for y, direction in ((trim.y, -1), (trim.y1, 1)):
                segments.append((x, y + direction * start, x, y + direction * (start + MARK_LENGTH)))
        for y in (trim.y, trim.y1):
            for x, direction in ((trim.x, -1), (trim.x1, 1)):
                segments.append((x + direction * start, y, x + direction * (start + MARK_LENGTH), y))
        return segments
