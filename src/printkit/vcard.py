"""vCards for badge QR codes (vCard 3.0, RFC 2426): the contact a phone saves.

A native-script name is the name: N and FN carry it (山田;花子 / 山田 花子),
because iOS builds a contact's name from N alone and Android shows N and FN.
The Latin name stays findable as NICKNAME, and the reading goes where the
phones sort by it: X-PHONETIC-LAST-NAME / X-PHONETIC-FIRST-NAME (iOS and
Android) and SORT-STRING (vCard 3.0; Android's importer reads it where
the phonetic fields are missing). A full code gives up SORT-STRING first
and the reading after everything else (`printkit.qr.SHORTENING`).
Not tried on real phones here: the choice follows how the iOS Contacts
importer (name from N, reading from X-PHONETIC-*) and Android's vCard
importer (N and FN; X-PHONETIC-*, else SORT-STRING) read a card.

Title and organisation come from `position` and `organisation` when a
source gives them. Otherwise a programme's first affiliation line is split
into TITLE and ORG only where that is unambiguous (`title_and_organisation`);
further affiliation lines follow as lines of ORG, which a full QR code
gives up right after the title.

E-mail, phone and URL go in only with the person's consent (`share_contact`).
Lines longer than 75 octets are folded (RFC 2426 2.6) between characters,
never inside one's UTF-8 bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .model import Person

FOLD_OCTETS = 75
# A first part naming an institution ("Keio University, Tokyo") is not a job title.
INSTITUTION_WORDS = re.compile(
    r"\b(universit\w*|institut\w*|ministr\w*|ministerium|commission|college|school|faculty|centre|center|council|"
    r"agency|foundation|company|corporation|bank|office|department|embassy|group|society|association|academy|"
    r"laboratory|hospital|museum|library|government|parliament|inc|ltd|gmbh|llc)\b", re.I)
NAME_SEPARATOR = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True)
class Card:
    """The parts of a person's vCard, each of which a full code may give up
    (`replace` a field with None or fewer lines); `text` writes the card."""

    name: tuple[str, ...]  # N, FN, NICKNAME and the phonetic name, as content lines
    sort_string: str | None = None  # the reading again, for Android's older importers
    title: str | None = None
    organisation: tuple[str, ...] = ()  # lines of ORG
    email: str | None = None
    phone: str | None = None
    url: str | None = None

    def text(self) -> str:
        lines = ["BEGIN:VCARD", "VERSION:3.0", *self.name]
        lines += [f"SORT-STRING:{escape(self.sort_string)}"] if self.sort_string else []
        if self.organisation:
            lines.append("ORG:" + escape("\n".join(self.organisation)))
        if self.title:
            lines.append(f"TITLE:{escape(self.title)}")
        lines += [f"EMAIL;TYPE=INTERNET:{escape(self.email)}"] if self.email else []
        lines += [f"TEL:{escape(self.phone)}"] if self.phone else []
        lines += [f"URL:{escape(self.url)}"] if self.url else []
        lines.append("END:VCARD")
        return "".join(fold(line) + "\r\n" for line in lines)


def card(person: Person) -> Card:
    title, organisation = title_and_organisation(person)
    contact = person.contact if person.share_contact else None
    return Card(name_lines(person), person.native_reading, title, organisation,
                email=contact and contact.email, phone=contact and contact.phone, url=contact and contact.url)


def vcard(person: Person) -> str:
    """The person's whole vCard, as long as it is."""
    return card(person).text()


def name_lines(person: Person) -> tuple[str, ...]:
    """N and FN; for a native-script name also NICKNAME (the Latin name) and the reading."""
    latin = (person.family_name, person.given_name)
    if not person.native_name:
        return (f"N:{escape(latin[0])};{escape(latin[1])};;;", f"FN:{escape(person.display_name)}",
                *reading_lines(person, 2))
    family, given = split_name(person.native_name, person.family_first)
    lines = [f"N:{escape(family)};{escape(given)};;;", f"FN:{escape(person.native_name)}"]
    if person.display_name:
        lines.append(f"NICKNAME:{escape(person.display_name)}")
    return (*lines, *reading_lines(person, 2 if given else 1))


def reading_lines(person: Person, parts: int) -> tuple[str, ...]:
    """X-PHONETIC-LAST-NAME / -FIRST-NAME from `native_reading`.

    The reading is split like the name it reads (`parts` is 2 when N has a
    family and a given name); otherwise it all reads the family name field.
    """
    reading = person.native_reading
    if not reading:
        return ()
    family, given = split_name(reading, person.family_first) if parts == 2 else (reading, "")
    return (f"X-PHONETIC-LAST-NAME:{escape(family)}", *([f"X-PHONETIC-FIRST-NAME:{escape(given)}"] if given else []))


def split_name(name: str, family_first: bool) -> tuple[str, str]:
    """(family, given) of a name written as exactly two words in the person's
    order; anything else is kept whole as the family name."""
    words = NAME_SEPARATOR.split(name.strip())
    if len(words) != 2:
        return name.strip(), ""
    return (words[0], words[1]) if family_first else (words[1], words[0])


def title_and_organisation(person: Person) -> tuple[str | None, tuple[str, ...]]:
    """TITLE and the lines of ORG.

    `position`/`organisation` when given. Else the first affiliation line is
    split at its comma when it has exactly one and the part before it does
    not name an institution: "Director, IOG" gives TITLE Director, ORG IOG;
    "Keio University, Tokyo" and "Professor, CSDS, Fellow, Carnegie Europe"
    stay whole in ORG. Further affiliation lines follow in ORG.
    """
    if person.position or person.organisation:
        return person.position, tuple((person.organisation or "").splitlines())
    if not person.affiliations:
        return None, ()
    first, *rest = person.affiliations
    parts = [part.strip() for part in first.split(",")]
    if len(parts) == 2 and all(parts) and not INSTITUTION_WORDS.search(parts[0]):
        return parts[0], (parts[1], *rest)
    return None, (first, *rest)


def escape(value: str) -> str:
    """RFC 2426 text value: backslash, comma, semicolon and newlines escaped."""
    return (value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """`line` folded into pieces of at most 75 octets (the continuation's
    leading space included), each break between two characters."""
    if len(line.encode()) <= FOLD_OCTETS:
        return line
    pieces, current, size = [], [], 0
    for char in line:
        octets = len(char.encode())
        limit = FOLD_OCTETS - (1 if pieces else 0)
        if size + octets > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


# What a full code gives up, by name; `printkit.qr.SHORTENING` says in what order.
GIVE_UP = {
    "TITLE": lambda card: replace(card, title=None),
    "ORG lines after the first": lambda card: replace(card, organisation=card.organisation[:1]),
    "URL": lambda card: replace(card, url=None),
    "phone": lambda card: replace(card, phone=None),
    "ORG": lambda card: replace(card, organisation=()),
    "e-mail": lambda card: replace(card, email=None),
    "SORT-STRING": lambda card: replace(card, sort_string=None),
    "reading": lambda card: replace(card, name=tuple(line for line in card.name if not line.startswith("X-PHONETIC-"))),
}
