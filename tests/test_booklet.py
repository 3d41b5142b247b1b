"""The programme booklet, checked the way its readers and its print shop would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont

from pdfcheck import MM, page_boxes, page_text, placed_chars, unembedded_fonts
from printkit.layout.imposition import saddle_stitch
from printkit.load import load_programme
from printkit.text.lines import CANNOT_END, CANNOT_START

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
A5_W, A5_H = 148 * MM, 210 * MM
BLEED = 3 * MM
TOLERANCE = 0.01 * MM


def run_printkit(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "printkit", *args], cwd=cwd, capture_output=True, text=True)


def build_booklet(programme: Path, outdir: Path, *options: str) -> Path:
    result = run_printkit("booklet", str(programme), "-o", str(outdir), *options)
    assert result.returncode == 0, result.stderr
    return outdir


@pytest.fixture(scope="module")
def bundled(built) -> Path:
    """The bundled programme's booklet, from the build the suite shares."""
    return built


@pytest.fixture(scope="module")
def international(tmp_path_factory) -> Path:
    return build_booklet(DATA / "international.yaml", tmp_path_factory.mktemp("international"))


def all_text(pdf: Path) -> str:
    count = len(pypdf.PdfReader(pdf).pages)
    return "\n".join(page_text(pdf, i) for i in range(count))


def flat(text: str) -> str:
    """Text with line breaks undone, as a reader would read it."""
    return " ".join(text.replace("\r", " ").replace("\n", " ").split())


def test_every_session_title_and_person_is_in_the_booklet(bundled):
    programme = load_programme(REPO / "programme.yaml")
    text = flat(all_text(bundled / "booklet.pdf"))
    for session in programme.sessions:
        assert session.title in text
        if session.subtitle:
            assert session.subtitle in text
    for person in programme.people:
        assert person.display_name in text, person.display_name
        for line in person.affiliation_lines:
            assert line in text
    for paragraph in programme.concept:
        assert paragraph in text


def test_the_speakers_index_lists_everyone_family_name_in_capitals_in_alphabetical_order(bundled):
    text = flat(all_text(bundled / "booklet.pdf"))
    index = text[text.rindex("Speakers"):]
    entries = ["BALDAUFF, Nanae", "BRINGER, Olivier", "CSERNATON, Raluca", "FUJITA, Motonobu", "KOJIMA, Nobuyuki",
               "MASLOW, Sebastian", "OGI, Hirohito", "OHNO, Keitaro", "PAQUET, Jean-Eric", "PEJSOVA, Eva",
               "SUZUKI, Kazuto", "TAKAHASHI, Sugio", "UMEDA, Kota"]
    assert [index.count(entry) for entry in entries] == [1] * len(entries)
    places = [index.index(entry) for entry in entries]
    assert places == sorted(places), [entry for entry, _ in sorted(zip(entries, places), key=lambda e: e[1])]


def test_pages_are_a5_with_trim_and_3mm_bleed(bundled):
    boxes = page_boxes(bundled / "booklet.pdf")
    assert len(boxes) % 4 == 0
    for page in boxes:
        x0, y0, x1, y1 = page["trimbox"]
        assert abs((x1 - x0) - A5_W) < TOLERANCE and abs((y1 - y0) - A5_H) < TOLERANCE
        bx0, by0, bx1, by1 = page["bleedbox"]
        for trim_edge, bleed_edge in ((x0, bx0), (y0, by0)):
            assert abs(trim_edge - bleed_edge - BLEED) < TOLERANCE
        for trim_edge, bleed_edge in ((x1, bx1), (y1, by1)):
            assert abs(bleed_edge - trim_edge - BLEED) < TOLERANCE
        assert page["mediabox"] == page["bleedbox"]


def test_crop_marks_grow_the_page_without_scaling_the_content(bundled, tmp_path):
    marked = build_booklet(REPO / "programme.yaml", tmp_path, "--marks")
    plain_boxes, marked_boxes = page_boxes(bundled / "booklet.pdf"), page_boxes(marked / "booklet.pdf")
    for plain, with_marks in zip(plain_boxes, marked_boxes):
        assert with_marks["mediabox"][2] > plain["mediabox"][2] + 10 * MM
        width = with_marks["trimbox"][2] - with_marks["trimbox"][0]
        assert abs(width - A5_W) < TOLERANCE
    # the same character sits at the same place relative to the trim: nothing scaled
    shift = marked_boxes[1]["trimbox"][0] - plain_boxes[1]["trimbox"][0]
    plain_chars, marked_chars = placed_chars(bundled / "booklet.pdf", 1), placed_chars(marked / "booklet.pdf", 1)
    assert len(plain_chars) == len(marked_chars)
    for a, b in zip(plain_chars[:200], marked_chars[:200]):
        assert a.char == b.char and abs(a.size - b.size) < 0.01
        assert abs((b.box[0] - a.box[0]) - shift) < 0.05


