"""A three-day, four-room programme (tests/data/digital-week.yaml) in every product.

Expectations come from the YAML file read with PyYAML, not from printkit's
loader; what is checked is read back out of the written files.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import yaml

from pdfcheck import MM, placed_chars, unembedded_fonts

REPO = Path(__file__).resolve().parents[1]
PROGRAMME = Path(__file__).resolve().parent / "data" / "digital-week.yaml"
SOURCE = yaml.safe_load(PROGRAMME.read_text(encoding="utf-8"))
ROOMS = {room["id"]: room["name"] for room in SOURCE["rooms"]}
ITEMS = SOURCE["programme"]
DAYS = sorted({item["day"] for item in ITEMS})


def long_day(day: str) -> str:
    date = dt.date.fromisoformat(day)
    return f"{date:%A} {date.day} {date:%B %Y}"


def time_range(item: dict) -> str:
    return f"{item['start']}–{item['end']}"


def flat(text: str) -> str:
    """Text with line breaks undone; without hyphens, which pdfium turns into \\x02 where a line breaks after one."""
    return " ".join(text.replace("\r", " ").replace("\n", " ").replace("-", "").replace("\x02", "").split())


def parallel(day: str) -> bool:
    items = sorted((i for i in ITEMS if i["day"] == day), key=lambda i: i["start"])
    return any(b["start"] < a["end"] for a, b in zip(items, items[1:]))


def run_printkit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "printkit", *args], cwd=REPO, capture_output=True, text=True)


@pytest.fixture(scope="module")
def week(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("digital-week")
    result = run_printkit("build", str(PROGRAMME), "-o", str(outdir))
    assert result.returncode == 0, result.stderr
    return outdir


class Page:
    """One page of a PDF as text: the running head, and text inside boxes."""

    def __init__(self, document: pypdfium2.PdfDocument, index: int):
        self.index = index
        self.width, self.height = document[index].get_size()
        self.textpage = document[index].get_textpage()
        self.head = flat(self.textpage.get_text_bounded(0, self.height - 16 * MM, self.width, self.height))

    def text(self, left: float = 0, bottom: float = 0, right: float | None = None, top: float | None = None) -> str:
        return flat(self.textpage.get_text_bounded(left, bottom, right or self.width, top or self.height))

    def find(self, text: str) -> list[tuple[float, float, float, float]]:
        """Box of the first character of every occurrence of `text`."""
        searcher, found = self.textpage.search(text, match_case=True), []
        while (hit := searcher.get_next()) is not None:
            found.append(self.textpage.get_charbox(hit[0]))
        return found

    def grid_columns(self) -> dict[str, tuple[float, float, float]] | None:
        """Room → (left, right, header bottom) when the page has a grid's header row of every room."""
        starts = {room: self.find(name) for room, name in ROOMS.items()}
        if not all(starts.values()):
            return None
        for box in starts["hall"]:  # the header row: every room name on one baseline
            row = {room: next((b for b in boxes if abs(b[1] - box[1]) < 0.5), None) for room, boxes in starts.items()}
            if all(row.values()):
                lefts = sorted((b[0], room) for room, b in row.items())
                pitch = lefts[1][0] - lefts[0][0]
                return {room: (left - 1, (lefts[n + 1][0] if n + 1 < len(lefts) else left + pitch) - 2, box[1] - 4)
                        for n, (left, room) in enumerate(lefts)}
        return None


def pages_of(pdf: Path) -> list[Page]:
    document = pypdfium2.PdfDocument(pdf)
    return [Page(document, index) for index in range(len(document))]


