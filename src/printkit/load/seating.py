"""The `seating:` section of programme.yaml, and its checks against who is seated.

Reading checks everything the file alone can tell (shapes, choices, a person
in two delegations, a seat given twice or out of range). Who is seated is
only known once attendees are read, so `check_seated` checks the ids and the
number of seats later; both report with the file and line the field was
written on, every problem at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from yaml.nodes import MappingNode, Node

from ..errors import Problem
from ..model import Person, Seating
from .yamlreader import Reader, closest, is_null, whole_number_from

TABLES = ("round", "oval", "rectangle", "u-shape", "hollow-square")
DOORS = ("bottom", "top", "left", "right")
MIXES = ("alternate", "facing")
PAGES = ("auto", "a4", "a3")
KEYS = {"table", "seats", "door", "chair", "co_chair", "mix", "delegations", "fixed", "precedence", "page"}
MAX_DELEGATIONS = 6  # distinct colours and marker shapes a plan can show
MIN_SEATS = 2


def read_seating(reader: Reader, node: Node | None) -> Seating | None:
    """The `seating:` mapping, or None when the programme has none."""
    keys = reader.mapping(node, "seating", KEYS, required={"table", "chair"})
    if keys is None:
        return None
    spots = [spot("seating", node)] + [spot(f"seating.{key}", value) for key, value in keys.items()]
    seats = reader.scalar(keys.get("seats"), "seating.seats", whole_number_from(MIN_SEATS), f"a whole number of seats, at least {MIN_SEATS}")
    chair = reader.identifier(keys.get("chair"), "seating.chair")
    co_chair = reader.identifier(keys.get("co_chair"), "seating.co_chair") if "co_chair" in keys else None
    if chair and co_chair == chair:
        reader.error(keys["co_chair"], "seating.co_chair", f"{co_chair!r} is already the chair; expected someone else")
        co_chair = None
    delegations = read_delegations(reader, keys.get("delegations"), spots)
    fixed = read_fixed(reader, keys.get("fixed"), seats, chair, spots)
    precedence = read_ids(reader, keys.get("precedence"), "seating.precedence", spots)
    table = reader.choice(keys.get("table"), "seating.table", TABLES, None)
    if chair is None or table is None:
        return None
    return Seating(
        table=table, chair=chair, seats=seats, co_chair=co_chair,
        door=reader.choice(keys.get("door"), "seating.door", DOORS, "bottom"),
        mix=reader.choice(keys.get("mix"), "seating.mix", MIXES, "alternate"),
        delegations=delegations, fixed=fixed, precedence=precedence,
        page=reader.choice(keys.get("page"), "seating.page", PAGES, "auto"),
        spots=tuple(spots),
    )


def spot(field: str, node: Node) -> tuple[str, int, int]:
    return (field, node.start_mark.line + 1, node.start_mark.column + 1)


def read_ids(reader: Reader, node: Node | None, field: str, spots: list) -> tuple[str, ...]:
    """A list of person ids, each at most once."""
    ids: list[str] = []
    for where, item in reader.sequence(node, field):
        person_id = reader.identifier(item, where)
        if person_id is None:
            continue
        if person_id in ids:
            reader.error(item, where, f"{person_id!r} is listed twice; expected each person once")
            continue
        ids.append(person_id)
        spots.append(spot(f"{field}:{person_id}", item))
    return tuple(ids)


def read_delegations(reader: Reader, node: Node | None, spots: list) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Delegation name → ids; a person belongs to one delegation at most."""
    if node is None or is_null(node):
        return ()
    if not isinstance(node, MappingNode):
        reader.error(node, "seating.delegations", "expected a mapping of delegation names to lists of person ids")
        return ()
    delegations: list[tuple[str, tuple[str, ...]]] = []
    member_of: dict[str, str] = {}
    for key, value in node.value:
        name = str(key.value).strip()
        field = f"seating.delegations.{name}"
        if any(name == known for known, _ in delegations):
            reader.error(key, field, "appears twice; expected each delegation once")
            continue
        members = []
        for where, item in reader.sequence(value, field):
            person_id = reader.identifier(item, where)
            if person_id is None:
                continue
            if person_id in member_of:
                reader.error(item, where, f"{person_id!r} is already in the delegation {member_of[person_id]!r}; "
                                          "expected each person in one delegation at most")
                continue
            member_of[person_id] = name
            members.append(person_id)
            spots.append(spot(f"{field}:{person_id}", item))
        delegations.append((name, tuple(members)))
    if len(delegations) > MAX_DELEGATIONS:
        reader.error(node, "seating.delegations", f"has {len(delegations)} delegations; a plan can tell at most "
                                                  f"{MAX_DELEGATIONS} apart (merge some, or leave people unlisted)")
    return tuple(delegations)


