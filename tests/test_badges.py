"""badges.pdf as a user checks it: names on the badges, QR codes that scan,
text inside its badge, real glyphs, backs behind fronts, geometry to 0.01 mm."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import re
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import yaml
import zxingcpp
from click.testing import CliRunner
from fontTools.ttLib import TTFont
import qrcode
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.util import MODE_8BIT_BYTE, QRData, create_data

from printkit import qr, vcard
from printkit.assets import asset_path
from printkit.check import ERROR, check_paths
from printkit.cli import main
from printkit.layout.badge import BadgeLayout
from printkit.layout.geometry import Rect
from printkit.load import load_programme
import datetime as dt

from printkit.model import Contact, Person, Session, fold
from printkit.products import badges as badges_product
from printkit.qrlimits import QUIET_ZONE
from printkit.roster import build_roster
from printkit.text.measure import text_width
from pdfcheck import placed_chars, unembedded_fonts
from test_attendees import DATA, write_programme

MM = 72 / 25.4
TOLERANCE = 0.01 * MM
EXPORTS = ("eventbrite.csv", "pretix.csv", "indico.csv")


def run_badges(tmp_path: Path, *args: str, programme: Path | None = None, exports=EXPORTS) -> Path:
    programme = programme or write_programme(tmp_path)
    attendees = [a for name in exports for a in ("--attendees", str(DATA / name))]
    result = CliRunner().invoke(main, ["badges", str(programme), "-o", str(tmp_path / "out"), *attendees, *args])
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / "badges.pdf"


@pytest.fixture(scope="module")
def duplex_pdf(tmp_path_factory) -> Path:
    return run_badges(tmp_path_factory.mktemp("badges"), "--duplex", "long-edge")


def keywords(pdf: Path) -> dict:
    raw = pypdf.PdfReader(str(pdf)).metadata["/Keywords"]
    assert raw.startswith("printkit ")
    return json.loads(raw.removeprefix("printkit "))


def slot_rects(pdf: Path) -> list[Rect]:
    return [Rect(*values) for values in keywords(pdf)["slots"]]


def page_count(pdf: Path) -> int:
    return len(pypdf.PdfReader(str(pdf)).pages)


def inside(rect: Rect, x: float, y: float) -> bool:
    return rect.x - 0.5 <= x <= rect.right + 0.5 and rect.y - 0.5 <= y <= rect.top + 0.5


def text_by_slot(pdf: Path, page: int) -> dict[Rect, str]:
    """The characters of a page grouped by the slot they are in (spaces dropped)."""
    texts: dict[Rect, str] = {}
    rects = slot_rects(pdf)
    for char in placed_chars(pdf, page):
        left, bottom, right, top = char.box
        slot = next((r for r in rects if inside(r, (left + right) / 2, (bottom + top) / 2)), None)
        texts[slot] = texts.get(slot, "") + char.char
    return texts


def decoded_codes(pdf: Path, page: int, dpi: int) -> list[tuple[str, float, float]]:
    """(text, centre x, centre y in PDF points) of every QR code on a rendered page."""
    document = pypdfium2.PdfDocument(str(pdf))
    scale = dpi / 72
    height = document[page].get_height()
    image = document[page].render(scale=scale).to_pil().convert("L")
    codes = []
    for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        p = code.position
        cx = (p.top_left.x + p.bottom_right.x) / 2 / scale
        cy = height - (p.top_left.y + p.bottom_right.y) / 2 / scale
        codes.append((code.text, cx, cy))
    document.close()
    return codes


def vcard_field(card: str, name: str) -> str | None:
    match = re.search(rf"^{name}[;:](.*)$", card, re.M)
    return match.group(1).strip() if match else None


# -- who is on the badges ----------------------------------------------------------------

def test_every_attendee_of_the_three_export_styles_and_every_speaker_has_a_badge(duplex_pdf):
    text = "".join("".join(text_by_slot(duplex_pdf, page).values()) for page in range(0, page_count(duplex_pdf), 2))
    for given, family in [("Ștefan", "ȚĂRĂNESCU"), ("Agnieszka", "ŻÓŁKIEWSKA"), ("Γεώργιος", "ΠΑΠΑΔΟΠΟΥΛΟΣ"),
                          ("Кирил", "ПЕТРОВ"), ("Hanako", "YAMADA"), ("Jean-Pierre", "DUBOIS"), ("Ioana", "POPESCU"),
                          ("Maria", "KOWALSKA"), ("Eva", "PEJSOVA"), ("Olivier", "MARTIN")]:
        assert text.count(given + family) + text.count(family + given) == 1, (given, family)
    assert "山田花子" in text
    assert text.count("PEJSOVA") == 1  # the speaker who registered is not printed twice


def test_roles_are_printed_as_words_on_the_band(duplex_pdf):
    slots = text_by_slot(duplex_pdf, 0)
    words = " ".join(slots.values())
    assert "MODERATOR" in words or "SPEAKER" in words
    for text in slots.values():
        assert re.search(r"(SPEAKER|MODERATOR|PARTICIPANT|PRESS|STAFF)$", text), text


def test_japanese_speaker_is_printed_family_name_first_with_the_native_name(duplex_pdf):
    hanako = next(t for page in range(0, page_count(duplex_pdf), 2)
                  for t in text_by_slot(duplex_pdf, page).values() if "Hanako" in t)
    assert hanako.index("YAMADA") < hanako.index("Hanako") < hanako.index("山田花子")


# -- QR codes ----------------------------------------------------------------------------

@pytest.mark.parametrize("dpi", [300, 150])
def test_every_qr_code_decodes_to_the_vcard_of_the_person_on_that_badge(duplex_pdf, dpi):
    decoded = 0
    for page in range(0, page_count(duplex_pdf), 2):
        slots = text_by_slot(duplex_pdf, page)
        codes = decoded_codes(duplex_pdf, page, dpi)
        assert len(codes) == len(slots), f"page {page + 1}: {len(codes)} codes for {len(slots)} badges"
        for card, x, y in codes:
            slot = next(r for r in slots if inside(r, x, y))
            family, given = vcard_field(card, "N").split(";")[:2]
            assert fold(given) in fold(slots[slot]) and fold(family) in fold(slots[slot]), (card, slots[slot])
            decoded += 1
    assert decoded == 10  # 10 rows + 2 speakers, 2 of whom also registered


def test_contact_details_are_in_the_code_only_when_shared(duplex_pdf):
    cards = {vcard_field(card, "FN"): card for page in range(0, page_count(duplex_pdf), 2)
             for card, _, _ in decoded_codes(duplex_pdf, page, 300)}
    stefan, agnieszka = cards["Ștefan Țărănescu"], cards["Agnieszka Żółkiewska"]
    assert vcard_field(stefan, "EMAIL") == "TYPE=INTERNET:stefan.taranescu@example.ro"
    assert vcard_field(stefan, "TEL") == "+40 700 000 001"
    assert vcard_field(stefan, "ORG") == "Institutul Român\\, București"
    assert vcard_field(agnieszka, "EMAIL") is None and vcard_field(agnieszka, "TEL") is None
    hanako = cards["山田 花子"]  # her name as she writes it; agreed to share when registering
    assert vcard_field(hanako, "N") == "山田;花子;;;" and vcard_field(hanako, "NICKNAME") == "Yamada Hanako"
    assert vcard_field(hanako, "EMAIL") == "TYPE=INTERNET:hanako@example.jp"
    assert vcard_field(hanako, "TEL") is None  # her phone is only in programme.yaml, which does not say she shares it
    assert vcard_field(cards["Jean-Pierre Dubois"], "EMAIL") is None
    assert vcard_field(cards["Eva Pejsova"], "EMAIL") == "TYPE=INTERNET:eva@example.eu"


def test_vcard_escapes_commas_semicolons_and_backslashes():
    person = Person("x", "Ana", "Popa", organisation="A, B; C\\D", position="Head", share_contact=False,
                    contact=Contact(email="ana@example.org"))
    card = vcard.vcard(person)
    assert "ORG:A\\, B\\; C\\\\D\r\n" in card
    assert "EMAIL" not in card


def test_fast_codewords_equal_the_qrcode_library_for_every_level():
    for version in (1, 2, 7, 10, 15, 27, 40):
        for level in range(4):
            for data in (b"", b"a", "Ștefan Țărănescu 山田 花子".encode() * 3):
                if qr.fits(data.decode(), level, version):
                    expected = create_data(version, level, [QRData(data, mode=MODE_8BIT_BYTE)])
                    assert list(qr.codewords(data, version, level)) == expected, (version, level, len(data))


def test_a_utf8_code_starts_with_an_eci_segment_then_the_same_byte_segment():
    """qrcode cannot write ECI, so the segment header is checked bit by bit:
    0111 (ECI) 00011010 (26, UTF-8) 0100 (byte mode) and the count."""
    data = "Ș".encode()
    words = qr.codewords(data, 1, ERROR_CORRECT_M, eci=True)
    bits = "".join(format(word, "08b") for word in words)
    assert bits[:12 + 4 + 8 + 16] == "0111" + "00011010" + "0100" + "00000010" + "".join(format(b, "08b") for b in data)


@pytest.mark.parametrize("text", ["", "Ștefan", "山田 花子 " * 6, "BEGIN:VCARD\r\n" + "x" * 300, "y" * 1200,
                                  "N:Kılıç;Işıl " * 40])
def test_matrix_equals_the_qrcode_library_with_the_same_mask(text):
    """Our template-based placement must give the very modules qrcode's own
    encoder gives, for small and large versions (7+ carry version blocks).
    Codes with an ECI segment are placed by qrcode from our codewords."""
    rows = qr.matrix(text)
    version = (len(rows) - 17) // 4
    level = next(lv for lv in (ERROR_CORRECT_H, ERROR_CORRECT_Q, ERROR_CORRECT_M) if qr.fits(text, lv, version))
    reference = qrcode.QRCode(version=version, error_correction=level, border=0, mask_pattern=qr.MASK_PATTERN)
    if text.isascii():
        reference.add_data(QRData(text.encode(), mode=MODE_8BIT_BYTE))
    else:
        reference.data_cache = list(qr.codewords(text.encode(), version, level, eci=True))
    reference.makeImpl(False, qr.MASK_PATTERN)
    assert rows == tuple("".join("1" if dark else "0" for dark in row) for row in reference.modules)


def test_dark_rectangles_cover_exactly_the_dark_modules():
    rows = qr.matrix("Γεώργιος Παπαδόπουλος, Πανεπιστήμιο Αθηνών")
    covered = set()
    for x, y, width, height in re.findall(r"(\d+) (\d+) (\d+) (\d+) re", qr.dark_rectangles(rows)):
        cells = {(int(y), int(x) + i) for i in range(int(width))}
        assert int(height) == 1 and not cells & covered
        covered |= cells
    assert covered == {(r, c) for r, row in enumerate(rows) for c, dark in enumerate(row) if dark == "1"}


def test_url_and_none_payloads(tmp_path):
    programme = load_programme(write_programme(tmp_path))
    person = build_roster(programme).people[0]
    event = programme.event.__class__(**{**programme.event.__dict__, "qr": "url", "qr_url": "https://ex.org/p/{id}"})
    budget = qr.Budget(40, 0.6)
    assert qr.fit_payload(person, event, budget).text == f"https://ex.org/p/{person.id}"
    assert qr.fit_payload(person.__class__(**{**person.__dict__, "qr": "none"}), event, budget) is None


STOCKS = sorted(path.stem for path in asset_path("stocks", "badges").iterdir())
LONG_NAMES = Person("p", "Κωνσταντίνος-Αλέξανδρος", "Παπαδοπουλόπουλος-Χατζηγεωργίου",
                    organisation="Εθνικό και Καποδιστριακό Πανεπιστήμιο Αθηνών",
                    position="Αναπληρωτής Καθηγητής Διεθνών Σχέσεων", share_contact=True,
                    contact=Contact(email="konstantinos.papadopoulopoulos@example.gr", phone="+30 210 0000000"))


@pytest.mark.parametrize("stock", STOCKS)
def test_no_text_comes_into_the_qr_code_or_its_quiet_zone(stock, tmp_path):
    programme = load_programme(write_programme(tmp_path))
    sheet = load_stock(stock)
    layout = BadgeLayout(sheet.slot[0] * MM, sheet.slot[1] * MM)
    face = layout.front(Rect(0, 0, layout.w, layout.h), LONG_NAMES, programme.event, qr.encode(qr.Payload(vcard.vcard(LONG_NAMES))))
    quiet = QUIET_ZONE * face.qr.size / face.qr.code.modules
    left, bottom = face.qr.x - quiet, face.qr.y - quiet
    right, top = face.qr.x + face.qr.size + quiet, face.qr.y + face.qr.size + quiet
    assert left >= -0.001 and right <= layout.w + 0.001 and bottom >= -0.001 and top <= layout.h + 0.001
    for item in face.texts:
        width = text_width(item.text, item.size, item.style)
        start = item.x - {"left": 0, "center": width / 2, "right": width}[item.align]
        apart_vertically = item.y - 0.3 * item.size >= top or item.y + item.size <= bottom
        apart_horizontally = start + width <= left or start >= right
        assert apart_vertically or apart_horizontally, (stock, item.text)


@pytest.mark.parametrize("stock", STOCKS)
@pytest.mark.parametrize("count", [1, 2, 5])
def test_sessions_on_the_back_are_readable_and_none_is_lost_silently(stock, count, tmp_path):
    programme = load_programme(write_programme(tmp_path))
    sheet = load_stock(stock)
    layout = BadgeLayout(sheet.slot[0] * MM, sheet.slot[1] * MM)
    sessions = tuple(Session(f"s{i}", "panel", f"Panel {i + 1}", dt.time(9 + i), dt.time(10 + i),
                             subtitle="Space and Critical Infrastructure for Defence and Trusted Connectivity")
                     for i in range(count))
    back = layout.back(Rect(0, 0, layout.w, layout.h), LONG_NAMES, programme.event, sessions)
    texts = [t.text for t in back.texts]
    listing = back.texts[texts.index("Speaking at"):-1]  # the role band's word comes last
    assert min(t.size for t in listing) >= 6.0
    shown = [s for s in sessions if any(s.time_range in t.text for t in listing)]
    assert shown == list(sessions[:len(shown)]) and shown
    if len(shown) < count:
        assert listing[-1].text == f"and {count - len(shown)} more"
    lines = sorted(back.texts, key=lambda t: -t.y)
    for upper, lower in zip(lines, lines[1:]):  # each line's descenders stay above the next line's capitals
        assert upper.y - 0.25 * upper.size >= lower.y + 0.75 * lower.size - 0.01, (upper.text, lower.text)


@pytest.mark.parametrize("stock", STOCKS)
@pytest.mark.parametrize("module", [0.5, 0.65])
def test_qr_modules_are_never_smaller_than_the_setting(stock, module, tmp_path):
    programme = load_programme(write_programme(tmp_path))
    sheet = load_stock(stock)
    layout = BadgeLayout(sheet.slot[0] * MM, sheet.slot[1] * MM)
    person = Person("p", "Maximiliane-Charlotte", "Oberhausen-Rheinfelden", organisation="Deutsches Institut",
                    position="Wissenschaftliche Mitarbeiterin", share_contact=True,
                    contact=Contact(email="maximiliane.oberhausen@example.org", phone="+49 30 0000000"))
    side = layout.code_side(person, module * MM)
    payload = qr.fit_payload(person, programme.event, qr.Budget.for_area(side / MM, module))
    face = layout.front(Rect(0, 0, layout.w, layout.h), person, programme.event, qr.encode(payload), side)
    assert face.qr.module_mm >= module - 1e-9


def load_stock(name: str):
    from printkit.load.registration import load_stock_file

    return load_stock_file(asset_path("stocks", "badges", f"{name}.yaml"))


LANDSCAPE_STOCKS = [name for name in STOCKS if load_stock(name).slot[0] > load_stock(name).slot[1]]


def planned_front(layout: BadgeLayout, person: Person, event, module: float = 0.65):
    """A front as the badges product makes it: the code's square, then the payload that fits it."""
    side = layout.code_side(person, module * MM)
    payload = qr.fit_payload(person, event, qr.Budget.for_area(side / MM, module))
    return side, layout.front(Rect(0, 0, layout.w, layout.h), person, event, qr.encode(payload), side)


