"""Tests for printkit.text: font runs, kinsoku line breaking, fitting, PDFs.

Real fonts, real reportlab output, checked with independent tools (fontTools
cmaps, pypdf, pdfium) rather than with the module's own caches.
"""
from __future__ import annotations

import functools
import random

import pytest
from fontTools.ttLib import TTFont

from pdfcheck import page_text, unembedded_fonts
from printkit.assets import asset_path
from printkit.render.canvas import new_canvas
from printkit.render.palette import PRIMARY
from printkit.render.text import draw_line
from printkit.text.case import capitals
from printkit.text.fit import DoesNotFitError, FittedText, fit
from printkit.text.fonts import MissingGlyphError, missing_chars, runs
from printkit.text.lines import CANNOT_END, CANNOT_START, break_lines
from printkit.text.markup import paragraph_markup
from printkit.text.measure import text_width

NAMES = [
    "Ștefan Țărănescu",
    "Łukasz Żółć",
    "Αθηνά Παπαδοπούλου",
    "Цветелина Димитрова",
    "鈴木 一人",
    "すずき かずと",
    "カタカナ",
]
JA_SENTENCE = (
    "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。"
    "「何でも薄暗いじめじめした所でニャーニャー泣いていた」事だけは記憶している。"
    "吾輩はここで始めて人間というものを見た。しかもあとで聞くとそれは書生という"
    "人間中で一番獰悪な種族であったそうだ。（この書生というのは時々我々を捕えて"
    "煮て食うという話である。）ちょっとキャッシュ、ショッピング！？"
)
FONT_FILES = sorted(p.name for p in asset_path("fonts").glob("*.ttf"))


@functools.cache
def cmap_of(font_name: str) -> frozenset[int]:
    """Independent cmap read of the bundled file behind a reportlab name."""
    with TTFont(asset_path("fonts", f"{font_name}.ttf")) as font:
        return frozenset(font.getBestCmap())


# ------------------------------------------------------------------ assets

def test_assets_and_licences_present():
    fonts = asset_path("fonts")
    for name in ("OFL.txt", "LICENSE-DejaVu.txt", "README.md", "fonts.yaml"):
        assert (fonts / name).is_file(), name
    readme = (fonts / "README.md").read_text(encoding="utf-8")
    assert all(f in readme for f in FONT_FILES)
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts / "OFL.txt").read_text(encoding="utf-8")


# -------------------------------------------------------------------- runs

@pytest.mark.parametrize("style", ["regular", "bold", "italic", "bold-italic"])
@pytest.mark.parametrize("name", NAMES + ["Ștefan 鈴木、「一人」 Αθηνά → ok"])
def test_every_run_font_has_its_chars(name, style):
    result = runs(name, style)
    assert "".join(s for _, s in result) == name
    for font, s in result:
        lacking = [c for c in s if ord(c) not in cmap_of(font)]
        assert not lacking, (font, lacking)


def test_script_font_choice():
    assert {f for f, _ in runs("Ștefan Țărănescu")} == {"NotoSans-Regular"}
    for ja in ("鈴木 一人", "すずき かずと", "カタカナ"):
        assert runs(ja) == [("BIZUDPGothic-Regular", ja)]  # space stays in the JA run
    assert runs("鈴木", "bold") == [("BIZUDPGothic-Bold", "鈴木")]
    assert runs("鈴木", "italic") == [("BIZUDPGothic-Regular", "鈴木")]  # upright fallback
    mixed = runs("Ana 鈴木 Bob")
    assert [f for f, _ in mixed] == ["NotoSans-Regular", "BIZUDPGothic-Regular", "NotoSans-Regular"]


def test_combining_mark_stays_with_base():
    decomposed = "S\u0326tefan"  # S + COMBINING COMMA BELOW
    assert runs(decomposed) == [("NotoSans-Regular", decomposed)]


def test_uncovered_char_raises():
    pua = "\ue000"
    assert all(ord(pua) not in cmap_of(f[:-4]) for f in FONT_FILES)  # verify premise
    with pytest.raises(MissingGlyphError) as err:
        runs(f"Ana {pua} Bob \U0010fffd")
    assert err.value.chars == [pua, "\U0010fffd"]
    assert "U+E000" in str(err.value) and "U+10FFFD" in str(err.value)
    assert missing_chars(f"a{pua}") == [pua]
    assert missing_chars("Ștefan 鈴木") == []


def test_unknown_style_rejected():
    with pytest.raises(ValueError):
        runs("x", "condensed")


# --------------------------------------------------------------- measuring

def test_text_width_is_sum_of_runs_and_linear():
    w10 = text_width("Ștefan 鈴木", 10)
    assert w10 > 0
    assert text_width("Ștefan 鈴木", 20) == pytest.approx(2 * w10)
    assert text_width("Ștefan 鈴木", 10) == pytest.approx(
        text_width("Ștefan ", 10) + text_width("鈴木", 10))


# ----------------------------------------------------------- line breaking

def test_japanese_kinsoku_over_many_widths():
    size = 10
    # From 6 full-width characters per line: narrower than a kinsoku unit
    # (e.g. "シュ！？") forces a character break, which is tested below.
    for width in range(60, 400, 3):
        lines = break_lines(JA_SENTENCE, size, width)
        assert "".join(lines) == JA_SENTENCE.replace(" ", "")
        for i, line in enumerate(lines):
            assert text_width(line, size) <= width + 1e-9, (width, line)
            assert line[0] not in CANNOT_START, (width, i, line)
            assert line[-1] not in CANNOT_END, (width, i, line)


