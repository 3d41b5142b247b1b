"""Rules on the people read, that a product applies before it lays anything out.

Who sits at the table (tent cards), and whether the event's QR URL template
can serve the people whose code is a URL. Both only read the model, so a
product can refuse bad input before a page is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import InputError, Problem
from ..model import Event, Person, Programme, fold, qr_kind

URL_FIELDS = ("id", "given_name", "family_name", "email")  # what an `event.qr_url` template may name


def seated_people(people: list[Person], programme: Programme) -> list[Person]:
    """Who sits at the table: programme people and seated roles, unless `tent:` says otherwise."""
    on_programme = {p.id for p in programme.programme_people}
    roles = {fold(role) for role in programme.tents.seated_roles}

    def is_seated(person: Person) -> bool:
        if person.tent is not None:
            return person.tent
        return person.id in on_programme or fold(person.role or "") in roles

    return [p for p in people if is_seated(p)]


def check_url_template(event: Event, people: Sequence[Person]) -> None:
    """Refuse a missing or broken `event.qr_url` when anyone's code is a URL, or
    when one is given at all: a badge's code too full for its vCard falls back on it."""
    if not event.qr_url and not any(qr_kind(p, event) == "url" for p in people):
        return
    message = None
    if not event.qr_url:
        message = "is missing; QR codes of kind 'url' need a template such as https://example.org/p/{id}"
    else:
        try:
            event.qr_url.format_map({k: "" for k in URL_FIELDS})
        except (KeyError, IndexError, ValueError) as exc:
            message = f"{event.qr_url!r} is not a valid template ({exc}); use the fields {', '.join(URL_FIELDS)}"
    if message:
        raise InputError([Problem("programme.yaml", None, None, "event.qr_url", message)])
