"""Geometry of a seating plan: the table in its shape, seats, fitted name boxes, door and legend.

Pure geometry in PDF points (origin at the page's lower left), testable
without drawing. The table is first built in its own frame, head (seat 1)
up and the door below; it is then turned so the door is where the section
says (the plan) or so seat 1 is at the bottom (the chair's view). Every
name box is axis-parallel and its text upright, set with the shared fitting
rules; boxes never overlap one another or the table, and the table is made
as large as its boxes need. When that does not fit the page at the smallest
type sizes, `PlanDoesNotFit` says so rather than clipping or overlapping.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import Event, Person
from ..text.metrics import ASCENT
from ..text.case import capitals
from ..text.fit import DoesNotFitError, FittedText, cut_to_fit, fit
from .geometry import MM, Rect
from .seating import SeatAssignment, side_counts
from .tent import GAP, Line, block_height, stack, tent_name

PAGE_SIZES = {"a4": (297 * MM, 210 * MM), "a3": (420 * MM, 297 * MM)}  # landscape
MARGIN = 12 * MM
TITLE_SIZE, SUBTITLE_SIZE = 14.0, 8.5
HEADER = 17 * MM  # title and subtitle above the plan
LEGEND_WIDTH = 50 * MM
LEGEND_GAP = 6 * MM
MARKER = 6.5 * MM  # diameter of a seat's marker
MARKER_SIZE = 7.5  # pt, the seat number in it
SEAT_OFFSET = MARKER / 2 + 1.2 * MM  # from the table's edge to a marker's centre
BOX_GAP = 1.8 * MM  # between a marker and its name box (the chair's ring fits in it)
CHAIR_RING = MARKER / 2 + 0.9 * MM  # radius of the ring that marks the chair's seat
BOX_PAD = 1.6 * MM  # between neighbouring name boxes
TABLE_BAND = 14 * MM  # width of a hollow square's or U's table
BOX_WIDTHS = (46 * MM, 40 * MM, 34 * MM, 29 * MM, 25 * MM)  # budgets of boxes above and below seats, largest first
BESIDE_EXTRA = 16 * MM  # boxes beside their seats may be this much wider: names stay on one line there
BESIDE = 0.8  # |normal x| above which a box is beside its seat rather than above or below it
NAME_SIZE = (9.0, 8.0, 6.5)  # pt: largest, smallest before a second line, smallest
AFFILIATION_SIZE = (7.0, 6.0)
HONOUR_SIZE = 6.5
DOOR_WIDTH = 16 * MM
ROTATIONS = {"bottom": 0, "left": -90, "top": 180, "right": 90}  # the table's head turned away from the door
GROW_STEP = 2 * MM
SPACINGS = (1.6, 1.4, 1.25, 1.1, 1.0)  # a table that fits is grown by the first of these that still fits
MAX_RADIUS = 400 * MM


class PlanDoesNotFit(Exception):
    """The seats cannot be drawn legibly on the largest page allowed."""


@dataclass(frozen=True)
class SeatMark:
    """A seat on the plan: its marker, and its name box with the lines set in it."""

    number: int
    x: float
    y: float
    delegation: int | None  # index into the assignment's delegations
    honour: str | None
    box: Rect | None  # None for an empty seat
    lines: tuple[Line, ...] = ()  # baselines absolute
    align: str = "center"  # in the box: towards the marker on the left and right of the table
    leader: tuple[float, float, float, float] | None = None  # a hairline to a box set further out


@dataclass(frozen=True)
class Text:
    """A line of page furniture (title, legend, door, list cells); `kind` picks its colour."""

    x: float
    baseline: float
    text: str
    size: float
    style: str = "regular"
    align: str = "left"
    kind: str = "ink"


@dataclass(frozen=True)
class PlanPage:
    page: str  # a4 or a3, landscape
    width: float
    height: float
    outline: tuple[tuple[tuple[float, float], ...], ...]  # the table: polygons, filled even-odd
    seats: tuple[SeatMark, ...]
    wall: tuple[tuple[float, float], ...]  # the room's wall, from one jamb of the door round to the other
    jambs: tuple[tuple[float, float, float, float], ...]
    texts: tuple[Text, ...]
    legend: tuple[tuple[float, float, int | None], ...]  # marker centres and delegation indexes
    notes: tuple[tuple[Person, str], ...] = ()  # whose texts were cut to fit, and how


@dataclass(frozen=True)
class Block:
    """The fitted lines of one seat's box, before placing."""

    parts: tuple[tuple[str, FittedText], ...]
    note: str = ""  # what had to be cut to fit, for the run's warnings

    @property
    def width(self) -> float:
        return max(part.width() for _, part in self.parts)

    @property
    def height(self) -> float:
        """As `stack` sets the parts: each part's ink, and a gap before every part but the first."""
        return sum(block_height(b) for _, b in self.parts) + sum(GAP * b.size for _, b in self.parts[1:])


