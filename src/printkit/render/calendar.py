"""programme.ics: the programme as an iCalendar file (RFC 5545), written with `icalendar`.

One VEVENT per item. Its UID is made of the event's first date, short title
and the item's id, so importing a rebuilt file updates the entries a
calendar already has instead of adding copies. Times carry the event's TZID
(with its VTIMEZONE) or, without `event.timezone`, are floating: the
local time wherever the reader is.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path

from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from .. import __version__
from ..model import Programme, Session


def programme_calendar(programme: Programme) -> bytes:
    event = programme.event
    calendar = Calendar()
    calendar.add("prodid", f"-//printkit//printkit {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", event.short_title)
    zone = zoneinfo.ZoneInfo(event.timezone) if event.timezone else None
    if zone is not None:  # its rules for the event's years only, not the default 1970–2038
        first, last = event.days[0], event.days[-1]
        calendar.add_component(Timezone.from_tzid(event.timezone, first_date=dt.date(first.year, 1, 1),
                                                  last_date=dt.date(last.year + 1, 1, 1)))
    stamp = last_changed(programme)
    for day in programme.days_with_sessions:
        for session in programme.sessions_on(day):
            calendar.add_component(calendar_event(programme, session, day, zone, stamp))
    return calendar.to_ical()


def calendar_event(programme: Programme, session: Session, day: dt.date, zone, stamp: dt.datetime) -> CalendarEvent:
    event = programme.event
    entry = CalendarEvent()
    entry.add("uid", f"{session.id}.{event.date:%Y%m%d}.{slug(event.short_title)}@printkit")
    entry.add("dtstamp", stamp)
    entry.add("dtstart", dt.datetime.combine(day, session.start, zone))
    entry.add("dtend", dt.datetime.combine(day, session.end, zone))
    entry.add("summary", session.title)
    room = "All rooms" if session.in_every_room else session.room_label
    entry.add("location", ", ".join(part for part in (room, event.venue, event.city) if part))
    if text := description(session):
        entry.add("description", text)
    entry.add("categories", [session.kind])
    return entry


def description(session: Session) -> str:
    parts = [session.subtitle or "", *session.description]
    for label, people in (("Moderator", session.moderators), ("Speakers", session.speakers)):
        if people:
            parts.append(f"{label}: " + "; ".join(person_line(p) for p in people))
    return "\n\n".join(part for part in parts if part)


def person_line(person) -> str:
    affiliation = "; ".join(person.affiliation_lines)
    return f"{person.display_name} ({affiliation})" if affiliation else person.display_name


def last_changed(programme: Programme) -> dt.datetime:
    """DTSTAMP: when the programme file last changed, so rebuilding an unchanged file gives the same bytes."""
    path = Path(programme.path) if programme.path else None
    seconds = path.stat().st_mtime if path and path.exists() else dt.datetime.now(dt.timezone.utc).timestamp()
    return dt.datetime.fromtimestamp(int(seconds), dt.timezone.utc)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "event"
