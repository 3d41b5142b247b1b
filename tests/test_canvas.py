"""The sheet canvas: pages compressed as they finish, the PDF written through to the file.

What a print shop's tools rely on is checked on the bytes: every offset in
the cross-reference table points at its object, every page stream is
Flate-compressed, and each page shows the text drawn on it.
"""
from __future__ import annotations

import io
import re

import pypdf
import pytest
from reportlab.lib.colors import CMYKColor

from pdfcheck import page_text, unembedded_fonts
from printkit.render.canvas import new_canvas
from printkit.render.text import draw_line, draw_lines

PAGES = 40
INK = CMYKColor(0, 0, 0, 1)


def draw_pages(target) -> None:
    canvas = new_canvas(target, (300, 200))
    for number in range(1, PAGES + 1):
        draw_line(canvas, 20, 150, f"Page {number} Ștefan Παπαδόπουλος 鈴木", 12, color=INK)
        draw_lines(canvas, [(150, 100, f"centred {number}", 10, "bold", "center", INK),
                            (280, 50, "right", 10, "regular", "right", None)])
        canvas.showPage()
    canvas.save()


def xref_offsets(data: bytes) -> dict[int, int]:
    """Object number -> byte offset, from the file's (single) xref table."""
    start = int(re.search(rb"startxref\s+(\d+)", data).group(1))
    table = data[start:]
    first, count = map(int, re.match(rb"xref\s+(\d+)\s+(\d+)", table).groups())
    entries = re.findall(rb"(\d{10}) (\d{5}) ([nf])", table)[:count]
    return {first + i: int(offset) for i, (offset, _, kind) in enumerate(entries) if kind == b"n"}


@pytest.mark.parametrize("to_file_object", [False, True])
def test_pages_are_compressed_and_the_xref_points_at_every_object(tmp_path, to_file_object):
    path = tmp_path / "pages.pdf"
    if to_file_object:
        buffer = io.BytesIO()
        draw_pages(buffer)
        path.write_bytes(buffer.getvalue())
    else:
        draw_pages(path)
    data = path.read_bytes()
    offsets = xref_offsets(data)
    assert len(offsets) > PAGES
    for number, offset in offsets.items():
        assert re.match(rb"%d 0 obj" % number, data[offset:]), number
    reader = pypdf.PdfReader(path, strict=True)
    assert len(reader.pages) == PAGES
    for page in reader.pages:
        assert page["/Contents"].get_object()["/Filter"] == ["/FlateDecode"]
    assert unembedded_fonts(path) == []


def test_each_page_shows_its_own_text(tmp_path):
    path = tmp_path / "pages.pdf"
    draw_pages(path)
    for index in (0, 17, PAGES - 1):
        text = page_text(path, index)
        assert f"Page {index + 1} Ștefan Παπαδόπουλος 鈴木" in text
        assert f"centred {index + 1}" in text and "right" in text
