"""The seating plan (seating.pdf) and the tent cards that follow it.

A roundtable of 24 seated people in two delegations of 12. Everything is read
back from the written PDFs with pdfium (text and character boxes): who sits
where is taken from the plan's own numbers and names, never from printkit's
layout code; the delegations and fixed seats come from the YAML the test
writes.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from pdfcheck import MM, page_text, placed_chars, unembedded_fonts
from printkit.cli import main
from test_tents import write_programme

TABLES = ("round", "oval", "rectangle", "u-shape", "hollow-square")
EU = [
    ("eu-01", "Eva", "Pejsova", "Japan Chair, CSDS"),
    ("eu-02", "Jean-Eric", "Paquet", "Ambassador, Delegation of the European Union to Japan"),
    ("eu-03", "Raluca", "Csernaton", "Professor, CSDS"),
    ("eu-04", "Olivier", "Bringer", "Head of Unit, DG CNECT, European Commission"),
    ("eu-05", "Ștefan", "Popescu", "Adviser, Ministry of Research, Romania"),
    ("eu-06", "Αικατερίνη", "Παπαδοπούλου", "Researcher, University of Athens"),
    ("eu-07", "Maria-Magdalena", "Wojciechowska-Papadopoulou", "Senior Adviser, Directorate-General for Defence Industry and Space, European Commission"),
    ("eu-08", "Søren", "Kierkegaard-Østergaard", "Director, Danish Space Agency"),
    ("eu-09", "Zoë", "Van den Berghe", "Policy Officer, Flemish Government"),
    ("eu-10", "Jürgen", "Müller", "CEO, Quantum Start-up GmbH"),
    ("eu-11", "Ana", "Ruiz", "Analyst, Elcano Royal Institute"),
    ("eu-12", "Piotr", "Nowak", "Fellow, Polish Institute of International Affairs"),
]
JAPAN = [
    ("jp-01", "Kazuto", "Suzuki", "Director, IOG"),
    ("jp-02", "Keitaro", "Ohno", "Member, House of Representatives"),
    ("jp-03", "Motonobu", "Fujita", "Professor, Faculty of Policy Management, Keio University"),
    ("jp-04", "Hirohito", "Ogi", "Senior Research Fellow, International Security Order Group, IOG"),
    ("jp-05", "Sugio", "Takahashi", "Director, Strategic Planning Division, Ministry of Defense, Japan"),
    ("jp-06", "Kota", "Umeda", "Research Fellow, Emerging Technology Group, IOG"),
    ("jp-07", "Nobuyuki", "Kojima", "Key Account Manager, Airbus Defence and Space"),
    ("jp-08", "花子", "山田", "Researcher, JAXA"),
    ("jp-09", "Taro", "Watanabe", "Manager, NTT Data"),
    ("jp-10", "Yui", "Nakamura", "Deputy Director, METI"),
    ("jp-11", "Ren", "Kobayashi", "Associate Professor, University of Tokyo"),
    ("jp-12", "Aiko", "Takenaka-Hashimoto", "Counsellor, Ministry of Foreign Affairs of Japan"),
]
PEOPLE = {pid: (given, family) for pid, given, family, _ in EU + JAPAN}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def write_seating_programme(tmp_path: Path, table: str = "hollow-square", mix: str = "alternate",
                            extra: str = "", seating: str | None = None) -> Path:
    """A roundtable of 24 seated people (EU and Japan), one not seated, and a `seating:` section."""
    people = "".join(
        f"  - id: {pid}\n    given_name: {given}\n    family_name: {family}\n    affiliations: [\"{aff}\"]\n"
        for pid, given, family, aff in EU + JAPAN)
    people += "  - id: staffer\n    given_name: Stella\n    family_name: Staffer\n    tent: false\n"
    if seating is None:
        seating = textwrap.dedent(f"""\
            seating:
              table: {table}
              door: bottom
              chair: jp-01
              co_chair: eu-01
              mix: {mix}
              delegations:
                EU: [{", ".join(p[0] for p in EU)}]
                Japan: [{", ".join(p[0] for p in JAPAN)}]
            """) + extra
    return write_programme(tmp_path, people, tents="tents:\n  seated_roles: [Participant]\n" + seating,
                           speakers="[jp-01, eu-01]")


SOFT_HYPHEN = "\ufffe"  # how pdfium reports a hyphen that ends a line


def plain_text(pdf: Path, page: int) -> str:
    """The page's text without white space, with line-ending hyphens as the hyphens they are."""
    return "".join(page_text(pdf, page).replace(SOFT_HYPHEN, "-").split())


