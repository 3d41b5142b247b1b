"""PNG previews of PDFs: every page, a contact sheet per file, and booklet spreads.

For the desk that prints at the last minute and for the README: look at the
pages without opening a PDF viewer. A booklet (booklet.pdf, or any PDF whose
pages are A5 with a TrimBox) is also shown the way a reader sees it: cover
alone, then 2-3, 4-5, ..., back cover alone, each page cut to its TrimBox.
Uses pypdfium2 (the `check` extra) for rendering and Pillow for composing.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from .layout.geometry import MM
from .pdffiles import pdf_paths, require_extra

DEFAULT_DPI = 100
A5_MM = (148.0, 210.0)
SHEET_BACKGROUND = (224, 224, 224)
FOLD_LINE = (200, 200, 200)
THUMB_HEIGHT = 260
SHEET_COLUMNS = 6
GAP = 16


def preview_paths(paths: list[Path], outdir: Path | None = None, dpi: int = DEFAULT_DPI) -> list[Path]:
    """Write previews of every PDF at `paths` (files or directories); return the PNGs written.

    `outdir` defaults to `preview/` next to the first PDF.
    """
    require_extra()
    pdfs = pdf_paths([Path(p) for p in paths])
    outdir = outdir or pdfs[0].parent / "preview"
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for pdf in pdfs:
        written += preview_pdf(pdf, outdir, dpi)
    return written


def preview_pdf(pdf: Path, outdir: Path, dpi: int) -> list[Path]:
    """Pages as `<stem>-p01.png`..., `<stem>-contact.png`, and `<stem>-spread01.png`... for booklets."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        pages = [_render(page, dpi) for page in document]
        written = [_save(image, outdir / f"{pdf.stem}-p{number:02d}.png")
                   for number, image in enumerate(pages, start=1)]
        written.append(_save(contact_sheet(pages), outdir / f"{pdf.stem}-contact.png"))
        if is_booklet(pdf, document):
            trimmed = [_crop_to_trim(image, page, dpi) for image, page in zip(pages, document)]
            written += [_save(spread, outdir / f"{pdf.stem}-spread{number:02d}.png")
                        for number, spread in enumerate(reader_spreads(trimmed), start=1)]
    finally:
        document.close()
    return written


def _render(page, dpi: int) -> Image.Image:
    return page.render(scale=dpi / 72, draw_annots=False).to_pil().convert("RGB")


def _save(image: Image.Image, path: Path) -> Path:
    image.save(path, optimize=True)
    return path


def is_booklet(pdf: Path, document) -> bool:
    """booklet.pdf, or a multi-page PDF whose pages all have an A5 TrimBox."""
    if pdf.stem == "booklet":
        return True
    return len(document) > 1 and all(_has_trim(page) and _is_a5(page.get_trimbox()) for page in document)


def _has_trim(page) -> bool:
    """Whether the page sets a TrimBox (pypdfium2's get_trimbox falls back to the CropBox)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    edges = [ctypes.c_float() for _ in range(4)]
    return bool(pdfium_c.FPDFPage_GetTrimBox(page.raw, *(ctypes.byref(edge) for edge in edges)))


def _is_a5(box) -> bool:
    width, height = (box[2] - box[0]) / MM, (box[3] - box[1]) / MM
    return abs(width - A5_MM[0]) < 0.5 and abs(height - A5_MM[1]) < 0.5


def _crop_to_trim(image: Image.Image, page, dpi: int) -> Image.Image:
    """Cut the rendered page (its CropBox area) to the TrimBox: what the reader holds."""
    scale = dpi / 72
    crop_left, crop_bottom, _, crop_top = page.get_cropbox()
    left, bottom, right, top = page.get_trimbox()
    return image.crop((round((left - crop_left) * scale), round((crop_top - top) * scale),
                       round((right - crop_left) * scale), round((crop_top - bottom) * scale)))


def reader_spreads(pages: list[Image.Image]) -> list[Image.Image]:
    """Cover alone, then facing pages 2-3, 4-5, ..., and the last page alone if left over."""
    spreads = [pages[:1]] + [pages[i:i + 2] for i in range(1, len(pages), 2)]
    return [_side_by_side(group) for group in spreads if group]


def _side_by_side(images: list[Image.Image]) -> Image.Image:
    """Facing pages joined at the spine, with a faint fold line so the two pages read as two."""
    width = sum(image.width for image in images)
    height = max(image.height for image in images)
    spread = Image.new("RGB", (width, height), "white")
    x = 0
    for image in images:
        spread.paste(image, (x, 0))
        x += image.width
    if len(images) == 2:
        ImageDraw.Draw(spread).line((images[0].width, 0, images[0].width, height), fill=FOLD_LINE)
    return spread


def contact_sheet(pages: list[Image.Image]) -> Image.Image:
    """All pages as thumbnails on a grey board, in rows of up to six, each with a thin outline."""
    thumbs = [_thumbnail(page) for page in pages]
    columns = min(SHEET_COLUMNS, len(thumbs))
    rows = -(-len(thumbs) // columns)
    cell_w = max(t.width for t in thumbs) + GAP
    cell_h = THUMB_HEIGHT + GAP
    sheet = Image.new("RGB", (columns * cell_w + GAP, rows * cell_h + GAP), SHEET_BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    for index, thumb in enumerate(thumbs):
        x = GAP + (index % columns) * cell_w
        y = GAP + (index // columns) * cell_h
        sheet.paste(thumb, (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb.width, y + thumb.height), outline=(150, 150, 150))
    return sheet


def _thumbnail(page: Image.Image) -> Image.Image:
    width = max(1, round(page.width * THUMB_HEIGHT / page.height))
    return page.resize((width, THUMB_HEIGHT), Image.Resampling.LANCZOS)