# -- the words in a name box -------------------------------------------------


def short_affiliation(person: Person, width: float) -> tuple[FittedText | None, str]:
    """The affiliation without the position, shortened from the left at commas until it fits one line,
    and a note when it had to be cut.

    'Director, Strategic Planning Division, Ministry of Defense, Japan' becomes
    'Ministry of Defense, Japan' in a narrow box; an organisation a
    registration export gives separately is used as it is. The last part is
    set on two lines if it has to be, and cut at a word with '…' if even that
    does not fit: the plan is never refused for an affiliation. None when
    there is no affiliation.
    """
    if person.organisation and not person.affiliations:
        parts = [person.organisation]
    elif person.affiliation_lines:
        parts = [p.strip() for p in person.affiliation_lines[0].split(",") if p.strip()]
        parts = parts[1:] if len(parts) > 1 else parts
    else:
        return None, ""
    for start in range(len(parts)):
        try:
            return fit(", ".join(parts[start:]), width, *AFFILIATION_SIZE, max_lines=1), ""
        except DoesNotFitError:
            continue
    try:
        return fit(parts[-1], width, *AFFILIATION_SIZE, max_lines=2), ""
    except DoesNotFitError:
        fitted, kept = cut_to_fit(parts[-1], width, AFFILIATION_SIZE[-1], 2)
        return fitted, f"affiliation cut after {kept} of {len(parts[-1].split())} words on the seating plan"


def seat_block(person: Person, honour: str | None, width: float) -> Block:
    """Honour (Chair), the name with the FAMILY name in capitals, and the short affiliation, fitted to `width`."""
    parts = []
    if honour:
        parts.append(("honour", fit(capitals(honour), width, HONOUR_SIZE, HONOUR_SIZE, max_lines=1, style="bold")))
    parts.append(("name", fit_readable(tent_name(person), width, NAME_SIZE, max_lines=3, style="bold")))
    affiliation, note = short_affiliation(person, width)
    if affiliation:
        parts.append(("affiliation", affiliation))
    return Block(tuple(parts), note)


def fit_readable(text: str, width: float, sizes: tuple[float, float, float], max_lines: int,
                 style: str = "regular") -> FittedText:
    """More lines at a comfortable size before one line at a small one: `sizes` are
    (largest, smallest before breaking, smallest)."""
    largest, comfortable, smallest = sizes
    try:
        return fit(text, width, largest, comfortable, max_lines=max_lines, style=style)
    except DoesNotFitError:
        return fit(text, width, largest, smallest, max_lines=max_lines, style=style)


# -- the table's shape, in its own frame (head up, centre at 0, 0) ---------------


@dataclass(frozen=True)
class Shape:
    outline: tuple[tuple[tuple[float, float], ...], ...]
    seats: tuple[tuple[float, float, float, float], ...]  # x, y, normal x, normal y; seat 1 first, clockwise


def rotate(point: tuple[float, float], degrees: int) -> tuple[float, float]:
    turn = math.radians(degrees)
    x, y = point
    return (round(x * math.cos(turn) - y * math.sin(turn), 6), round(x * math.sin(turn) + y * math.cos(turn), 6))


