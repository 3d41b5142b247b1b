"""QR codes: every code on a page decodes, with modules ≥ 0.5 mm and a 4-module quiet zone.

The two limits are printkit.qrlimits', the ones `printkit badges` lays codes out by.

Pages are rasterised at 300 dpi (a typical office printer's resolution) and
read with zxing-cpp, which also reports codes it finds but cannot decode. The
module size comes from the code's corner points and its version (17 + 4·v
modules a side); the quiet zone is the number of all-light pixel lines around
the symbol, in modules. Text drawn into a code or its quiet zone is an error
even when the code still decodes here: a phone at an angle may not read it.
Badges must carry one readable code per person: a badge page whose slots
hold text but no readable code is an error.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..layout.geometry import MM
from ..qrlimits import MIN_MODULE_MM, QUIET_ZONE
from .document import Bounds, Document
from .findings import ERROR, INFO, Finding
from .pages import page_facts
from .text import Char, page_chars

DPI = 300
MIN_QUIET_MODULES = float(QUIET_ZONE)
LIGHT = 128  # grey level above which a pixel counts as paper
DARK_MASK = [255 if level <= LIGHT else 0 for level in range(256)]


@dataclass(frozen=True)
class QrCode:
    text: str
    decoded: bool
    error: str
    module_mm: float
    quiet_modules: float
    box: Bounds  # in PDF points, for matching codes to slots


def check_qr(doc: Document) -> list[Finding]:
    findings: list[Finding] = []
    codes_seen: list[QrCode] = []
    for number in range(1, len(doc.reader.pages) + 1):
        codes = page_facts(doc, number).codes
        codes_seen += codes
        findings += [f for code in codes for f in _code_findings(doc, number, code)]
        if not codes and doc.product != "badges":
            continue
        chars = page_chars(doc, number)
        findings += _text_on_codes(doc, number, [c for c in codes if c.decoded], chars)
        if doc.product == "badges":
            findings += _badges_without_code(doc, number, codes, chars)
    readable = [c for c in codes_seen if c.decoded]
    if readable:
        findings.append(Finding(doc.name, None, "qr", INFO,
                                f"{len(readable)} QR code{'s' if len(readable) != 1 else ''} decode; module "
                                f"{min(c.module_mm for c in readable):.2f}-{max(c.module_mm for c in readable):.2f} mm, "
                                f"quiet zone ≥ {min(c.quiet_modules for c in readable):.1f} modules"))
    return findings


def page_codes(page, code_areas: list[Bounds]) -> list[QrCode]:
    """The QR codes zxing-cpp finds on a pypdfium2 page, readable or not.

    On a printkit badge sheet only the `code_areas` where it draws codes are
    rendered, each with room around it to measure the quiet zone; anything
    else is rendered whole.
    """
    media = page.get_mediabox()
    if not code_areas:
        return _distinct(_read_area(page, media, media))
    return _distinct([code for area in code_areas
                      for code in _read_area(page, media, _surroundings(area, media), **PRINTKIT_AREA)])


def _surroundings(area: Bounds, media: Bounds) -> Bounds:
    """`area` grown by what the quiet zone measurement looks at (6 modules of a version 1 code), within the page."""
    margin = (area[2] - area[0]) * (MIN_QUIET_MODULES + 2) / 21 + 2
    return (max(media[0], area[0] - margin), max(media[1], area[1] - margin),
            min(media[2], area[2] + margin), min(media[3], area[3] + margin))


# Where printkit says it drew a code, it drew it upright, dark on light, and the area rendered is
# the code's own size: zxing-cpp's retries for turned, inverted or huge images cannot find more
# there, and skipping them halves the time a code takes to read.
PRINTKIT_AREA = {"try_rotate": False, "try_invert": False, "try_downscale": False}


def _read_area(page, media: Bounds, area: Bounds, **retries: bool) -> list[QrCode]:
    import zxingcpp

    crop = (area[0] - media[0], area[1] - media[1], media[2] - area[2], media[3] - area[3])
    image = page.render(scale=DPI / 72, grayscale=True, draw_annots=False, crop=crop).to_pil().convert("L")
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode, return_errors=True, **retries)
    return [_measure(image, barcode, area[0], area[1]) for barcode in found if _located(barcode)]


def _located(barcode) -> bool:
    """Whether zxing-cpp says where the code is: it also reports failed reads
    of no size at all (every corner at 0,0), which point at nothing on the page
    and have no module size to measure. Badge slots without a readable code
    are found all the same (`_badges_without_code`)."""
    p = barcode.position
    return len({(q.x, q.y) for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)}) > 1


def _distinct(codes: list[QrCode]) -> list[QrCode]:
    """Drop failed reads that overlap a code already kept: zxing-cpp may report one
    damaged symbol several times, or a failed read next to a good one; and a code
    read twice, from two areas rendered around it."""
    kept: list[QrCode] = []
    for code in codes:
        if code.decoded and not any(k.text == code.text and _overlap(code.box, k.box) for k in kept):
            kept.append(code)
    for code in codes:
        if not code.decoded and not any(_overlap(code.box, other.box) for other in kept):
            kept.append(code)
    return kept


def _overlap(a: Bounds, b: Bounds) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _measure(image, barcode, left: float, bottom: float) -> QrCode:
    corners = [(p.x, p.y) for p in (barcode.position.top_left, barcode.position.top_right,
                                    barcode.position.bottom_right, barcode.position.bottom_left)]
    side_px = sum(math.dist(corners[i], corners[(i + 1) % 4]) for i in range(4)) / 4
    module_px = side_px / _modules_per_side(barcode)
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    pixel_box = (min(xs), min(ys), max(xs), max(ys))
    scale = 72 / DPI
    box = (left + pixel_box[0] * scale, bottom + (image.height - pixel_box[3]) * scale,
           left + pixel_box[2] * scale, bottom + (image.height - pixel_box[1]) * scale)
    return QrCode(barcode.text, barcode.valid and not barcode.error, _error_text(barcode.error),
                  module_px * 72 / DPI / MM, _quiet_zone(image, pixel_box, module_px), box)


def _error_text(error) -> str:
    """'checksum error' from zxing-cpp's error, without its source-file location."""
    if not error:
        return ""
    return f"{str(error.type).rsplit('.', 1)[-1].lower()} error"


