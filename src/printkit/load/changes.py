"""desk-changes.csv: walk-ins and name corrections made at the registration desk (the file format).

The file sits next to programme.yaml and is a registration export like any
other (First Name, Last Name, Company... headers), plus a timestamp, the
action and, for corrections, the id of the person corrected. Rows are read
and validated by the CSV importer's own code (`printkit.load.attendees`), so
the desk accepts exactly what an export would. `printkit build` applies it:
additions join the attendees, corrections replace names and affiliation by id.
The desk appends to the file (`printkit.desk.changes`); everything that reads
it, the build and the desk alike, reads it here.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..model import Contact, Person, Programme, Registration, Source, fold
from .attendees import map_columns, read_row

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
HEADER = ["Timestamp", "Action", "Person ID", *FIELDS.values()]
MAX_FIELD_LENGTH = 200  # characters; far beyond any real name, short enough to refuse a paste accident early


def changes_path(programme: Programme) -> Path:
    base = Path(programme.path).parent if programme.path else Path.cwd()
    return base / FILE_NAME


def desk_registration(registration: Registration) -> Registration:
    """The programme's ticket roles without its column mapping: the desk file has its own headers."""
    return dataclasses.replace(registration, columns=())


def validate(form: Mapping[str, str], registration: Registration, path: Path, action: str,
             line: int = 0) -> tuple[Person | None, list[Problem]]:
    """A form (or a desk-changes row) checked as a CSV row: the Person it makes, or the problems.

    Corrections keep the person's role, so their ticket column is not read.
    """
    too_long = [Problem(path, line or None, None, name, f"is {len(value)} characters long; at most {MAX_FIELD_LENGTH}")
                for name, value in form.items() if name in FIELDS and len(value) > MAX_FIELD_LENGTH]
    if too_long:
        return None, too_long
    header = list(FIELDS.values())
    columns, problems = map_columns(path, header, desk_registration(registration))
    if action == CORRECT:
        columns.pop("ticket", None)
    roles = {fold(ticket): (ticket, role) for ticket, role in registration.ticket_roles}
    row = [form.get(name, "") for name in FIELDS]
    person, row_problems = read_row(path, line, row, columns, roles, registration.default_role)
    return person, problems + row_problems


@dataclass
class DeskChanges:
    """What desk-changes.csv holds: people added, corrections by id, bad rows."""

    path: Path
    additions: list[Person] = field(default_factory=list)
    corrections: list[tuple[int, str, Person]] = field(default_factory=list)  # (line, person id, corrected fields)
    problems: list[Problem] = field(default_factory=list)

    def apply(self, people: list[Person]) -> list[Person]:
        """`people` with the corrections applied in the order they were made."""
        index = {p.id: i for i, p in enumerate(people)}
        people = list(people)
        for line, person_id, fields in self.corrections:
            if person_id not in index:
                self.problems.append(Problem(self.path, line, None, "Person ID",
                                             f"corrects {person_id!r}, who is not among the people of this build"))
                continue
            people[index[person_id]] = corrected(people[index[person_id]], fields)
        return people


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


def read_changes(path: Path, registration: Registration) -> DeskChanges:
    """Every row of the file validated like a registration row; never raises for bad rows."""
    changes = DeskChanges(path)
    for line, row in enumerate(read_records(path), start=2):
        form = {name: row.get(header) or "" for name, header in FIELDS.items()}
        action = row.get("Action", "")
        if action not in (ADD, CORRECT):
            changes.problems.append(Problem(path, line, None, "Action", f"expected {ADD} or {CORRECT}, got {action!r}"))
            continue
        person, problems = validate(form, registration, path, action, line)
        changes.problems.extend(problems)
        if person is None:
            continue
        if action == ADD:
            changes.additions.append(dataclasses.replace(person, source=Source(path.name, line)))
        else:
            changes.corrections.append((line, row.get("Person ID", ""), person))
    return changes


def read_records(path: Path) -> list[dict[str, str]]:
    """The records of a desk CSV as dicts by header; [] when it does not exist yet.

    Bytes that are not UTF-8 (the file edited in a spreadsheet) become lone
    surrogates, which the importer's validation reports as broken encoding.
    """
    try:
        with open(path, encoding="utf-8", errors="surrogateescape", newline="") as file:
            return list(csv.DictReader(file))
    except FileNotFoundError:
        return []
