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
    """A person's vCard by the parts a full code may give up (`GIVE_UP`):
    each part its content lines, escaped, folded and ending in CRLF, made
    once, so a code trying smaller and smaller cards only joins strings."""

    name: str  # N, FN and NICKNAME
    reading: str = ""  # X-PHONETIC-LAST-NAME / -FIRST-NAME
    sort_string: str = ""  # the reading again, for Android's older importers
    title: str = ""
    organisation: tuple[str, ...] = ()  # the lines of ORG, escaped
    email: str = ""
    phone: str = ""
    url: str = ""

    def text(self) -> str:
        org = content_line("ORG:" + "\\n".join(self.organisation)) if self.organisation else ""
        return "".join(("BEGIN:VCARD\r\nVERSION:3.0\r\n", self.name, self.reading, self.sort_string, org, self.title,
                        self.email, self.phone, self.url, "END:VCARD\r\n"))


def card(person: Person) -> Card:
    title, organisation = title_and_organisation(person)
    contact = person.contact if person.share_contact else None

    def line(name: str, value: str | None) -> str:
        return content_line(f"{name}:{escape(value)}") if value else ""

    return Card(name_lines(person), reading_lines(person), line("SORT-STRING", person.native_reading),
                line("TITLE", title), tuple(escape(org) for org in organisation),
                email=line("EMAIL;TYPE=INTERNET", contact and contact.email), phone=line("TEL", contact and contact.phone),
                url=line("URL", contact and contact.url))


def content_line(line: str) -> str:
    return fold(line) + "\r\n"


def vcard(person: Person) -> str:
    """The person's whole vCard, as long as it is."""
    return card(person).text()


def name_lines(person: Person) -> str:
    """N and FN; for a native-script name N and FN in that script and the Latin name as NICKNAME."""
    if not person.native_name:
        lines = [f"N:{escape(person.family_name)};{escape(person.given_name)};;;", f"FN:{escape(person.display_name)}"]
    else:
        family, given = split_name(person.native_name, person.family_first)
        lines = [f"N:{escape(family)};{escape(given)};;;", f"FN:{escape(person.native_name)}"]
        lines += [f"NICKNAME:{escape(person.display_name)}"] if person.display_name else []
    return "".join(map(content_line, lines))


def reading_lines(person: Person) -> str:
    """X-PHONETIC-LAST-NAME / -FIRST-NAME from `native_reading`, split like
    the name it reads when that name splits into family and given name;
    otherwise it all reads the family name field."""
    reading = person.native_reading
    if not reading:
        return ""
    name = person.native_name or f"{person.family_name} {person.given_name}"
    two_parts = bool(split_name(name, person.family_first)[1])
    family, given = split_name(reading, person.family_first) if two_parts else (reading, "")
    lines = [f"X-PHONETIC-LAST-NAME:{escape(family)}", *([f"X-PHONETIC-FIRST-NAME:{escape(given)}"] if given else [])]
    return "".join(map(content_line, lines))


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
    "SORT-STRING": lambda card: replace(card, sort_string=""),
    "TITLE": lambda card: replace(card, title=""),
    "ORG lines after the first": lambda card: replace(card, organisation=card.organisation[:1]),
    "URL": lambda card: replace(card, url=""),
    "phone": lambda card: replace(card, phone=""),
    "ORG": lambda card: replace(card, organisation=()),
    "e-mail": lambda card: replace(card, email=""),
    "reading": lambda card: replace(card, reading=""),
}
