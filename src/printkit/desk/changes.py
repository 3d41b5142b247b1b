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
from ..load.changes import ADD, FIELDS, HEADER, WRITTEN_HEADERS, DeskChanges, read_changes
from ..load.deskcsv import parse
from ..model import Person, Registration, Source
from ..roster import match_keys
from .storage import append_row


class ReadBackError(Exception):
    """A row that `printkit build` would read differently from what the desk was given; it was taken out."""


class AddedElsewhere(ReadBackError):
    """A walk-in someone else added to the file meanwhile (another desk on the same folder); taken out."""


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
        changes = read_changes(path, registration, parse(data))
        if action == ADD:
            refuse_added_elsewhere(changes, expected, Source(path.name, line))
        found = changes.at_line(line)
        if found is None or comparable(found, action) != comparable(expected, action):
            raise ReadBackError(f"{path.name} line {line} reads back as {describe(found)} instead of "
                                f"{describe(expected)}; nothing was saved")

    return append_row(path, HEADER, [timestamp, action, person_id, *values, clean(made_for)], read_back,
                      older=WRITTEN_HEADERS[1:])


def refuse_added_elsewhere(changes: DeskChanges, walk_in: Person, row: Source) -> None:
    """Two desks on one folder may add the same walk-in at the same moment, each
    having checked its own list before the other's row was there. Checked
    again here, under the file's lock with every row in it, the second is refused."""
    keys = set(match_keys(walk_in))
    twin = next((p for p in changes.additions if p.source != row and keys & set(match_keys(p))), None)
    if twin is not None:
        raise AddedElsewhere(f"this looks like {twin.display_name}, added at {changes.path.name} line "
                             f"{twin.source.line} meanwhile (by another desk?): print their badge instead? "
                             "Nothing was saved.")


def comparable(person: Person, action: str) -> Person:
    """What the build takes from a row: a walk-in with its id; a correction's fields, whose id is not used."""
    return dataclasses.replace(person, source=None, id=person.id if action == ADD else "")


def describe(person: Person | None) -> str:
    return "nothing" if person is None else repr(person.display_name)


def new_walk_in_id(person: Person) -> str:
    """A walk-in's id, written into the file: from e-mail and name as for any export row, else random."""
    return attendee_id(person.contact.email, person.given_name, person.family_name) if person.contact.email \
        else f"walk-in-{secrets.token_hex(4)}"
