"""`printkit check`: passes on what `printkit build` makes, fails on PDFs made wrong on purpose.

Every bad PDF here is drawn with reportlab the way a careless generator would
(plain Helvetica, no TrimBox, an RGB photo, a tiny QR code, a name off its
badge, a font without the glyph), and the test asserts the line a user reads.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import qrcode
from click.testing import CliRunner
from PIL import Image
from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from printkit.assets import asset_path
from printkit.check import ERROR, WARNING, check_paths
from printkit.cli import main
from printkit.render.canvas import new_canvas
from printkit.render.text import draw_line

BLACK = CMYKColor(0, 0, 0, 1)
CARD = (100 * mm, 70 * mm)


def errors(findings, check: str | None = None) -> list[str]:
    return [str(f) for f in findings if f.severity == ERROR and (check is None or f.check == check)]


def draw_qr(canvas, data: str, x: float, y: float, module: float, border: int = 4) -> int:
    """Draw `data` as vector squares of `module` points from (x, y) (bottom left of the
    quiet zone); return the number of modules a side (without the quiet zone)."""
    code = qrcode.QRCode(border=border, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    canvas.setFillColor(BLACK)
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                canvas.rect(x + col * module, y + (len(matrix) - 1 - row) * module, module, module,
                            stroke=0, fill=1)
    return len(matrix) - 2 * border


def card_pdf(path: Path, *, module_mm: float = 0.5, name: str = "Ștefan Pejsová 鈴木",
             keywords: str | None = None, name_x: float = 8 * mm) -> Path:
    """A 100 × 70 mm card with a name and a QR code, CMYK only."""
    canvas = new_canvas(path, CARD)
    canvas.setCreator("printkit test")
    if keywords is not None:
        canvas.setKeywords(keywords)
    draw_line(canvas, name_x, 50 * mm, name, 14, style="bold", color=BLACK)
    draw_qr(canvas, "https://example.org/p/stefan", 60 * mm, 8 * mm, module_mm * mm)
    canvas.showPage()
    canvas.save()
    return path


def booklet_page_pdf(path: Path, *, trim: bool = True, bleed_mm: float = 3.0) -> Path:
    """An A5 page with 3 mm bleed as printkit's booklet writes it (Creator printkit)."""
    b = 3 * mm
    canvas = new_canvas(path, (148 * mm + 2 * b, 210 * mm + 2 * b))
    canvas.setCreator("printkit 0.1.0")
    if trim:
        canvas.setTrimBox((b, b, b + 148 * mm, b + 210 * mm))
        e = bleed_mm * mm
        canvas.setBleedBox((b - e, b - e, b + 148 * mm + e, b + 210 * mm + e))
    draw_line(canvas, b + 15 * mm, b + 180 * mm, "Programme", 18, color=BLACK)
    canvas.showPage()
    canvas.save()
    return path


def test_good_card_passes_and_reports_the_qr_module(tmp_path):
    findings = check_paths([card_pdf(tmp_path / "card.pdf")])
    assert errors(findings) == []
    qr_info = [f.message for f in findings if f.check == "qr"]
    assert len(qr_info) == 1 and "1 QR code decode" in qr_info[0]
    assert "module 0.50-0.50 mm" in qr_info[0]
    colour = [f.message for f in findings if f.check == "colour"]
    assert colour == ["colour spaces: CMYK (pages 1)"]


def test_unembedded_helvetica_is_named(tmp_path):
    path = tmp_path / "plain.pdf"
    canvas = Canvas(str(path), pagesize=CARD)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(20, 100, "Hello")
    canvas.save()
    found = errors(check_paths([path]), "fonts")
    assert found == [f"{path}: page 1: fonts: error: font Helvetica is not embedded (pages 1); "
                     "the printer would substitute it"]


def test_booklet_without_trimbox_fails(tmp_path):
    findings = check_paths([booklet_page_pdf(tmp_path / "booklet.pdf", trim=False)])
    assert errors(findings) == [f"{tmp_path / 'booklet.pdf'}: page 1: boxes: error: "
                                "no TrimBox (a printkit booklet page must have one)"]


def test_booklet_with_3mm_bleed_passes_and_2mm_fails(tmp_path):
    good = check_paths([booklet_page_pdf(tmp_path / "booklet.pdf")])
    assert errors(good) == []
    assert [f.message for f in good if f.check == "page size"] == ["148 × 210 mm (1 page)"]
    bad = errors(check_paths([booklet_page_pdf(tmp_path / "short.pdf", bleed_mm=2.0)]), "boxes")
    assert len(bad) == 1 and "bleed must be 3 mm on each side, is left 2.00, bottom 2.00" in bad[0]


def rgb_image_pdf(path: Path) -> Path:
    image_path = path.with_suffix(".png")
    Image.new("RGB", (40, 30), (200, 30, 40)).save(image_path)
    canvas = new_canvas(path, CARD)
    canvas.drawImage(str(image_path), 20, 20, 80, 60)
    canvas.save()
    return path