def test_text_is_at_least_8pt_and_5mm_inside_the_trim(bundled):
    pdf = bundled / "booklet.pdf"
    for index, boxes in enumerate(page_boxes(pdf)):
        x0, y0, x1, y1 = boxes["trimbox"]
        for char in placed_chars(pdf, index):
            assert char.size >= 8 - 0.01, (index + 1, char)
            left, bottom, right, top = char.box
            assert left >= x0 + 5 * MM and right <= x1 - 5 * MM, (index + 1, char)
            assert bottom >= y0 + 5 * MM and top <= y1 - 5 * MM, (index + 1, char)


def test_every_font_is_embedded(bundled):
    assert unembedded_fonts(bundled / "booklet.pdf") == []
    assert unembedded_fonts(bundled / "booklet-imposed.pdf") == []


def test_imposed_sheets_carry_the_right_pages_on_each_half(bundled):
    reading, imposed = bundled / "booklet.pdf", bundled / "booklet-imposed.pdf"
    page_count = len(pypdf.PdfReader(reading).pages)
    sheets = pypdf.PdfReader(imposed).pages
    assert len(sheets) == page_count // 2
    for sheet in sheets:
        width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
        assert abs(width - 297 * MM) < TOLERANCE and abs(height - 210 * MM) < TOLERANCE
    import pypdfium2

    doc = pypdfium2.PdfDocument(imposed)
    sides = [side for sheet in saddle_stitch(page_count) for side in (sheet.front, sheet.back)]
    for index, side in enumerate(sides):
        textpage = doc[index].get_textpage()
        half = 297 * MM / 2
        left = textpage.get_text_bounded(0, 0, half, 210 * MM)
        right = textpage.get_text_bounded(half, 0, 297 * MM, 210 * MM)
        assert flat(left) == flat(page_text(reading, side.left - 1)), (index, side)
        assert flat(right) == flat(page_text(reading, side.right - 1)), (index, side)


def test_footers_number_the_pages(bundled):
    pdf = bundled / "booklet.pdf"
    count = len(pypdf.PdfReader(pdf).pages)
    for number in range(2, count):  # covers carry no number
        footer = [c.char for c in placed_chars(pdf, number - 1) if c.box[1] < 20 * MM + BLEED]
        assert str(number) in "".join(footer), number


def test_outline_links_and_metadata(bundled):
    reader = pypdf.PdfReader(bundled / "booklet.pdf")
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    assert {"Concept", "Objectives", "Programme", "Speakers"} <= set(titles)
    assert any(t.startswith("Panel I:") for t in titles) and any(t.startswith("Panel II:") for t in titles)
    timetable_page = next(i for i in range(len(reader.pages)) if "Programme at a glance" in page_text(bundled / "booklet.pdf", i))
    links = [a.get_object() for a in reader.pages[timetable_page].get("/Annots", [])]
    targets = {reader.get_page_number(link["/Dest"][0].get_object()) for link in links if "/Dest" in link}
    target_text = flat(" ".join(page_text(bundled / "booklet.pdf", i) for i in targets))
    for session in load_programme(REPO / "programme.yaml").sessions:
        if session.has_content:
            assert f"{session.time_range} {session.title}" in target_text, session.id
    meta = reader.metadata
    assert meta.title.startswith("Securing the Digital Horizon")
    assert "Institute of Geoeconomics" in meta.author
    assert "Programme booklet" in meta.subject


def font_file(pdf_font_name: str) -> Path:
    """Our bundled font behind a subset name such as 'AAAAAA+NotoSans-Bold'."""
    return REPO / "assets" / "fonts" / (pdf_font_name.split("+")[-1] + ".ttf")


def test_names_in_every_script_are_drawn_from_fonts_that_have_their_glyphs(international):
    pdf = international / "booklet.pdf"
    text = flat(all_text(pdf))
    for name in ("山田 花子", "Αθηνά Παπαδοπούλου", "Цветелина Димитрова", "Ștefan Țărănescu", "Łukasz Żółć",
                 "ΠΑΠΑΔΟΠΟΥΛΟΥ, Αθηνά", "ȚĂRĂNESCU, Ștefan"):
        assert name in text, name
    cmaps: dict[str, set[int]] = {}
    for index in range(len(pypdf.PdfReader(pdf).pages)):
        for char in placed_chars(pdf, index):
            path = font_file(char.font)
            if path.name not in cmaps:
                cmaps[path.name] = set(TTFont(path).getBestCmap())
            assert ord(char.char) in cmaps[path.name], (index + 1, char)
    assert {"NotoSans-Regular.ttf", "BIZUDPGothic-Regular.ttf"} <= set(cmaps)


def test_japanese_paragraphs_break_by_japanese_rules(international):
    pdf = international / "booklet.pdf"
    lines = []
    for index in range(len(pypdf.PdfReader(pdf).pages)):
        lines += [line.strip() for line in page_text(pdf, index).splitlines() if line.strip()]
    japanese = [line for line in lines if any("\u3040" <= c <= "\u9fff" for c in line)]
    assert len(japanese) > 8
    for line in japanese:
        assert line[0] not in CANNOT_START, line
        assert line[-1] not in CANNOT_END, line
