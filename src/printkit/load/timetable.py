"""Days, rooms and the timetable of `programme.yaml`.

An event may last several days (`event.end_date`) in several rooms
(`rooms:`); each programme item names its day and its room, or takes every
room (`rooms: all`). Items in one room must not overlap; items in different
rooms may: they are parallel sessions. An item without a room shares every
room, so a one-room programme keeps today's rule that nothing overlaps.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import replace

from yaml.nodes import Node

from ..model import Event, Room, Session
from .yamlreader import Reader, closest, whole_number_from

ROOM_KEYS = {"id", "name", "capacity"}
EVERY_ROOM = "all"


def read_timezone(reader: Reader, node: Node | None) -> str | None:
    """An IANA zone name such as Europe/Brussels, checked against the zone database."""
    def known_zone(raw: str) -> str:
        try:
            zoneinfo.ZoneInfo(raw.strip())
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError("not a zone of the IANA time zone database") from None
        return raw.strip()

    return reader.scalar(node, "event.timezone", known_zone, "an IANA time zone such as Europe/Brussels")


def check_end_date(reader: Reader, node: Node | None, event: Event) -> Event:
    """The last day must not come before the first; a wrong one is reported and dropped."""
    if event.end_date and event.end_date < event.date:
        reader.error(node, "event.end_date",
                     f"{event.end_date} is before event.date {event.date}; expected the last day of the event")
        return replace(event, end_date=None)
    return event


def read_rooms(reader: Reader, node: Node | None) -> dict[str, Room]:
    """Rooms by id, in file order (the order of the grid's columns)."""
    rooms: dict[str, Room] = {}
    for where, item in reader.sequence(node, "rooms"):
        keys = reader.mapping(item, where, ROOM_KEYS, required={"id", "name"})
        if keys is None:
            continue
        room_id = reader.identifier(keys.get("id"), f"{where}.id")
        name = reader.text(keys.get("name"), f"{where}.name", required=True)
        capacity = reader.scalar(keys.get("capacity"), f"{where}.capacity", whole_number_from(1), "a whole number above 0")
        if room_id in rooms:
            reader.error(keys["id"], f"{where}.id", f"duplicate id {room_id!r}: each room is defined once")
        elif room_id and name:
            rooms[room_id] = Room(room_id, name, capacity)
    return rooms


def read_place(reader: Reader, keys: dict[str, Node], where: str, event: Event | None,
               rooms: dict[str, Room]) -> dict:
    """The `day`, `room` and `rooms` of one programme item, as Session fields."""
    day = read_day(reader, keys, where, event)
    if "room" in keys and "rooms" in keys:
        reader.error(keys["rooms"], f"{where}.rooms", "an item has either room: (one room) or rooms: all, not both")
        return dict(day=day)
    if "rooms" in keys:
        every = reader.scalar(keys["rooms"], f"{where}.rooms", is_every_room,
                              "'all' (an item in every room; for one room write room: ID)")
        if every and not rooms:
            reader.error(keys["rooms"], f"{where}.rooms", "rooms: all needs the rooms to be listed under rooms:")
        return dict(day=day, rooms=tuple(rooms.values()), in_every_room=True) if every else dict(day=day)
    room_id = reader.identifier(keys.get("room"), f"{where}.room") if "room" in keys else None
    if room_id is None:
        return dict(day=day)
    if room_id not in rooms:
        close = closest(room_id, rooms)
        hint = f" (did you mean {close!r}?)" if close else "; define it under rooms:"
        reader.error(keys["room"], f"{where}.room", f"no room has the id {room_id!r}{hint}")
        return dict(day=day)
    return dict(day=day, rooms=(rooms[room_id],))


def is_every_room(raw: str) -> bool:
    if raw.strip() != EVERY_ROOM:
        raise ValueError("")
    return True


def read_day(reader: Reader, keys: dict[str, Node], where: str, event: Event | None) -> dt.date | None:
    """The item's date: required when the event has several days, and one of them."""
    if event is None or event.date is None:
        return None
    days = event.days
    if "day" not in keys:
        if len(days) > 1:
            reader.error(next(iter(keys.values()), None), f"{where}.day",
                         f"is required: the event runs from {days[0]} to {days[-1]}; give the item's date as YYYY-MM-DD")
        return days[0]
    day = reader.date(keys["day"], f"{where}.day")
    if day is not None and day not in days:
        span = f"on {days[0]}" if len(days) == 1 else f"from {days[0]} to {days[-1]}"
        reader.error(keys["day"], f"{where}.day",
                     f"{day} is outside the event, which runs {span}; expected one of its days "
                     "(or change event.date / event.end_date)")
        return None
    return day


def check_overlaps(reader: Reader, sessions: list[tuple[Session, str, Node]]) -> None:
    """Two items in one room at one time are an error, reported at the start of the later one in the file."""
    by_day: dict[dt.date | None, list[Session]] = {}
    for session, where, start in sessions:
        earlier = by_day.setdefault(session.day, [])
        clash = next((other for other in earlier if session.overlaps(other)), None)
        if clash is not None:
            reader.error(start, f"{where}.start",
                         f"{session.time_range} overlaps {clash.id!r} ({clash.time_range}){shared_room(session, clash)}; "
                         "items in the same room must not overlap (items in different rooms may)")
        earlier.append(session)


def shared_room(session: Session, other: Session) -> str:
    common = [room.name for room in session.rooms if room in other.rooms]
    if session.in_every_room or other.in_every_room or not common:
        return ""
    return f" in {common[0]}"
