"""Per-character font fallback over the bundled fonts, and reportlab setup.

No single bundled font covers everything an event programme contains (Latin
with Romanian/Polish diacritics, Greek, Cyrillic, Japanese), so text is split
into *runs*: maximal substrings drawn with one font. The fallback order per
style is data (``assets/fonts/fonts.yaml``), not code.

Costs are paid lazily and once per process: a font's character map is read
(by HarfBuzz) only when an earlier font in the chain lacks a character, so
Latin-only documents never touch the big BIZ UDPGothic files, and a font is
read into reportlab only by the process that draws with it.
"""
from __future__ import annotations

import functools
import pathlib
import unicodedata

import uharfbuzz
import yaml
from reportlab.pdfbase import pdfmetrics
from printkit.assets import asset_path
from printkit.reportlab_adapter import PRIVATE_CODES, ShapedTTFont

STYLES = ("regular", "bold", "italic", "bold-italic")
DEFAULT_FONT_SIZE = 10.0


class MissingGlyphError(Exception):
    """Raised when no font in the chain has some characters of a text.

    We refuse rather than let reportlab draw an empty box (.notdef) that
    nobody notices until the badges are printed. ``chars`` lists every
    uncovered character once, in order of appearance.
    """

    def __init__(self, text: str, chars: list[str], style: str = "regular"):
        self.text = text
        self.chars = list(chars)
        self.style = style
        names = ", ".join(f"U+{ord(c):04X} {c!r}" for c in self.chars)
        super().__init__(f"no font has {names} (style {style!r}) in {text!r}")


@functools.cache
def _coverage(path: str) -> frozenset[int]:
    """Code points the font maps, as HarfBuzz reads its cmap.

    HarfBuzz lists them in C: about 10 ms for BIZ UDPGothic's 11,741,
    where reportlab's reading of the whole font takes ten times that. So
    checking a list of names for characters no font has reads no font into
    reportlab; only drawing does (:func:`reportlab_font`), on the process
    that draws. The codes printkit gives glyphs of its own (ligatures, see
    ShapedTTFont) are not characters.
    """
    _MAPS_READ.append(path)
    return frozenset(code for code in font_face(path).unicodes if code not in PRIVATE_CODES)


_MAPS_READ: list[str] = []  # the font files whose character map this process has read, in order


def read_fonts_in_use() -> None:
    """Read into reportlab every font whose character map this process has read:
    the fonts of the styles and scripts its texts so far need.

    A process that draws on request (the desk) calls this once it has checked
    its people's names, so the first badge it prints does not wait for fonts
    to be read (about 90 ms for each Japanese style).
    """
    for path in _MAPS_READ:
        reportlab_font(_name(path))


@functools.cache
def font_face(path: str) -> uharfbuzz.Face:
    """The font file as HarfBuzz reads it, once per process (shaping uses it too)."""
    return uharfbuzz.Face(uharfbuzz.Blob(pathlib.Path(path).read_bytes()))


_PATHS: dict[str, str] = {}  # font name -> its file, for every font a run has named


@functools.cache
def _name(path: str) -> str:
    """The font's stable name: the file stem (e.g. "NotoSans-Regular"), so
    PDFs and tests can refer to fonts predictably."""
    name = pathlib.Path(path).stem
    _PATHS[name] = path
    return name


def font_path(name: str) -> str:
    """The file of a font that a run named."""
    return _PATHS[name]


@functools.cache
def reportlab_font(name: str) -> ShapedTTFont:
    """The font a run named, registered with reportlab on first use.

    Registering embeds nothing by itself: reportlab embeds (subsets) a TTF
    in each PDF that uses it.
    """
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(ShapedTTFont(name, font_path(name)))
    return pdfmetrics.getFont(name)


def _register(path: str) -> str:
    """Register the TTF with reportlab (once); return its name."""
    name = _name(path)
    reportlab_font(name)
    return name


def _is_neutral(ch: str) -> bool:
    """True for characters that belong to no script of their own.

    Spaces, punctuation, combining marks, variation selectors and format
    characters (ZWJ/ZWNJ) are kept in the surrounding run when its font has
    them, so "鈴木 一人" is one BIZ UDPGothic run instead of three runs.
    """
    cat = unicodedata.category(ch)
    return cat[0] in "ZMP" or cat == "Cf" or bool(unicodedata.combining(ch))


