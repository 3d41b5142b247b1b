"""Registration exports (CSV) → attendees as `Person`s.

Organisers export attendee lists from Eventbrite, pretix, Indico or a
spreadsheet and should not have to edit them: the encoding (UTF-8 with or
without BOM), the delimiter (comma, semicolon or tab) and the usual headers
are recognised, and `registration.columns` in programme.yaml maps anything
else. Every row that cannot become a badge is reported with its file and line
(the line the record starts on, counting the header as line 1); rows are
never dropped silently.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..model import Contact, Person, Registration, Source, fold
from .yamlreader import TRUE_WORDS

# Normalised header (see `normalise_header`) → field, for the exports we know.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "given_name": ("first name", "firstname", "given name", "forename", "attendee name given name", "vorname", "prenom"),
    "family_name": ("last name", "lastname", "family name", "surname", "attendee name family name", "nachname", "nom"),
    "name": ("name", "full name", "attendee name"),
    "email": ("email", "e mail", "email address", "e mail address", "attendee email", "attendee e mail"),
    "organisation": ("company", "organisation", "organization", "affiliation", "institution", "employer"),
    "position": ("job title", "position", "job"),
    "ticket": ("ticket type", "ticket", "product", "registration type", "category", "ticket name"),
    "native_name": ("native name", "native script name", "name in native script", "name native script", "local name"),
    "share_contact": ("share contact", "share contact details", "consent to share contact", "contact sharing", "share my contact details"),
    "phone": ("phone", "phone number", "mobile", "mobile phone", "cell phone", "telephone", "attendee phone"),
    "family_name_first": ("family name first", "name order family first"),
}
YES_WORDS = TRUE_WORDS | {"y", "1", "x", "ja", "oui", "si", "agree", "agreed", "i agree", "checked"}
FALLBACK_ROLE = "Participant"


@dataclass
class AttendeeFile:
    """What one export gave: the people read and the problems found."""

    path: Path
    people: list[Person]
    problems: list[Problem]


def normalise_header(header: str) -> str:
    """'Attendee name: Given name' → 'attendee name given name' (case, accents, punctuation ignored)."""
    return re.sub(r"[^a-z0-9]+", " ", fold(header)).strip()


def read_attendees(path: Path, registration: Registration) -> AttendeeFile:
    """Read one export; never raises for bad rows, reports them instead."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return AttendeeFile(path, [], [Problem(path, None, None, "", f"cannot be read: {exc.strerror or exc}")])
    text = raw.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    header = next(rows, None)
    if not header:
        return AttendeeFile(path, [], [Problem(path, 1, None, "", "is empty; expected a header row and one row per attendee")])
    columns, problems = map_columns(path, header, registration)
    if problems:
        return AttendeeFile(path, [], problems)
    result = AttendeeFile(path, [], [])
    roles = {fold(ticket): (ticket, role) for ticket, role in registration.ticket_roles}
    for line, row in numbered_rows(rows):
        person, row_problems = read_row(path, line, row, columns, roles, registration.default_role)
        result.problems.extend(row_problems)
        if person is not None:
            result.people.append(person)
    return result


def sniff_delimiter(text: str) -> str:
    """The delimiter the header line uses most: ',' ';' or tab."""
    first_line = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first_line.count)


def numbered_rows(rows) -> Iterable[tuple[int, list[str]]]:
    """Non-empty records with the line each starts on (quoted fields may span lines)."""
    start = rows.line_num + 1
    for row in rows:
        if any(cell.strip() for cell in row):
            yield start, row
        start = rows.line_num + 1


def map_columns(path: Path, header: list[str], registration: Registration) -> tuple[dict[str, int], list[Problem]]:
    """Field → column index, from the explicit mapping first, then the known headers."""
    normalised = [normalise_header(h) for h in header]
    columns: dict[str, int] = {}
    problems = []
    for field, wanted in registration.columns:
        if normalise_header(wanted) in normalised:
            columns[field] = normalised.index(normalise_header(wanted))
        else:
            problems.append(Problem(path, 1, None, f"registration.columns.{field}",
                                    f"the header has no column {wanted!r}; it has: {', '.join(header)}"))
    for field, aliases in HEADER_ALIASES.items():
        if field not in columns:
            index = next((normalised.index(a) for a in aliases if a in normalised), None)
            if index is not None:
                columns[field] = index
    if not ({"given_name", "family_name", "name"} & columns.keys()):
        problems.append(Problem(path, 1, None, "", "no name column recognised (expected e.g. 'First Name' and 'Last Name'); "
                                f"the header has: {', '.join(header)}; map yours with registration.columns in programme.yaml"))
    return columns, problems


def read_row(path: Path, line: int, row: list[str], columns: dict[str, int], roles: dict[str, tuple[str, str]],
             default_role: str | None) -> tuple[Person | None, list[Problem]]:
    cell = {field: clean(row[index]) if index < len(row) else "" for field, index in columns.items()}
    broken = [field for field, value in cell.items() if has_broken_encoding(value)]
    if broken:
        return None, [Problem(path, line, None, broken[0], "is not UTF-8 text (broken encoding); export the file as UTF-8")]
    given, family = split_name(cell)
    problems = []
    if not (given or family):
        problems.append(Problem(path, line, None, "name", "is empty; every badge needs a name"))
    role = ticket_role(cell.get("ticket", ""), roles, default_role, "ticket" in columns)
    if role is None:
        known = ", ".join(sorted(ticket for ticket, _ in roles.values())) or "none"
        problems.append(Problem(path, line, None, "ticket", f"unknown ticket type {cell.get('ticket', '')!r} and no "
                                f"registration.default_role; programme.yaml ticket_roles knows: {known}"))
    if problems:
        return None, problems
    email = cell.get("email") or None
    return Person(
        id=attendee_id(email, path, line),
        given_name=given,
        family_name=family,
        native_name=cell.get("native_name") or None,
        family_name_first=cell.get("family_name_first", "").casefold() in YES_WORDS,
        position=cell.get("position") or None,
        organisation=cell.get("organisation") or None,
        role=role,
        contact=Contact(email=email, phone=cell.get("phone") or None),
        share_contact=cell.get("share_contact", "").casefold() in YES_WORDS,
        source=Source(path.name, line),
    ), []


def clean(value: str) -> str:
    """NFC (exports are sometimes decomposed), single spaces, no padding."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def has_broken_encoding(value: str) -> bool:
    """Bytes that were not UTF-8 were decoded to lone surrogates."""
    return any("\udc80" <= c <= "\udcff" for c in value)


def split_name(cell: dict[str, str]) -> tuple[str, str]:
    """(given, family); a single full-name column is split at its last space."""
    given, family = cell.get("given_name", ""), cell.get("family_name", "")
    if given or family or not cell.get("name"):
        return given, family
    head, _, tail = cell["name"].rpartition(" ")
    return (head, tail) if head else ("", tail)


def ticket_role(ticket: str, roles: dict[str, tuple[str, str]], default_role: str | None,
                has_ticket_column: bool) -> str | None:
    """The badge role for a ticket type, or None when it cannot be decided.

    Without a ticket column or a ticket_roles table everybody gets the default
    role (Participant unless set); with a table, an unknown type needs the default.
    """
    if not has_ticket_column or not roles:
        return default_role or FALLBACK_ROLE
    return roles[fold(ticket)][1] if fold(ticket) in roles else default_role


def attendee_id(email: str | None, path: Path, line: int) -> str:
    """Stable across exports: from the e-mail address, else file name and line."""
    if email:
        return "a-" + hashlib.sha1(fold(email).encode()).hexdigest()[:10]
    return f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', path.stem)}-{line}"