def _modules_per_side(barcode) -> int:
    """17 + 4·v for a QR code of version v, 9 + 2·v for Micro QR "Mv" (21 if unknown)."""
    version = str((barcode.extra or {}).get("Version", "")) if isinstance(barcode.extra, dict) else ""
    number = int(version.lstrip("M")) if version.lstrip("M").isdigit() else 0
    if not number:
        return 21
    return 9 + 2 * number if version.startswith("M") else 17 + 4 * number


def _quiet_zone(image, pixel_box, module_px: float) -> float:
    """Smallest run of all-light lines outside any of the four edges, in modules.

    The first `slack` lines beyond an edge may be dark: they are the symbol's
    own anti-aliased edge, as zxing's corner points are only accurate to a
    pixel or so. Each side is one strip, searched for its nearest dark line.
    """
    x0, y0, x1, y1 = (round(v) for v in pixel_box)
    limit = math.ceil(module_px * (MIN_QUIET_MODULES + 2))
    slack = max(1, round(module_px / 2))
    left, right = min(limit, x0), min(limit, image.width - x1)
    top, bottom = min(limit, y0), min(limit, image.height - y1)
    sides = (
        (left, (x0 - left, y0, x0 - slack, y1), lambda box: left - box[2]),
        (right, (x1 + slack, y0, x1 + right, y1), lambda box: slack + box[0]),
        (top, (x0, y0 - top, x1, y0 - slack), lambda box: top - box[3]),
        (bottom, (x0, y1 + slack, x1, y1 + bottom), lambda box: slack + box[1]),
    )
    dark = image.point(DARK_MASK)  # once for the four strips: PIL prepares the table on every call
    return min(_light_lines(dark, *side) for side in sides) / module_px


