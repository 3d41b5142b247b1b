"""seating.pdf: the plan, the chair's view and the lists, from the `seating:` section.

One entry point (`make_seating`) taking the programme, the roster built once
and the options; `plan_seats` is shared with the tent cards and the desk, so
all three seat everyone the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..layout.seating import SeatAssignment, assign_seats
from ..layout.seatlists import lay_out_lists
from ..layout.seatplan import PlanDoesNotFit, PlanPage, lay_out_plan
from ..load.people import seated_people
from ..load.seating import check_seated
from ..model import Person, Programme
from ..render.seating import write_seating
from ..roster import Roster, programme_source, source_of
from ..text.fit import DoesNotFitError
from .result import ProductResult

FILE_NAME = "seating.pdf"


@dataclass(frozen=True)
class SeatingOptions:
    page: str | None = None  # auto, a4 or a3; None: `seating.page` in programme.yaml


def plan_seats(programme: Programme, everyone: list[Person]) -> SeatAssignment:
    """Who sits where; InputError (file:line) when the section names someone not seated or too few seats."""
    seating = programme.seating
    seated = seated_people(everyone, programme)
    problems = check_seated(seating, everyone, seated, programme_source(programme).file)
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return assign_seats(seated, seating, [p.id for p in programme.people])


def seat_numbers(programme: Programme, everyone: list[Person]) -> dict[str, int]:
    """Person id → seat number, for the tent cards and the desk; empty without a `seating:` section."""
    if programme.seating is None:
        return {}
    return {seat.person.id: seat.number for seat in plan_seats(programme, everyone).occupied}


def make_seating(programme: Programme, roster: Roster, outdir: Path,
                 options: SeatingOptions = SeatingOptions()) -> ProductResult:
    """Write OUTDIR/seating.pdf: the plan, the chair's view, the lists; raise InputError (writing nothing)
    when the section does not fit the people or the table cannot be drawn legibly."""
    seating = programme.seating
    assignment = plan_seats(programme, roster.people)
    try:
        plans = [lay_out_plan(assignment, programme.event, seating.door, options.page or seating.page, chairs_view=view)
                 for view in (False, True)]
        lists = lay_out_lists(assignment, programme.event, (plans[0].width, plans[0].height))
    except (PlanDoesNotFit, DoesNotFitError) as exc:
        line, column = seating.spot("seating.table")
        raise InputError([Problem(programme_source(programme).file, line, column, "seating.table", str(exc))]) from None
    path = write_seating(plans, lists, outdir / FILE_NAME, f"{programme.event.short_title}: seating plan")
    seated, seats = len(assignment.occupied), len(assignment.seats)
    summary = (f"seated {seated} {'person' if seated == 1 else 'people'} at {seats} seats "
               f"({seats - seated} empty); plan on {plans[0].page.upper()} landscape")
    cut = cut_texts(programme, plans)
    if cut:
        summary += f"; {len(cut)} affiliation{'s' if len(cut) != 1 else ''} cut to fit the plan (see the warnings)"
    return ProductResult([path], seated, [], summary, warnings=cut)


def cut_texts(programme: Programme, plans: list[PlanPage]) -> list[Problem]:
    """One warning for each person whose texts were cut on the plan or the chair's view."""
    notes: dict[str, tuple[Person, str]] = {}
    for plan in plans:
        for person, note in plan.notes:
            notes.setdefault(person.id, (person, note))
    return [Problem.at(source_of(person, programme), person.display_name, note) for person, note in notes.values()]
