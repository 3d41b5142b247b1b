"""`printkit preview`: PNGs of every page, a contact sheet, and booklet spreads cut to trim."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from PIL import Image, ImageStat
from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm

from printkit.cli import main
from printkit.preview import preview_paths
from printkit.render.canvas import new_canvas
from printkit.render.text import draw_line

BLEED = 3 * mm
NAVY = CMYKColor(1, 0.7, 0, 0.5)


def booklet_pdf(path: Path, pages: int = 4) -> Path:
    """A5 pages with 3 mm bleed and a TrimBox, each with a full-bleed band and its number."""
    canvas = new_canvas(path, (148 * mm + 2 * BLEED, 210 * mm + 2 * BLEED))
    for number in range(1, pages + 1):
        canvas.setTrimBox((BLEED, BLEED, BLEED + 148 * mm, BLEED + 210 * mm))
        canvas.setBleedBox((0, 0, 148 * mm + 2 * BLEED, 210 * mm + 2 * BLEED))
        canvas.setFillColor(NAVY)
        canvas.rect(0, 0, 148 * mm + 2 * BLEED, 40 * mm, stroke=0, fill=1)
        draw_line(canvas, BLEED + 20 * mm, BLEED + 180 * mm, f"Page {number} Ștefan 鈴木", 24, color=NAVY)
        canvas.showPage()
    canvas.save()
    return path


def px(length_mm: float, dpi: int) -> float:
    return length_mm / 25.4 * dpi


def assert_size(path: Path, width_mm: float, height_mm: float, dpi: int) -> Image.Image:
    image = Image.open(path)
    assert abs(image.width - px(width_mm, dpi)) <= 1, (path.name, image.size)
    assert abs(image.height - px(height_mm, dpi)) <= 1, (path.name, image.size)
    return image


def assert_not_blank(image: Image.Image) -> None:
    assert max(ImageStat.Stat(image.convert("L")).var) > 100


def test_pages_contact_sheet_and_spreads(tmp_path):
    pdf = booklet_pdf(tmp_path / "booklet.pdf")
    written = preview_paths([pdf], tmp_path / "png", dpi=50)
    names = sorted(p.name for p in written)
    assert names == sorted([f"booklet-p0{n}.png" for n in range(1, 5)] + ["booklet-contact.png"]
                           + [f"booklet-spread0{n}.png" for n in range(1, 4)])
    for n in range(1, 5):  # whole page with bleed
        assert_not_blank(assert_size(tmp_path / "png" / f"booklet-p0{n}.png", 154, 216, 50))
    cover = assert_size(tmp_path / "png" / "booklet-spread01.png", 148, 210, 50)
    pages_2_3 = assert_size(tmp_path / "png" / "booklet-spread02.png", 296, 210, 50)
    assert_size(tmp_path / "png" / "booklet-spread03.png", 148, 210, 50)
    assert_not_blank(cover)
    assert_not_blank(pages_2_3)
    # cut to trim: the navy band (drawn into the bleed) reaches the bottom edge, the page is white above it
    assert pages_2_3.convert("RGB").getpixel((10, pages_2_3.height - 2))[2] < 200
    assert pages_2_3.convert("RGB").getpixel((10, 10)) == (255, 255, 255)
    assert_not_blank(Image.open(tmp_path / "png" / "booklet-contact.png"))


def test_non_booklet_gets_no_spreads_and_cli_default_dir(tmp_path):
    path = tmp_path / "card.pdf"
    canvas = new_canvas(path, (100 * mm, 70 * mm))
    draw_line(canvas, 20, 100, "Eva Pejsová", 20, color=NAVY)
    canvas.save()
    result = CliRunner().invoke(main, ["preview", str(tmp_path), "--dpi", "72"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "preview").iterdir())
    assert written == ["card-contact.png", "card-p01.png"]
    assert_not_blank(assert_size(tmp_path / "preview" / "card-p01.png", 100, 70, 72))


def test_build_with_preview(built):
    pdfs = sorted(built.glob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        assert (built / "preview" / f"{pdf.stem}-p01.png").is_file()
        assert (built / "preview" / f"{pdf.stem}-contact.png").is_file()
    assert (built / "preview" / "booklet-spread02.png").is_file()
