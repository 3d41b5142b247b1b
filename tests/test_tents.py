"""Table tent cards: who gets one, what each face shows, where, and how it fails.

Everything is checked in the written PDF with pdfium (text, character boxes,
order of characters) and pypdf (fonts, document keywords); the expected
people and geometry come from programme.yaml and the stock sizes the issue
gives, not from printkit's own layout code.
"""

from __future__ import annotations

import csv
import json
import textwrap
from pathlib import Path

import pypdf
import pytest
import yaml
from click.testing import CliRunner

from pdfcheck import MM, page_text, placed_chars, unembedded_fonts
from printkit.cli import main

REPO = Path(__file__).resolve().parents[1]
A4 = (210 * MM, 297 * MM)
A4_FOLD = A4[1] / 2
CLEARANCE = 5 * MM  # text keeps at least this far from a fold and the sheet edge
TOLERANCE = 0.01 * MM
INCH = 72.0


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def write_programme(tmp_path: Path, people: str, tents: str = "", speakers: str = "[alice]") -> Path:
    path = tmp_path / "programme.yaml"
    path.write_text(textwrap.dedent("""\
        event:
          title: Roundtable on Things
          short_title: Roundtable
          date: 2026-03-24
          venue: Hall
          city: Tokyo
        people:
        {people}
        programme:
          - id: talk
            title: Talk
            start: "09:00"
            end: "10:00"
            speakers: {speakers}
        {tents}
        """).format(people=textwrap.indent(textwrap.dedent(people), "  "), tents=textwrap.dedent(tents),
                    speakers=speakers), encoding="utf-8")
    return path


def page_count(pdf: Path) -> int:
    return len(pypdf.PdfReader(str(pdf)).pages)


def squeezed(text: str) -> str:
    """Page text without white space, so a name broken over two lines still reads as one."""
    return "".join(text.split())


def occurrences(chars, word: str) -> list[list]:
    """Runs of placed characters spelling `word` (spaces are not placed)."""
    letters = [c.char for c in chars]
    return [chars[i:i + len(word)] for i in range(len(chars) - len(word) + 1)
            if "".join(letters[i:i + len(word)]) == word]


def centre(char) -> tuple[float, float]:
    left, bottom, right, top = char.box
    return ((left + right) / 2, (bottom + top) / 2)


def slots(pdf: Path) -> list[list[float]]:
    keywords = pypdf.PdfReader(str(pdf)).metadata["/Keywords"]
    assert keywords.startswith("printkit ")
    record = json.loads(keywords.removeprefix("printkit "))
    assert record["product"] == "tents"
    return record["slots"]


def near(a: float, b: float, within: float = TOLERANCE) -> bool:
    return abs(a - b) <= within


def assert_same_rects(actual: list[list[float]], expected: list[list[float]]) -> None:
    """The same rectangles [x, y, w, h] in any order, to 0.01 mm."""
    assert len(actual) == len(expected)
    for got, want in zip(sorted(actual), sorted(expected)):
        assert got == pytest.approx(want, abs=TOLERANCE)


def assert_clear_of_folds(pdf: Path, page_size: tuple[float, float], folds: list[float],
                          strips: list[tuple[float, float]] = ()) -> None:
    """Every character off the folds by CLEARANCE and inside the sheet by as much.

    Labels of bands that are not faces (a glue strip) need only stay inside their band.
    """
    width, height = page_size
    for index in range(page_count(pdf)):
        for char in placed_chars(pdf, index):
            left, bottom, right, top = char.box
            assert CLEARANCE <= left and right <= width - CLEARANCE, char
            strip = next(((lo, hi) for lo, hi in strips if lo < centre(char)[1] < hi), None)
            if strip:
                assert strip[0] <= bottom and top <= strip[1], char
                continue
            assert CLEARANCE <= bottom and top <= height - CLEARANCE, char
            for fold in folds:
                assert top <= fold - CLEARANCE or bottom >= fold + CLEARANCE, (char, fold)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("tents")
    result = run("tents", REPO / "programme.yaml", "-o", outdir)
    assert result.exit_code == 0, result.output
    return outdir / "tents.pdf"


