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
flat; for long runs, worker processes lay the badges out meanwhile.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import qr
from ..errors import InputError, Problem
from ..layout.badge import BadgeDoesNotFit, BadgeFace, BadgeLayout
from ..layout.geometry import MM, Rect
from ..layout.sheet import SlotGrid, start_at_problem
from ..load.people import check_url_template
from ..load.registration import find_badge_stock
from ..model import Person, Programme, Session, qr_kind
from ..render.badges import SheetPrinter
from ..roster import Roster, programme_source, select, source_of
from ..text.fit import DoesNotFitError
from ..write import atomic_output
from .result import ProductResult

DEFAULT_STOCK = "a4-4xa6"
FILE_NAME = "badges.pdf"
PARALLEL_FROM = 200  # badges; below this, starting worker processes costs more than it saves
MAX_WORKERS = 4
CHUNK = 16  # badges laid out in one round trip to a worker
WINDOW = 4 * MAX_WORKERS  # batches the workers may lay out ahead of the drawing
WORKER_SILENCE = 1.0  # s: how long a wait for a worker's batch goes before the workers are looked at
# s: a worker's thread switch interval. Its queue's feeder thread writes a batch into the pipe
# in pieces, and needs the interpreter lock between them while the worker lays out the next
# batch: at Python's default of 5 ms, the drawing process would wait that long per piece.
SWITCH_INTERVAL = 0.0005
MP_CONTEXT = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"

Progress = Callable[[Iterable["LaidOutBadge"], int], Iterable["LaidOutBadge"]]


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
    that cannot be laid out unless `options.skip_invalid`. `progress` wraps the badges as they are drawn."""
    people = select(roster.people, options.only, options.role)
    sheet = badge_sheet(programme, options)
    work = badge_work(programme, sheet, options, people)
    path = outdir / FILE_NAME
    problems: list[Problem] = []
    codes_shortened: list[Problem] = []  # QR codes that gave something up to fit
    texts_shortened: list[Problem] = []  # badges whose texts were shortened; field: the person's name
    made = 0
    # closing(): if drawing fails, the layout workers are stopped there and then
    with atomic_output(path, programme.print if options.pdfx else None) as tmp, \
            contextlib.closing(laid_out(work, people)) as badges:
        printer = SheetPrinter(tmp, sheet, options.duplex, options.start_at)
        for badge in progress(badges, len(people)) if progress else badges:
            if badge.faces:
                printer.add(*badge.faces)
                made += 1
            problems += badge.problems
            codes_shortened += badge.code_shortened
            texts_shortened += badge.texts_shortened
        printer.finish()
        if problems and not options.skip_invalid:
            raise InputError(problems)
    selected = len(people) if options.only or options.role else None
    summary = roster.summary(made, not_set=len(problems), selected=selected,
                             shortened=[p.field for p in texts_shortened])
    if codes_shortened:
        summary += f"; {len(codes_shortened)} QR code{'s' if len(codes_shortened) != 1 else ''} shortened to fit"
    return ProductResult([path], made, problems, summary, warnings=codes_shortened + texts_shortened)


def badge_problems(programme: Programme, person: Person, options: BadgeOptions = BadgeOptions()) -> list[Problem]:
    """Why one person's badge cannot be laid out ([] when it can); nothing is drawn.

    The desk checks a walk-in with this before storing it, without waiting for a print.
    """
    return list(lay_out_badge(badge_work(programme, badge_sheet(programme, options), options, [person]), person).problems)


def badge_work(programme: Programme, sheet: SlotGrid, options: BadgeOptions, people: list[Person]) -> BadgeWork:
    """What laying out these people's badges needs, once the checks that concern
    every badge at once (URL template, event title, QR area) have passed."""
    check_url_template(programme.event, people)
    layout = badge_layout(programme, sheet, options)
    module = options.qr_module or programme.badges.qr_module
    check_qr_area(programme, sheet, layout, module, people)
    return BadgeWork(programme, layout, module, options.duplex)


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
class BadgeWork:
    """Everything laying out any one person's badge needs: made once a run and,
    for long runs, handed once to each worker process."""

    programme: Programme
    layout: BadgeLayout
    module: float  # mm: the smallest QR module
    duplex: str | None


@dataclass(frozen=True)
class LaidOutBadge:
    """One person's badge ready to draw (`faces` None when it cannot be laid out,
    with the reason in `problems`), and what it gave up to fit."""

    faces: tuple[BadgeFace, BadgeFace | None] | None
    problems: tuple[Problem, ...] = ()
    code_shortened: tuple[Problem, ...] = ()
    texts_shortened: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class CodePlan:
    """What a person's code says and the square it is drawn in (pt)."""

    payload: qr.Payload | None
    side: float
    budget: qr.Budget | None = None