def angular_shape(table: str, counts: tuple[int, int, int, int], cells: list[float]) -> Shape:
    """A rectangle, hollow square or U with its seats in cells along each side.

    `cells` is the room each seat (in clockwise order from seat 1) needs
    along its side: its box's extent there. A side is as long as its cells
    need (the longer of two opposite sides sets both), and a box never
    leaves its cell, so neighbouring boxes, corners included, stay apart.
    """
    head, right, foot, left = counts
    centre = (head - 1) // 2
    order = iter(range(len(cells)))
    head_right, right_side, foot_side, left_side, head_left = (
        [next(order) for _ in range(n)] for n in (head - centre, right, foot, left, centre))
    top_row, bottom_row = head_left + head_right, foot_side[::-1]  # both left to right
    widest_head = max(cells[i] for i in top_row)
    cells = [widest_head if i in top_row else cell for i, cell in enumerate(cells)]  # the chair in the middle
    down_right, down_left = right_side, left_side[::-1]  # both top to bottom
    span = lambda seats: sum(cells[i] for i in seats)  # noqa: E731
    width = max(span(top_row), span(bottom_row), 40 * MM, 2 * TABLE_BAND + 12 * MM if table != "rectangle" else 0)
    height = max(span(down_right), span(down_left), 40 * MM)
    if table == "rectangle":
        width = max(width, height * 0.34)
    w, h, off = width / 2, height / 2, SEAT_OFFSET
    seats: dict[int, tuple[float, float, float, float]] = {}
    for i, along in spread(top_row, cells, width):
        seats[i] = (-w + along, h + off, 0.0, 1.0)
    for i, along in spread(bottom_row, cells, width):
        seats[i] = (-w + along, -h - off, 0.0, -1.0)
    for i, along in spread(down_right, cells, height):
        seats[i] = (w + off, h - along, 1.0, 0.0)
    for i, along in spread(down_left, cells, height):
        seats[i] = (-w - off, h - along, -1.0, 0.0)
    outer = ((-w, -h), (-w, h), (w, h), (w, -h))
    band = TABLE_BAND
    if table == "hollow-square":
        outline = (outer, ((-w + band, -h + band), (-w + band, h - band), (w - band, h - band), (w - band, -h + band)))
    elif table == "u-shape":
        outline = (((-w, -h), (-w, h), (w, h), (w, -h), (w - band, -h), (w - band, h - band),
                    (-w + band, h - band), (-w + band, -h)),)
    else:
        outline = (outer,)
    return Shape(outline, tuple(seats[i] for i in range(len(cells))))


def spread(seats: list[int], cells: list[float], length: float) -> list[tuple[int, float]]:
    """Each seat's centre along a side of `length`, its cell widened by an equal share of the slack."""
    if not seats:
        return []
    extra = (length - sum(cells[i] for i in seats)) / len(seats)
    placed, cursor = [], 0.0
    for i in seats:
        size = cells[i] + extra
        placed.append((i, cursor + size / 2))
        cursor += size
    return placed


def curved_shape(table: str, seats: int, radius: float) -> Shape:
    """A round or oval (head to foot 1.5 times as long) table, seats at equal steps of its edge.

    Seat 1 is at the head and the others follow clockwise.
    """
    a, b = radius, radius * (1.5 if table == "oval" else 1.0)
    samples = 720
    points = [(a * math.sin(2 * math.pi * i / samples), b * math.cos(2 * math.pi * i / samples)) for i in range(samples)]
    lengths = [0.0]
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        lengths.append(lengths[-1] + math.hypot(x1 - x0, y1 - y0))
    ring = []
    for n in range(seats):
        target = lengths[-1] * n / seats
        i = next(k for k in range(samples) if lengths[k + 1] >= target)
        x, y = points[i]
        nx, ny = x / a ** 2, y / b ** 2
        norm = math.hypot(nx, ny)
        nx, ny = nx / norm, ny / norm
        ring.append((x + nx * SEAT_OFFSET, y + ny * SEAT_OFFSET, nx, ny))
    return Shape((tuple(points[::4]),), tuple(ring))


def box_at(x: float, y: float, nx: float, ny: float, width: float, height: float, further: float = 0.0) -> Rect:
    """A box outside the marker at (x, y), towards the normal, `further` beyond the marker's clearance."""
    reach = MARKER / 2 + BOX_GAP + further
    ax, ay = x + nx * reach, y + ny * reach
    scale = max(abs(nx), abs(ny))
    cx, cy = ax + nx / scale * width / 2, ay + ny / scale * height / 2
    return Rect(cx - width / 2, cy - height / 2, width, height)


