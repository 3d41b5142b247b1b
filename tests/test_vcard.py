"""The vCards in badge QR codes, read as a phone's importer reads them: names
in their own script with their reading, title and organisation, folded lines,
consent."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from printkit import qr
from printkit.model import Contact, Event, Person
from printkit.vcard import vcard

EVENT = Event("Test", "Test", dt.date(2026, 3, 24), "Hall", "Tokyo")
HANAKO = Person("hanako", "Hanako", "Yamada", native_name="山田 花子", native_reading="やまだ はなこ",
                family_name_first=True, affiliations=("Senior Fellow, Institute of Geoeconomics",),
                contact=Contact(email="hanako@example.jp", phone="+81 3 0000 0000"), share_contact=True)


def unfolded(card: str) -> list[str]:
    """The card's content lines as an importer sees them (RFC 2426 2.6: CRLF + space removed)."""
    assert card.endswith("\r\n") and "\n" not in card.replace("\r\n", "")
    return card.replace("\r\n ", "").split("\r\n")[:-1]


def field(card: str, name: str) -> str | None:
    values = [line.split(":", 1)[1] for line in unfolded(card) if re.match(rf"{name}[;:]", line)]
    assert len(values) <= 1, (name, values)
    return values[0] if values else None


def test_a_japanese_name_arrives_in_kanji_with_its_reading_and_the_latin_name():
    card = vcard(HANAKO)
    assert field(card, "N") == "山田;花子;;;"
    assert field(card, "FN") == "山田 花子"
    assert field(card, "NICKNAME") == "Yamada Hanako"
    assert field(card, "X-PHONETIC-LAST-NAME") == "やまだ"
    assert field(card, "X-PHONETIC-FIRST-NAME") == "はなこ"
    assert field(card, "SORT-STRING") == "やまだ はなこ"


def test_a_native_name_that_is_not_two_words_stays_whole_in_the_family_name_with_its_whole_reading():
    person = Person("x", "Hanako", "Yamada", native_name="山田花子", native_reading="やまだはなこ", family_name_first=True)
    card = vcard(person)
    assert field(card, "N") == "山田花子;;;;"
    assert field(card, "X-PHONETIC-LAST-NAME") == "やまだはなこ" and field(card, "X-PHONETIC-FIRST-NAME") is None


def test_a_latin_name_keeps_n_and_fn_and_gets_no_nickname():
    card = vcard(Person("s", "Ștefan", "Țărănescu", organisation="Institutul Român, București", position="Cercetător"))
    assert field(card, "N") == "Țărănescu;Ștefan;;;" and field(card, "FN") == "Ștefan Țărănescu"
    assert field(card, "NICKNAME") is None and field(card, "SORT-STRING") is None
    assert field(card, "ORG") == "Institutul Român\\, București" and field(card, "TITLE") == "Cercetător"


@pytest.mark.parametrize("line, title, org", [
    ("Director, IOG", "Director", "IOG"),
    ("Japan Chair, CSDS", "Japan Chair", "CSDS"),
    ("Ambassador, Delegation of the European Union to Japan", "Ambassador", "Delegation of the European Union to Japan"),
    ("Keio University, Tokyo", None, "Keio University\\, Tokyo"),  # the first part is an institution
    ("Professor, CSDS, Fellow, Carnegie Europe", None, "Professor\\, CSDS\\, Fellow\\, Carnegie Europe"),
    ("Independent consultant", None, "Independent consultant"),
])
def test_a_programme_affiliation_is_split_into_title_and_org_only_where_unambiguous(line, title, org):
    card = vcard(Person("p", "Kazuto", "Suzuki", affiliations=(line,)))
    assert field(card, "TITLE") == title and field(card, "ORG") == org


def test_position_and_organisation_win_over_the_affiliation_line_and_further_lines_follow_in_org():
    given = vcard(Person("p", "A", "B", affiliations=("Director, IOG",), position="Head", organisation="Think Tank"))
    assert field(given, "TITLE") == "Head" and field(given, "ORG") == "Think Tank"
    more = vcard(Person("p", "A", "B", affiliations=("Director, IOG", "Visiting Professor, Keio University")))
    assert field(more, "TITLE") == "Director" and field(more, "ORG") == "IOG\\nVisiting Professor\\, Keio University"


