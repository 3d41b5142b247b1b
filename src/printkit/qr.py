"""QR codes on badges: what they say, how much fits, their module matrix and its dark modules as a path.

Codes are drawn (`render.badges`) as vector rectangles covering the runs of dark modules, all
in one filled path per code: sharp at any scale, two or three kilobytes each
once compressed, and no per-badge raster image to encode.

A code that is not plain ASCII starts with an ECI segment naming UTF-8
(designator 26): without it decoders guess the byte mode's encoding, and
zbar guesses Shift-JIS, so `Kılıç` arrives as `Kﾄｱlﾄｱﾃｧ`.

What fits is arithmetic, not trial encoding: a badge's QR area and the
smallest module a phone reads reliably give the largest version
(`Budget`), and a payload fits when its bytes and segment headers are
within that version's data bits. A vCard that does not fit gives up parts
in the order of `SHORTENING`; the name is never given up.

A thousand badges need a thousand codes, and the `qrcode` library takes
about 15 ms for one (3 ms with a fixed mask). So the encoding is ours, and
checked against qrcode's output in the tests: the function patterns and
the standard's tables come from qrcode (through `qrcode_adapter`, the one
module that knows its internals), once per version (`template`); the error
correction is computed with a table per generator (`reed_solomon`), and the
data is placed by one precomputed permutation. A code takes about 0.2 ms.

The mask pattern is fixed. The standard lets an encoder use any of the
eight; choosing the best one means building all eight. Every code is
decoded with zxing-cpp and zbar in the tests, and under a simulated phone
camera. segno was measured too: it is no faster than qrcode.
"""

from __future__ import annotations

import functools
import operator
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from . import vcard
from .model import Event, Person, qr_kind
from .qrlimits import QUIET_ZONE
from .qrcode_adapter import (ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q, MODE_BYTE,
                             block_sizes, count_bits, data_bits, function_patterns, mask)

MASK_PATTERN = 2  # vertical stripes pattern; any fixed mask is valid, see the module docstring
ECI_UTF8 = 26
ECI_HEADER = (0b0111 << 8) | ECI_UTF8  # ECI mode indicator and a one-byte designator: 12 bits
STRONGEST_FIRST = (ERROR_CORRECT_H, ERROR_CORRECT_Q, ERROR_CORRECT_M, ERROR_CORRECT_L)
LOWER_ERROR_CORRECTION = "error correction M→L"
# What a vCard that does not fit gives up, in this order (each step keeps the ones before):
# SORT-STRING (it repeats the phonetic fields, for old Android importers), the job title (the
# badge shows it, and it ages fastest), ORG lines after the first, then error correction L
# instead of M (about 25 % more room, still 7 % of the codewords recoverable: enough for a
# clean print), the URL and the phone number, ORG; the e-mail address late, because it is how
# contacts get in touch; the reading of a native-script name last, as a card without it beats
# no card. Never the name (N, FN and the Latin NICKNAME).
SHORTENING = ("SORT-STRING", "TITLE", "ORG lines after the first", LOWER_ERROR_CORRECTION, "URL", "phone", "ORG",
              "e-mail", "reading")


@dataclass(frozen=True)
class Code:
    """A QR code ready to draw: its width in modules and its dark modules as
    PDF path operators in module units (origin top left, y downwards)."""

    modules: int
    path: str


@dataclass(frozen=True)
class Payload:
    """What a code says, at which error correction, and what was given up to make it fit."""

    text: str
    level: int = ERROR_CORRECT_M
    given_up: tuple[str, ...] = ()


def encode(payload: Payload | None) -> Code | None:
    """The code for `payload` (None for no code). Small and picklable: badges
    are laid out, codes included, in worker processes while the main one draws."""
    if payload is None:
        return None
    rows = matrix(payload.text, payload.level)
    return Code(len(rows), dark_rectangles(rows) + "f")