# -- placing -----------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    outline: tuple[tuple[tuple[float, float], ...], ...]
    seats: tuple[tuple[float, float], ...]
    boxes: tuple[Rect | None, ...]
    leaders: tuple[tuple[float, float, float, float] | None, ...]  # marker to a box set further out

    def extent(self) -> Rect:
        xs = [x for poly in self.outline for x, _ in poly] + [x + s * MARKER / 2 for x, _ in self.seats for s in (-1, 1)]
        ys = [y for poly in self.outline for _, y in poly] + [y + s * MARKER / 2 for _, y in self.seats for s in (-1, 1)]
        for b in self.boxes:
            if b:
                xs += [b.x, b.right]
                ys += [b.y, b.top]
        return Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def place(shape: Shape, blocks: list[Block | None], rotation: int, further: list[float]) -> Placed:
    """The shape turned by `rotation`, each seat's box `further` out than beside its marker."""
    outline = tuple(tuple(rotate(p, rotation) for p in poly) for poly in shape.outline)
    seats, boxes, leaders = [], [], []
    for (x, y, nx, ny), block, out in zip(shape.seats, blocks, further):
        x, y = rotate((x, y), rotation)
        nx, ny = rotate((nx, ny), rotation)
        seats.append((x, y))
        boxes.append(box_at(x, y, nx, ny, block.width, block.height, out) if block else None)
        reach = MARKER / 2 + BOX_GAP / 2
        leaders.append((x + nx * reach, y + ny * reach, x + nx * (reach + out), y + ny * (reach + out))
                       if out and block else None)
    return Placed(outline, tuple(seats), tuple(boxes), tuple(leaders))


def overlaps(a: Rect, b: Rect, pad: float = 0.0) -> bool:
    return a.x < b.right + pad and b.x < a.right + pad and a.y < b.top + pad and b.y < a.top + pad


def clear(placed: Placed, table: tuple[float, float] | None) -> bool:
    """No box overlaps another box, any marker, or the elliptic `table` (angular ones are kept clear by their cells)."""
    a, b = table or (1e-9, 1e-9)
    boxes = [bx for bx in placed.boxes if bx]
    for i, box in enumerate(boxes):
        if any(overlaps(box, other, BOX_PAD) for other in boxes[i + 1:]):
            return False
        for x, y in placed.seats:
            marker = Rect(x - MARKER / 2, y - MARKER / 2, MARKER, MARKER)
            if overlaps(box, marker) and not touching(box, marker):
                return False
        edge = [(box.x + box.width * i / 4, box.y + box.height * j / 4) for i in range(5) for j in range(5)]
        if any((x / a) ** 2 + (y / b) ** 2 < 1 for x, y in edge):
            return False
    return True


def touching(box: Rect, marker: Rect) -> bool:
    """A box may come within its gap of its own marker's square (never into the circle)."""
    cx, cy = marker.x + marker.width / 2, marker.y + marker.height / 2
    nearest_x, nearest_y = min(max(cx, box.x), box.right), min(max(cy, box.y), box.top)
    return math.hypot(nearest_x - cx, nearest_y - cy) >= MARKER / 2 + BOX_GAP * 0.5


def nominal_shape(table: str, total: int) -> Shape:
    """The shape at an arbitrary size: where its seats face does not depend on its size."""
    counts = side_counts(table, total)
    return angular_shape(table, counts, [10 * MM] * total) if counts else curved_shape(table, total, 100 * MM)


def box_budgets(table: str, total: int, rotation: int, budget: float) -> list[float]:
    """Each seat's box width: `budget` above or below its seat, BESIDE_EXTRA more beside it."""
    normals = [rotate((nx, ny), rotation) for _, _, nx, ny in nominal_shape(table, total).seats]
    return [budget + BESIDE_EXTRA if abs(nx) > BESIDE else budget for nx, _ in normals]


