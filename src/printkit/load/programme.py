"""`programme.yaml` → `Programme`.

The only code that knows the layout of the programme file. It reads the whole
file, checks every field, resolves people by id and checks the timetable,
then raises one `InputError` listing every problem, or returns the model.
"""

from __future__ import annotations

from pathlib import Path

from yaml.nodes import Node

from ..model import (
    REGISTERED_OUTPUT_CONDITIONS,
    Contact,
    Event,
    Initiative,
    Objective,
    Organiser,
    Person,
    PrintSettings,
    Programme,
    Room,
    Session,
)
from .registration import read_badge_settings, read_registration
from .seating import read_seating
from .tentsettings import read_tent_settings
from .timetable import check_end_date, check_overlaps, read_place, read_rooms, read_timezone
from .yamlreader import Reader, closest, compose

TOP_KEYS = {
    "event", "concept", "objectives", "people", "programme", "tents", "registration", "badges", "print",
    "seating", "rooms",
}
EVENT_KEYS = {
    "title", "short_title", "tagline", "format", "date", "venue", "city", "country",
    "organisers", "initiative", "qr", "qr_url", "end_date", "timezone",
}
PERSON_KEYS = {
    "id", "given_name", "family_name", "native_name", "native_reading", "family_name_first",
    "affiliations", "position", "organisation", "role", "contact", "share_contact", "qr", "tent", "bio",
}
SESSION_KEYS = {
    "id", "kind", "title", "subtitle", "start", "end", "description", "moderators", "speakers", "day", "room", "rooms",
}
SESSION_KINDS = ("remarks", "keynote", "panel", "talk", "workshop", "break", "meal", "other")
QR_PAYLOADS = ("vcard", "url", "text", "none")


def load_programme(path: Path | str) -> Programme:
    """Read and validate a programme file; raise InputError with every problem."""
    path = Path(path)
    reader = Reader(path)
    root = compose(path)
    if root is None:
        reader.error(None, "", "the file is empty; expected the keys " + ", ".join(sorted(TOP_KEYS)))
        reader.raise_if_problems()
    top = reader.mapping(root, "", TOP_KEYS, required={"event", "programme"}) or {}
    event = read_event(reader, top.get("event"))
    people = read_people(reader, top.get("people"))
    rooms = read_rooms(reader, top.get("rooms"))
    sessions = read_sessions(reader, top.get("programme"), people, event, rooms)
    concept = reader.paragraphs(top.get("concept"), "concept")
    objectives = read_objectives(reader, top.get("objectives"))
    tents = read_tent_settings(reader, top.get("tents"))
    registration = read_registration(reader, top.get("registration"))
    badges = read_badge_settings(reader, top.get("badges"))
    print_settings = read_print_settings(reader, top.get("print"))
    seating = read_seating(reader, top.get("seating"))
    reader.raise_if_problems()
    return Programme(event, concept, objectives, tuple(people.values()), sessions, tents=tents,
                     registration=registration, badges=badges, print=print_settings, seating=seating,
                     path=str(path), rooms=tuple(rooms.values()))


def read_print_settings(reader: Reader, node: Node | None) -> PrintSettings:
    """`print: {output_condition: FOGRA39}`: the condition `--pdfx` files declare."""
    keys = reader.mapping(node, "print", {"output_condition"}) or {}
    condition = reader.choice(keys.get("output_condition"), "print.output_condition",
                              tuple(REGISTERED_OUTPUT_CONDITIONS), PrintSettings.output_condition)
    return PrintSettings(condition or PrintSettings.output_condition)