def roundtable_people() -> list[dict]:
    """The people of the bundled programme's sessions, read straight from the YAML."""
    data = yaml.safe_load((REPO / "programme.yaml").read_text(encoding="utf-8"))
    in_sessions = {pid for s in data["programme"] for key in ("speakers", "moderators") for pid in s.get(key, [])}
    return [p for p in data["people"] if p["id"] in in_sessions and p.get("tent", True)]


def test_every_roundtable_participant_has_one_card_with_the_name_on_both_faces(bundled):
    people = roundtable_people()
    texts = [squeezed(page_text(bundled, i)) for i in range(page_count(bundled))]
    assert len(texts) == len(people)
    for person in people:
        name = person["given_name"] + person["family_name"].upper()
        pages = [text for text in texts if name in text]
        assert len(pages) == 1, name
        assert pages[0].count(name) == 2, name
        assert squeezed(person["affiliations"][0]) in pages[0]
        assert "SecuringtheDigitalHorizon·24March2026" in pages[0]


def test_far_face_is_upside_down_on_the_sheet_so_both_read_upright_when_folded(bundled):
    for person in roundtable_people():
        family = person["family_name"].upper()
        page = next(i for i in range(page_count(bundled)) if family in page_text(bundled, i))
        near, far = sorted(occurrences(placed_chars(bundled, page), family), key=lambda run: centre(run[0])[1])
        near_x = [centre(c)[0] for c in near]
        far_x = [centre(c)[0] for c in far]
        assert near_x == sorted(near_x) and centre(near[0])[1] < A4_FOLD, family
        assert far_x == sorted(far_x, reverse=True) and centre(far[0])[1] > A4_FOLD, family
        # the far face is the near face turned 180° about the fold's centre point
        for a, b in zip(near, far):
            assert centre(a)[0] + centre(b)[0] == pytest.approx(A4[0], abs=0.5)
            assert centre(a)[1] + centre(b)[1] == pytest.approx(A4[1], abs=0.5)


def test_names_are_large_enough_to_read_across_the_table(bundled):
    """Cap height ≥ 15 mm on a4-fold, measured on a capital letter's box."""
    for person in roundtable_people():
        family = person["family_name"].upper()
        page = next(i for i in range(page_count(bundled)) if family in page_text(bundled, i))
        capital = occurrences(placed_chars(bundled, page), family)[0][0]
        left, bottom, right, top = capital.box
        assert top - bottom >= 15 * MM, (family, (top - bottom) / MM)


def test_text_stays_on_its_face_clear_of_the_fold_and_fonts_are_embedded(bundled):
    assert_clear_of_folds(bundled, A4, [A4_FOLD])
    assert unembedded_fonts(bundled) == []


def test_a4_fold_faces_are_the_two_halves_of_the_sheet(bundled):
    expected = [[0, 0, A4[0], A4_FOLD], [0, A4_FOLD, A4[0], A4_FOLD]]
    assert_same_rects(slots(bundled), expected)
    assert pypdf.PdfReader(str(bundled)).metadata["/Creator"].startswith("printkit ")
    box = pypdf.PdfReader(str(bundled)).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=TOLERANCE)


INTERNATIONAL = """\
    - id: alice
      given_name: Hanako
      family_name: Yamada
      native_name: 山田 花子
      affiliations: ["Researcher, Institute of Things"]
    - id: long
      given_name: Maria-Magdalena Ștefania
      family_name: Wojciechowska-Papadopoulou
      affiliations: ["Senior Adviser to the Director-General, Directorate-General for Communications Networks, Content and Technology"]
    - id: greek
      given_name: Αικατερίνη
      family_name: Παπαδοπούλου
    - id: bulgarian
      given_name: Цветелина
      family_name: Борисова
"""
STOCKS = {
    # name: (page size, folds and tent edges in pt from the page foot, bands that are not faces, face size)
    "a4-fold": (A4, [A4_FOLD], [], (210 * MM, 148.5 * MM)),
    "a4-tri": ((297 * MM, 210 * MM), [40 * MM, 120 * MM, 200 * MM], [(0, 40 * MM), (200 * MM, 210 * MM)],
               (297 * MM, 80 * MM)),
    "avery-5305": ((8.5 * INCH, 11 * INCH), [3 * INCH, 5.5 * INCH, 8 * INCH], [], (8.5 * INCH, 2.5 * INCH)),
}