@pytest.mark.parametrize("stock", LANDSCAPE_STOCKS)
def test_on_landscape_badges_the_code_takes_the_height_above_the_role_band_beside_the_text(stock, tmp_path):
    event = load_programme(write_programme(tmp_path)).event
    slot = load_stock(stock).slot
    layout = BadgeLayout(slot[0] * MM, slot[1] * MM)
    side, face = planned_front(layout, Person("a", "Ana", "Popa", organisation="IOG"), event)
    quiet = QUIET_ZONE * face.qr.size / face.qr.code.modules
    left, bottom, top = face.qr.x - quiet, face.qr.y - quiet, face.qr.y + face.qr.size + quiet
    assert left + side == pytest.approx(slot[0] * MM - layout.margin, abs=TOLERANCE)  # at the right margin
    above_band = layout.h - layout.margin - face.band.top  # from the top margin down to the role band
    assert face.band.top < bottom and top <= layout.h - layout.margin + TOLERANCE
    assert side >= min(above_band - 1.5 * MM, layout.inner_w / 2) - TOLERANCE  # the text column keeps half at least
    for item in face.texts[:-1]:  # all but the role band's word: left of the code's quiet zone
        width = text_width(item.text, item.size, item.style)
        end = item.x + {"left": width, "center": width / 2, "right": 0}[item.align]
        assert end <= left - MM + TOLERANCE, item.text


