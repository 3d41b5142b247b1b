"""Page boxes for print: trim, bleed, media, and crop marks.

A print shop trims each sheet to the TrimBox; anything meant to run to the
edge is drawn out to the BleedBox so a slightly-off cut shows no white line.
Crop marks sit outside the bleed, so asking for them grows the media around
the page instead of scaling its content.
"""

from __future__ import annotations

from dataclasses import dataclass

from .geometry import MARK_GAP, MARK_LENGTH, MM, Rect, Segment, cut_marks

BLEED = 3 * MM


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
    def media(self) -> Rect:
        return Rect(0, 0, self.trim_width + 2 * self.margin, self.trim_height + 2 * self.margin)

    @property
    def trim(self) -> Rect:
        return Rect(self.margin, self.margin, self.trim_width, self.trim_height)

    @property
    def bleed_box(self) -> Rect:
        return self.trim.grown(self.bleed)

    def crop_marks(self) -> tuple[Segment, ...]:
        """Marks on the trim lines, outside the bleed (none without `marks`)."""
        return cut_marks([self.trim], self.media, gap=self.bleed + MARK_GAP) if self.marks else ()
