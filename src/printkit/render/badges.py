"""badges.pdf: one name badge per person, on sheets of the chosen stock.

One pass over the roster onto one canvas: each person is laid out, drawn and
forgotten (only the backs of the current sheet wait for their page), so time
and memory grow linearly with the number of badges. Page streams are
compressed: a thousand badges make a PDF of a few megabytes.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor

from .. import __version__, qr
from ..errors import InputError, Problem
from ..layout.badge import BadgeDoesNotFit, BadgeFace, BadgeLayout
from ..layout.sheet import Rect, Sheet, placements
from ..load.registration import find_badge_stock
from ..model import Person, Programme
from ..roster import Roster, build_roster, select, source_of
from ..text.fonts import new_canvas
from ..text.setting import draw_line
from ..write import atomic_output

DEFAULT_STOCK = "a4-4xa6"
FILE_NAME = "badges.pdf"
CUT_MARK_WIDTH = 0.25  # pt


@dataclass(frozen=True)
class BadgeOptions:
    attendees: tuple[Path, ...] = ()
    stock: str | None = None
    offset: tuple[float, float] = (0.0, 0.0)
    start_at: int = 1
    duplex: str | None = None
    caps: bool | None = None
    only: tuple[str, ...] = ()
    role: str | None = None
    skip_invalid: bool = False


@dataclass
class BadgeRun:
    """What a run made, for the command's closing summary."""

    path: Path
    roster: Roster
    made: int = 0
    problems: list[Problem] = field(default_factory=list)  # badges that could not be laid out


def write_badges(programme: Programme, outdir: Path, options: BadgeOptions = BadgeOptions(),
                 progress: Callable[[Iterable[Person], int], Iterable[Person]] | None = None) -> BadgeRun:
    """Write OUTDIR/badges.pdf; raise InputError (writing nothing) on invalid input
    unless `options.skip_invalid`."""
    roster = build_roster(programme, options.attendees, options.skip_invalid)
    people = select(roster.people, options.only, options.role)
    settings = programme.badges
    sheet = Sheet(find_badge_stock(options.stock or settings.stock or DEFAULT_STOCK, settings), options.offset)
    qr.check_url_template(programme.event, people)
    placements(0, sheet.per_page, options.start_at)  # validates --start-at before anything is drawn
    caps = settings.caps if options.caps is None else options.caps
    layout = BadgeLayout(sheet.stock.slot[0] * 72 / 25.4, sheet.stock.slot[1] * 72 / 25.4, caps, dict(settings.role_colours))
    run = BadgeRun(outdir / FILE_NAME, roster)
    with atomic_output(run.path) as tmp, binary_streams():
        printer = SheetPrinter(tmp, sheet, options.duplex, options.start_at)
        for person in progress(people, len(people)) if progress else people:
            front, back = lay_out(layout, person, programme, options.duplex, run)
            if front:
                printer.add(front, back)
        printer.finish()
        if run.problems and not options.skip_invalid:
            raise InputError(run.problems)
    return run


@contextlib.contextmanager
def binary_streams() -> Iterator[None]:
    """Page streams compressed but not ASCII85-encoded while this PDF is made.

    reportlab's ASCII85 encoder is pure Python (its C accelerator is a
    separate package) and took a third of the run; binary streams are also
    20 % smaller. The setting is global in reportlab, so it is restored.
    """
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def lay_out(layout: BadgeLayout, person: Person, programme: Programme, duplex: str | None,
            run: BadgeRun) -> tuple[BadgeFace | None, BadgeFace | None]:
    """Front and back laid out at the origin, or (None, None) with the problem recorded."""
    origin = Rect(0, 0, layout.w, layout.h)
    try:
        front = layout.front(origin, person, programme.event, payload_modules(person, programme))
        back = layout.back(origin, person, programme.event, programme.sessions_of(person)) if duplex else None
    except BadgeDoesNotFit as exc:
        file, line = source_of(person, programme)
        run.problems.append(Problem(file, line, None, exc.what, str(exc)))
        return None, None
    run.made += 1
    return front, back


def payload_modules(person: Person, programme: Programme) -> list | None:
    text = qr.payload(person, programme.event)
    return qr.matrix(text) if text else None


class SheetPrinter:
    """Places faces in slots page by page; backs follow their fronts' page."""

    def __init__(self, path: Path, sheet: Sheet, duplex: str | None, start_at: int = 1):
        self.sheet = sheet
        self.duplex = duplex
        self.canvas = new_canvas(path, sheet.page_size, pageCompression=1)
        self.canvas.setCreator(f"printkit {__version__}")
        self.canvas.setTitle("Name badges")
        self.next_slot = start_at - 1
        self.backs: list[tuple[int, BadgeFace]] = []
        self.used: set[tuple[float, ...]] = set()

    def add(self, front: BadgeFace, back: BadgeFace | None) -> None:
        slot = self.sheet.slot(self.next_slot)
        draw_face(self.canvas, front.moved(slot.x, slot.y))
        self.used.add(tuple(slot.as_list()))
        if back:
            self.backs.append((self.next_slot, back))
        self.next_slot += 1
        if self.next_slot == self.sheet.per_page:
            self.end_sheet()

    def end_sheet(self) -> None:
        self.draw_cut_marks([self.sheet.slot(i) for i in range(self.sheet.per_page)])
        self.canvas.showPage()
        if self.duplex and self.backs:
            for index, back in self.backs:
                slot = self.sheet.back_slot(index, self.duplex)
                draw_face(self.canvas, back.moved(slot.x, slot.y))
                self.used.add(tuple(slot.as_list()))
            self.draw_cut_marks([self.sheet.back_slot(i, self.duplex) for i in range(self.sheet.per_page)])
            self.canvas.showPage()
        self.backs = []
        self.next_slot = 0

    def draw_cut_marks(self, slots: list[Rect]) -> None:
        if not self.sheet.stock.cut_marks:
            return
        self.canvas.setLineWidth(CUT_MARK_WIDTH)
        self.canvas.setStrokeColor("#000000")
        for x1, y1, x2, y2 in self.sheet.cut_marks(slots):
            self.canvas.line(x1, y1, x2, y2)

    def finish(self) -> None:
        if self.next_slot or not self.used:
            self.end_sheet()
        slots = sorted(self.used)
        self.canvas.setKeywords("printkit " + json.dumps({"product": "badges", "slots": slots}, separators=(",", ":")))
        self.canvas.save()


@functools.cache
def colour(hex_code: str) -> Color:
    """Parsed once: reportlab parses colour strings on every use."""
    return HexColor(hex_code)


def draw_face(canvas, face: BadgeFace) -> None:
    canvas.setFillColor(colour(face.band_colour))
    radius = min(face.band.h, face.band.w) * 0.12
    canvas.roundRect(face.band.x, face.band.y, face.band.w, face.band.h, radius, stroke=0, fill=1)
    for item in face.texts:
        draw_line(canvas, item.x, item.y, item.text, item.size, item.style, item.align, color=colour(item.colour))
    if face.qr:
        canvas.setFillColor(colour("#000000"))
        qr.draw(canvas, face.qr.modules, face.qr.x, face.qr.y, face.qr.size)