def test_a_code_gives_room_back_one_version_at_a_time_when_an_affiliation_would_not_fit(tmp_path):
    event = load_programme(write_programme(tmp_path)).event
    layout = BadgeLayout(80 * MM, 50 * MM)
    person = Person("m", "Motonobu", "Fujita", affiliations=(
        "Professor, Faculty of Policy Management, Graduate School of Media and Governance, Keio University",))
    side, face = planned_front(layout, person, event)
    assert side < layout.qr_side and face.qr.module_mm >= 0.65 - 1e-9
    assert any("Keio" in item.text for item in face.texts)


# -- text stays on the badge; fonts ------------------------------------------------------

def assert_all_text_inside_slots(pdf: Path) -> None:
    rects = slot_rects(pdf)
    for page in range(page_count(pdf)):
        for char in placed_chars(pdf, page):
            left, bottom, right, top = char.box
            assert any(r.x <= left and right <= r.right and r.y <= bottom and top <= r.top for r in rects), (page, char)


def test_text_stays_inside_its_badge_and_every_font_is_embedded(duplex_pdf):
    assert_all_text_inside_slots(duplex_pdf)
    assert unembedded_fonts(duplex_pdf) == []


def test_every_character_is_drawn_with_a_font_that_has_its_glyph(duplex_pdf):
    cmaps: dict[str, set[int]] = {}
    checked = set()
    for page in range(page_count(duplex_pdf)):
        for char in placed_chars(duplex_pdf, page):
            font = char.font.split("+")[-1]
            if font not in cmaps:
                cmaps[font] = set(TTFont(asset_path("fonts", f"{font}.ttf"), lazy=True).getBestCmap())
            assert ord(char.char) in cmaps[font], (char, font)
            checked.add(char.char)
    assert {"Ș", "Ț", "Γ", "П", "山", "花", "Ż"} <= checked


