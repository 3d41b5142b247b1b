"""`printkit ics`: programme.ics, one calendar entry per programme item.

Needs only the programme: no roster, no options.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Programme
from ..render.calendar import programme_calendar
from ..write import atomic_output
from .result import ProductResult


def make_ics(programme: Programme, outdir: Path) -> ProductResult:
    path = outdir / "programme.ics"
    with atomic_output(path) as tmp:
        tmp.write_bytes(programme_calendar(programme))
    return ProductResult([path], len(programme.sessions))
