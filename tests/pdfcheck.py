"""Reusable checks on generated PDFs (embedded fonts, extracted text).

Why: print shops reject PDFs with unembedded fonts, and "the name is on the
badge" is best verified by extracting the text back out of the real PDF.
"""
from __future__ import annotations

import pathlib

import pypdf
import pypdfium2


def _font_is_embedded(font) -> bool:
    """True if a font dict (or, for Type0, its descendant) embeds its program."""
    font = font.get_object()
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are drawn by content streams in the PDF itself
    desc = font.get("/FontDescriptor")
    if desc is None:
        return False
    desc = desc.get_object()
    return any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _resource_fonts(resources, seen: set[int]):
    """Yield (name, font) for fonts in ``resources`` and nested Form XObjects."""
    if resources is None:
        return
    resources = resources.get_object()
    for name, font in (resources.get("/Font") or {}).items():
        yield name, font
    for xobj in (resources.get("/XObject") or {}).values():
        ref = getattr(xobj, "idnum", None)
        xobj = xobj.get_object()
        if xobj.get("/Subtype") == "/Form" and ref not in seen:
            seen.add(ref)
            yield from _resource_fonts(xobj.get("/Resources"), seen)


def unembedded_fonts(pdf_path) -> list[str]:
    """BaseFont names of fonts used in page resources that are not embedded.

    Walks every page's /Resources /Font (and Form XObjects); for Type0 fonts
    checks DescendantFonts[0] /FontDescriptor for /FontFile2 (or FontFile/3).
    An empty list means the PDF is safe to send to print.
    """
    bad: list[str] = []
    reader = pypdf.PdfReader(str(pdf_path))
    for page in reader.pages:
        for name, font in _resource_fonts(page.get("/Resources"), set()):
            if not _font_is_embedded(font):
                base = str(font.get_object().get("/BaseFont", name))
                if base not in bad:
                    bad.append(base)
    return bad


def font_names(pdf_path) -> set[str]:
    """BaseFont names of all fonts referenced by page resources."""
    reader = pypdf.PdfReader(str(pdf_path))
    return {str(f.get_object().get("/BaseFont")) for page in reader.pages
            for _, f in _resource_fonts(page.get("/Resources"), set())}


def page_text(pdf_path, page_index: int = 0) -> str:
    """Text of one page as extracted by pdfium (what a reader would copy)."""
    doc = pypdfium2.PdfDocument(str(pathlib.Path(pdf_path)))
    try:
        page = doc[page_index]
        textpage = page.get_textpage()
        try:
            return textpage.get_text_range()
        finally:
            textpage.close()
            page.close()
    finally:
        doc.close()


MM = 72 / 25.4


class PlacedChar:
    """One character as pdfium sees it on the page: text, font, size, box (pt)."""

    def __init__(self, char: str, font: str, size: float, box: tuple[float, float, float, float]):
        self.char, self.font, self.size, self.box = char, font, size, box

    def __repr__(self) -> str:
        return f"PlacedChar({self.char!r}, {self.font}, {self.size:.2f}pt, {self.box})"


def placed_chars(pdf_path, page_index: int = 0) -> list[PlacedChar]:
    """Every non-space character of a page with its font name, size and box
    (left, bottom, right, top) in PDF points."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    doc = pypdfium2.PdfDocument(str(pdf_path))
    try:
        textpage = doc[page_index].get_textpage()
        result = []
        buffer = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        for i in range(textpage.count_chars()):
            char = textpage.get_text_range(i, 1)
            if not char.strip():
                continue
            pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, buffer, 256, ctypes.byref(flags))
            font = buffer.value.decode("utf-8", "replace")
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
            result.append(PlacedChar(char, font, size, textpage.get_charbox(i)))
        return result
    finally:
        doc.close()


def page_boxes(pdf_path) -> list[dict[str, tuple[float, ...]]]:
    """Media/Trim/Bleed boxes of every page, in points, as pypdf reads them."""
    reader = pypdf.PdfReader(str(pdf_path))
    return [
        {name: tuple(float(v) for v in getattr(page, name)) for name in ("mediabox", "trimbox", "bleedbox")}
        for page in reader.pages
    ]


def badge_images(pdf_path, dpi: int = 300):
    """Each filled badge slot of a printkit badges file as a greyscale image
    rendered at `dpi`, page by page and slot by slot (the slots are the ones the
    file's Keywords record; empty slots of a last sheet, with at most a cut
    mark reaching in, are skipped)."""
    import json

    slots = json.loads(pypdf.PdfReader(str(pdf_path)).metadata["/Keywords"].removeprefix("printkit "))["slots"]
    scale = dpi / 72
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        for number in range(len(document)):
            page = document[number]
            height = page.get_height()
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            for x, y, w, h in slots:
                badge = image.crop((round(x * scale), round((height - y - h) * scale),
                                    round((x + w) * scale), round((height - y) * scale)))
                if sum(badge.histogram()[:128]) > 0.01 * badge.width * badge.height:
                    yield badge
    finally:
        document.close()


def text_fill_colours(pdf_path) -> list[tuple[str, tuple[float, ...]]]:
    """The fill colour in force at every text-showing operator (Tj, TJ, ', ")
    of every page, read from the content streams: (operator, components),
    the operator being the one that set the colour (k, g, rg, or sc/scn
    after cs). Form XObjects are followed; q/Q save and restore the colour."""
    from pypdf.generic import ContentStream

    reader = pypdf.PdfReader(str(pdf_path))
    found: list[tuple[str, tuple[float, ...]]] = []

    def walk(content, resources, colour):
        stack = []
        for operands, operator in ContentStream(content, reader).operations:
            op = operator.decode("latin-1")
            if op == "q":
                stack.append(colour)
            elif op == "Q":
                colour = stack.pop()
            elif op in ("k", "g", "rg", "sc", "scn"):
                colour = (op, tuple(float(v) for v in operands if not isinstance(v, pypdf.generic.NameObject)))
            elif op in ("Tj", "TJ", "'", '"'):
                found.append(colour)
            elif op == "Do":
                xobject = resources["/XObject"][operands[0]].get_object()
                if xobject.get("/Subtype") == "/Form":
                    walk(xobject, xobject.get("/Resources", resources), colour)

    for page in reader.pages:
        walk(page.get_contents(), page.get("/Resources") or {}, ("g", (0.0,)))
    return found


def darkness(colour: tuple[str, tuple[float, ...]]) -> float | None:
    """How dark a neutral (ink-free or grey) colour is, 0..1; None for a hue."""
    operator, values = colour
    if operator == "k" or len(values) == 4:
        c, m, y, k = values
        return k if c == m == y == 0 else None
    if len(values) == 1:
        return 1 - values[0]
    r, g, b = values
    return 1 - r if r == g == b else None


def char_origins(pdf_path, page_index: int = 0) -> list[tuple[str, float, float, float]]:
    """Every non-space character of a page as (char, x, y, font size): x, y
    the pen position (origin) pdfium reports, in points."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    doc = pypdfium2.PdfDocument(str(pdf_path))
    try:
        textpage = doc[page_index].get_textpage()
        x, y = ctypes.c_double(), ctypes.c_double()
        result = []
        for i in range(textpage.count_chars()):
            char = textpage.get_text_range(i, 1)
            if char.strip() and pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y)):
                result.append((char, x.value, y.value, pdfium_c.FPDFText_GetFontSize(textpage.raw, i)))
        return result
    finally:
        doc.close()
