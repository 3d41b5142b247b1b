"""The programme booklet: A5 pages in reading order, and the same imposed on A4.

The reading-order file is laid out with reportlab's platypus. Pages that are
designed rather than flowed (the covers) are drawn by page templates. Page
numbers in the speaker index depend on the layout itself, so the booklet is
laid out until the page numbers it quotes and the number of notes pages
needed to reach a multiple of four stop changing (two passes in practice).
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, NextPageTemplate, PageBreak,
    PageTemplate, Paragraph, Spacer, Table, TableStyle,
)

from .. import __version__
from ..errors import InputError, Problem
from ..layout.geometry import MARK_WIDTH, MM
from ..layout.grid import DayGrid, GridDoesNotFit, grid_rooms, has_parallel_items, lay_out_day
from ..layout.imposition import pad_to_multiple_of_four
from ..layout.pagebox import PrintPage
from ..model import Person, Programme, Session, long_day, short_day
from ..text.fonts import canvas_font_kwargs, default_font_name
from ..scripts import has_cjk
from ..text.case import capitals
from ..text.lines import break_lines
from ..text.markup import one_font_per_word, paragraph_markup
from .text import draw_line
from .daygrid import DayGridFlowable, grid_width, header_height, text_height
from .palette import ACCENT, BLACK, GREY, PAPER, PRIMARY, REGISTRATION, RULE

A5 = (148 * MM, 210 * MM)
INNER, OUTER, TOP, BOTTOM = 17 * MM, 14 * MM, 16 * MM, 20 * MM
FOOTER_Y = 10 * MM  # baseline of the running footer, above the trim edge
HEAD_Y = 10 * MM  # baseline of the running head (the day), below the trim edge
BODY_WIDTH, BODY_HEIGHT = A5[0] - INNER - OUTER, A5[1] - TOP - BOTTOM
MAX_PASSES = 4


def draw_booklet(programme: Programme, marks: bool = False) -> tuple[bytes, int]:
    """The booklet's PDF and its page count, laid out until the page numbers it quotes hold."""
    page = PrintPage(*A5, marks=marks)
    layout = Layout()
    for _ in range(MAX_PASSES):
        buffer = io.BytesIO()
        found = render(programme, page, layout, buffer)
        if found == layout:
            break
        layout = found
    return buffer.getvalue(), found.page_count


@dataclass
class Layout:
    """What one pass learns about the pages: where sections start, how many pages."""

    pages: dict[str, int] = field(default_factory=dict)
    page_count: int = 0
    notes_pages: int = 0


def render(programme: Programme, page: PrintPage, known: Layout, target) -> Layout:
    """Lay the booklet out once into `target`, quoting the page numbers in `known`."""
    doc = BookletDoc(target, programme, page)
    styles = Styles()
    story = cover_story() + concept_story(programme, styles) + timetable_story(programme, styles)
    story += sessions_story(programme, styles)
    story += index_story(programme, styles, known.pages)
    story += notes_story(known.notes_pages, styles)
    story += [NextPageTemplate("back"), PageBreak(), Spacer(1, 1)]
    doc.build(story)
    count = doc.page
    body_pages = count - known.notes_pages
    return Layout(dict(doc.section_pages), count, pad_to_multiple_of_four(body_pages))


