"""programme.html: the whole programme as one accessible, self-contained web page.

Semantic HTML a screen reader can navigate by headings, landmarks and lists:
a day is a section with an <h2>, an item a list entry with an <h3> and its
times in <time datetime>; names in another script carry their `lang`. Styles
are inline in the page and use the reader's system fonts, so the file opens
without a network, reads on a phone and prints cleanly.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from html import escape

from .. import __version__
from ..model import Person, Programme, Session, long_day
from ..scripts import language_of
from ..text.webfonts import FAMILY, fallback_faces

STYLE = """
:root { --ink: #1d1d1f; --muted: #555; --primary: #123a6b; --rule: #d5d5d5; --tint: #eef3fa; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", Roboto, "FALLBACK", sans-serif; line-height: 1.5;
       color: var(--ink); background: #fff; -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 50rem; padding: 0 1rem 3rem; }
a { color: var(--primary); }
a:focus-visible, summary:focus-visible { outline: 3px solid #b35900; outline-offset: 2px; }
.skip { position: absolute; left: -100vw; }
.skip:focus { position: static; display: inline-block; margin: .5rem 0; }
header { border-bottom: 4px solid #e8a317; padding: 1.5rem 0 1rem; }
h1 { color: var(--primary); font-size: 1.9rem; line-height: 1.2; margin: .25rem 0 .5rem; }
h2 { color: var(--primary); font-size: 1.45rem; margin: 2.2rem 0 .6rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 0; }
p { margin: .3rem 0 .6rem; }
.format, .label { text-transform: uppercase; letter-spacing: .04em; font-size: .85rem; font-weight: 700; color: var(--muted); }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem 1.2rem; }
ol.items, ul.people, ul.speakers { list-style: none; padding: 0; margin: 0; }
li.item { border-top: 1px solid var(--rule); padding: .8rem 0; }
li.item.every-room { background: var(--tint); padding: .8rem .6rem; }
.when, .room { font-weight: 700; color: var(--primary); margin: 0; }
.room { font-weight: 400; margin-bottom: .2rem; }
.subtitle { font-weight: 600; }
ul.people li { margin: .15rem 0; }
.affiliation { color: var(--muted); }
ul.speakers > li { border-top: 1px solid var(--rule); padding: .7rem 0; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@media (min-width: 40rem) {
  li.item { display: grid; grid-template-columns: 9rem 1fr; grid-template-rows: auto 1fr; column-gap: 1rem; }
  li.item > .when, li.item > .room { grid-column: 1; }
  li.item > .what { grid-column: 2; grid-row: 1 / span 2; }
}
@media print {
  .skip, nav { display: none; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  section.day { break-before: page; }
  li.item, ul.speakers > li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
"""


def programme_html(programme: Programme) -> str:
    """The page: its body first, so the fonts inlined in its head cover exactly the body's characters."""
    event = programme.event
    body = body_html(programme)
    faces = "\n".join(face.css for face in fallback_faces(body))
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(event.title)} — programme</title>",
        f'<meta name="generator" content="printkit {__version__}">',
        f"<style>{STYLE.replace('FALLBACK', FAMILY)}{faces}</style>",
        "</head>",
        body,
        "</html>",
        "",
    ])


def body_html(programme: Programme) -> str:
    event = programme.event
    several_days = len(programme.days_with_sessions) > 1
    parts = [
        "<body>",
        '<a class="skip" href="#programme">Skip to the programme</a>',
        header_html(programme),
    ]
    if several_days:
        links = "".join(f'<li><a href="#day-{day}">{escape(long_day(day))}</a></li>'
                        for day in programme.days_with_sessions)
        parts.append(f'<nav aria-label="Days"><ul>{links}</ul></nav>')
    parts.append('<main id="programme">')
    parts += about_html(programme)
    parts += [day_html(programme, day) for day in programme.days_with_sessions]
    parts.append(speakers_html(programme))
    parts += ["</main>", f"<footer><p>{escape(event.short_title)} · made with printkit {__version__}</p></footer>",
              "</body>"]
    return "\n".join(parts)


def header_html(programme: Programme) -> str:
    event = programme.event
    first, last = event.days[0], event.days[-1]
    dates = f'<time datetime="{first}">{escape(long_day(first))}</time>'
    if first != last:
        dates = (f'<time datetime="{first}">{first:%A} {first.day} {first:%B}</time> – '
                 f'<time datetime="{last}">{escape(long_day(last))}</time>')
    place = ", ".join(p for p in (event.venue, event.city, event.country) if p)
    lines = [f'<p class="format">{escape(event.format)}</p>' if event.format else "",
             f"<h1>{escape(event.title)}</h1>",
             f"<p>{escape(event.tagline)}</p>" if event.tagline else "",
             f"<p>{dates} · {escape(place)}</p>"]
    if event.organisers:
        lines.append(f"<p>Organised by {escape(' and '.join(o.label for o in event.organisers))}</p>")
    return "<header>" + "".join(lines) + "</header>"


def about_html(programme: Programme) -> list[str]:
    if not programme.concept and not programme.objectives:
        return []
    parts = ['<section aria-labelledby="about">', '<h2 id="about">About</h2>']
    parts += [f"<p>{escape(text)}</p>" for text in programme.concept]
    if programme.objectives:
        items = "".join(f"<li><strong>{escape(o.lead)}</strong> {escape(o.text)}</li>" for o in programme.objectives)
        parts.append(f'<h3 id="objectives">Objectives</h3><ol>{items}</ol>')
    return parts + ["</section>"]


def day_html(programme: Programme, day: dt.date) -> str:
    items = "\n".join(item_html(programme, session) for session in programme.sessions_on(day))
    return (f'<section class="day" aria-labelledby="day-{day}">'
            f'<h2 id="day-{day}">{escape(long_day(day))}</h2>\n<ol class="items">\n{items}\n</ol></section>')


def item_html(programme: Programme, session: Session) -> str:
    day = programme.day_of(session)
    room = "All rooms" if session.in_every_room else session.room_label
    parts = [f'<p class="when">{time_html(programme, day, session.start)}–{time_html(programme, day, session.end)}</p>',
             f'<p class="room">{escape(room)}</p>' if room else "",
             f'<div class="what"><h3 id="{item_anchor(session)}">{escape(session.title)}</h3>']
    if session.subtitle:
        parts.append(f'<p class="subtitle">{escape(session.subtitle)}</p>')
    parts += [f"<p>{escape(text)}</p>" for text in session.description]
    for label, people in (("Moderator", session.moderators), ("Speaker", session.speakers)):
        if people:
            plural = "s" if len(people) > 1 else ""
            entries = "".join(f"<li>{name_html(person)}{affiliation_html(person)}</li>" for person in people)
            parts.append(f'<p class="label">{label}{plural}</p><ul class="people">{entries}</ul>')
    parts.append("</div>")
    kind = " every-room" if session.in_every_room else ""
    return f'<li class="item kind-{escape(session.kind)}{kind}">' + "".join(parts) + "</li>"


def time_html(programme: Programme, day: dt.date, time: dt.time) -> str:
    """<time> with the full date and time, and the event's UTC offset when it has a time zone."""
    moment = dt.datetime.combine(day, time)
    if programme.event.timezone:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(programme.event.timezone))
        stamp = moment.isoformat(timespec="minutes")
    else:
        stamp = moment.strftime("%Y-%m-%dT%H:%M")
    return f'<time datetime="{stamp}">{time:%H:%M}</time>'


def item_anchor(session: Session) -> str:
    return f"item-{escape(session.id)}"


def name_html(person: Person) -> str:
    """The name, and the native-script name marked with its language."""
    name = f"<strong>{escape(person.display_name)}</strong>"
    if person.native_name:
        lang = language_of(person.native_name)
        lang_attribute = f' lang="{lang}"' if lang else ""
        name += f" <span{lang_attribute}>{escape(person.native_name)}</span>"
    return name


def affiliation_html(person: Person) -> str:
    affiliation = "; ".join(person.affiliation_lines)
    return f', <span class="affiliation">{escape(affiliation)}</span>' if affiliation else ""


def speakers_html(programme: Programme) -> str:
    people = sorted(programme.programme_people, key=lambda p: p.sort_key)
    if not people:
        return ""
    entries = []
    for person in people:
        sessions = "".join(
            f'<li><a href="#{item_anchor(s)}">{escape(s.title)}</a>{escape(session_place(programme, s))}</li>'
            for s in programme.sessions_of(person))
        bio = f"<p>{escape(person.bio)}</p>" if person.bio else ""
        affiliation = "; ".join(person.affiliation_lines)
        affiliation = f'<p class="affiliation">{escape(affiliation)}</p>' if affiliation else ""
        entries.append(f"<li><h3>{name_html(person)}</h3>{affiliation}{bio}<ul>{sessions}</ul></li>")
    return ('<section aria-labelledby="speakers"><h2 id="speakers">Speakers</h2>'
            f'<ul class="speakers">{"".join(entries)}</ul></section>')


def session_place(programme: Programme, session: Session) -> str:
    """' — Friday 23 October 2026, 10:45, Room B'."""
    parts = [long_day(programme.day_of(session)), f"{session.start:%H:%M}", session.room_label]
    return " — " + ", ".join(p for p in parts if p)
