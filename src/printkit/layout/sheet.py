"""Sheets of slots: where each badge (label, card) goes on the page.

Pure geometry in PDF points (origin bottom-left), from a `SheetStock` given in
millimetres from the top-left corner as label makers document it. Handles the
printer offset (`--offset`), starting on a partly used sheet (`--start-at`)
and where the backs go for duplex printing, so products that print on sheets
of slots share one tested implementation.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import SheetStock
from .geometry import MM, Rect, Segment, cut_marks

DUPLEX_MODES = ("long-edge", "short-edge")


@dataclass(frozen=True)
class SlotGrid:
    """A stock turned into page geometry, with the printer offset applied."""

    stock: SheetStock
    offset_mm: tuple[float, float] = (0.0, 0.0)

    @property
    def page_size(self) -> tuple[float, float]:
        return (self.stock.page[0] * MM, self.stock.page[1] * MM)

    @property
    def per_page(self) -> int:
        return self.stock.columns * self.stock.rows

    def slot(self, index: int) -> Rect:
        """Slot `index` of a front page, in reading order (rows top to bottom, columns left to right)."""
        row, column = divmod(index, self.stock.columns)
        return self._slot_at(row, column)

    def back_slot(self, index: int, duplex: str) -> Rect:
        """Where the back of slot `index` goes so it lands behind its front.

        Long-edge flipping turns the sheet about its vertical axis, so
        columns are mirrored; short-edge turns it about the horizontal axis,
        so rows are mirrored.
        """
        if duplex not in DUPLEX_MODES:
            raise ValueError(f"duplex must be one of {DUPLEX_MODES}, not {duplex!r}")
        row, column = divmod(index, self.stock.columns)
        front = self._unshifted(row, column)
        page_w, page_h = self.page_size
        mirrored = (Rect(page_w - front.right, front.y, front.width, front.height) if duplex == "long-edge"
                    else Rect(front.x, page_h - front.top, front.width, front.height))
        return self._shift(mirrored)

    def _unshifted(self, row: int, column: int) -> Rect:
        s = self.stock
        left = (s.first[0] + column * s.pitch[0]) * MM
        top = (s.first[1] + row * s.pitch[1]) * MM
        return Rect(left, self.page_size[1] - top - s.slot[1] * MM, s.slot[0] * MM, s.slot[1] * MM)

    def _slot_at(self, row: int, column: int) -> Rect:
        return self._shift(self._unshifted(row, column))

    def _shift(self, rect: Rect) -> Rect:
        """The printer offset: X to the right, Y downwards, in mm, as measured on the print."""
        return Rect(rect.x + self.offset_mm[0] * MM, rect.y - self.offset_mm[1] * MM, rect.width, rect.height)

    def cut_marks(self, slots: list[Rect]) -> tuple[Segment, ...]:
        """Marks for cutting `slots` out of the page (see `geometry.cut_marks`).

        On a sheet filled edge to edge (4 × A6 on A4) the ticks sit on the cut
        lines at the page's edges, so the guillotine removes them.
        """
        page_w, page_h = self.page_size
        return cut_marks(slots, Rect(0, 0, page_w, page_h))


def start_at_problem(start_at: int, per_page: int) -> str | None:
    """Why `--start-at` (1-based slot of the first sheet) is impossible on this stock, if it is."""
    if 1 <= start_at <= per_page:
        return None
    return f"must be between 1 and {per_page} for this stock, not {start_at}"