class BookletDoc(BaseDocTemplate):
    """Page templates for cover, body and back cover; records section pages."""

    def __init__(self, target, programme: Programme, page: PrintPage):
        self.programme = programme
        self.print_page = page
        self.section_pages: dict[str, int] = {}
        self.running_day = None  # the day whose pages these are, for the running head
        event = programme.event
        super().__init__(
            target,
            pagesize=(page.media.width, page.media.height),
            trimBox=page.trim.as_pdf(),
            bleedBox=page.bleed_box.as_pdf(),
            title=event.title,
            author=event.organiser_names,
            subject=f"Programme booklet — {event.short_title}, {long_date(event)}, {event.city}",
            creator=f"printkit {__version__}",
            keywords="programme, booklet",
            **canvas_font_kwargs(),
        )
        trim = page.trim
        self.body_frame = Frame(trim.x + INNER, trim.y + BOTTOM, trim.width - INNER - OUTER,
                                trim.height - TOP - BOTTOM, id="body", leftPadding=0, rightPadding=0)
        whole = Frame(trim.x, trim.y, trim.width, trim.height, id="whole")
        self.addPageTemplates([
            PageTemplate("cover", [whole], onPage=self.draw_cover, autoNextPageTemplate="body"),
            PageTemplate("body", [self.body_frame], onPage=self.draw_body, onPageEnd=self.draw_running_head,
                         autoNextPageTemplate="body"),
            PageTemplate("back", [whole], onPage=self.draw_back),
        ])

    def place_body_frame(self) -> None:
        """Keep the wider margin on the spine side: left on odd (right-hand) pages."""
        trim = self.print_page.trim
        self.body_frame._x1 = trim.x + (INNER if self.page % 2 else OUTER)
        self.body_frame._geom()

    def afterFlowable(self, flowable: Flowable) -> None:
        """Bookmark section headings and remember the page each starts on (and the day it is about)."""
        if hasattr(flowable, "running_day"):
            self.running_day = flowable.running_day
        key = getattr(flowable, "outline_key", None)
        if key is None:
            return
        self.section_pages[key] = self.page
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.outline_title, key, level=flowable.outline_level)

    # -- page furniture ------------------------------------------------------

    def draw_marks(self, canvas) -> None:
        canvas.saveState()
        canvas.setStrokeColor(REGISTRATION)
        canvas.setLineWidth(MARK_WIDTH)
        for mark in self.print_page.crop_marks():
            canvas.line(mark.x0, mark.y0, mark.x1, mark.y1)
        canvas.restoreState()

    def draw_body(self, canvas, doc) -> None:
        self.place_body_frame()
        trim = self.print_page.trim
        event = self.programme.event
        right_hand = self.page % 2 == 1
        outer_x = trim.right - OUTER if right_hand else trim.x + OUTER
        inner_x = trim.x + INNER if right_hand else trim.right - INNER
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(trim.x + (INNER if right_hand else OUTER), trim.y + FOOTER_Y + 10,
                    trim.right - (OUTER if right_hand else INNER), trim.y + FOOTER_Y + 10)
        draw_line(canvas, outer_x, trim.y + FOOTER_Y, str(self.page), 8, "bold",
                  align="right" if right_hand else "left", color=PRIMARY)
        footer = f"{event.short_title} · {long_date(event)}"
        draw_line(canvas, inner_x, trim.y + FOOTER_Y, footer, 8, align="left" if right_hand else "right", color=GREY)
        self.draw_marks(canvas)

    def draw_running_head(self, canvas, doc) -> None:
        """The day at the top of every page of a day's section, when the event has several."""
        if self.running_day is None or len(self.programme.event.days) < 2:
            return
        trim = self.print_page.trim
        right_hand = self.page % 2 == 1
        x = trim.right - OUTER if right_hand else trim.x + OUTER
        draw_line(canvas, x, trim.top - HEAD_Y, long_day(self.running_day).upper(), 8, "bold",
                  align="right" if right_hand else "left", color=ACCENT)

    def draw_cover(self, canvas, doc) -> None:
        event = self.programme.event
        trim, bleed = self.print_page.trim, self.print_page.bleed_box
        band_top = trim.y + trim.height * 0.40
        canvas.setFillColor(PRIMARY)
        canvas.rect(bleed.x, band_top, bleed.width, bleed.top - band_top, stroke=0, fill=1)
        canvas.setFillColor(ACCENT)
        canvas.rect(bleed.x, band_top - 2.2 * MM, bleed.width, 2.2 * MM, stroke=0, fill=1)
        x, width = trim.x + 14 * MM, trim.width - 28 * MM
        y = trim.top - 22 * MM
        if event.format:
            draw_line(canvas, x, y, event.format.upper(), 8.5, "bold", color=ACCENT)
            y -= 14 * MM
        y = draw_block(canvas, x, y, event.title, 19, 23.5, width, "bold", PAPER)
        if event.tagline:
            y -= 4 * MM
            draw_block(canvas, x, y, event.tagline, 11, 14, width, "regular", PAPER)
        y = band_top - 16 * MM
        draw_line(canvas, x, y, long_date(event), 15, "bold", color=PRIMARY)
        y -= 7 * MM
        place = ", ".join(p for p in (event.venue, event.city) if p)
        y = draw_block(canvas, x, y, place, 10.5, 13, width, "regular", BLACK) - 6 * MM
        if event.organisers:
            draw_line(canvas, x, y, "ORGANISED BY", 8, "bold", color=GREY)
            y -= 5 * MM
            for organiser in event.organisers:
                y = draw_block(canvas, x, y, organiser.label, 9.5, 12, width, "regular", BLACK)
            y -= 4 * MM
        if event.initiative:
            draw_line(canvas, x, y, "PART OF", 8, "bold", color=GREY)
            y -= 5 * MM
            draw_block(canvas, x, y, initiative_text(event.initiative), 9.5, 12, width, "regular", BLACK)
        self.draw_marks(canvas)

    def draw_back(self, canvas, doc) -> None:
        event = self.programme.event
        trim, bleed = self.print_page.trim, self.print_page.bleed_box
        band_height = 46 * MM
        canvas.setFillColor(PRIMARY)
        canvas.rect(bleed.x, bleed.y, bleed.width, trim.y + band_height - bleed.y, stroke=0, fill=1)
        canvas.setFillColor(ACCENT)
        canvas.rect(bleed.x, trim.y + band_height, bleed.width, 2.2 * MM, stroke=0, fill=1)
        x, width = trim.x + 14 * MM, trim.width - 28 * MM
        y = trim.y + band_height - 12 * MM
        y = draw_block(canvas, x, y, event.short_title, 13, 16, width, "bold", PAPER) - 1 * MM
        place = ", ".join(p for p in (long_date(event), event.venue, event.city) if p)
        draw_block(canvas, x, y, place, 9, 12, width, "regular", PAPER)
        y = trim.top - 24 * MM
        if event.organisers:
            draw_line(canvas, x, y, "ORGANISED BY", 8, "bold", color=GREY)
            y -= 6 * MM
            for organiser in event.organisers:
                y = draw_block(canvas, x, y, organiser.name, 11, 14, width, "bold", PRIMARY)
                if organiser.acronym:
                    y = draw_block(canvas, x, y, organiser.acronym, 9, 12, width, "regular", GREY)
                y -= 3 * MM
        if event.initiative:
            y -= 3 * MM
            draw_line(canvas, x, y, "PART OF", 8, "bold", color=GREY)
            y -= 6 * MM
            draw_block(canvas, x, y, initiative_text(event.initiative), 9.5, 12.5, width, "regular", BLACK)
        self.draw_marks(canvas)


