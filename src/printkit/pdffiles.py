"""The PDFs a proofing command is given (`check`, `preview`), and the extra it needs.

Both commands take files or directories and refuse missing paths alike, and
both need pypdfium2 (the `check` extra) to read pages; this module is what
they share, so neither imports the other.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

EXTRA_MODULES = {"pypdfium2": "pypdfium2", "zxingcpp": "zxing-cpp"}


class MissingExtraError(Exception):
    """pypdfium2 or zxing-cpp is not installed."""


class UnreadableInput(Exception):
    """A path is missing, holds no PDF, or is not a PDF (exit status 2); lists every such path."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__("\n".join(reasons))


def require_extra() -> None:
    """Fail early, with the install command, when the `check` extra is missing."""
    missing = [package for module, package in EXTRA_MODULES.items() if importlib.util.find_spec(module) is None]
    if missing:
        raise MissingExtraError(f"{' and '.join(missing)} needed: pip install 'printkit[check]'")


def pdf_paths(paths: list[Path]) -> list[Path]:
    """Files as given, directories expanded to their *.pdf; raises listing every unusable path."""
    found, reasons = collect_pdfs(paths)
    if reasons:
        raise UnreadableInput(reasons)
    return found


def collect_pdfs(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The PDFs at `paths`, and a reason for every path that gives none."""
    found: list[Path] = []
    reasons: list[str] = []
    for path in paths:
        if path.is_dir():
            pdfs = sorted(path.glob("*.pdf"))
            found += pdfs
            if not pdfs:
                reasons.append(f"{path}: no PDF files in this directory")
        elif path.is_file():
            found.append(path)
        else:
            reasons.append(f"{path}: no such file or directory")
    return found, reasons
