"""Badge QR codes as scanning apps and phones read them.

Badges are made by the command line from a small export of hard cases
(Greek, Cyrillic, Turkish dotless i, Romanian comma-below letters, kanji, a
long German name, plain ASCII; half share contacts), every badge is cropped
from the page rendered at 300 dpi and its code decoded by zxing-cpp and by
zbar; a sample goes through a simulated phone camera (tests/camera.py). Every
read must be byte-identical to the payload printkit encoded for that person.
The whole 300-person measurement is bench/qr_scan.py.
"""

from __future__ import annotations

import collections
import functools
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from click.testing import CliRunner
from pyzbar import pyzbar

from camera import photograph
from pdfcheck import badge_images
from printkit.cli import main
from printkit.load import load_programme
from printkit.qrlimits import DEFAULT_MODULE_MM
from printkit.products.badges import BadgeOptions, badge_layout, badge_sheet, plan_code
from printkit.roster import build_roster
from test_attendees import write_programme
from test_badges import STOCKS, run_badges

ROWS = [
    ("Γεώργιος", "Παπαδόπουλος", "Καθηγητής Διεθνών Σχέσεων", "Εθνικό και Καποδιστριακό Πανεπιστήμιο Αθηνών", "yes", "+30 210 000 0000"),
    ("Işıl", "Kılıç", "Araştırmacı", "Boğaziçi Üniversitesi", "yes", "+90 212 000 0000"),
    ("Ștefan", "Țărănescu", "Cercetător științific", "Institutul Român, București", "yes", "+40 700 000 001"),
    ("Кирил", "Петров", "Изследовател", "Българска академия на науките", "no", "+359 2 000 0000"),
    ("花子", "山田", "研究員", "地経学研究所", "yes", "+81 3 0000 0000"),
    ("Maximiliane-Charlotte", "von Oberhausen-Rheinfelden", "Wissenschaftliche Mitarbeiterin",
     "Stiftung Wissenschaft und Politik, Forschungsgruppe Asien", "yes", "+49 30 000 000 00"),
    ("Łukasz", "Wiśniewski", "Analityk", "Polski Instytut Spraw Międzynarodowych", "no", ""),
    ("John", "Smith", "Analyst", "Example Research Ltd", "yes", "+44 20 0000 0000"),
    ("Ελένη", "Νικολάου", "Ερευνήτρια", "ΕΛΙΑΜΕΠ", "no", ""),
    ("Jean-Pierre", "Dubois", "Directeur de recherche", "Université de Lyon", "no", ""),
]


def write_export(path: Path) -> Path:
    lines = ["First Name,Last Name,Email,Ticket Type,Job Title,Company,Share contact,Mobile Phone"]
    for i, (given, family, title, company, share, phone) in enumerate(ROWS):
        lines.append(f'{given},{family},person{i}@example.org,General Admission,{title},"{company}",{share},{phone}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Made:
    """One stock's badges.pdf and what printkit meant its codes to say."""

    def __init__(self, root: Path, stock: str):
        programme, export = write_programme(root), write_export(root / "export.csv")
        result = CliRunner().invoke(main, ["badges", str(programme), "-o", str(root / "out"), "--stock", stock,
                                           "--attendees", str(export)])
        assert result.exit_code == 0, result.output
        self.output = result.output
        self.pdf = root / "out" / "badges.pdf"
        self.payloads = expected_payloads(programme, export, stock)

    @functools.cached_property
    def badges(self) -> list:
        """Each badge cropped from its page rendered at 300 dpi."""
        return list(badge_images(self.pdf, 300))


def expected_payloads(programme_path: Path, export: Path, stock: str) -> collections.Counter[bytes]:
    """The payloads printkit plans for everyone on `stock` (the product's own planning step)."""
    programme = load_programme(programme_path)
    roster = build_roster(programme, [export])
    options = BadgeOptions(stock=stock)
    layout = badge_layout(programme, badge_sheet(programme, options), options)
    plans = [plan_code(layout, programme.badges.qr_module, person, programme) for person in roster.people]
    assert len(plans) == len(ROWS) + 2
    return collections.Counter(plan.payload.text.encode() for plan in plans)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Made]:
    return {stock: Made(tmp_path_factory.mktemp(stock), stock) for stock in STOCKS}