def arrange(assignment: SeatAssignment, blocks: list[Block | None], rotation: int, stagger: bool,
            spacing: tuple[float, float] = (1.0, 1.0)) -> Placed | None:
    """The smallest table of its shape whose seats' boxes are all clear of each other, grown by `spacing`
    (across the page, down the page; a round or oval table by the smaller of the two).

    With `stagger`, the boxes above and below the table are set in two rows,
    every other one further out with a hairline to its seat, so a side holds
    twice as many names across; None when that still does not come clear.
    """
    total = len(assignment.seats)
    nominal = nominal_shape(assignment.table, total).seats
    beside = [abs(rotate((nx, ny), rotation)[0]) > BESIDE for _, _, nx, ny in nominal]
    tallest = max((b.height for b in blocks if b), default=MARKER) + BOX_PAD
    further = [tallest if stagger and index % 2 and not beside[index] else 0.0 for index in range(total)]
    counts = side_counts(assignment.table, total)
    if counts:
        # a box's extent along its side: its width above or below the table, its height beside it
        half = max((b.width for side, b in zip(beside, blocks) if b and not side), default=0.0) / 2
        across, down = spacing
        cells = [(max((b.height if side else half if stagger else b.width) if b else 0.0, MARKER) + BOX_PAD)
                 * (down if side else across) for side, b in zip(beside, blocks)]
        placed = place(angular_shape(assignment.table, counts, cells), blocks, rotation, further)
        return placed if not stagger or clear(placed, None) else None
    radius = max(total * MARKER / (2 * math.pi), 20 * MM)
    stretch = 1.5 if assignment.table == "oval" else 1.0
    while radius < MAX_RADIUS:
        if clear(place(curved_shape(assignment.table, total, radius), blocks, rotation, further),
                 (radius * stretch, radius) if rotation % 180 else (radius, radius * stretch)):
            radius *= min(spacing)
            axes = (radius * stretch, radius) if rotation % 180 else (radius, radius * stretch)
            placed = place(curved_shape(assignment.table, total, radius), blocks, rotation, further)
            return placed if clear(placed, axes) else None
        radius += GROW_STEP
    return None


# -- the page ----------------------------------------------------------------


def page_sizes(choice: str) -> list[tuple[str, tuple[float, float]]]:
    """Pages to try, smallest first: `auto` is A4 landscape, else A3 when A4 is too small."""
    names = ["a4", "a3"] if choice == "auto" else [choice]
    return [(name, PAGE_SIZES[name]) for name in names]


def lay_out_plan(assignment: SeatAssignment, event: Event, door: str, page: str, chairs_view: bool = False) -> PlanPage:
    """The plan (door where the section says) or the chair's view (seat 1 at the bottom).

    Tries the name box widths from the largest on A4, then on A3 (as `page`
    allows); raises PlanDoesNotFit naming the smallest type it tried.
    """
    rotation = 180 if chairs_view else ROTATIONS[door]
    for name, (width, height) in page_sizes(page):
        area = Rect(MARGIN, MARGIN, width - 2 * MARGIN - LEGEND_WIDTH - LEGEND_GAP, height - 2 * MARGIN - HEADER)
        room = Rect(area.x + 4 * MM, area.y + 4 * MM, area.width - 8 * MM, area.height - 8 * MM)
        for budget in BOX_WIDTHS:
            widths = box_budgets(assignment.table, len(assignment.seats), rotation, budget)
            try:
                blocks = [seat_block(s.person, s.honour, w) if s.person else None
                          for s, w in zip(assignment.seats, widths)]
            except DoesNotFitError:
                continue
            for stagger in (False, True):
                if not fits(arrange(assignment, blocks, rotation, stagger), room):
                    continue
                # the smallest table that fits, grown as far as the page allows, so the plan fills it
                placed = next(p for f in spacings(assignment.table)
                              if fits(p := arrange(assignment, blocks, rotation, stagger, f), room))
                extent = placed.extent()
                dx = room.x + room.width / 2 - (extent.x + extent.width / 2)
                dy = room.y + room.height / 2 - (extent.y + extent.height / 2)
                return compose(assignment, event, blocks, placed, (dx, dy), name, area, room,
                               "top" if chairs_view else door, chairs_view)
    smallest = NAME_SIZE[-1]
    raise PlanDoesNotFit(
        f"a {assignment.table} table with {len(assignment.seats)} seats cannot be drawn legibly on "
        f"{'A3' if page != 'a4' else 'A4'} (names at {smallest:g} pt or more, never overlapping); "
        + ("choose rectangle or hollow-square, or fewer seats" if assignment.table in ("round", "oval")
           else "use fewer seats or page: a3" if page == "a4" else "use fewer seats"))