def test_rgb_image_fails_only_under_cmyk(tmp_path):
    path = rgb_image_pdf(tmp_path / "photo.pdf")
    plain = check_paths([path])
    assert errors(plain) == []
    assert "RGB (pages 1)" in [f.message for f in plain if f.check == "colour"][0]
    assert errors(check_paths([path], cmyk=True)) == [f"{path}: page 1: colour: error: RGB colour on a CMYK job"]


def test_qr_with_small_modules_fails(tmp_path):
    """0.45 mm modules decode at the 300 dpi the check renders at, so the one
    finding is the module size: under the 0.5 mm printkit badges never go below."""
    path = card_pdf(tmp_path / "tiny.pdf", module_mm=0.45)
    assert errors(check_paths([path]), "qr") == [
        f"{path}: page 1: qr: error: QR code 'https://example.org/p/stefan': module 0.45 mm is under 0.5 mm"]


def test_qr_without_quiet_zone_fails(tmp_path):
    path = tmp_path / "crowded.pdf"
    canvas = new_canvas(path, CARD)
    modules = draw_qr(canvas, "https://example.org", 20 * mm, 10 * mm, 0.6 * mm)
    # modules 2-3 of the 4-module quiet zone painted black: 1 light module left
    canvas.rect(20 * mm + 1.2 * mm, 10 * mm, 0.6 * mm, (modules + 8) * 0.6 * mm, stroke=0, fill=1)
    canvas.save()
    found = errors(check_paths([path]), "qr")
    assert len(found) == 1 and "quiet zone 1.0 modules is under 4" in found[0]


def test_text_running_into_a_qr_code_fails_even_if_the_code_decodes(tmp_path):
    path = tmp_path / "crowded.pdf"
    canvas = new_canvas(path, CARD)
    draw_qr(canvas, "https://example.org/p/stefan", 60 * mm, 8 * mm, 0.5 * mm)  # quiet zone from x = 60 mm
    draw_line(canvas, 61 * mm, 15 * mm, "Papadopoulou", 9, align="right", color=BLACK)  # ends 1 mm into it
    canvas.save()
    found = errors(check_paths([path]), "qr")
    assert f"{path}: page 1: qr: error: text 'Papadopoulou' comes into the QR code " \
           "'https://example.org/p/stefan' or its quiet zone" in found
    clear = tmp_path / "clear.pdf"
    canvas = new_canvas(clear, CARD)
    draw_qr(canvas, "https://example.org/p/stefan", 60 * mm, 8 * mm, 0.5 * mm)
    draw_line(canvas, 59 * mm, 15 * mm, "Papadopoulou", 9, align="right", color=BLACK)
    canvas.save()
    assert errors(check_paths([clear]), "qr") == []


def test_damaged_qr_that_does_not_decode(tmp_path):
    path = tmp_path / "damaged.pdf"
    canvas = new_canvas(path, CARD)
    draw_qr(canvas, "https://example.org/p/stefan", 20 * mm, 10 * mm, 0.6 * mm)
    canvas.setFillColor(CMYKColor(0, 0, 0, 0))  # paper-white patch over the data modules
    canvas.rect(20 * mm + 7.2 * mm, 10 * mm + 2.4 * mm, 7.2 * mm, 15 * mm, stroke=0, fill=1)
    canvas.save()
    found = errors(check_paths([path]), "qr")
    assert len(found) == 1 and "does not decode" in found[0]


def badge_keywords(*slots_mm) -> str:
    slots = [[x * mm, y * mm, w * mm, h * mm] for x, y, w, h in slots_mm]
    return "printkit " + json.dumps({"product": "badges", "slots": slots}, separators=(",", ":"))


def test_name_running_out_of_its_badge_slot(tmp_path):
    keywords = badge_keywords((0, 0, 100, 70))
    inside = check_paths([card_pdf(tmp_path / "ok.pdf", keywords=keywords)])
    assert errors(inside) == []
    path = card_pdf(tmp_path / "long.pdf", keywords=keywords, name="Maria-Magdalena Ștefănescu-Papadopoulou",
                    name_x=40 * mm)
    found = errors(check_paths([path]), "text position")
    assert any("runs outside its badges slot" in line for line in found)
    assert any("runs outside the page trim" in line for line in found)


def test_badge_slot_without_a_readable_code(tmp_path):
    path = tmp_path / "badges.pdf"
    canvas = new_canvas(path, (200 * mm, 70 * mm))
    canvas.setKeywords(badge_keywords((0, 0, 100, 70), (100, 0, 100, 70)))
    draw_line(canvas, 8 * mm, 50 * mm, "Kazuto Suzuki", 14, color=BLACK)
    draw_qr(canvas, "https://example.org/p/kazuto", 60 * mm, 8 * mm, 0.5 * mm)
    draw_line(canvas, 108 * mm, 50 * mm, "Eva Pejsová", 14, color=BLACK)
    canvas.save()
    found = errors(check_paths([path]), "qr")
    assert found == [f"{path}: page 1: qr: error: 1 readable QR code for 2 badges with people on this page"]


