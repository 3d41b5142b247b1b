"""`printkit html`: programme.html, the programme as one accessible, self-contained page.

Needs only the programme: no roster, no options.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Programme
from ..render.html import programme_html
from ..write import atomic_output
from .result import ProductResult


def make_html(programme: Programme, outdir: Path) -> ProductResult:
    path = outdir / "programme.html"
    with atomic_output(path) as tmp:
        tmp.write_text(programme_html(programme), encoding="utf-8")
    return ProductResult([path], len(programme.sessions))
