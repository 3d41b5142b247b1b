"""Everyone who gets a badge (or a tent card): each person exactly once.

Who is the same person (see README, "Who gets a badge"):

- Export rows are one person when their e-mail address (trimmed,
  case-insensitive) and their folded name are both the same. Different
  e-mails are different people; one office e-mail used by four colleagues
  is four people. Rows without an e-mail are never merged with each other.
- A programme person (speaker, moderator) is the export person with their
  e-mail address; when either side has no e-mail, the one export person with
  their folded name. Two candidates are a warning and no merge, never a pick.
- Merging never widens consent: contact details come only from sources in
  which the person said yes; an explicit `share_contact` in programme.yaml
  wins; any "no" in an export is a no.

Every merge is listed (`Roster.merges`), every row that cannot be used is a
`Problem`; the caller decides whether problems fail the run (the default)
or are reported and skipped (`skip_invalid`).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Problem
from .load.changes import DeskChanges, changes_path, read_changes
from .load.attendees import attendee_id, identity, read_attendees
from .model import Contact, Person, Programme, Source, fold
from .text.fonts import missing_chars

SPEAKER, MODERATOR = "Speaker", "Moderator"


@dataclass(frozen=True)
class Merge:
    """Records found to be one person: `merged: Eva Pejsova (programme.yaml) = reg.csv:17`."""

    name: str
    kept: str  # where the person's printed details come from
    joined: tuple[str, ...]  # the records merged into it

    def __str__(self) -> str:
        return f"{self.name} ({self.kept}) = {', '.join(self.joined)}"


@dataclass
class Roster:
    people: list[Person]
    problems: list[Problem] = field(default_factory=list)  # rows and people refused
    warnings: list[Problem] = field(default_factory=list)  # ambiguous matches, kept apart
    merges: list[Merge] = field(default_factory=list)
    rows_read: dict[str, int] = field(default_factory=dict)  # source file → records (people for programme.yaml)
    # Until `finish`: who a walk-in looks like (same e-mail or same name: the desk asks before adding
    # them), and who a record is (same e-mail and same name: merged), each key → index in `people`.
    keys: dict[str, int] = field(default_factory=dict, repr=False)
    identities: dict[str, int] = field(default_factory=dict, repr=False)

    def match(self, person: Person) -> int | None:
        """The index of the person already here who is `person` (same e-mail and name), if any."""
        key = identity_key(person)
        return self.identities.get(key) if key else None

    def index(self, person: Person, index: int) -> None:
        """Remember where `person` is, for `match` and the desk's look-alikes."""
        self.keys.update((key, index) for key in match_keys(person))
        if identity_key(person):
            self.identities[identity_key(person)] = index

    @property
    def merged(self) -> int:
        """Records that joined an earlier person (one merge of three records counts two)."""
        return sum(len(m.joined) for m in self.merges)

    @property
    def refused(self) -> int:
        return sum(self.rows_read.values()) - self.merged - len(self.people)

    def summary(self, made: int, noun: str = "badge", not_set: int = 0, selected: int | None = None,
                shortened: Iterable[str] = ()) -> str:
        """The closing lines of a run, with figures that add up:

        read = people + merged + refused; made = people (or those selected) − not set.
        `not_set` counts people who were read but could not be laid out (and
        were left out with --skip-invalid); `selected` is how many --only/--role
        picked; `shortened` names the people whose texts were shortened.
        """
        read = ", ".join(f"{count} from {source}" for source, count in self.rows_read.items())
        lines = [f"read {sum(self.rows_read.values())}: {read}"]
        lines += [f"merged: {m}" for m in self.merges]
        lines.append(f"people: {len(self.people)} = {sum(self.rows_read.values())} read − {self.merged} merged − "
                     f"{self.refused} refused")
        if self.refused:
            refused = sorted({str(Source(Path(p.file).name, p.line)) for p in self.problems})
            lines.append(f"refused: {', '.join(refused)}")
        shortened = list(shortened)
        if shortened:
            lines.append(f"shortened ({len(shortened)}, see the warnings): {', '.join(shortened)}")
        head = f"made {made} {noun}{'s' if made != 1 else ''}"
        if selected is not None:
            people = "person" if selected == 1 else "people"
            head += f" for the {selected} {people} selected from the list of {len(self.people)}"
        if not_set:
            head += f"; {not_set} could not be set and {'were' if not_set != 1 else 'was'} left out"
        if shortened:
            head += f"; {len(shortened)} shortened"
        return "\n".join(lines + [head])


