"""The registration desk at the server level (Flask's test client): printing one
item, validation, the access token, escaping, durable changes picked up by the build."""

from __future__ import annotations

import csv
import json
import threading
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from deskfixture import decoded_qr_texts, write_event
from pdfcheck import page_text, placed_chars, unembedded_fonts
from printkit.cli import main
from printkit.desk.app import Desk, create_app, needs_token
from printkit.desk.storage import ForeignFile, append_row
from printkit.load.changes import HEADER, read_changes
from printkit.load import load_programme
from printkit.roster import build_roster

MM = 72 / 25.4


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    return Desk(write_event(tmp_path))


def page_client(app):
    """A client that posts as the desk's own page does (with its Origin)."""
    client = app.test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"
    return client


@pytest.fixture
def client(desk: Desk):
    return page_client(create_app(desk))


def find(client, query: str) -> list[dict]:
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code == 200
    return response.json


def add(client, **fields) -> object:
    return client.post("/api/people", json={"action": "add", "fields": fields})


def change_rows(desk: Desk) -> list[dict]:
    if not desk.changes_path.exists():
        return []
    with open(desk.changes_path, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_search_folds_accents_and_finds_native_names_and_readings(client):
    assert [p["id"] for p in find(client, "stefan")] == ["stefan-popescu"]
    assert [p["id"] for p in find(client, "ȘTEFAN pop")] == ["stefan-popescu"]
    assert [p["id"] for p in find(client, "山田")] == ["hanako-yamada"]
    assert [p["id"] for p in find(client, "やまだ")] == ["hanako-yamada"]
    assert [p["id"] for p in find(client, "geoeconomics")] == ["hanako-yamada"]
    found = find(client, "yamada")[0]
    assert (found["role"], found["affiliation"], found["printed"]) == ("Speaker", "Senior Fellow, Institute of Geoeconomics", {})
    assert find(client, "") == []


def test_single_badge_names_the_person_its_qr_decodes_and_it_is_logged(client, desk, tmp_path):
    response = client.post("/api/print", data={"item": "badge:hanako-yamada", "badge_stock": "a6"})
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline")
    pdf = tmp_path / "badge.pdf"
    pdf.write_bytes(response.data)
    text = page_text(pdf)
    assert "Hanako" in text and "山田" in text
    assert unembedded_fonts(pdf) == []
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 1
    assert [float(v) / MM for v in reader.pages[0].mediabox[2:]] == pytest.approx([105, 148], abs=0.01)
    codes = decoded_qr_texts(pdf)
    assert len(codes) == 1 and "N:山田;花子;;;\r\nFN:山田 花子\r\nNICKNAME:Yamada Hanako\r\n" in codes[0]
    assert find(client, "yamada")[0]["printed"]["badge"]
    log = client.get("/api/log").json
    assert (log[0]["Product"], log[0]["Person ID"], log[0]["Stock"]) == ("badge", "hanako-yamada", "a6")


def test_badge_goes_into_the_chosen_slot_of_a_label_sheet(client, tmp_path):
    """Avery 5392: 2 × 3 badges of 101.6 × 76.2 mm from (6.35, 25.4) mm; slot 4 is row 2, right."""
    response = client.post("/api/print", data={"item": "badge:stefan-popescu", "badge_stock": "avery-5392", "slot": "4"})
    pdf = tmp_path / "label.pdf"
    pdf.write_bytes(response.data)
    left, top = (6.35 + 101.6) * MM, (279.4 - 25.4 - 76.2) * MM
    bottom = top - 76.2 * MM
    keywords = json.loads(pypdf.PdfReader(pdf).metadata["/Keywords"].removeprefix("printkit "))
    assert keywords["slots"] == [pytest.approx([left, bottom, 101.6 * MM, 76.2 * MM], abs=0.01 * MM)]
    chars = placed_chars(pdf)
    assert "Ștefan" in "".join(c.char for c in chars)
    for char in chars:
        x0, y0, x1, y1 = char.box
        assert left - 0.01 <= x0 and x1 <= left + 101.6 * MM + 0.01 and bottom - 0.01 <= y0 and y1 <= top + 0.01


def test_tent_card_for_one_person(client, tmp_path):
    response = client.post("/api/print", data={"item": "tent:hanako-yamada", "tent_stock": "a4-fold"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = tmp_path / "tent.pdf"
    pdf.write_bytes(response.data)
    assert "Hanako" in page_text(pdf) and unembedded_fonts(pdf) == []


@pytest.mark.parametrize("data, status, message", [
    ({"item": "badge:nobody"}, 404, "nobody has the id"),
    ({"item": "poster:hanako-yamada"}, 400, "unknown product"),
    ({"item": "badge:hanako-yamada", "badge_stock": "a4-4xa6", "slot": "5"}, 422, "between 1 and 4"),
    ({"item": "badge:hanako-yamada", "slot": "two"}, 400, "whole number"),
    ({"item": "badge:hanako-yamada", "badge_stock": "a7"}, 400, "unknown badge stock"),
    ({"item": "badge:hanako-yamada\n"}, 400, "is not an id"),
])
def test_bad_print_requests_get_a_clear_message(client, desk, data, status, message):
    response = client.post("/api/print", data=data)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert not desk.log.path.exists()


def test_walk_in_is_saved_and_found(client, desk):
    response = add(client, given_name="Zofia", family_name="Wiśniewska", organisation="Politechnika Łódzka",
                   ticket="Press")
    assert response.status_code == 201 and response.json["saved"]
    assert response.json["person"]["role"] == "Press"
    found = find(client, "wisniewska")
    assert [p["name"] for p in found] == ["Zofia Wiśniewska"]
    assert found[0]["id"] == response.json["person"]["id"]
    rows = change_rows(desk)
    assert [(r["Action"], r["First Name"], r["Last Name"], r["Company"], r["Ticket Type"]) for r in rows] == [
        ("add", "Zofia", "Wiśniewska", "Politechnika Łódzka", "Press")]
    assert rows[0]["Timestamp"]


@pytest.mark.parametrize("fields, field, message", [
    ({"given_name": "", "family_name": " ", "ticket": "Press"}, "name", "is empty"),
    ({"given_name": "A" * 10_000, "family_name": "B", "ticket": "Press"}, "given_name", "at most 200"),
    ({"given_name": "Anna", "family_name": "Nowak", "ticket": "Backstage"}, "ticket", "unknown ticket type"),
    ({"given_name": "Anna", "family_name": "Nowak\u1200", "ticket": "Press"}, "family_name", "no bundled font"),
    ({"given_name": "Ana\u202e", "family_name": "Silva", "ticket": "Press"}, "given_name", "U+202E RIGHT-TO-LEFT"),
    ({"given_name": "Ana", "family_name": "Sil\x00va", "ticket": "Press"}, "family_name", "U+0000"),
])
def test_invalid_walk_ins_are_refused_and_nothing_is_stored(client, desk, fields, field, message):
    response = add(client, **fields)
    assert response.status_code == 422
    problems = response.json["problems"]
    assert any(p["field"] == field and message in p["message"] for p in problems), problems
    assert change_rows(desk) == []


def test_bytes_that_are_not_utf8_are_refused_like_a_broken_csv(client, desk):
    body = b'{"action": "add", "fields": {"given_name": "Jan", "family_name": "Kr\xf3l", "ticket": "Press"}}'
    response = client.post("/api/people", data=body, content_type="application/json")
    assert response.status_code == 422
    assert "not UTF-8" in response.json["problems"][0]["message"]
    assert change_rows(desk) == []


def test_correction_keeps_id_and_role_and_build_picks_it_up(client, desk, tmp_path):
    response = client.post("/api/people", json={"action": "correct", "person_id": "stefan-popescu", "fields": {
        "given_name": "Ștefan-Andrei", "family_name": "Popescu", "organisation": "Academia Română"}})
    assert response.status_code == 201
    person = find(client, "andrei")[0]
    assert (person["id"], person["role"], person["affiliation"]) == ("stefan-popescu", "Moderator", "Academia Română")
    add(client, given_name="Zofia", family_name="Wiśniewska", ticket="Press")

    roster = build_roster(load_programme(desk.programme.path))
    names = {p.id: (p.display_name, p.role) for p in roster.people}
    assert names["stefan-popescu"] == ("Ștefan-Andrei Popescu", "Moderator")
    assert ("Zofia Wiśniewska", "Press") in names.values()
    result = CliRunner().invoke(main, ["badges", desk.programme.path, "-o", str(tmp_path / "out"), "--stock", "a6"])
    assert result.exit_code == 0, result.output
    texts = [page_text(tmp_path / "out" / "badges.pdf", i) for i in range(len(pypdf.PdfReader(tmp_path / "out" / "badges.pdf").pages))]
    assert any("Ștefan-Andrei" in t for t in texts) and any("WIŚNIEWSKA" in t.upper() for t in texts)


def test_a_correction_records_whom_it_was_made_for_and_is_not_applied_to_someone_else(client, desk, tmp_path):
    """Ids can come to mean someone else (an export re-downloaded with other ids, a programme
    edited): a correction made for Ștefan Popescu must not rename whoever holds his id now."""
    response = client.post("/api/people", json={"action": "correct", "person_id": "stefan-popescu", "fields": {
        "given_name": "Ștefan-Andrei", "family_name": "Popescu"}})
    assert response.status_code == 201
    (row,) = change_rows(desk)
    assert row["Made For"] == "Ștefan Popescu" and row["Person ID"] == "stefan-popescu"

    programme = Path(desk.programme.path)
    programme.write_text(programme.read_text(encoding="utf-8").replace(
        "    given_name: Ștefan\n    family_name: Popescu", "    given_name: Mihai\n    family_name: Ionescu"),
        encoding="utf-8")
    result = CliRunner().invoke(main, ["badges", str(programme), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert ("desk-changes.csv:2: Made For: corrects 'stefan-popescu' for 'Ștefan Popescu', but that id is now "
            "'Mihai Ionescu'; not applied: check the row") in result.output
    assert not (tmp_path / "out" / "badges.pdf").exists()


def test_a_desk_file_written_before_made_for_is_still_appended_to_in_its_own_columns(client, desk):
    legacy = ",".join(HEADER[:-1])
    desk.changes_path.write_text(f"{legacy}\n2026-03-24T09:00:00,add,walk-in-00000001,Jan,Król,,,,,Press\n",
                                 encoding="utf-8")
    response = client.post("/api/people", json={"action": "correct", "person_id": "stefan-popescu", "fields": {
        "given_name": "Ștefan-Andrei", "family_name": "Popescu"}})
    assert response.status_code == 201, response.json
    lines = desk.changes_path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == legacy and len(lines) == 3 and lines[2].count(",") == legacy.count(",")
    assert find(client, "andrei")[0]["id"] == "stefan-popescu"


def test_correcting_an_unknown_person_is_404(client, desk):
    response = client.post("/api/people", json={"action": "correct", "person_id": "ghost",
                                                 "fields": {"given_name": "A", "family_name": "B"}})
    assert response.status_code == 404 and change_rows(desk) == []


def test_a_row_resaved_as_windows_1252_reads_as_the_spreadsheet_showed_it(desk):
    desk.changes_path.write_bytes("Timestamp,Action,Person ID,First Name,Last Name,Native Name,Job Title,Company,"
                                  "Email,Ticket Type\n2026-03-24T09:00:00,add,,Jan,Kr\xf3l,,,,,Press\n".encode("cp1252"))
    changes = read_changes(desk.changes_path, desk.programme.registration)
    from printkit.load.attendees import attendee_id

    # a row without an id gets the one of any export row: from e-mail and name, never its line (issue 11)
    assert [(p.display_name, p.id) for p in changes.additions] == [("Jan Król", attendee_id(None, "Jan", "Król"))]
    assert changes.problems == []


def test_a_broken_row_edited_into_desk_changes_is_reported_with_its_line(desk):
    desk.changes_path.write_text("Timestamp,Action,Person ID,First Name,Last Name,Native Name,Job Title,Company,"
                                 "Email,Ticket Type\n2026-03-24T09:00:00,add,,Jan,Król,,,,,Backstage\n")
    changes = read_changes(desk.changes_path, desk.programme.registration)
    assert changes.additions == []
    assert [(p.line, p.field) for p in changes.problems] == [(2, "ticket")]


def test_fifty_walk_ins_at_once_are_all_stored(desk):
    app = create_app(desk)
    statuses = []

    def walk_in(number: int) -> None:
        response = page_client(app).post("/api/people", json={"action": "add", "fields": {
            "given_name": "Guest", "family_name": f"Number{number:02d}", "ticket": "General Admission"}})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=walk_in, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 50
    rows = change_rows(desk)
    assert sorted(r["Last Name"] for r in rows) == [f"Number{n:02d}" for n in range(50)]
    assert len(read_changes(desk.changes_path, desk.programme.registration).additions) == 50
    assert len(find(page_client(app), "guest")) == 30  # the search shows the first 30
    assert {p.display_name for p in desk.people.values()} >= {f"Guest Number{n:02d}" for n in range(50)}
    built = build_roster(load_programme(desk.programme.path))  # walk-ins were added one by one, not rebuilt
    assert desk.people == {person.id: person for person in built.people}
    assert [person for _, person in desk.state.index] == built.people


def test_page_escapes_text_from_the_data(tmp_path):
    programme = write_event(tmp_path)
    programme.write_text(programme.read_text().replace("short_title: Desk Test", 'short_title: "<script>alert(1)</script>"'))
    page = create_app(Desk(programme)).test_client().get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_token_is_required_off_loopback(desk):
    assert not needs_token(None) and not needs_token("127.0.0.1") and not needs_token("localhost")
    assert needs_token("127.0.0.2") and needs_token("0.0.0.0")
    client = create_app(desk, token="s3cret").test_client()
    assert client.get("/").status_code == 403
    assert client.get("/api/search?q=yamada").status_code == 403
    assert client.post("/api/print", data={"item": "badge:hanako-yamada"}).status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    assert client.get("/api/search?q=yamada", headers={"X-Desk-Token": "s3cret"}).status_code == 200
    first = client.get("/?token=s3cret")
    assert first.status_code == 302 and "printkit_desk_token=s3cret" in first.headers["Set-Cookie"]
    assert "HttpOnly" in first.headers["Set-Cookie"]
    assert client.get("/").status_code == 200  # the cookie now carries the token


def test_requests_from_another_site_are_refused(client, desk):
    response = client.post("/api/people", json={"action": "add", "fields": {"given_name": "X", "family_name": "Y",
                                                                             "ticket": "Press"}},
                           headers={"Origin": "http://evil.example"})
    assert response.status_code == 403 and change_rows(desk) == []


def test_a_crash_in_one_request_does_not_stop_the_desk(desk, client, monkeypatch):

    def broken(*_args):
        raise RuntimeError("printer driver exploded")

    monkeypatch.setattr(desk, "badge", broken)
    response = client.post("/api/print", data={"item": "badge:hanako-yamada"})
    assert response.status_code == 500 and "printer driver exploded" in response.get_data(as_text=True)
    monkeypatch.undo()
    assert client.post("/api/print", data={"item": "badge:hanako-yamada"}).status_code == 200


def test_rows_are_never_appended_under_a_foreign_header_and_a_row_that_reads_back_wrong_is_taken_out(tmp_path):
    path = tmp_path / "desk-changes.csv"
    path.write_bytes(b"\xef\xbb\xbfTimestamp;Action;Person ID;First Name\r\n2026-03-24;add;walk-in-1;Ola\r\n")
    before = path.read_bytes()
    with pytest.raises(ForeignFile, match="desk-changes.csv was changed outside printkit"):
        append_row(path, HEADER, ["2026-03-24", "add", "walk-in-2", "Jan"] + [""] * 6)
    assert path.read_bytes() == before

    path.write_bytes(before.replace(b";First Name", b";" + ";".join(HEADER[3:]).encode()))
    before = path.read_bytes()

    def read_back(data: bytes, line: int) -> None:
        assert data.endswith(b";Jan;;;;;;\r\n") and line == 3
        raise ValueError("reads back as something else")

    with pytest.raises(ValueError):
        append_row(path, HEADER, ["2026-03-24", "add", "walk-in-2", "Jan"] + [""] * 6, read_back)
    assert path.read_bytes() == before


def test_a_walk_in_typed_with_a_zero_width_space_is_stored_and_found_without_it(client, desk):
    assert add(client, given_name="Jo\u200bhn", family_name="Smith", ticket="Press").status_code == 201
    assert [r["First Name"] for r in change_rows(desk)] == ["John"]
    assert [p["name"] for p in find(client, "John")] == ["John Smith"]


def test_a_walk_in_waits_for_the_print_being_made_and_not_forever():
    """Prints first: a change does not start its work while a print is being made, and a
    stream of prints cannot hold it back longer than its patience."""
    from printkit.desk.priority import PrintsFirst

    gate = PrintsFirst(patience=30)
    printing, finished, order = threading.Event(), threading.Event(), []

    def a_print():
        with gate.print_going():
            printing.set()
            finished.wait(30)
            order.append("print done")

    def a_walk_in():
        gate.wait_for_prints()
        order.append("walk-in goes on")

    printer = threading.Thread(target=a_print)
    printer.start()
    printing.wait(30)
    walker = threading.Thread(target=a_walk_in)
    walker.start()
    walker.join(0.2)
    assert walker.is_alive() and order == []  # still waiting: the print is being made
    finished.set()
    printer.join(30)
    walker.join(30)
    assert order == ["print done", "walk-in goes on"]

    impatient = PrintsFirst(patience=0.05)
    with impatient.print_going():
        impatient.wait_for_prints()  # returns although the print is not done


def test_the_same_walk_in_added_by_two_desks_at_once_is_saved_once(client, desk):
    """Desk B checked its list before desk A's row was written (the race of two desks on
    one folder): checked again under the file's lock, B's row is refused and taken out."""
    from printkit.desk.changes import AddedElsewhere, new_walk_in_id, record_change
    from printkit.load.changes import ADD, validate

    form = {"given_name": "Zofia", "family_name": "Nowak", "email": "zofia@example.org", "ticket": "Press"}
    other_desk = Desk(desk.programme.path)
    fields, problems = validate(form, other_desk.programme.registration, other_desk.changes_path, ADD)
    assert not problems
    assert add(client, **form).status_code == 201  # desk A
    with pytest.raises(AddedElsewhere, match=r"Zofia Nowak, added at desk-changes.csv line 2"):
        record_change(other_desk.changes_path, other_desk.programme.registration, ADD, new_walk_in_id(fields), form,
                      fields)
    assert [(r["First Name"], r["Last Name"]) for r in change_rows(desk)] == [("Zofia", "Nowak")]
    nameless = {"given_name": "Jan", "family_name": "Kowalski", "ticket": "Press"}  # no e-mail: random ids
    fields, _ = validate(nameless, other_desk.programme.registration, other_desk.changes_path, ADD)
    assert add(client, **nameless).status_code == 201
    with pytest.raises(AddedElsewhere, match=r"Jan Kowalski, added at desk-changes.csv line 3"):
        record_change(other_desk.changes_path, other_desk.programme.registration, ADD, new_walk_in_id(fields),
                      nameless, fields)
    assert len(change_rows(desk)) == 2
    again = add(page_client(create_app(other_desk)), **{**form, "email": "ZOFIA@example.org "})
    assert again.status_code == 409 and "Zofia Nowak" in again.get_data(as_text=True)


def test_the_desk_reads_the_fonts_its_people_need_before_the_first_print(tmp_path):
    """A desk reads the fonts its people's names need when it starts (the Japanese ones
    here, for 山田 花子), not while the first attendee waits for a badge. In a fresh
    process: this one has read fonts for other tests."""
    import os
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from reportlab.pdfbase import pdfmetrics; "
            "from printkit.desk.app import Desk; Desk(Path(sys.argv[1])); "
            "print(sorted(pdfmetrics.getRegisteredFontNames()))")
    run = subprocess.run([sys.executable, "-c", code, str(write_event(tmp_path))], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")})
    registered = run.stdout
    assert "BIZUDPGothic-Regular" in registered and "NotoSans-Bold" in registered, registered
