"""badges.pdf: one name badge per person of the roster, on sheets of the chosen stock.

The steps of a run, in order: pick the people (--only, --role), find the
stock and check --start-at, the QR URL template and the QR area before
anything is drawn, then per person plan the QR code (the square the layout
gives it and the payload that fits there with modules of at least
badges.qr_module: `qr.fit_payload`), make it, lay the badge out
(`layout.badge`) and draw it into its slot (`render.badges`), all into one
atomically written file. A badge that cannot be laid out fails the run, or
with --skip-invalid is left out and reported; a code that gave something up
to fit is listed in the warnings.

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
from ..model import Person, Programme, qr_kind
from ..render.badges import SheetPrinter
from ..roster import Roster, programme_source, select, source_of
from ..text.fit import DoesNotFitError
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
    qr_module: float | None = None  # mm; default badges.qr_module


def make_badges(programme: Programme, roster: Roster, outdir: Path, options: BadgeOptions = BadgeOptions(),
                progress: Progress | None = None) -> ProductResult:
    """Write OUTDIR/badges.pdf for the roster; raise InputError (writing nothing) on a badge
    that cannot be laid out unless `options.skip_invalid`. `progress` wraps the people as they are drawn."""
    people = select(roster.people, options.only, options.role)
    sheet = badge_sheet(programme, options)
    check_url_template(programme.event, people)
    layout = badge_layout(programme, sheet, options)
    module = options.qr_module or programme.badges.qr_module
    check_qr_area(programme, sheet, layout, module, people)
    path = outdir / FILE_NAME
    problems: list[Problem] = []
    shortened: list[Problem] = []  # QR codes that gave something up to fit
    texts_shortened: list[Problem] = []  # badges whose texts were shortened; field: the person's name
    made = 0
    with atomic_output(path, programme.print if options.pdfx else None) as tmp:
        printer = SheetPrinter(tmp, sheet, options.duplex, options.start_at)
        plans = plan_codes(layout, module, progress(people, len(people)) if progress else people, programme,
                           problems, shortened)
        for plan, code in with_codes(plans, len(people)):
            faces = lay_out(layout, plan, code, programme, options.duplex, problems)
            if faces:
                printer.add(*faces)
                made += 1
                texts_shortened += shortening(faces, plan.person, programme)
        printer.finish()
        if problems and not options.skip_invalid:
            raise InputError(problems)
    selected = len(people) if options.only or options.role else None
    summary = roster.summary(made, not_set=len(problems), selected=selected,
                             shortened=[p.field for p in texts_shortened])
    if shortened:
        summary += f"; {len(shortened)} QR code{'s' if len(shortened) != 1 else ''} shortened to fit"
    return ProductResult([path], made, problems, summary, warnings=shortened + texts_shortened)


def badge_problems(programme: Programme, person: Person, options: BadgeOptions = BadgeOptions()) -> list[Problem]:
    """Why one person's badge cannot be laid out ([] when it can); nothing is drawn.

    The desk checks a walk-in with this before storing it, without waiting for a print.
    """
    sheet = badge_sheet(programme, options)
    check_url_template(programme.event, [person])
    layout = badge_layout(programme, sheet, options)
    module = options.qr_module or programme.badges.qr_module
    check_qr_area(programme, sheet, layout, module, [person])
    problems: list[Problem] = []
    for plan in plan_codes(layout, module, [person], programme, problems, []):
        lay_out(layout, plan, qr.encode(plan.payload), programme, options.duplex, problems)
    return problems


def badge_sheet(programme: Programme, options: BadgeOptions) -> SlotGrid:
    """The stock's sheet with the printer offset; validates --start-at before anything is drawn."""
    settings = programme.badges
    sheet = SlotGrid(find_badge_stock(options.stock or settings.stock or DEFAULT_STOCK, settings), options.offset)
    start_problem = start_at_problem(options.start_at, sheet.per_page)
    if start_problem:
        raise InputError([Problem("--start-at", None, None, "", start_problem)])
    return sheet


def badge_layout(programme: Programme, sheet: SlotGrid, options: BadgeOptions) -> BadgeLayout:
    """The stock's layout; refuses (exit 2) an event title too long for the header every badge prints."""
    settings = programme.badges
    caps = settings.caps if options.caps is None else options.caps
    layout = BadgeLayout(sheet.stock.slot[0] * MM, sheet.stock.slot[1] * MM, caps, dict(settings.role_colours))
    narrowest = layout.zone(Rect(0, 0, layout.w, layout.h), layout.zones.header, layout.text_width_beside(layout.qr_side))
    try:
        layout.header(narrowest, programme.event)
    except DoesNotFitError:
        raise InputError([Problem.at(programme_source(programme), "event.short_title",
                                     f"{programme.event.short_title!r} does not fit the badge header in one line at 6 pt on "
                                     f"the {sheet.stock.name} stock; shorten it (every badge prints it)")]) from None
    return layout