def read_event(reader: Reader, node: Node | None) -> Event | None:
    keys = reader.mapping(node, "event", EVENT_KEYS, required={"title", "date", "venue", "city"})
    if keys is None:
        return None
    title = reader.text(keys.get("title"), "event.title", required=True)
    organisers = tuple(
        read_organiser(reader, item, where) for where, item in reader.sequence(keys.get("organisers"), "event.organisers")
    )
    event = Event(
        title=title,
        short_title=reader.text(keys.get("short_title"), "event.short_title") or title,
        date=reader.date(keys.get("date"), "event.date"),
        venue=reader.text(keys.get("venue"), "event.venue", required=True),
        city=reader.text(keys.get("city"), "event.city", required=True),
        country=reader.text(keys.get("country"), "event.country"),
        tagline=reader.text(keys.get("tagline"), "event.tagline"),
        format=reader.text(keys.get("format"), "event.format"),
        organisers=tuple(o for o in organisers if o),
        initiative=read_initiative(reader, keys.get("initiative")),
        qr=reader.choice(keys.get("qr"), "event.qr", QR_PAYLOADS, "vcard"),
        qr_url=reader.text(keys.get("qr_url"), "event.qr_url"),
        end_date=reader.date(keys.get("end_date"), "event.end_date"),
        timezone=read_timezone(reader, keys.get("timezone")),
    )
    return check_end_date(reader, keys.get("end_date"), event) if event.date else event


def read_organiser(reader: Reader, node: Node, where: str) -> Organiser | None:
    keys = reader.mapping(node, where, {"name", "acronym"}, required={"name"})
    if keys is None:
        return None
    return Organiser(
        name=reader.text(keys.get("name"), f"{where}.name", required=True),
        acronym=reader.text(keys.get("acronym"), f"{where}.acronym"),
    )


def read_initiative(reader: Reader, node: Node | None) -> Initiative | None:
    keys = reader.mapping(node, "event.initiative", {"name", "part_of"}, required={"name"})
    if keys is None:
        return None
    return Initiative(
        name=reader.text(keys.get("name"), "event.initiative.name", required=True),
        part_of=reader.text(keys.get("part_of"), "event.initiative.part_of"),
    )


def read_objectives(reader: Reader, node: Node | None) -> tuple[Objective, ...]:
    objectives = []
    for where, item in reader.sequence(node, "objectives"):
        keys = reader.mapping(item, where, {"lead", "text"}, required={"lead"})
        if keys is not None:
            lead = reader.text(keys.get("lead"), f"{where}.lead", required=True)
            objectives.append(Objective(lead or "", reader.text(keys.get("text"), f"{where}.text") or ""))
    return tuple(objectives)


def read_people(reader: Reader, node: Node | None) -> dict[str, Person]:
    """People by id, in file order; a repeated id is an error at its second use."""
    people: dict[str, Person] = {}
    for where, item in reader.sequence(node, "people"):
        person = read_person(reader, item, where)
        if person is None:
            continue
        if person.id in people:
            reader.error(item, f"{where}.id", f"duplicate id {person.id!r}: each person is defined once")
            continue
        people[person.id] = person
    return people


def read_person(reader: Reader, node: Node, where: str) -> Person | None:
    keys = reader.mapping(node, where, PERSON_KEYS, required={"id", "family_name"})
    if keys is None:
        return None
    person_id = reader.identifier(keys.get("id"), f"{where}.id")
    family = reader.text(keys.get("family_name"), f"{where}.family_name", required=True)
    if person_id is None or family is None:
        return None
    return Person(
        id=person_id,
        given_name=reader.text(keys.get("given_name"), f"{where}.given_name") or "",
        family_name=family,
        native_name=reader.text(keys.get("native_name"), f"{where}.native_name"),
        native_reading=reader.text(keys.get("native_reading"), f"{where}.native_reading"),
        family_name_first=reader.boolean(keys.get("family_name_first"), f"{where}.family_name_first"),
        affiliations=reader.text_list(keys.get("affiliations"), f"{where}.affiliations"),
        position=reader.text(keys.get("position"), f"{where}.position"),
        organisation=reader.text(keys.get("organisation"), f"{where}.organisation"),
        role=reader.text(keys.get("role"), f"{where}.role"),
        contact=read_contact(reader, keys.get("contact"), f"{where}.contact"),
        share_contact=reader.boolean(keys.get("share_contact"), f"{where}.share_contact", default=None),
        qr=reader.choice(keys.get("qr"), f"{where}.qr", QR_PAYLOADS, None),
        tent=reader.boolean(keys.get("tent"), f"{where}.tent", default=None),
        bio=" ".join(reader.paragraphs(keys.get("bio"), f"{where}.bio")) or None,
    )


