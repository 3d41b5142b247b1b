"""The event as plain data.

Everything downstream (layout, rendering) reads these dataclasses and nothing
else: they hold no file-format knowledge and no drawing code. Loaders in
`printkit.load` build them; products only read them.
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass, field

from .characters import without_zero_width
from .qrlimits import DEFAULT_MODULE_MM
from .scripts import has_cjk


@dataclass(frozen=True)
class Organiser:
    name: str
    acronym: str | None = None

    @property
    def label(self) -> str:
        """'Institute of Geoeconomics (IOG)' — the form used on covers."""
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


@dataclass(frozen=True)
class Initiative:
    """The wider initiative an event belongs to (e.g. a 'Digital Week')."""

    name: str
    part_of: str | None = None


@dataclass(frozen=True)
class Contact:
    email: str | None = None
    phone: str | None = None
    url: str | None = None

    def __bool__(self) -> bool:
        return bool(self.email or self.phone or self.url)


@dataclass(frozen=True)
class Source:
    """Where a person was read: the file, and the line for a row of a table.

    Problems about the person (a glyph no font has, a name that does not
    fit) point there, so the user knows which row to fix.
    """

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Person:
    """Someone who appears in the programme or registered for the event.

    `affiliations` are the title/affiliation lines exactly as the organisers
    wrote them; `position` and `organisation` are the structured parts when a
    source gives them separately (registration exports do), used for vCards.
    """

    id: str
    given_name: str
    family_name: str
    native_name: str | None = None
    native_reading: str | None = None
    family_name_first: bool = False
    affiliations: tuple[str, ...] = ()
    position: str | None = None
    organisation: str | None = None
    role: str | None = None
    contact: Contact = field(default_factory=Contact)
    share_contact: bool | None = None  # None: the source does not say (no consent)
    qr: str | None = None
    tent: bool | None = None
    bio: str | None = None  # a paragraph for the booklet's speaker section and the web page
    source: Source | None = None  # where a roster found the person

    @property
    def family_first(self) -> bool:
        """Whether the name is written family name first: when the person says
        so, and for Japanese names (any part of the name written in kanji or
        kana), which every product then prints in Japanese order."""
        return self.family_name_first or has_cjk(f"{self.native_name or ''}{self.family_name}{self.given_name}")

    @property
    def display_name(self) -> str:
        """The name in the order the person uses."""
        parts = [self.given_name, self.family_name]
        if self.family_first:
            parts.reverse()
        return " ".join(p for p in parts if p)

    @property
    def sort_key(self) -> tuple[str, str]:
        """Family name first, accents folded, so Ćosić files with Cosic.

        A native-script name sorts by its reading where one is given;
        the Latin family name is always present and is the fallback.
        """
        family = self.family_name or self.native_reading or self.native_name or ""
        return (fold(family), fold(self.given_name))

    @property
    def affiliation_lines(self) -> tuple[str, ...]:
        if self.affiliations:
            return self.affiliations
        joined = ", ".join(p for p in (self.position, self.organisation) if p)
        return (joined,) if joined else ()


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive form for sorting and matching names (zero-width characters ignored).

    Remembered: a roster folds each name for its sort key, its match keys and search several times."""
    decomposed = unicodedata.normalize("NFKD", without_zero_width(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))



def qr_kind(person: Person, event: Event) -> str:
    """What a person's QR code says (vcard, url, text or none): their own choice, else the event's."""
    return person.qr or event.qr


@dataclass(frozen=True)
class Room:
    """A room of the venue; sessions in different rooms may run in parallel."""

    id: str
    name: str
    capacity: int | None = None


@dataclass(frozen=True)
class Session:
    """One item of the programme, with its people by id resolved to Person.

    `rooms` is empty for an item without a room (a one-room event), one room
    for a session, or every room for an item that takes them all (`rooms: all`:
    a plenary, lunch), which `in_every_room` records.
    """

    id: str
    kind: str
    title: str
    start: dt.time
    end: dt.time
    subtitle: str | None = None
    description: tuple[str, ...] = ()
    moderators: tuple[Person, ...] = ()
    speakers: tuple[Person, ...] = ()
    day: dt.date | None = None  # None only where a Session is made by hand: read as the event's date
    rooms: tuple[Room, ...] = ()
    in_every_room: bool = False

    def overlaps(self, other: Session) -> bool:
        """Whether the two run at the same time in a room they share (no room: shares every room)."""
        if self.day != other.day or not (self.start < other.end and other.start < self.end):
            return False
        if not self.rooms or not other.rooms or self.in_every_room or other.in_every_room:
            return True
        return bool(set(self.rooms) & set(other.rooms))

    @property
    def room_label(self) -> str:
        """'Room B', or '' for an item in every room or without one."""
        return "" if self.in_every_room else ", ".join(room.name for room in self.rooms)

    @property
    def people(self) -> tuple[Person, ...]:
        return self.moderators + self.speakers

    @property
    def has_content(self) -> bool:
        """Whether the session gets its own section in the booklet."""
        return bool(self.description or self.people)

    @property
    def time_range(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True)
