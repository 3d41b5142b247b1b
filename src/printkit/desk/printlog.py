"""desk-log.csv: one row per item printed, read for the page's "printed" status.

Organisers keep this file open in a spreadsheet and save it; reading copes
with whatever the spreadsheet wrote (see `storage`). When its header is no
longer printkit's, rows are not added under it: prints are logged in a
fresh file (desk-log-2.csv, ...) from then on, and the desk says so. Both
files are read for the status.
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from ..load.deskcsv import parse, read_bytes, read_table
from .storage import ForeignFile, append_row, stamp

FILE_NAME = "desk-log.csv"
HEADER = ["Timestamp", "Product", "Person ID", "Name", "Stock", "Slot"]


class PrintLog:
    def __init__(self, path: Path):
        self.path = path
        self.current = path
        self.notice: str | None = None
        self.lock = threading.Lock()
        self.cache: tuple[object, list[dict[str, str]], dict[str, dict[str, str]]] = (None, [], {})
        self.files: dict[Path, tuple[bytes, list[dict[str, str]]]] = {}  # bytes read and their rows
        self.check(path)

    def check(self, path: Path) -> None:
        """Move on to a fresh file when `path` has a foreign header."""
        table = read_table(path)
        if table.header and table.header != HEADER:
            self.move_on(ForeignFile(path, table.header, HEADER))

    def move_on(self, reason: ForeignFile) -> None:
        number = 2
        while read_table(self.fresh(number)).header not in ([], HEADER):
            number += 1
        self.current = self.fresh(number)
        self.notice = f"{reason}. Prints are logged in {self.current.name} from now on."

    def fresh(self, number: int) -> Path:
        return self.path.with_name(f"{self.path.stem}-{number}{self.path.suffix}")

    def append(self, product: str, person_id: str, name: str, stock: str, slot: int) -> None:
        stamp_now = datetime.now().astimezone().isoformat(timespec="seconds")
        row = [stamp_now, product, person_id, name, stock, str(slot)]
        with self.lock:
            try:
                append_row(self.current, HEADER, row)
            except ForeignFile as exc:
                self.move_on(exc)
                append_row(self.current, HEADER, row)

    def rows(self) -> list[dict[str, str]]:
        """Every row of the original file and of the one now written, oldest first."""
        return self.read()[0]

    def printed(self) -> dict[str, dict[str, str]]:
        """Person id → product → when it was last printed (other desks included)."""
        return self.read()[1]

    def read(self) -> tuple[list[dict[str, str]], dict[str, dict[str, str]]]:
        """Rows and printed status, read again only when a file changed on disk."""
        paths = [self.path] if self.current == self.path else [self.path, self.current]
        stamps = [stamp(path) for path in paths]
        if stamps != self.cache[0]:
            rows = [row for path in paths for row in self.rows_of(path)]
            seen: dict[str, dict[str, str]] = {}
            for row in rows:
                if row.get("Person ID") and row.get("Product"):
                    seen.setdefault(row["Person ID"], {})[row["Product"]] = row.get("Timestamp") or ""
            self.cache = (stamps, rows, seen)
        return self.cache[1], self.cache[2]

    def rows_of(self, path: Path) -> list[dict[str, str]]:
        """The file's rows; when it only grew since the last read, only the new rows are parsed."""
        data = read_bytes(path)
        known, rows = self.files.get(path, (b"", []))
        if known and data.startswith(known):
            rows = rows + parse(known.split(b"\n", 1)[0] + b"\n" + data[len(known):]).rows()
        else:
            rows = parse(data).rows()
        self.files[path] = (data, rows)
        return rows
