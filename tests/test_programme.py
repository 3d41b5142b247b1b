"""Loading programme.yaml: the bundled event, and every kind of bad input."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from printkit.errors import InputError
from printkit.load import load_programme

REPO = Path(__file__).resolve().parents[1]
CONCEPT_NOTE = REPO.parent / "shared" / "seed" / "concept-note.txt"


def programme_text(programme) -> str:
    """Every piece of text the loaded programme carries, as one string."""
    event = programme.event
    parts = [event.title, event.tagline or "", event.format or "", event.venue, event.city,
             event.date.strftime("%d %B %Y").lstrip("0")]
    parts += [o.label for o in event.organisers]
    parts += [event.initiative.name, event.initiative.part_of or ""] if event.initiative else []
    parts += list(programme.concept)
    parts += [f"{o.lead} {o.text}" for o in programme.objectives]
    for session in programme.sessions:
        parts += [session.time_range, session.title, session.subtitle or "", *session.description]
    for person in programme.people:
        parts += [person.display_name, *person.affiliation_lines]
    return "\n".join(parts)


# words the note uses to join fields that programme.yaml keeps apart
CONNECTIVES = r", (?=Tokyo)| organised by the | and the | as part of the |, an initiative under the | – "


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("–", "-").replace("**", "")).strip().casefold()


@pytest.mark.skipif(not CONCEPT_NOTE.exists(), reason="the seed concept note is not beside this checkout")
def test_bundled_programme_holds_every_line_of_the_concept_note():
    carried = normalise(programme_text(load_programme(REPO / "programme.yaml")))
    missing = []
    for line in CONCEPT_NOTE.read_text(encoding="utf-8").splitlines():
        line = line.strip().lstrip("- ").strip()
        if not line or line.endswith(":") or line.isupper() or line in {"Moderator", "Speakers"}:
            continue  # headings: the structure carries them
        for piece in re.split(r"\*\*| ?(?:\d\d:\d\d – \d\d:\d\d) ?", line):
            if normalise(piece.strip(" .")) in carried:
                continue
            # a line the note composes from several fields: each part must be there
            for part in re.split(CONNECTIVES, piece):
                if part.strip(" .") and normalise(part.strip(" .")) not in carried:
                    missing.append(part)
    assert missing == []


def test_bundled_programme_people_and_times():
    programme = load_programme(REPO / "programme.yaml")
    times = [session.time_range for session in programme.sessions]
    assert times == ["09:00–09:10", "09:10–09:30", "09:30–11:00", "11:00–11:30", "11:30–13:00", "13:00–14:00"]
    panel_1, panel_2 = programme.sessions[2], programme.sessions[4]
    # people defined once, used twice
    assert panel_1.moderators[0] is programme.sessions[0].speakers[1]
    assert panel_2.moderators[0] is programme.sessions[0].speakers[0]
    assert [p.family_name for p in panel_1.moderators] == ["Pejsova"]
    assert [p.family_name for p in panel_2.moderators] == ["Suzuki"]
    assert len(panel_1.speakers) == 5 and len(panel_2.speakers) == 4
    assert [o.acronym for o in programme.event.organisers] == ["CSDS", "IOG"]
    assert len(programme.objectives) == 4


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "programme.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


VALID_HEAD = """
event:
  title: T
  date: 2026-03-24
  venue: V
  city: C
people:
  - id: ann
    given_name: Ann
    family_name: Lee
"""


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_programme(path)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("body, line, expected", [
    ("""
     programme:
       - id: a
         start: "09:00"
         end: "10:00"
         titel: Opening
     """, 14, r"programme\[0\]\.titel: unknown key \(did you mean 'title'\?\)"),
    ("""
     programme:
       - id: a
         start: "09:00"
         end: "08:30"
         title: Opening
     """, 13, r"programme\[0\]\.end: 08:30 is not after the start 09:00"),
    ("""
     programme:
       - id: a
         start: "9 o'clock"
         end: "10:00"
         title: Opening
     """, 12, r"programme\[0\]\.start: expected a time as HH:MM"),
    ("""
     programme:
       - id: a
         start: "09:00"
         end: "10:00"
         title: Opening
       - id: b
         start: "09:30"
         end: "11:00"
         title: Panel
     """, 16, r"programme\[1\]\.start: 09:30–11:00 overlaps 'a' \(09:00–10:00\); items in the same room must not overlap"),
    ("""
     programme:
       - id: a
         start: "09:00"
         end: "10:00"
         title: Opening
         speakers: [ann, bob]
     """, 15, r"programme\[0\]\.speakers\[1\]: no person has the id 'bob'"),
    ("""
       - id: ann
         family_name: Other
     programme:
       - id: a
         start: "09:00"
         end: "10:00"
         title: Opening
     """, 10, r"people\[1\]\.id: duplicate id 'ann'"),
    ("""
     programme:
       - id: a
         start: "09:00"
         end: "10:00"
         title: [not, text]
     """, 14, r"programme\[0\]\.title: expected text"),
    ("""
     programme:
       - !!python/object/apply:os.system ["echo hacked"]
     """, 11, r"programme\[0\]: uses the tag 'tag:yaml.org,2002:python/object/apply:os.system'"),
    ("""
     programme:
       - id: a
         start: "09:00"
        end: "10:00"
     """, 13, r"is not valid YAML"),
])
def test_each_kind_of_bad_input_names_file_line_and_field(tmp_path, body, line, expected):
    path = write(tmp_path, VALID_HEAD + textwrap.dedent(body).lstrip("\n"))
    problems = problems_of(path)
    assert any(re.search(expected, p) for p in problems), problems
    matching = [p for p in problems if re.search(expected, p)][0]
    assert matching.startswith(f"{path}:{line}:"), matching


def test_all_problems_are_reported_at_once(tmp_path):
    path = write(tmp_path, """
        event:
          title: T
          date: 2026-02-30
          venue: V
          citty: C
        programme:
          - id: a
            start: "10:00"
            end: "09:00"
            title: A
            kind: pannel
    """)
    problems = "\n".join(problems_of(path))
    assert "event.date: expected a date as YYYY-MM-DD, got '2026-02-30'" in problems
    assert "event.citty: unknown key (did you mean 'city'?)" in problems
    assert "event.city: is required but missing" in problems
    assert "programme[0].end: 10:00" not in problems and "09:00 is not after the start 10:00" in problems
    assert "programme[0].kind: expected one of" in problems and "(did you mean 'panel'?)" in problems


def test_times_are_never_read_as_yaml_sexagesimal_numbers(tmp_path):
    path = write(tmp_path, VALID_HEAD + """
programme:
  - id: a
    start: 9:05
    end: 10:00
    title: A
""")
    session = load_programme(path).sessions[0]
    assert session.time_range == "09:05–10:00"


def test_missing_and_empty_files(tmp_path):
    assert "file not found" in problems_of(tmp_path / "nope.yaml")[0]
    assert "the file is empty" in problems_of(write(tmp_path, "# nothing\n"))[0]