def read_contact(reader: Reader, node: Node | None, where: str) -> Contact:
    keys = reader.mapping(node, where, {"email", "phone", "url"})
    if not keys:
        return Contact()
    return Contact(**{key: reader.text(value, f"{where}.{key}") for key, value in keys.items()})


def read_sessions(reader: Reader, node: Node | None, people: dict[str, Person], event: Event | None,
                  rooms: dict[str, Room]) -> tuple[Session, ...]:
    sessions: list[tuple[Session, str, Node]] = []
    ids: set[str] = set()
    for where, item in reader.sequence(node, "programme"):
        session = read_session(reader, item, where, people, event, rooms)
        if session is None:
            continue
        if session.id in ids:
            reader.error(item, f"{where}.id", f"duplicate id {session.id!r}: each programme item has its own id")
        ids.add(session.id)
        sessions.append((session, where, child(item, "start")))
    check_overlaps(reader, sessions)
    if node is not None and not sessions and not reader.problems:
        reader.error(node, "programme", "is empty; expected at least one programme item")
    return tuple(session for session, _, _ in sessions)


def read_session(reader: Reader, node: Node, where: str, people: dict[str, Person], event: Event | None,
                 rooms: dict[str, Room]) -> Session | None:
    keys = reader.mapping(node, where, SESSION_KEYS, required={"id", "title", "start", "end"})
    if keys is None:
        return None
    fields = dict(
        id=reader.identifier(keys.get("id"), f"{where}.id"),
        kind=reader.choice(keys.get("kind"), f"{where}.kind", SESSION_KINDS, "other"),
        title=reader.text(keys.get("title"), f"{where}.title", required=True),
        start=reader.time(keys.get("start"), f"{where}.start"),
        end=reader.time(keys.get("end"), f"{where}.end"),
        subtitle=reader.text(keys.get("subtitle"), f"{where}.subtitle"),
        description=reader.paragraphs(keys.get("description"), f"{where}.description"),
        moderators=resolve_people(reader, keys.get("moderators"), f"{where}.moderators", people),
        speakers=resolve_people(reader, keys.get("speakers"), f"{where}.speakers", people),
        **read_place(reader, keys, where, event, rooms),
    )
    start, end = fields["start"], fields["end"]
    if start and end and end <= start:
        reader.error(keys["end"], f"{where}.end", f"{end:%H:%M} is not after the start {start:%H:%M}; expected a later time")
        return None
    if None in (fields["id"], fields["title"], start, end):
        return None
    return Session(**fields)


def child(node: Node, key: str) -> Node:
    """The value node under `key` in a mapping node (for pointing at a field)."""
    return next((value for k, value in node.value if k.value == key), node)


def resolve_people(reader: Reader, node: Node | None, where: str, people: dict[str, Person]) -> tuple[Person, ...]:
    resolved = []
    for item_where, item in reader.sequence(node, where):
        person_id = reader.identifier(item, item_where)
        if person_id is None:
            continue
        if person_id not in people:
            reader.error(item, item_where, f"no person has the id {person_id!r}{did_you_mean_id(person_id, people)}")
            continue
        resolved.append(people[person_id])
    return tuple(resolved)


def did_you_mean_id(person_id: str, people: dict[str, Person]) -> str:
    close = closest(person_id, people)
    return f" (did you mean {close!r}?)" if close else "; define them under people:"