def pages(pdf: Path) -> int:
    return len(pypdf.PdfReader(str(pdf)).pages)


def words(pdf: Path, page: int) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The page's words (runs of characters on one line) with their bounding boxes."""
    found, current, box, last = [], "", None, None
    for char in placed_chars(pdf, page):
        left, bottom, right, top = char.box
        same_line = last is not None and min(top, last[3]) - max(bottom, last[1]) > 0.3 * (top - bottom)
        digits = char.char.isdigit() and current[-1:].isdigit()  # wide side bearings of 1
        kerned = 0.12 * char.size  # kerned pairs (ΥΛ, AV, Ta) pull a letter's ink up to 0.08 em into the one before
        ligature = char.box == last  # the letters of a ligature (ff, fi) share its glyph's box
        joins = ligature or same_line and -max(0.5, kerned) <= left - last[2] < (0.5 if digits else 0.2) * char.size
        if not joins and current:
            found.append((current, box))
            current, box = "", None
        current += "-" if char.char == SOFT_HYPHEN else char.char
        box = (left, bottom, right, top) if box is None else (min(box[0], left), min(box[1], bottom),
                                                              max(box[2], right), max(box[3], top))
        last = char.box
    if current:
        found.append((current, box))
    return found


def family_caps(family: str) -> str:
    import unicodedata

    upper = family.upper()
    if any("\u0370" <= c <= "\u03ff" for c in upper):
        upper = "".join(c for c in unicodedata.normalize("NFD", upper) if not unicodedata.combining(c))
    return upper


def rows(pdf: Path, page: int) -> list[list[str]]:
    """The words of a page grouped into lines by their height on the page, top to bottom, left to right."""
    lines: dict[float, list] = {}
    for word, box in words(pdf, page):
        key = next((k for k in lines if abs(k - box[1]) < 2.5), box[1])
        lines.setdefault(key, []).append((box[0], word))
    return [[w for _, w in sorted(line)] for _, line in sorted(lines.items(), reverse=True)]


def list_rows(pdf: Path, page: int, seat_at: int) -> list[tuple[int, list[str]]]:
    """(seat, words) of each row of a list under its column titles; a row starts with a line
    holding a seat number (first word or last) and takes in the lines of its wrapped cells below."""
    lines = rows(pdf, page)
    header = next(i for i, line in enumerate(lines) if "SEAT" in line)
    table: list[tuple[int, list[str]]] = []
    for line in lines[header + 1:]:
        if line[seat_at].isdigit():
            table.append((int(line[seat_at]), line))
        else:
            table[-1][1].extend(line)
    return table


def seat_numbers(pdf: Path) -> dict[str, int]:
    """Person id → seat, read from the list by seat (the page after the two plans)."""
    assert "Seating list by seat" in page_text(pdf, 2)
    seats = {}
    for seat, line in list_rows(pdf, 2, 0):
        pid = next(pid for pid, (_, family) in PEOPLE.items() if has_family(line, family))
        seats[pid] = seat
    return seats


def first_word(family: str) -> str:
    return family_caps(family).split()[0].split("-")[0]


def has_family(line: list[str], family: str) -> bool:
    return first_word(family) in line or first_word(family) + "-" in line or family_caps(family) in line


