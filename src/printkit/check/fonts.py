"""Font checks: every font embedded, no Type 3 fonts, no glyph-less characters.

A character whose font has no glyph for it prints as an empty box (tofu) or as
nothing. PDF viewers hide this well, so we look at the font program itself:
each shown character code is mapped to a glyph id the way a RIP does it
(simple TrueType: the embedded font's (3,0)/(1,0) cmap; Type0/CIDFontType2:
the CIDToGIDMap). Glyph 0 is .notdef, i.e. tofu. reportlab writes a
character its subset font lacks as code 0 -> glyph 0, which this catches.
"""
from __future__ import annotations

import functools
import io
import re
from collections import defaultdict
from dataclasses import dataclass

from fontTools.ttLib import TTFont, TTLibError
from pypdf.generic import DictionaryObject

from .content import fonts as resource_fonts
from .document import Document
from .findings import ERROR, WARNING, Finding, page_list

SHOW_TEXT = {b"Tj", b"'", b'"', b"TJ"}


def check_fonts(doc: Document) -> list[Finding]:
    """Unembedded and Type 3 fonts (once per font, with its pages) and tofu per page."""
    unembedded: dict[str, list[int]] = defaultdict(list)
    type3: dict[str, list[int]] = defaultdict(list)
    findings: list[Finding] = []
    glyph_maps: dict[object, GlyphMap | None] = {}
    for number in range(1, len(doc.reader.pages) + 1):
        tofu: dict[str, list[str]] = defaultdict(list)
        for font, data in _shown_strings(doc, number, unembedded, type3):
            ref = font.indirect_reference
            key = (ref.idnum, ref.generation) if ref is not None else id(font)
            if key not in glyph_maps:
                glyph_maps[key] = GlyphMap.of(font)
            glyphs = glyph_maps[key]
            if glyphs is not None and glyphs.has_notdef(data):
                tofu[glyphs.name].append(glyphs.readable(data))
        findings += [_tofu_finding(doc, number, name, texts) for name, texts in tofu.items()]
    findings += [Finding(doc.name, pages[0], "fonts", ERROR,
                         f"font {name} is not embedded (pages {page_list(pages)}); "
                         "the printer would substitute it")
                 for name, pages in unembedded.items()]
    findings += [Finding(doc.name, pages[0], "fonts", WARNING,
                         f"Type 3 font {name} (pages {page_list(pages)}); many RIPs render "
                         "these as bitmaps or badly")
                 for name, pages in type3.items()]
    return findings


def _tofu_finding(doc: Document, page: int, font: str, texts: list[str]) -> Finding:
    sample = "; ".join(dict.fromkeys(texts))
    return Finding(doc.name, page, "glyphs", ERROR,
                   f"font {font} has no glyph for characters in {sample!s} "
                   "(□ marks them; they print as empty boxes)")


def _shown_strings(doc: Document, number: int, unembedded, type3):
    """(font dict, shown bytes) for every text-showing operator; notes font problems."""
    font = None
    listed: set[int] = set()
    for operator, operands, resources in doc.operations(number):
        if id(resources) not in listed:
            listed.add(id(resources))
            _note_font_problems(resources, unembedded, type3, number)
        if operator == b"Tf" and operands:
            entry = resource_fonts(resources).get(operands[0])
            font = entry.get_object() if entry is not None else None
        elif operator in SHOW_TEXT and font is not None and operands:
            for data in _strings(operator, operands):
                yield font, data


def _strings(operator: bytes, operands: list) -> list[bytes]:
    if operator == b"TJ":
        return [item for item in operands[0] if isinstance(item, bytes)] if isinstance(operands[0], list) else []
    return [operands[-1]] if isinstance(operands[-1], bytes) else []


def _note_font_problems(resources: DictionaryObject, unembedded, type3, number: int) -> None:
    for entry in resource_fonts(resources).values():
        font = entry.get_object()
        name = _base_name(font)
        if font.get("/Subtype") == "/Type3":
            type3[name].append(number)
        elif _descriptor_font_file(font) is None:
            unembedded[name].append(number)


def _base_name(font: DictionaryObject) -> str:
    """The font's name without the subset tag ("ABCDEF+NotoSans" -> "NotoSans")."""
    name = str(font.get("/BaseFont", font.get("/Name", "unnamed"))).lstrip("/")
    return re.sub(r"^[A-Z]{6}\+", "", name)


def _descendant(font: DictionaryObject) -> DictionaryObject:
    """The CIDFont of a Type0 font, else the font itself (it holds the descriptor)."""
    if font.get("/Subtype") == "/Type0":
        return font["/DescendantFonts"].get_object()[0].get_object()
    return font