@pytest.mark.parametrize("stock", sorted(STOCKS))
def test_long_japanese_greek_and_cyrillic_names_fit_every_stock(tmp_path, stock):
    page_size, folds, strips, face = STOCKS[stock]
    programme = write_programme(tmp_path, INTERNATIONAL, speakers="[alice, long, greek, bulgarian]")
    result = run("tents", programme, "-o", tmp_path, "--stock", stock)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "tents.pdf"
    text = squeezed("".join(page_text(pdf, i) for i in range(page_count(pdf))))
    for name in ("山田花子", "YAMADAHanako", "Maria-MagdalenaȘtefaniaWOJCIECHOWSKA-PAPADOPOULOU",
                 "ΑικατερίνηΠΑΠΑΔΟΠΟΥΛΟΥ", "ЦветелинаБОРИСОВА"):
        assert text.count(name) == 2, name
    assert_clear_of_folds(pdf, page_size, folds, strips)
    assert unembedded_fonts(pdf) == []
    kanji = [c for i in range(page_count(pdf)) for c in placed_chars(pdf, i) if c.char in "山田花子"]
    assert kanji and all("BIZUDPGothic" in c.font for c in kanji)
    preflight = run("check", pdf)
    assert preflight.exit_code == 0 and "0 errors" in preflight.output, preflight.output
    for _, y, w, h in slots(pdf):  # faces of the stock's size, or the stock's strips
        is_face = near(w, face[0]) and near(h, face[1])
        assert is_face or any(near(y, lo) and near(y + h, hi) for lo, hi in strips), (y, w, h)


def test_avery_5305_puts_two_tents_on_a_letter_sheet(tmp_path):
    programme = write_programme(tmp_path, INTERNATIONAL, speakers="[alice, long, greek]")
    assert run("tents", programme, "-o", tmp_path, "--stock", "avery-5305").exit_code == 0
    pdf = tmp_path / "tents.pdf"
    assert page_count(pdf) == 2
    faces = slots(pdf)
    assert len(faces) == 4
    for i, (x, y, w, h) in enumerate(faces):
        assert 0 <= x and x + w <= 8.5 * INCH + TOLERANCE and 0 <= y and y + h <= 11 * INCH + TOLERANCE
        for x2, y2, w2, h2 in faces[i + 1:]:
            assert y + h <= y2 + TOLERANCE or y2 + h2 <= y + TOLERANCE  # faces do not overlap


def test_only_reprints_one_card(tmp_path):
    result = run("tents", REPO / "programme.yaml", "-o", tmp_path, "--only", "eva-pejsova")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "tents.pdf"
    assert page_count(pdf) == 1
    assert squeezed(page_text(pdf, 0)).count("EvaPEJSOVA") == 2
    assert "SUZUKI" not in page_text(pdf, 0)


def test_only_with_an_unknown_id_fails_and_writes_nothing(tmp_path):
    result = run("tents", REPO / "programme.yaml", "-o", tmp_path, "--only", "eva-pejsovaa")
    assert result.exit_code == 2
    assert "eva-pejsovaa" in result.stderr
    assert not (tmp_path / "tents.pdf").exists()


UNFITTABLE = """\
    - id: alice
      given_name: Alice
      family_name: Example
    - id: endless
      given_name: Bob
      family_name: Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen
"""


def test_an_unfittable_name_fails_the_run_naming_the_person(tmp_path):
    programme = write_programme(tmp_path, UNFITTABLE, speakers="[alice, endless]")
    result = run("tents", programme, "-o", tmp_path)
    assert result.exit_code == 2
    assert "endless" in result.stderr and "Bob" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "tents.pdf").exists()


