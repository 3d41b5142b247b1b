"""Draw table tent cards: tents.pdf, one sheet of the stock per page.

Only draws: which people get a card, where the faces are and what lines each
face carries come from `printkit.layout.tent`. Cards arrive laid out
(`lay_out_cards`), so a name that cannot be fitted has stopped the run
before anything is drawn. Colours are the shared CMYK palette.
"""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..layout.geometry import MARK_WIDTH
from ..layout.tent import Card, Face, Line, TentSheet, pages, plan_sheet
from ..model import PrintSettings, TentStock
from .canvas import new_canvas
from .text import draw_line
from ..write import atomic_output
from ..keywords import SheetRecord
from .palette import BLACK, GREY, PRIMARY, REGISTRATION, RULE

COLOURS = {"name": BLACK, "native": BLACK, "affiliation": GREY, "event": PRIMARY, "seat": GREY}
STRIP_LABEL_SIZE = 8.0


def write_tents(cards: list[Card], stock: TentStock, path: Path, offset: tuple[float, float] = (0.0, 0.0),
                title: str = "Tent cards", pdfx: PrintSettings | None = None) -> Path:
    """Draw `cards` onto sheets of `stock` and write them atomically to `path` (as PDF/X-1a with `pdfx`)."""
    sheet = plan_sheet(stock, offset)
    groups = pages(cards, stock)
    with atomic_output(path, pdfx) as tmp:
        canvas = new_canvas(tmp, pagesize=(sheet.width, sheet.height))
        canvas.setCreator(f"printkit {__version__}")
        canvas.setTitle(title)
        canvas.setKeywords(slots_record(sheet, groups).to_keywords())
        for group in groups:
            draw_sheet_marks(canvas, sheet)
            for tent, card in zip(sheet.tents, group):
                for face, lines in zip(tent, card.faces):
                    draw_face(canvas, face, lines)
            canvas.showPage()
        canvas.save()
    return path


def slots_record(sheet: TentSheet, groups: list[list[Card]]) -> SheetRecord:
    """The rectangles text is drawn in on any page, for the preflight checker.

    Faces of the tents used, and the strips whose labels every page carries.
    """
    used = max((len(group) for group in groups), default=0)
    boxes = [face.box for tent in sheet.tents[:used] for face in tent] + [strip.box for strip in sheet.strips]
    return SheetRecord("tents", tuple(boxes))


def draw_face(canvas, face: Face, lines: tuple[Line, ...]) -> None:
    """The face's lines, turned 180° about its centre when the face is rotated."""
    box = face.box
    canvas.saveState()
    if face.rotated:
        canvas.translate(box.right, box.top)
        canvas.rotate(180)
    else:
        canvas.translate(box.x, box.y)
    for line in lines:
        x, align = (box.width / 2, "center") if line.x is None else (line.x, "left")
        draw_line(canvas, x, line.baseline, line.text, line.size, line.style, align=align, color=COLOURS[line.kind])
    canvas.restoreState()


def draw_sheet_marks(canvas, sheet: TentSheet) -> None:
    """Faint fold lines (they fall on the crease), cut marks off the faces, strip labels."""
    canvas.saveState()
    canvas.setLineWidth(0.4)
    canvas.setStrokeColor(RULE)
    canvas.setDash(3, 3)
    for fold in sheet.folds:
        canvas.line(fold.x0, fold.y0, fold.x1, fold.y1)
    canvas.setDash()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(MARK_WIDTH)
    for cut in sheet.cuts:
        canvas.line(cut.x0, cut.y0, cut.x1, cut.y1)
    canvas.restoreState()
    for strip in sheet.strips:
        centre_y = strip.box.y + strip.box.height / 2 - STRIP_LABEL_SIZE * 0.35
        draw_line(canvas, strip.box.x + strip.box.width / 2, centre_y, strip.label, STRIP_LABEL_SIZE,
                  align="center", color=GREY)