def read_zxing(image) -> list[zxingcpp.Barcode]:
    """zxing-cpp's reads, each with its text in HexECI mode: the symbology
    identifier (]Q2 when the symbol carries an ECI), the ECI designator
    (\\000026 for UTF-8) and the bytes, in hex (after an ECI, with backslashes doubled)."""
    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode, text_mode=zxingcpp.TextMode.HexECI)


@pytest.mark.parametrize("stock", ["a4-4xa6", "avery-l4785", "cr80"])
def test_zbar_and_zxing_read_every_code_byte_identical_with_utf8_declared(made, stock):
    decoded = collections.Counter()
    for badge in made[stock].badges:
        (code,) = read_zxing(badge)
        data = code.bytes
        header = b"]Q1" if data.isascii() else b"]Q2\\000026"  # ECI 26, UTF-8, whenever not plain ASCII
        assert bytes.fromhex(code.text) == header + (data.replace(b"\\", b"\\\\") if header != b"]Q1" else data)
        assert [symbol.data for symbol in pyzbar.decode(badge)] == [data]
        decoded[data] += 1
    assert decoded == made[stock].payloads
    assert "N:Kılıç;Işıl;;;".encode() in b"".join(decoded)


@pytest.mark.parametrize("stock", STOCKS)
def test_the_fullest_codes_read_through_a_simulated_phone_camera(made, stock):
    """The three longest payloads of each stock, photographed as tests/camera.py
    describes (7 px/mm, 25° tilt, blur, noise, JPEG q50) with fixed seeds."""
    by_payload = {read_zxing(badge)[0].bytes: badge for badge in made[stock].badges}
    fullest = sorted(by_payload, key=len, reverse=True)[:3]
    for seed, payload in enumerate(fullest):
        photo = photograph(by_payload[payload], 300 / 25.4, seed)
        assert [code.bytes for code in read_zxing(photo)] == [payload], (stock, payload[:60])


@pytest.mark.parametrize("stock", STOCKS)
def test_printkit_check_passes_every_badges_file_printkit_writes(made, stock):
    result = CliRunner().invoke(main, ["check", str(made[stock].pdf)])
    assert result.exit_code == 0, result.output
    info = next(line for line in result.output.splitlines() if "QR codes decode" in line)
    smallest = float(info.split("module ")[1].split("-")[0])
    assert smallest >= DEFAULT_MODULE_MM - 0.01, info


def test_shortened_codes_are_listed_in_the_run_summary(made):
    output = made["avery-l4785"].output
    shortened = [line for line in output.splitlines() if "QR code shortened" in line]
    assert shortened and all(line.startswith("warning: ") and "gave up " in line for line in shortened)
    assert f"; {len(shortened)} QR codes shortened to fit" in output
    assert any("export.csv:2: qr: Γεώργιος Παπαδόπουλος: QR code shortened" in line for line in shortened)