def test_skip_invalid_warns_about_the_unfittable_name_and_prints_the_rest(tmp_path):
    programme = write_programme(tmp_path, UNFITTABLE, speakers="[alice, endless]")
    result = run("tents", programme, "-o", tmp_path, "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "endless" in result.stderr
    pdf = tmp_path / "tents.pdf"
    assert page_count(pdf) == 1
    assert "EXAMPLE" in page_text(pdf, 0)


SEATING = """\
    - id: alice
      given_name: Alice
      family_name: Speaker
    - id: quiet
      given_name: Quentin
      family_name: Optout
      tent: false
    - id: staff
      given_name: Stella
      family_name: Staffer
      role: Staff
    - id: chair
      given_name: Chris
      family_name: Chairperson
      role: Staff
      tent: true
    - id: guest
      given_name: Gina
      family_name: Guest
      role: participant
"""


def test_programme_people_and_seated_roles_get_cards_and_tent_overrides_both(tmp_path):
    programme = write_programme(tmp_path, SEATING, tents="tents: {seated_roles: [Participant]}",
                                speakers="[alice, quiet]")
    attendees = tmp_path / "registrations.csv"
    with attendees.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["First Name", "Last Name", "Email"], ["Ștefan", "Popescu", "s@example.org"]])
    result = run("tents", programme, "-o", tmp_path, "--attendees", attendees)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "tents.pdf"
    text = "".join(page_text(pdf, i) for i in range(page_count(pdf)))
    for seated in ("SPEAKER", "CHAIRPERSON", "GUEST", "POPESCU"):
        assert seated in text
    for not_seated in ("OPTOUT", "STAFFER"):
        assert not_seated not in text
    assert page_count(pdf) == 4
    assert "made 4 tent cards on 4 a4-fold sheets (2 not seated" in result.stderr


def test_no_caps_keeps_family_names_as_written(tmp_path):
    result = run("tents", REPO / "programme.yaml", "-o", tmp_path, "--only", "eva-pejsova", "--no-caps")
    assert result.exit_code == 0, result.output
    assert squeezed(page_text(tmp_path / "tents.pdf", 0)).count("EvaPejsova") == 2


def test_offset_moves_everything_right_and_down_by_the_given_millimetres(tmp_path):
    plain, shifted = tmp_path / "plain", tmp_path / "shifted"
    for outdir, offset in ((plain, "0,0"), (shifted, "2,3")):
        result = run("tents", REPO / "programme.yaml", "-o", outdir, "--only", "kazuto-suzuki", "--offset", offset)
        assert result.exit_code == 0, result.output
    before = placed_chars(plain / "tents.pdf", 0)
    after = placed_chars(shifted / "tents.pdf", 0)
    assert [c.char for c in before] == [c.char for c in after]
    for a, b in zip(before, after):
        assert b.box[0] - a.box[0] == pytest.approx(2 * MM, abs=0.05)
        assert b.box[1] - a.box[1] == pytest.approx(-3 * MM, abs=0.05)


CUSTOM = """\
    tents:
      stock: a5-pair
      stocks:
        a5-pair:
          description: two A5 tents on A4 landscape, cut apart
          sheet: [297, 210]
          tent: [140, 200]
          positions: [[5, 5], [152, 5]]
          faces:
            - {y: 0, height: 100}
            - {y: 100, height: 100, rotated: true}
          folds: [100]
          text: {name: [48, 36, 20], affiliation: [12, 8], event: 8}
"""


