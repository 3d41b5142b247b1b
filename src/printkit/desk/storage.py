"""Durable, locked appends to the desk's CSV files.

The desk must never lose a walk-in or a print record: a row is written,
flushed and fsynced before the page says "saved", under a thread lock (one
desk serving several requests) and an exclusive `flock` on the file (two
desk processes sharing one programme folder).
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import threading
from collections.abc import Sequence
from pathlib import Path

from ..load.changes import read_records

_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


def thread_lock(path: Path) -> threading.Lock:
    """One lock per file for the threads of this process."""
    with _locks_guard:
        return _locks.setdefault(path.resolve(), threading.Lock())


def append_row(path: Path, header: Sequence[str], row: Sequence[str]) -> int:
    """Append `row` (writing `header` first into a new file); return the row's line number.

    The line number counts the header as line 1, as the CSV importer does,
    because it makes the id of a walk-in without an e-mail address.
    """
    with thread_lock(path), open(path, "a+", encoding="utf-8", newline="") as file:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX)
        try:
            file.seek(0)
            lines = sum(1 for _ in csv.reader(file))
            created = lines == 0
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            if created:
                writer.writerow(header)
                lines = 1
            writer.writerow(row)
            file.write(buffer.getvalue())
            file.flush()
            os.fsync(file.fileno())
        finally:
            fcntl.flock(file.fileno(), fcntl.LOCK_UN)
    if created:
        sync_directory(path.parent)
    return lines + 1


def sync_directory(directory: Path) -> None:
    """Make a newly created file's directory entry survive a power cut."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_rows(path: Path) -> list[dict[str, str]]:
    """The records of a desk CSV (see `read_records`), read while no thread of this desk appends."""
    with thread_lock(path):
        return read_records(path)
