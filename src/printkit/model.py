"""The event as plain data.

Everything downstream (layout, rendering) reads these dataclasses and nothing
else: they hold no file-format knowledge and no drawing code. Loaders in
`printkit.load` build them; products only read them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field


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
    share_contact: bool = False
    qr: str | None = None
    tent: bool | None = None

    @property
    def display_name(self) -> str:
        """The name in the order the person uses, in Latin script."""
        parts = [self.given_name, self.family_name]
        if self.family_name_first:
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


def fold(text: str) -> str:
    """Case- and accent-insensitive form for sorting and matching names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Session:
    """One item of the programme, with its people by id resolved to Person."""

    id: str
    kind: str
    title: str
    start: dt.time
    end: dt.time
    subtitle: str | None = None
    description: tuple[str, ...] = ()
    moderators: tuple[Person, ...] = ()
    speakers: tuple[Person, ...] = ()

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

    @property
    def organiser_names(self) -> str:
        return ", ".join(o.name for o in self.organisers)


@dataclass(frozen=True)
class Programme:
    """Everything `programme.yaml` holds, validated and cross-referenced."""

    event: Event
    concept: tuple[str, ...]
    objectives: tuple[Objective, ...]
    people: tuple[Person, ...]
    sessions: tuple[Session, ...]

    def person(self, person_id: str) -> Person:
        return next(p for p in self.people if p.id == person_id)

    def sessions_of(self, person: Person) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if person in s.people)

    @property
    def programme_people(self) -> tuple[Person, ...]:
        """People who appear in at least one session, in programme order."""
        seen: dict[str, Person] = {}
        for session in self.sessions:
            for person in session.people:
                seen.setdefault(person.id, person)
        return tuple(seen.values())
