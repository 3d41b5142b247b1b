"""What a product run made: the one result every product returns.

The command line prints it (files to stdout; warnings and the summary to
stderr); the desk reads the file it asked for. Counts come from what was
written, so the summary adds up to the roster it was made from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem


@dataclass(frozen=True)
class ProductResult:
    files: list[Path]  # written, in the order a reader wants them
    made: int  # badges, tent cards or booklet pages
    problems: list[Problem] = field(default_factory=list)  # people left out with --skip-invalid
    summary: str = ""  # the closing line for the person at the printer; empty when there is nothing to add
    warnings: list[Problem] = field(default_factory=list)  # what was made but changed, e.g. a shortened QR code
