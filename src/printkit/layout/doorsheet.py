"""Door sheets: one A4 portrait page per room and day, read from a corridor.

Pure geometry in points from the page's lower-left corner. The room name is
set as large as it fits two lines across the top; the items are set in one
size, the largest at which they fit on one page; only when even the smallest
size is too big do they continue on more pages (headed the same), set as
large as that number of pages allows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Programme, Room, Session, long_day
from ..text.metrics import LEADING
from ..text.fit import DoesNotFitError, FittedText, fit
from ..text.lines import break_lines
from ..text.measure import text_width
from .geometry import MM

A4 = (210 * MM, 297 * MM)
MARGIN = 18 * MM
ROOM_SIZE = (96.0, 40.0)  # the room name: largest, smallest
DAY_SIZE = 30.0
ITEM_SIZES = (30.0, 14.0)  # an item's time and title: largest, smallest (people at 0.7 of it)
PEOPLE_SHARE = 0.7
FOOTER_SIZE = 11.0


@dataclass(frozen=True)
class Line:
    """One line of text: its left edge and baseline, size, style and what it is (for the colour)."""

    x: float
    y: float
    text: str
    size: float
    style: str
    role: str  # room | day | time | title | people | footer


@dataclass(frozen=True)
class DoorSheet:
    room_name: str
    day: dt.date
    rule_y: float  # a rule across the page under the room name
    lines: tuple[Line, ...]
    items: tuple[Session, ...]


def door_sheets(programme: Programme) -> list[DoorSheet]:
    """Every room's sheets for every day it has items; a programme without rooms has the venue."""
    rooms: tuple[Room | None, ...] = programme.rooms or (None,)
    sheets = []
    for room in rooms:
        for day in programme.days_with_sessions:
            items = [s for s in programme.sessions_on(day) if room is None or not s.rooms or room in s.rooms]
            if items:
                sheets += room_day_sheets(programme, room.name if room else programme.event.venue, day, items)
    return sheets


def room_day_sheets(programme: Programme, room_name: str, day: dt.date, items: list[Session]) -> list[DoorSheet]:
    width = A4[0] - 2 * MARGIN
    name = room_name_lines(room_name, width)
    head = []
    y = A4[1] - MARGIN - name.size * 0.75
    for index, text in enumerate(name.lines):
        y -= name.size * LEADING if index else 0
        head.append(Line(MARGIN, y, text, name.size, "bold", "room"))
    rule_y = y - name.size * 0.25 - 5 * MM
    y = rule_y - 6 * MM - DAY_SIZE * 0.75
    head.append(Line(MARGIN, y, long_day(day), DAY_SIZE, "bold", "day"))
    footer = Line(MARGIN, MARGIN, f"{programme.event.short_title} · {programme.event.venue}", FOOTER_SIZE,
                  "regular", "footer")
    top, bottom = y - 12 * MM, MARGIN + FOOTER_SIZE + 8 * MM
    fewest = len(paginate(items, ITEM_SIZES[1], width, top - bottom))
    for size in sizes_from(*ITEM_SIZES):  # the largest size that needs no more pages than the smallest
        parts = paginate(items, size, width, top - bottom)
        if len(parts) <= fewest:
            break
    return [DoorSheet(room_name, day, rule_y, tuple(head + place([block for _, block in part], top) + [footer]),
                      tuple(item for item, _ in part)) for part in parts]


def paginate(items: list[Session], size: float, width: float, room: float) -> list[list[tuple[Session, tuple]]]:
    """Items with their blocks at `size`, in pages of at most `room` points (an item never split)."""
    pages: list[list[tuple[Session, tuple]]] = [[]]
    used = 0.0
    for item in items:
        block = item_block(item, size, width)
        if pages[-1] and used + block[1] > room:
            pages.append([])
            used = 0.0
        pages[-1].append((item, block))
        used += block[1]
    return pages


def room_name_lines(room_name: str, width: float) -> FittedText:
    """As large as the name fits in two lines; a longer name takes as many lines as it needs at the smallest size."""
    try:
        return fit(room_name, width, *ROOM_SIZE, max_lines=2, style="bold")
    except DoesNotFitError:
        return FittedText(ROOM_SIZE[1], tuple(break_lines(room_name, ROOM_SIZE[1], width, "bold")), "bold")


def sizes_from(largest: float, smallest: float) -> list[float]:
    return [largest - step for step in range(int(largest - smallest) + 1)]


def item_block(session: Session, size: float, width: float) -> tuple[list[Line], float]:
    """An item's lines relative to its top (baselines below 0), and the height it takes with the gap below."""
    text_x = text_width("00:00–00:00", size, "bold") + size
    baseline = -size
    lines = [Line(0, baseline, session.time_range, size, "bold", "time")]
    for index, text in enumerate(break_lines(session.title, size, width - text_x, "bold")):
        baseline -= size * LEADING if index else 0
        lines.append(Line(text_x, baseline, text, size, "bold", "title"))
    small = size * PEOPLE_SHARE
    people = ", ".join(p.display_name for p in session.people)
    for index, text in enumerate(break_lines(people, small, width - text_x) if people else []):
        baseline -= small * LEADING + (0 if index else small * 0.25)
        lines.append(Line(text_x, baseline, text, small, "regular", "people"))
    return lines, -baseline + size * 0.9


def place(blocks: list[tuple[list[Line], float]], top: float) -> list[Line]:
    """Stack the blocks from `top` down, moved to the page's margin."""
    placed = []
    for lines, height in blocks:
        placed += [Line(MARGIN + line.x, top + line.y, line.text, line.size, line.style, line.role) for line in lines]
        top -= height
    return placed