BIG_EXPORT_NAMES = [  # (first name, last name, the name as the badge prints it; {i} is the row's number)
    ("Ștefan", "Țărănescu", "Ștefan ȚĂRĂNESCU {i}"),
    ("Ελένη", "Παπαδοπούλου", "Ελένη ΠΑΠΑΔΟΠΟΥΛΟΥ {i}"),  # Greek capitals drop the accent
    ("Мария", "Иванова", "Мария ИВАНОВА {i}"),
    ("花子", "山田", "山田 {i} 花子"),  # a name written in kanji is printed family name first
    ("Maximiliane-Charlotte", "von Oberhausen-Rheinfelden", "Maximiliane-Charlotte VON OBERHAUSEN-RHEINFELDEN {i}"),
    ("Łukasz", "Wiśniewski", "Łukasz WIŚNIEWSKI {i}"),
]


def test_a_300_row_mixed_script_export_renders_with_nothing_cut(tmp_path):
    people = [(i, *BIG_EXPORT_NAMES[i % 6]) for i in range(300)]
    organisation = "Institute for Very Long Organisation Names and Strategic Studies {i}"
    export = tmp_path / "big.csv"
    export.write_text("First Name,Last Name,Email,Ticket Type,Company,Job Title\n" + "\n".join(
        f"{given},{family} {i},p{i}@example.org,General Admission,\"{organisation.format(i=i)}\",Senior Research Fellow"
        for i, given, family, _ in people), encoding="utf-8")
    result = CliRunner().invoke(main, ["badges", str(write_programme(tmp_path)), "-o", str(tmp_path / "big"),
                                       "--stock", "avery-l4785", "--attendees", str(export)])
    assert result.exit_code == 0, result.output
    assert "made 302 badges" in result.output
    big = tmp_path / "big" / "badges.pdf"
    assert page_count(big) == 31
    assert_all_text_inside_slots(big)
    badges = [text for page in range(page_count(big)) for text in text_by_slot(big, page).values()]
    assert len(badges) == 302  # the rows and the two speakers
    # each row's badge whole, as its slot reads (spaces dropped): header, name, position, organisation, role
    expected = ["".join(f"Badge Test 24 March 2026 {printed.format(i=i)} Senior Research Fellow "
                        f"{organisation.format(i=i)} PARTICIPANT".split()) for i, _, _, printed in people]
    assert sorted(text for text in badges if "StrategicStudies" in text) == sorted(expected)