def draw_block(canvas, x: float, y: float, text: str, size: float, leading: float, width: float,
               style: str, color) -> float:
    """Draw `text` broken to `width` from baseline `y` down; return the next baseline."""
    for line in break_lines(text, size, width, style):
        draw_line(canvas, x, y, line, size, style, color=color)
        y -= leading
    return y


def long_date(event) -> str:
    return event.long_dates


def initiative_text(initiative) -> str:
    if initiative.part_of:
        return f"{initiative.name}, an initiative under the {initiative.part_of}"
    return initiative.name


# -- text styles ---------------------------------------------------------------

class Styles:
    """Paragraph styles; every one names an embedded font (never Helvetica)."""

    def __init__(self):
        regular, bold = default_font_name("regular"), default_font_name("bold")
        base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13.6, textColor=BLACK,
                              alignment=TA_LEFT, spaceAfter=5)
        self.body = base
        self.h1 = ParagraphStyle("h1", base, fontName=bold, fontSize=17, leading=21, textColor=PRIMARY,
                                 spaceBefore=2, spaceAfter=9)
        self.h2 = ParagraphStyle("h2", base, fontName=bold, fontSize=14, leading=17.5, textColor=PRIMARY,
                                 spaceAfter=3)
        self.subtitle = ParagraphStyle("subtitle", base, fontName=bold, fontSize=11, leading=14.5,
                                       textColor=BLACK, spaceAfter=8)
        self.kicker = ParagraphStyle("kicker", base, fontName=bold, fontSize=8.5, leading=11, textColor=ACCENT, spaceBefore=10,
                                     spaceAfter=2)
        self.label = ParagraphStyle("label", base, fontName=bold, fontSize=8, leading=11, textColor=GREY,
                                    spaceBefore=6, spaceAfter=3)
        self.name = ParagraphStyle("name", base, fontName=bold, fontSize=9.5, leading=12.5, spaceAfter=0)
        self.affiliation = ParagraphStyle("affiliation", base, fontSize=8.5, leading=11.2, textColor=GREY,
                                          spaceAfter=0)
        self.appearances = ParagraphStyle("appearances", self.affiliation, textColor=PRIMARY)
        self.cell = ParagraphStyle("cell", base, fontSize=9, leading=12, spaceAfter=0)
        self.cell_time = ParagraphStyle("cell_time", self.cell, fontName=bold, textColor=PRIMARY)
        self.bio = ParagraphStyle("bio", base, fontSize=8.5, leading=11.2, spaceBefore=2, spaceAfter=0)