def test_a_custom_stock_from_programme_yaml_is_used(tmp_path):
    programme = write_programme(tmp_path, INTERNATIONAL, tents=CUSTOM, speakers="[alice, greek]")
    result = run("tents", programme, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "tents.pdf"
    assert page_count(pdf) == 1
    expected = [[x * MM, y * MM, 140 * MM, 100 * MM] for x in (5, 152) for y in (5, 105)]
    assert_same_rects(slots(pdf), expected)
    assert_clear_of_folds(pdf, (297 * MM, 210 * MM), [105 * MM])


def test_a_broken_custom_stock_is_reported_with_lines_and_fields(tmp_path):
    broken = (CUSTOM.replace("tent: [140, 200]", "tent: [140, 190]")
              .replace("folds: [100]", "folds: [100]\n          colour: red"))
    programme = write_programme(tmp_path, INTERNATIONAL, tents=broken)
    result = run("tents", programme, "-o", tmp_path)
    assert result.exit_code == 2
    assert "tents.stocks.a5-pair.faces[1]" in result.stderr and "beyond the tent height" in result.stderr
    assert "tents.stocks.a5-pair.colour: unknown key" in result.stderr
    lines = programme.read_text(encoding="utf-8").splitlines()
    colour_line = next(n for n, text in enumerate(lines, 1) if "colour: red" in text)
    assert any(f"programme.yaml:{colour_line}:" in line and "tents.stocks.a5-pair.colour: unknown key" in line
               for line in result.stderr.splitlines())
    assert not (tmp_path / "tents.pdf").exists()


def test_an_unknown_stock_is_refused_with_a_suggestion(tmp_path):
    result = run("tents", REPO / "programme.yaml", "-o", tmp_path, "--stock", "a4-fol")
    assert result.exit_code == 2
    assert "did you mean 'a4-fold'?" in result.stderr


def test_cut_marks_point_at_every_tent_corner_from_outside_the_tents(tmp_path):
    from printkit.layout.tent import plan_sheet
    from printkit.load import load_programme
    from printkit.load.tentsettings import load_preset

    stock = load_programme(write_programme(tmp_path, INTERNATIONAL, tents=CUSTOM)).tents.custom_stocks[0]
    sheet = plan_sheet(stock)
    tents = [(x * MM, y * MM, (x + 140) * MM, (y + 200) * MM) for x, y in ((5, 5), (152, 5))]
    for cut in sheet.cuts:
        assert 0 <= min(cut.x0, cut.x1) and max(cut.x0, cut.x1) <= 297 * MM + TOLERANCE
        assert 0 <= min(cut.y0, cut.y1) and max(cut.y0, cut.y1) <= 210 * MM + TOLERANCE
        for left, bottom, right, top in tents:
            inside_x = min(cut.x0, cut.x1) < right - TOLERANCE and max(cut.x0, cut.x1) > left + TOLERANCE
            inside_y = min(cut.y0, cut.y1) < top - TOLERANCE and max(cut.y0, cut.y1) > bottom + TOLERANCE
            assert not (inside_x and inside_y), cut
    for left, bottom, right, top in tents:
        for x, y in ((left, bottom), (left, top), (right, bottom), (right, top)):
            ticks = [c for c in sheet.cuts if near(c.x0, x) or near(c.x1, x) or near(c.y0, y) or near(c.y1, y)]
            assert any(c.y0 == c.y1 and near(c.y0, y) and near(min(c.x0, c.x1, key=lambda v: abs(v - x)), x, 3 * MM)
                       for c in ticks), ("no horizontal tick at", x, y)
            assert any(c.x0 == c.x1 and near(c.x0, x) and near(min(c.y0, c.y1, key=lambda v: abs(v - y)), y, 3 * MM)
                       for c in ticks), ("no vertical tick at", x, y)
    for preset in ("a4-fold", "a4-tri", "avery-5305"):  # whole sheets and perforated cards are not cut
        assert plan_sheet(load_preset(preset), (2, 3)).cuts == ()


def test_build_makes_the_tent_cards_too(built):
    assert page_count(built / "tents.pdf") == len(roundtable_people())


def test_japanese_names_from_an_export_stand_family_name_first():
    """A registration export gives 花子 / 山田 as first / last name, with no
    name-order column: the card (like the badge) reads 山田 花子."""
    from printkit.layout.tent import tent_name
    from printkit.model import Person

    kanji = Person(id="a-1", given_name="花子", family_name="山田")
    assert kanji.family_first and kanji.display_name == "山田 花子"
    assert tent_name(kanji) == "山田 花子"
    latin = Person(id="a-2", given_name="Eva", family_name="Pejsova")
    assert tent_name(latin) == "Eva PEJSOVA" and latin.display_name == "Eva Pejsova"
