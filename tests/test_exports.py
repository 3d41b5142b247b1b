"""Reading exports as they really come, and refusing bad input with its line (issue 11).

Every case is a real file in tests/data/ (or, for the sizes that would bloat
the repository, written by the test) run through the command line; the
assertions read its error text and exit status, or the badges it wrote.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from printkit.cli import main
from printkit.desk.app import Desk
from test_attendees import DATA, write_programme
from test_badges import decoded_codes, page_count, vcard_field
from test_roster import badge_texts, run


def refused(tmp_path: Path, *exports: str, programme: Path | None = None, command: str = "badges") -> str:
    """The error output of a run that must exit 2, write nothing and show no traceback."""
    programme = programme or write_programme(tmp_path)
    attendees = [a for name in exports for a in ("--attendees", str(DATA / name))]
    result = CliRunner().invoke(main, [command, str(programme), "-o", str(tmp_path / "out"), *attendees])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "unexpected error" not in result.output
    assert not (tmp_path / "out").exists()
    return result.output


def test_an_unclosed_quote_is_reported_at_the_line_it_opens_and_no_row_is_lost(tmp_path):
    output = refused(tmp_path, "unclosed-quote.csv")
    assert ("unclosed-quote.csv:3: a quote opens in this row and is never closed, so lines 4–6 became part of one "
            "cell") in output
    assert "printkit: 1 problem in the input" in output
    result = run(tmp_path, "unclosed-quote.csv", args=("--skip-invalid",))
    assert result.exit_code == 0, result.output
    assert "5 from unclosed-quote.csv" in result.output and "refused: unclosed-quote.csv:3" in result.output
    names = "".join(badge_texts(tmp_path / "out" / "badges.pdf"))
    assert "AnnaNOWAK" in names and "EwaLIS" not in names  # the rows after the quote are refused, and said so


def test_a_legitimate_note_over_two_lines_is_not_taken_for_an_unclosed_quote(tmp_path):
    export = tmp_path / "notes.csv"
    export.write_text('First Name,Last Name,Notes\nAnna,Nowak,"vegan,\nno nuts"\nJan,Kowalski,\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["badges", str(write_programme(tmp_path)), "-o", str(tmp_path / "out"),
                                       "--attendees", str(export)])
    assert result.exit_code == 0, result.output
    assert "read 4: 2 from programme.yaml, 2 from notes.csv" in result.output


def test_utf16_tab_separated_unicode_text_from_excel_is_read(tmp_path):
    output, _ = run_ok(tmp_path, "excel-unicode-text.txt")
    assert "3 from excel-unicode-text.txt" in output
    texts = "".join(badge_texts(tmp_path / "out" / "badges.pdf"))
    assert "ȚĂRĂNESCU" in texts and "山田花子" in texts and "LeJournal" in texts


def run_ok(tmp_path: Path, *exports: str):
    result = run(tmp_path, *exports)
    assert result.exit_code == 0, result.output
    return result.output, tmp_path / "out" / "badges.pdf"


@pytest.mark.parametrize("name, line, encoding, shown", [
    ("windows-1252.csv", 3, "Windows-1252 (Excel on Windows)", "'Zoé,Dubois,zoe@example.fr,Press'"),
    ("shift-jis.csv", 1, "Shift_JIS (Excel in Japanese)", "'名,姓,メール,チケット'"),
])
def test_a_file_in_another_encoding_is_one_clear_error_with_the_line_and_how_to_resave(tmp_path, name, line,
                                                                                        encoding, shown):
    output = refused(tmp_path, name)
    assert f"{name}:{line}: is not UTF-8 text — it looks like {encoding}, in which this line reads {shown}" in output
    assert "'CSV UTF-8 (Comma delimited)'" in output
    assert output.count("error: ") == 1 and "no name column" not in output


def test_fifty_rows_of_one_unknown_ticket_type_are_one_error_with_the_yaml_line_to_add(tmp_path):
    output = refused(tmp_path, "observers.csv")
    errors = [line for line in output.splitlines() if line.startswith("error: ")]
    assert errors == ["error: " + str(DATA / "observers.csv") + ":3, 4, 5, 6, 7 and 45 more (50 rows): ticket: "
                      "unknown ticket type 'Observer': add the line 'Observer: Participant' (or another role) under "
                      "registration.ticket_roles in programme.yaml, or set registration.default_role"]


def test_a_130000_character_notes_cell_is_read_and_one_over_the_csv_limit_is_refused_with_its_line(tmp_path):
    output, pdf = run_ok(tmp_path, "long-notes-cell.csv")
    assert "people: 4 = 4 read − 0 merged − 0 refused" in output
    huge = tmp_path / "huge.csv"
    huge.write_text('First Name,Last Name,Notes\nAnna,Nowak,\n"Jan",Kowalski,"' + "x" * 140_000 + '"\n',
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["badges", str(write_programme(tmp_path)), "-o", str(tmp_path / "o2"),
                                       "--attendees", str(huge)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "huge.csv:3: a cell is longer than 131,072 characters" in result.output


def test_a_name_field_over_200_characters_is_refused_with_its_line(tmp_path):
    export = tmp_path / "pasted.csv"
    export.write_text("First Name,Last Name\nAnna,Nowak\nJan," + "K" * 300 + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["badges", str(write_programme(tmp_path)), "-o", str(tmp_path / "out"),
                                       "--attendees", str(export)])
    assert result.exit_code == 2
    assert "pasted.csv:3: family_name: is 300 characters long; at most 200" in result.output


def test_zero_width_characters_are_removed_and_search_finds_the_name(tmp_path):
    output, pdf = run_ok(tmp_path, "invisible-characters.csv")
    cards = [card for page in range(page_count(pdf)) for card, _, _ in decoded_codes(pdf, page, 200)]
    john = next(card for card in cards if vcard_field(card, "FN") == "John Smith")
    assert vcard_field(john, "ORG") == "Acme Ltd"
    assert not any(c in "".join(badge_texts(pdf)) for c in "\u200b\u200c\u200d\ufeff")
    desk = Desk(write_programme(tmp_path), (DATA / "invisible-characters.csv",))
    assert [p.display_name for p in desk.search("John")] == ["John Smith"]
    assert [p.display_name for p in desk.search("Jo\u200bhn")] == ["John Smith"]


def test_bidi_and_control_characters_are_refused_with_their_lines(tmp_path):
    output = refused(tmp_path, "bidi-and-controls.csv")
    assert "bidi-and-controls.csv:3: given_name: contains U+202E RIGHT-TO-LEFT OVERRIDE" in output
    assert "bidi-and-controls.csv:4: family_name: contains U+0007 control character" in output
    assert "bidi-and-controls.csv:5: organisation: contains U+0085 control character" in output
    assert "bidi-and-controls.csv:2" not in output


def test_bidi_controls_in_programme_yaml_are_refused_and_zero_width_removed(tmp_path):
    programme = write_programme(tmp_path)
    text = programme.read_text(encoding="utf-8")
    programme.write_text(text.replace("given_name: Eva", "given_name: E\u2067va").replace(
        "given_name: Hanako", "given_name: Han\u200bako"), encoding="utf-8")
    output = refused(tmp_path, programme=programme)
    assert "programme.yaml:17:17: people[1].given_name: expected text, got 'E\\u2067va' (contains U+2067" in output
    assert output.count("error: ") == 1


def write_yaml(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "programme.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@pytest.mark.parametrize("case, expected", [
    ("nested", "programme.yaml:3: is nested too deeply to read"),
    ("indented", "programme.yaml:2001: is nested too deeply to read"),
    ("nul", "programme.yaml:3: contains the control character NUL"),
    ("unclosed", "programme.yaml:4:7: is not valid YAML: expected ',' or ']', but got ':' "
                 "(parsing a flow sequence that began on line 3, column 12)"),
    ("huge slot", "programme.yaml:{last}:13: badges.stocks.mine.slot: expected two positive lengths in mm up to 2000"),
    ("tiny slot", "programme.yaml:{last}:13: badges.stocks.mine.slot: a badge needs at least 60 × 40 mm"),
])
def test_broken_programme_files_exit_2_with_file_and_line(tmp_path, case, expected):
    text = {
        "nested": "event:\n  title: T\nprogramme: " + "[" * 5000 + "]" * 5000 + "\n",
        "indented": "event:\n" + "".join("  " * i + "k:\n" for i in range(1, 2001)),
        "nul": "event:\n  title: T\n  venue: \x00\n",
        "unclosed": "event:\n  title: T\nprogramme: [1, 2\npeople: []\n",
        "huge slot": write_programme(tmp_path).read_text() + "badges:\n  stocks:\n    mine:\n      page: a4\n"
                     "      slot: [1e307, 1e307]\n",
        "tiny slot": write_programme(tmp_path).read_text() + "badges:\n  stocks:\n    mine:\n      page: a4\n"
                     "      slot: [2, 2]\n",
    }[case]
    output = refused(tmp_path, programme=write_yaml(tmp_path, text), command="badges")
    assert expected.replace("{last}", str(text.count("\n"))) in output, output


def test_build_skip_invalid_makes_everything_without_the_bad_rows(tmp_path):
    (tmp_path / "reg.csv").write_text((DATA / "bad.csv").read_text(encoding="utf-8"), encoding="utf-8")
    programme = write_programme(tmp_path, "  files: [reg.csv]\n")
    failed = CliRunner().invoke(main, ["build", str(programme), "-o", str(tmp_path / "out")])
    assert failed.exit_code == 2 and not (tmp_path / "out").exists()
    result = CliRunner().invoke(main, ["build", str(programme), "-o", str(tmp_path / "out"), "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"booklet.pdf", "badges.pdf", "tents.pdf"}
    assert "refused: reg.csv:3, reg.csv:4" in result.output
    assert len(badge_texts(tmp_path / "out" / "badges.pdf")) == 3


def test_check_reads_a_badge_whose_name_has_a_character_beyond_the_bmp(tmp_path):
    output, pdf = run_ok(tmp_path, "emoji-name.csv")
    result = CliRunner().invoke(main, ["check", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "printkit check: 0 errors in 1 file" in result.output


def test_a_workbook_given_for_a_csv_is_refused_with_how_to_export_it(tmp_path):
    import zipfile

    workbook = tmp_path / "attendees.xlsx"
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    result = CliRunner().invoke(main, ["badges", str(write_programme(tmp_path)), "-o", str(tmp_path / "out"),
                                       "--attendees", str(workbook)])
    assert result.exit_code == 2
    assert "attendees.xlsx: is a spreadsheet workbook (.xlsx/.ods), not a CSV export" in result.output
    assert "'CSV UTF-8 (Comma delimited)'" in result.output


def test_an_event_title_too_long_for_the_badge_header_is_one_error_not_a_crash(tmp_path):
    programme = write_programme(tmp_path)
    title = "The Extraordinarily Long Annual International Conference on Everything Under the Sun, Edition 2026"
    programme.write_text(programme.read_text().replace("short_title: Badge Test", f"short_title: {title}"))
    result = CliRunner().invoke(main, ["badges", str(programme), "-o", str(tmp_path / "out"), "--stock", "avery-l4785"])
    assert result.exit_code == 2, result.output
    assert (f"programme.yaml: event.short_title: '{title}' does not fit the badge header in one line at 6 pt on the "
            "avery-l4785 stock") in result.output


def test_encoding_option_reads_a_windows_1252_export_as_it_is(tmp_path):
    result = run(tmp_path, "windows-1252.csv", args=("--encoding", "cp1252"))
    assert result.exit_code == 0, result.output
    names = "".join(badge_texts(tmp_path / "out" / "badges.pdf"))
    assert "ZoéDUBOIS" in names and "JürgenMÜLLER" in names
    unknown = run(tmp_path, "windows-1252.csv", args=("--encoding", "klingon"))
    assert unknown.exit_code == 2 and "unknown encoding 'klingon'" in unknown.output
