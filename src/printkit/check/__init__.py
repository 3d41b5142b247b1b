"""Preflight for print PDFs: `check_paths(paths, cmyk=False) -> list[Finding]`.

Checks what a print shop's preflight checks before paper is wasted: fonts
embedded and with glyphs for every character, trim/bleed boxes, colour
spaces, smallest text size, text inside the trim and (printkit's badges and
tents) inside its slot, and QR codes that decode with enough size and quiet
zone. Each family of checks is one module; this one finds the PDFs and runs
them all. The checks that rasterise or read char boxes need the `check`
extra (pypdfium2, zxing-cpp), imported lazily so the rest of printkit works
without it.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

from .findings import ERROR, INFO, WARNING, Finding

__all__ = ["ERROR", "INFO", "WARNING", "Finding", "MissingExtraError", "UnreadableInput",
           "check_paths", "pdf_paths", "require_extra"]

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
    found, reasons = _collect(paths)
    if reasons:
        raise UnreadableInput(reasons)
    return found


def _collect(paths: list[Path]) -> tuple[list[Path], list[str]]:
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


def check_paths(paths: list[Path], cmyk: bool = False) -> list[Finding]:
    """Every finding for the PDFs at `paths` (files or directories), file by file.

    Raises UnreadableInput listing every path that is missing or not a PDF
    before checking anything, so one run shows them all.
    """
    require_extra()
    from .document import Document, UnreadablePdf

    files, reasons = _collect([Path(p) for p in paths])
    documents = []
    for path in files:
        try:
            documents.append(Document.open(path))
        except UnreadablePdf as exc:
            reasons.append(str(exc))
    if reasons:
        raise UnreadableInput(reasons)
    findings: list[Finding] = []
    for doc in documents:
        findings += check_document(doc, cmyk)
        doc.close()
    return findings


def check_document(doc, cmyk: bool = False) -> list[Finding]:
    """All check families on one opened `Document`."""
    from .boxes import check_boxes
    from .colour import check_colour
    from .fonts import check_fonts
    from .qr import check_qr
    from .text import check_text

    return (check_fonts(doc) + check_boxes(doc) + check_colour(doc, cmyk)
            + check_text(doc) + check_qr(doc))