class Objective:
    lead: str
    text: str


@dataclass(frozen=True)
class Event:
    title: str
    short_title: str
    date: dt.date
    venue: str
    city: str
    country: str | None = None
    tagline: str | None = None
    format: str | None = None
    organisers: tuple[Organiser, ...] = ()
    initiative: Initiative | None = None
    qr: str = "vcard"
    qr_url: str | None = None
    end_date: dt.date | None = None  # the last day of a multi-day event
    timezone: str | None = None  # IANA name, for the calendar; None: floating times

    @property
    def days(self) -> tuple[dt.date, ...]:
        """Every date from the first day to the last."""
        last = self.end_date or self.date
        return tuple(self.date + dt.timedelta(days=n) for n in range((last - self.date).days + 1))

    @property
    def organiser_names(self) -> str:
        return ", ".join(o.name for o in self.organisers)

    @property
    def date_label(self) -> str:
        """'24 March 2026' or '23–25 October 2026': the dates as badges and tent cards print them."""
        first, last = self.days[0], self.days[-1]
        if first == last:
            return f"{first.day} {first:%B %Y}"
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day}–{last.day} {last:%B %Y}"
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"

    @property
    def long_dates(self) -> str:
        """'Tuesday 24 March 2026', or 'Friday 23 – Sunday 25 October 2026' for several days."""
        first, last = self.days[0], self.days[-1]
        if first == last:
            return long_day(first)
        if (first.year, first.month) == (last.year, last.month):
            return f"{first:%A} {first.day} – {long_day(last)}"
        year = f" {first.year}" if first.year != last.year else ""
        return f"{first:%A} {first.day} {first:%B}{year} – {long_day(last)}"


def long_day(day: dt.date) -> str:
    """'Friday 23 October 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_day(day: dt.date) -> str:
    """'Fri 23 Oct', beside a session in an index or a list."""
    return f"{day:%a} {day.day} {day:%b}"


@dataclass(frozen=True)
class TentFace:
    """One band of a tent sheet across its full width, in mm from the tent's foot.

    `rotated` faces are printed upside down so they read upright from the far
    side once the sheet is folded.
    """

    y: float
    height: float
    rotated: bool = False


@dataclass(frozen=True)
class TentStock:
    """A tent card stock: where the tents sit on the sheet and how each folds.

    All lengths in mm. `positions` are the lower-left corners of the tents
    on the sheet; faces, folds and strips are relative to one tent. Strips
    are bands that are not faces (a glued base strip) and carry their label.
    A `perforated` stock is pre-cut, so it gets no cut marks. Type sizes are
    in pt; `name_size` is (largest, smallest on one line, smallest): a name
    goes onto two large lines before it shrinks below the middle size.
    """

    name: str
    description: str
    sheet_width: float
    sheet_height: float
    tent_width: float
    tent_height: float
    positions: tuple[tuple[float, float], ...]
    faces: tuple[TentFace, ...]
    folds: tuple[float, ...]
    strips: tuple[tuple[float, float, str], ...] = ()
    perforated: bool = False
    margin_side: float = 12.0
    margin_top: float = 12.0
    margin_foot: float = 9.0
    name_size: tuple[float, float, float] = (80.0, 60.0, 36.0)
    affiliation_size: tuple[float, float] = (20.0, 10.0)
    event_size: float = 10.0


@dataclass(frozen=True)
class TentSettings:
    """The `tents:` section: who sits at the table and the stock to print on."""

    seated_roles: tuple[str, ...] = ()
    stock: str | None = None
    custom_stocks: tuple[TentStock, ...] = ()


@dataclass(frozen=True)
class SheetStock:
    """A sheet of equal slots (badges, labels, cards), all lengths in mm.

    `first` is the top-left corner of the first slot measured from the
    top-left corner of the page, as label makers document it; `pitch` is the
    distance from one slot's corner to the next one's.
    """

    name: str
    page: tuple[float, float]
    slot: tuple[float, float]
    columns: int = 1
    rows: int = 1
    first: tuple[float, float] = (0.0, 0.0)
    pitch: tuple[float, float] = (0.0, 0.0)
    cut_marks: bool = False
    description: str | None = None


@dataclass(frozen=True)
class Registration:
    """Where attendees come from and how their exports are read.

    `columns` maps a field name (given_name, email, ticket...) to the header
    of a column that printkit does not recognise on its own; `ticket_roles`
    maps a ticket type, compared with `fold`, to the role printed on a badge.
    """

    files: tuple[str, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()
    ticket_roles: tuple[tuple[str, str], ...] = ()
    default_role: str | None = None


@dataclass(frozen=True)
class BadgeSettings:
    """The `badges:` section: stock, name style, role colours, custom stocks, and
    the smallest QR module in mm (what a phone camera reads; see README, "QR code")."""

    stock: str | None = None
    caps: bool = True
    qr_module: float = DEFAULT_MODULE_MM
    role_colours: tuple[tuple[str, str], ...] = ()
    stocks: tuple[SheetStock, ...] = ()


# Printing conditions registered with the ICC, which a PDF/X file may name
# without embedding a profile: identifier -> what it describes.
REGISTERED_OUTPUT_CONDITIONS = {
    "FOGRA39": "Coated FOGRA39 (ISO 12647-2:2004), offset on gloss or matt coated paper",
    "FOGRA51": "PSO Coated v3 (ISO 12647-2:2013), offset on premium coated paper",
    "FOGRA52": "PSO Uncoated v3 (ISO 12647-2:2013), offset on wood-free uncoated paper",
    "FOGRA47": "PSO Uncoated ISO12647 (ISO 12647-2:2004), offset on uncoated paper",
    "JC200103": "Japan Color 2001 Coated (ISO 12647-2:2004, Japan), offset on coated paper",
    "JCN2002": "Japan Color 2002 Newspaper",
    "CGATS TR 006": "GRACoL 2006 Coated #1 (CGATS TR 006), offset on grade 1 coated paper, USA",
    "CGATS TR 001": "SWOP (CGATS TR 001), web offset on publication paper, USA",
}


@dataclass(frozen=True)
class PrintSettings:
    """programme.yaml `print:`: what the print shop's files declare."""

    output_condition: str = "FOGRA39"  # a key of REGISTERED_OUTPUT_CONDITIONS

    @property
    def output_condition_info(self) -> str:
        return REGISTERED_OUTPUT_CONDITIONS[self.output_condition]


