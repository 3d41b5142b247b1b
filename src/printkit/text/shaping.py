"""Shaping with HarfBuzz: the glyphs a run of one font shows, and their advances.

The bundled fonts carry kerning (GPOS ``kern``: "Ta", "AV", "To" set
closer) and ligatures (GSUB ``liga``: fi, fl, ff), which reportlab never
applies: it advances every glyph by its plain width. On a tent card "Tanya
VAWTER" at 71 pt that is 2 mm too loose at "Ta". So each run (one font, see
:func:`printkit.text.fonts.runs`) is shaped here with ``uharfbuzz``, and
both measuring (fitting, centring, line breaking) and drawing use the
result: what is measured is what is printed, and a line said to fit does.

Each distinct (font, run) is shaped once per process (an LRU cache): names
repeat between the front and the back of a badge, titles and roles on every
badge.

A shaping this module cannot pass on faithfully falls back to the plain
advances, one glyph per character, as before: right-to-left text, a cluster
of several glyphs (a mark the font cannot compose with its base), glyphs
moved off their pen position (mark positioning), or a glyph the font lacks.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import uharfbuzz

from printkit.text.fonts import font_face, font_path

FEATURES = {"kern": True, "liga": True}


@dataclass(frozen=True)
class ShapedRun:
    """The glyphs of one run, in parallel tuples (built for thousands of runs a second)."""

    gids: tuple[int, ...]  # glyph ids in the font file
    texts: tuple[str, ...]  # the characters each glyph shows: one, or several for a ligature
    advances: tuple[float, ...]  # pen advances in thousandths of the font size (PDF glyph space)
    char_widths: tuple[float, ...]  # per character at 1 pt: a glyph's advance on its first character

    @property
    def width(self) -> float:
        """Width at 1 pt."""
        return sum(self.advances) / 1000


class _Font:
    """A font file as HarfBuzz reads it, with what shaping needs of it."""

    def __init__(self, face: uharfbuzz.Face):
        self.hb = uharfbuzz.Font(face)
        self.scale = 1000 / face.upem  # font units -> thousandths of the size

    def plain(self, text: str) -> ShapedRun:
        """One glyph per character at its plain advance (what reportlab does)."""
        gids = tuple(self.hb.get_nominal_glyph(ord(ch)) or 0 for ch in text)
        advances = tuple(self.hb.get_glyph_h_advance(gid) * self.scale for gid in gids)
        return ShapedRun(gids, tuple(text), advances, tuple(advance / 1000 for advance in advances))


@functools.cache
def _font(font_name: str) -> _Font:
    return _Font(font_face(font_path(font_name)))


@functools.lru_cache(maxsize=4096)
def shape(font_name: str, text: str) -> ShapedRun:
    """``text`` shaped in the registered font ``font_name`` with kerning and ligatures."""
    font = _font(font_name)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    if buffer.direction != "ltr":
        return font.plain(text)
    uharfbuzz.shape(font.hb, buffer, FEATURES)
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    gids = tuple(info.codepoint for info in infos)
    clusters = [info.cluster for info in infos]
    if 0 in gids or len(set(clusters)) != len(clusters) or any(p.x_offset or p.y_offset for p in positions):
        return font.plain(text)
    advances = tuple(p.x_advance * font.scale for p in positions)
    texts = tuple(text[start:end] for start, end in zip(clusters, clusters[1:] + [len(text)]))
    widths = [0.0] * len(text)
    for start, advance in zip(clusters, advances):
        widths[start] = advance / 1000
    return ShapedRun(gids, texts, advances, tuple(widths))


def plain_advance(font_name: str, gid: int) -> float:
    """Glyph ``gid``'s own advance (no kerning), in thousandths of the size."""
    font = _font(font_name)
    return font.hb.get_glyph_h_advance(gid) * font.scale