def spacings(table: str) -> list[tuple[float, float]]:
    """Growth factors (across, down) to try, the largest table first; curved tables grow evenly."""
    if side_counts(table, 4) is None:
        return [(f, f) for f in SPACINGS]
    return sorted(((a, d) for a in SPACINGS for d in SPACINGS), key=lambda f: (-f[0] * f[1], -f[1]))


def fits(placed: Placed | None, room: Rect) -> bool:
    extent = placed.extent() if placed else None
    clearance = 2 * 3 * MM  # on each side: the door's jambs reach 1.8 mm into the room
    return bool(extent) and extent.width <= room.width - clearance and extent.height <= room.height - clearance


def compose(assignment: SeatAssignment, event: Event, blocks: list[Block | None], placed: Placed,
            shift: tuple[float, float], page: str, area: Rect, room: Rect,
            door: str, chairs_view: bool) -> PlanPage:
    dx, dy = shift
    delegations = list(assignment.delegations)
    seats = []
    for seat, (x, y), box, block, leader in zip(assignment.seats, placed.seats, placed.boxes, blocks, placed.leaders):
        index = delegations.index(seat.delegation) if seat.delegation in delegations else None
        moved = Rect(box.x + dx, box.y + dy, box.width, box.height) if box else None
        lines = stack(list(block.parts), moved.y + moved.height / 2) if block and moved else ()
        line = (leader[0] + dx, leader[1] + dy, leader[2] + dx, leader[3] + dy) if leader else None
        seats.append(SeatMark(seat.number, x + dx, y + dy, index, seat.honour, moved, lines, text_align(box, x, y), line))
    outline = tuple(tuple((x + dx, y + dy) for x, y in poly) for poly in placed.outline)
    width, height = PAGE_SIZES[page]
    title = "Seating plan: the chair's view" if chairs_view else "Seating plan"
    names = {"round": "Round table", "oval": "Oval table", "rectangle": "Rectangular table",
             "u-shape": "U-shaped table", "hollow-square": "Hollow square"}
    where = ("seat 1 at the bottom, as the chair sees the room; door opposite" if chairs_view
             else f"door at the {door}")
    subtitle = (f"{event.short_title} · {event.date_label} · {names[assignment.table]}, {len(assignment.seats)} seats, "
                f"numbered clockwise seen from above · {where}")
    texts = heading(title, subtitle, width, height)
    legend, legend_texts = lay_out_legend(assignment, Rect(width - MARGIN - LEGEND_WIDTH, area.y, LEGEND_WIDTH, area.height))
    wall, jambs, door_texts = lay_out_door(room, door)
    notes = tuple((seat.person, block.note) for seat, block in zip(assignment.seats, blocks) if block and block.note)
    return PlanPage(page, width, height, outline, tuple(seats), wall, jambs,
                    tuple(texts + legend_texts + door_texts), legend, notes)


def heading(title: str, subtitle: str, width: float, height: float) -> list[Text]:
    """The title of a page and the line under it, at the top margin; the subtitle shrinks to fit."""
    top = height - MARGIN
    return [Text(MARGIN, top - TITLE_SIZE * ASCENT, title, TITLE_SIZE, "bold", kind="title"),
            fitted_text(MARGIN, top - TITLE_SIZE * 1.2 - SUBTITLE_SIZE * 1.3, subtitle, width - 2 * MARGIN,
                        SUBTITLE_SIZE, "muted")]


def text_align(box: Rect | None, x: float, y: float) -> str:
    """Lines hug the marker when the box is beside it, and are centred when it is above or below."""
    if box is None or box.x < x < box.right:
        return "center"
    return "left" if box.x >= x else "right"