def test_every_item_is_in_its_rooms_column_on_its_days_grid_page(week):
    pages = pages_of(week / "booklet.pdf")
    grids = [(page, page.grid_columns()) for page in pages]
    grids = [(page, columns) for page, columns in grids if columns]
    assert len(grids) >= 3  # day 1 and day 2, the long one continued with its room headers repeated
    for day in DAYS:
        if not parallel(day):
            continue
        day_grids = [(page, columns) for page, columns in grids if long_day(day).upper() in page.head]
        assert day_grids, day
        for item in (i for i in ITEMS if i["day"] == day):
            places = []
            for page, columns in day_grids:
                if "room" in item:
                    left, right, top = columns[item["room"]]
                else:  # in every room: across the whole grid, starting in the first column
                    left, top = min(c[0] for c in columns.values()), columns["hall"][2]
                    right = max(c[1] for c in columns.values())
                if flat(f"{time_range(item)} {item['title']}") in page.text(left, 0, right, top):
                    places.append(page.index)
            assert len(places) == 1, (item["id"], places)  # once: never split, never repeated


def test_days_without_parallel_items_keep_the_list(week):
    pages = pages_of(week / "booklet.pdf")
    for day in (d for d in DAYS if not parallel(d)):
        page = next(p for p in pages if long_day(day) in p.text() and "Programme" not in p.head
                    and p.grid_columns() is None and time_range(ITEMS[-1]) in p.text())
        for item in (i for i in ITEMS if i["day"] == day):
            assert flat(f"{time_range(item)} {item['title']}") in page.text(), item["id"]


def test_day_sections_speaker_index_and_bios(week):
    pages = pages_of(week / "booklet.pdf")
    for day in DAYS:
        assert any(long_day(day).upper() in page.head for page in pages), day
    index = " ".join(page.text() for page in pages if page.index >= next(
        p.index for p in pages if p.find("Speakers")))
    assert flat("Hands-on Lab: Threat Modelling a Port, Fri 23 Oct, Lab D, p.") in index
    assert flat("Panel: Cyber Diplomacy (moderator), Sat 24 Oct, Main Hall, p.") in index
    for person in SOURCE["people"]:
        if "bio" in person:
            assert flat(person["bio"]) in index


def test_booklet_fonts_are_embedded(week):
    assert unembedded_fonts(week / "booklet.pdf") == []


def test_every_room_has_a_door_sheet_for_every_day_it_is_used(week):
    pages = pages_of(week / "rooms.pdf")
    expected = {(name, day) for room, name in ROOMS.items() for day in DAYS
                if any(i["day"] == day and i.get("room", room) == room for i in ITEMS)}
    found: dict[tuple[str, str], str] = {}
    for page in pages:
        assert (page.width, page.height) == pytest.approx((210 * MM, 297 * MM), abs=0.01 * MM)
        top = page.text(0, page.height - 90 * MM, page.width, page.height)
        room = next(name for name in ROOMS.values() if top.startswith(name))
        day = next(d for d in DAYS if long_day(d) in top)
        found[(room, day)] = found.get((room, day), "") + page.text()
    assert set(found) == expected and len(found) == 12
    for (room, day), text in found.items():
        room_id = next(key for key, name in ROOMS.items() if name == room)
        for item in ITEMS:
            here = item["day"] == day and item.get("room", room_id) == room_id
            assert (flat(f"{time_range(item)} {item['title']}") in text) == here, (room, day, item["id"])


def test_door_sheets_are_set_large(week):
    pdf = week / "rooms.pdf"
    for index in range(len(pypdf.PdfReader(pdf).pages)):
        sizes = sorted({round(c.size, 1) for c in placed_chars(pdf, index)})
        assert sizes[-1] >= 40  # the room name
        assert sizes[0] >= 9.8  # speakers at 0.7 of the smallest item size (14 pt)
    assert unembedded_fonts(pdf) == []