def dark_rectangles(rows: Sequence[str]) -> str:
    """PDF rectangles (x y width 1 re) covering the dark modules, row by row.

    Listing every run of dark modules one by one in Python was two thirds
    of the time of making a code. Instead each row is read in pieces of
    CHUNK modules whose rectangles come from a table (one per piece's
    position), with the row number filled in afterwards. A run that crosses
    a piece's edge becomes two touching rectangles of the same path, which
    fill as one (about 14 % more rectangles).
    """
    width = len(rows[0])
    padding = "0" * (-width % CHUNK)
    pieces = [(piece_table(start), start, start + CHUNK) for start in range(0, width, CHUNK)]
    return "".join("".join([table[row[start:end]] for table, start, end in pieces]).replace("Y", str(y))
                   for y, row in enumerate(row + padding for row in rows))


CHUNK = 8  # modules; 256 patterns per position, so the tables stay small


@functools.cache
def piece_table(start: int) -> dict[str, str]:
    """For a piece of a row beginning at column `start`: each of its 2^CHUNK
    patterns ("1" dark) -> rectangles for its dark runs, row number Y."""
    return {pattern: piece_rectangles(start, pattern)
            for pattern in (format(bits, f"0{CHUNK}b") for bits in range(2 ** CHUNK))}


def piece_rectangles(start: int, modules: str) -> str:
    out, x = [], start
    for run in modules.split("0"):
        if run:
            out.append(f"{x} Y {len(run)} 1 re ")
        x += len(run) + 1
    return "".join(out)


@dataclass(frozen=True)
class Budget:
    """The largest code a QR area holds with modules no smaller than `module_mm`."""

    max_version: int
    module_mm: float

    @classmethod
    def for_area(cls, side_mm: float, module_mm: float) -> Budget:
        """For a square `side_mm` wide that takes the code and its quiet zone."""
        return cls(largest_version(side_mm, module_mm), module_mm)

    def fits(self, text: str, level: int) -> bool:
        return self.max_version >= 1 and fits(text, level, self.max_version)


