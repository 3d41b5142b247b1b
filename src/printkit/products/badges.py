"""badges.pdf: one name badge per person of the roster, on sheets of the chosen stock.

The steps of a run, in order: pick the people (--only, --role), find the
stock and check --start-at and the QR URL template before anything is drawn,
then per person make the QR code, lay the badge out (`layout.badge`) and draw
it into its slot (`render.badges`), all into one atomically written file. A
badge that cannot be laid out fails the run, or with --skip-invalid is left
out and reported.

One pass over the roster onto one canvas: each person is laid out, drawn and
forgotten, so time grows linearly with the number of badges and memory stays
flat; QR codes for long runs are made by worker processes meanwhile.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import qr
from ..errors import InputError, Problem
from ..layout.badge import BadgeDoesNotFit, BadgeFace, BadgeLayout
from ..layout.geometry import MM, Rect
from ..layout.sheet import SlotGrid, start_at_problem
from ..load.people import check_url_template
from ..load.registration import find_badge_stock
from ..model import Person, Programme
from ..render.badges import SheetPrinter
from ..roster import Roster, select, source_of
from ..write import atomic_output
from .result import ProductResult

DEFAULT_STOCK = "a4-4xa6"
FILE_NAME = "badges.pdf"
PARALLEL_FROM = 200  # badges; below this, starting worker processes costs more than it saves
MAX_QR_WORKERS = 4
QR_CHUNK = 32
QR_WINDOW = 4 * MAX_QR_WORKERS  # batches made ahead of the drawing
MP_CONTEXT = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"

Progress = Callable[[Iterable[Person], int], Iterable[Person]]


@dataclass(frozen=True)
class BadgeOptions:
    stock: str | None = None
    offset: tuple[float, float] = (0.0, 0.0)
    start_at: int = 1
    duplex: str | None = None
    caps: bool | None = None
    only: tuple[str, ...] = ()
    role: str | None = None
    skip_invalid: bool = False
    pdfx: bool = False  # PDF/X-1a for programme.print's output condition


def make_badges(programme: Programme, roster: Roster, outdir: Path, options: BadgeOptions = BadgeOptions(),
                progress: Progress | None = None) -> ProductResult:
    """Write OUTDIR/badges.pdf for the roster; raise InputError (writing nothing) on a badge
    that cannot be laid out unless `options.skip_invalid`. `progress` wraps the people as they are drawn."""
    people = select(roster.people, options.only, options.role)
    sheet = badge_sheet(programme, options)
    check_url_template(programme.event, people)
    layout = badge_layout(programme, sheet, options)
    path = outdir / FILE_NAME
    problems: list[Problem] = []
    made = 0
    with atomic_output(path, programme.print if options.pdfx else None) as tmp:
        printer = SheetPrinter(tmp, sheet, options.duplex, options.start_at)
        for person, code in zip(progress(people, len(people)) if progress else people, qr_codes(people, programme)):
            faces = lay_out(layout, person, code, programme, options.duplex, problems)
            if faces:
                printer.add(*faces)
                made += 1
        printer.finish()
        if problems and not options.skip_invalid:
            raise InputError(problems)
    selected = len(people) if options.only or options.role else None
    return ProductResult([path], made, problems, roster.summary(made, not_set=len(problems), selected=selected))


def badge_sheet(programme: Programme, options: BadgeOptions) -> SlotGrid:
    """The stock's sheet with the printer offset; validates --start-at before anything is drawn."""
    settings = programme.badges
    sheet = SlotGrid(find_badge_stock(options.stock or settings.stock or DEFAULT_STOCK, settings), options.offset)
    start_problem = start_at_problem(options.start_at, sheet.per_page)
    if start_problem:
        raise InputError([Problem("--start-at", None, None, "", start_problem)])
    return sheet


def badge_layout(programme: Programme, sheet: SlotGrid, options: BadgeOptions) -> BadgeLayout:
    settings = programme.badges
    caps = settings.caps if options.caps is None else options.caps
    return BadgeLayout(sheet.stock.slot[0] * MM, sheet.stock.slot[1] * MM, caps, dict(settings.role_colours))


def lay_out(layout: BadgeLayout, person: Person, code: qr.Code | None, programme: Programme, duplex: str | None,
            problems: list[Problem]) -> tuple[BadgeFace, BadgeFace | None] | None:
    """Front and back laid out at the origin, or None with the problem recorded."""
    origin = Rect(0, 0, layout.w, layout.h)
    try:
        front = layout.front(origin, person, programme.event, code)
        back = layout.back(origin, person, programme.event, programme.sessions_of(person)) if duplex else None
    except BadgeDoesNotFit as exc:
        problems.append(Problem.at(source_of(person, programme), exc.what, str(exc)))
        return None
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
