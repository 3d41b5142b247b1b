"""Where things go on a badge: pure geometry and fitted text, no drawing.

The design is proportions of the badge, not fixed sizes, so the same code
lays out an A6 badge, an 80 × 50 mm label and an 85.6 × 54 mm card: portrait
badges stack name, affiliation and QR code; landscape ones put the code to
the right of the text. Every text is fitted with `printkit.text.fit.fit`
into its own box, so nothing overlaps or leaves the badge.

Only a name can stop a badge. Secondary text (position, organisation,
affiliation lines) goes down to AFFILIATION_FLOOR on more lines, then loses
the position before the organisation, and at last is cut at a word with
'…'; each step is noted on the face (`BadgeFace.notes`) so the run can say
whose badge was shortened. A name shrinks, takes two balanced lines, then
goes down to the stock's absolute floor (`BadgeLayout.name_floor`); a name
that does not fit even there raises `BadgeDoesNotFit` naming the person.
"""

from __future__ import annotations

import functools
import zlib
from dataclasses import dataclass

from ..model import Event, Person, Session, short_day
from ..qr import Code, largest_version, version_side
from ..qrlimits import QUIET_ZONE
from ..text.case import capitals
from ..text.fit import SIZE_STEP, DoesNotFitError, FittedText, cut_to_fit, fit
from ..text.metrics import ASCENT, LEADING
from .geometry import MM, Rect

BLACK, GREY, WHITE = "black", "grey", "white"  # text colours, by their names in render.palette.TEXT
ROLE_COLOURS = {
    "speaker": "#B3261E", "moderator": "#5B2A86", "participant": "#1F5F8B", "press": "#A04A00",
    "staff": "#2E6B30", "organiser": "#263238", "organizer": "#263238", "keynote": "#7A1F3D",
}
SPARE_COLOURS = ("#00676B", "#6B4E16", "#37474F", "#7B1FA2", "#1B5E20", "#0D47A1")
QR_GAP = 1 * MM  # between the text column and the quiet zone of a landscape badge's code
LANDSCAPE_QR_SHARE = 0.5  # of the inner width, at most: the text column keeps the rest
SESSION_MIN_SIZE = 6.0  # pt: the smallest type for the sessions on a badge's back
COMPACT_GAP = 1.2  # pt between the lines of a compact session list
AFFILIATION_LINES = 3  # long titles ("Professor, Faculty of ..., Keio University") on 80 × 50 mm labels
AFFILIATION_FLOOR = 6.0  # pt: the absolute floor for position and organisation before they are shortened
# The absolute floor of a name line: a share of the badge width, never under 9 pt. Measured: 14.0 pt on
# A6 (105 mm), 10.7 pt on 80 x 50 mm labels, 11.4 pt on CR80 cards; readable at a handshake's distance.
NAME_FLOOR_SHARE = 0.047
NAME_FLOOR_MIN = 9.0


@dataclass(frozen=True)
class Zones:
    """Fractions of the badge height (from the top) for each part."""

    header: tuple[float, float]
    name: tuple[float, float]
    affiliation: tuple[float, float]
    qr: tuple[float, float]
    band: tuple[float, float]


PORTRAIT = Zones(header=(0.0, 0.10), name=(0.11, 0.43), affiliation=(0.44, 0.56),
                 qr=(0.57, 0.865), band=(0.88, 1.0))
# Landscape: the code takes the full height above the role band, beside the text column.
LANDSCAPE = Zones(header=(0.0, 0.15), name=(0.16, 0.56), affiliation=(0.57, 0.78),
                  qr=(0.0, 0.785), band=(0.80, 1.0))


@dataclass(frozen=True)
class TextItem:
    x: float
    y: float  # baseline
    text: str
    size: float
    style: str
    align: str
    colour: str  # a text colour by name: "black", "grey" or "white"