def para(text: str, style: ParagraphStyle, font_style: str = "regular", link: str | None = None) -> Paragraph:
    """A paragraph whose every character is set in a font that has it, kerned where it can be."""
    if has_cjk(text):
        return JapaneseParagraph(text, style, font_style, link)
    return Paragraph(linked(paragraph_markup(text, font_style), link), shaped(style, (text, font_style)))


def shaped(style: ParagraphStyle, *pieces: tuple[str, str]) -> ParagraphStyle:
    """`style`, kerned and with ligatures (reportlab shapes the words with
    HarfBuzz), when no word of the (text, font style) pieces changes font;
    otherwise `style` as it is (see one_font_per_word)."""
    return shaping_variant(style) if all(one_font_per_word(*piece) for piece in pieces) else style


@functools.cache
def shaping_variant(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-shaped", style, shaping=1)


def linked(markup: str, link: str | None) -> str:
    return f'<a href="#{link}">{markup}</a>' if link else markup


class JapaneseParagraph(Paragraph):
    """A paragraph with Japanese in it, broken by printkit's kinsoku rules.

    reportlab's own CJK wrapping splits Latin words and lets a line start with
    characters such as ー, so the lines are broken here, once the available
    width is known, and handed to reportlab already broken.
    """

    def __init__(self, text: str, style: ParagraphStyle, font_style: str, link: str | None):
        self.source = (text, font_style, link)
        super().__init__(linked(paragraph_markup(text, font_style), link), shaped(style, (text, font_style)))

    def wrap(self, available_width, available_height):
        text, font_style, link = self.source
        width = available_width - self.style.leftIndent - self.style.rightIndent
        lines = break_lines(text, self.style.fontSize, max(width - 0.5, 1.0), font_style)
        markup = "<br/>".join(linked(paragraph_markup(line, font_style), link) for line in lines)
        Paragraph.__init__(self, markup, self.style)
        return super().wrap(available_width, available_height)


class Heading(Paragraph):
    """A paragraph that opens a section: bookmarked and listed in the outline."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, level: int = 0, outline: str | None = None):
        super().__init__(paragraph_markup(text, "bold"), shaped(style, (text, "bold")))
        self.outline_key, self.outline_level, self.outline_title = key, level, outline or text


class DayHeading(Heading):
    """A heading from which on the running head names `day` (None: no running head)."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, day, level: int = 0):
        super().__init__(text, style, key, level)
        self.running_day = day


# -- the sections --------------------------------------------------------------

def cover_story() -> list[Flowable]:
    return [Spacer(1, 1), NextPageTemplate("body"), PageBreak()]


def concept_story(programme: Programme, styles: Styles) -> list[Flowable]:
    story: list[Flowable] = []
    if programme.concept:
        story.append(Heading("Concept", styles.h1, "concept"))
        story += [para(text, styles.body) for text in programme.concept]
    if programme.objectives:
        story += [CondPageBreak(60 * MM), Heading("Objectives", styles.h1, "objectives")]
        numbered = ParagraphStyle("objective", styles.body, leftIndent=5 * MM, spaceAfter=7, bulletIndent=0,
                                  bulletFontName=default_font_name("bold"), bulletColor=ACCENT)
        for number, objective in enumerate(programme.objectives, 1):
            markup = paragraph_markup(objective.lead, "bold") + " " + paragraph_markup(objective.text)
            style = shaped(numbered, (objective.lead, "bold"), (objective.text, "regular"))
            story.append(Paragraph(markup, style, bulletText=str(number)))
    return story


def timetable_story(programme: Programme, styles: Styles) -> list[Flowable]:
    """Programme at a glance: for each day a grid if it has parallel items, else a list."""
    story: list[Flowable] = [PageBreak(), Heading("Programme at a glance", styles.h1, "timetable", outline="Programme")]
    if programme.is_simple:
        day = programme.event.date
        label = para(long_date(programme.event) + " · " + programme.event.venue, styles.label)
        return story + [label, timetable_table(programme.sessions_on(day), styles, with_rooms=False)]
    for number, day in enumerate(programme.days_with_sessions):
        story += [PageBreak()] if number else []
        story += [DayHeading(long_day(day), styles.h2, f"timetable-{day}", day, level=1), para(programme.event.venue, styles.label)]
        sessions = programme.sessions_on(day)
        if has_parallel_items(sessions):
            story.append(DayGridFlowable(day_grid(programme, day, sessions)))
        else:
            story.append(timetable_table(sessions, styles, with_rooms=bool(programme.rooms)))
    return story


def day_grid(programme: Programme, day, sessions: tuple[Session, ...]) -> DayGrid:
    """The day's grid, each run of items without a break no taller than a page below its room headers."""
    try:
        room = BODY_HEIGHT - header_height(grid_rooms(sessions, programme.rooms), BODY_WIDTH)
        return lay_out_day(sessions, programme.rooms, grid_width(BODY_WIDTH), text_height, room)
    except GridDoesNotFit as exc:
        raise InputError([Problem(programme.path or "programme.yaml", None, None, f"programme ({day})",
                                  f"{exc}; give the day a break in every room (a time no item runs across)")]) from None


def timetable_table(sessions: tuple[Session, ...], styles: Styles, with_rooms: bool) -> Table:
    """One row per item, titles linking to their sections."""
    rows = []
    for session in sessions:
        link = section_key(session) if session.has_content else None
        cell = [para(session.title, styles.cell, "bold", link=link)]
        if session.subtitle:
            cell.append(para(session.subtitle, styles.cell, link=link))
        cell += [para(line, styles.affiliation) for line in timetable_people(session)]
        if with_rooms and session.room_label:
            cell.append(para(session.room_label, styles.affiliation))
        rows.append([para(session.time_range, styles.cell_time), cell])
    table = Table(rows, colWidths=[24 * MM, None], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), default_font_name()),  # else reportlab lists Helvetica
        ("TEXTCOLOR", (0, 0), (-1, -1), BLACK),  # else reportlab sets RGB black
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def timetable_people(session: Session) -> list[str]:
    """Who speaks, for a row of the timetable (panels name only their moderator)."""
    if session.kind == "panel" and session.moderators:
        return ["Moderated by " + ", ".join(p.display_name for p in session.moderators)]
    names = ", ".join(person.display_name for person in session.people)
    return [names] if names else []


