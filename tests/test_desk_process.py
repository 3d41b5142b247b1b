"""The registration desk as the organiser runs it: a real `printkit desk` process, spoken to over
HTTP the way a browser (or a hostile web page) would, and its files as a spreadsheet leaves them."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from deskfixture import write_event
from pdfcheck import page_text
from printkit.desk.changes import read_changes
from printkit.load import load_programme

SRC = Path(__file__).resolve().parents[1] / "src"
CHANGES_HEADER = "Timestamp,Action,Person ID,First Name,Last Name,Native Name,Job Title,Company,Email,Ticket Type"


class DeskProcess:
    """`printkit desk PROGRAMME --port 0` started and read until it prints its address."""

    def __init__(self, programme: Path, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "printkit", "desk", str(programme), "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=printkit_env())
        self.output = []
        while not self.output or not self.output[-1].startswith("open "):
            line = self.process.stdout.readline()
            if not line:
                raise AssertionError(f"the desk did not start: {''.join(self.output)}{self.process.stderr.read()}")
            self.output.append(line)
        self.port = int(re.search(r":(\d+)/", self.output[-1]).group(1))
        self.origin = f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: bytes | str | None = None, headers: dict | None = None,
                host: str | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host or f"127.0.0.1:{self.port}")
        data = body.encode() if isinstance(body, str) else body
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if data is not None:
            connection.putheader("Content-Length", str(len(data)))
        connection.endheaders(data)
        response = connection.getresponse()
        result = response.status, response.read()
        connection.close()
        return result

    def add(self, **fields) -> tuple[int, dict]:
        status, body = self.request("POST", "/api/people", json.dumps({"action": "add", "fields": fields}),
                                    {"Content-Type": "application/json", "Origin": self.origin})
        return status, json.loads(body)

    def search(self, query: str) -> list[dict]:
        status, body = self.request("GET", f"/api/search?q={quote(query)}")
        assert status == 200, body
        return json.loads(body)

    def print_item(self, item: str, **form) -> tuple[int, bytes]:
        return self.request("POST", "/api/print", urlencode({"item": item, **form}),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process.stdout.close()
        self.process.stderr.close()


def printkit_env() -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}


def printkit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "printkit", *args], capture_output=True, text=True,
                          env=printkit_env(), timeout=300)


@pytest.fixture
def start(tmp_path: Path) -> Iterator:
    """Start desks on the event in tmp_path; all are stopped after the test."""
    started = []

    def starter(*args: str, programme: Path | None = None) -> DeskProcess:
        desk = DeskProcess(programme or tmp_path / "programme.yaml", *args)
        started.append(desk)
        return desk

    write_event(tmp_path)
    yield starter
    for desk in started:
        desk.stop()


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> Iterator[DeskProcess]:
    """One desk for the tests that leave no file behind that another depends on."""
    folder = tmp_path_factory.mktemp("shared-desk")
    desk = DeskProcess(write_event(folder))
    desk.folder = folder
    yield desk
    desk.stop()


def changes_file(desk: DeskProcess) -> Path:
    return desk.folder / "desk-changes.csv"


# --- start-up -------------------------------------------------------------------------------------


def test_port_0_prints_the_port_really_bound_and_a_taken_port_is_an_error(start, tmp_path):
    desk = start()
    assert desk.output[-1].startswith(f"open http://127.0.0.1:{desk.port}/")
    assert desk.request("GET", "/")[0] == 200
    taken = subprocess.run([sys.executable, "-m", "printkit", "desk", str(tmp_path / "programme.yaml"),
                            "--port", str(desk.port)], capture_output=True, text=True, env=printkit_env(), timeout=60)
    assert taken.returncode == 2
    assert f"port {desk.port} on 127.0.0.1 is already in use" in taken.stderr
    assert "open http" not in taken.stdout and "Traceback" not in taken.stderr


# --- other web pages ------------------------------------------------------------------------------


def test_a_page_that_rebinds_its_name_to_the_desk_gets_nothing(shared):
    for host in (f"evil.example:{shared.port}", "evil.example", f"127.0.0.1:{shared.port + 1}", f"localhost.evil:{shared.port}"):
        status, body = shared.request("GET", "/api/search?q=yamada", host=host)
        assert (status, b"Yamada" in body) == (421, False), host
        status, _ = shared.request(
            "POST", "/api/people", json.dumps({"action": "add", "fields": {"given_name": "Rebound", "family_name": "Guest"}}),
            {"Content-Type": "application/json", "Origin": f"http://{host}"}, host=host)
        assert status == 421
    assert not shared.search("rebound")
    for host in (f"localhost:{shared.port}", f"127.0.0.1:{shared.port}", f"LOCALHOST:{shared.port}"):
        assert shared.request("GET", "/api/search?q=yamada", host=host)[0] == 200


@pytest.mark.parametrize("headers, status", [
    ({"Content-Type": "application/json", "Origin": "https://127.0.0.1:{port}"}, 403),  # scheme differs
    ({"Content-Type": "application/json", "Origin": "http://127.0.0.1:1"}, 403),
    ({"Content-Type": "application/json", "Origin": "null"}, 403),
    ({"Content-Type": "application/json"}, 403),  # no Origin, not a form
    ({"Content-Type": "text/plain", "Origin": "http://127.0.0.1:{port}"}, 415),
    ({"Content-Type": "application/json", "Origin": "http://127.0.0.1:{port}", "Sec-Fetch-Site": "cross-site"}, 403),
])
def test_only_the_desks_own_page_may_add_people(shared, headers, status):
    headers = {name: value.format(port=shared.port) for name, value in headers.items()}
    body = json.dumps({"action": "add", "fields": {"given_name": "Forged", "family_name": "Request"}})
    assert shared.request("POST", "/api/people", body, headers)[0] == status
    assert not shared.search("forged")


def test_a_stock_path_is_refused_without_reading_the_file(shared, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("page: [100, 100]\nsecret_key_do_not_echo: 1\n")
    for form in ({"badge_stock": str(secret.with_suffix(""))}, {"badge_stock": "../../../" + str(secret.with_suffix(""))}):
        status, body = shared.print_item("badge:hanako-yamada", **form)
        assert status == 400 and b"unknown badge stock" in body and b"secret_key" not in body
    status, body = shared.print_item("tent:hanako-yamada", tent_stock=str(secret.with_suffix("")))
    assert status == 400 and b"secret_key" not in body
    programme = shared.folder / "programme.yaml"
    for command in ("badges", "tents"):
        result = printkit(command, str(programme), "-o", str(tmp_path / "out"), "--stock", str(secret.with_suffix("")))
        assert result.returncode == 2 and "unknown stock" in result.stderr
        assert "secret_key" not in result.stderr + result.stdout


def test_a_big_body_is_refused_with_413_within_a_second(shared):
    start = time.perf_counter()
    with socket.create_connection(("127.0.0.1", shared.port), timeout=5) as connection:
        connection.sendall(f"POST /api/people HTTP/1.1\r\nHost: 127.0.0.1:{shared.port}\r\n"
                           f"Origin: {shared.origin}\r\nContent-Type: application/json\r\n"
                           "Content-Length: 100000000\r\n\r\n".encode() + b"[" * 65536)
        reply = connection.recv(200)
    assert reply.startswith(b"HTTP/1.1 413"), reply
    assert time.perf_counter() - start < 1
    assert not changes_file(shared).exists()


DEEP = "[" * 30_000 + "]" * 30_000


@pytest.mark.parametrize("body, message", [
    ('{"action": "add", "fields": [1, 2]}', "fields: expected an object"),
    ('{"action": "add", "fields": {"given_name": "A", "family_name": null}}', "fields.family_name: expected text"),
    ('{"action": "add", "fields": {"given_name": ["A"]}}', "fields.given_name: expected text"),
    ('{"action": "add", "fields": {"shoe_size": "44"}}', "unknown field 'shoe_size'"),
    ('{"action": ["add"], "fields": {}}', "action: expected"),
    ('{"action": "correct", "person_id": "hanako-yamada\\n", "fields": {}}', "person_id: expected"),
    ('{"action": "correct", "person_id": 7, "fields": {}}', "person_id: expected"),
    ('{"action": "add", "fields": {"given_name": "A"}, "admin": true}', "expected a JSON object"),
    ('[1, 2]', "expected a JSON object"),
    ('"add"', "expected a JSON object"),
    ('{"action": "add", "fields": ' + DEEP + '}', "nests too deeply"),
    (DEEP, "nests too deeply"),
    ('{"action": "add", ', "not JSON"),
])
def test_json_of_the_wrong_shape_gets_400_with_a_message(shared, body, message):
    status, reply = shared.request("POST", "/api/people", body,
                                   {"Content-Type": "application/json", "Origin": shared.origin})
    assert status == 400, reply[:300]
    assert message in json.loads(reply)["problems"][0]["message"]
    assert not changes_file(shared).exists()


def test_an_id_is_matched_whole_and_a_failed_print_is_not_logged(shared):
    for item in ("badge:hanako-yamada\n", "badge:hanako-yamada/x", "badge:hanako"):
        status, _ = shared.print_item(item)
        assert status in (400, 404)
    assert shared.print_item("badge:hanako-yamada", badge_stock="a4-4xa6", slot="9")[0] == 422
    assert not (shared.folder / "desk-log.csv").exists()


# --- walk-ins -------------------------------------------------------------------------------------


def test_a_walk_in_who_is_already_on_the_list_is_refused_with_whom(shared):
    status, reply = shared.add(given_name="Hanako", family_name="YAMADA", ticket="Press")
    assert status == 409
    assert "this looks like Yamada Hanako, a speaker: print their badge instead?" in reply["problems"][0]["message"]
    assert not changes_file(shared).exists()


def test_formula_cells_are_neutralised_in_the_file_and_shown_as_typed(shared, tmp_path):
    typed = {"given_name": "=Ola", "family_name": "+Nowak", "native_name": "@Ola", "position": "-1",
             "organisation": '=HYPERLINK("http://x.eu","X")', "ticket": "Press"}
    status, reply = shared.add(**typed)
    assert status == 201, reply
    raw = changes_file(shared).read_text(encoding="utf-8")
    assert ",'=Ola,'+Nowak,'@Ola,'-1,\"'=HYPERLINK(\"\"http://x.eu\"\",\"\"X\"\")\"," in raw
    cells = [line.split(",") for line in raw.splitlines()]
    assert not any(cell.startswith(("=", "+", "-", "@", '"=')) for row in cells for cell in row)
    found = shared.search("nowak")[0]
    assert (found["name"], found["native_name"], found["affiliation"]) == ("=Ola +Nowak", "@Ola", "-1, " + typed["organisation"])
    status, pdf = shared.print_item(f"badge:{found['id']}", badge_stock="a6")
    (tmp_path / "badge.pdf").write_bytes(pdf)
    text = page_text(tmp_path / "badge.pdf")
    assert "=Ola" in text and "+NOWAK" in text.upper() and "=HYPERLINK" in text
    addition = read_changes(changes_file(shared), load_programme(shared.folder / "programme.yaml").registration).additions
    assert [(p.given_name, p.family_name, p.native_name, p.position, p.organisation) for p in addition] == [
        ("=Ola", "+Nowak", "@Ola", "-1", typed["organisation"])]
    rows = [row["Name"] for row in json.loads(shared.request("GET", "/api/log")[1])]
    assert rows[0] == found["name"]
    assert "'" + found["name"] in (shared.folder / "desk-log.csv").read_text(encoding="utf-8")
    changes_file(shared).unlink()
    (shared.folder / "desk-log.csv").unlink()


def test_two_desks_on_one_folder_see_each_others_walk_ins(start):
    first, second = start(), start()
    status, reply = first.add(given_name="Greta", family_name="Lindqvist", ticket="Press")
    assert status == 201
    deadline = time.monotonic() + 5
    while not second.search("lindqvist") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [p["id"] for p in second.search("lindqvist")] == [reply["person"]["id"]]
    assert second.add(given_name="Greta", family_name="Lindqvist", ticket="Press")[0] == 409


def test_blank_lines_in_the_file_do_not_change_ids(start, tmp_path):
    desk = start()
    _, reply = desk.add(given_name="Olek", family_name="Brzęczyszczykiewicz", ticket="Press")
    walk_in_id = reply["person"]["id"]
    path = tmp_path / "desk-changes.csv"
    header, row = path.read_text(encoding="utf-8").splitlines()
    path.write_text(f"{header}\n\n\n{row}\n", encoding="utf-8")
    assert [p["id"] for p in desk.search("olek")] == [walk_in_id]
    assert desk.print_item(f"badge:{walk_in_id}")[0] == 200
    people = [p.id for p in read_changes(path, load_programme(tmp_path / "programme.yaml").registration).additions]
    assert people == [walk_in_id]


def test_a_hundred_walk_ins_at_once_then_kill_9_loses_nothing_that_was_saved(start, tmp_path):
    desk = start()
    answers: list[tuple[int, dict]] = []

    def walk_in(number: int) -> None:
        try:
            answers.append(desk.add(given_name="Guest", family_name=f"Number{number:03d}", ticket="General Admission"))
        except (OSError, http.client.HTTPException):
            pass  # killed while waiting: not saved as far as the page knows

    threads = [threading.Thread(target=walk_in, args=(n,)) for n in range(100)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    while len(answers) < 40 and time.monotonic() < deadline:
        time.sleep(0.005)
    desk.process.send_signal(signal.SIGKILL)
    for thread in threads:
        thread.join()
    saved = {reply["person"]["id"]: reply["person"]["name"] for status, reply in answers if status == 201}
    assert len(saved) >= 40
    path = tmp_path / "desk-changes.csv"
    in_file = {p.id: p.display_name for p in read_changes(path, load_programme(tmp_path / "programme.yaml").registration).additions}
    assert saved.items() <= in_file.items()
    result = printkit("badges", str(tmp_path / "programme.yaml"), "-o", str(tmp_path / "out"), "--stock", "a6")
    assert result.returncode == 0, result.stderr
    assert f"read {len(in_file) + 2}: 2 from programme.yaml, {len(in_file)} from desk-changes.csv" in result.stderr
    assert f"made {len(in_file) + 2} badges" in result.stderr


# --- files a spreadsheet saved --------------------------------------------------------------------


def excel(text: str, encoding: str = "utf-8-sig", delimiter: str = ";") -> bytes:
    """What a spreadsheet saves: its delimiter, CRLF, its encoding (a BOM for 'CSV UTF-8')."""
    return "".join(line.replace(",", delimiter) + "\r\n" for line in text.splitlines()).encode(encoding)


def test_desk_files_saved_with_bom_crlf_and_semicolons_still_take_walk_ins_and_show_prints(start, tmp_path):
    path = tmp_path / "desk-changes.csv"
    path.write_bytes(excel(f"{CHANGES_HEADER}\n2026-03-24T08:00:00+00:00,add,walk-in-0a1b2c3d,Zoë,Żółkiewska,,,,,Press"))
    (tmp_path / "desk-log.csv").write_bytes(excel("Timestamp,Product,Person ID,Name,Stock,Slot\n"
                                                  "2026-03-24T08:00:00+09:00,tent,hanako-yamada,Yamada Hanako,a4-fold,1",
                                                  delimiter=","))
    desk = start()
    assert desk.search("yamada")[0]["printed"] == {"tent": "2026-03-24T08:00:00+09:00"}
    assert [p["name"] for p in desk.search("zoe")] == ["Zoë Żółkiewska"]
    status, reply = desk.add(given_name="Łukasz", family_name="Wiśniewski", organisation="Café; Bar", ticket="Press")
    assert status == 201, reply
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n") and b"\r\n" in raw.split(b"\r\n", 2)[2]
    assert ';"Café; Bar";' in raw.decode("utf-8")
    registration = load_programme(tmp_path / "programme.yaml").registration
    people = read_changes(path, registration).additions
    assert [(p.display_name, p.organisation) for p in people] == [("Zoë Żółkiewska", None), ("Łukasz Wiśniewski", "Café; Bar")]
    result = printkit("badges", str(tmp_path / "programme.yaml"), "-o", str(tmp_path / "out"), "--stock", "a6")
    assert result.returncode == 0 and "2 from desk-changes.csv" in result.stderr, result.stderr


def test_desk_changes_with_a_column_deleted_refuse_changes_but_printing_goes_on(start, tmp_path):
    path = tmp_path / "desk-changes.csv"
    header = CHANGES_HEADER.replace(",Native Name", "")
    path.write_bytes(excel(f"{header}\n2026-03-24T08:00:00+00:00,add,walk-in-0a1b2c3d,Zoë,Żółkiewska,,,,Press"))
    before = path.read_bytes()
    desk = start()
    message = "desk-changes.csv was changed outside printkit"
    assert any(message in line and "(columns missing: Native Name)" in line for line in desk.output)
    assert message in desk.request("GET", "/")[1].decode()
    status, reply = desk.add(given_name="Anna", family_name="Nowak", ticket="Press")
    assert status == 409 and message in reply["problems"][0]["message"]
    assert path.read_bytes() == before
    found = desk.search("zoe")
    assert [p["name"] for p in found] == ["Zoë Żółkiewska"]
    assert desk.print_item(f"badge:{found[0]['id']}")[0] == 200


def test_a_print_log_saved_as_windows_1252_keeps_printing(start, tmp_path):
    log = tmp_path / "desk-log.csv"
    log.write_bytes(excel("Timestamp,Product,Person ID,Name,Stock,Slot\n"
                          "2026-03-24T08:00:00+09:00,badge,stefan-popescu,Stefan Popescu Café,a6,1", "cp1252"))
    desk = start()
    assert desk.search("popescu")[0]["printed"] == {"badge": "2026-03-24T08:00:00+09:00"}
    status, pdf = desk.print_item("badge:hanako-yamada", badge_stock="a6")
    assert status == 200 and pdf.startswith(b"%PDF")
    rows = json.loads(desk.request("GET", "/api/log")[1])
    assert [(r["Person ID"], r["Name"]) for r in rows] == [("hanako-yamada", "Yamada Hanako"),
                                                          ("stefan-popescu", "Stefan Popescu Café")]
    assert log.read_bytes().endswith(b";Yamada Hanako;a6;1\r\n")


def test_a_print_log_with_a_column_deleted_is_left_alone_and_a_fresh_one_is_written(start, tmp_path):
    log = tmp_path / "desk-log.csv"
    log.write_bytes(excel("Timestamp,Product,Person ID,Name,Slot\n2026-03-24T08:00:00+09:00,badge,hanako-yamada,Yamada Hanako,1"))
    before = log.read_bytes()
    desk = start()
    assert any("desk-log.csv was changed outside printkit" in line and "desk-log-2.csv" in line for line in desk.output)
    assert desk.search("yamada")[0]["printed"] == {"badge": "2026-03-24T08:00:00+09:00"}
    assert desk.print_item("tent:hanako-yamada")[0] == 200
    assert log.read_bytes() == before
    fresh = (tmp_path / "desk-log-2.csv").read_text(encoding="utf-8").splitlines()
    assert fresh[0] == "Timestamp,Product,Person ID,Name,Stock,Slot" and ",tent,hanako-yamada," in fresh[1]
    assert set(desk.search("yamada")[0]["printed"]) == {"badge", "tent"}