def lay_out_badge(work: BadgeWork, person: Person) -> LaidOutBadge:
    """Plan the person's code, make it and lay out both faces: all of a badge but the drawing."""
    where = source_of(person, work.programme)
    try:
        plan = plan_code(work.layout, work.module, person, work.programme)
        faces = lay_out(work, person, plan, qr.encode(plan.payload))
    except BadgeDoesNotFit as exc:
        return LaidOutBadge(None, (Problem.at(where, exc.what, str(exc)),))
    except qr.PayloadTooLarge as exc:
        return LaidOutBadge(None, (Problem.at(where, "qr", str(exc)),))
    notes = [note for face in faces if face for note in face.notes]
    code_shortened = (Problem.at(where, "qr", f"{person.display_name}: QR code shortened to fit a version "
                                              f"{plan.budget.max_version} code with {work.module:g} mm modules: "
                                              f"{qr.describe_shortening(plan.payload)}"),
                      ) if plan.payload and plan.payload.given_up else ()
    texts_shortened = (Problem.at(where, person.display_name, ", ".join(notes)),) if notes else ()
    return LaidOutBadge(faces, (), code_shortened, texts_shortened)


def plan_code(layout: BadgeLayout, module: float, person: Person, programme: Programme) -> CodePlan:
    """The person's code: the square the layout gives it, and the payload that
    fits there with modules of at least `module` mm. Raises BadgeDoesNotFit when
    the name does not fit beside the smallest code, PayloadTooLarge when the name
    alone does not fit the code (with no link to fall back on)."""
    if qr_kind(person, programme.event) == "none":
        return CodePlan(None, layout.qr_side)  # no code: the text takes the whole width
    side = layout.code_side(person, module * MM)
    budget = qr.Budget.for_area(side / MM, module)
    try:
        return CodePlan(qr.fit_payload(person, programme.event, budget), side, budget)
    except qr.PayloadTooLarge:
        wider = layout.code_side(person, module * MM, shorten_text=True)  # the affiliation shortened instead:
        if wider <= side:  # a badge is never refused for its secondary text
            raise
        budget = qr.Budget.for_area(wider / MM, module)
        return CodePlan(qr.fit_payload(person, programme.event, budget), wider, budget)


def lay_out(work: BadgeWork, person: Person, plan: CodePlan, code: qr.Code | None) -> tuple[BadgeFace, BadgeFace | None]:
    """Front and back laid out at the origin (the back only when printing two-sided)."""
    origin = Rect(0, 0, work.layout.w, work.layout.h)
    event = work.programme.event
    front = work.layout.front(origin, person, event, code, plan.side)
    back = work.layout.back(origin, person, event, sessions_in_time_order(work.programme, person)) if work.duplex else None
    return front, back


def sessions_in_time_order(programme: Programme, person: Person) -> tuple[Session, ...]:
    """The person's sessions as they come in the event's days (programme.yaml may list
    a day's items room by room), for the back of the badge."""
    return tuple(sorted(programme.sessions_of(person), key=lambda s: (programme.day_of(s), s.start, s.end)))


def laid_out(work: BadgeWork, people: Sequence[Person]) -> Iterator[LaidOutBadge]:
    """Each person's badge laid out, in order; shared with worker processes for long runs.

    Planning, encoding and laying out a badge is pure Python and more than
    half the work of it, so on a machine with more than one core worker
    processes lay out batches of badges while this process draws. Batches
    are handed out in order from one shared counter, to the workers and to
    this process alike: whenever the next batch to draw is not back yet,
    this process takes the next unclaimed batch itself instead of waiting.
    So the work splits itself between the cores whatever their speed, and
    at the end this process waits at most for the batches being laid out at
    that moment, never for a queue of them. Workers stay at most WINDOW
    batches ahead of the drawing, so memory stays flat however long the list.
    """
    workers = min((os.cpu_count() or 1) - 1, MAX_WORKERS)
    if len(people) < PARALLEL_FROM or workers < 1:
        yield from (lay_out_badge(work, person) for person in people)
        return
    with SharedBatches(work, people, workers) as batches:
        for index in range(batches.count):
            yield from batches.laid_out(index)