@dataclass(frozen=True)
class Seating:
    """The `seating:` section: the table, who sits where by rule, and what is fixed.

    `delegations` keep the file's order (name → person ids); `fixed` maps a
    seat number to a person id. `spots` remember where each field was written
    (field path → line, column), so problems found only once the seated people
    are known (an unknown id, too many people) still point at the file.
    """

    table: str
    chair: str
    seats: int | None = None
    door: str = "bottom"
    co_chair: str | None = None
    mix: str = "alternate"
    delegations: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fixed: tuple[tuple[int, str], ...] = ()
    precedence: tuple[str, ...] = ()
    page: str = "auto"
    spots: tuple[tuple[str, int, int], ...] = ()

    def spot(self, field: str) -> tuple[int | None, int | None]:
        """(line, column) where `field` was written, or the section's own line."""
        found = dict((name, (line, column)) for name, line, column in self.spots)
        return found.get(field) or found.get("seating") or (None, None)

    def delegation_of(self, person_id: str) -> str | None:
        return self._delegation_by_id.get(person_id)

    @functools.cached_property
    def _delegation_by_id(self) -> dict[str, str]:
        """Person id -> the first delegation listing them: asked once per seat and neighbour."""
        found: dict[str, str] = {}
        for name, ids in self.delegations:
            for person_id in ids:
                found.setdefault(person_id, name)
        return found


@dataclass(frozen=True)
class Programme:
    """Everything `programme.yaml` holds, validated and cross-referenced."""

    event: Event
    concept: tuple[str, ...]
    objectives: tuple[Objective, ...]
    people: tuple[Person, ...]
    sessions: tuple[Session, ...]
    tents: TentSettings = field(default_factory=TentSettings)
    registration: Registration = field(default_factory=Registration)
    badges: BadgeSettings = field(default_factory=BadgeSettings)
    print: PrintSettings = field(default_factory=PrintSettings)
    seating: Seating | None = None
    path: str | None = None  # the programme file, for paths relative to it
    rooms: tuple[Room, ...] = ()

    def day_of(self, session: Session) -> dt.date:
        return session.day or self.event.date

    def sessions_on(self, day: dt.date) -> tuple[Session, ...]:
        """The day's items by start time, then in the order of the rooms."""
        order = {room: index for index, room in enumerate(self.rooms)}
        items = [s for s in self.sessions if self.day_of(s) == day]
        return tuple(sorted(items, key=lambda s: (s.start, min((order[r] for r in s.rooms), default=-1))))

    @property
    def days_with_sessions(self) -> tuple[dt.date, ...]:
        return tuple(day for day in self.event.days if self.sessions_on(day))

    @property
    def is_simple(self) -> bool:
        """One day in one room: printed as printkit always printed it, without days or rooms."""
        return len(self.event.days) == 1 and not self.rooms

    def sessions_of(self, person: Person) -> tuple[Session, ...]:
        """By id, so a copy of the person with roster details (role, source) still matches."""
        return tuple(s for s in self.sessions if any(p.id == person.id for p in s.people))

    @property
    def programme_people(self) -> tuple[Person, ...]:
        """People who appear in at least one session, in programme order."""
        seen: dict[str, Person] = {}
        for session in self.sessions:
            for person in session.people:
                seen.setdefault(person.id, person)
        return tuple(seen.values())
