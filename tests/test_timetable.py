"""Days and rooms in programme.yaml: parallel sessions load, clashes are errors with file:line."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from printkit.errors import InputError
from printkit.load import load_programme

DATA = Path(__file__).resolve().parent / "data"

HEAD = """\
event:
  title: T
  date: 2026-10-23
  end_date: 2026-10-25
  timezone: Europe/Brussels
  venue: V
  city: C
rooms:
  - id: hall
    name: Main Hall
    capacity: 400
  - id: room-b
    name: Room B
people:
  - id: ann
    family_name: Lee
    bio: Ann Lee writes about ports.
programme:
"""


def load(tmp_path: Path, items: str, head: str = HEAD):
    path = tmp_path / "programme.yaml"
    path.write_text(head + textwrap.dedent(items).lstrip("\n"), encoding="utf-8")
    return load_programme(path), path


def problems(tmp_path: Path, items: str, head: str = HEAD) -> tuple[list[str], Path]:
    with pytest.raises(InputError) as caught:
        load(tmp_path, items, head)
    return [str(p) for p in caught.value.problems], tmp_path / "programme.yaml"


def test_parallel_sessions_in_different_rooms_load(tmp_path):
    programme, _ = load(tmp_path, """
      - {id: a, day: 2026-10-24, room: hall, start: "09:00", end: "10:00", title: A, speakers: [ann]}
      - {id: b, day: 2026-10-24, room: room-b, start: "09:30", end: "10:30", title: B}
      - {id: lunch, day: 2026-10-24, rooms: all, start: "12:00", end: "13:00", title: Lunch}
    """)
    a, b, lunch = programme.sessions
    assert a.day == dt.date(2026, 10, 24) and a.rooms[0].name == "Main Hall" and b.rooms[0].id == "room-b"
    assert lunch.in_every_room and [r.id for r in lunch.rooms] == ["hall", "room-b"]
    assert programme.rooms[0].capacity == 400 and programme.rooms[1].capacity is None
    assert programme.event.timezone == "Europe/Brussels" and len(programme.event.days) == 3
    assert a.speakers[0].bio == "Ann Lee writes about ports."


@pytest.mark.parametrize("items, line, expected", [
    ("""
      - {id: a, day: 2026-10-26, start: "09:00", end: "10:00", title: A}
     """, 19, "programme[0].day: 2026-10-26 is outside the event, which runs from 2026-10-23 to 2026-10-25"),
    ("""
      - {id: a, day: 2026-10-23, room: room-c, start: "09:00", end: "10:00", title: A}
     """, 19, "programme[0].room: no room has the id 'room-c' (did you mean 'room-b'?)"),
    ("""
      - {id: a, day: 2026-10-23, room: hall, start: "09:00", end: "10:00", title: A}
      - {id: b, day: 2026-10-23, room: room-b, start: "09:00", end: "10:00", title: B}
      - {id: c, day: 2026-10-23, room: hall, start: "09:45", end: "10:30", title: C}
     """, 21, "programme[2].start: 09:45–10:30 overlaps 'a' (09:00–10:00) in Main Hall; "
              "items in the same room must not overlap"),
    ("""
      - {id: a, day: 2026-10-23, room: hall, start: "09:00", end: "10:00", title: A}
      - {id: b, day: 2026-10-23, rooms: all, start: "09:30", end: "10:30", title: B}
     """, 20, "programme[1].start: 09:30–10:30 overlaps 'a' (09:00–10:00);"),
    ("""
      - {id: a, start: "09:00", end: "10:00", title: A}
     """, 19, "programme[0].day: is required: the event runs from 2026-10-23 to 2026-10-25"),
    ("""
      - {id: a, day: 2026-10-23, rooms: [hall], start: "09:00", end: "10:00", title: A}
     """, 19, "programme[0].rooms: expected 'all' (an item in every room; for one room write room: ID)"),
])
def test_days_and_rooms_are_checked_with_file_and_line(tmp_path, items, line, expected):
    found, path = problems(tmp_path, items)
    matching = [p for p in found if expected in p]
    assert matching, found
    assert matching[0].startswith(f"{path}:{line}:"), matching[0]


def test_event_dates_time_zone_and_rooms_are_checked(tmp_path):
    head = HEAD.replace("end_date: 2026-10-25", "end_date: 2026-10-20").replace("Europe/Brussels", "Europe/Brusels")
    head = head.replace("capacity: 400", "capacity: lots")
    found, path = problems(tmp_path, """
      - {id: a, rooms: all, start: "09:00", end: "10:00", title: A}
    """, head)
    text = "\n".join(found)
    assert f"{path}:4:" in text and "event.end_date: 2026-10-20 is before event.date 2026-10-23" in text
    assert f"{path}:5:" in text and "event.timezone: expected an IANA time zone such as Europe/Brussels" in text
    assert "rooms[0].capacity: expected a whole number above 0, got 'lots'" in text


def test_rooms_all_needs_rooms(tmp_path):
    head = HEAD.split("rooms:")[0] + "people: []\nprogramme:\n"
    found, _ = problems(tmp_path, """
      - {id: a, day: 2026-10-23, rooms: all, start: "09:00", end: "10:00", title: A}
    """, head)
    assert any("rooms: all needs the rooms to be listed under rooms:" in p for p in found), found


def test_the_digital_week_loads_with_every_item():
    programme = load_programme(DATA / "digital-week.yaml")
    assert len(programme.sessions) == 59 and len(programme.rooms) == 4
    assert [len(programme.sessions_on(day)) for day in programme.event.days] == [25, 28, 6]


@pytest.mark.parametrize("first, last, label, long", [
    ("2026-03-24", None, "24 March 2026", "Tuesday 24 March 2026"),
    ("2026-10-23", "2026-10-25", "23–25 October 2026", "Friday 23 – Sunday 25 October 2026"),
    ("2026-10-30", "2026-11-01", "30 October – 1 November 2026", "Friday 30 October – Sunday 1 November 2026"),
])
def test_the_dates_of_an_event_of_several_days_are_printed_as_a_range(tmp_path, first, last, label, long):
    head = HEAD.replace("2026-10-23", first).replace("2026-10-25", last or first)
    programme, _ = load(tmp_path, f"""
      - {{id: a, day: {first}, room: hall, start: "09:00", end: "10:00", title: A}}
    """, head)
    assert programme.event.date_label == label and programme.event.long_dates == long