@dataclass(frozen=True)
class QrPlacement:
    x: float  # lower-left corner of the modules (quiet zone outside)
    y: float
    size: float
    code: Code

    @property
    def module_mm(self) -> float:
        return self.size / self.code.modules / MM


@dataclass(frozen=True)
class BadgeFace:
    texts: list[TextItem]
    band: Rect
    band_colour: str
    qr: QrPlacement | None = None
    notes: tuple[str, ...] = ()  # what was shortened to fit ('position dropped', 'given name at 14 pt')


class BadgeDoesNotFit(Exception):
    def __init__(self, person: Person, what: str, text: str, floor: float):
        self.person, self.what, self.text = person, what, text
        super().__init__(f"{person.display_name}: the {what} {text!r} cannot be set legibly: it does not fit on "
                         f"the badge even at {floor:.1f} pt in two lines; shorten it (e.g. with the desk's correction)")


def role_colour(role: str, custom: dict[str, str]) -> str:
    """The band colour: programme.yaml's table, the built-in one, else a stable pick."""
    key = role.casefold()
    custom = {k.casefold(): v for k, v in custom.items()}
    return custom.get(key) or ROLE_COLOURS.get(key) or SPARE_COLOURS[zlib.crc32(key.encode()) % len(SPARE_COLOURS)]