def fitted_text(x: float, baseline: float, text: str, width: float, size: float, kind: str,
                style: str = "regular", align: str = "left") -> Text:
    """One line of furniture, shrunk (never below 6 pt) to its width."""
    fitted = fit(text, width, size, min(size, 6.0), max_lines=1, style=style)
    return Text(x, baseline, fitted.lines[0], fitted.size, style, align, kind)


def lay_out_legend(assignment: SeatAssignment, column: Rect) -> tuple[tuple, list[Text]]:
    """A marker and a line per delegation (with its count), people in none, the chair, the numbering."""
    counts: dict[str | None, int] = {}
    for seat in assignment.occupied:
        counts[seat.delegation] = counts.get(seat.delegation, 0) + 1
    rows: list[tuple[int | None, str]] = [(i, f"{name} ({counts.get(name, 0)})")
                                         for i, name in enumerate(assignment.delegations)]
    if counts.get(None):
        rows.append((None, f"No delegation ({counts[None]})"))
    empty = sum(1 for s in assignment.seats if not s.person)
    y = column.top - 6 * MM
    texts = [Text(column.x, y, "Legend", 10.0, "bold", kind="title")]
    markers = []
    y -= 9 * MM
    for index, label in rows:
        markers.append((column.x + MARKER / 2, y + MARKER_SIZE * 0.35, index))
        texts.append(fitted_text(column.x + MARKER + 2.5 * MM, y, label, column.width - MARKER - 2.5 * MM, 9.0, "ink"))
        y -= MARKER + 2.5 * MM
    notes = ["Seat numbers run clockwise seen from above.",
             "CHAIR: seat 1, at the head, farthest from the door.",
             f"{assignment.mix.capitalize()}: " + ("delegations interleaved." if assignment.mix == "alternate"
                                                   else "each delegation on its own side."),
             "Family names in CAPITALS."]
    if empty:
        notes.append(f"{empty} empty seat{'s' if empty != 1 else ''} (marker only).")
    y -= 2 * MM
    for note in notes:
        fitted = fit(note, column.width, 7.5, 6.0, max_lines=2)
        for line in fitted.lines:
            texts.append(Text(column.x, y, line, fitted.size, kind="muted"))
            y -= fitted.size * 1.3
        y -= 1.2 * MM
    return tuple(markers), texts


def lay_out_door(room: Rect, side: str) -> tuple[tuple[tuple[float, float], ...], tuple, list[Text]]:
    """The room's wall from one jamb of the door round to the other, the jambs, and the label outside.

    The door is a gap in the middle of `side`; its jambs point into the room.
    """
    corners = [(room.x, room.y), (room.x, room.top), (room.right, room.top), (room.right, room.y)]  # clockwise
    k = ("left", "top", "right", "bottom").index(side)
    a, b = corners[k], corners[(k + 1) % 4]
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    unit = ((b[0] - a[0]) / math.dist(a, b), (b[1] - a[1]) / math.dist(a, b))
    near = (mid[0] - unit[0] * DOOR_WIDTH / 2, mid[1] - unit[1] * DOOR_WIDTH / 2)
    far = (mid[0] + unit[0] * DOOR_WIDTH / 2, mid[1] + unit[1] * DOOR_WIDTH / 2)
    wall = (far, *(corners[(k + i) % 4] for i in range(1, 5)), near)
    inward = (unit[1] * -1, unit[0])  # the wall runs clockwise, so the room is on its right
    inward = (-inward[0], -inward[1]) if not room_side(room, mid, inward) else inward
    jambs = tuple((x, y, x + inward[0] * 5, y + inward[1] * 5) for x, y in (near, far))
    size = 7.0
    outward = (-inward[0] * (1.2 * MM), -inward[1] * (1.2 * MM))
    align = {"left": "right", "right": "left"}.get(side, "center")
    baseline = mid[1] + outward[1] - (size * 0.75 if side == "bottom" else size * 0.35 if side in ("left", "right") else 0)
    return wall, jambs, [Text(mid[0] + outward[0], baseline, "Door", size, "bold", align, "muted")]


def room_side(room: Rect, point: tuple[float, float], direction: tuple[float, float]) -> bool:
    """Whether a step from `point` (on the wall) along `direction` goes into the room."""
    x, y = point[0] + direction[0], point[1] + direction[1]
    return room.x < x < room.right and room.y < y < room.top
