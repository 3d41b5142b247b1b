"""Typography a print shop and a typographer check: solid black text, kerning.

Read back from the PDFs printkit writes: the fill colour in force at every
text-showing operator of the booklet, the badges and the tent cards, and the
glyph positions pdfium reports for a kerned name.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from pdfcheck import darkness, text_fill_colours
from printkit.cli import main

REPO = Path(__file__).resolve().parents[1]
PRODUCTS = ("booklet.pdf", "booklet-imposed.pdf", "badges.pdf", "tents.pdf")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = CliRunner().invoke(main, ["build", str(REPO / "programme.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("name", PRODUCTS)
def test_black_text_is_solid_black_and_no_text_is_a_near_black_tint(built, name):
    colours = text_fill_colours(built / name)
    shades = Counter(darkness(colour) for colour in colours)
    near_black = {shade: count for shade, count in shades.items() if shade is not None and 0.75 <= shade < 1}
    assert near_black == {}, f"{name}: text in a tint of black (darkness: count) {near_black}"
    solid = [colour for colour in colours if colour == ("k", (0.0, 0.0, 0.0, 1.0))]
    assert len(solid) >= len(colours) / 4, f"{name}: only {len(solid)} of {len(colours)} texts in 0/0/0/100"