class SharedBatches:
    """Batches of CHUNK people, laid out by worker processes and by this one
    in the order they are claimed (see `laid_out`)."""

    def __init__(self, work: BadgeWork, people: Sequence[Person], workers: int):
        context = multiprocessing.get_context(MP_CONTEXT)
        self.work, self.people = work, people
        self.count = batch_count(people)
        self.claimed = context.Value("i", 0)  # the next batch nobody has taken
        self.room = context.Semaphore(WINDOW)  # batches workers may lay out before this process draws them
        self.results = context.Queue()  # (batch index, badges or the exception a worker met)
        self.ready: dict[int, list[LaidOutBadge]] = {}
        self.from_workers: set[int] = set()
        self.processes = [context.Process(target=work_on_batches, daemon=True, name=f"printkit-badges-{n}",
                                          args=(work, people, self.claimed, self.room, self.results))
                          for n in range(workers)]

    def __enter__(self) -> SharedBatches:
        for process in self.processes:
            process.start()
        return self

    def __exit__(self, failed, *_) -> None:
        """Every batch drawn: the workers have ended or end now. Drawing failed:
        they are stopped, whatever they were laying out."""
        with self.claimed.get_lock():
            self.claimed.value = self.count  # nothing left to claim
        for process in self.processes:
            self.room.release()  # a worker waiting for room sees that at once
        for process in self.processes:
            if failed:
                process.terminate()
            process.join()
        self.results.close()

    def laid_out(self, index: int) -> list[LaidOutBadge]:
        """Batch `index`, laid out by whoever claimed it; this process lays out
        unclaimed batches itself while it waits."""
        while index not in self.ready:
            if self.receive(block=False):
                continue
            mine = claim(self.claimed, self.count) if len(self.ready) < WINDOW else None
            if mine is None:
                self.receive(block=True)
            else:
                self.ready[mine] = lay_out_batch(self.work, self.people, mine)
        if index in self.from_workers:
            self.from_workers.remove(index)
            self.room.release()
        return self.ready.pop(index)

    def receive(self, block: bool) -> bool:
        """Take one worker's batch if there is one (waiting for it when `block`)."""
        try:
            index, badges = self.results.get(block, timeout=WORKER_SILENCE if block else None)
        except queue.Empty:
            if block:
                self.check_workers()
            return False
        if isinstance(badges, WorkerFailed):
            raise badges
        self.ready[index] = badges
        self.from_workers.add(index)
        return True

    def check_workers(self) -> None:
        """A worker that ended without handing in the batch it took would leave
        this process waiting for good: say so instead."""
        if all(process.exitcode is not None for process in self.processes) or any(
                process.exitcode not in (None, 0) for process in self.processes):
            codes = ", ".join(str(process.exitcode) for process in self.processes)
            raise WorkerFailed(f"a process laying out badges ended before its batch was laid out (exit codes {codes})")


class WorkerFailed(Exception):
    """What went wrong in a worker process, told as text (any exception can be
    told, not every one pickled), with the worker's traceback as a note."""


def claim(claimed, count: int) -> int | None:
    """The next unclaimed batch's index, now taken; None when all are."""
    with claimed.get_lock():
        index = claimed.value
        if index >= count:
            return None
        claimed.value = index + 1
        return index


def work_on_batches(work: BadgeWork, people: Sequence[Person], claimed, room, results) -> None:
    """A worker process: claim batches in order and lay them out, while there is
    room ahead of the drawing and batches to claim."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the drawing process's to handle
    sys.setswitchinterval(SWITCH_INTERVAL)
    count = batch_count(people)
    while room.acquire() and (index := claim(claimed, count)) is not None:
        try:
            results.put((index, lay_out_batch(work, people, index)))
        except Exception as exc:  # handed to the drawing process, which raises it
            failure = WorkerFailed(f"{type(exc).__name__}: {exc}")
            failure.add_note(f"in a process laying out badges:\n{traceback.format_exc()}")
            results.put((index, failure))
            return


def batch_count(people: Sequence[Person]) -> int:
    return -(-len(people) // CHUNK)


def lay_out_batch(work: BadgeWork, people: Sequence[Person], index: int) -> list[LaidOutBadge]:
    return [lay_out_badge(work, person) for person in people[index * CHUNK:(index + 1) * CHUNK]]