def largest_version(side: float, module: float) -> int:
    """The largest version (0 for none) whose code and quiet zone fit a square
    `side` wide with modules `module` wide (any one unit)."""
    modules = side / module - 2 * QUIET_ZONE + 1e-9
    return max(0, min(40, int((modules - 17) // 4)))


def version_side(version: int, module: float) -> float:
    """The side of a code of `version` with its quiet zone, modules `module` wide."""
    return (17 + 4 * version + 2 * QUIET_ZONE) * module


class PayloadTooLarge(Exception):
    """Not even the name fits the QR area, and there is no link to fall back on."""


def fit_payload(person: Person, event: Event, budget: Budget) -> Payload | None:
    """What the person's code says within `budget` (None for no code).

    A vCard gives up parts in the order of SHORTENING; when even the name
    alone does not fit, the code holds the event's link (`event.qr_url`)
    instead, and without one PayloadTooLarge says why.
    """
    kind = qr_kind(person, event)
    if kind == "none":
        return None
    if kind == "vcard":
        attempts = vcard_attempts(vcard.card(person))
    elif kind == "text":
        attempts = text_attempts(person.display_name, person.affiliation_lines)
    else:
        attempts = text_attempts(person_url(person, event.qr_url))
    fitted = next((Payload(text, level, given_up) for given_up, text, level in attempts if budget.fits(text, level)), None)
    if fitted is None and kind != "url" and event.qr_url:
        link = person_url(person, event.qr_url)
        fitted = next((Payload(text, level, (f"the {kind} for the event's link", *given_up))
                       for given_up, text, level in text_attempts(link) if budget.fits(text, level)), None)
    if fitted is None:
        raise PayloadTooLarge(too_large_message(person, event, budget))
    return fitted


def vcard_attempts(full: vcard.Card) -> Iterator[tuple[tuple[str, ...], str, int]]:
    """(what was given up, text, level): the whole card at M, then smaller ones in SHORTENING order."""
    card, level, given_up = full, ERROR_CORRECT_M, ()
    yield given_up, card.text(), level
    for step in SHORTENING:
        if step == LOWER_ERROR_CORRECTION:
            level = ERROR_CORRECT_L
        else:
            smaller = vcard.GIVE_UP[step](card)
            if smaller == card:
                continue
            card = smaller
        given_up += (step,)
        yield given_up, card.text(), level


def text_attempts(first: str, more: Sequence[str] = ()) -> Iterator[tuple[tuple[str, ...], str, int]]:
    """A plain text code (name and affiliation lines, or a link) at M, at L, then its first line alone."""
    text = "\n".join([first, *more])
    yield (), text, ERROR_CORRECT_M
    yield (LOWER_ERROR_CORRECTION,), text, ERROR_CORRECT_L
    if more:
        yield (LOWER_ERROR_CORRECTION, "affiliation"), first, ERROR_CORRECT_L


def too_large_message(person: Person, event: Event, budget: Budget) -> str:
    room = f"a version {budget.max_version} QR code with {budget.module_mm:g} mm modules"
    if qr_kind(person, event) == "url":
        return f"{person.display_name}: the link does not fit {room}; shorten event.qr_url, or choose a larger stock"
    if event.qr_url:
        return (f"{person.display_name}: neither the name alone nor the event's link fits {room}; "
                f"choose a larger stock or smaller modules (badges.qr_module)")
    return (f"{person.display_name}: even the name alone does not fit {room}; set event.qr_url to put a link in "
            f"the codes that do not fit, choose a larger stock or smaller modules (badges.qr_module), "
            f"or set qr: none for this person")


def describe_shortening(payload: Payload) -> str:
    """'gave up TITLE, ORG lines after the first; error correction M→L' for a run's warnings."""
    return "gave up " + ", ".join(payload.given_up)


def person_url(person: Person, template: str | None) -> str:
    """The event's `qr_url` template filled in, each value URL-quoted."""
    values = {
        "id": person.id, "given_name": person.given_name, "family_name": person.family_name,
        "email": person.contact.email if person.share_contact else "",
    }
    return (template or "").format_map({k: urllib.parse.quote(v or "", safe="") for k, v in values.items()})


def matrix(text: str, level: int = ERROR_CORRECT_M) -> tuple[str, ...]:
    """The code's rows, each a string with "1" for a dark module and "0" for
    a light one, without quiet zone.

    The smallest version that holds the text at error correction `level`,
    which is raised (to M, Q or H) when the text still fits that version: a
    sturdier code with the same module size.
    """
    version = next((v for v in range(1, 41) if fits(text, level, v)), None)
    if version is None:
        raise ValueError(f"{len(text.encode())} bytes are too many for a QR code")
    level = next(lv for lv in STRONGEST_FIRST if fits(text, lv, version))
    return template(version, level).fill(codewords(text.encode(), version, level, eci=not text.isascii()))


@dataclass(frozen=True)
class Template:
    """One version and level of code with everything but the data in place.

    Placing the data bit by bit along the standard's zigzag (as the qrcode
    library does) costs a Python step per module. Here the zigzag and the
    mask are worked out once per version as a permutation: every module
    takes its value from the data bits, from the data bits inverted (where
    the mask flips it) or from the function patterns, so filling a code is
    one itemgetter call.
    """

    size: int  # modules per side
    data_cells: int  # modules that carry data (and remainder bits)
    place: Callable[[str], tuple[str, ...]]  # bits + inverted bits + function modules -> modules in raster order
    function_modules: str  # "1"/"0" for every module in raster order

    def fill(self, words: bytes) -> tuple[str, ...]:
        bits = format(int.from_bytes(words, "big"), f"0{8 * len(words)}b") if words else ""
        bits += "0" * (self.data_cells - len(bits))  # remainder bits
        modules = "".join(self.place(bits + bits.translate(INVERT) + self.function_modules))
        return tuple(modules[i:i + self.size] for i in range(0, len(modules), self.size))


INVERT = str.maketrans("01", "10")


@functools.cache
def template(version: int, level: int) -> Template:
    """The function patterns (finders, timing, alignment, format and version
    information) drawn by the qrcode library itself, and the data cells' order."""
    modules = function_patterns(version, level, MASK_PATTERN)
    n = len(modules)
    order = zigzag(modules)
    index = {cell: i for i, cell in enumerate(order)}
    flips = mask(MASK_PATTERN)
    cells = [(row, column) for row in range(n) for column in range(n)]

    def source(position: int, cell: tuple[int, int]) -> int:
        if cell not in index:
            return 2 * len(order) + position
        return index[cell] + (len(order) if flips(*cell) else 0)

    return Template(
        size=n,
        data_cells=len(order),
        place=operator.itemgetter(*(source(p, cell) for p, cell in enumerate(cells))),
        function_modules="".join("1" if modules[r][c] else "0" for r, c in cells),
    )


def zigzag(modules: list[list[bool | None]]) -> list[tuple[int, int]]:
    """(row, column) of the data cells (None) in the order data fills them
    (ISO 18004, 7.7.3): two-column strips from the right, up then down,
    skipping the vertical timing column."""
    n = len(modules)
    order, upward = [], True
    for right in range(n - 1, 0, -2):
        right -= right <= 6
        rows = range(n - 1, -1, -1) if upward else range(n)
        order += [(row, column) for row in rows for column in (right, right - 1) if modules[row][column] is None]
        upward = not upward
    return order


def fits(text: str, level: int, version: int) -> bool:
    """Whether `text` fits a code of `version` and `level`, ECI segment included when it needs one."""
    bits = (0 if text.isascii() else 12) + 4 + count_bits(version) + 8 * len(text.encode())
    return bits <= data_bits(version, level)


def codewords(data: bytes, version: int, level: int, eci: bool = False) -> bytes:
    """Data and Reed-Solomon codewords of a byte-mode code, interleaved (ISO 18004, 7.4-7.6),
    after an ECI segment declaring UTF-8 (7.4.2) when `eci`.

    Without ECI the same result as qrcode.util.create_data (a test compares
    them), with the error correction computed from log tables: about ten
    times faster.
    """
    blocks = block_sizes(version, level)
    capacity = sum(data_count for data_count, _ in blocks)
    count = count_bits(version)
    value, bits = (ECI_HEADER, 12) if eci else (0, 0)
    value = (((((value << 4) | MODE_BYTE) << count) | len(data)) << 8 * len(data)) | int.from_bytes(data, "big")
    bits += 4 + count + 8 * len(data)
    terminator = min(capacity * 8 - bits, 4)
    padding = (-(bits + terminator)) % 8
    value <<= terminator + padding
    bits += terminator + padding
    stream = value.to_bytes(bits // 8, "big")
    stream += bytes(PAD_BYTES[i % 2] for i in range(capacity - len(stream)))
    data_blocks, ec_blocks, offset = [], [], 0
    for data_count, total_count in blocks:
        chunk = stream[offset:offset + data_count]
        offset += data_count
        data_blocks.append(chunk)
        ec_blocks.append(reed_solomon(chunk, total_count - data_count))
    return interleave(data_blocks) + interleave(ec_blocks)


def interleave(blocks: list[bytes]) -> bytes:
    """The first byte of every block, then the second of every block, and so on.

    The columns every block has are written by slicing (a step per block,
    not per byte); blocks longer than the shortest add their last bytes.
    """
    count, shortest = len(blocks), min(map(len, blocks))
    out = bytearray(count * shortest)
    for index, block in enumerate(blocks):
        out[index::count] = block[:shortest]
    for column in range(shortest, max(map(len, blocks))):
        out += bytes(block[column] for block in blocks if len(block) > column)
    return bytes(out)


def reed_solomon(message: bytes, ec_count: int) -> bytes:
    """The remainder of message · x^ec_count divided by the code's generator polynomial.

    The remainder is kept as one integer of ec_count bytes, so each message
    byte costs a shift, a table lookup and an XOR instead of ec_count steps.
    """
    products = generator_multiples(ec_count)
    top_shift, keep = 8 * (ec_count - 1), (1 << 8 * ec_count) - 1
    remainder = 0
    for byte in message:
        remainder = ((remainder << 8) & keep) ^ products[byte ^ (remainder >> top_shift)]
    return remainder.to_bytes(ec_count, "big")


@functools.cache
def generator_multiples(degree: int) -> tuple[int, ...]:
    """The generator's coefficients times each byte value, packed into one integer per value."""
    generator = generator_polynomial(degree)
    return (0, *(int.from_bytes(bytes(GF_EXP[GF_LOG[factor] + c] for c in generator), "big")
                 for factor in range(1, 256)))


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
