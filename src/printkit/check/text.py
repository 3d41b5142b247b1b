"""Where text is and how small: the checks that need pypdfium2's char boxes.

Effective size = font size × the vertical scale of the char's matrix (CTM ×
text matrix), so text drawn at 12 pt inside a 50 % scaled group counts as 6 pt.
A character must lie inside the page's trim (TrimBox, else MediaBox) and, in
printkit's slot products (badges, tents), inside one of the slot rectangles the
PDF lists in its Keywords: a name running out of its badge is cut off.
"""
from __future__ import annotations

import ctypes
import math
from typing import NamedTuple

from .document import Bounds, Document, trim_or_media
from .findings import ERROR, INFO, WARNING, Finding

MIN_TEXT_PT = 6.0
TOLERANCE_PT = 0.1  # glyph boxes may touch the edge they are aligned to
MAX_SAMPLES = 3


class Char(NamedTuple):
    """One visible character: a tuple, as a badge file has hundreds of thousands of them."""

    text: str
    size: float
    box: Bounds
    index: int  # in pdfium's text page, where the skipped white space also counts


def page_chars(doc: Document, number: int) -> list[Char]:
    """Visible characters of page `number` (1-based; generated spaces and blanks skipped)."""
    from .pages import page_facts

    return page_facts(doc, number).chars


def read_chars(page) -> list[Char]:
    """Visible characters of a pypdfium2 page."""
    import pypdfium2.raw as pdfium_c

    chars = []
    matrix = pdfium_c.FS_MATRIX()
    textpage = page.get_textpage()
    try:
        for index in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, index) == 1 or chr(code).isspace():
                continue
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
            if pdfium_c.FPDFText_GetMatrix(textpage.raw, index, ctypes.byref(matrix)):
                size *= math.hypot(matrix.c, matrix.d)
            chars.append(Char(chr(code), size, tuple(textpage.get_charbox(index)), index))
    finally:
        textpage.close()
    return chars


def check_text(doc: Document) -> list[Finding]:
    findings: list[Finding] = []
    smallest: tuple[float, int] | None = None
    for number, page in enumerate(doc.reader.pages, start=1):
        chars = page_chars(doc, number)
        if chars:
            size = min(c.size for c in chars)
            smallest = min(smallest or (size, number), (size, number))
        findings += _outside(doc, number, chars, [trim_or_media(page)], "the page trim")
        if doc.slots:
            findings += _outside(doc, number, chars, doc.slots, f"its {doc.product or 'slot'} slot")
    if smallest is not None:
        size, number = smallest
        severity = WARNING if size < MIN_TEXT_PT - 0.005 else INFO
        findings.append(Finding(doc.name, number, "text size", severity,
                                f"smallest text is {size:.2f} pt" +
                                (f" (under {MIN_TEXT_PT:g} pt is hard to read)" if severity == WARNING else "")))
    return findings


def _outside(doc: Document, number: int, chars: list[Char], areas: list[Bounds], what: str) -> list[Finding]:
    """One finding per run of consecutive characters that lie in none of `areas`.

    A character is usually in the area of the one before it, so that area is tried first.
    """
    runs: list[list[Char]] = []
    previous_out = False
    last = areas[0]
    for char in chars:
        if not _contains(last, char.box):
            last = next((area for area in areas if _contains(area, char.box)), last)
        out = not _contains(last, char.box)
        if out and previous_out:
            runs[-1].append(char)
        elif out:
            runs.append([char])
        previous_out = out
    findings = [Finding(doc.name, number, "text position", ERROR,
                        f"text {''.join(c.text for c in run)!r} at x={run[0].box[0]:.1f} y={run[0].box[1]:.1f} pt "
                        f"runs outside {what}")
                for run in runs[:MAX_SAMPLES]]
    if len(runs) > MAX_SAMPLES:
        findings.append(Finding(doc.name, number, "text position", ERROR,
                                f"and {len(runs) - MAX_SAMPLES} more pieces of text outside {what}"))
    return findings


def _contains(area: Bounds, box: Bounds) -> bool:
    return (box[0] >= area[0] - TOLERANCE_PT and box[1] >= area[1] - TOLERANCE_PT
            and box[2] <= area[2] + TOLERANCE_PT and box[3] <= area[3] + TOLERANCE_PT)
