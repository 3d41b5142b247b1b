"""Geometry of table tent cards: faces on the sheet, folds, marks, fitted text.

Pure geometry in PDF points (origin at the lower-left of the page), so it is
testable without drawing. A face's text is laid out in face coordinates, as
the face stands on the table (upright, foot at y = 0); the renderer turns
the far face 180° so both read upright once the sheet is folded.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Event, Person, TentStock
from ..text.metrics import ASCENT, DESCENT, LEADING
from ..text.case import capitals
from ..text.fit import DoesNotFitError, FittedText, fit
from ..text.measure import text_width
from .geometry import MM, Rect, Segment, cut_marks

GAP = 0.4       # of the next line's size, between the blocks of a face
FOOT_GAP = 1.5  # of the event line's size, between it and the blocks above
SEAT_SIZE = 8.0  # pt, the seat number on the foot of a card
SEAT_GAP = 4 * MM  # between the seat number and the event line


@dataclass(frozen=True)
class Face:
    """A face on the sheet; `rotated` faces are printed upside down."""

    box: Rect
    rotated: bool


@dataclass(frozen=True)
class Line:
    """One line of text, centred on the face, with its baseline in face coordinates.

    `kind` (name, native, affiliation, event) lets the renderer colour it.
    """

    kind: str
    text: str
    size: float
    style: str
    baseline: float
    x: float | None = None  # left edge in face coordinates; None: centred


@dataclass(frozen=True)
class Strip:
    """A band that is not a face (a base, a glue strip), with its label."""

    box: Rect
    label: str


@dataclass(frozen=True)
class TentSheet:
    """Everything on one printed sheet of a stock, except the per-person text."""

    width: float
    height: float
    tents: tuple[tuple[Face, ...], ...]
    folds: tuple[Segment, ...]
    cuts: tuple[Segment, ...]
    strips: tuple[Strip, ...]


class CardDoesNotFit(Exception):
    """A person's card cannot be set within the stock's type sizes."""

    def __init__(self, person: Person, reason: DoesNotFitError):
        self.person = person
        super().__init__(f"the tent card of {person.display_name} ({person.id}) cannot be set: {reason}")


def plan_sheet(stock: TentStock, offset: tuple[float, float] = (0.0, 0.0)) -> TentSheet:
    """The sheet of `stock`, shifted to correct a printer's feed.

    `offset` is in mm as measured on a test print, X to the right and Y
    downwards, the same convention as the badges' `--offset`.
    """
    dx, dy = offset
    tents = tuple(tent_box(stock, x + dx, y - dy) for x, y in stock.positions)
    sheet = Rect(0, 0, stock.sheet_width * MM, stock.sheet_height * MM)
    return TentSheet(
        width=sheet.width,
        height=sheet.height,
        tents=tuple(tent_faces(stock, tent) for tent in tents),
        folds=tuple(Segment(t.x, t.y + f * MM, t.right, t.y + f * MM) for t in tents for f in stock.folds),
        cuts=() if needs_no_cutting(stock) else cut_marks(tents, sheet),
        strips=tuple(Strip(Rect(t.x, t.y + y * MM, t.width, height * MM), label)
                     for t in tents for y, height, label in stock.strips),
    )


def tent_box(stock: TentStock, x: float, y: float) -> Rect:
    return Rect(x * MM, y * MM, stock.tent_width * MM, stock.tent_height * MM)


def tent_faces(stock: TentStock, tent: Rect) -> tuple[Face, ...]:
    return tuple(Face(Rect(tent.x, tent.y + f.y * MM, tent.width, f.height * MM), f.rotated) for f in stock.faces)


def needs_no_cutting(stock: TentStock) -> bool:
    """Pre-cut (perforated) stock, or one tent that is the whole sheet."""
    whole_sheet = stock.positions == ((0.0, 0.0),) and (stock.tent_width, stock.tent_height) == (
        stock.sheet_width, stock.sheet_height)
    return stock.perforated or whole_sheet


# -- text on a face ----------------------------------------------------------


def tent_name(person: Person, caps: bool = True) -> str:
    """The name as it stands on the card, by the badges' convention.

    Family name in capitals unless `caps` is off; family name first for
    people who put it first and for those whose native name is Japanese.
    """
    family = capitals(person.family_name) if caps else person.family_name
    parts = [family, person.given_name] if person.family_first else [person.given_name, family]
    return " ".join(part for part in parts if part)


def event_line(event: Event) -> str:
    return f"{event.short_title} · {event.date_label}"


def face_lines(person: Person, event: Event, stock: TentStock, width: float, height: float,
               caps: bool = True, seat: int | None = None) -> tuple[Line, ...]:
    """The lines of one face, `width` × `height` pt, centred in its free area.

    Name, native-script name and affiliation form one block, centred between
    the event line at the foot and the top margin (on the fold side). A
    `seat` number goes small at the left end of the foot, so whoever sets
    the table can place the card without the plan; the event line then keeps
    clear of it on both sides. Raises CardDoesNotFit naming the person when
    a text cannot be fitted.
    """
    inner = width - 2 * stock.margin_side * MM
    seat_label = f"Seat {seat}" if seat is not None else ""
    beside = 2 * (text_width(seat_label, SEAT_SIZE) + SEAT_GAP) if seat_label else 0.0
    try:
        foot = fit(event_line(event), inner - beside, stock.event_size, stock.event_size * 0.75, max_lines=1)
        foot_baseline = stock.margin_foot * MM + DESCENT * foot.size
        top = height - stock.margin_top * MM
        bottom = foot_baseline + foot.size * (ASCENT + FOOT_GAP)
        blocks = fit_blocks(person, stock, inner, top - bottom, caps)
    except DoesNotFitError as exc:
        raise CardDoesNotFit(person, exc) from None
    footer = (Line("event", foot.lines[0], foot.size, foot.style, foot_baseline),)
    if seat_label:
        footer += (Line("seat", seat_label, SEAT_SIZE, "regular", foot_baseline, x=stock.margin_side * MM),)
    return stack(blocks, (top + bottom) / 2) + footer


def fit_blocks(person: Person, stock: TentStock, width: float, height: float,
               caps: bool) -> list[tuple[str, FittedText]]:
    """Affiliation and native name first, then the name as large as the rest leaves room for."""
    name_max, name_one_line, name_min = stock.name_size
    aff_max, aff_min = stock.affiliation_size
    others = []
    if person.native_name:
        others.append(("native", fit(person.native_name, width, name_max * 0.6, aff_min, max_lines=1, style="bold")))
    affiliation = " · ".join(person.affiliation_lines)
    if affiliation:
        others.append(("affiliation", fit(affiliation, width, aff_max, aff_min, max_lines=2, height=height / 3)))
    room = height - sum(block_height(b) + GAP * b.size for _, b in others)
    name = tent_name(person, caps)
    try:
        fitted = fit(name, width, name_max, name_one_line, max_lines=2, style="bold", height=room - ink_extra(name_max))
    except DoesNotFitError:
        fitted = fit(name, width, name_max, name_min, max_lines=2, style="bold", height=room - ink_extra(name_min))
    return [("name", fitted), *others]


def ink_extra(size: float) -> float:
    """What a block's ink needs beyond its lines × leading: accents above, descenders below."""
    return (ASCENT + DESCENT - LEADING) * size