def test_long_runs_laid_out_by_worker_processes_equal_one_process_and_lose_no_one(tmp_path, monkeypatch):
    """From PARALLEL_FROM badges on, worker processes and this one share the layout: the
    PDF must be the same as laid out here alone, and every refused row named, in order."""
    unfittable = {17, 140, 263}  # rows whose names fit no CR80 card, spread over many batches
    export = tmp_path / "long.csv"
    export.write_text("First Name,Last Name,Email\n" + "\n".join(
        f"{'Wolfgangmaximilianbartholomäusfriedrichwilhelm' if i in unfittable else 'Anna'},Nowak {i:03},p{i}@example.org"
        for i in range(300)), encoding="utf-8")
    args = ["badges", str(write_programme(tmp_path)), "--stock", "cr80", "--attendees", str(export), "--skip-invalid"]
    assert 300 >= badges_product.PARALLEL_FROM
    monkeypatch.setattr(badges_product, "CHUNK", 5)  # small batches, few ahead: this process lays out some too
    monkeypatch.setattr(badges_product, "WINDOW", 2)
    shared = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "shared")])
    monkeypatch.setattr(badges_product, "PARALLEL_FROM", 10_000)
    alone = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "alone")])
    for result in (shared, alone):
        assert result.exit_code == 0, result.output
        assert "made 299 badges" in result.output  # 300 rows and 2 speakers, 3 refused
        refused = [int(line) for line in re.findall(r"long\.csv:(\d+)", result.output)]
        assert refused == [i + 2 for i in sorted(unfittable)]
    contents = [[page.get_contents().get_data() for page in pypdf.PdfReader(tmp_path / run / "badges.pdf").pages]
                for run in ("shared", "alone")]
    assert contents[0] == contents[1]
    names = [text for page in range(page_count(tmp_path / "shared" / "badges.pdf"))
             for text in text_by_slot(tmp_path / "shared" / "badges.pdf", page).values() if "Anna" in text]
    assert len(names) == 297



