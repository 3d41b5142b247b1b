"""desk-changes.csv: walk-ins and name corrections made at the registration desk (the file format).

The file sits next to programme.yaml and is a registration export like any
other (First Name, Last Name, Company... headers), plus a timestamp, the
action and the person's id: the id a walk-in was given (so ids do not move
when lines are inserted or deleted), or the id of the person corrected,
with the name that person had when the correction was made ("Made For"): if
the id has come to belong to someone else by the time the build reads it (an
export re-downloaded with other ids), the correction is a reported problem,
not applied to a stranger. It
is read as a spreadsheet may have left it (`printkit.load.deskcsv`), and
rows are validated by the CSV importer's own code (`printkit.load.attendees`),
so the desk accepts exactly what an export would. `printkit build` applies it:
additions join the attendees, corrections replace names and affiliation by id.
The desk appends to the file (`printkit.desk.changes`); everything that reads
it, the build and the desk alike, reads it here.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..model import Contact, Person, Programme, Registration, Source, fold
from .attendees import map_columns, read_row
from .deskcsv import Table, read_table
from .yamlreader import ID_PATTERN

FILE_NAME = "desk-changes.csv"
ADD, CORRECT = "add", "correct"
# Form field → column header; the headers are ones the CSV importer recognises.
FIELDS = {
    "given_name": "First Name",
    "family_name": "Last Name",
    "native_name": "Native Name",
    "position": "Job Title",
    "organisation": "Company",
    "email": "Email",
    "ticket": "Ticket Type",
}
HEADER = ["Timestamp", "Action", "Person ID", *FIELDS.values(), "Made For"]
# Every header printkit has written: files from before "Made For" are read and appended to as they are.
WRITTEN_HEADERS = (HEADER, HEADER[:-1])
# Field → index in a row of FIELDS' values, found as the importer finds an export's columns (the
# programme's own column mapping is not used: the desk file has its own headers). Found once.
COLUMNS = map_columns(Path(FILE_NAME), list(FIELDS.values()), Registration())[0]
MAX_FIELD_LENGTH = 200  # characters; far beyond any real name, short enough to refuse a paste accident early


def changes_path(programme: Programme) -> Path:
    base = Path(programme.path).parent if programme.path else Path.cwd()
    return base / FILE_NAME


def validate(form: Mapping[str, str], registration: Registration, path: Path, action: str,
             line: int = 0) -> tuple[Person | None, list[Problem]]:
    """A form (or a desk-changes row) checked as a CSV row: the Person it makes, or the problems.

    Corrections keep the person's role, so their ticket column is not read.
    """
    too_long = [Problem(path, line or None, None, name, f"is {len(value)} characters long; at most {MAX_FIELD_LENGTH}")
                for name, value in form.items() if name in FIELDS and len(value) > MAX_FIELD_LENGTH]
    if too_long:
        return None, too_long
    columns = {field: index for field, index in COLUMNS.items() if not (action == CORRECT and field == "ticket")}
    roles = {fold(ticket): (ticket, role) for ticket, role in registration.ticket_roles}
    row = [form.get(name, "") for name in FIELDS]
    return read_row(path, line, row, columns, roles, registration.default_role)


@dataclass
class DeskChanges:
    """What desk-changes.csv holds: people added, corrections by id, bad rows."""

    path: Path
    additions: list[Person] = field(default_factory=list)
    corrections: list[tuple[int, str, Person, str]] = field(default_factory=list)  # (line, id, fields, made for)
    problems: list[Problem] = field(default_factory=list)

    def apply(self, people: list[Person]) -> tuple[list[Person], list[Problem]]:
        """`people` with the corrections applied in the order they were made, and corrections of nobody."""
        index = {p.id: i for i, p in enumerate(people)}
        people, problems = list(people), []
        for line, person_id, fields, made_for in self.corrections:
            if person_id not in index:
                problems.append(Problem(self.path, line, None, "Person ID",
                                        f"corrects {person_id!r}, who is not among the people of this build"))
                continue
            current = people[index[person_id]]
            if made_for and name_key(made_for) != name_key(correction_name(current)):
                problems.append(Problem(self.path, line, None, "Made For",
                                        f"corrects {person_id!r} for {made_for!r}, but that id is now "
                                        f"{correction_name(current)!r}; not applied: check the row"))
                continue
            people[index[person_id]] = corrected(current, fields)
        return people, problems

    def at_line(self, line: int) -> Person | None:
        """The walk-in, or the corrected fields, read from `line`."""
        found = [p for p in self.additions if p.source == Source(self.path.name, line)]
        found += [fields for at, _, fields, _ in self.corrections if at == line]
        return found[0] if found else None


def correction_name(person: Person) -> str:
    """The name a correction records it was made for: given and family name as the desk showed them."""
    return person.display_name


def name_key(name: str) -> str:
    return " ".join(fold(name).split())


def corrected(person: Person, fields: Person) -> Person:
    """Names and affiliation replaced; id, role, consent and the rest kept.

    The affiliation becomes the corrected position and organisation; an
    e-mail address is only replaced when one was given.
    """
    return dataclasses.replace(
        person,
        given_name=fields.given_name,
        family_name=fields.family_name,
        native_name=fields.native_name,
        affiliations=(),
        position=fields.position,
        organisation=fields.organisation,
        contact=Contact(email=fields.contact.email or person.contact.email, phone=person.contact.phone,
                        url=person.contact.url),
    )


def read_changes(path: Path, registration: Registration, table: Table | None = None) -> DeskChanges:
    """Every row of the file (or of `table`, its contents) validated like a registration row; never raises."""
    changes = DeskChanges(path)
    ids: dict[str, int] = {}
    for line, row in (table or read_table(path)).records:
        form = {name: row.get(header) or "" for name, header in FIELDS.items()}
        action, person_id = row.get("Action", ""), (row.get("Person ID") or "").strip()
        problem = row_problem(action, person_id, ids.get(person_id))
        if problem:
            changes.problems.append(Problem(path, line, None, *problem))
            continue
        person, problems = validated_row(path, line, action, tuple(form.items()), registration)
        changes.problems.extend(problems)
        if person is None:
            continue
        if action == ADD:
            walk_in_id = person_id or person.id  # a row written before ids were: from e-mail and name
            ids[walk_in_id] = line
            changes.additions.append(dataclasses.replace(person, id=walk_in_id, source=Source(path.name, line)))
        else:
            changes.corrections.append((line, person_id, person, (row.get("Made For") or "").strip()))
    return changes


@functools.lru_cache(maxsize=16384)
def validated_row(path: Path, line: int, action: str, form: tuple[tuple[str, str], ...],
                  registration: Registration) -> tuple[Person | None, tuple[Problem, ...]]:
    """`validate` for a row of the file, remembered: the desk reads the file after every change,
    and a row already read is not validated again."""
    person, problems = validate(dict(form), registration, path, action, line)
    return person, tuple(problems)


def row_problem(action: str, person_id: str, earlier_line: int | None) -> tuple[str, str] | None:
    """(field, message) when the action or the id cannot be applied."""
    if action not in (ADD, CORRECT):
        return "Action", f"expected {ADD} or {CORRECT}, got {action!r}"
    if person_id and not ID_PATTERN.fullmatch(person_id):
        return "Person ID", f"{person_id!r} is not an id (letters, digits, '-', '_' and '.')"
    if action == CORRECT and not person_id:
        return "Person ID", "a correction needs the id of the person it corrects"
    if action == ADD and earlier_line is not None:
        return "Person ID", f"{person_id!r} was already given to the walk-in of line {earlier_line}"
    return None