def test_a_module_setting_under_what_check_accepts_is_refused_with_its_line(tmp_path):
    programme = write_programme(tmp_path, "badges:\n  qr_module: 0.4\n")
    result = CliRunner().invoke(main, ["badges", str(programme), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and not (tmp_path / "out").exists()
    assert "programme.yaml:" in result.output and "badges.qr_module" in result.output and "0.5 mm" in result.output
    option = CliRunner().invoke(main, ["badges", str(write_programme(tmp_path)), "-o", str(tmp_path / "out"),
                                       "--qr-module", "0.45"])
    assert option.exit_code == 2 and "0.45 mm is under 0.5 mm" in option.output


def test_larger_modules_make_larger_codes_and_check_measures_them(tmp_path):
    programme = write_programme(tmp_path, "badges:\n  qr_module: 0.7\n")
    result = CliRunner().invoke(main, ["badges", str(programme), "-o", str(tmp_path / "out"), "--stock", "a6"])
    assert result.exit_code == 0, result.output
    checked = CliRunner().invoke(main, ["check", str(tmp_path / "out" / "badges.pdf")])
    assert checked.exit_code == 0 and "module 0.7" in checked.output, checked.output


def test_a_name_too_long_for_the_code_is_an_error_for_that_person_unless_a_link_is_set(tmp_path):
    """1 mm modules leave a CR80 card room for a version 3 code (53 bytes at L): no name's vCard fits."""
    export = write_export(tmp_path / "export.csv")
    args = ["badges", str(write_programme(tmp_path)), "-o", str(tmp_path / "out"), "--stock", "cr80",
            "--qr-module", "1", "--attendees", str(export)]
    failed = CliRunner().invoke(main, args)
    assert failed.exit_code == 2 and not (tmp_path / "out" / "badges.pdf").exists()
    assert ("export.csv:2: qr: Γεώργιος Παπαδόπουλος: even the name alone does not fit a version 3 QR code "
            "with 1 mm modules; set event.qr_url") in failed.output
    linked = write_programme(tmp_path, "").read_text(encoding="utf-8").replace(
        "  city: Tokyo\n", "  city: Tokyo\n  qr_url: https://ex.org/{id}\n")
    (tmp_path / "programme.yaml").write_text(linked, encoding="utf-8")
    made = CliRunner().invoke(main, args)
    assert made.exit_code == 0, made.output
    assert "gave up the vcard for the event's link" in made.output
    texts = [code.text for badge in badge_images(tmp_path / "out" / "badges.pdf", 300) for code in read_zxing(badge)]
    assert len(texts) == len(ROWS) + 2


def test_a_stock_too_small_for_any_code_is_one_error(tmp_path):
    result = CliRunner().invoke(main, ["badges", str(write_programme(tmp_path)), "-o", str(tmp_path / "out"),
                                       "--stock", "cr80", "--qr-module", "1.6"])
    assert result.exit_code == 2
    assert result.output.count("too small for the smallest QR code") == 1 and "'cr80'" in result.output


def test_check_survives_a_read_of_no_size_on_a_page_it_renders_whole(tmp_path):
    """On a back page of these badges, rendered whole (the file's record of where
    its codes are is removed, as any PDF from elsewhere lacks it), zxing-cpp
    reports a failed read with every corner at 0,0; check crashed on it with
    ZeroDivisionError before it ignored such reads."""
    made = run_badges(tmp_path, "--duplex", "long-edge", programme=Path(__file__).parents[1] / "programme.yaml")
    plain = pypdf.PdfWriter(clone_from=pypdf.PdfReader(made))
    plain.add_metadata({"/Keywords": ""})
    plain.write(tmp_path / "plain.pdf")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "plain.pdf")])
    assert result.exit_code == 0, result.output
    assert "22 QR codes decode" in result.output


def test_a_person_without_a_code_gets_the_whole_width_for_a_name_too_long_beside_one(tmp_path):
    """A name that needs the width of an 80 × 50 mm label does not fit beside even the
    smallest code, and is set when the person has no code."""
    export = tmp_path / "long.csv"
    export.write_text("First Name,Last Name\nAnna,Nowak\nWolfgangmaximilianbartholomäusfriedrich,Nowak\n", encoding="utf-8")
    args = ["badges", str(write_programme(tmp_path)), "-o", str(tmp_path / "out"), "--stock", "avery-l4785",
            "--attendees", str(export)]
    beside = CliRunner().invoke(main, args)
    assert beside.exit_code == 2 and "long.csv:3" in beside.output and "does not fit" in beside.output
    without = write_programme(tmp_path, "").read_text(encoding="utf-8").replace("  city: Tokyo\n", "  city: Tokyo\n  qr: none\n")
    (tmp_path / "programme.yaml").write_text(without, encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