def nearest_seat_marker(pdf: Path, page: int, family: str) -> int:
    """The seat number printed nearest to a family name on a plan page."""
    found = words(pdf, page)
    numbers = [(int(w), centre(b)) for w, b in found if w.isdigit()]
    name = centre(family_box(found, family))
    return min(numbers, key=lambda n: dist(n[1], name))[0]


def family_box(found, family: str):
    """The box of a family name's first word (a word may end at a hyphen or a line break)."""
    caps = family_caps(family)
    whole = [b for w, b in found if w == caps]
    if whole:
        return whole[0]
    first = caps.split()[0].split("-")[0]
    head = [b for w, b in found if w in (first, first + "-")]
    assert len(head) == 1, (caps, [w for w, _ in found])
    return head[0]


def centre(box) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def dist(a, b) -> float:
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> dict[str, Path]:
    """seating.pdf for each table shape (alternate, seat 5 fixed)."""
    made = {}
    for table in TABLES:
        outdir = tmp_path_factory.mktemp(table)
        programme = write_seating_programme(outdir, table, extra="  fixed:\n    5: jp-03\n    12: eu-12\n")
        result = run("seating", programme, "-o", outdir)
        assert result.exit_code == 0, result.output
        made[table] = outdir / "seating.pdf"
    return made


@pytest.mark.parametrize("table", TABLES)
def test_every_name_is_whole_and_inside_the_page(plans, table):
    pdf = plans[table]
    width, height = (float(v) for v in pypdf.PdfReader(str(pdf)).pages[0].mediabox[2:])
    for view in (0, 1):
        text = plain_text(pdf, view)
        for given, family in PEOPLE.values():
            assert given.replace(" ", "") in text and family_caps(family).replace(" ", "") in text, (table, family)
        assert "Stella" not in text
        for char in placed_chars(pdf, view):
            left, bottom, right, top = char.box
            assert 0 <= left and right <= width and 0 <= bottom and top <= height, char
        kanji = [c for c in placed_chars(pdf, view) if c.char in "山田花子"]
        assert len(kanji) == 4 and all("BIZUDPGothic" in c.font for c in kanji)
        assert text.index("山田") < text.index("花子")  # a Japanese name, family name first
    assert unembedded_fonts(pdf) == []


@pytest.mark.parametrize("table", TABLES)
def test_no_two_words_on_the_plan_overlap(plans, table):
    """Names, affiliations, seat numbers, legend and door: no word's ink touches another's."""
    for page in (0, 1):
        found = words(plans[table], page)
        for i, (word, a) in enumerate(found):
            for other, b in found[i + 1:]:
                apart = a[2] <= b[0] + 0.2 or b[2] <= a[0] + 0.2 or a[3] <= b[1] + 0.2 or b[3] <= a[1] + 0.2
                assert apart, (table, page, word, other)


@pytest.mark.parametrize("table", TABLES)
def test_seat_one_is_the_chair_and_fixed_seats_hold(plans, table):
    seats = seat_numbers(plans[table])
    assert seats["jp-01"] == 1
    assert nearest_seat_marker(plans[table], 0, "Suzuki") == 1
    assert nearest_seat_marker(plans[table], 1, "Suzuki") == 1
    assert seats["eu-01"] == 24  # the co-chair, at the chair's right
    assert seats["jp-03"] == 5 and seats["eu-12"] == 12
    assert sorted(seats.values()) == list(range(1, 25))
    text = page_text(plans[table], 0)
    assert "CHAIR" in text and "CO-CHAIR" in text


@pytest.mark.parametrize("table", TABLES)
def test_alternate_puts_no_two_neighbours_of_one_delegation_side_by_side(plans, table):
    seats = seat_numbers(plans[table])
    delegation = {number: pid[:2] for pid, number in seats.items()}
    for number in range(1, 24):
        assert delegation[number] != delegation[number + 1], (table, number)