def check_qr_area(programme: Programme, sheet: SlotGrid, layout: BadgeLayout, module: float, people: list[Person]) -> None:
    """A stock whose QR area holds no code with `module` mm modules is one error, not one per person."""
    if qr.largest_version(layout.qr_side / MM, module) or all(qr_kind(p, programme.event) == "none" for p in people):
        return
    raise InputError([Problem("programme.yaml", None, None, "badges.qr_module",
                              f"the QR area of stock {sheet.stock.name!r} is {layout.qr_side / MM:.1f} mm wide, too small "
                              f"for the smallest QR code ({qr.version_side(1, module):.1f} mm with its quiet zone at "
                              f"{module:g} mm modules); choose a larger stock or smaller modules, or set qr: none")])


@dataclass(frozen=True)
class CodePlan:
    """A person who gets a badge, what their code says and the square it is drawn in (pt)."""

    person: Person
    payload: qr.Payload | None
    side: float


def plan_codes(layout: BadgeLayout, module: float, people: Iterable[Person], programme: Programme,
               problems: list[Problem], shortened: list[Problem]) -> Iterator[CodePlan]:
    """Each person's code: the square the layout gives it, and the payload
    that fits there with modules of at least `module` mm. Codes that gave
    something up to fit are listed in `shortened`; a person whose name does
    not fit beside the smallest code, or whose name alone does not fit the
    code (with no link to fall back on), in `problems`."""
    for person in people:
        if qr_kind(person, programme.event) == "none":
            yield CodePlan(person, None, layout.qr_side)  # no code: the text takes the whole width
            continue
        try:
            side, budget, payload = fitted_code(layout, person, module, programme)
        except BadgeDoesNotFit as exc:
            problems.append(Problem.at(source_of(person, programme), exc.what, str(exc)))
            continue
        except qr.PayloadTooLarge as exc:
            problems.append(Problem.at(source_of(person, programme), "qr", str(exc)))
            continue
        if payload and payload.given_up:
            shortened.append(Problem.at(source_of(person, programme), "qr",
                                        f"{person.display_name}: QR code shortened to fit a version "
                                        f"{budget.max_version} code with {module:g} mm modules: "
                                        f"{qr.describe_shortening(payload)}"))
        yield CodePlan(person, payload, side)


def fitted_code(layout: BadgeLayout, person: Person, module: float,
                programme: Programme) -> tuple[float, qr.Budget, qr.Payload | None]:
    """(side, budget, payload) of a person's code: beside their texts unshortened when the
    payload fits there; else as large as the name allows, the affiliation shortened instead,
    because a badge is never refused for its secondary text."""
    side = layout.code_side(person, module * MM)
    budget = qr.Budget.for_area(side / MM, module)
    try:
        return side, budget, qr.fit_payload(person, programme.event, budget)
    except qr.PayloadTooLarge:
        wider = layout.code_side(person, module * MM, shorten_text=True)
        if wider <= side:
            raise
        budget = qr.Budget.for_area(wider / MM, module)
        return wider, budget, qr.fit_payload(person, programme.event, budget)


def lay_out(layout: BadgeLayout, plan: CodePlan, code: qr.Code | None, programme: Programme, duplex: str | None,
            problems: list[Problem]) -> tuple[BadgeFace, BadgeFace | None] | None:
    """Front and back laid out at the origin, or None with the problem recorded."""
    origin = Rect(0, 0, layout.w, layout.h)
    person = plan.person
    try:
        front = layout.front(origin, person, programme.event, code, plan.side)
        back = layout.back(origin, person, programme.event, programme.sessions_of(person)) if duplex else None
    except BadgeDoesNotFit as exc:
        problems.append(Problem.at(source_of(person, programme), exc.what, str(exc)))
        return None
    return front, back


def shortening(faces: tuple[BadgeFace, BadgeFace | None], person: Person, programme: Programme) -> list[Problem]:
    """A warning naming the person and what their badge's texts gave up to fit, or none."""
    notes = [note for face in faces if face for note in face.notes]
    return [Problem.at(source_of(person, programme), person.display_name, ", ".join(notes))] if notes else []


def with_codes(plans: Iterable[CodePlan], count: int) -> Iterator[tuple[CodePlan, qr.Code | None]]:
    """Each plan with its code, in order; made by worker processes for long runs.

    Building a code is pure Python and about half the work of a badge, so
    on a machine with more than one core it runs alongside the drawing.
    """
    workers = min((os.cpu_count() or 1) - 1, MAX_QR_WORKERS)
    if count < PARALLEL_FROM or workers < 1:
        yield from ((plan, qr.encode(plan.payload)) for plan in plans)
        return
    with multiprocessing.get_context(MP_CONTEXT).Pool(workers) as pool:
        window: collections.deque = collections.deque()  # bounded, so memory stays flat however long the list
        for batch in chunks(plans):
            window.append((batch, pool.apply_async(qr.encode_all, ([plan.payload for plan in batch],))))
            if len(window) > QR_WINDOW:
                batch, codes = window.popleft()
                yield from zip(batch, codes.get())
        while window:
            batch, codes = window.popleft()
            yield from zip(batch, codes.get())


def chunks(items: Iterable) -> Iterator[list]:
    """Lists of QR_CHUNK items (itertools.batched from Python 3.12)."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, QR_CHUNK)):
        yield batch
