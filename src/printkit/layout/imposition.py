"""Saddle-stitch imposition: which booklet page goes where on which sheet.

A saddle-stitched booklet is a stack of sheets folded once; each sheet side
carries two pages. Printing sheet i's front with [n - 2i, 1 + 2i] and its back
with [2 + 2i, n - 1 - 2i] makes the folded stack read 1, 2, …, n.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SheetSide:
    """Page numbers (1-based) on the left and right half of one side of a sheet."""

    left: int
    right: int


@dataclass(frozen=True)
class ImposedSheet:
    """One sheet of the imposed booklet: the pages on its front and on its back."""

    front: SheetSide
    back: SheetSide


def saddle_stitch(page_count: int) -> list[ImposedSheet]:
    """Sheets in printing order for a booklet of `page_count` pages (a multiple of 4)."""
    if page_count <= 0 or page_count % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {page_count}")
    return [
        ImposedSheet(
            front=SheetSide(page_count - 2 * i, 1 + 2 * i),
            back=SheetSide(2 + 2 * i, page_count - 1 - 2 * i),
        )
        for i in range(page_count // 4)
    ]


def pad_to_multiple_of_four(page_count: int) -> int:
    """How many blank pages make `page_count` a multiple of 4."""
    return -page_count % 4