class BadgeLayout:
    """The geometry of one badge size; lays out faces for any person."""

    def __init__(self, slot_w: float, slot_h: float, caps: bool = True, colours: dict[str, str] | None = None):
        self.w, self.h = slot_w, slot_h
        self.caps = caps
        self.colours = colours or {}
        self.portrait = slot_h >= slot_w
        self.zones = PORTRAIT if self.portrait else LANDSCAPE
        self.margin = max(3 * MM, 0.06 * min(slot_w, slot_h))
        self.inner_w = slot_w - 2 * self.margin
        self.inner_h = slot_h - 2 * self.margin
        self.repeated: dict[tuple, tuple] = {}  # headers and role bands, the same on many badges: laid out once

    # -- zones ---------------------------------------------------------------

    def zone(self, slot: Rect, fractions: tuple[float, float], width: float | None = None) -> Rect:
        top = slot.top - self.margin - fractions[0] * self.inner_h
        bottom = slot.top - self.margin - fractions[1] * self.inner_h
        return Rect(slot.x + self.margin, bottom, self.inner_w if width is None else width, top - bottom)

    @property
    def qr_side(self) -> float:
        """The square a code and its quiet zone get, the same on every badge of
        this size: the whole QR zone's height, and on landscape badges no more
        than LANDSCAPE_QR_SHARE of the width, taken from the text column."""
        height = (self.zones.qr[1] - self.zones.qr[0]) * self.inner_h
        return min(height, self.inner_w * LANDSCAPE_QR_SHARE) if not self.portrait else min(height, self.inner_w)

    def text_width_beside(self, qr_side: float) -> float:
        """The text column's width on a front with a code `qr_side` wide."""
        return self.inner_w - qr_side - QR_GAP if not self.portrait else self.inner_w

    def code_side(self, person: Person, module: float, shorten_text: bool = False) -> float:
        """The square the person's code gets (quiet zone included): the whole
        QR area, unless on a landscape badge the name or affiliation does not
        fit beside it without being shortened; then the largest that leaves them
        room, one version (four modules of `module` pt) smaller at a time. When
        no size does, or with `shorten_text` (the code would be too small for
        its payload), the largest beside which the name fits: the affiliation
        is then shortened (`affiliation_block`)."""
        if self.portrait:
            return self.qr_side
        top = largest_version(self.qr_side, module)
        sides = [self.qr_side, *(version_side(v, module) for v in range(top - 1, 0, -1))]
        origin = Rect(0, 0, self.w, self.h)
        fallback, failure = None, None
        for side in sides:
            try:
                _, name_notes = self.name_block(self.zone(origin, self.zones.name, self.text_width_beside(side)), person)
                _, notes = self.affiliation_block(self.zone(origin, self.zones.affiliation, self.text_width_beside(side)),
                                                  person)
            except BadgeDoesNotFit as exc:
                failure = exc
                continue
            if shorten_text or not name_notes + notes:
                return side
            fallback = fallback or side
        if fallback is None:
            raise failure
        return fallback

    # -- faces ---------------------------------------------------------------

    def front(self, slot: Rect, person: Person, event: Event, code: Code | None,
              qr_side: float | None = None) -> BadgeFace:
        """The front; the code in a square `qr_side` wide (default: the whole
        QR area), as `code_side` gives it for this person."""
        z = self.zones
        has_qr = code is not None
        qr_side = qr_side or self.qr_side
        text_w = self.text_width_beside(qr_side) if has_qr else self.inner_w
        texts = self.header(self.zone(slot, z.header, text_w), event)
        name, name_notes = self.name_block(self.zone(slot, z.name, text_w), person)
        affiliation, affiliation_notes = self.affiliation_block(self.zone(slot, z.affiliation, text_w), person)
        band, band_texts, colour = self.band(slot, person)
        qr = self.qr(self.zone(slot, z.qr), code, qr_side) if has_qr else None
        notes = tuple(name_notes + affiliation_notes)
        return BadgeFace(texts + name + affiliation + band_texts, band, colour, qr, notes)

    def back(self, slot: Rect, person: Person, event: Event, sessions: tuple[Session, ...]) -> BadgeFace:
        """Badges turn on lanyards: the back repeats the name and lists the person's sessions.

        On landscape labels the name gives a quarter of its height to the
        list, which otherwise gets too little room to be read."""
        z = self.zones
        name_bottom = z.name[1] - (0.25 * (z.name[1] - z.name[0]) if sessions and not self.portrait else 0)
        texts = self.header(self.zone(slot, z.header), event)
        name, notes = self.name_block(self.zone(slot, (z.name[0], name_bottom)), person)
        listing = self.zone(slot, (name_bottom + 0.01, z.band[0] - 0.02))
        texts += name + self.session_list(listing, sessions, event)
        band, band_texts, colour = self.band(slot, person)
        return BadgeFace(texts + band_texts, band, colour, notes=tuple(f"{note} on the back" for note in notes))

    # -- parts ---------------------------------------------------------------

    def header(self, box: Rect, event: Event) -> list[TextItem]:
        """Event short title and date, small, centred at the top (the same on every badge)."""
        key = ("header", box, event.short_title, event.date, event.end_date)
        if key not in self.repeated:
            self.repeated[key] = tuple(self.set_header(box, event))
        return list(self.repeated[key])

    def set_header(self, box: Rect, event: Event) -> list[TextItem]:
        size = box.height / 2 / LEADING
        title = cached_fit(event.short_title, box.width, size, min(6.0, size), 1, "bold", box.height)
        date = event.date_label  # '24 March 2026', or '23–25 October 2026' for several days
        items = self.stack(box, [(title, GREY, "bold")], align="center")
        date_box = Rect(box.x, box.y, box.width, box.height - title.size * LEADING)
        return items + self.stack(date_box, [(cached_fit(date, box.width, size * 0.9, min(5.5, size), 1, "regular", box.height), GREY, "regular")],
                                  align="center")

    def name_lines(self, person: Person) -> list[tuple[str, str, float]]:
        """(what, text, share of the name zone): the first line is the largest.

        Family-name-first people, and Japanese names (written in kanji or
        shown with their native-script name), have the family name first.
        """
        family = capitals(person.family_name) if self.caps else person.family_name
        native = person.native_name
        names = [("family name", family), ("given name", person.given_name)]
        if not person.family_first:
            names.reverse()
        names = [(what, text) for what, text in names if text]
        shares = [0.42, 0.28, 0.30] if native else [0.58, 0.42]
        lines = [(what, text, share) for (what, text), share in zip(names, shares)]
        return lines + ([("native name", native, shares[2])] if native else [])

    @property
    def align(self) -> str:
        """Portrait badges centre their texts; landscape ones set them left of the code."""
        return "center" if self.portrait else "left"

    @property
    def name_floor(self) -> float:
        """The smallest size a name line may take before the name counts as illegible."""
        return max(NAME_FLOOR_MIN, NAME_FLOOR_SHARE * self.w)

    def name_block(self, box: Rect, person: Person) -> tuple[list[TextItem], list[str]]:
        """Each name line shrinks to 35 % of its size, takes two balanced lines, then goes
        down to `name_floor` (noted); under that the name is illegible and the badge fails."""
        fitted, notes = [], []
        for index, (what, text, share) in enumerate(self.name_lines(person)):
            height = box.height * share
            max_size = height / LEADING * (0.95 if index == 0 else 0.8)
            style = "bold" if index == 0 else "regular"
            block = try_fit(text, box.width, max_size, max_size * 0.35, height, style)
            if block is None:
                floor = min(self.name_floor, max_size * 0.35)
                block = self.fit(person, what, text, box.width, max_size * 0.35, floor, height, style)
                notes.append(f"{what} at {block.size:.1f} pt")
            fitted.append((block, BLACK, style))
        return self.stack(box, fitted, align=self.align, middle=True), notes

    def affiliation_block(self, box: Rect, person: Person) -> tuple[list[TextItem], list[str]]:
        """Position and organisation (or the programme's affiliation lines): at the usual sizes,
        else down to AFFILIATION_FLOOR on more lines, else with the first line dropped
        (the position before the organisation), and at last the remaining line cut at a word."""
        lines = affiliation_texts(person)
        notes: list[str] = []
        while lines:
            for floor in (None, AFFILIATION_FLOOR):
                fitted = self.fit_affiliations(box, lines, floor)
                if fitted:
                    if floor is not None:
                        size = min(f.size for f, _, _ in fitted)
                        notes.append(f"{' and '.join(labels(person, lines))} at {size:.1f} pt")
                    return self.stack(box, fitted, align=self.align), notes
            if len(lines) == 1:
                break
            notes.append(f"{labels(person, lines)[0]} {lines[0]!r} dropped")
            lines = lines[1:]
        if not lines:
            return [], notes
        fitted, kept = self.cut_to_fit(box, lines[0])
        notes.append(f"{labels(person, lines)[0]} cut after {kept} of {len(lines[0].split())} words")
        return self.stack(box, [(fitted, GREY, "regular")], align=self.align), notes

    def fit_affiliations(self, box: Rect, lines: tuple[str, ...],
                         floor: float | None) -> list[tuple[FittedText, str, str]] | None:
        """The texts fitted into the box, or None when they do not fit.

        Without a floor each text has an equal share of the box and goes down
        to `readable_min` in AFFILIATION_LINES lines; with one, all share one
        size, going down to the floor, on as many lines as the box holds."""
        height = box.height / len(lines)
        max_size = min(height / LEADING / 1.6, 0.045 * self.w)
        if floor is None:
            fitted = [cached_try_fit(line, box.width, max_size, readable_min(max_size), height, "regular", AFFILIATION_LINES)
                      for line in lines]
            return None if None in fitted else [(f, GREY, "regular") for f in fitted]
        size = max_size
        while size >= min(max_size, floor) - 1e-9:
            room = int(box.height / (size * LEADING))
            fitted = [cached_try_fit(line, box.width, size, size, None, "regular", room) if room else None for line in lines]
            if None not in fitted and sum(len(f.lines) for f in fitted) <= room:
                return [(f, GREY, "regular") for f in fitted]
            size -= SIZE_STEP
        return None

    def cut_to_fit(self, box: Rect, text: str) -> tuple[FittedText, int]:
        """The most words of `text` and '…' that fit the box at AFFILIATION_FLOOR, and how many words that is."""
        size = min(AFFILIATION_FLOOR, box.height / LEADING)
        return cut_to_fit(text, box.width, size, max(1, int(box.height / (size * LEADING))), height=box.height)

    def session_list(self, box: Rect, sessions: tuple[Session, ...], event: Event) -> list[TextItem]:
        """'Speaking at', then each session's time and its title with subtitle
        (or, if that is too long, without) in two lines at most.

        Where that would set the list under SESSION_MIN_SIZE (small labels,
        several sessions), each session takes one line instead, its time and
        its title; sessions that still do not fit end the list as 'and N more'.
        """
        if not sessions:
            return []
        align = self.align
        cap = self.session_size_cap
        size = min(cap, box.height / (1 + 3.4 * len(sessions)) / LEADING)
        if size < min(cap, SESSION_MIN_SIZE):
            return self.stack(box, self.compact_sessions(box, sessions, event), align, gap=COMPACT_GAP)
        smallest = max(readable_min(size), min(size, SESSION_MIN_SIZE))
        items = [(fit("Speaking at", box.width, size, size, style="bold"), GREY, "bold")]
        for session in sessions:
            items.append((fit(session_time(session, event), box.width, size, size, style="bold"), BLACK, "bold"))
            labels = [f"{session.title}: {session.subtitle}", session.title] if session.subtitle else [session.title]
            label = next((fitted for text in labels if (fitted := try_fit(text, box.width, size, smallest, 2 * size * LEADING))),
                         None)
            if label is None:
                return self.stack(box, self.compact_sessions(box, sessions, event), align, gap=COMPACT_GAP)
            items.append((label, BLACK, "regular"))
        return self.stack(box, items, align, gap=0.3 * size)

    @property
    def session_size_cap(self) -> float:
        """The largest type for the sessions on a back: in proportion to the badge's width."""
        return 0.042 * self.w

    def compact_sessions(self, box: Rect, sessions: tuple[Session, ...], event: Event) -> list[tuple[FittedText, str, str]]:
        """One line per session ('09:30–11:00 Panel I'), as many as fit at SESSION_MIN_SIZE or more."""
        def largest_size(shown: int) -> float:
            lines = 1 + shown + (shown < len(sessions))  # heading, sessions, 'and N more'
            return min(self.session_size_cap, (box.height - (lines - 1) * COMPACT_GAP) / lines / LEADING)

        shown = len(sessions)
        while shown > 1 and largest_size(shown) < SESSION_MIN_SIZE:
            shown -= 1
        size = largest_size(shown)
        items = [(fit("Speaking at", box.width, size, readable_min(size), 1, "bold"), GREY, "bold")]
        for session in sessions[:shown]:
            try:
                line = fit(f"{session_time(session, event)}  {session.title}", box.width, size, readable_min(size), 1)
            except DoesNotFitError:
                line = fit(session_time(session, event), box.width, size, readable_min(size), 1)
            items.append((line, BLACK, "regular"))
        if shown < len(sessions):
            items.append((fit(f"and {len(sessions) - shown} more", box.width, size, readable_min(size), 1), GREY, "regular"))
        return items

    def band(self, slot: Rect, person: Person) -> tuple[Rect, list[TextItem], str]:
        """The role as a coloured band with its word in white."""
        area = self.zone(slot, self.zones.band)
        role = person.role or "Participant"
        key = ("band", area, role)
        if key not in self.repeated:
            size = area.height / LEADING * 0.6
            fitted = self.fit(person, "role", role.upper(), area.width - 2 * self.margin, size, min(6.0, size),
                              area.height, "bold", max_lines=1)
            self.repeated[key] = (tuple(self.stack(area, [(fitted, WHITE, "bold")], align="center", middle=True)),
                                  role_colour(role, self.colours))
        texts, colour = self.repeated[key]
        return area, list(texts), colour

    def qr(self, box: Rect, code: Code, side: float) -> QrPlacement:
        """The code as large as a square `side` wide allows (quiet zone included):
        centred in its zone on portrait badges, at the right of landscape ones."""
        module = side / (code.modules + 2 * QUIET_ZONE)
        x = box.x + (box.width - side) / 2 if self.portrait else box.right - side
        y = box.y + (box.height - side) / 2
        return QrPlacement(x + QUIET_ZONE * module, y + QUIET_ZONE * module, code.modules * module, code)

    # -- helpers -------------------------------------------------------------

    def fit(self, person: Person, what: str, text: str, width: float, max_size: float, min_size: float,
            height: float, style: str = "regular", max_lines: int = 2) -> FittedText:
        try:
            return cached_fit(text, width, max_size, min_size, max_lines, style, height)
        except DoesNotFitError:
            raise BadgeDoesNotFit(person, what, text, min_size) from None

    def stack(self, box: Rect, blocks: list[tuple[FittedText, str, str]], align: str, middle: bool = False,
              gap: float = 0.0) -> list[TextItem]:
        """Lines of fitted blocks one below the other from the top of `box` (or centred in it)."""
        total = sum(len(f.lines) * f.size * LEADING for f, _, _ in blocks) + gap * (len(blocks) - 1)
        top = box.top - ((box.height - total) / 2 if middle else 0)
        x = {"left": box.x, "center": box.x + box.width / 2, "right": box.right}[align]
        items = []
        for fitted, colour, style in blocks:
            for line in fitted.lines:
                items.append(TextItem(x, top - ASCENT * fitted.size, line, fitted.size, style, align, colour))
                top -= fitted.size * LEADING
            top -= gap
        return items


