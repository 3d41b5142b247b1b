"""Registration exports (CSV) → attendees as `Person`s.

Organisers export attendee lists from Eventbrite, pretix, Indico or a
spreadsheet and should not have to edit them: the encoding (UTF-8 with or
without BOM, UTF-16 with BOM as Excel's "Unicode Text"), the delimiter
(comma, semicolon or tab) and the usual headers are recognised, and
`registration.columns` in programme.yaml maps anything else. Every row that
cannot become a badge is reported with its file and line (the line the record
starts on, counting the header as line 1); rows are never dropped silently:
a file in another encoding is refused as a whole with the re-save recipe, and
a quote that is never closed (and so swallows the rows after it) is reported
at the line it opens.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..characters import UnsafeCharacter, normalise
from ..errors import Problem
from ..model import Contact, Person, Registration, Source, fold
from .yamlreader import FALSE_WORDS, TRUE_WORDS

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
    # The export's own ids, which make stable person ids (see `export_id`).
    "order": ("order", "order no", "order number", "order code", "order id"),
    "attendee": ("attendee", "attendee no", "attendee id", "position id", "id", "registration id", "ticket id"),
}
YES_WORDS = TRUE_WORDS | {"y", "1", "x", "ja", "oui", "si", "agree", "agreed", "i agree", "checked"}
NO_WORDS = FALSE_WORDS | {"n", "0", "nein", "non", "disagree", "declined", "i do not agree", "unchecked"}
FALLBACK_ROLE = "Participant"
MAX_FIELD_LENGTH = 200  # characters of a name or affiliation field; far beyond any real one
ID_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
ZIP_MAGIC = b"PK\x03\x04"  # .xlsx and .ods files are zip archives
# Encodings a spreadsheet saves "CSV" in when not told UTF-8, most telling first.
LIKELY_ENCODINGS = (("shift_jis", "Shift_JIS (Excel in Japanese)"), ("cp1252", "Windows-1252 (Excel on Windows)"))
LONE_SURROGATE = re.compile("[\udc80-\udcff]")  # a byte that was not UTF-8, decoded with surrogateescape
UTF8_RECIPE = ("save it again as UTF-8: in Excel 'Save As' → 'CSV UTF-8 (Comma delimited)', in LibreOffice "
               "'Save As' → Text CSV with character set 'Unicode (UTF-8)', in Numbers 'Export To' → CSV with "
               "text encoding Unicode (UTF-8)")


@dataclass
class AttendeeFile:
    """What one export gave: the people read, the problems found and how many records it holds."""

    path: Path
    people: list[Person]
    problems: list[Problem]
    records: int = 0  # rows of people in the file, those swallowed by an unclosed quote included


def normalise_header(header: str) -> str:
    """'Attendee name: Given name' → 'attendee name given name' (case, accents, punctuation ignored)."""
    return re.sub(r"[^a-z0-9]+", " ", fold(header)).strip()


def read_attendees(path: Path, registration: Registration, encoding: str | None = None) -> AttendeeFile:
    """Read one export; never raises for bad rows, reports them instead.

    `encoding` (the command's --encoding) reads a file that is not UTF-8 as it is."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return AttendeeFile(path, [], [Problem(path, None, None, "", f"cannot be read: {exc.strerror or exc}")])
    text, problem = decode(path, raw, encoding)
    if problem:
        return AttendeeFile(path, [], [problem])
    delimiter = sniff_delimiter(text)
    records, problems = parse_records(path, text, delimiter)
    if not records:
        empty = Problem(path, 1, None, "", "is empty; expected a header row and one row per attendee")
        return AttendeeFile(path, [], problems or [empty])
    (_, header), rows = records[0], records[1:]
    columns, header_problems = map_columns(path, header, registration)
    if problems or header_problems:
        return AttendeeFile(path, [], problems + header_problems, len(rows))
    swallowed = swallowed_rows(path, rows, delimiter, len(header))
    lost = sum(count for _, count in swallowed.values())  # rows inside a record: read, and refused with it
    result = AttendeeFile(path, [], [problem for problem, _ in swallowed.values()], len(rows) + lost)
    roles = {fold(ticket): (ticket, role) for ticket, role in registration.ticket_roles}
    order_positions: Counter = Counter()
    for line, row in rows:
        if line in swallowed:
            continue
        person, row_problems = read_row(path, line, row, columns, roles, registration.default_role)
        result.problems.extend(row_problems)
        if person is not None:
            result.people.append(with_export_id(person, row, columns, order_positions))
    return result


def decode(path: Path, raw: bytes, encoding: str | None = None) -> tuple[str, Problem | None]:
    """The text of an export: UTF-8 (BOM or not), UTF-16 with a BOM, or the given encoding;
    anything else is refused at its first bad line with the encoding it most likely is and
    how to re-save it."""
    if encoding:
        try:
            return raw.decode(encoding).removeprefix("\ufeff"), None
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count(b"\n") + 1
            return "", Problem(path, line, None, "", f"is not {encoding} text either ({exc.reason}); {UTF8_RECIPE}")
    if raw.startswith(ZIP_MAGIC):
        return "", Problem(path, None, None, "", f"is a spreadsheet workbook (.xlsx/.ods), not a CSV export; {UTF8_RECIPE}")
    if raw.startswith(UTF16_BOMS):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].decode("utf-16", "replace").count("\n") + 1
            return "", Problem(path, line, None, "", f"starts like UTF-16 text but is not ({exc.reason}); {UTF8_RECIPE}")
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), None
    except UnicodeDecodeError as exc:
        line_no = raw[:exc.start].count(b"\n") + 1
        line = raw.split(b"\n")[line_no - 1].rstrip(b"\r")
        return "", Problem(path, line_no, None, "", f"is not UTF-8 text{likely_encoding(raw, line)}; {UTF8_RECIPE}")