def sessions_story(programme: Programme, styles: Styles) -> list[Flowable]:
    """One section per session with content; long ones (with a description) open a page.

    An event of several days gets a section per day, opened by the day's heading.
    """
    several_days = len(programme.event.days) > 1
    story: list[Flowable] = []
    for day in programme.days_with_sessions:
        sessions = [s for s in programme.sessions_on(day) if s.has_content]
        if several_days and sessions:
            story += [PageBreak(), DayHeading(long_day(day), styles.h1, f"day-{day}", day)]
        for number, session in enumerate(sessions):
            if number or not several_days:  # the first of a day follows the day's heading
                opens_page = not story or session.description
                story.append(PageBreak() if opens_page else CondPageBreak(70 * MM))
            story += session_story(session, styles, session_kicker(programme, session))
    return story


def session_kicker(programme: Programme, session: Session) -> str:
    """The line above a session's title: its times, and its day and room when there are several."""
    if programme.is_simple:
        return session.time_range
    parts = (short_day(programme.day_of(session)), session.time_range, session.room_label)
    return " · ".join(part for part in parts if part)


def section_key(session: Session) -> str:
    return f"session-{session.id}"


def session_story(session: Session, styles: Styles, kicker: str) -> list[Flowable]:
    outline = f"{session.title}: {session.subtitle}" if session.subtitle else session.title
    head = [para(kicker, styles.kicker),
            Heading(session.title, styles.h2, section_key(session), level=1, outline=outline)]
    if session.subtitle:
        head.append(para(session.subtitle, styles.subtitle))
    story: list[Flowable] = [KeepTogether(head)]
    story += [para(text, styles.body) for text in session.description]
    for label, people in (("MODERATOR", session.moderators), ("SPEAKERS", session.speakers)):
        if people:
            if len(people) == 1 and label == "SPEAKERS":
                label = "SPEAKER"
            entries = [person_entry(person, styles) for person in people]
            entries[0] = [para(label, styles.label)] + entries[0]
            story += [KeepTogether(entry) for entry in entries]
    return story