def _light_lines(dark, lines: int, strip: tuple[int, int, int, int], nearest) -> int:
    """Lines from the symbol's edge to the first dark one in `strip` of the `dark`
    mask (or `lines`, the room there is, when all are light); `nearest` turns the
    dark pixels' bounding box into that distance."""
    if strip[2] <= strip[0] or strip[3] <= strip[1]:
        return lines
    box = dark.crop(strip).getbbox()
    return lines if box is None else nearest(box)


def _code_findings(doc: Document, number: int, code: QrCode) -> list[Finding]:
    if not code.decoded:
        return [Finding(doc.name, number, "qr", ERROR,
                        f"a QR code at x={code.box[0]:.0f} y={code.box[1]:.0f} pt does not decode ({code.error or 'unreadable'})")]
    problems = []
    if code.module_mm < MIN_MODULE_MM - 0.005:
        problems.append(f"module {code.module_mm:.2f} mm is under {MIN_MODULE_MM} mm")
    if code.quiet_modules < MIN_QUIET_MODULES - 0.25:
        problems.append(f"quiet zone {code.quiet_modules:.1f} modules is under {MIN_QUIET_MODULES:g}")
    return [Finding(doc.name, number, "qr", ERROR, f"QR code {code.text!r}: {p}") for p in problems]


def _text_on_codes(doc: Document, number: int, codes: list[QrCode], chars: list[Char]) -> list[Finding]:
    """Characters whose glyph box reaches into a code or its 4-module quiet zone."""
    findings = []
    for code in codes:
        margin = MIN_QUIET_MODULES * code.module_mm * MM
        zone = (code.box[0] - margin, code.box[1] - margin, code.box[2] + margin, code.box[3] + margin)
        x0, y0, x1, y1 = zone  # compared inline: every code against every character of its page
        lines = dict.fromkeys(_line_of(chars, i) for i, (_, _, (left, bottom, right, top), _) in enumerate(chars)
                              if left < x1 and x0 < right and bottom < y1 and y0 < top)
        findings += [Finding(doc.name, number, "qr", ERROR,
                             f"text {line!r} comes into the QR code {code.text[:40]!r} or its quiet zone")
                     for line in lines]
    return findings


def _line_of(chars: list[Char], index: int) -> str:
    """The run of characters around chars[index] that sit on its baseline, for the message."""
    def same_line(other) -> bool:
        return abs(other.box[1] - chars[index].box[1]) < 0.3 * max(chars[index].size, 1)

    start, end = index, index + 1
    while start > 0 and same_line(chars[start - 1]):
        start -= 1
    while end < len(chars) and same_line(chars[end]):
        end += 1
    line = chars[start:end]
    gaps = [" " if b.index > a.index + 1 else "" for a, b in zip(line, line[1:])]  # white space was skipped
    return "".join(c.text + gap for c, gap in zip(line, [*gaps, ""]))


def _badges_without_code(doc: Document, number: int, codes: list[QrCode], chars: list[Char]) -> list[Finding]:
    """Badge slots holding a person's text but no readable code, on pages that carry codes."""
    readable = [c for c in codes if c.decoded]
    if not readable and number > 1:
        return []  # a page without any code: badge backs
    with_text = _slots_with_text(doc.slots, chars)
    missing = [slot for slot in with_text if not any(_centre_in(c.box, slot) for c in readable)]
    if not missing:
        return []
    return [Finding(doc.name, number, "qr", ERROR,
                    f"{len(with_text) - len(missing)} readable QR code{'s' if len(with_text) - len(missing) != 1 else ''} "
                    f"for {len(with_text)} badges with people on this page")]


def _slots_with_text(slots: list[Bounds], chars: list[Char]) -> list[Bounds]:
    """The slots that hold the centre of some character (centres worked out once,
    compared inline: a badge page has hundreds of characters)."""
    centres = [((left + right) / 2, (bottom + top) / 2) for _, _, (left, bottom, right, top), _ in chars]
    return [slot for slot in slots if any(slot[0] <= x <= slot[2] and slot[1] <= y <= slot[3] for x, y in centres)]


def _centre_in(box: Bounds, slot: Bounds) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return slot[0] <= cx <= slot[2] and slot[1] <= cy <= slot[3]
