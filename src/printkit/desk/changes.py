"""Recording desk changes: walk-ins and corrections appended to desk-changes.csv.

The file's format and its reader are `printkit.load.changes`; this is the
desk's writing side, durable and locked (`printkit.desk.storage`), and
checked: each row is read back by that same reader before the desk says
"saved", so the desk never confirms what `printkit build` would read otherwise.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections.abc import Mapping
from pathlib import Path

from ..load.attendees import attendee_id, clean
from ..load.changes import ADD, FIELDS, HEADER, WRITTEN_HEADERS, read_changes
from ..load.deskcsv import parse
from ..model import Person, Registration
from .storage import append_row


class ReadBackError(Exception):
    """A row that `printkit build` would read differently from what the desk was given; it was taken out."""


def record_change(path: Path, registration: Registration, action: str, person_id: str,
                  form: Mapping[str, str], expected: Person, made_for: str = "") -> int:
    """Append one validated change durably and read it back as the build will; return its line.

    `made_for` is the corrected person's name as the desk showed it, so the
    build can tell when the id has come to belong to someone else.

    Raises storage.ForeignFile when the file has another header, and
    ReadBackError (the row removed again) when the build would read it as
    anything but `expected`.
    """
    timestamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    values = [clean(form.get(name, "")) for name in FIELDS]

    def read_back(data: bytes, line: int) -> None:
        found = read_changes(path, registration, parse(data)).at_line(line)
        if found is None or comparable(found, action) != comparable(expected, action):
            raise ReadBackError(f"{path.name} line {line} reads back as {describe(found)} instead of "
                                f"{describe(expected)}; nothing was saved")

    return append_row(path, HEADER, [timestamp, action, person_id, *values, clean(made_for)], read_back,
                      older=WRITTEN_HEADERS[1:])


def comparable(person: Person, action: str) -> Person:
    """What the build takes from a row: a walk-in with its id; a correction's fields, whose id is not used."""
    return dataclasses.replace(person, source=None, id=person.id if action == ADD else "")


def describe(person: Person | None) -> str:
    return "nothing" if person is None else repr(person.display_name)


def new_walk_in_id(person: Person) -> str:
    """A walk-in's id, written into the file: from e-mail and name as for any export row, else random."""
    return attendee_id(person.contact.email, person.given_name, person.family_name) if person.contact.email \
        else f"walk-in-{secrets.token_hex(4)}"
