"""Recording desk changes: walk-ins and corrections appended to desk-changes.csv.

The file's format and its reader are `printkit.load.changes`; this is the
desk's writing side, durable and locked (`printkit.desk.storage`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from ..load.attendees import attendee_id, clean
from ..load.changes import FIELDS, HEADER
from .storage import append_row


def record_change(path: Path, action: str, person_id: str, form: Mapping[str, str]) -> int:
    """Append one validated change durably; return its line in the file."""
    timestamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    values = [clean(unicodedata.normalize("NFC", form.get(name, ""))) for name in FIELDS]
    return append_row(path, HEADER, [timestamp, action, person_id, *values])


def walk_in_id(path: Path, line: int, email: str | None) -> str:
    """The id `printkit build` will give the walk-in recorded at `line`."""
    return attendee_id(email, path, line)