def person_entry(person: Person, styles: Styles) -> list[Flowable]:
    """Name (with native-script name) and every title/affiliation line as written.

    Returned as a list for the caller to keep together: reportlab cannot nest
    KeepTogether (the inner one reports an infinite height).
    """
    lines = [para(person_name(person), styles.name, "bold")]
    lines += [para(line, styles.affiliation) for line in person.affiliation_lines]
    return lines + [Spacer(1, 5)]


def person_name(person: Person) -> str:
    if person.native_name:
        return f"{person.display_name}  {person.native_name}"
    return person.display_name


def index_story(programme: Programme, styles: Styles, pages: dict[str, int]) -> list[Flowable]:
    """Speakers by family name, with the sessions they appear in and their pages."""
    people = sorted(programme.programme_people, key=lambda p: p.sort_key)
    if not people:
        return []
    story: list[Flowable] = [PageBreak(), DayHeading("Speakers", styles.h1, "speakers", None)]
    for person in people:
        family = capitals(person.family_name)
        name = f"{family}, {person.given_name}" if person.given_name else family
        if person.native_name:
            name += f"  {person.native_name}"
        appearances, texts = [], []
        for session in programme.sessions_of(person):
            role = "moderator" if person in session.moderators else None
            page = pages.get(section_key(session))
            text = session.title + (f" ({role})" if role else "") + session_place(programme, session)
            text += f", p.\u00a0{page}" if page else ""
            appearances.append(f'<a href="#{section_key(session)}">{paragraph_markup(text)}</a>')
            texts.append((text, "regular"))
        lines = [para(name, styles.name, "bold")]
        lines += [para(line, styles.affiliation) for line in person.affiliation_lines]
        lines += [para(person.bio, styles.bio)] if person.bio else []
        lines.append(Paragraph(" · ".join(appearances), shaped(styles.appearances, *texts)))
        story.append(KeepTogether(lines + [Spacer(1, 6)]))
    return story


def session_place(programme: Programme, session: Session) -> str:
    """', Fri 23 Oct, Room B' after a session in the index, when there are several days or rooms."""
    if programme.is_simple:
        return ""
    return "".join(f", {part}" for part in (short_day(programme.day_of(session)), session.room_label) if part)


def notes_story(count: int, styles: Styles) -> list[Flowable]:
    story: list[Flowable] = []
    for number in range(count):
        key = "notes" if number == 0 else None
        heading = Heading("Notes", styles.h1, key) if key else para("Notes", styles.h1, "bold")
        story += [PageBreak(), heading, RuledLines(7.5 * MM)]
    return story


class RuledLines(Flowable):
    """Writing lines filling the rest of the frame, for a notes page."""

    def __init__(self, pitch: float):
        super().__init__()
        self.pitch = pitch

    def wrap(self, available_width, available_height):
        self.width, self.height = available_width, available_height - 1
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        y = self.height - self.pitch
        while y >= 0:
            canvas.line(0, y, self.width, y)
            y -= self.pitch
