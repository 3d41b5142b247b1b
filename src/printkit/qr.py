"""QR codes on badges: what they say, their module matrix, and vector drawing.

Codes are drawn as vector rectangles, one per horizontal run of dark modules,
all in one filled path per code: sharp at any scale, a few hundred bytes each,
and no per-badge raster image to encode.

The matrix comes from the `qrcode` library with a fixed mask pattern. The
standard lets an encoder use any of the eight masks; evaluating all eight
(qrcode's default) makes a code about five times slower (~15 ms instead of
~3 ms), which dominates a run of a thousand badges. Every code is decoded in
the tests at 150 and 300 dpi. segno was measured too: it is no faster here.
"""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.base import rs_blocks
from qrcode.util import BIT_LIMIT_TABLE, MODE_8BIT_BYTE, QRData, length_in_bits

from .errors import InputError, Problem
from .model import Event, Person

MASK_PATTERN = 2  # vertical stripes pattern; any fixed mask is valid, see the module docstring
QUIET_ZONE = 4  # modules of light margin the standard requires around a code
URL_FIELDS = ("id", "given_name", "family_name", "email")


@dataclass(frozen=True)
class Code:
    """A QR code ready to draw: its width in modules and its dark modules as
    PDF path operators in module units (origin top left, y upwards)."""

    modules: int
    path: str


def encode(text: str | None) -> Code | None:
    """The code for `text` (None for no code). Small and picklable, so codes
    can be made in worker processes while the main one draws."""
    if text is None:
        return None
    modules = matrix(text)
    ops = " ".join(f"{column} {-row - 1} {length} 1 re" for row, column, length in dark_runs(modules))
    return Code(len(modules), ops + " f")


def encode_all(texts: Sequence[str | None]) -> list[Code | None]:
    """A batch of codes, for one round trip to a worker process."""
    return [encode(text) for text in texts]


def payload_kind(person: Person, event: Event) -> str:
    """vcard, url, text or none: the person's own choice, else the event's."""
    return person.qr or event.qr


def payload(person: Person, event: Event) -> str | None:
    """What the person's code says, or None for no code."""
    kind = payload_kind(person, event)
    if kind == "vcard":
        return vcard(person)
    if kind == "url":
        return person_url(person, event.qr_url)
    if kind == "text":
        return "\n".join([person.display_name, *person.affiliation_lines])
    return None