def _descriptor_font_file(font: DictionaryObject):
    descriptor = _descendant(font).get("/FontDescriptor")
    if descriptor is None:
        return None
    descriptor = descriptor.get_object()
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        if key in descriptor:
            return key, descriptor[key].get_object()
    return None


@dataclass
class GlyphMap:
    """Maps shown bytes of one font to glyph ids, to find .notdef (glyph 0)."""

    name: str
    two_byte: bool
    glyph_of_code: dict[int, int] | None  # simple fonts: code -> glyph id
    cid_to_gid: bytes | None  # Type0: CIDToGIDMap stream (None = Identity)
    glyph_count: int
    to_unicode: dict[int, str]

    @classmethod
    def of(cls, font: DictionaryObject) -> "GlyphMap | None":
        """None when we cannot tell glyphs apart (unembedded, CFF, non-Identity CMaps)."""
        found = _descriptor_font_file(font)
        if found is None or found[0] != "/FontFile2":
            return None
        try:
            program = TTFont(io.BytesIO(found[1].get_data()), lazy=True)
            glyph_count = program["maxp"].numGlyphs
        except (TTLibError, KeyError, AssertionError, ValueError, IndexError):
            return None
        to_unicode = _parse_to_unicode(font.get("/ToUnicode"))
        if font.get("/Subtype") == "/Type0":
            if font.get("/Encoding") not in ("/Identity-H", "/Identity-V"):
                return None
            gid_map = _descendant(font).get("/CIDToGIDMap")
            table = gid_map.get_object().get_data() if gid_map is not None and gid_map != "/Identity" else None
            return cls(_base_name(font), True, None, table, glyph_count, to_unicode)
        codes = _simple_code_map(program)
        if codes is None:
            return None
        return cls(_base_name(font), False, codes, None, glyph_count, to_unicode)

    def codes(self, data: bytes) -> list[int]:
        if self.two_byte:
            return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)

    def glyph(self, code: int) -> int:
        if self.glyph_of_code is not None:
            return self.glyph_of_code.get(code, 0)
        if self.cid_to_gid is None:
            gid = code
        else:
            gid = int.from_bytes(self.cid_to_gid[2 * code:2 * code + 2], "big")
        return gid if gid < self.glyph_count else 0

    def has_notdef(self, data: bytes) -> bool:
        if self.glyph_of_code is not None:  # one byte a code: a search for the glyph-less ones, in C
            return self.notdef_codes.search(data) is not None
        return any(self.glyph(code) == 0 for code in self.codes(data))

    @functools.cached_property
    def notdef_codes(self) -> re.Pattern[bytes]:
        """The one-byte codes this font shows as .notdef, as a character class."""
        missing = bytes(code for code in range(256) if self.glyph(code) == 0)
        return re.compile(b"[" + re.escape(missing) + b"]" if missing else rb"(?!)")

    def readable(self, data: bytes) -> str:
        """The shown text, with □ for each glyph-less character."""
        return "".join("□" if self.glyph(code) == 0 else self.to_unicode.get(code, "?")
                       for code in self.codes(data))


def _simple_code_map(program: TTFont) -> dict[int, int] | None:
    """Code -> glyph id from a symbolic cmap ((3,0) at 0xF000+code, or (1,0))."""
    cmap = program["cmap"]
    for platform, encoding, offset in ((3, 0, 0xF000), (1, 0, 0)):
        table = cmap.getcmap(platform, encoding)
        if table is not None:
            return {(code - offset) & 0xFF: program.getGlyphID(name)
                    for code, name in table.cmap.items() if code - offset in range(256)}
    return None


_HEX = r"<([0-9A-Fa-f]+)>"
_BFCHAR = re.compile(rf"{_HEX}\s*{_HEX}")
_BFRANGE = re.compile(rf"{_HEX}\s*{_HEX}\s*{_HEX}")


def _parse_to_unicode(stream) -> dict[int, str]:
    """Code -> text from a ToUnicode CMap (bfchar and bfrange with a start value)."""
    if stream is None:
        return {}
    text = stream.get_object().get_data().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, start in _BFRANGE.findall(block):
            first = int(start, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = _utf16(first + offset)
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, dest in _BFCHAR.findall(block):
            mapping[int(code, 16)] = _bfchar_text(dest)
    return mapping


def _bfchar_text(dest: str) -> str:
    """A bfchar destination: UTF-16BE in groups of four hex digits, as the spec has it; some
    writers (reportlab for characters beyond the BMP) put the code point itself, e.g. <1F600>."""
    if len(dest) % 4 == 0:
        return bytes.fromhex(dest).decode("utf-16-be", "replace")
    value = int(dest, 16)
    return chr(value) if value <= 0x10FFFF else "\ufffd"


def _utf16(value: int) -> str:
    return value.to_bytes(max(2, (value.bit_length() + 15) // 16 * 2), "big").decode("utf-16-be", "replace")