def likely_encoding(raw: bytes, line: bytes) -> str:
    """' — it looks like Windows-1252 (...): line 5 reads 'Jan,Král'' or '' when no guess decodes it."""
    for codec, label in LIKELY_ENCODINGS:
        try:
            raw.decode(codec)
            shown = line.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec != "shift_jis" or re.search("[\u3040-\u30ff\u4e00-\u9fff]", shown):
            return (f" — it looks like {label}, in which this line reads {shown[:80]!r} "
                    f"(read it as it is with --encoding {codec})")
    return ""


def parse_records(path: Path, text: str, delimiter: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """Non-empty records with the line each starts on, and the problem that stopped the reading."""
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    try:
        records.extend(numbered_rows(rows))
    except csv.Error as exc:
        hint = (f"a cell is longer than {csv.field_size_limit():,} characters, the most a CSV reader takes: "
                "probably a quote that is never closed before it, or text pasted into a cell"
                if "field larger" in str(exc) else f"cannot be read as CSV ({exc})")
        return records, [Problem(path, rows.line_num, None, "", hint)]
    return records, []


def numbered_rows(rows) -> Iterable[tuple[int, list[str]]]:
    """Non-empty records with the line each starts on (quoted fields may span lines)."""
    start = rows.line_num + 1
    for row in rows:
        if any(cell.strip() for cell in row):
            yield start, row
        start = rows.line_num + 1


def sniff_delimiter(text: str) -> str:
    """The delimiter the header line uses most: ',' ';' or tab."""
    first_line = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first_line.count)


def swallowed_rows(path: Path, rows: list[tuple[int, list[str]]], delimiter: str,
                   columns: int) -> dict[int, tuple[Problem, int]]:
    """Line → (problem, rows swallowed) of the records that hold whole rows inside one cell:
    a quote opened and never closed.

    A file whose lines imply more records than were read has cells that span
    lines; that is legitimate for a note written on two lines, but a cell
    with a line holding as many delimiters as the header is rows swallowed.
    """
    problems = {}
    for line, row in rows:
        for cell in row:
            inner = cell.rstrip("\r\n").split("\n")[1:]
            if any(part.count(delimiter) >= max(1, columns - 1) for part in inner):
                lost = (f"lines {line + 1}–{line + len(inner)}", "their rows were") if len(inner) > 1 else \
                    (f"line {line + 1}", "its row was")
                problems[line] = (Problem(path, line, None, "", f"a quote opens in this row and is never closed, so "
                                          f"{lost[0]} became part of one cell ({cell[:30]!r}…) and {lost[1]} not "
                                          "read; close the quote (or remove it) and export again"), len(inner))
                break
    return problems