def build_roster(programme: Programme, attendee_paths: Iterable[Path] = (), skip_invalid: bool = False,
                 encoding: str | None = None) -> Roster:
    """Programme people plus attendees plus the desk's changes, each person once, sorted by family name.

    Attendee files are those named in programme.yaml (relative to it) and
    then `attendee_paths` (read in `encoding` when given, else as UTF-8 or
    UTF-16 with a BOM). Raises InputError listing every bad row unless
    `skip_invalid`, in which case they are in `Roster.problems`.
    """
    roster = with_desk_changes(source_roster(programme, attendee_paths, encoding), read_desk_changes(programme))
    finish(roster, glyph_problems(roster.people, programme))
    if roster.problems and not skip_invalid:
        raise InputError(roster.problems)
    return roster


def source_roster(programme: Programme, attendee_paths: Iterable[Path] = (), encoding: str | None = None) -> Roster:
    """Programme people and registration exports, merged; not yet checked, sorted or changed by the desk.

    The desk builds this once and applies its changes to it as they come.
    """
    roster = Roster([])
    source = programme_source(programme)
    speakers = [dataclasses.replace(p, source=source) for p in programme_people(programme)]
    roster.rows_read[Path(source.file).name] = len(speakers)
    rows: list[Person] = []
    for path in registration_paths(programme, attendee_paths):
        read = read_attendees(path, programme.registration, encoding)
        roster.rows_read[path.name] = roster.rows_read.get(path.name, 0) + read.records
        roster.problems.extend(read.problems)
        rows.extend(read.people)
    roster.people = unique_ids(merge_all(speakers, group_rows(rows), roster), roster)
    for index, person in enumerate(roster.people):
        roster.index(person, index)
    return roster


def read_desk_changes(programme: Programme) -> DeskChanges | None:
    """Walk-ins and corrections recorded by `printkit desk` (desk-changes.csv next to the programme)."""
    path = changes_path(programme)
    return read_changes(path, programme.registration) if path.exists() else None


def with_desk_changes(sources: Roster, changes: DeskChanges | None) -> Roster:
    """A new roster: `sources` (left as they are) with the desk's walk-ins and then its corrections.

    A walk-in who is somebody already here (same e-mail and name) is merged
    with them and listed; one whose id another person has is a problem.
    """
    roster = dataclasses.replace(sources, people=list(sources.people), problems=list(sources.problems),
                                 warnings=list(sources.warnings), merges=list(sources.merges),
                                 rows_read=dict(sources.rows_read), keys=dict(sources.keys),
                                 identities=dict(sources.identities))
    if changes is None:
        return roster
    refused_rows = {p.line for p in changes.problems}
    roster.rows_read[changes.path.name] = len(changes.additions) + len(refused_rows)
    ids = {person.id: person for person in roster.people}
    for person in changes.additions:
        earlier = roster.match(person)
        if earlier is not None:
            roster.people[earlier] = combine([roster.people[earlier], person], roster)
            continue
        if person.id in ids:
            roster.problems.append(Problem.at(person.source, "Person ID",
                                              f"{person.id!r} is already the id of {ids[person.id].display_name}"))
            continue
        ids[person.id] = person
        roster.index(person, len(roster.people))
        roster.people.append(person)
    roster.people, unknown = changes.apply(roster.people)
    roster.problems.extend(changes.problems + unknown)
    return roster


