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

from pathlib import Path

from ..pdffiles import UnreadableInput, collect_pdfs, require_extra
from .findings import ERROR, INFO, WARNING, Finding

__all__ = ["ERROR", "INFO", "WARNING", "Finding", "check_paths"]


def check_paths(paths: list[Path], cmyk: bool = False, pdfx: bool = False) -> list[Finding]:
    """Every finding for the PDFs at `paths` (files or directories), file by file.

    Raises UnreadableInput listing every path that is missing or not a PDF
    before checking anything, so one run shows them all. With `pdfx`, each
    file must also follow the PDF/X-1a:2003 rules (check/pdfx.py).
    """
    require_extra()
    from .document import Document, UnreadablePdf

    files, reasons = collect_pdfs([Path(p) for p in paths])
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
        findings += check_document(doc, cmyk, pdfx)
        doc.close()
    return findings


def check_document(doc, cmyk: bool = False, pdfx: bool = False) -> list[Finding]:
    """All check families on one opened `Document` (and the PDF/X rules with `pdfx`)."""
    from .boxes import check_boxes
    from .colour import check_colour
    from .fonts import check_fonts
    from .pages import Prefetch
    from .pdfx import check_pdfx
    from .qr import check_qr
    from .text import check_text

    prefetch = Prefetch(doc)  # pages rendered and read by workers while pypdf's checks run here
    try:
        objects = check_fonts(doc) + check_boxes(doc) + check_colour(doc, cmyk)
        rules = check_pdfx(doc) if pdfx else []
        prefetch.collect()
    finally:
        prefetch.close()
    return objects + check_text(doc) + check_qr(doc) + rules
