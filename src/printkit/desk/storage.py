"""Durable, locked, verified appends to the desk's CSV files.

The desk must never lose a walk-in or a print record: a row is written,
flushed and fsynced before the page says "saved", under a thread lock (one
desk serving several requests) and an exclusive `flock` on the file (two
desk processes sharing one programme folder).

A file a spreadsheet saved is appended to in its own delimiter and line
end (see `printkit.load.deskcsv`), and only under printkit's own header:
a row written under a foreign header would be read as something else, so
`ForeignFile` is raised instead. Every cell is neutralised against formulas.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from ..load.deskcsv import neutralise, parse
from ..write import sync_directory

_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


class ForeignFile(Exception):
    """The file's header is not the one printkit writes: rows must not be added under it."""

    def __init__(self, path: Path, found: list[str], expected: Sequence[str]):
        self.path = path
        missing = [name for name in expected if name not in found]
        added = [name for name in found if name not in expected]
        what = "; ".join(part for part in (missing and f"columns missing: {', '.join(missing)}",
                                           added and f"columns printkit does not write: {', '.join(added)}") if part)
        super().__init__(f"{path.name} was changed outside printkit ({what or 'its columns are in another order'}); "
                         f"move it aside or restore the header: {', '.join(expected)}")


def closest_header(found: Sequence[str], written: Sequence[Sequence[str]]) -> Sequence[str]:
    """Of the headers printkit has written, the one `found` differs least from: what to restore."""
    return min(written, key=lambda header: len(set(header) ^ set(found)))


def thread_lock(path: Path) -> threading.Lock:
    """One lock per file for the threads of this process."""
    with _locks_guard:
        return _locks.setdefault(path.resolve(), threading.Lock())


def stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when the file is written or replaced: inode, size, mtime. None when absent."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def append_row(path: Path, header: Sequence[str], row: Sequence[str],
               verify: Callable[[bytes, int], None] | None = None, older: Sequence[Sequence[str]] = ()) -> int:
    """Append `row` (writing `header` first into a new file); return the line it starts on.

    Raises ForeignFile when the file has another header; a file under one of
    the `older` headers printkit wrote gets the row's cells for its columns.
    `verify` gets the
    file's bytes with the row appended and the row's line; if it raises,
    the row is taken out again before the exception goes on, so nothing
    that reads back wrong stays in the file.
    """
    with thread_lock(path), open(path, "a+b") as file:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX)
        try:
            file.seek(0)
            before = file.read()
            table = parse(before.split(b"\n", 1)[0])  # the header and dialect; the rows are not needed
            created = not before.strip()
            if not created and table.header != list(header):
                if table.header not in [list(h) for h in older]:
                    raise ForeignFile(path, table.header, closest_header(table.header, [header, *older]))
                cells = dict(zip(header, row))
                row = [cells.get(name, "") for name in table.header]
            text = encode([header, row] if created else [row], table.delimiter, table.newline)
            if not created and not before.endswith(b"\n"):
                text = table.newline + text
            line = 2 if created else before.count(b"\n") + (0 if before.endswith(b"\n") else 1) + 1
            if created:
                before = b""
                file.truncate(0)
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
            if verify is not None:
                check_or_take_back(file, len(before), verify, line)
        finally:
            fcntl.flock(file.fileno(), fcntl.LOCK_UN)
    if created:
        sync_directory(path.parent)
    return line


def check_or_take_back(file, length_before: int, verify: Callable[[bytes, int], None], line: int) -> None:
    file.seek(0)
    try:
        verify(file.read(), line)
    except Exception:
        file.truncate(length_before)
        os.fsync(file.fileno())
        raise


def encode(rows: Sequence[Sequence[str]], delimiter: str, newline: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue()
