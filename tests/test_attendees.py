"""Registration exports → badge holders: header styles, encodings, bad rows, merging."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from printkit.cli import main
from printkit.load import load_programme
from printkit.load.attendees import read_attendees
from printkit.model import Registration, Source
from printkit.roster import build_roster

DATA = Path(__file__).parent / "data"
TICKETS = (("General Admission", "Participant"), ("Participant ticket", "Participant"), ("Press", "Press"),
           ("Staff", "Staff"))

PROGRAMME = """\
event:
  title: Test Roundtable on Badges
  short_title: Badge Test
  date: 2026-03-24
  venue: Hall A
  city: Tokyo
people:
  - id: hanako-yamada
    given_name: Hanako
    family_name: Yamada
    native_name: 山田 花子
    native_reading: やまだ はなこ
    family_name_first: true
    affiliations: ["Senior Fellow, Institute of Geoeconomics"]
    contact: {email: hanako@example.jp, phone: "+81 3 0000 0000"}
  - id: eva-pejsova
    given_name: Eva
    family_name: Pejsova
    affiliations: ["Japan Chair, CSDS"]
    contact: {email: eva@example.eu, phone: "+32 2 000 00 00"}
    share_contact: true
programme:
  - id: panel
    kind: panel
    start: "09:30"
    end: "11:00"
    title: Panel I
    subtitle: "From Innovation to Deterrence: Dual-Use Technologies"
    moderators: [eva-pejsova]
    speakers: [hanako-yamada]
registration:
  ticket_roles:
    General Admission: Participant
    Participant ticket: Participant
    Press: Press
    Staff: Staff
