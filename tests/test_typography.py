"""Typography a print shop and a typographer check: solid black text, kerning.

Read back from the PDFs printkit writes: the fill colour in force at every
text-showing operator of every PDF `build` writes (booklet, badges, tent cards,
seating plan, door sheets), and the glyph positions pdfium reports for a kerned name.
"""
from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pypdf
import pytest
import uharfbuzz
import yaml
from click.testing import CliRunner
from fontTools.ttLib import TTFont

from pdfcheck import char_origins, darkness, page_text, text_fill_colours
from printkit.cli import main
from printkit.render.canvas import new_canvas
from printkit.render.text import draw_line
from printkit.text.fit import fit
from printkit.text.measure import text_width
from test_tents import write_programme

REPO = Path(__file__).resolve().parents[1]
PRODUCTS = ("booklet.pdf", "booklet-imposed.pdf", "badges.pdf", "tents.pdf", "seating.pdf", "rooms.pdf")


@pytest.mark.parametrize("name", PRODUCTS)
def test_black_text_is_solid_black_and_no_text_is_a_near_black_tint(built, name):
    colours = text_fill_colours(built / name)
    shades = Counter(darkness(colour) for colour in colours)
    near_black = {shade: count for shade, count in shades.items() if shade is not None and 0.75 <= shade < 1}
    assert near_black == {}, f"{name}: text in a tint of black (darkness: count) {near_black}"
    solid = [colour for colour in colours if colour == ("k", (0.0, 0.0, 0.0, 1.0))]
    assert len(solid) >= len(colours) / 4, f"{name}: only {len(solid)} of {len(colours)} texts in 0/0/0/100"


def harfbuzz_advances(font_file: str, text: str) -> list[float]:
    """Advances (in em) of `text`'s glyphs as HarfBuzz sets them with kerning
    and ligatures, read from the font file here, not through printkit."""
    face = uharfbuzz.Face(uharfbuzz.Blob((REPO / "assets" / "fonts" / font_file).read_bytes()))
    font = uharfbuzz.Font(face)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, {"kern": True, "liga": True})
    return [position.x_advance / face.upem for position in buffer.glyph_positions]


def plain_advance(font_file: str, char: str) -> float:
    """A character's own advance (in em), from the font's hmtx table."""
    with TTFont(REPO / "assets" / "fonts" / font_file) as font:
        return font["hmtx"][font.getBestCmap()[ord(char)]][0] / font["head"].unitsPerEm


