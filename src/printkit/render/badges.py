"""badges.pdf: one name badge per person, on sheets of the chosen stock.

One pass over the roster onto one canvas: each person is laid out, drawn and
forgotten (only the backs of the current sheet wait for their page), and each
finished page is compressed while the next is drawn (`render.canvas`), so
time grows linearly with the number of badges and memory stays flat.
"""

from __future__ import annotations

import collections
import itertools
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__, qr
from ..errors import InputError, Problem
from ..layout.badge import BadgeDoesNotFit, BadgeFace, BadgeLayout
from ..layout.sheet import Rect, Sheet, start_at_problem
from ..load.registration import find_badge_stock
from ..model import Person, Programme
from ..roster import Roster, build_roster, select, source_of
from .palette import cmyk
from .canvas import new_canvas
from ..text.setting import draw_lines
from ..write import atomic_output

DEFAULT_STOCK = "a4-4xa6"
FILE_NAME = "badges.pdf"
CUT_MARK_WIDTH = 0.25  # pt
PARALLEL_FROM = 200  # badges; below this, starting worker processes costs more than it saves
MAX_QR_WORKERS = 4
QR_CHUNK = 32
QR_WINDOW = 4 * MAX_QR_WORKERS  # batches made ahead of the drawing
MP_CONTEXT = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


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
    selected: int | None = None  # people picked by --only/--role, when a subset was asked for


def write_badges(programme: Programme, outdir: Path, options: BadgeOptions = BadgeOptions(),
                 progress: Callable[[Iterable[Person], int], Iterable[Person]] | None = None) -> BadgeRun:
    """Write OUTDIR/badges.pdf; raise InputError (writing nothing) on invalid input
    unless `options.skip_invalid`."""
    roster = build_roster(programme, options.attendees, options.skip_invalid)
    people = select(roster.people, options.only, options.role)
    sheet = badge_sheet(programme, options)
    qr.check_url_template(programme.event, people)
    layout = badge_layout(programme, sheet, options)
    run = BadgeRun(outdir / FILE_NAME, roster, selected=len(people) if options.only or options.role else None)
    with atomic_output(run.path) as tmp:
        printer = SheetPrinter(tmp, sheet, options.duplex, options.start_at)
        codes = qr_codes(people, programme)
        for person, code in zip(progress(people, len(people)) if progress else people, codes):
            front, back = lay_out(layout, person, code, programme, options.duplex, run)
            if front:
                printer.add(front, back)
        printer.finish()
        if run.problems and not options.skip_invalid:
            raise InputError(run.problems)
    return run


def badge_sheet(programme: Programme, options: BadgeOptions) -> Sheet:
    """The stock's sheet with the printer offset; validates --start-at before anything is drawn."""
    settings = programme.badges
    sheet = Sheet(find_badge_stock(options.stock or settings.stock or DEFAULT_STOCK, settings), options.offset)
    start_problem = start_at_problem(options.start_at, sheet.per_page)
    if start_problem:
        raise InputError([Problem("--start-at", None, None, "", start_problem)])
    return sheet


def badge_layout(programme: Programme, sheet: Sheet, options: BadgeOptions) -> BadgeLayout:
    settings = programme.badges
    caps = settings.caps if options.caps is None else options.caps
    return BadgeLayout(sheet.stock.slot[0] * 72 / 25.4, sheet.stock.slot[1] * 72 / 25.4, caps, dict(settings.role_colours))


def write_one_badge(programme: Programme, person: Person, out: BinaryIO, options: BadgeOptions = BadgeOptions()) -> None:
    """One person's badge alone on a page, in slot `options.start_at`, written to `out`.

    For the registration desk, which reprints one badge at a time on a
    single-badge stock or on the next free label of a partly used sheet.
    Raises InputError when the badge cannot be laid out; nothing is written then.
    """
    sheet = badge_sheet(programme, options)
    qr.check_url_template(programme.event, [person])
    run = BadgeRun(Path(FILE_NAME), Roster([person]))
    code = qr.encode(qr.payload(person, programme.event))
    front, back = lay_out(badge_layout(programme, sheet, options), person, code, programme, options.duplex, run)
    if run.problems:
        raise InputError(run.problems)
    printer = SheetPrinter(out, sheet, options.duplex, options.start_at)
    printer.add(front, back)
    printer.finish()


