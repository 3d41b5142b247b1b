"""Drawing a day of the programme as a grid (see `layout.grid`) in the booklet.

`DayGridFlowable` is one reportlab flowable for a whole day that splits
itself only at the page breaks the layout allows, and draws the room
headers again at the top of every page it continues on.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable

from ..layout.grid import DayGrid
from ..model import Room, Session
from ..text.lines import break_lines
from .text import draw_line
from .palette import BLACK, GREY, PAPER, PRIMARY, RULE, SHADE, TINT

SIZE, LEADING = 8.0, 9.6  # every text of the grid: the booklet's smallest size
PAD = 3.0  # inside a box
TIME_COLUMN = 28.0  # the times down the left edge
GAP = 1.0  # white between boxes


def cell_lines(session: Session, width: float) -> list[tuple[str, str, object]]:
    """(text, style, colour) lines of a box: times, title, subtitle and who speaks."""
    lines = [(session.time_range, "bold", PRIMARY)]
    lines += [(line, "bold", BLACK) for line in break_lines(session.title, SIZE, width, "bold")]
    names = grid_people(session)
    if names:
        lines += [(line, "regular", GREY) for line in break_lines(names, SIZE, width)]
    return lines


def grid_people(session: Session) -> str:
    if session.kind == "panel" and session.moderators:
        return "Moderated by " + ", ".join(p.display_name for p in session.moderators)
    return ", ".join(p.display_name for p in session.people)


def text_height(session: Session, width: float) -> float:
    """How tall a box must be for `session` when the box is `width` wide."""
    return len(cell_lines(session, width - 2 * PAD - GAP)) * LEADING + 2 * PAD + GAP


def header_lines(rooms: Sequence[Room], width: float) -> list[list[str]]:
    """Each room's name broken to its column, in a grid `width` wide (with the time column)."""
    column = grid_width(width) / max(len(rooms), 1)
    return [break_lines(room.name, SIZE, column - 2 * PAD, "bold") for room in rooms]


def header_height(rooms: Sequence[Room], width: float) -> float:
    """The height of the room headers every page of a grid repeats."""
    return max((len(lines) for lines in header_lines(rooms, width)), default=1) * LEADING + 2 * PAD


def grid_width(frame_width: float) -> float:
    """The width the rooms share: the frame less the time column."""
    return frame_width - TIME_COLUMN


class DayGridFlowable(Flowable):
    """The rows of `grid` from boundary `first` to `last` (default: to the end of the day)."""

    def __init__(self, grid: DayGrid, first: int = 0, last: int | None = None):
        super().__init__()
        self.grid, self.first = grid, first
        self.last = len(grid.times) - 1 if last is None else last

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = header_height(self.grid.rooms, available_width) + self.grid.tops[self.last] - self.grid.tops[self.first]
        return self.width, self.height

    def split(self, available_width, available_height):
        room = available_height - header_height(self.grid.rooms, available_width)
        last = self.grid.last_fitting(self.first, room)
        if last is None:
            return []
        if last >= self.last:
            return [self]
        return [DayGridFlowable(self.grid, self.first, last), DayGridFlowable(self.grid, last, self.last)]

    def draw(self):
        canvas, page = self.canv, self.grid.page(self.first, self.last)
        header = header_height(self.grid.rooms, self.width)
        body_top = self.height - header
        column = grid_width(self.width) / max(len(page.rooms), 1)
        canvas.setFillColor(PRIMARY)
        canvas.rect(TIME_COLUMN, body_top, self.width - TIME_COLUMN, header, stroke=0, fill=1)
        for index, lines in enumerate(header_lines(self.grid.rooms, self.width)):
            x = TIME_COLUMN + index * column + PAD
            for number, line in enumerate(lines):
                draw_line(canvas, x, self.height - PAD - SIZE - number * LEADING, line, SIZE, "bold", color=PAPER)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        previous = None
        for time, top in page.times:
            y = body_top - top
            canvas.line(0, y, TIME_COLUMN - 2, y)
            if previous is None or previous - y >= LEADING:
                draw_line(canvas, 0, y - SIZE - 1, f"{time:%H:%M}", SIZE, "bold", color=GREY)
                previous = y
        for cell in page.cells:
            x = TIME_COLUMN + cell.column * column
            width = column * cell.span - GAP
            top = body_top - cell.top
            canvas.setFillColor(SHADE if cell.span > 1 else TINT)
            canvas.rect(x, top - cell.height + GAP, width, cell.height - GAP, stroke=0, fill=1)
            y = top - PAD - SIZE
            for text, style, colour in cell_lines(cell.session, width - 2 * PAD):
                draw_line(canvas, x + PAD, y, text, SIZE, style, color=colour)
                y -= LEADING