def vcard(person: Person) -> str:
    """vCard 3.0 (RFC 2426); e-mail, phone and URL only with the person's consent."""
    organisation = person.organisation or (None if person.position else next(iter(person.affiliation_lines), None))
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{escape(person.family_name)};{escape(person.given_name)};;;",
        f"FN:{escape(person.display_name or person.native_name or '')}",
    ]
    if organisation:
        lines.append(f"ORG:{escape(organisation)}")
    if person.position:
        lines.append(f"TITLE:{escape(person.position)}")
    if person.share_contact:
        contact = person.contact
        lines += [f"EMAIL;TYPE=INTERNET:{escape(contact.email)}"] if contact.email else []
        lines += [f"TEL:{escape(contact.phone)}"] if contact.phone else []
        lines += [f"URL:{escape(contact.url)}"] if contact.url else []
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def escape(value: str) -> str:
    """RFC 2426 text value: backslash, comma, semicolon and newlines escaped."""
    return (value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def person_url(person: Person, template: str | None) -> str:
    """The event's `qr_url` template filled in, each value URL-quoted."""
    values = {
        "id": person.id, "given_name": person.given_name, "family_name": person.family_name,
        "email": person.contact.email if person.share_contact else "",
    }
    return (template or "").format_map({k: urllib.parse.quote(v or "", safe="") for k, v in values.items()})


def check_url_template(event: Event, people: Sequence[Person]) -> None:
    """Refuse a missing or broken `event.qr_url` before anything is drawn."""
    if not any(payload_kind(p, event) == "url" for p in people):
        return
    message = None
    if not event.qr_url:
        message = "is missing; QR codes of kind 'url' need a template such as https://example.org/p/{id}"
    else:
        try:
            event.qr_url.format_map({k: "" for k in URL_FIELDS})
        except (KeyError, IndexError, ValueError) as exc:
            message = f"{event.qr_url!r} is not a valid template ({exc}); use the fields {', '.join(URL_FIELDS)}"
    if message:
        raise InputError([Problem("programme.yaml", None, None, "event.qr_url", message)])


def matrix(text: str) -> list[list[bool]]:
    """Dark (True) and light modules, without quiet zone.

    Error correction M at the smallest version that holds the text, raised
    to H or Q when the text still fits that version: a sturdier code with
    the same module size.
    """
    data = text.encode("utf-8")
    version = next((v for v in range(1, 41) if fits(data, ERROR_CORRECT_M, v)), None)
    if version is None:
        raise ValueError(f"{len(data)} bytes are too many for a QR code")
    level = next(lv for lv in (ERROR_CORRECT_H, ERROR_CORRECT_Q, ERROR_CORRECT_M) if fits(data, lv, version))
    code = qrcode.QRCode(version=version, error_correction=level, border=0, mask_pattern=MASK_PATTERN)
    code.add_data(QRData(data, mode=MODE_8BIT_BYTE))
    code.data_cache = codewords(data, version, level)  # qrcode uses these instead of its slow polynomial code
    code.make(fit=False)
    return code.modules


def fits(data: bytes, level: int, version: int) -> bool:
    bits = 4 + length_in_bits(MODE_8BIT_BYTE, version) + 8 * len(data)
    return bits <= BIT_LIMIT_TABLE[level][version]


def codewords(data: bytes, version: int, level: int) -> list[int]:
    """Data and Reed-Solomon codewords of a byte-mode code, interleaved (ISO 18004, 7.4-7.6).

    The same result as qrcode.util.create_data (a test compares them), with
    the error correction computed from log tables: about ten times faster.
    """
    blocks = rs_blocks(version, level)
    capacity = sum(block.data_count for block in blocks)
    count_bits = length_in_bits(MODE_8BIT_BYTE, version)
    bits = 4 + count_bits + 8 * len(data)
    value = (((MODE_8BIT_BYTE << count_bits) | len(data)) << 8 * len(data)) | int.from_bytes(data, "big")
    terminator = min(capacity * 8 - bits, 4)
    padding = (-(bits + terminator)) % 8
    value <<= terminator + padding
    bits += terminator + padding
    stream = list(value.to_bytes(bits // 8, "big"))
    stream += [PAD_BYTES[i % 2] for i in range(capacity - len(stream))]
    data_blocks, ec_blocks, offset = [], [], 0
    for block in blocks:
        chunk = stream[offset:offset + block.data_count]
        offset += block.data_count
        data_blocks.append(chunk)
        ec_blocks.append(reed_solomon(chunk, block.total_count - block.data_count))
    return interleave(data_blocks) + interleave(ec_blocks)


def interleave(blocks: list[list[int]]) -> list[int]:
    return [block[i] for i in range(max(map(len, blocks))) for block in blocks if i < len(block)]


def reed_solomon(message: list[int], ec_count: int) -> list[int]:
    """The remainder of message · x^ec_count divided by the code's generator polynomial."""
    generator = generator_polynomial(ec_count)
    remainder = [0] * ec_count
    for byte in message:
        factor = byte ^ remainder[0]
        remainder = remainder[1:] + [0]
        if factor:
            log_factor = GF_LOG[factor]
            for i, coefficient_log in enumerate(generator):
                remainder[i] ^= GF_EXP[log_factor + coefficient_log]
    return remainder


@functools.cache
def generator_polynomial(degree: int) -> tuple[int, ...]:
    """Logs of the coefficients (after the leading 1) of prod(x - a^i), i < degree."""
    poly = [1]
    for i in range(degree):
        poly = [a ^ (GF_EXP[GF_LOG[b] + i] if b else 0) for a, b in zip(poly + [0], [0] + poly)]
    return tuple(GF_LOG[c] for c in poly[1:])


def gf_tables() -> tuple[list[int], list[int]]:
    """Exponent and log tables of GF(256) with the QR polynomial 0x11D (exp doubled to skip a modulo)."""
    exp, log, x = [0] * 512, [0] * 256, 1
    for i in range(255):
        exp[i], log[x] = x, i
        x <<= 1
        if x & 0x100:
            x ^= 0x11D
    for i in range(255, 512):
        exp[i] = exp[i - 255]
    return exp, log


GF_EXP, GF_LOG = gf_tables()
PAD_BYTES = (0xEC, 0x11)


def dark_runs(modules: list[list[bool]]) -> list[tuple[int, int, int]]:
    """(row, first column, length) of each horizontal run of dark modules."""
    runs = []
    for row, line in enumerate(modules):
        start = None
        for column, dark in enumerate([*line, False]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                runs.append((row, start, column - start))
                start = None
    return runs


def draw(canvas, code: Code, x: float, y: float, size: float) -> None:
    """Draw a code whose modules (quiet zone not included) fill the square
    `size` wide with its lower-left corner at (x, y), as one filled path.

    The path is written in module units under a scaling transform, so every
    number in it is a small integer: reportlab's float formatting of a
    thousand rectangles per code would otherwise dominate the run.
    """
    module = size / code.modules
    canvas.saveState()
    canvas.transform(module, 0, 0, module, x, y + size)
    canvas.addLiteral(code.path)
    canvas.restoreState()