def long_run_export(tmp_path: Path, rows: int = 300) -> list[str]:
    export = tmp_path / "long.csv"
    export.write_text("First Name,Last Name,Email\n" + "\n".join(f"Anna,Nowak {i:03},p{i}@example.org" for i in range(rows)),
                      encoding="utf-8")
    return ["badges", str(write_programme(tmp_path)), "--attendees", str(export), "-o", str(tmp_path / "out")]


def test_a_layout_error_in_a_worker_process_fails_the_run_and_writes_nothing(tmp_path, monkeypatch):
    """Whichever process lays out the badge that fails, the run stops with the error
    instead of waiting for that badge for good, and no badges file is left."""
    original = badges_product.lay_out_badge

    def failing(work, person):
        if person.family_name == "Nowak 150":
            raise RuntimeError("layout broke on Nowak 150")
        return original(work, person)

    monkeypatch.setattr(badges_product, "lay_out_badge", failing)  # forked workers inherit it
    monkeypatch.setattr(badges_product, "CHUNK", 5)
    result = CliRunner().invoke(main, long_run_export(tmp_path))
    assert result.exit_code != 0
    assert "layout broke on Nowak 150" in str(result.exception) + result.output
    assert not (tmp_path / "out" / "badges.pdf").exists()


def test_a_worker_process_that_dies_fails_the_run_instead_of_hanging(tmp_path, monkeypatch):
    original = badges_product.lay_out_badge

    def dying_in_workers(work, person):
        if multiprocessing.parent_process() is not None:  # a worker, never this test's process
            os._exit(3)
        return original(work, person)

    monkeypatch.setattr(badges_product, "lay_out_badge", dying_in_workers)
    monkeypatch.setattr(badges_product, "CHUNK", 5)
    monkeypatch.setattr(badges_product, "WORKER_SILENCE", 0.2)
    result = CliRunner().invoke(main, long_run_export(tmp_path))
    assert result.exit_code != 0
    assert "ended before its batch was laid out (exit codes 3)" in str(result.exception) + result.output, result.output
    assert not (tmp_path / "out" / "badges.pdf").exists()



def test_a_failure_while_drawing_stops_the_layout_workers_at_once(tmp_path, monkeypatch):
    """Whatever stops the drawing, no worker process is left laying out badges for it."""
    from printkit.render import badges as badge_renderer

    original, drawn = badge_renderer.SheetPrinter.add, []

    def failing_add(printer, *faces):
        drawn.append(1)
        if len(drawn) == 50:
            raise OSError("disk full")
        original(printer, *faces)

    monkeypatch.setattr(badge_renderer.SheetPrinter, "add", failing_add)
    args = long_run_export(tmp_path)
    programme = load_programme(Path(args[1]))
    roster = build_roster(programme, (Path(args[3]),))
    with pytest.raises(OSError, match="disk full") as caught:  # holds the traceback, and with it the frames
        badges_product.make_badges(programme, roster, tmp_path / "out")
    assert caught.traceback and multiprocessing.active_children() == []
    assert not (tmp_path / "out" / "badges.pdf").exists()