def finish(roster: Roster, unprintable: dict[str, Problem],
           sort_key: Callable[[Person], tuple[str, str]] = lambda p: p.sort_key) -> None:
    """Leave out (and report) people a bundled font cannot set; sort the rest by family name.

    The keys point into the unsorted list, so they go.
    """
    roster.problems.extend(unprintable.values())
    roster.people = sorted((p for p in roster.people if p.id not in unprintable), key=sort_key)
    roster.keys, roster.identities = {}, {}


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


def person_identity(person: Person) -> tuple[str, str]:
    return identity(person.contact.email, person.given_name, person.family_name)


def identity_key(person: Person) -> str | None:
    """Who a record is: e-mail with folded name; None without an e-mail address,
    because a name alone never makes two records one person."""
    email, name = person_identity(person)
    return f"{email}\n{name}" if email else None


def match_keys(person: Person) -> list[str]:
    """Whom a walk-in looks like, for the desk to ask before adding them: the same
    e-mail, or the same folded name ('Ștefan Popescu' looks like 'Stefan POPESCU')."""
    email, name = person_identity(person)
    return ([f"email:{email}"] if email else []) + [f"name:{name}"]


def group_rows(rows: list[Person]) -> list[list[Person]]:
    """Export rows grouped into people, in file order: same e-mail and same folded name.

    A row without an e-mail address is a person of its own: nothing tells
    two people without e-mail but with one name apart.
    """
    groups: dict[tuple[str, str], list[Person]] = {}
    alone: list[list[Person]] = []
    for row in rows:
        key = person_identity(row)
        if key[0]:
            groups.setdefault(key, []).append(row)
        else:
            alone.append([row])
            groups[(f"#{len(alone)}", key[1])] = alone[-1]
    return list(groups.values())


@dataclass
class ExportPeople:
    """The export people (rows grouped by `group_rows`), indexed by e-mail and by folded name
    so matching the programme people takes one look-up each, however long the exports."""

    groups: list[list[Person]]
    by_email: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_name: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    emails: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for index, group in enumerate(self.groups):
            email, name = person_identity(group[0])
            self.emails.append(email)
            if email:
                self.by_email[email].append(index)
            self.by_name[name].append(index)


def merge_all(speakers: list[Person], groups: list[list[Person]], roster: Roster) -> list[Person]:
    """Each programme person with the one export person they are (if any), then everyone else."""
    exports = ExportPeople(groups)
    claims = {s.id: programme_matches(s, exports) for s in speakers}
    claimed_by = defaultdict(list)
    for speaker_id, matches in claims.items():
        for index in matches:
            claimed_by[index].append(speaker_id)
    people, taken = [], set()
    for speaker in speakers:
        matches = claims[speaker.id]
        if len(matches) == 1 and len(claimed_by[matches[0]]) == 1:
            taken.add(matches[0])
            people.append(combine([speaker, *groups[matches[0]]], roster))
            continue
        if not matches:
            warn_same_name(speaker, exports, roster)
        else:
            rivals = [other for i in matches for other in claimed_by[i] if other != speaker.id]
            rows = ", ".join(label(r) for i in matches for r in groups[i])
            also = f"; {', '.join(sorted(set(rivals)))} could be the same row" if rivals else ""
            roster.warnings.append(Problem.at(speaker.source, speaker.id,
                                              f"{speaker.display_name} could be {rows}{also}: kept apart, not merged; "
                                              "give the person their registration e-mail under contact.email in "
                                              "programme.yaml to merge them"))
        people.append(combine([speaker], roster))
    people += [combine(group, roster) for index, group in enumerate(groups) if index not in taken]
    return people


def warn_same_name(speaker: Person, exports: ExportPeople, roster: Roster) -> None:
    """A speaker and export rows with one name but different e-mail addresses stay two people; say so."""
    rows = [label(r) for i in exports.by_name.get(person_identity(speaker)[1], ()) for r in exports.groups[i]]
    if rows:
        roster.warnings.append(Problem.at(speaker.source, speaker.id,
                                          f"{speaker.display_name} has the name of {', '.join(rows)} but a different "
                                          "e-mail address: two badges; if they are one person, give the registration "
                                          "e-mail under contact.email in programme.yaml"))