def test_tent_names_are_kerned_as_harfbuzz_kerns_them_and_ligatures_copy_as_text(tmp_path):
    programme = write_programme(tmp_path, """\
        - id: alice
          given_name: Tanya
          family_name: Vawter
          affiliations: ["Office of Scientific Affairs, Fiji"]
        """)
    result = CliRunner().invoke(main, ["tents", str(programme), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "tents.pdf"
    chars = char_origins(pdf)
    letters = "".join(c[0] for c in chars)
    start = letters.index("TanyaVAWTER")
    (_, t_x, _, size), (_, a_x, _, _) = chars[start], chars[start + 1]
    in_pdf = abs(a_x - t_x)
    kerned = harfbuzz_advances("NotoSans-Bold.ttf", "Tanya VAWTER")[0] * size
    plain = plain_advance("NotoSans-Bold.ttf", "T") * size
    assert in_pdf == pytest.approx(kerned, rel=0.15), (in_pdf, kerned, plain)
    assert abs(in_pdf - kerned) < abs(in_pdf - plain) / 10, (in_pdf, kerned, plain)  # kerned, not plain
    assert "Office of Scientific Affairs, Fiji" in page_text(pdf)  # ffi, fi, ff ligatures copy as their letters
    check = CliRunner().invoke(main, ["check", str(pdf)])
    assert check.exit_code == 0 and "0 errors" in check.output, check.output


WORDS = ["Tanya", "VAWTER", "AVATAR", "Toyota", "Wolfgang", "Yvette", "Pfeffer", "Töpfer", "Łukasz", "Ștefan",
         "Παπαδόπουλος", "Тьяго", "鈴木", "Affairs", "Office", "Jean-Pierre", "L'Avenir", "P.T.A.", "Tarara"]


def test_fitted_lines_drawn_with_kerning_are_as_wide_as_measured_and_never_wider_than_the_box(tmp_path):
    rnd = random.Random(14)
    pdf = tmp_path / "fitted.pdf"
    canvas = new_canvas(pdf, (600, 800))
    expected = []
    y = 780
    for _ in range(60):
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 4)))
        width = rnd.uniform(60, 400)
        style = rnd.choice(["regular", "bold"])
        fitted = fit(text, width, 40, 4, max_lines=2, style=style)
        for line in fitted.lines:
            draw_line(canvas, 10, y, line, fitted.size, style)
            expected.append((line, width, fitted.size, style))
            y -= 13
        if y < 30:
            canvas.showPage()
            y = 780
    canvas.showPage()
    canvas.save()
    placed = [chars for page in range(len(pypdf.PdfReader(pdf).pages)) for chars in lines_of(char_origins(pdf, page))]
    assert len(placed) == len(expected)
    for chars, (line, width, size, style) in zip(placed, expected):
        assert "".join(c[0] for c in chars) == line.replace(" ", "")
        last = chars[-1][0]
        font = next(f for f in FONT_FILES[style] if ord(last) in cmap(f))
        drawn = chars[-1][1] - chars[0][1] + plain_advance(font, last) * size
        slack = 0.0005 * size * len(chars)  # pdfium rounds each glyph width to a whole thousandth of an em
        assert drawn <= width + slack, (line, drawn, width)
        assert drawn == pytest.approx(text_width(line, size, style), abs=slack), line  # measured = drawn


FONT_FILES = {"regular": ("NotoSans-Regular.ttf", "BIZUDPGothic-Regular.ttf"),
              "bold": ("NotoSans-Bold.ttf", "BIZUDPGothic-Bold.ttf")}


def cmap(font_file: str) -> dict[int, str]:
    with TTFont(REPO / "assets" / "fonts" / font_file) as font:
        return font.getBestCmap()


def lines_of(chars):
    """Characters grouped by baseline, top to bottom."""
    lines: dict[float, list] = {}
    for char in chars:
        lines.setdefault(round(char[2], 1), []).append(char)
    return [lines[y] for y in sorted(lines, reverse=True)]


def test_booklet_paragraphs_are_kerned_and_their_ligatures_copy_as_letters(built):
    pdf = built / "booklet.pdf"
    pages = range(len(pypdf.PdfReader(pdf).pages))
    heading = next(chars for page in pages for chars in lines_of(char_origins(pdf, page))
                   if "".join(c[0] for c in chars) == "Programmeataglance")
    (_, r_x, _, size), (_, o_x, _, _) = heading[1], heading[2]
    kerned = harfbuzz_advances("NotoSans-Bold.ttf", "Programme at a glance")[1] * size
    plain = plain_advance("NotoSans-Bold.ttf", "r") * size
    assert abs((o_x - r_x) - kerned) < abs(kerned - plain) / 10, (o_x - r_x, kerned, plain)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)  # pypdf: ToUnicode as written
    words = {word for phrase in phrases(yaml.safe_load((REPO / "programme.yaml").read_text(encoding="utf-8")))
             for word in re.findall(r"\w*(?:ff|fi|fl)\w*", phrase)}
    assert len(words) >= 5 and all(word in text for word in words), words - set(text.split())
    assert not any(0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000 for c in text)  # no private-use codes leak


def phrases(node) -> list[str]:
    """Every string with a space in it (titles, descriptions, names) in a YAML tree."""
    if isinstance(node, dict):
        return [p for value in node.values() for p in phrases(value)]
    if isinstance(node, list):
        return [p for value in node for p in phrases(value)]
    return [node] if isinstance(node, str) and " " in node else []