def test_a_day_that_never_breaks_is_refused_with_a_reason(tmp_path):
    """Hour-long sessions in four rooms, each starting 15 minutes after the last, from 08:00 to 22:45:
    no page can end without cutting one."""
    items = []
    for n in range(56):
        start = 8 * 60 + 15 * n
        items.append(f'  - {{id: s{n}, room: r{n % 4}, start: "{start // 60:02d}:{start % 60:02d}", '
                     f'end: "{(start + 60) // 60:02d}:{(start + 60) % 60:02d}", title: Session number {n}}}')
    path = tmp_path / "programme.yaml"
    path.write_text("event: {title: T, date: 2026-10-23, venue: V, city: C}\n"
                    "rooms: [{id: r0, name: A}, {id: r1, name: B}, {id: r2, name: C}, {id: r3, name: D}]\n"
                    "programme:\n" + "\n".join(items) + "\n", encoding="utf-8")
    result = run_printkit("booklet", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert "run into each other without a break and are together taller than a page" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out" / "booklet.pdf").exists()


def test_a_full_room_continues_on_a_second_door_sheet(tmp_path):
    """40 quarter-hour talks in one room do not fit one page at 14 pt: more pages, each item once."""
    items = [f'  - {{id: t{n}, room: hall, start: "{8 + n // 4:02d}:{n % 4 * 15:02d}", '
             f'end: "{8 + (n + 1) // 4:02d}:{(n + 1) % 4 * 15:02d}", title: Lightning talk number {n}}}'
             for n in range(40)]
    path = tmp_path / "programme.yaml"
    path.write_text("event: {title: T, date: 2026-10-23, venue: V, city: C}\n"
                    "rooms: [{id: hall, name: Main Hall}]\nprogramme:\n" + "\n".join(items) + "\n", encoding="utf-8")
    result = run_printkit("rooms", str(path), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    pages = pages_of(tmp_path / "rooms.pdf")
    assert len(pages) > 1
    for page in pages:
        assert page.text(0, page.height - 90 * MM).startswith(f"Main Hall {long_day('2026-10-23')}")
    text = " ".join(page.text() for page in pages)
    for n in range(40):
        assert text.count(f"Lightning talk number {n} ") == 1, n


def test_printkit_check_passes_on_everything_built(week):
    result = run_printkit("check", str(week))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "rooms.pdf" in result.stdout and "booklet.pdf" in result.stdout


def test_a_long_room_name_takes_more_lines_on_its_door_sheet_and_in_the_grid(tmp_path):
    long_name = "Laboratory D of the Faculty of Electrical Engineering and Computing Sciences"
    path = tmp_path / "programme.yaml"
    path.write_text(PROGRAMME.read_text(encoding="utf-8").replace("name: Lab D", f"name: {long_name}"), encoding="utf-8")
    for command in ("rooms", "booklet"):
        result = run_printkit(command, str(path), "-o", str(tmp_path))
        assert result.returncode == 0, result.stderr
    sheets = [page.text() for page in pages_of(tmp_path / "rooms.pdf")]
    assert sum(text.startswith(long_name) for text in sheets) == 3  # one a day
    assert any(long_name in page.text() for page in pages_of(tmp_path / "booklet.pdf"))


def test_badges_print_the_event_days_and_on_the_back_each_session_s_day_in_time_order(tmp_path):
    """A three-day event: the front says 23–25 October 2026, not the first day; the back
    gives each session's day with its time ("Fri 23 Oct, 11:00–14:00"), in the order
    the sessions come, whatever order programme.yaml lists them in."""
    result = run_printkit("badges", str(PROGRAMME), "--duplex", "long-edge", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    document = pypdfium2.PdfDocument(tmp_path / "badges.pdf")
    pages = [flat(document[i].get_textpage().get_text_range()) for i in range(len(document))]
    fronts, backs = pages[0::2], pages[1::2]
    people = {p["id"]: p for p in SOURCE["people"]}
    for person_id, person in people.items():
        items = sorted((i for i in ITEMS if person_id in i.get("speakers", []) + i.get("moderators", [])),
                       key=lambda i: (i["day"], i["start"], i["end"]))
        if not items:
            continue
        name = person["family_name"].upper()
        back = next(text[text.index(name):] for text in backs if name in text)
        back = back[:back.index("SPEAKER") if "SPEAKER" in back else None]
        expected = [f"{dt.date.fromisoformat(i['day']):%a} {dt.date.fromisoformat(i['day']).day} "
                    f"{dt.date.fromisoformat(i['day']):%b}, {time_range(i)}" for i in items]
        shown = [label for label in expected if label in back]
        assert shown == expected[:len(shown)] and shown, (person_id, back)
        assert [back.index(label) for label in shown] == sorted(back.index(label) for label in shown), person_id
    assert all("23–25 October 2026" in text for text in fronts)