"""


def write_programme(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "programme.yaml"
    path.write_text(PROGRAMME + extra, encoding="utf-8")
    return path


def people_of(name: str, registration: Registration = Registration(ticket_roles=TICKETS)):
    read = read_attendees(DATA / name, registration)
    assert read.problems == []
    return read.people


def test_eventbrite_export_with_bom_is_read_with_roles_contacts_and_consent():
    people = people_of("eventbrite.csv")
    assert [(p.given_name, p.family_name, p.role) for p in people] == [
        ("Ștefan", "Țărănescu", "Participant"), ("Agnieszka", "Żółkiewska", "Press"),
        ("Γεώργιος", "Παπαδόπουλος", "Participant"), ("Кирил", "Петров", "Staff"),
    ]
    stefan = people[0]
    assert stefan.organisation == "Institutul Român, București"
    assert stefan.position == "Cercetător"
    assert (stefan.contact.email, stefan.contact.phone, stefan.share_contact) == (
        "stefan.taranescu@example.ro", "+40 700 000 001", True)
    assert people[1].share_contact is False
    assert stefan.source == Source("eventbrite.csv", 2)


def test_pretix_export_with_semicolons_quotes_and_native_names_is_read():
    people = people_of("pretix.csv")
    assert [(p.given_name, p.family_name) for p in people] == [
        ("Hanako", "Yamada"), ("Jean-Pierre", "Dubois"), ("Ioana", "Popescu")]
    assert people[0].native_name == "山田 花子"
    assert people[0].organisation == "Institute of Geoeconomics; Tokyo"
    assert people[0].contact.email == "hanako@example.jp"
    assert [p.role for p in people] == ["Participant", "Participant", "Staff"]


def test_indico_export_without_ticket_column_gives_everyone_the_default_role():
    people = people_of("indico.csv", Registration(ticket_roles=TICKETS, default_role="Guest"))
    assert [(p.given_name, p.organisation, p.position, p.role) for p in people] == [
        ("Maria", "Politechnika Warszawska", "Profesor", "Guest"),
        ("Eva", "Centre for Security, Diplomacy and Strategy", "Japan Chair", "Guest"),
        ("Olivier", "Ministère de l'Europe, des Affaires étrangères", "Conseiller", "Guest"),
    ]


def ids_by_name(path: Path) -> dict[str, str]:
    read = read_attendees(path, Registration(ticket_roles=TICKETS))
    assert read.problems == []
    return {p.display_name: p.id for p in read.people}


def reshuffled(source: Path, target: Path, new_row: str) -> Path:
    """`source` rewritten to `target` with `new_row` inserted above the others and the rows reversed:
    what a second export of the same registrations a week later looks like."""
    header, *rows = source.read_text(encoding="utf-8-sig").splitlines()
    target.write_text("\n".join([header, new_row, *reversed(rows)]) + "\n", encoding="utf-8")
    return target


def test_attendee_ids_survive_a_row_inserted_above_and_the_rows_reordered(tmp_path):
    before = ids_by_name(DATA / "eventbrite.csv")
    after = ids_by_name(reshuffled(DATA / "eventbrite.csv", tmp_path / "eventbrite.csv",
                                   "1000,2026-01-31,Anna,Nowak,anna@example.pl,Press,,,,"))
    assert len(set(before.values())) == len(before) == 4
    assert {name: after[name] for name in before} == before
    assert after["Anna Nowak"] not in before.values()


def test_ids_of_rows_without_an_email_survive_a_row_inserted_above(tmp_path):
    export = tmp_path / "walkins.csv"
    export.write_text("First Name,Last Name\nAnna,Nowak\nJan,Kowalski\n", encoding="utf-8")
    before = ids_by_name(export)
    (tmp_path / "later").mkdir()
    after = ids_by_name(reshuffled(export, tmp_path / "later" / "walkins.csv", "Zofia,Wiśniewska"))
    assert len(set(before.values())) == len(before) == 2
    assert {name: after[name] for name in before} == before


def test_bad_rows_are_listed_with_line_numbers_and_nothing_is_written(tmp_path):
    programme = write_programme(tmp_path)
    result = CliRunner().invoke(main, ["badges", str(programme), "-o", str(tmp_path / "out"),
                                       "--attendees", str(DATA / "bad.csv")])
    assert result.exit_code == 2
    assert "bad.csv:3: name:" in result.output
    assert "bad.csv:4: ticket: unknown ticket type 'Backstage Pass'" in result.output
    assert "bad.csv:2" not in result.output
    assert not (tmp_path / "out").exists()


def test_skip_invalid_prints_the_good_rows_and_still_lists_the_bad_ones(tmp_path):
    programme = write_programme(tmp_path)
    result = CliRunner().invoke(main, ["badges", str(programme), "-o", str(tmp_path / "out"), "--skip-invalid",
                                       "--attendees", str(DATA / "bad.csv")])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.output and "bad.csv:3" in result.output and "bad.csv:4" in result.output
    assert "people: 3 = 5 read − 0 merged − 2 refused" in result.output
    assert "refused: bad.csv:3, bad.csv:4" in result.output
    assert "made 3 badges" in result.output
    assert (tmp_path / "out" / "badges.pdf").is_file()


def test_a_speaker_who_registered_gets_one_badge_with_the_speaker_role(tmp_path):
    programme = load_programme(write_programme(tmp_path))
    roster = build_roster(programme, [DATA / "indico.csv"])
    evas = [p for p in roster.people if p.given_name == "Eva"]
    assert len(evas) == 1 and evas[0].role == "Moderator" and evas[0].id == "eva-pejsova"
    assert roster.summary(len(roster.people)) == (
        "read 5: 2 from programme.yaml, 3 from indico.csv\n"
        "merged: Eva Pejsova (programme.yaml) = indico.csv:3\n"
        "people: 4 = 5 read − 1 merged − 0 refused\n"
        "made 4 badges")


def test_people_are_sorted_by_family_name_with_accents_folded(tmp_path):
    programme = load_programme(write_programme(tmp_path))
    roster = build_roster(programme, [DATA / "indico.csv", DATA / "pretix.csv"])
    latin = [p.family_name for p in roster.people]
    assert latin == ["Dubois", "Kowalska", "Martin", "Pejsova", "Popescu", "Yamada"]


def test_files_named_in_programme_yaml_are_read_relative_to_it(tmp_path):
    shutil.copy(DATA / "pretix.csv", tmp_path / "reg.csv")
    programme = load_programme(write_programme(tmp_path, "  files: [reg.csv]\n"))
    roster = build_roster(programme)
    assert roster.rows_read == {"programme.yaml": 2, "reg.csv": 3}
    assert [str(m) for m in roster.merges] == ["Yamada Hanako (programme.yaml) = reg.csv:2"]
    assert len(roster.people) == 4


def test_an_explicit_column_mapping_reads_unusual_headers(tmp_path):
    export = tmp_path / "custom.csv"
    export.write_text("Vorname\tZuname\tFirma\tKategorie\nJürgen\tMüller\tBeispiel GmbH\tPresse\n", encoding="utf-8")
    mapping = ("  columns:\n    family_name: Zuname\n    organisation: Firma\n    ticket: Kategorie\n"
               "  default_role: Participant\n")
    programme = load_programme(write_programme(tmp_path, mapping))
    read = read_attendees(export, programme.registration)
    assert read.problems == []
    person = read.people[0]
    assert (person.given_name, person.family_name, person.organisation, person.role) == (
        "Jürgen", "Müller", "Beispiel GmbH", "Participant")


def test_a_missing_mapped_column_and_an_unrecognised_header_are_reported(tmp_path):
    export = tmp_path / "odd.csv"
    export.write_text("Who,Where\nSomebody,Somewhere\n", encoding="utf-8")
    programme = load_programme(write_programme(tmp_path, "  columns:\n    email: Mail\n"))
    read = read_attendees(export, programme.registration)
    messages = [str(p) for p in read.problems]
    assert any("odd.csv:1: registration.columns.email: the header has no column 'Mail'" in m for m in messages)
    assert any("no name column recognised" in m for m in messages)


def test_a_quoted_field_over_two_lines_keeps_later_line_numbers_right(tmp_path):
    export = tmp_path / "multi.csv"
    export.write_text('First Name,Last Name,Company\nAnna,Nowak,"Line one\nline two"\n,,Nobody Inc\n', encoding="utf-8")
    read = read_attendees(export, Registration())
    assert read.people[0].organisation == "Line one line two"
    assert [(p.line, p.field) for p in read.problems] == [(4, "name")]


def test_a_character_no_font_has_fails_naming_the_person_and_the_character(tmp_path):
    export = tmp_path / "glyph.csv"
    export.write_text("First Name,Last Name\nAnna\ue000,Nowak\n", encoding="utf-8")
    programme = write_programme(tmp_path)
    result = CliRunner().invoke(main, ["badges", str(programme), "-o", str(tmp_path / "out"), "--attendees", str(export)])
    assert result.exit_code == 2
    assert "glyph.csv:2: given_name: Anna\ue000 Nowak: no bundled font has U+E000" in result.output
    assert not (tmp_path / "out").exists()


PAGE_SIZES = "expected two positive lengths in mm up to 2000, e.g. [105, 148]"


@pytest.mark.parametrize("stock, pointed_at, message", [
    ("page: [210]\nslot: [80, 50]", ("page: [210]", "[210]"),
     f"badges.stocks.mine.page: {PAGE_SIZES}, or one of a3, a4, a5, a6, letter, legal"),
    ("page: a4\nslot: [0, 50]", ("slot: [0, 50]", "[0, 50]"), f"badges.stocks.mine.slot: {PAGE_SIZES}"),
    # a grid too big for its page is the stock's fault as a whole: reported where the stock's fields begin
    ("page: a4\nslot: [80, 50]\ncolumns: 9", ("page: a4", "page"),
     "badges.stocks.mine: the 9 × 1 grid ends at 465.0 × 173.5 mm, outside the 210 × 297 mm page"),
])
def test_a_broken_custom_stock_is_reported_with_its_line(tmp_path, stock, pointed_at, message):
    path = write_programme(tmp_path, "badges:\n  stocks:\n    mine:\n" +
                           "".join(f"      {line}\n" for line in stock.splitlines()))
    line_text, value = pointed_at
    lines = path.read_text(encoding="utf-8").splitlines()
    line = lines.index(f"      {line_text}") + 1
    column = lines[line - 1].index(value) + 1
    result = CliRunner().invoke(main, ["badges", str(path), "-o", str(tmp_path / "out"), "--stock", "mine"])
    assert result.exit_code == 2
    assert f"error: {path}:{line}:{column}: {message}\n" in result.output
