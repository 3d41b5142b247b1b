"""The desk's CSV files (desk-changes.csv, desk-log.csv) as a format: read as a spreadsheet left them.

Organisers open these files in Excel or LibreOffice and save them, which
can add a byte order mark, CRLF line ends, Windows-1252 bytes, semicolons
or delete a column. Reading copes with all of these; columns are found by
their header, so a deleted one reads as empty.

Cells are written so that no spreadsheet runs them (`neutralise`: one that
starts with a formula character gets a leading `'`), and `restore` takes
that quote off again when they are read, so what was typed is what is read.
"""

from __future__ import annotations

import csv
import fcntl
import io
from dataclasses import dataclass, field
from pathlib import Path

from .attendees import numbered_rows, sniff_delimiter

# What Excel, LibreOffice and Google Sheets treat as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


@dataclass
class Table:
    """A desk CSV as read: its header, its records with the line each starts on, and its dialect."""

    header: list[str] = field(default_factory=list)
    records: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    delimiter: str = ","
    newline: str = "\n"

    def rows(self) -> list[dict[str, str]]:
        return [row for _, row in self.records]


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as typed and never runs: `=SUM(A1)` → `'=SUM(A1)`.

    A cell that already starts with `'` gets one more, so `restore` is its exact inverse.
    """
    return QUOTE + cell if cell.startswith((*FORMULA_STARTS, QUOTE)) else cell


def restore(cell: str) -> str:
    """The text `neutralise` was given."""
    return cell[1:] if cell.startswith(QUOTE) and cell[1:].startswith((*FORMULA_STARTS, QUOTE)) else cell


def decode(data: bytes) -> str:
    """UTF-8 line by line, Windows-1252 for a line that is not; no byte order mark.

    Line by line because a file saved as Windows-1252 by a spreadsheet and
    then appended to by printkit (UTF-8) holds both.
    """
    lines = []
    for line in data.splitlines(keepends=True):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
    return "".join(lines).removeprefix("\ufeff")


def parse(data: bytes) -> Table:
    """The table in `data`: delimiter from the header line, cells restored, blank lines skipped."""
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    table = Table(delimiter=sniff_delimiter(text), newline="\r\n" if first_line.endswith("\r") else "\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=table.delimiter)
    table.header = [cell.strip() for cell in next(reader, [])]
    for line, row in numbered_rows(reader):
        table.records.append((line, dict(zip(table.header, (restore(cell) for cell in row)))))
    return table


def read_bytes(path: Path) -> bytes:
    """The file's bytes under a shared lock (never half of a desk's append); b'' when it does not exist yet."""
    try:
        with open(path, "rb") as file:
            fcntl.flock(file.fileno(), fcntl.LOCK_SH)
            return file.read()
    except FileNotFoundError:
        return b""


def read_table(path: Path) -> Table:
    return parse(read_bytes(path))