def test_facing_puts_the_delegations_on_opposite_sides(tmp_path):
    programme = write_seating_programme(tmp_path, "rectangle", mix="facing")
    assert run("seating", programme, "-o", tmp_path).exit_code == 0
    for page in (0, 1):
        found = words(tmp_path / "seating.pdf", page)
        chair_x = centre(family_box(found, "Suzuki"))[0]
        eu = [centre(family_box(found, PEOPLE[pid][1]))[0] for pid, *_ in EU]
        japan = [centre(family_box(found, PEOPLE[pid][1]))[0] for pid, *_ in JAPAN if pid != "jp-01"]
        eu_x, japan_x = sum(eu) / len(eu), sum(japan) / len(japan)
        assert (eu_x - chair_x) * (japan_x - chair_x) < 0, (eu_x, chair_x, japan_x)
        assert abs(eu_x - japan_x) > 60 * MM
        # on the chair's view the co-chair's delegation (EU) is at the chair's right: the right of the page
        if page == 1:
            assert eu_x > chair_x


def test_the_chairs_view_is_the_plan_turned_with_the_chair_lowest(plans):
    pdf = plans["hollow-square"]
    assert "the chair's view" in page_text(pdf, 1)
    height = float(pypdf.PdfReader(str(pdf)).pages[0].mediabox[3])
    for page in (0, 1):
        found = words(pdf, page)
        suzuki = family_box(found, "Suzuki")[3]  # tops of the capitals: descenders (J) do not count
        others = [family_box(found, family)[3] for pid, (_, family) in PEOPLE.items() if pid != "jp-01"]
        if page == 0:
            assert suzuki > height / 2 and suzuki >= max(others) - 12
        else:
            assert suzuki < height / 2 and suzuki <= min(others) + 0.5


def test_lists_by_seat_and_by_family_name(plans):
    pdf = plans["round"]
    seats = seat_numbers(pdf)
    by_seat = [seat for seat, _ in list_rows(pdf, 2, 0)]
    assert by_seat == list(range(1, 25))
    assert "Seating list by family name" in page_text(pdf, 3)
    listed = list_rows(pdf, 3, -1)
    assert len(listed) == 24
    families = []
    for seat, line in listed:
        pid = next(pid for pid, (_, family) in PEOPLE.items() if line[0] in (first_word(family), first_word(family) + "-"))
        assert seat == seats[pid], line
        families.append(PEOPLE[pid][1])
    assert families == sorted(families, key=lambda f: family_caps(f).replace("Π", "ZP"))  # Greek after Latin


def test_same_input_twice_gives_the_same_pdf(tmp_path):
    programme = write_seating_programme(tmp_path, "oval")
    first, second = tmp_path / "a", tmp_path / "b"
    for outdir in (first, second):
        assert run("seating", programme, "-o", outdir).exit_code == 0
    a, b = (outdir / "seating.pdf" for outdir in (first, second))
    assert [page_text(a, i) for i in range(pages(a))] == [page_text(b, i) for i in range(pages(b))]
    assert [(c.char, c.box) for c in placed_chars(a, 0)] == [(c.char, c.box) for c in placed_chars(b, 0)]


def test_printkit_check_passes(plans):
    for pdf in plans.values():
        result = run("check", pdf)
        assert result.exit_code == 0 and "0 errors" in result.output, result.output


