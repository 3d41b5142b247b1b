"""`printkit rooms`: rooms.pdf, a door sheet for every room on every day it is used."""

from __future__ import annotations

from pathlib import Path

from ..layout.doorsheet import door_sheets
from ..model import Programme
from ..render.doorsheets import write_door_sheets
from .result import ProductResult


def make_rooms(programme: Programme, outdir: Path) -> ProductResult:
    """Door sheets need only the programme: no roster, no options."""
    sheets = door_sheets(programme)
    path = write_door_sheets(sheets, outdir / "rooms.pdf", f"{programme.event.short_title}: door sheets")
    rooms, days = len({s.room_name for s in sheets}), len({s.day for s in sheets})
    summary = (f"made {len(sheets)} door sheet{'s' if len(sheets) != 1 else ''} "
               f"for {rooms} room{'s' if rooms != 1 else ''} on {days} day{'s' if days != 1 else ''}")
    return ProductResult([path], len(sheets), summary=summary)