def test_two_sided_badges_say_their_backs_have_no_codes_and_check_finds_the_same_either_way(duplex_pdf, tmp_path):
    """check reads no codes on the backs (pages 2, 4…) a two-sided file declares: what it
    finds must be what it finds reading every page."""
    assert keywords(duplex_pdf)["backs"] is True
    writer = pypdf.PdfWriter(clone_from=str(duplex_pdf))
    record = keywords(duplex_pdf)
    del record["backs"]
    writer.add_metadata({"/Keywords": "printkit " + json.dumps(record)})
    undeclared = tmp_path / "badges.pdf"
    with undeclared.open("wb") as out:
        writer.write(out)
    findings = [[(f.page, f.check, f.severity, f.message) for f in check_paths([pdf])] for pdf in (duplex_pdf, undeclared)]
    assert findings[0] == findings[1]
    fronts = [page for page in range(0, page_count(duplex_pdf), 2)]
    people = sum(len([t for t in text_by_slot(duplex_pdf, page).values() if t]) for page in fronts)
    assert any(message.startswith(f"{people} QR codes decode") for _, _, _, message in findings[0])


# -- sheets, duplex, offsets -------------------------------------------------------------

def test_avery_l4785_slots_are_where_the_label_maker_says(tmp_path):
    pdf = run_badges(tmp_path, "--stock", "avery-l4785")
    expected = sorted([(18 + c * 95) * MM, (297 - 13 - r * 55 - 50) * MM] for r in range(5) for c in range(2))
    actual = sorted([r.x, r.y] for r in slot_rects(pdf))
    assert len(actual) == 10
    for (ex, ey), (ax, ay) in zip(expected, actual):
        assert abs(ex - ax) <= TOLERANCE and abs(ey - ay) <= TOLERANCE
    assert all(abs(r.width - 80 * MM) <= TOLERANCE and abs(r.height - 50 * MM) <= TOLERANCE for r in slot_rects(pdf))


def l4785_rect(row: int, column: int, duplex: str | None = None) -> Rect:
    """An Avery L4785 label from its data sheet (mm from the top left), in PDF points;
    with `duplex`, where the back of that label is on the reverse side."""
    left, top = 18 + column * 95, 13 + row * 55
    if duplex == "long-edge":
        left = 210 - left - 80
    if duplex == "short-edge":
        top = 297 - top - 50
    return Rect(left * MM, (297 - top - 50) * MM, 80 * MM, 50 * MM)


def text_in(pdf: Path, page: int, rect: Rect) -> str:
    """Characters wholly inside `rect`."""
    return "".join(c.char for c in placed_chars(pdf, page)
                   if rect.x - TOLERANCE <= c.box[0] and c.box[2] <= rect.right + TOLERANCE
                   and rect.y - TOLERANCE <= c.box[1] and c.box[3] <= rect.top + TOLERANCE)


@pytest.mark.parametrize("duplex", ["long-edge", "short-edge"])
def test_each_back_lands_behind_its_own_front(tmp_path, duplex):
    pdf = run_badges(tmp_path, "--stock", "avery-l4785", "--duplex", duplex)
    total_back_chars = 0
    for row in range(5):
        for column in range(2):
            front = text_in(pdf, 0, l4785_rect(row, column))
            back = text_in(pdf, 1, l4785_rect(row, column, duplex))
            name = front[front.index("2026") + 4:][:8]
            assert back[back.index("2026") + 4:][:8] == name, (row, column, front, back)
            total_back_chars += len(back)
    assert total_back_chars == len(placed_chars(pdf, 1))  # nothing on the back outside its slot
    sessions_on_back = "".join(c.char for c in placed_chars(pdf, 1))
    assert "Speakingat" in sessions_on_back and "PanelI" in sessions_on_back


def test_offset_and_start_at_move_the_first_badge(tmp_path):
    pdf = run_badges(tmp_path, "--stock", "avery-l4785", "--start-at", "3", "--offset", "1.5,-2", "--only", "eva-pejsova",
                     exports=())
    (slot,) = slot_rects(pdf)
    assert abs(slot.x - (18 + 1.5) * MM) <= TOLERANCE
    assert abs(slot.y - (297 - 13 - 55 - 50 + 2) * MM) <= TOLERANCE
    assert "PEJSOVA" in "".join(text_by_slot(pdf, 0).values())


def test_role_filter_and_creator(tmp_path):
    pdf = run_badges(tmp_path, "--role", "press")
    assert page_count(pdf) == 1 and "ŻÓŁKIEWSKA" in "".join(text_by_slot(pdf, 0).values())
    assert len(slot_rects(pdf)) == 1
    assert pypdf.PdfReader(str(pdf)).metadata["/Creator"].startswith("printkit ")


NAME_COLUMNS = (("First Name", "Last Name"), ("Attendee name: Given name", "Attendee name: Family name"))


