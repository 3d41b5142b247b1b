"""The bundled fonts a web page needs beyond the reader's own, as small inline subsets.

A reader's system fonts cover Latin, Greek and Cyrillic everywhere, but not
always Japanese. So for every character of a page that the first font of its
style's chain lacks (kanji and kana in BIZ UDPGothic, symbols in DejaVu),
that fallback font is cut down to just those characters and inlined as WOFF:
the page stays one file that needs no network and shows every name.
"""

from __future__ import annotations

import base64
import io
import pathlib
from dataclasses import dataclass

from fontTools import subset

from .fonts import default_chain

FAMILY = "printkit fallback"
WEIGHTS = {"regular": 400, "bold": 700}


@dataclass(frozen=True)
class FontFace:
    weight: int
    chars: str
    woff: bytes

    @property
    def css(self) -> str:
        """An @font-face rule with the font as a data: URL, limited to its characters."""
        ranges = ",".join(f"U+{ord(c):04X}" for c in self.chars)
        data = base64.b64encode(self.woff).decode("ascii")
        return (f'@font-face {{ font-family: "{FAMILY}"; font-weight: {self.weight}; font-display: swap; '
                f'src: url(data:font/woff;base64,{data}) format("woff"); unicode-range: {ranges}; }}')


def fallback_faces(text: str) -> list[FontFace]:
    """The faces `text` needs beyond each style's first font, in regular and bold."""
    chain = default_chain()
    faces = []
    for style, weight in WEIGHTS.items():
        first = chain.files(style)[0]
        by_font: dict[str, list[str]] = {}
        for char in sorted(set(text)):
            font = chain.font_for(char, style)
            if font and font != first and not char.isspace():
                by_font.setdefault(font, []).append(char)
        faces += [FontFace(weight, "".join(chars), subset_woff(font, chars)) for font, chars in by_font.items()]
    return faces


def subset_woff(path: str, chars: list[str]) -> bytes:
    options = subset.Options()
    options.flavor = "woff"
    options.drop_tables += ["meta"]  # fontTools cannot subset it (and says so on stderr)
    font = subset.load_font(pathlib.Path(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()
