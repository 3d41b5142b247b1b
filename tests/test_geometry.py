"""Cut marks, the one routine badges, tents and the booklet share (layout/geometry.py).

Expected positions are worked out here in millimetres from the stock's
description, not taken from the code under test.
"""
from __future__ import annotations

from printkit.layout.geometry import Rect, cut_marks
from printkit.layout.pagebox import PrintPage
from printkit.layout.sheet import SlotGrid
from printkit.load.registration import find_badge_stock
from printkit.model import BadgeSettings

MM = 72 / 25.4
TOLERANCE = 0.01 * MM


def in_mm(mark) -> tuple[float, ...]:
    """A mark as (x0, y0, x1, y1) in mm, its ends ordered, to 0.01 mm."""
    x0, x1 = sorted((mark.x0, mark.x1))
    y0, y1 = sorted((mark.y0, mark.y1))
    return tuple(round(v / MM, 2) for v in (x0, y0, x1, y1))


def test_a_sheet_filled_edge_to_edge_gets_6_mm_ticks_on_its_cut_lines_at_the_page_edges():
    """4 × A6 on A4 (0.5 mm from the top): one cut down the middle at 105 mm, one across at
    148.5 mm from the bottom; the outer cut lines lie within 1 mm of the page edge and get none."""
    grid = SlotGrid(find_badge_stock("a4-4xa6", BadgeSettings()))
    marks = grid.cut_marks([grid.slot(i) for i in range(grid.per_page)])
    assert sorted(in_mm(m) for m in marks) == sorted([
        (105.0, 0.0, 105.0, 6.0), (105.0, 291.0, 105.0, 297.0),  # the vertical cut, bottom and top
        (0.0, 148.5, 6.0, 148.5), (204.0, 148.5, 210.0, 148.5),  # the horizontal cut, left and right
    ])


def test_booklet_crop_marks_run_from_2_mm_outside_the_bleed_to_the_media_edge():
    page = PrintPage(148 * MM, 210 * MM, marks=True)
    margin = 3 + 2 + 6  # bleed, gap, mark
    assert round(page.media.width / MM, 2) == 148 + 2 * margin
    left, right, bottom, top = margin, margin + 148, margin, margin + 210
    expected = []
    for x in (left, right):
        expected += [(x, 0, x, 6), (x, top + 5, x, top + 11)]
    for y in (bottom, top):
        expected += [(0, y, 6, y), (right + 5, y, right + 11, y)]
    assert sorted(in_mm(m) for m in page.crop_marks()) == sorted(tuple(float(v) for v in e) for e in expected)
    assert PrintPage(148 * MM, 210 * MM).crop_marks() == ()


def test_marks_between_boxes_stop_at_the_next_box_and_never_enter_one():
    """Two 100 × 50 mm boxes side by side with a 5 mm gutter on a 230 × 100 mm sheet: the
    ticks into the gutter start 2 mm from a corner and end at the neighbour (3 mm), the
    outer ones are 6 mm long."""
    boxes = [Rect(10 * MM, 25 * MM, 100 * MM, 50 * MM), Rect(115 * MM, 25 * MM, 100 * MM, 50 * MM)]
    marks = cut_marks(boxes, Rect(0, 0, 230 * MM, 100 * MM))
    found = {in_mm(m) for m in marks}
    assert (112.0, 25.0, 115.0, 25.0) in found  # from the first box's lower right corner into the gutter
    assert (110.0, 25.0, 113.0, 25.0) in found  # from the second box's lower left corner, back towards the first
    assert (2.0, 25.0, 8.0, 25.0) in found and (217.0, 75.0, 223.0, 75.0) in found
    assert (10.0, 17.0, 10.0, 23.0) in found and (215.0, 77.0, 215.0, 83.0) in found
    for mark in marks:
        for box in boxes:
            inside_x = min(mark.x0, mark.x1) < box.right - TOLERANCE and max(mark.x0, mark.x1) > box.x + TOLERANCE
            inside_y = min(mark.y0, mark.y1) < box.top - TOLERANCE and max(mark.y0, mark.y1) > box.y + TOLERANCE
            assert not (inside_x and inside_y), in_mm(mark)
    assert len(marks) == 16  # two ticks at each of the eight corners