def test_character_missing_from_its_font_is_tofu(tmp_path):
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(asset_path("fonts", "DejaVuSans.ttf"))))
    path = tmp_path / "tofu.pdf"
    canvas = new_canvas(path, CARD)
    canvas.setFont("DejaVuSans", 14)
    canvas.drawString(20, 100, "Kazuto 鈴木")  # DejaVu Sans has no kanji
    canvas.save()
    found = errors(check_paths([path]), "glyphs")
    assert len(found) == 1 and "font DejaVuSans has no glyph for characters in Kazuto □□" in found[0]
    # the same name through printkit's font fallback has every glyph
    assert errors(check_paths([card_pdf(tmp_path / "ok.pdf", name="Kazuto 鈴木")]), "glyphs") == []


def test_smallest_text_counts_the_scale(tmp_path):
    path = tmp_path / "small.pdf"
    canvas = new_canvas(path, CARD)
    draw_line(canvas, 20, 150, "Large enough", 9, color=BLACK)
    canvas.saveState()
    canvas.translate(20, 100)
    canvas.scale(0.5, 0.5)
    draw_line(canvas, 0, 0, "fine print", 10, color=BLACK)
    canvas.restoreState()
    canvas.save()
    sizes = [f for f in check_paths([path]) if f.check == "text size"]
    assert [(f.severity, f.message) for f in sizes] == [
        (WARNING, "smallest text is 5.00 pt (under 6 pt is hard to read)")]


def test_cli_exit_codes_and_json(tmp_path):
    runner = CliRunner()
    good = card_pdf(tmp_path / "card.pdf")
    result = runner.invoke(main, ["check", str(good)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("printkit check: 0 errors in 1 file")

    bad = rgb_image_pdf(tmp_path / "photo.pdf")
    result = runner.invoke(main, ["check", "--cmyk", "--json", str(bad)])
    assert result.exit_code == 1
    records = json.loads(result.output)
    assert {"file": str(bad), "page": 1, "check": "colour", "severity": "error",
            "message": "RGB colour on a CMYK job"} in records

    text_file = tmp_path / "notes.pdf"
    text_file.write_text("not a pdf")
    result = runner.invoke(main, ["check", str(text_file), str(tmp_path / "missing.pdf")])
    assert result.exit_code == 2
    assert f"{text_file}: not a PDF file" in result.output
    assert f"{tmp_path / 'missing.pdf'}: no such file or directory" in result.output


def test_everything_build_makes_passes(built):
    result = CliRunner().invoke(main, ["check", str(built)])
    assert result.exit_code == 0, result.output
    assert "error" not in result.output.replace("0 errors", "")


@pytest.mark.parametrize("args", [["check"], ["preview"]])
def test_default_directory_is_out(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "out: no such file or directory" in result.output


def test_a_page_read_in_a_worker_process_arrives_as_it_was_read(built):
    """Pages are read by worker processes and sent back in columns (check/pages.py):
    every character, its size, box and index must arrive unchanged, whatever the script."""
    import pickle

    import pypdfium2

    from printkit.check.pages import PageFacts, read_page
    from printkit.check.text import Char

    pdf = pypdfium2.PdfDocument(str(built / "badges.pdf"))
    try:
        facts = read_page(pdf, 1, [], False)
    finally:
        pdf.close()
    assert len(facts.chars) > 100 and facts.codes
    unusual = PageFacts([Char("𠮷", 9.5, (1.0, 2.0, 3.5, 4.25), 0), Char("\ud800", 6.0, (0.0, -1.0, 2.0, 3.0), 2)], [])
    for sent in (facts, unusual):
        assert pickle.loads(pickle.dumps(sent)) == sent


@pytest.mark.parametrize("stream, expected", [
    (b"q 2 0 0 -2 10 10 cm 0 0 7 1 re 11 0 1 1 re f Q 0 0 0 1 k BT /F1 12 Tf (Ab) Tj ET",
     [(b"k", []), (b"Tf", ["/F1"]), (b"Tj", [b"Ab"])]),
    (b"1 2 3 4 re/F2 9 Tf 1.5 2 3 4 re [(x) 20 (y)] TJ 1 2 3 4 re\n0 1 0 rg",
     [(b"Tf", ["/F2"]), (b"TJ", [[b"x", b"y"]]), (b"rg", [])]),
    (b"(x) 1 2 3 4 reTj", []),  # "reTj" is one (unknown) word, not a rectangle and a Tj
])
def test_content_reader_skips_rectangles_and_keeps_what_follows_them(stream, expected):
    from printkit.check.content import operations

    assert list(operations(stream)) == expected