def read_fixed(reader: Reader, node: Node | None, seats: int | None, chair: str | None,
               spots: list) -> tuple[tuple[int, str], ...]:
    """Seat number → person id, each seat and each person once; seat 1 is the chair's."""
    if node is None or is_null(node):
        return ()
    if not isinstance(node, MappingNode):
        reader.error(node, "seating.fixed", "expected a mapping of seat numbers to person ids, e.g. {5: keitaro-ohno}")
        return ()
    fixed: dict[int, str] = {}
    for key, value in node.value:
        seat = reader.scalar(key, f"seating.fixed.{key.value}", whole_number_from(1), "a seat number (1, 2, ...)")
        field = f"seating.fixed.{key.value}"
        person_id = reader.identifier(value, field)
        if seat is None or person_id is None:
            continue
        if seat in fixed:
            reader.error(key, field, f"seat {seat} is taken twice (by {fixed[seat]!r} and {person_id!r}); "
                                     "expected one person per seat")
        elif person_id in fixed.values():
            reader.error(value, field, f"{person_id!r} already has a fixed seat; expected one seat per person")
        elif seats is not None and seat > seats:
            reader.error(key, field, f"seat {seat} is out of range: the table has {seats} seats (1 to {seats})")
        elif seat == 1 and person_id != chair:
            reader.error(key, field, f"seat 1 is the chair's; give {person_id!r} another seat")
        elif seat != 1 and person_id == chair:
            reader.error(value, field, f"{person_id!r} is the chair, who sits in seat 1; remove this line")
        else:
            fixed[seat] = person_id
            spots.append(spot(field, key))
            spots.append(spot(f"{field}:{person_id}", value))
    return tuple(sorted(fixed.items()))


def referenced_ids(seating: Seating) -> Iterable[tuple[str, str]]:
    """(field, id) of every person the section names, in the order of the file's fields."""
    yield "seating.chair", seating.chair
    if seating.co_chair:
        yield "seating.co_chair", seating.co_chair
    for name, ids in seating.delegations:
        for person_id in ids:
            yield f"seating.delegations.{name}:{person_id}", person_id
    for seat, person_id in seating.fixed:
        yield f"seating.fixed.{seat}:{person_id}", person_id
    for person_id in seating.precedence:
        yield f"seating.precedence:{person_id}", person_id


def check_seated(seating: Seating, everyone: list[Person], seated: list[Person], file: str) -> list[Problem]:
    """Problems only the seated people reveal: unknown or unseated ids, more people than seats."""
    seated_ids = {p.id for p in seated}
    known = {p.id for p in everyone}
    problems = []
    for field, person_id in referenced_ids(seating):
        if person_id in seated_ids:
            continue
        line, column = seating.spot(field)
        name = field.split(":")[0]
        if person_id not in known:
            close = closest(person_id, seated_ids)
            hint = f" (did you mean {close!r}?)" if close else "; define them under people: or in a registration file"
            problems.append(Problem(file, line, column, name, f"no person has the id {person_id!r}{hint}"))
        elif field == "seating.chair":
            problems.append(Problem(file, line, column, name, f"the chair {person_id!r} is not seated at the table; "
                                    "give them `tent: true` or a role listed in tents.seated_roles"))
        else:
            problems.append(Problem(file, line, column, name, f"{person_id!r} is not seated at the table "
                                    "(tent: false, or a role not in tents.seated_roles)"))
    if seating.seats is not None and len(seated) > seating.seats:
        line, column = seating.spot("seating.seats")
        problems.append(Problem(file, line, column, "seating.seats",
                                f"{len(seated)} people are seated but the table has {seating.seats} seats; "
                                f"set `seats: {len(seated)}` or more, or seat fewer people (tent: false)"))
    seats = seating.seats or len(seated)
    for seat, person_id in seating.fixed:
        if seating.seats is None and seat > seats:
            line, column = seating.spot(f"seating.fixed.{seat}")
            problems.append(Problem(file, line, column, f"seating.fixed.{seat}",
                                    f"seat {seat} is out of range: {seats} people are seated (seats 1 to {seats}); "
                                    f"set `seats: {seat}` or more for empty seats"))
    return problems
