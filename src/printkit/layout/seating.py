"""Who sits where: the seat assignment of a `seating:` section, pure and deterministic.

Seats are numbered clockwise seen from above, seat 1 being the chair's at the
head of the table, farthest from the door. Protocol ranks the other seats by
their distance from the chair, the chair's right before the chair's left
(N, 2, N-1, 3, ...): the co-chair takes the seat of second honour at the
chair's right, and the principal guests follow by precedence. Delegations
are interleaved (`alternate`) or each given one side of the table
(`facing`); fixed seats are kept whatever the rules say. The same people and
section always give the same plan: nothing here depends on anything but
the order of its inputs.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass

from ..model import Person, Seating

CHAIR, CO_CHAIR = "Chair", "Co-chair"


@dataclass(frozen=True)
class Seat:
    number: int
    person: Person | None  # None: an empty seat
    delegation: str | None = None
    honour: str | None = None  # CHAIR, CO_CHAIR or None


@dataclass(frozen=True)
class SeatAssignment:
    table: str
    seats: tuple[Seat, ...]  # by number, from seat 1
    delegations: tuple[str, ...]  # in the file's order
    mix: str

    @property
    def occupied(self) -> tuple[Seat, ...]:
        return tuple(s for s in self.seats if s.person)


def side_counts(table: str, seats: int) -> tuple[int, int, int, int] | None:
    """Seats on the (head, right, foot, left) sides of an angular table; None for round and oval.

    The head has an odd number of seats so the chair sits in its middle. A
    rectangle has the chair alone at its head and one seat at its foot; a
    hollow square has about an eighth of the seats at its head and as many
    at its foot; a U-shape is open at its foot, towards the door.
    """
    if table in ("round", "oval"):
        return None
    if table == "rectangle":
        head = 1
        foot = 1 if seats % 2 == 0 and seats > 2 else 0
    else:
        head = max(1, 2 * round((seats / 8 - 1) / 2) + 1)
        foot = 0 if table == "u-shape" else max(0, min(head, seats - head - 2))
    rest = seats - head - foot
    left = rest // 2
    right = rest - left
    if table == "hollow-square" and right > left:  # keep the sides even: the extra seat goes to the foot
        foot, right = foot + 1, right - 1
    return head, right, foot, left


def neighbours(table: str, seats: int) -> list[tuple[int, int]]:
    """Pairs of seats side by side: around the table, except across a U-shape's open foot."""
    pairs = [(n, n % seats + 1) for n in range(1, seats + 1)] if seats > 2 else [(1, 2)]
    if table == "u-shape":
        head, right, _, _ = side_counts(table, seats)
        last_right = (head + 1) // 2 + right
        pairs = [p for p in pairs if p != (last_right, last_right + 1)]
    return pairs


def honour_order(seats: int) -> list[int]:
    """Seats from the most to the least honourable: 1, then the chair's right and left in turn."""
    order = [1]
    right, left = seats, 2
    while left <= right:
        order.append(right)
        if left != right:
            order.append(left)
        right, left = right - 1, left + 1
    return order


def precedence_order(seated: list[Person], seating: Seating, programme_ids: list[str]) -> list[Person]:
    """`precedence:` first, then the order of `people:`, then attendees by family name."""
    rank = {pid: i for i, pid in enumerate(seating.precedence)}
    listed = {pid: i for i, pid in enumerate(programme_ids)}
    return sorted(seated, key=lambda p: (rank.get(p.id, len(rank)), listed.get(p.id, len(listed)), p.sort_key, p.id))


def assign_seats(seated: list[Person], seating: Seating, programme_ids: list[str]) -> SeatAssignment:
    """Everyone seated gets one seat; `check_seated` has made sure the ids and numbers are right."""
    total = seating.seats or len(seated)
    by_id = {p.id: p for p in seated}
    taken: dict[int, str] = {1: seating.chair}
    taken.update((seat, pid) for seat, pid in seating.fixed)
    if seating.co_chair and seating.co_chair not in taken.values():
        free = [s for s in honour_order(total) if s not in taken]
        taken[free[0]] = seating.co_chair
    placed = set(taken.values())
    rest = [p for p in precedence_order(seated, seating, programme_ids) if p.id not in placed]
    if seating.mix == "facing":
        facing(taken, rest, seating, total)
    else:
        alternate(taken, rest, seating, total)
    honours = {seating.chair: CHAIR, seating.co_chair: CO_CHAIR}
    seats = []
    for number in range(1, total + 1):
        person = by_id.get(taken.get(number, ""))
        delegation = seating.delegation_of(person.id) if person else None
        seats.append(Seat(number, person, delegation, honours.get(person.id) if person else None))
    return SeatAssignment(seating.table, tuple(seats), tuple(name for name, _ in seating.delegations), seating.mix)


def alternate(taken: dict[int, str], rest: list[Person], seating: Seating, total: int) -> None:
    """Down the honour order, each seat to the first person by precedence whose
    delegation differs from the neighbours already seated; people in no
    delegation come after everyone who is in one."""
    adjacent: dict[int, list[int]] = {}
    for a, b in neighbours(seating.table, total):
        adjacent.setdefault(a, []).append(b)
        adjacent.setdefault(b, []).append(a)
    queue = sorted(rest, key=lambda p: seating.delegation_of(p.id) is None)
    position = {p.id: i for i, p in enumerate(queue)}
    waiting: dict[str | None, collections.deque[Person]] = {}  # delegation -> its people, in queue order
    for person in queue:
        waiting.setdefault(seating.delegation_of(person.id), collections.deque()).append(person)

    def first_of(names) -> Person | None:
        heads = [waiting[name][0] for name in names if waiting[name]]
        return min(heads, key=lambda p: position[p.id], default=None)

    for seat in honour_order(total):
        if seat in taken or not any(waiting.values()):
            continue
        beside = {seating.delegation_of(taken[n]) for n in adjacent.get(seat, []) if n in taken}
        person = first_of([n for n in waiting if n is not None and n not in beside]) or first_of(list(waiting))
        waiting[seating.delegation_of(person.id)].popleft()
        taken[seat] = person.id


def facing(taken: dict[int, str], rest: list[Person], seating: Seating, total: int) -> None:
    """Each delegation on one side: the co-chair's (else the first guest
    delegation) from the chair's right, the chair's from the chair's left,
    further delegations after the first; people in no delegation at the foot."""
    names = [name for name, _ in seating.delegations]
    chair_side = seating.delegation_of(seating.chair)
    right = seating.delegation_of(seating.co_chair or "") or next((n for n in names if n != chair_side), None)
    left = chair_side if chair_side != right else next((n for n in names if n != right), None)
    free = [s for s in range(2, total + 1) if s not in taken]
    for name in [left] + [right] + [n for n in names if n not in (left, right)]:
        members = [p for p in rest if name is not None and seating.delegation_of(p.id) == name]
        for person in members:
            seat = free.pop(0) if name == left else free.pop()
            taken[seat] = person.id
    unlisted = [p for p in rest if seating.delegation_of(p.id) is None]
    for seat, person in zip([s for s in honour_order(total) if s in free], unlisted):
        taken[seat] = person.id