def block_height(block: FittedText) -> float:
    """Height of a block's ink from the top of its accents to its lowest descender."""
    return block.height(LEADING) + ink_extra(block.size)


def stack(blocks: list[tuple[str, FittedText]], centre: float) -> tuple[Line, ...]:
    """Lines of the blocks one under another, the whole group centred on `centre`."""
    total = sum(block_height(b) for _, b in blocks) + sum(GAP * b.size for _, b in blocks[1:])
    top = centre + total / 2
    lines = []
    for index, (kind, block) in enumerate(blocks):
        top -= GAP * block.size if index else 0
        baseline = top - ASCENT * block.size
        for text in block.lines:
            lines.append(Line(kind, text, block.size, block.style, baseline))
            baseline -= LEADING * block.size
        top -= block_height(block)
    return tuple(lines)


# -- who gets a card, and the cards -------------------------------------------


@dataclass(frozen=True)
class Card:
    """A person's card: the lines of each face of the stock, in the stock's face order."""

    person: Person
    faces: tuple[tuple[Line, ...], ...]


def lay_out_card(person: Person, event: Event, stock: TentStock, caps: bool = True, seat: int | None = None) -> Card:
    """Both (all) faces carry the same content, set for each face's own size."""
    by_height: dict[float, tuple[Line, ...]] = {}
    for face in stock.faces:
        if face.height not in by_height:
            by_height[face.height] = face_lines(person, event, stock, stock.tent_width * MM, face.height * MM,
                                                caps, seat)
    return Card(person, tuple(by_height[face.height] for face in stock.faces))


def lay_out_cards(people: list[Person], event: Event, stock: TentStock, caps: bool = True,
                  seats: dict[str, int] | None = None) -> tuple[list[Card], list[CardDoesNotFit]]:
    """Every card that can be set, and every person whose card cannot; `seats` by person id."""
    cards, failures = [], []
    for person in people:
        try:
            cards.append(lay_out_card(person, event, stock, caps, (seats or {}).get(person.id)))
        except CardDoesNotFit as exc:
            failures.append(exc)
    return cards, failures


def pages(cards: list[Card], stock: TentStock) -> list[list[Card]]:
    """Cards in groups of as many tents as a sheet holds."""
    per_sheet = len(stock.positions)
    return [cards[i:i + per_sheet] for i in range(0, len(cards), per_sheet)]
