"""Draw name badges: faces laid out by `layout.badge`, placed in the slots of a sheet.

Only draws: who gets a badge, the stock and the QR codes come from the
product (`products.badges`). Faces are drawn as they arrive (only the backs
of the current sheet wait for their page), and each finished page is
compressed while the next is drawn (`render.canvas`), so memory stays flat.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.pathobject import PDFPathObject

from .. import __version__
from ..keywords import SheetRecord
from ..layout.badge import BadgeFace, QrPlacement
from ..layout.geometry import MARK_WIDTH, Rect, Segment
from ..layout.sheet import SlotGrid
from .canvas import new_canvas
from ..reportlab_adapter import document_of
from .palette import BLACK, TEXT, cmyk, fill_operator
from .text import lines_operators


class SheetPrinter:
    """Places faces in slots page by page; backs follow their fronts' page."""

    def __init__(self, path: Path | BinaryIO, sheet: SlotGrid, duplex: str | None, start_at: int = 1):
        self.sheet = sheet
        self.duplex = duplex
        self.canvas = new_canvas(path, sheet.page_size)
        self.canvas.setCreator(f"printkit {__version__}")
        self.canvas.setTitle("Name badges")
        self.next_slot = start_at - 1
        self.backs: list[tuple[int, BadgeFace]] = []
        self.used: set[Rect] = set()
        self.code_areas: dict[int, Rect] = {}  # slot -> where its codes are (codes differ in size)
        # Every sheet of a stock has the same marks: worked out once, not once a page.
        self.front_marks = self.marks([sheet.slot(i) for i in range(sheet.per_page)])
        self.back_marks = self.marks([sheet.back_slot(i, duplex) for i in range(sheet.per_page)]) if duplex else ()

    def marks(self, slots: list[Rect]) -> tuple[Segment, ...]:
        return self.sheet.cut_marks(slots) if self.sheet.stock.cut_marks else ()

    def add(self, front: BadgeFace, back: BadgeFace | None) -> None:
        slot = self.sheet.slot(self.next_slot)
        draw_face(self.canvas, front, slot)
        self.used.add(slot)
        if front.qr:
            code = Rect(slot.x + front.qr.x, slot.y + front.qr.y, front.qr.size, front.qr.size)
            known = self.code_areas.get(self.next_slot)
            self.code_areas[self.next_slot] = known.union(code) if known else code
        if back:
            self.backs.append((self.next_slot, back))
        self.next_slot += 1
        if self.next_slot == self.sheet.per_page:
            self.end_sheet()

    def end_sheet(self) -> None:
        self.draw_cut_marks(self.front_marks)
        self.canvas.showPage()
        if self.duplex and self.backs:
            for index, back in self.backs:
                slot = self.sheet.back_slot(index, self.duplex)
                draw_face(self.canvas, back, slot)
                self.used.add(slot)
            self.draw_cut_marks(self.back_marks)
            self.canvas.showPage()
        self.backs = []
        self.next_slot = 0

    def draw_cut_marks(self, marks: tuple[Segment, ...]) -> None:
        if not marks:
            return
        self.canvas.setLineWidth(MARK_WIDTH)
        self.canvas.setStrokeColor(BLACK)
        for mark in marks:
            self.canvas.line(mark.x0, mark.y0, mark.x1, mark.y1)

    def finish(self) -> None:
        if self.next_slot or not self.used:
            self.end_sheet()
        record = SheetRecord("badges", tuple(self.used), tuple(self.code_areas.values()), backs=bool(self.duplex))
        self.canvas.setKeywords(record.to_keywords())
        self.canvas.save()


def draw_face(canvas, face: BadgeFace, slot: Rect) -> None:
    """A face laid out at the origin, drawn into its slot on the sheet.

    Written as one piece of operators between ``q`` and ``Q``, not through
    reportlab's state-keeping calls: a thousand badges are two thousand faces.
    """
    parts = [f"q 1 0 0 1 {fp_str(slot.x, slot.y)} cm", fill_operator(cmyk(face.band_colour)),
             band_path(face.band, min(face.band.height, face.band.width) * 0.12),
             lines_operators(document_of(canvas), [(t.x, t.y, t.text, t.size, t.style, t.align, TEXT[t.colour])
                                                   for t in face.texts])]
    if face.qr:
        parts += [fill_operator(BLACK), qr_operators(face.qr)]
    parts.append("Q")
    canvas.addLiteral("\n".join(parts))


@functools.lru_cache(maxsize=64)
def band_path(band: Rect, radius: float) -> str:
    """The role band, a filled rectangle with rounded corners: the same on
    every badge of a stock, so its operators are worked out once."""
    path = PDFPathObject()
    path.roundRect(band.x, band.y, band.width, band.height, radius)
    return f"{path.getCode()} f"


def qr_operators(placement: QrPlacement) -> str:
    """The code as one filled path whose modules fill the placement's square.

    The path is written in module units under a scaling transform, so every
    number in it is a small integer: reportlab's float formatting of a
    thousand rectangles per code would otherwise dominate the run.
    """
    module = placement.size / placement.code.modules
    return f"q {fp_str(module, 0, 0, -module, placement.x, placement.y + placement.size)} cm {placement.code.path} Q"