def test_tents_follow_the_seat_order_with_the_seat_number_on_each_card(tmp_path, plans):
    programme = write_seating_programme(tmp_path, "round", extra="  fixed:\n    5: jp-03\n    12: eu-12\n")
    result = run("tents", programme, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    tents = tmp_path / "tents.pdf"
    seats = seat_numbers(plans["round"])
    assert pages(tents) == 24
    by_number = {number: pid for pid, number in seats.items()}
    for page in range(24):
        text = plain_text(tents, page)
        given, family = PEOPLE[by_number[page + 1]]
        assert family_caps(family).replace(" ", "") in text, (page, family)
        assert text.count(f"Seat{page + 1}") == 2  # on both faces
        label = [c for c in placed_chars(tents, page) if c.char == "S" and c.size < 9]
        assert label and all(c.box[1] < 15 * MM or c.box[3] > 282 * MM for c in label)  # at the lower edge of a face


def test_build_makes_seating_pdf_for_the_bundled_roundtable(tmp_path):
    repo = Path(__file__).resolve().parents[1]
    result = run("build", repo / "programme.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "seating.pdf").exists()
    assert "SUZUKI" in page_text(tmp_path / "seating.pdf", 0)
    assert "Seat1" in "".join(page_text(tmp_path / "tents.pdf", 0).split())


BAD_INPUTS = {
    "unknown id": ("  fixed: {7: jp-99}\n", "seating.fixed.7: no person has the id 'jp-99'"),
    "two delegations": (None, "'jp-02' is already in the delegation 'EU'"),
    "seat out of range": ("  seats: 24\n  fixed: {25: jp-03}\n", "seat 25 is out of range: the table has 24 seats"),
    "seat taken twice": ("  fixed:\n    5: jp-03\n    05: jp-04\n", "seat 5 is taken twice"),
    "chair not seated": (None, "the chair 'staffer' is not seated at the table"),
    "seat 1 not the chair's": ("  fixed: {1: jp-02}\n", "seat 1 is the chair's; give 'jp-02' another seat"),
    "the chair elsewhere": ("  fixed: {3: jp-01}\n", "'jp-01' is the chair, who sits in seat 1"),
    "too few seats": ("  seats: 20\n", "24 people are seated but the table has 20 seats; set `seats: 24`"),
    "too many for a round table on A4": ("  page: a4\n", "cannot be drawn legibly on A4"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_seating_input_is_an_error_with_file_and_line(tmp_path, case):
    extra, expected = BAD_INPUTS[case]
    table = "round" if "round" in case else "hollow-square"
    if case == "two delegations":
        programme = write_seating_programme(tmp_path, seating=textwrap.dedent("""\
            seating:
              table: round
              chair: jp-01
              delegations:
                EU: [eu-01, jp-02]
                Japan: [jp-01, jp-02]
            """))
    elif case == "chair not seated":
        programme = write_seating_programme(tmp_path, seating="seating: {table: round, chair: staffer}\n")
    else:
        programme = write_seating_programme(tmp_path, table, extra=extra)
    for command in ("seating", "tents"):
        result = run(command, programme, "-o", tmp_path)
        if command == "tents" and case.startswith("too many"):
            continue  # the tent cards do not draw the table
        assert result.exit_code == 2, (command, result.output)
        assert expected in result.stderr, result.stderr
        assert "programme.yaml:" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "seating.pdf").exists()


def test_all_problems_are_reported_at_once(tmp_path):
    programme = write_seating_programme(tmp_path, extra="  seats: 20\n  fixed: {7: jp-99}\n  precedence: [nobody]\n")
    result = run("seating", programme, "-o", tmp_path)
    assert result.exit_code == 2
    assert "jp-99" in result.stderr and "nobody" in result.stderr and "seats: 24" in result.stderr
    assert "3 problems" in result.stderr


def test_the_desk_shows_each_persons_seat_and_reprints_the_tent_card_with_it(tmp_path, plans):
    from printkit.desk.app import Desk, create_app

    programme = write_seating_programme(tmp_path, "round", extra="  fixed:\n    5: jp-03\n    12: eu-12\n")
    client = create_app(Desk(programme)).test_client()
    seats = seat_numbers(plans["round"])
    for pid in ("jp-01", "jp-03", "eu-07"):
        found = client.get("/api/search", query_string={"q": PEOPLE[pid][1]}).get_json()
        assert [(p["id"], p["seat"]) for p in found] == [(pid, seats[pid])]
    assert client.get("/api/search", query_string={"q": "Staffer"}).get_json()[0]["seat"] is None
    response = client.post("/api/print", data={"item": "tent:jp-03"})
    reprint = tmp_path / "tent.pdf"
    reprint.write_bytes(response.data)
    assert "Seat5" in plain_text(reprint, 0)


def test_page_option_puts_the_plan_on_a3(tmp_path):
    programme = write_seating_programme(tmp_path, "rectangle")
    assert run("seating", programme, "-o", tmp_path, "--page", "a3").exit_code == 0
    box = pypdf.PdfReader(str(tmp_path / "seating.pdf")).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((420 * MM, 297 * MM), abs=0.01 * MM)


def test_seating_without_a_seating_section_is_an_error(tmp_path):
    programme = write_seating_programme(tmp_path, seating="")
    result = run("seating", programme, "-o", tmp_path)
    assert result.exit_code == 2 and "seating: is missing" in result.stderr
    assert not (tmp_path / "seating.pdf").exists()


def test_after_a_walk_in_the_desk_shows_the_seats_the_build_gives(tmp_path):
    """Seats are worked out again for each version of the list (when first asked for, not
    while the walk-in is saved): after a walk-in joins the table, the desk's seats are the plan's."""
    from printkit.desk.app import Desk, create_app

    programme = write_seating_programme(tmp_path, "round")
    client = create_app(Desk(programme)).test_client()
    families = {pid: family for pid, (_, family) in PEOPLE.items()}

    def desk_seats() -> dict[str, int]:
        return {p["id"]: p["seat"] for family in families.values()
                for p in client.get("/api/search", query_string={"q": family}).get_json()}

    before = desk_seats()
    added = client.post("/api/people", headers={"Origin": "http://localhost"}, json={"action": "add", "fields": {
        "given_name": "Aaron", "family_name": "Aalto", "ticket": "General Admission"}})
    assert added.status_code == 201, added.get_json()
    families[added.get_json()["person"]["id"]] = "Aalto"
    assert run("seating", programme, "-o", tmp_path / "out").exit_code == 0
    pdf = tmp_path / "out" / "seating.pdf"
    plan = {next(pid for pid, family in families.items() if has_family(line, family)): seat
            for seat, line in list_rows(pdf, 2, 0)}
    assert len(plan) == 25 and set(plan) == set(families) - {"staffer"}
    shown = desk_seats()
    assert {pid: shown[pid] for pid in plan} == plan
    assert any(before.get(pid) != seat for pid, seat in plan.items() if pid in before)  # the walk-in moved someone


def test_an_organisation_too_long_for_the_plan_is_cut_there_and_listed_never_refused(tmp_path):
    """A person is never kept off the plan by a long organisation: it is cut at a word
    with '…' on the plan (and the chair's view), named in the warnings, and whole in the lists."""
    organisation = ("European Centre of Excellence for Countering Hybrid Threats and Critical Infrastructure "
                    "Resilience in the Wider North Atlantic and Indo-Pacific Region")
    programme = write_seating_programme(tmp_path)
    programme.write_text(programme.read_text(encoding="utf-8").replace(
        "Adviser, Ministry of Research, Romania", f"Adviser, {organisation}"), encoding="utf-8")
    result = run("seating", programme, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Ștefan Popescu: affiliation cut after" in result.output
    assert "1 affiliation cut to fit the plan" in result.output
    pdf = tmp_path / "out" / "seating.pdf"
    for page in (0, 1):  # the plan and the chair's view
        text = plain_text(pdf, page)
        assert "EuropeanCentreof" in text and "…" in text and "Indo-PacificRegion" not in text
    assert any("".join(organisation.split()) in plain_text(pdf, page) for page in range(2, pages(pdf)))
    assert run("check", pdf).exit_code == 0