def test_long_lines_are_folded_at_75_octets_between_utf8_characters():
    person = Person("g", "Κωνσταντίνος-Αλέξανδρος", "Παπαδοπουλόπουλος-Χατζηγεωργίου",
                    organisation="Εθνικό και Καποδιστριακό Πανεπιστήμιο Αθηνών — Τμήμα Πολιτικής Επιστήμης και Δημόσιας Διοίκησης")
    card = vcard(person)
    physical = card.encode().split(b"\r\n")
    assert max(len(line) for line in physical) == 75
    assert any(line.startswith(b" ") for line in physical)
    for line in physical:
        line.decode()  # each physical line is whole UTF-8: no character split across a fold
    assert field(card, "ORG") == "Εθνικό και Καποδιστριακό Πανεπιστήμιο Αθηνών — Τμήμα Πολιτικής Επιστήμης και Δημόσιας Διοίκησης"


def test_contact_details_only_with_consent():
    without = vcard(Person("h", "Hanako", "Yamada", contact=HANAKO.contact, share_contact=False))
    assert field(without, "EMAIL") is None and field(without, "TEL") is None
    card = vcard(HANAKO)
    assert "EMAIL;TYPE=INTERNET:hanako@example.jp" in unfolded(card) and field(card, "TEL") == "+81 3 0000 0000"


FULL = Person("m", "Maximiliane", "Oberhausen", affiliations=(), position="Wissenschaftliche Mitarbeiterin",
              organisation="Deutsches Institut für Internationale Politik\nForschungsgruppe Asien", share_contact=True,
              contact=Contact(email="maximiliane.oberhausen@example.org", phone="+49 30 0000000",
                              url="https://example.org/~maximiliane"))


def test_a_card_too_full_for_its_code_gives_things_up_in_the_documented_order_never_the_name():
    """Budgets from roomy to tight: each step keeps what the ones before gave up."""
    seen = []
    for version in range(15, 0, -1):
        budget = qr.Budget(version, 0.6)
        try:
            payload = qr.fit_payload(FULL, EVENT, budget)
        except qr.PayloadTooLarge:
            break
        assert budget.fits(payload.text, payload.level)
        seen.append(payload.given_up)
        assert "N:Oberhausen;Maximiliane;;;" in unfolded(payload.text)
    longest = max(seen, key=len)
    assert longest == ("TITLE", "ORG lines after the first", "error correction M→L", "URL", "phone", "ORG", "e-mail")
    assert all(given_up == longest[:len(given_up)] for given_up in seen)
    assert seen[0] == ()


def test_name_only_still_too_big_falls_back_to_the_link_else_a_clear_error():
    budget = qr.Budget(1, 0.6)
    with pytest.raises(qr.PayloadTooLarge, match="Maximiliane Oberhausen: even the name alone does not fit"):
        qr.fit_payload(FULL, EVENT, budget)
    linked = EVENT.__class__(**{**EVENT.__dict__, "qr_url": "https://ex.org/{id}"})
    payload = qr.fit_payload(FULL, linked, budget)
    assert payload.text == "https://ex.org/m" and payload.given_up[0] == "the vcard for the event's link"


def test_a_native_name_gives_up_its_sort_string_first_and_its_reading_last_never_the_name():
    seen = []
    for version in range(12, 0, -1):
        try:
            payload = qr.fit_payload(HANAKO, EVENT, qr.Budget(version, 0.65))
        except qr.PayloadTooLarge:
            break
        seen.append(payload.given_up)
        lines = unfolded(payload.text)
        assert {"N:山田;花子;;;", "FN:山田 花子", "NICKNAME:Yamada Hanako"} <= set(lines)
    longest = max(seen, key=len)
    assert longest[0] == "SORT-STRING" and longest[-1] == "reading" and "e-mail" in longest
