"""Everyone who gets a badge (or a tent card): one deduplicated, sorted list.

Programme people (speakers, moderators) and the attendees of registration
exports are merged so a speaker who also registered gets one badge, with the
speaker's role. Every row that cannot be used is kept as a `Problem`; the
caller decides whether that fails the run (the default) or is reported and
skipped (`skip_invalid`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Problem
from .load.changes import DeskChanges, changes_path, read_changes
from .load.attendees import read_attendees
from .model import Person, Programme, Source, fold
from .text.fonts import missing_chars

SPEAKER, MODERATOR = "Speaker", "Moderator"


@dataclass
class Roster:
    people: list[Person]
    problems: list[Problem] = field(default_factory=list)
    counts_by_source: Counter = field(default_factory=Counter)
    merged_by_source: Counter = field(default_factory=Counter)
    keys: dict[str, int] = field(default_factory=dict, repr=False)  # match key → index, while people are added

    def match(self, person: Person) -> int | None:
        """The index of the person already here whom `person` matches (e-mail, then name)."""
        return next((self.keys[k] for k in match_keys(person) if k in self.keys), None)

    def summary(self, made: int, noun: str = "badge", not_set: int = 0, selected: int | None = None) -> str:
        """'made 312 badges: 13 from programme.yaml, 300 from reg.csv (1 merged with a speaker), 2 rows skipped'.

        `not_set` counts people who were read but could not be laid out (and
        were skipped with --skip-invalid), so the figures add up to `made`.
        `selected` is how many --only/--role picked from the list: the
        sources then describe the whole list, and the summary says so.
        """
        parts = []
        for source, count in self.counts_by_source.items():
            merged = self.merged_by_source[source]
            note = f" ({merged} merged with a speaker or an earlier row)" if merged else ""
            parts.append(f"{count} from {source}{note}")
        skipped = len({(str(p.file), p.line) for p in self.problems})
        if skipped:
            parts.append(f"{skipped} row{'s' if skipped != 1 else ''} skipped")
        if not_set:
            parts.append(f"{not_set} could not be set and {'were' if not_set != 1 else 'was'} left out")
        head = f"made {made} {noun}{'s' if made != 1 else ''}"
        if selected is not None:
            people = "person" if selected == 1 else "people"
            head += f" for the {selected} {people} selected from the list of {len(self.people)}"
        return f"{head}: " + ", ".join(parts) if parts else head


def build_roster(programme: Programme, attendee_paths: Iterable[Path] = (), skip_invalid: bool = False) -> Roster:
    """Programme people plus attendees plus the desk's changes, merged and sorted by family name.

    Attendee files are those named in programme.yaml (relative to it) and
    then `attendee_paths`. Raises InputError listing every bad row unless
    `skip_invalid`, in which case they are in `Roster.problems`.
    """
    roster = with_desk_changes(source_roster(programme, attendee_paths), read_desk_changes(programme))
    finish(roster, glyph_problems(roster.people, programme))
    if roster.problems and not skip_invalid:
        raise InputError(roster.problems)
    return roster


def source_roster(programme: Programme, attendee_paths: Iterable[Path] = ()) -> Roster:
    """Programme people and registration exports, merged; not yet checked, sorted or changed by the desk.

    The desk builds this once and applies its changes to it as they come.
    """
    roster = Roster([])
    source = programme_source(programme)
    for person in programme_people(programme):
        add(roster, dataclasses.replace(person, source=source), Path(source.file).name)
    for path in registration_paths(programme, attendee_paths):
        read = read_attendees(path, programme.registration)
        roster.problems.extend(read.problems)
        for person in read.people:
            add(roster, person, path.name)
    return roster


def read_desk_changes(programme: Programme) -> DeskChanges | None:
    """Walk-ins and corrections recorded by `printkit desk` (desk-changes.csv next to the programme)."""
    path = changes_path(programme)
    return read_changes(path, programme.registration) if path.exists() else None


def with_desk_changes(sources: Roster, changes: DeskChanges | None) -> Roster:
    """A new roster: `sources` (left as they are) with the desk's additions and then its corrections.

    A walk-in whose id another person has, and who is not that person, is
    a problem rather than a second person under one id.
    """
    roster = dataclasses.replace(sources, people=list(sources.people), problems=list(sources.problems),
                                 counts_by_source=Counter(sources.counts_by_source),
                                 merged_by_source=Counter(sources.merged_by_source), keys=dict(sources.keys))
    if changes is None:
        return roster
    ids = {person.id: person for person in roster.people}
    for person in changes.additions:
        taken = ids.get(person.id)
        if taken is not None and roster.match(person) is None:
            roster.problems.append(Problem.at(person.source, "Person ID",
                                              f"{person.id!r} is already the id of {taken.display_name}"))
            continue
        ids[person.id] = person
        add(roster, person, changes.path.name)
    roster.people, unknown = changes.apply(roster.people)
    roster.problems.extend(changes.problems + unknown)
    return roster


def finish(roster: Roster, unprintable: dict[str, Problem],
           sort_key: Callable[[Person], tuple[str, str]] = lambda p: p.sort_key) -> None:
    """Leave out (and report) people a bundled font cannot set; sort the rest by family name.

    The match keys point into the unsorted list, so they go.
    """
    roster.problems.extend(unprintable.values())
    roster.people = sorted((p for p in roster.people if p.id not in unprintable), key=sort_key)
    roster.keys = {}


def programme_people(programme: Programme) -> list[Person]:
    """People of the programme with their badge role derived from the sessions.

    An explicit `role` wins; otherwise anyone who speaks anywhere is a
    Speaker, else a Moderator if they moderate; people listed but in no
    session keep their role or get the default one.
    """
    speaking = {p.id for s in programme.sessions for p in s.speakers}
    moderating = {p.id for s in programme.sessions for p in s.moderators}
    default = programme.registration.default_role or "Participant"
    people = []
    for person in programme.people:
        derived = SPEAKER if person.id in speaking else MODERATOR if person.id in moderating else default
        people.append(dataclasses.replace(person, role=person.role or derived))
    return people


def registration_paths(programme: Programme, extra: Iterable[Path]) -> list[Path]:
    base = Path(programme.path).parent if programme.path else Path.cwd()
    return [base / name for name in programme.registration.files] + [Path(p) for p in extra]


def match_keys(person: Person) -> list[str]:
    """E-mail first, then the folded name, so 'Ștefan Popescu' matches 'Stefan POPESCU'."""
    keys = [f"email:{fold(person.contact.email)}"] if person.contact.email else []
    name = fold(f"{person.given_name} {person.family_name}".strip())
    return keys + [f"name:{' '.join(name.split())}"]


def add(roster: Roster, person: Person, source: str) -> None:
    """Append `person`, or merge them into the earlier entry they match."""
    earlier = roster.match(person)
    if earlier is None:
        roster.keys.update((k, len(roster.people)) for k in match_keys(person))
        roster.people.append(person)
        roster.counts_by_source[source] += 1
        return
    roster.people[earlier] = merge(roster.people[earlier], person)
    roster.counts_by_source[source] += 1
    roster.merged_by_source[source] += 1


def merge(first: Person, later: Person) -> Person:
    """The earlier entry (a speaker's) wins; the later one only fills gaps."""
    contact = dataclasses.replace(
        first.contact,
        email=first.contact.email or later.contact.email,
        phone=first.contact.phone or later.contact.phone,
    )
    return dataclasses.replace(
        first,
        native_name=first.native_name or later.native_name,
        position=first.position or later.position,
        organisation=first.organisation or later.organisation,
        contact=contact,
        share_contact=first.share_contact or later.share_contact,
    )


def printed_texts(person: Person) -> list[tuple[str, str]]:
    """(field, text) of everything a badge prints about the person."""
    texts = [("given_name", person.given_name), ("family_name", person.family_name),
             ("native_name", person.native_name or ""), ("role", person.role or "")]
    return texts + [("affiliation", line) for line in person.affiliation_lines]


def glyph_problems(people: list[Person], programme: Programme) -> dict[str, Problem]:
    """Person id → a character no bundled font has, named with the person and the field."""
    problems = {}
    for person in people:
        for field_name, text in printed_texts(person):
            chars = missing_chars(text, "bold") or missing_chars(text, "regular")
            if chars:
                names = ", ".join(f"U+{ord(c):04X} {c!r}" for c in chars)
                problems[person.id] = Problem.at(source_of(person, programme), field_name,
                                                 f"{person.display_name}: no bundled font has {names}")
    return problems


def programme_source(programme: Programme) -> Source:
    return Source(programme.path or "programme.yaml")


def source_of(person: Person, programme: Programme) -> Source:
    """Where a person came from, for their Problems; the programme for one made without a source."""
    return person.source or programme_source(programme)


def select(people: list[Person], only: Iterable[str] = (), role: str | None = None,
           holder: str = "badge holder") -> list[Person]:
    """The subset to print: `--only` ids and/or one `--role` (case-insensitive).

    `holder` names who is listed in the error for an unknown id (tents: "seated person").
    """
    wanted = set(only)
    unknown = wanted - {p.id for p in people}
    if unknown:
        raise InputError([Problem("--only", None, None, "", f"no {holder} has the id {i!r}") for i in sorted(unknown)])
    return [p for p in people if (not wanted or p.id in wanted) and (role is None or fold(p.role or "") == fold(role))]
