"""The programme at a glance as a grid: rooms as columns, time running down.

Pure geometry, in points, without drawing. Time is cut into rows at every
start and end of the day; a row is as tall as its minutes at the grid's
scale, and rows grow where an item's text needs more room than its minutes
give it, so every item spans exactly the rows of its duration and its text
always fits its box. Items in every room (or without one) span all columns.
Pages break only where no item runs across the break, so no item is ever
split; each page repeats the room headers (the renderer draws them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Room, Session

MINUTE_SCALES = (0.9, 0.5, 0.0)  # pt per minute, tried in turn until every block fits a page


@dataclass(frozen=True)
class Cell:
    """One item on the grid: its first column, columns spanned and vertical place (from the grid's top)."""

    session: Session
    column: int
    span: int
    top: float
    height: float


@dataclass(frozen=True)
class GridPage:
    """The part of a day's grid on one page: its cells and row times, from 0 at its top."""

    rooms: tuple[Room, ...]
    cells: tuple[Cell, ...]
    times: tuple[tuple[dt.time, float], ...]


@dataclass(frozen=True)
class DayGrid:
    """A whole day: row boundaries (times), their tops, and the cells, before paging."""

    rooms: tuple[Room, ...]
    times: tuple[dt.time, ...]
    tops: tuple[float, ...]  # the top of each boundary; the last is the grid's height
    cells: tuple[Cell, ...]

    def cut_points(self) -> list[int]:
        """Boundaries (by index) that no item runs across: where a page may end."""
        return [i for i, time in enumerate(self.times)
                if not any(c.session.start < time < c.session.end for c in self.cells)]

    def page(self, first: int, last: int) -> GridPage:
        """The rows between two boundaries, moved to start at 0."""
        start, end, offset = self.times[first], self.times[last], self.tops[first]
        cells = tuple(Cell(c.session, c.column, c.span, c.top - offset, c.height)
                      for c in self.cells if start <= c.session.start and c.session.end <= end)
        times = tuple((t, top - offset) for t, top in zip(self.times[first:last], self.tops[first:last]))
        return GridPage(self.rooms, cells, times)

    def last_fitting(self, first: int, room: float) -> int | None:
        """The furthest boundary after `first` where a page of `room` points may end, if any."""
        fitting = [i for i in self.cut_points() if i > first and self.tops[i] - self.tops[first] <= room + 0.01]
        return fitting[-1] if fitting else None


class GridDoesNotFit(Exception):
    """Items that follow one another without a break are together taller than a page."""

    def __init__(self, time: dt.time):
        super().__init__(f"the items from {time:%H:%M} run into each other without a break "
                         "and are together taller than a page")


def has_parallel_items(sessions: Sequence[Session]) -> bool:
    """Whether two items of the day run at the same time (necessarily in different rooms)."""
    ordered = sorted(sessions, key=lambda s: s.start)
    return any(b.start < a.end for a, b in zip(ordered, ordered[1:]))


def grid_rooms(sessions: Sequence[Session], rooms: Sequence[Room]) -> tuple[Room, ...]:
    """The columns: the rooms that have an item of their own that day, in the order of `rooms:`."""
    used = {room for s in sessions if not s.in_every_room for room in s.rooms}
    return tuple(room for room in rooms if room in used)


def lay_out_day(sessions: Sequence[Session], rooms: Sequence[Room], width: float,
                text_height: Callable[[Session, float], float], page_height: float) -> DayGrid:
    """Place a day's items: columns of `width` / len(rooms), rows tall enough for their text.

    `text_height(session, width)` is how tall the item's text is when set
    `width` wide; the most time-proportional scale at which every run of
    items without a break fits `page_height` is used.
    """
    columns = grid_rooms(sessions, rooms)
    column_width = width / max(len(columns), 1)
    times = sorted({t for s in sessions for t in (s.start, s.end)})
    placed = [(s, *columns_of(s, columns)) for s in sessions]
    needs = [text_height(s, column_width * span) for s, _, span in placed]
    for scale in MINUTE_SCALES:
        grid = build_grid(columns, times, placed, needs, scale)
        cuts = grid.cut_points()
        too_tall = [a for a, b in zip(cuts, cuts[1:]) if grid.tops[b] - grid.tops[a] > page_height]
        if not too_tall:
            return grid
    raise GridDoesNotFit(times[too_tall[0]])


def columns_of(session: Session, columns: tuple[Room, ...]) -> tuple[int, int]:
    """(first column, span): all columns for an item in every room or without a room."""
    if session.in_every_room or not session.rooms or session.rooms[0] not in columns:
        return 0, max(len(columns), 1)
    return columns.index(session.rooms[0]), 1


def build_grid(columns: tuple[Room, ...], times: list[dt.time], placed, needs: list[float],
               scale: float) -> DayGrid:
    index = {t: i for i, t in enumerate(times)}
    heights = [minutes(a, b) * scale for a, b in zip(times, times[1:])]
    spans = [(index[s.start], index[s.end]) for s, _, _ in placed]
    for (a, b), need in sorted(zip(spans, needs), key=lambda pair: pair[0][1] - pair[0][0]):
        deficit = need - sum(heights[a:b])
        if deficit > 0:
            total = sum(minutes(times[i], times[i + 1]) for i in range(a, b))
            for i in range(a, b):
                heights[i] += deficit * minutes(times[i], times[i + 1]) / total
    tops = [0.0]
    for height in heights:
        tops.append(tops[-1] + height)
    cells = tuple(Cell(s, column, span, tops[a], tops[b] - tops[a])
                  for (s, column, span), (a, b) in zip(placed, spans))
    return DayGrid(columns, tuple(times), tuple(tops), cells)


def minutes(start: dt.time, end: dt.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