def affiliation_texts(person: Person) -> tuple[str, ...]:
    """The lines as the programme wrote them; from an export, position and
    organisation each on their own line (each may still take two)."""
    return person.affiliations or tuple(p for p in (person.position, person.organisation) if p)


@functools.lru_cache(maxsize=4096)
def cached_fit(text: str, width: float, max_size: float, min_size: float, max_lines: int, style: str,
               height: float | None) -> FittedText:
    """fit() remembered: a name is fitted for the front and again for the back,
    and role words and headers repeat on every badge."""
    return fit(text, width, max_size, min_size, max_lines=max_lines, style=style, height=height, leading=LEADING)


def try_fit(text: str, width: float, max_size: float, min_size: float, height: float,
            style: str = "regular") -> FittedText | None:
    """fit() in up to two lines, or None when the text does not fit."""
    return cached_try_fit(text, width, max_size, min_size, height, style, 2)


def cached_try_fit(text: str, width: float, max_size: float, min_size: float, height: float | None, style: str,
                   max_lines: int) -> FittedText | None:
    """cached_fit(), or None when the text does not fit."""
    try:
        return cached_fit(text, width, max_size, min_size, max_lines, style, height)
    except DoesNotFitError:
        return None


def labels(person: Person, lines: tuple[str, ...]) -> list[str]:
    """What each affiliation text is, for the notes: 'position', 'organisation' or 'affiliation line'."""
    if person.affiliations:
        return ["affiliation line"] * len(lines)
    present = [name for name, value in (("position", person.position), ("organisation", person.organisation)) if value]
    return present[-len(lines):]


def readable_min(max_size: float) -> float:
    """Smallest size fit() may shrink to: 60 % of the largest, so a long text
    takes two lines before it turns into tiny type (never under 5 pt unless
    the largest already is)."""
    return min(max_size, max(5.0, 0.6 * max_size))


def session_time(session: Session, event: Event) -> str:
    """'11:30–13:00', or 'Sat 24 Oct, 11:30–13:00' when the event runs several days:
    on the back of a badge, a time alone would not say which day to be there."""
    if len(event.days) < 2:
        return session.time_range
    return f"{short_day(session.day or event.date)}, {session.time_range}"
