"""Draw seating.pdf: the plan, the chair's view and the lists.

Only draws: where the table, the seats, every line of text and the door go
comes from `printkit.layout.seatplan` and `printkit.layout.seatlists`. Each
delegation has a colour from the CMYK palette and a marker shape of its own,
so the plan still reads on a black-and-white copy.
"""

from __future__ import annotations

import math
from pathlib import Path

from reportlab.lib.colors import CMYKColor

from .. import __version__
from ..keywords import SheetRecord
from ..layout.seatlists import ListPage
from ..layout.seatplan import CHAIR_RING, MARKER, MARKER_SIZE, PlanPage, SeatMark, Text
from .text import draw_lines
from ..write import atomic_output
from .canvas import new_canvas
from .palette import ACCENT, BLACK, GREY, PAPER, PRIMARY, RULE

# (fill, number colour, shape) per delegation, in the order of the section
DELEGATION_STYLES = (
    (PRIMARY, PAPER, "circle"),
    (CMYKColor(0.05, 0.90, 0.85, 0.10), PAPER, "square"),
    (CMYKColor(0.85, 0.10, 0.95, 0.25), PAPER, "diamond"),
    (ACCENT, BLACK, "hexagon"),
    (CMYKColor(0.60, 0.90, 0.00, 0.10), PAPER, "triangle"),
    (CMYKColor(0.90, 0.10, 0.35, 0.20), PAPER, "octagon"),
)
NO_DELEGATION = (PAPER, BLACK, "circle")
TABLE_FILL = CMYKColor(0, 0, 0, 0.07)
COLOURS = {"ink": BLACK, "muted": GREY, "title": PRIMARY, "name": BLACK,
           "affiliation": GREY, "honour": PRIMARY}
SHAPE_CORNERS = {"square": (4, 45), "diamond": (4, 0), "hexagon": (6, 0), "triangle": (3, 90), "octagon": (8, 22.5)}
SHAPE_SCALE = {"square": 1.3, "diamond": 1.5, "hexagon": 1.15, "triangle": 2.0, "octagon": 1.08}


def write_seating(plans: list[PlanPage], lists: list[ListPage], path: Path, title: str) -> Path:
    """The plan pages, then the list pages, written atomically to `path`."""
    with atomic_output(path) as tmp:
        canvas = new_canvas(tmp, pagesize=(plans[0].width, plans[0].height))
        canvas.setCreator(f"printkit {__version__}")
        canvas.setTitle(title)
        canvas.setKeywords(SheetRecord("seating").to_keywords())  # no slots: text need only stay on the page
        for plan in plans:
            canvas.setPageSize((plan.width, plan.height))
            draw_plan(canvas, plan)
            canvas.showPage()
        for page in lists:
            canvas.setPageSize((page.width, page.height))
            draw_list(canvas, page)
            canvas.showPage()
        canvas.save()
    return path


def draw_plan(canvas, plan: PlanPage) -> None:
    draw_room(canvas, plan)
    path = canvas.beginPath()
    for polygon in plan.outline:
        path.moveTo(*polygon[0])
        for point in polygon[1:]:
            path.lineTo(*point)
        path.close()
    canvas.saveState()
    canvas.setFillColor(TABLE_FILL)
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.8)
    canvas.drawPath(path, stroke=1, fill=1, fillMode=0)  # even-odd: a hollow square's middle stays empty
    canvas.restoreState()
    canvas.saveState()
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.4)
    for seat in plan.seats:
        if seat.leader:
            canvas.line(*seat.leader)
    canvas.restoreState()
    for seat in plan.seats:
        draw_marker(canvas, seat.x, seat.y, seat.delegation, str(seat.number), chair=seat.honour is not None)
    for seat in plan.seats:
        if seat.box:
            draw_texts(canvas, [Text(anchor_x(seat), line.baseline, line.text, line.size, line.style, seat.align,
                                     line.kind) for line in seat.lines])
    for x, y, index in plan.legend:
        draw_marker(canvas, x, y, index, "")
    draw_texts(canvas, plan.texts)


def anchor_x(seat: SeatMark) -> float:
    return {"left": seat.box.x, "right": seat.box.right}.get(seat.align, seat.box.x + seat.box.width / 2)


def draw_room(canvas, plan: PlanPage) -> None:
    """The room's wall as a hairline, open at the door, with the door's jambs."""
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    path = canvas.beginPath()
    path.moveTo(*plan.wall[0])
    for point in plan.wall[1:]:
        path.lineTo(*point)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(1.2)
    for x0, y0, x1, y1 in plan.jambs:
        canvas.line(x0, y0, x1, y1)
    canvas.restoreState()


def draw_marker(canvas, x: float, y: float, delegation: int | None, label: str, chair: bool = False) -> None:
    """The delegation's shape in its colour with the seat number; the chair's with a ring around it."""
    fill, ink, shape = DELEGATION_STYLES[delegation] if delegation is not None else NO_DELEGATION
    canvas.saveState()
    canvas.setFillColor(fill)
    canvas.setStrokeColor(BLACK if delegation is None else fill)
    canvas.setLineWidth(0.6)
    radius = MARKER / 2
    if shape == "circle":
        canvas.circle(x, y, radius, stroke=1, fill=1)
    else:
        corners, start = SHAPE_CORNERS[shape]
        r = radius * SHAPE_SCALE[shape] * (0.9 if shape != "triangle" else 0.85)
        path = canvas.beginPath()
        for k in range(corners):
            angle = math.radians(start + 360 * k / corners)
            point = (x + r * math.cos(angle), y - (r * 0.25 if shape == "triangle" else 0) + r * math.sin(angle))
            path.moveTo(*point) if k == 0 else path.lineTo(*point)
        path.close()
        canvas.drawPath(path, stroke=1, fill=1)
    if chair:
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(1.2)
        canvas.circle(x, y, CHAIR_RING, stroke=1, fill=0)
    canvas.restoreState()
    if label:
        draw_lines(canvas, [(x, y - MARKER_SIZE * 0.36, label, MARKER_SIZE, "bold", "center", ink)])


def draw_texts(canvas, texts: list[Text] | tuple[Text, ...]) -> None:
    draw_lines(canvas, [(t.x, t.baseline, t.text, t.size, t.style, t.align, COLOURS[t.kind]) for t in texts])


def draw_list(canvas, page: ListPage) -> None:
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    for x0, x1, y in page.rules:
        canvas.line(x0, y, x1, y)
    canvas.restoreState()
    draw_texts(canvas, page.texts)