class FontChain:
    """Ordered font files per style; answers "which font draws this char"."""

    def __init__(self, chains: dict[str, list[str]], font_dir: pathlib.Path):
        self.font_dir = pathlib.Path(font_dir)
        self.chains = {s: tuple(str(self.font_dir / f) for f in files)
                       for s, files in chains.items()}
        self._first_cache: dict[tuple[str, str], str | None] = {}
        self._first_font_chars: dict[str, frozenset[str]] = {}
        self.runs = functools.lru_cache(maxsize=8192)(self._runs)

    @classmethod
    def from_yaml(cls, path: pathlib.Path) -> "FontChain":
        """Load chains from a fonts.yaml (style -> list of file names)."""
        data = yaml.safe_load(pathlib.Path(path).read_text(encoding="utf-8"))
        missing = [s for s in STYLES if not data.get(s)]
        if missing:
            raise ValueError(f"{path}: no font list for style(s) {missing}")
        return cls({s: list(v) for s, v in data.items()}, pathlib.Path(path).parent)

    def files(self, style: str) -> tuple[str, ...]:
        """Font file paths for ``style`` ("bold_italic" == "bold-italic")."""
        key = style.replace("_", "-")
        try:
            return self.chains[key]
        except KeyError:
            raise ValueError(f"unknown text style {style!r}; "
                             f"expected one of {sorted(self.chains)}") from None

    def font_for(self, ch: str, style: str = "regular") -> str | None:
        """Path of the first font in the chain that has ``ch`` (None if none).

        Walks the chain in order so later (bigger) fonts' cmaps are only read
        when an earlier font lacks a character.
        """
        key = (ch, style)
        if key not in self._first_cache:
            cp = ord(ch)
            self._first_cache[key] = next(
                (f for f in self.files(style) if cp in _coverage(f)), None)
        return self._first_cache[key]

    def missing_chars(self, text: str, style: str = "regular") -> list[str]:
        """Distinct characters of ``text`` that no font in the chain has."""
        if self.first_font_has_all(text, style):
            return []
        return [c for c in dict.fromkeys(text) if self.font_for(c, style) is None]

    def first_font_has_all(self, text: str, style: str) -> bool:
        """Whether the chain's first font has every character of ``text``: then
        it draws all of it, as one run. Most texts of an event are such, and a
        set comparison answers at once where `font_for` walks each character."""
        chars = self._first_font_chars.get(style)
        if chars is None:
            chars = self._first_font_chars[style] = frozenset(map(chr, _coverage(self.files(style)[0])))
        return chars.issuperset(text)

    def default_font_name(self, style: str = "regular") -> str:
        """reportlab name of the chain's first font, registered on demand."""
        return _register(self.files(style)[0])

    def _start_font(self, text: str, i: int, style: str) -> str:
        """Font for a run starting at ``text[i]``.

        A neutral character at the start of a run (e.g. an opening quote)
        takes the font of the next script character when that font has it,
        so '"鈴木"' is drawn with matching quotes.
        """
        ch = text[i]
        if _is_neutral(ch):
            nxt = next((c for c in text[i + 1:] if not _is_neutral(c)), None)
            font = self.font_for(nxt, style) if nxt else None
            if font and ord(ch) in _coverage(font):
                return font
        return self.font_for(ch, style)

    def _runs(self, text: str, style: str = "regular") -> tuple[tuple[str, str], ...]:
        """Uncached worker behind :meth:`runs` (which is an LRU cache)."""
        if self.first_font_has_all(text, style):
            return ((_name(self.files(style)[0]), text),) if text else ()
        missing = self.missing_chars(text, style)
        if missing:
            raise MissingGlyphError(text, missing, style)
        out: list[tuple[str, str]] = []
        cur, start = None, 0
        for i, ch in enumerate(text):
            if cur is not None and ord(ch) in _coverage(cur) and (
                    _is_neutral(ch) or self.font_for(ch, style) == cur):
                continue
            font = self._start_font(text, i, style)
            if font != cur:
                if cur is not None:
                    out.append((cur, text[start:i]))
                cur, start = font, i
        if cur is not None:
            out.append((cur, text[start:]))
        return tuple((_name(f), s) for f, s in out)


@functools.cache
def default_chain() -> FontChain:
    """The chain from the bundled assets/fonts/fonts.yaml (loaded once)."""
    return FontChain.from_yaml(asset_path("fonts", "fonts.yaml"))


def runs(text: str, style: str = "regular") -> list[tuple[str, str]]:
    """Split ``text`` into (reportlab font name, substring) runs.

    Each character goes to the first font of the style's chain that has it;
    neutral characters (spaces, punctuation, marks, ZWJ, variation selectors)
    stay in the current run when its font has them. The substrings
    concatenate back to ``text``. Raises MissingGlyphError listing every
    character no font has. Results are cached (hot path for measuring).
    """
    return list(default_chain().runs(text, style))


def missing_chars(text: str, style: str = "regular") -> list[str]:
    """Characters of ``text`` no bundled font has (empty list when fine)."""
    return default_chain().missing_chars(text, style)


def default_font_name(style: str = "regular") -> str:
    """Registered name of the style's first font, for canvas/paragraph defaults."""
    return default_chain().default_font_name(style)


def canvas_font_kwargs(style: str = "regular", size: float = DEFAULT_FONT_SIZE) -> dict:
    """``initialFontName``/``initialFontSize`` keywords naming our embedded font.

    Why: reportlab writes a canvas's initial font (Helvetica unless told
    otherwise) into every page's resources, and Helvetica is never embedded,
    which print shops' preflight rejects. Pass these to ``Canvas`` (see
    printkit.render.canvas.new_canvas) and to platypus doc templates, e.g.
    ``SimpleDocTemplate(path, **canvas_font_kwargs())`` -- a canvasmaker
    partial does NOT work there: DocTemplate passes its own
    initialFontName=None, which wins.
    """
    return {"initialFontName": default_font_name(style), "initialFontSize": size}

