"""The day grid's geometry (layout.grid), without drawing: boxes span their times, text fits, breaks are safe."""

from __future__ import annotations

import datetime as dt

import pytest

from printkit.layout.grid import GridDoesNotFit, has_parallel_items, lay_out_day
from printkit.model import Room, Session

HALL, B, C = Room("hall", "Hall"), Room("b", "Room B"), Room("c", "Room C")


def item(name: str, start: str, end: str, *rooms: Room, every: bool = False) -> Session:
    return Session(name, "talk", name, dt.time.fromisoformat(start), dt.time.fromisoformat(end),
                   rooms=(HALL, B, C) if every else rooms, in_every_room=every)


DAY = [
    item("opening", "09:00", "09:30", every=True),
    item("a", "09:30", "10:30", HALL), item("b", "09:30", "10:00", B), item("c", "10:00", "10:30", B),
    item("long", "09:30", "12:00", C),
    item("lunch", "12:00", "13:00", every=True),
]


def tall_text(session: Session, width: float) -> float:
    """Text that needs 40 pt whatever the width, more than 30 minutes give at 0.9 pt a minute."""
    return 40.0


def test_boxes_span_their_times_and_hold_their_text():
    grid = lay_out_day(DAY, (HALL, B, C), 300, tall_text, 400)
    assert grid.rooms == (HALL, B, C)
    cells = {cell.session.id: cell for cell in grid.cells}
    assert (cells["opening"].column, cells["opening"].span) == (0, 3)
    assert (cells["long"].column, cells["long"].span) == (2, 1)
    for cell in grid.cells:
        assert cell.height >= 40.0 - 0.01
        top = grid.tops[grid.times.index(cell.session.start)]
        bottom = grid.tops[grid.times.index(cell.session.end)]
        assert cell.top == pytest.approx(top, abs=0.01) and cell.top + cell.height == pytest.approx(bottom, abs=0.01)
    # b and c follow each other in Room B: c starts where b ends
    assert cells["c"].top == pytest.approx(cells["b"].top + cells["b"].height, abs=0.01)


def test_pages_break_only_where_no_item_runs_across():
    grid = lay_out_day(DAY, (HALL, B, C), 300, tall_text, 400)
    times = [grid.times[i] for i in grid.cut_points()]
    assert times == [dt.time(9), dt.time(9, 30), dt.time(12), dt.time(13)]  # not 10:00 or 10:30: 'long' runs on
    first = grid.last_fitting(0, grid.tops[-1] - 1)  # a page a little shorter than the day
    assert grid.times[first] == dt.time(12)


def test_parallel_items_and_a_run_too_long_for_a_page():
    assert has_parallel_items(DAY) and not has_parallel_items([DAY[0], DAY[-1]])
    with pytest.raises(GridDoesNotFit, match="from 09:30"):
        lay_out_day(DAY, (HALL, B, C), 300, tall_text, 60)