def people_in_the_input(programme: Path, exports: list[Path]) -> set[str]:
    """Everyone the programme and the exports name, read with the csv and yaml modules
    (not printkit's readers): one entry per person, someone in both counted once."""
    data = yaml.safe_load(programme.read_text(encoding="utf-8"))
    names = {f"{p['given_name']} {p['family_name']}".casefold() for p in data["people"]}
    for export in exports:
        text = export.read_text(encoding="utf-8-sig")
        for row in csv.DictReader(io.StringIO(text), dialect=csv.Sniffer().sniff(text.splitlines()[0], ",;")):
            given, family = next(columns for columns in NAME_COLUMNS if columns[0] in row)
            names.add(f"{row[given]} {row[family]}".casefold())
    return names


def test_the_pdf_has_one_badge_for_each_person_in_the_input(tmp_path, duplex_pdf):
    people = people_in_the_input(write_programme(tmp_path), [DATA / name for name in EXPORTS])
    assert len(people) == 10  # 10 rows and 2 speakers, 2 of whom also registered
    fronts = [text for page in range(0, page_count(duplex_pdf), 2) for text in text_by_slot(duplex_pdf, page).values()]
    assert len(fronts) == len(people)


def test_summary_of_a_subset_says_how_many_were_selected_from_the_list(tmp_path):
    programme = write_programme(tmp_path)
    listed = len(people_in_the_input(programme, [DATA / name for name in EXPORTS]))
    result = CliRunner().invoke(main, ["badges", str(programme), "-o", str(tmp_path / "out"), "--role", "press",
                                       *[a for name in EXPORTS for a in ("--attendees", str(DATA / name))]])
    assert result.exit_code == 0, result.output
    assert f"made 1 badge for the 1 person selected from the list of {listed}\n" in result.output


@pytest.mark.parametrize("stock", ["a6", "cr80", "durable-1445", "avery-5395", "avery-5392"])
def test_every_bundled_stock_lays_out_the_badges_inside_their_slots(tmp_path, stock):
    pdf = run_badges(tmp_path, "--stock", stock, "--duplex", "long-edge")
    assert_all_text_inside_slots(pdf)


def test_an_unfittable_name_fails_naming_the_person_and_skip_invalid_goes_on(tmp_path):
    export = tmp_path / "long.csv"
    export.write_text("First Name,Last Name\nAnna,Nowak\n"
                      "Wolfgangmaximilianbartholomäusfriedrichwilhelm,Schwarzenberg\n", encoding="utf-8")
    args = ["badges", str(write_programme(tmp_path)), "-o", str(tmp_path / "out"), "--stock", "cr80",
            "--attendees", str(export)]
    failed = CliRunner().invoke(main, args)
    assert failed.exit_code == 2
    assert "long.csv:3" in failed.output and "Wolfgangmaximilianbartholomäusfriedrichwilhelm Schwarzenberg" in failed.output
    assert not (tmp_path / "out" / "badges.pdf").exists()
    skipped = CliRunner().invoke(main, args + ["--skip-invalid"])
    assert skipped.exit_code == 0 and "long.csv:3" in skipped.output
    assert page_count(tmp_path / "out" / "badges.pdf") == 3


def test_calibration_page_has_the_stock_outlines_and_rulers(tmp_path):
    result = CliRunner().invoke(main, ["calibrate", "--stock", "avery-l4785", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "calibrate-avery-l4785.pdf"
    page = pypdf.PdfReader(str(pdf)).pages[0]
    assert abs(float(page.mediabox.width) - 210 * MM) < 0.01 and abs(float(page.mediabox.height) - 297 * MM) < 0.01
    text = "".join(c.char for c in placed_chars(pdf, 0))
    assert "avery-l4785" in text and "100" in text and "280" in text
    assert unembedded_fonts(pdf) == []


@pytest.mark.parametrize("stock", sorted(p.stem for p in (Path(asset_path("stocks")) / "badges").glob("*.yaml")))
def test_calibration_page_passes_check(tmp_path, stock):
    """printkit never writes what its own check fails: a ruler label centred on the page edge did."""
    result = CliRunner().invoke(main, ["calibrate", "--stock", stock, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    findings = check_paths([tmp_path / f"calibrate-{stock}.pdf"])
    assert [str(f) for f in findings if f.severity == ERROR] == []


def test_start_at_beyond_the_sheet_is_refused_and_nothing_written(tmp_path):
    result = CliRunner().invoke(main, ["badges", str(write_programme(tmp_path)), "-o", str(tmp_path / "out"),
                                       "--stock", "a4-4xa6", "--start-at", "5"])
    assert result.exit_code == 2 and "--start-at" in result.output and "between 1 and 4" in result.output
    assert not (tmp_path / "out").exists()