def test_forced_break_when_unit_wider_than_line():
    lines = break_lines("キャッシュ！？", 10, 15)  # 1.5 characters wide
    assert "".join(lines) == "キャッシュ！？" and all(lines)


def test_latin_breaks_at_spaces_then_hyphens_then_chars():
    text = "Maria-Magdalena Ștefănescu and Supercalifragilisticexpialidocious"
    for width in range(40, 400, 5):
        lines = break_lines(text, 12, width)
        assert all(ln == ln.strip() and ln for ln in lines)
        assert all(text_width(ln, 12) <= width for ln in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    wide = break_lines(text, 12, 150)
    assert wide[0] == "Maria-Magdalena"  # a space break wins over the hyphen


def test_break_lines_short_and_empty():
    assert break_lines("  Ana  ", 12, 500) == ["Ana"]
    assert break_lines("", 12, 100) == []


# ----------------------------------------------------------------- fitting

def test_fit_short_name_at_max_size():
    assert fit("Ana", 200, 36, 12) == FittedText(36, ("Ana",))


def test_fit_long_name_shrinks_on_one_line():
    name = "Ștefan Țărănescu"
    res = fit(name, 150, 36, 8)
    assert res.lines == (name,) and 8 <= res.size < 36
    assert text_width(name, res.size) <= 150 < text_width(name, res.size + 0.25)


def test_fit_very_long_name_two_balanced_lines():
    name = "Maria Magdalena Alexandra Ștefănescu-Popovici"
    res = fit(name, 160, 30, 12)
    assert len(res.lines) == 2 and res.size >= 12
    widths = [text_width(ln, res.size) for ln in res.lines]
    longest_word = max(text_width(w, res.size) for w in name.split())
    assert abs(widths[0] - widths[1]) < longest_word
    assert res.width() <= 160


def test_fit_japanese_two_lines_kinsoku():
    res = fit("東京国際フォーラム「ホールＡ」（地下一階）", 140, 30, 12)
    assert len(res.lines) == 2
    assert res.lines[1][0] not in CANNOT_START and res.lines[0][-1] not in CANNOT_END


def test_fit_impossible_raises():
    with pytest.raises(DoesNotFitError) as err:
        fit("Supercalifragilisticexpialidocious", 50, 30, 12)
    assert err.value.text == "Supercalifragilisticexpialidocious" and err.value.width == 50
    with pytest.raises(DoesNotFitError):
        fit("Ana Maria", 500, 30, 12, height=10)  # 12 pt x 1.15 > 10 pt


def test_fit_respects_height():
    res = fit("Maria Magdalena Alexandra Ștefănescu", 150, 40, 8, height=40)
    assert res.height(1.15) <= 40


def test_fit_never_wider_than_width():
    rnd = random.Random(42)
    words = [w for n in NAMES for w in n.split()] + ["Jean-Pierre", "van", "der", "東京都"]
    for _ in range(400):
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 6)))
        width = rnd.uniform(40, 300)
        try:
            res = fit(text, width, 40, 6, max_lines=rnd.randint(1, 3))
        except DoesNotFitError:
            continue
        assert 6 <= res.size <= 40
        assert all(text_width(ln, res.size) <= width for ln in res.lines), (text, width, res)
        assert " ".join(res.lines).replace(" ", "") == text.replace(" ", "")


# -------------------------------------------------------------------- PDFs

def test_pdf_names_extractable_and_fonts_embedded(tmp_path):
    pdf = tmp_path / "names.pdf"
    c = new_canvas(pdf, (400, 400))
    y = 370
    for i, name in enumerate(NAMES):
        draw_line(c, 200, y, name, 14, align=["left", "center", "right"][i % 3])
        draw_line(c, 20, y - 18, name, 10, style="bold", color=PRIMARY)
        y -= 45
    c.showPage()
    c.save()
    text = page_text(pdf, 0)
    for name in NAMES:
        assert name in text, name
    assert unembedded_fonts(pdf) == []


def test_plain_reportlab_canvas_is_caught(tmp_path):
    """Sanity check of the helper: reportlab's default canvas uses Helvetica."""
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "plain.pdf"
    c = Canvas(str(pdf))
    c.drawString(10, 10, "x")
    c.save()
    assert unembedded_fonts(pdf) == ["/Helvetica"]


def test_paragraph_markup_escapes_and_tags_runs():
    markup = paragraph_markup("A&B <x> 鈴木")
    assert "&amp;" in markup and "&lt;x&gt;" in markup
    assert '<font name="BIZUDPGothic-Regular">鈴木</font>' in markup


def test_capitals_follow_each_script():
    assert capitals("Παπαδοπούλου") == "ΠΑΠΑΔΟΠΟΥΛΟΥ"
    assert capitals("Ţărănescu Ștefan") == "ŢĂRĂNESCU ȘTEFAN"
    assert capitals("Żółć") == "ŻÓŁĆ"
    assert capitals("Димитрова") == "ДИМИТРОВА"
    assert capitals("Ελένη Καΐρη") == "ΕΛΕΝΗ ΚΑΪΡΗ"  # the diaeresis stays