def export_id(row: list[str], columns: dict[str, int], order_positions: Counter) -> str | None:
    """The export's own id for a row: attendee id (with the order when there is one),
    else the order and the row's position within that order; None when neither."""
    cell = {field: row[columns[field]].strip() if columns.get(field, len(row)) < len(row) else ""
            for field in ("order", "attendee")}
    if cell["attendee"]:
        parts = [cell["order"], cell["attendee"]] if cell["order"] else [cell["attendee"]]
    elif cell["order"]:
        order_positions[cell["order"]] += 1
        parts = [cell["order"], str(order_positions[cell["order"]])]
    else:
        return None
    return "r-" + ID_UNSAFE.sub("-", "-".join(parts)).strip("-")


def with_export_id(person: Person, row: list[str], columns: dict[str, int], order_positions: Counter) -> Person:
    own = export_id(row, columns, order_positions)
    return dataclasses.replace(person, id=own) if own else person


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
    """One record as a Person (id from e-mail and name), or the problems that stop it."""
    cell, problems = clean_cells(path, line, row, columns)
    if problems:
        return None, problems
    given, family = split_name(cell)
    if not (given or family):
        problems.append(Problem(path, line, None, "name", "is empty; every badge needs a name"))
    role = ticket_role(cell.get("ticket", ""), roles, default_role, "ticket" in columns)
    if role is None:
        ticket = cell.get("ticket", "")
        problems.append(Problem(path, line, None, "ticket", f"unknown ticket type {ticket!r}: add the line "
                                f"'{ticket or 'TICKET'}: Participant' (or another role) under registration.ticket_roles "
                                "in programme.yaml, or set registration.default_role"))
    if problems:
        return None, problems
    email = cell.get("email") or None
    return Person(
        id=attendee_id(email, given, family),
        given_name=given,
        family_name=family,
        native_name=cell.get("native_name") or None,
        family_name_first=cell.get("family_name_first", "").casefold() in YES_WORDS,
        position=cell.get("position") or None,
        organisation=cell.get("organisation") or None,
        role=role,
        contact=Contact(email=email, phone=cell.get("phone") or None),
        share_contact=consent(cell.get("share_contact", "")),
        source=Source(path.name, line),
    ), []


def clean_cells(path: Path, line: int, row: list[str], columns: dict[str, int]) -> tuple[dict[str, str], list[Problem]]:
    """Field → normalised text; controls, and names or affiliations too long for any badge, are problems."""
    cell, problems = {}, []
    for field, index in columns.items():
        if index < len(row) and has_broken_encoding(row[index]):
            problems.append(Problem(path, line, None, field, f"is not UTF-8 text (broken encoding); {UTF8_RECIPE}"))
            continue
        try:
            cell[field] = clean(row[index]) if index < len(row) else ""
        except UnsafeCharacter as exc:
            problems.append(Problem(path, line, None, field, str(exc)))
            continue
        if len(cell[field]) > MAX_FIELD_LENGTH and field not in ("order", "attendee"):
            problems.append(Problem(path, line, None, field, f"is {len(cell[field]):,} characters long; at most "
                                    f"{MAX_FIELD_LENGTH} fit on a badge (is a notes column mapped to it?)"))
    return cell, problems


def clean(value: str) -> str:
    """The shared normalisation (NFC, no zero-width characters), single spaces, no padding."""
    return " ".join(normalise(value).split())


def has_broken_encoding(value: str) -> bool:
    """Bytes that were not UTF-8 were decoded to lone surrogates (the desk reads its file so)."""
    return LONE_SURROGATE.search(value) is not None


def consent(answer: str) -> bool | None:
    """True for a yes, False for an explicit no, None when the row does not say."""
    word = answer.casefold()
    return True if word in YES_WORDS else False if word in NO_WORDS else None


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


def identity(email: str | None, given: str, family: str) -> tuple[str, str]:
    """Who a row is: the e-mail address (trimmed, case-insensitive) with the folded name."""
    return (fold((email or "").strip()), " ".join(fold(f"{given} {family}").split()))


def attendee_id(email: str | None, given: str, family: str) -> str:
    """Stable whatever rows are added or removed: a hash of the e-mail address and the folded name."""
    return "a-" + hashlib.sha1("\n".join(identity(email, given, family)).encode()).hexdigest()[:10]