def programme_matches(speaker: Person, exports: ExportPeople) -> list[int]:
    """Indexes of the export people a programme person may be: same e-mail (narrowed by
    name when several people share it), else — when either side has no e-mail — same name."""
    email, name = person_identity(speaker)
    same_name = exports.by_name.get(name, [])
    if email:
        same_email = exports.by_email.get(email, [])
        if len(same_email) > 1:
            same_email = [i for i in same_email if i in same_name] or same_email
        if same_email:
            return list(same_email)
    return [i for i in same_name if not email or not exports.emails[i]]


def combine(records: list[Person], roster: Roster) -> Person:
    """One person from records of them: the first (the programme's, else the first row)
    is printed, later ones fill gaps; contact details only from consenting records."""
    first, later = records[0], records[1:]
    if later:
        roster.merges.append(Merge(first.display_name, label(first), tuple(label(r) for r in later)))
    person = first
    for record in later:
        person = dataclasses.replace(
            person,
            native_name=person.native_name or record.native_name,
            position=person.position or record.position,
            organisation=person.organisation or record.organisation,
        )
    share, contact = consented_contact(records)
    return dataclasses.replace(person, share_contact=share, contact=contact)


def consented_contact(records: list[Person]) -> tuple[bool | None, Contact]:
    """(consent, contact) of one person from all their records.

    An explicit share_contact of the first (programme) record decides; else
    any "no" is no, and a "yes" counts only for the records that said it.
    Without consent the e-mail is kept (the desk finds people by it), never printed.
    """
    first = records[0]
    programme_says = first.share_contact if not is_row(first) else None
    if programme_says is not None:
        share = programme_says
        consenting = [first] + [r for r in records[1:] if r.share_contact] if share else []
    elif any(r.share_contact is False for r in records):
        share, consenting = False, []
    else:
        consenting = [r for r in records if r.share_contact]
        share = True if consenting else None
    if not share:
        email = next((r.contact.email for r in records if r.contact.email), None)
        return share, Contact(email=email, url=first.contact.url)
    def pick(attribute: str) -> str | None:
        return next((getattr(r.contact, attribute) for r in consenting if getattr(r.contact, attribute)), None)
    return True, Contact(email=pick("email"), phone=pick("phone"), url=pick("url"))


def is_row(person: Person) -> bool:
    """Whether a record came from a row of a table (an export, desk-changes.csv) rather than programme.yaml."""
    return person.source is not None and person.source.line is not None


def label(person: Person) -> str:
    """'reg.csv:17' or 'programme.yaml': where a record was read, as the summary names it."""
    source = person.source or Source("programme.yaml")
    return str(Source(Path(source.file).name, source.line))


def unique_ids(people: list[Person], roster: Roster) -> list[Person]:
    """Ids as they are; where two people share one, the later takes its hash id (one export id
    in two files, e.g. Indico's 1, 2, 3...), else a suffix with a warning (two rows without
    e-mail and with one name: only that id depends on the order of the rows)."""
    seen: dict[str, Person] = {}
    result = []
    for person in people:
        wanted = person.id
        if wanted in seen:
            person = dataclasses.replace(person, id=attendee_id(person.contact.email, person.given_name,
                                                                person.family_name))
        number = 1
        while person.id in seen:
            number += 1
            person = dataclasses.replace(person, id=f"{wanted}-{number}")
        if number > 1:
            roster.warnings.append(Problem.at(person.source or Source("programme.yaml"), "id",
                                              f"{person.display_name} has the same id {wanted!r} as "
                                              f"{seen[wanted].display_name} ({label(seen[wanted])}); kept apart as "
                                              f"{person.id!r}, an id that depends on the order of the rows — add an "
                                              "e-mail address to tell them apart"))
        seen[person.id] = person
        result.append(person)
    return result


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
