"""Drawing door sheets (laid out by `layout.doorsheet`) into rooms.pdf."""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..layout.doorsheet import A4, MARGIN, DoorSheet
from .text import draw_lines
from ..write import atomic_output
from .canvas import new_canvas
from .palette import ACCENT, BLACK, GREY, PRIMARY

COLOURS = {"room": PRIMARY, "day": BLACK, "time": PRIMARY, "title": BLACK, "people": GREY, "footer": GREY}


def write_door_sheets(sheets: list[DoorSheet], path: Path, title: str) -> Path:
    with atomic_output(path) as tmp:
        canvas = new_canvas(tmp, A4)
        canvas.setCreator(f"printkit {__version__}")
        canvas.setTitle(title)
        canvas.setSubject("Door sheets: the day's items of each room")
        for sheet in sheets:
            canvas.setStrokeColor(ACCENT)
            canvas.setLineWidth(3)
            canvas.line(MARGIN, sheet.rule_y, A4[0] - MARGIN, sheet.rule_y)
            draw_lines(canvas, [(line.x, line.y, line.text, line.size, line.style, "left", COLOURS[line.role])
                                for line in sheet.lines])
            canvas.showPage()
        canvas.save()
    return path
