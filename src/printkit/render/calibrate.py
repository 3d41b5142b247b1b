"""calibrate-<stock>.pdf: a test page to measure a printer against a stock.

Printed at 100 % on plain paper and held against a label sheet (or light
box), the slot outlines show how far the printer shifts the page; the rulers
along the top and left edges measure it in millimetres for `--offset X,Y`.
"""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..layout.geometry import MM
from ..layout.sheet import SlotGrid
from ..model import SheetStock
from .palette import BLACK, cmyk
from .canvas import new_canvas
from .text import draw_line
from ..write import atomic_output

RULER_COLOUR = BLACK
OUTLINE_COLOUR = cmyk("#D0021B")


def write_calibration(stock: SheetStock, outdir: Path) -> Path:
    """Write OUTDIR/calibrate-<stock>.pdf: one page of slot outlines, rulers and instructions."""
    sheet = SlotGrid(stock)
    path = outdir / f"calibrate-{sheet.stock.name}.pdf"
    with atomic_output(path) as tmp:
        canvas = new_canvas(tmp, sheet.page_size)
        canvas.setCreator(f"printkit {__version__}")
        canvas.setTitle(f"Calibration page for {sheet.stock.name}")
        draw_slots(canvas, sheet)
        draw_rulers(canvas, sheet.page_size)
        draw_instructions(canvas, sheet)
        canvas.showPage()
        canvas.save()
    return path


def draw_slots(canvas, sheet: SlotGrid) -> None:
    canvas.setStrokeColor(OUTLINE_COLOUR)
    canvas.setLineWidth(0.5)
    for index in range(sheet.per_page):
        slot = sheet.slot(index)
        canvas.rect(slot.x, slot.y, slot.width, slot.height, stroke=1, fill=0)
        canvas.line(slot.x + slot.width / 2 - 3 * MM, slot.y + slot.height / 2, slot.x + slot.width / 2 + 3 * MM, slot.y + slot.height / 2)
        canvas.line(slot.x + slot.width / 2, slot.y + slot.height / 2 - 3 * MM, slot.x + slot.width / 2, slot.y + slot.height / 2 + 3 * MM)
        size = min(9.0, slot.height / 6)
        draw_line(canvas, slot.x + 2 * MM, slot.top - 2 * MM - size, str(index + 1), size, "bold", color=OUTLINE_COLOUR)


LABEL_ROOM_MM = 3  # half a 5 pt ruler label ("210") and the bleed of a trimless sheet, to keep it on the page


def draw_rulers(canvas, page_size: tuple[float, float]) -> None:
    """Millimetre rulers from the top-left corner along the top and left edges."""
    page_w, page_h = page_size
    canvas.setStrokeColor(RULER_COLOUR)
    canvas.setLineWidth(0.3)
    for mm in range(1, int(page_w / MM) + 1):
        length = tick_length(mm)
        canvas.line(mm * MM, page_h, mm * MM, page_h - length)
        if mm % 10 == 0 and (mm + LABEL_ROOM_MM) * MM <= page_w:  # a label centred on the edge would run off it
            draw_line(canvas, mm * MM, page_h - 6.2 * MM, str(mm), 5, align="center", color=RULER_COLOUR)
    for mm in range(1, int(page_h / MM) + 1):
        length = tick_length(mm)
        canvas.line(0, page_h - mm * MM, length, page_h - mm * MM)
        if mm % 10 == 0 and (mm + LABEL_ROOM_MM) * MM <= page_h:
            draw_line(canvas, 4.2 * MM, page_h - mm * MM - 1.7, str(mm), 5, color=RULER_COLOUR)


def tick_length(mm: int) -> float:
    return (4 if mm % 10 == 0 else 2.5 if mm % 5 == 0 else 1.5) * MM


def draw_instructions(canvas, sheet: SlotGrid) -> None:
    stock = sheet.stock
    lines = [
        f"printkit calibration: {stock.name} ({stock.description or ''})",
        "Print at 100 % (no 'fit to page'). Red outlines are the slots.",
        "Measure how far they land from the label edges: --offset X,Y (mm, right and down).",
    ]
    first = sheet.slot(0)
    size = min(7.0, first.width / 60)
    for index, line in enumerate(lines):
        draw_line(canvas, first.x + first.width / 2, first.y + first.height / 2 - (index + 2) * size * 1.4, line, size,
                  align="center", color=RULER_COLOUR)