def lay_out(layout: BadgeLayout, person: Person, code: qr.Code | None, programme: Programme, duplex: str | None,
            run: BadgeRun) -> tuple[BadgeFace | None, BadgeFace | None]:
    """Front and back laid out at the origin, or (None, None) with the problem recorded."""
    origin = Rect(0, 0, layout.w, layout.h)
    try:
        front = layout.front(origin, person, programme.event, code)
        back = layout.back(origin, person, programme.event, programme.sessions_of(person)) if duplex else None
    except BadgeDoesNotFit as exc:
        run.problems.append(Problem.at(source_of(person, programme), exc.what, str(exc)))
        return None, None
    run.made += 1
    return front, back


def qr_codes(people: list[Person], programme: Programme) -> Iterator[qr.Code | None]:
    """Each person's code, in order; made by worker processes for long runs.

    Building a code is pure Python and about half the work of a badge, so
    on a machine with more than one core it runs alongside the drawing.
    """
    payloads = (qr.payload(person, programme.event) for person in people)
    workers = min((os.cpu_count() or 1) - 1, MAX_QR_WORKERS)
    if len(people) < PARALLEL_FROM or workers < 1:
        yield from map(qr.encode, payloads)
        return
    with multiprocessing.get_context(MP_CONTEXT).Pool(workers) as pool:
        window: collections.deque = collections.deque()  # bounded, so memory stays flat however long the list
        for batch in chunks(payloads):
            window.append(pool.apply_async(qr.encode_all, (batch,)))
            if len(window) > QR_WINDOW:
                yield from window.popleft().get()
        while window:
            yield from window.popleft().get()


def chunks(items: Iterable) -> Iterator[list]:
    """Lists of QR_CHUNK items (itertools.batched from Python 3.12)."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, QR_CHUNK)):
        yield batch


class SheetPrinter:
    """Places faces in slots page by page; backs follow their fronts' page."""

    def __init__(self, path: Path | BinaryIO, sheet: Sheet, duplex: str | None, start_at: int = 1):
        self.sheet = sheet
        self.duplex = duplex
        self.canvas = new_canvas(path, sheet.page_size)
        self.canvas.setCreator(f"printkit {__version__}")
        self.canvas.setTitle("Name badges")
        self.next_slot = start_at - 1
        self.backs: list[tuple[int, BadgeFace]] = []
        self.used: set[tuple[float, ...]] = set()

    def add(self, front: BadgeFace, back: BadgeFace | None) -> None:
        slot = self.sheet.slot(self.next_slot)
        draw_face(self.canvas, front, slot)
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
                draw_face(self.canvas, back, slot)
                self.used.add(tuple(slot.as_list()))
            self.draw_cut_marks([self.sheet.back_slot(i, self.duplex) for i in range(self.sheet.per_page)])
            self.canvas.showPage()
        self.backs = []
        self.next_slot = 0

    def draw_cut_marks(self, slots: list[Rect]) -> None:
        if not self.sheet.stock.cut_marks:
            return
        self.canvas.setLineWidth(CUT_MARK_WIDTH)
        self.canvas.setStrokeColor(cmyk("#000000"))
        for x1, y1, x2, y2 in self.sheet.cut_marks(slots):
            self.canvas.line(x1, y1, x2, y2)

    def finish(self) -> None:
        if self.next_slot or not self.used:
            self.end_sheet()
        slots = sorted(self.used)
        self.canvas.setKeywords("printkit " + json.dumps({"product": "badges", "slots": slots}, separators=(",", ":")))
        self.canvas.save()


def draw_face(canvas, face: BadgeFace, slot: Rect) -> None:
    """A face laid out at the origin, drawn into its slot on the sheet."""
    canvas.saveState()
    canvas.translate(slot.x, slot.y)
    canvas.setFillColor(cmyk(face.band_colour))
    radius = min(face.band.h, face.band.w) * 0.12
    canvas.roundRect(face.band.x, face.band.y, face.band.w, face.band.h, radius, stroke=0, fill=1)
    draw_lines(canvas, [(t.x, t.y, t.text, t.size, t.style, t.align, cmyk(t.colour)) for t in face.texts])
    if face.qr:
        canvas.setFillColor(cmyk("#000000"))
        qr.draw(canvas, face.qr.code, face.qr.x, face.qr.y, face.qr.size)
    canvas.restoreState()
