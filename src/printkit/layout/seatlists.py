"""The seating lists: everyone by seat number, and by family name with the seat (for the door and the desk).

Pure layout of table rows on pages of the plan's size; every cell is set with
the shared fitting rules (two lines at most, never clipped).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Event, Person
from ..text.metrics import ASCENT, DESCENT, LEADING
from ..text.case import capitals
from ..text.fit import FittedText
from .geometry import MM
from .seating import SeatAssignment
from .seatplan import HEADER, MARGIN, Text, fit_readable, heading

CELL_SIZE = (9.0, 8.0, 6.5)  # pt: largest, smallest before a second line, smallest
ROW_PAD = 1.4 * MM
COLUMN_GAP = 4 * MM
HEADER_SIZE = 7.5


@dataclass(frozen=True)
class Column:
    title: str
    share: float  # of the page's text width
    align: str = "left"
    style: str = "regular"


@dataclass(frozen=True)
class ListPage:
    width: float
    height: float
    texts: tuple[Text, ...]
    rules: tuple[tuple[float, float, float], ...]  # x0, x1, y of hairlines under the header and between rows


BY_SEAT = (Column("Seat", 0.06, "right", "bold"), Column("Name", 0.27, style="bold"),
           Column("Affiliation", 0.49), Column("Delegation", 0.18))
BY_NAME = (Column("Family name", 0.28, style="bold"), Column("Given name", 0.26),
           Column("Delegation", 0.22), Column("Seat", 0.10, "right", "bold"))


def list_name(person: Person) -> str:
    family = capitals(person.family_name)
    parts = [family, person.given_name] if person.family_first else [person.given_name, family]
    return " ".join(p for p in parts if p)


def lay_out_lists(assignment: SeatAssignment, event: Event, size: tuple[float, float]) -> list[ListPage]:
    """The list by seat, then the alphabetical list, each on as many pages as it needs."""
    seated = assignment.occupied
    by_seat = [[str(s.number), list_name(s.person), "; ".join(s.person.affiliation_lines), s.delegation or ""]
               for s in seated]
    by_name = [[capitals(s.person.family_name), s.person.given_name, s.delegation or "", str(s.number)]
               for s in sorted(seated, key=lambda s: (s.person.sort_key, s.number))]
    return (lay_out_table("Seating list by seat", BY_SEAT, by_seat, event, size)
            + lay_out_table("Seating list by family name", BY_NAME, by_name, event, size))


def lay_out_table(title: str, columns: tuple[Column, ...], rows: list[list[str]], event: Event,
                  size: tuple[float, float]) -> list[ListPage]:
    width, height = size
    text_width = width - 2 * MARGIN - COLUMN_GAP * (len(columns) - 1)
    widths = [c.share / sum(c.share for c in columns) * text_width for c in columns]
    lefts = [MARGIN + sum(widths[:i]) + COLUMN_GAP * i for i in range(len(columns))]
    fitted = [[fit_readable(text, w, CELL_SIZE, 2, c.style) if text else None for text, w, c in zip(row, widths, columns)]
              for row in rows]
    pages, texts, rules = [], [], []
    y = 0.0

    def start_page() -> float:
        number = len(pages) + 1
        texts.extend(heading(title + (f" (continued, page {number})" if number > 1 else ""),
                             f"{event.short_title} · {event.date_label}", width, height))
        baseline = height - MARGIN - HEADER
        for column, left, w in zip(columns, lefts, widths):
            texts.append(Text(anchor(left, w, column.align), baseline, column.title.upper(), HEADER_SIZE, "bold",
                              column.align, "muted"))
        rules.append((MARGIN, width - MARGIN, baseline - 1.6 * MM))
        return baseline - 1.6 * MM

    def finish_page() -> None:
        pages.append(ListPage(width, height, tuple(texts), tuple(rules)))
        texts.clear()
        rules.clear()

    y = start_page()
    for cells in fitted:
        row_height = max(cell_height(c) for c in cells if c) + 2 * ROW_PAD
        if y - row_height < MARGIN:
            finish_page()
            y = start_page()
        top = y - ROW_PAD
        for cell, column, left, w in zip(cells, columns, lefts, widths):
            if cell is None:
                continue
            baseline = top - cell.size * ASCENT
            for line in cell.lines:
                texts.append(Text(anchor(left, w, column.align), baseline, line, cell.size, cell.style, column.align))
                baseline -= cell.size * LEADING
        y -= row_height
        rules.append((MARGIN, width - MARGIN, y))
    finish_page()
    return pages


def cell_height(cell: FittedText) -> float:
    return cell.size * (ASCENT + DESCENT) + (len(cell.lines) - 1) * cell.size * LEADING


def anchor(left: float, width: float, align: str) -> float:
    return left + width if align == "right" else left
