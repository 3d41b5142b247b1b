"""The registration desk web app (Flask, served by waitress).

Everything slow happens once at start: the programme, the registration
exports and the fonts are loaded, so a reprinted badge is a layout and a
render (tens of milliseconds). desk-changes.csv is applied on top of that,
with the same code `printkit build` uses, so the desk and the build never
disagree: again whenever the file changes on disk (this desk's walk-ins and
another desk's in the same folder alike), outside the lock that printing
takes, and swapped in whole, so a print never waits for a walk-in.
"""

from __future__ import annotations

import bisect
import dataclasses
import errno
import json
import os
import re
import secrets
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from .. import __version__
from ..errors import InputError, Problem
from ..load import load_programme
from ..load.changes import (ADD, CORRECT, FIELDS, WRITTEN_HEADERS, DeskChanges, changes_path, corrected,
                            correction_name, read_changes,
                            validate)
from ..load.deskcsv import read_table
from ..load.registration import bundled_stock_names
from ..load.tentsettings import preset_names
from ..load.yamlreader import ID_PATTERN
from ..model import Person, Programme, fold
from ..products.badges import BadgeOptions, badge_problems, make_badges
from ..products.result import ProductResult
from ..products.seating import seat_numbers
from ..products.tents import TentOptions, make_tents
from ..roster import Roster, finish, glyph_problems, match_keys, source_roster, with_desk_changes
from ..text.fonts import read_fonts_in_use
from . import printlog
from .changes import ReadBackError, new_walk_in_id, record_change
from .guards import Access, install_guards, needs_token
from .priority import PrintsFirst
from .storage import ForeignFile, closest_header, stamp

SEARCH_LIMIT = 30
PRODUCTS = ("badge", "tent")
MAX_BODY = 64 * 1024  # bytes; a walk-in is a few hundred
SLOT_PATTERN = re.compile(r"[0-9]{1,4}")
# Seconds a thread may hold the interpreter while another waits (Python's default: 5 ms). A print
# waits for it after each of its file operations while a walk-in is being checked; 1 ms keeps that short.
SWITCH_INTERVAL = 0.001
SCRATCH = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None  # memory-backed (Linux); else the temp folder


class Refused(Exception):
    """A change the desk will not store, with the reason to show (409)."""


@dataclass(frozen=True)
class Snapshot:
    """Everyone as of one version of desk-changes.csv; replaced whole, never changed."""

    stamp: tuple[int, int, int] | None
    people: dict[str, Person]
    index: list[tuple[str, Person]]  # (folded search text, person), sorted by family name
    known: dict[str, Person]  # match key (e-mail, folded name) → the person it finds
    problems: list[str]
    refusal: str | None  # why no change can be stored now, or None
    changes: DeskChanges | None  # desk-changes.csv as read for this snapshot
    seating: SeatsWhenAsked  # who sits where at the table (programme.yaml `seating:`)


class SeatsWhenAsked:
    """The seats of one snapshot's people, worked out the first time they are asked for.

    Seating everyone again is the one slow part of a walk-in (about 90 ms for
    3,000 people seated, all of it holding the interpreter): done at once, it
    would stall the prints made meanwhile. Only search results and tent cards
    show seats, so they pay it, once per version of the list; a walk-in and a
    badge never do.
    """

    def __init__(self, work_out: Callable[[], tuple[dict[str, int], list[str]]]):
        self.work_out = work_out
        self.lock = threading.Lock()
        self.result: tuple[dict[str, int], list[str]] | None = None

    def get(self) -> tuple[dict[str, int], list[str]]:
        """(person id → seat number, why there are none: a seating section that does not fit the people)."""
        with self.lock:
            if self.result is None:
                self.result = self.work_out()
            return self.result


class Desk:
    """The state of one desk: sources loaded once, desk changes applied whenever the file changes."""

    def __init__(self, programme_path: Path, attendees: tuple[Path, ...] = ()):
        self.programme: Programme = load_programme(programme_path)
        self.changes_path = changes_path(self.programme)
        self.log = printlog.PrintLog(self.changes_path.with_name(printlog.FILE_NAME))
        self.render_lock = threading.Lock()  # reportlab keeps global state while a PDF is made
        self.changes_lock = threading.Lock()  # one change at a time: checks, duplicates, append, read back
        self.refresh_lock = threading.Lock()
        self.prints_first = PrintsFirst()
        self.sources: Roster = source_roster(self.programme, attendees)
        self.source_people = {person.id: person for person in self.sources.people}
        self.source_glyphs = glyph_problems(self.sources.people, self.programme)
        read_fonts_in_use()  # now, not on the first print
        self.folded_people: dict[str, tuple[Person, str, tuple[str, str]]] = {}
        self.state = self.snapshot()

    # --- the roster -------------------------------------------------------------------------

    def refresh(self, wait: bool = False) -> Snapshot:
        """The current snapshot, rebuilt first when desk-changes.csv changed on disk.

        A search does not wait while another request rebuilds (`wait` False):
        it answers from the snapshot it has, milliseconds old.
        """
        if stamp(self.changes_path) == self.state.stamp or not self.refresh_lock.acquire(blocking=wait):
            return self.state
        try:
            if stamp(self.changes_path) != self.state.stamp:
                self.state = self.snapshot(self.state)
            return self.state
        finally:
            self.refresh_lock.release()

    def snapshot(self, previous: Snapshot | None = None) -> Snapshot:
        """The sources with desk-changes.csv applied: `previous` extended when walk-ins were only
        appended (the usual case, milliseconds with thousands of people), else built again."""
        version = stamp(self.changes_path)
        table = read_table(self.changes_path)
        changes = read_changes(self.changes_path, self.programme.registration, table) if table.header else None
        written = [[], *(list(h) for h in WRITTEN_HEADERS)]
        refusal = (str(ForeignFile(self.changes_path, table.header, closest_header(table.header, WRITTEN_HEADERS)))
                   if table.header not in written else None)
        extended = previous and self.extended(previous, changes, version, refusal)
        return extended or self.rebuilt(changes, version, refusal)

    def rebuilt(self, changes: DeskChanges | None, version, refusal: str | None) -> Snapshot:
        """The sources with `changes` applied as `printkit build` does; only changed people are checked again."""
        roster = with_desk_changes(self.sources, changes)
        known = {key: roster.people[index] for key, index in roster.keys.items()}
        changed = [p for p in roster.people if p is not self.source_people.get(p.id)]
        unchanged = {p.id for p in roster.people} - {p.id for p in changed}
        unprintable = {i: problem for i, problem in self.source_glyphs.items() if i in unchanged}
        finish(roster, unprintable | glyph_problems(changed, self.programme), lambda p: self.folded(p)[1])
        return Snapshot(version, {p.id: p for p in roster.people}, [(self.folded(p)[0], p) for p in roster.people],
                        known, [str(p) for p in roster.problems], refusal, changes,
                        SeatsWhenAsked(lambda: self.seated(roster.people)))

    def extended(self, previous: Snapshot, changes: DeskChanges | None, version, refusal: str | None) -> Snapshot | None:
        """`previous` plus the walk-ins appended since, when nothing else changed and none of them
        merges with anybody or is refused; None when the whole roster must be built again."""
        old = previous.changes or DeskChanges(self.changes_path)
        if changes is None or refusal != previous.refusal:
            return None
        count = len(old.additions)
        if (changes.corrections, changes.problems, changes.additions[:count]) != (old.corrections, old.problems,
                                                                                 old.additions):
            return None
        new = changes.additions[count:]
        if glyph_problems(new, self.programme):
            return None
        people, index, known = dict(previous.people), list(previous.index), dict(previous.known)
        for person in new:
            keys = match_keys(person)
            if person.id in people or any(key in known for key in keys):
                return None
            people[person.id] = person
            known.update((key, person) for key in keys)
            bisect.insort(index, (self.folded(person)[0], person), key=lambda entry: self.folded(entry[1])[1])
        return Snapshot(version, people, index, known, previous.problems, refusal, changes,
                        SeatsWhenAsked(lambda: self.seated([person for _, person in index])))

    def seated(self, people: list[Person]) -> tuple[dict[str, int], list[str]]:
        """Seats at the table for `people` (sorted as the build sorts them), or why there are none."""
        try:
            return seat_numbers(self.programme, people), []
        except InputError as exc:  # a seating section that does not fit the people: shown, not fatal
            return {}, [str(p) for p in exc.problems]

    def folded(self, person: Person) -> tuple[str, tuple[str, str]]:
        """(search text, sort key): folding is slow, so it is done once per version of a person."""
        cached = self.folded_people.get(person.id)
        if cached is None or cached[0] is not person:
            parts = [person.given_name, person.family_name, person.native_name, person.native_reading,
                     *person.affiliation_lines, person.role]
            cached = self.folded_people[person.id] = (person, fold(" ".join(p for p in parts if p)), person.sort_key)
        return cached[1], cached[2]

    @property
    def people(self) -> dict[str, Person]:
        return self.refresh().people

    @property
    def problems(self) -> list[str]:
        state = self.refresh()
        return state.problems + state.seating.get()[1]

    @property
    def seats(self) -> dict[str, int]:
        return self.refresh().seating.get()[0]

    @property
    def notices(self) -> list[str]:
        """What the organiser must know about the files next to the programme."""
        refusal = self.refresh().refusal
        return [text for text in (refusal and f"Walk-ins and corrections cannot be saved: {refusal}.",
                                  self.log.notice) if text]

    def person(self, person_id: str) -> Person:
        if not ID_PATTERN.fullmatch(person_id):
            abort(400, f"{person_id!r} is not an id")
        person = self.refresh().people.get(person_id)
        if person is None:
            abort(404, f"nobody has the id {person_id!r}; search again")
        return person

    def search(self, query: str) -> list[Person]:
        """People whose names, reading or affiliation contain every word of `query`, accents ignored."""
        words = fold(query).split()
        if not words:
            return []
        index = self.refresh().index
        return [person for text, person in index if all(word in text for word in words)][:SEARCH_LIMIT]

    # --- printing ---------------------------------------------------------------------------

    def badge(self, person: Person, stock: str, slot: int) -> bytes:
        """One person's badge alone, in `slot` of a sheet of `stock` (the next free label of a used sheet)."""
        return self.reprint(make_badges, person, BadgeOptions(stock=stock, start_at=slot))

    def tent(self, person: Person, stock: str) -> bytes:
        """One person's tent card, seated at the table or not."""
        seat = {person.id: self.seats[person.id]} if person.id in self.seats else {}
        return self.reprint(make_tents, person, TentOptions(stock=stock, seated_only=False, seats=seat))

    def reprint(self, make: Callable[..., ProductResult], person: Person, options) -> bytes:
        """The PDF a product makes for `person` alone, made the way `printkit build` makes it.

        It is read back at once and thrown away, so it is made in memory-backed
        storage where there is some: the product's fsyncs then cost nothing.
        """
        with self.render_lock, tempfile.TemporaryDirectory(prefix="printkit-desk-", dir=SCRATCH) as tmp:
            result = make(self.programme, Roster([person]), Path(tmp), options)
            return result.files[0].read_bytes()

    def print_item(self, product: str, person: Person, stock: str, slot: int) -> bytes:
        """The PDF of one item, logged as printed once it is made (a failed one is not logged)."""
        if stock not in (self.badge_stocks if product == "badge" else self.tent_stocks):
            abort(400, f"unknown {product} stock {stock!r}; choose one of the list")
        with self.prints_first.print_going():
            pdf = self.badge(person, stock, slot) if product == "badge" else self.tent(person, stock)
        self.log.append(product, person.id, person.display_name, stock, slot)
        return pdf

    # --- changes ----------------------------------------------------------------------------

    def submit(self, action: str, person_id: str, form: dict[str, str]) -> Person:
        """Validate a walk-in or a correction like a CSV row, store it, read it back, apply it."""
        original = self.person(person_id) if action == CORRECT else None
        fields, problems = validate(form, self.programme.registration, self.changes_path, action)
        if problems:
            raise InputError(problems)
        with self.changes_lock:  # one walk-in at a time: prints share the processor with one, not ten
            self.prints_first.wait_for_prints()
            self.check_printable(corrected(original, fields) if original else fields)
            self.prints_first.wait_for_prints()
            state = self.refresh(wait=True)
            if state.refusal:
                raise Refused(state.refusal)
            if action == ADD:
                refuse_known(state, fields)
                person_id = new_walk_in_id(fields)
                fields = dataclasses.replace(fields, id=person_id)
            self.prints_first.wait_for_prints()
            try:
                line = record_change(self.changes_path, self.programme.registration, action, person_id, form, fields,
                                     correction_name(original) if original else "")
            except (ForeignFile, ReadBackError) as exc:
                raise Refused(str(exc)) from None
            state = self.refresh(wait=True)
        if person_id not in state.people:
            where = f"{self.changes_path.name}:{line}"
            why = [p for p in state.problems if p.startswith(where)] or ["it was not found"]
            raise Refused(f"saved in {where} but not applied: {'; '.join(why)}")
        return state.people[person_id]

    def check_printable(self, person: Person) -> None:
        """Every glyph in a bundled font and the badge laid out: what the build would refuse, refused now."""
        glyphs = glyph_problems([person], self.programme)
        if glyphs:
            raise InputError(list(glyphs.values()))
        problems = badge_problems(self.programme, person, BadgeOptions(stock=self.default_badge_stock))
        if problems:
            raise InputError(problems)

    # --- choices for the page ---------------------------------------------------------------

    @property
    def default_badge_stock(self) -> str:
        return self.programme.badges.stock or "a6"

    @property
    def badge_stocks(self) -> list[str]:
        return sorted({*bundled_stock_names(), *(s.name for s in self.programme.badges.stocks)})

    @property
    def tent_stocks(self) -> list[str]:
        return sorted({*preset_names(), *(s.name for s in self.programme.tents.custom_stocks)})

    @property
    def default_tent_stock(self) -> str:
        return self.programme.tents.stock or "a4-fold"


def refuse_known(state: Snapshot, walk_in: Person) -> None:
    """A walk-in who is already on the list (same e-mail or name) would be merged into them, not added."""
    found = next((state.known[key] for key in match_keys(walk_in) if key in state.known), None)
    if found is not None:
        role = (found.role or "participant").lower()
        article = "an" if role[:1] in "aeiou" else "a"
        raise Refused(f"this looks like {found.display_name}, {article} {role}: print their badge instead? "
                      "(If it is someone else with the same name, tell them apart, e.g. by a middle initial.)")


def person_json(person: Person, printed: dict[str, str], seat: int | None = None) -> dict:
    """What the page shows of a person (with their seat at the table), and the correction form's fields."""
    affiliation = "; ".join(person.affiliation_lines)
    return {
        "id": person.id,
        "seat": seat,
        "name": person.display_name,
        "native_name": person.native_name or "",
        "affiliation": affiliation,
        "role": person.role or "",
        "printed": printed,
        "fields": {
            "given_name": person.given_name, "family_name": person.family_name,
            "native_name": person.native_name or "",
            "position": person.position or "" if not person.affiliations else "",
            "organisation": person.organisation or "" if not person.affiliations else affiliation,
            "email": person.contact.email or "",
        },
    }


def create_app(desk: Desk, token: str | None = None, access: Access | None = None) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.json.ensure_ascii = False
    install_guards(app, access or Access(token=token))
    install_error_pages(app)

    @app.get("/")
    def index():
        return render_template("index.html", desk=desk, version=__version__)

    @app.get("/api/search")
    def search():
        printed = desk.log.printed()
        people = desk.search(request.args.get("q", ""))
        return jsonify([person_json(p, printed.get(p.id, {}), desk.seats.get(p.id)) for p in people])

    @app.post("/api/print")
    def print_item():
        product, _, person_id = request.form.get("item", "").partition(":")
        if product not in PRODUCTS:
            abort(400, f"unknown product {product!r}; expected badge or tent")
        person = desk.person(person_id)
        if product == "badge":
            stock, slot = request.form.get("badge_stock") or desk.default_badge_stock, slot_number(request.form)
        else:
            stock, slot = request.form.get("tent_stock") or desk.default_tent_stock, 1
        pdf = desk.print_item(product, person, stock, slot)
        return Response(pdf, mimetype="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{product}-{person.id}.pdf"'})

    @app.post("/api/people")
    def submit():
        action, person_id, form = change_request()
        person = desk.submit(action, person_id, form)
        return jsonify({"saved": True, "person": person_json(person, {})}), 201

    @app.get("/api/log")
    def log():
        return jsonify(list(reversed(desk.log.rows()))[:100])

    @app.get("/api/status")
    def status():
        return jsonify({"people": len(desk.people), "problems": desk.problems, "notices": desk.notices})

    return app


def slot_number(form) -> int:
    raw = form.get("slot") or "1"
    if not SLOT_PATTERN.fullmatch(raw):
        abort(400, f"the slot must be a whole number, not {raw!r}")
    return int(raw)


def change_request() -> tuple[str, str, dict[str, str]]:
    """(action, person id, form fields) from a JSON body of exactly that shape, else 400 with what is wrong.

    Bytes that are not UTF-8 are kept as the CSV importer keeps them, to be reported as a broken encoding.
    """
    if request.mimetype != "application/json":
        abort(415, "expected a JSON body (Content-Type: application/json)")
    try:
        body = json.loads(request.get_data().decode("utf-8", "surrogateescape"))
    except (ValueError, RecursionError):
        abort(400, "the request is not JSON, or nests too deeply")
    if not isinstance(body, dict) or not body.keys() <= {"action", "person_id", "fields"}:
        abort(400, "expected a JSON object with action, person_id and fields")
    action, person_id, fields = body.get("action"), body.get("person_id") or "", body.get("fields") or {}
    if action not in (ADD, CORRECT):
        abort(400, f"action: expected {ADD!r} or {CORRECT!r}")
    if not isinstance(person_id, str) or (action == CORRECT and not ID_PATTERN.fullmatch(person_id)):
        abort(400, "person_id: expected the id of the person to correct")
    if not isinstance(fields, dict):
        abort(400, "fields: expected an object of field names and texts")
    for name, value in fields.items():
        if name not in FIELDS:
            abort(400, f"fields: unknown field {name!r}; expected some of {', '.join(FIELDS)}")
        if not isinstance(value, str):
            abort(400, f"fields.{name}: expected text, got {json.dumps(value)[:40]}")
    return action, person_id, fields


def install_error_pages(app: Flask) -> None:
    """Input problems → 422 with every message; a refused change → 409; anything else → 500, and the desk keeps serving."""

    @app.errorhandler(InputError)
    def input_error(exc: InputError):
        return error_response(422, [problem_json(p) for p in exc.problems])

    @app.errorhandler(Refused)
    def refused(exc: Refused):
        return error_response(409, [{"field": "", "message": str(exc)}])

    @app.errorhandler(ValueError)
    def value_error(exc: ValueError):
        return error_response(422, [{"field": "", "message": str(exc)}])

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return error_response(exc.code or 500, [{"field": "", "message": exc.description}])

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.error("unexpected error\n%s", traceback.format_exc())
        return error_response(500, [{"field": "", "message": f"unexpected error: {type(exc).__name__}: {exc}. "
                                     "The desk is still running; please report this."}])


def problem_json(problem: Problem) -> dict:
    return {"field": problem.field, "message": problem.message}


def error_response(status: int, problems: list[dict]):
    """JSON for the page's scripts; plain text for a print form opened in its own tab."""
    if request.path == "/api/print" or request.path == "/" or not request.path.startswith("/api/"):
        text = "\n".join(f"{p['field']}: {p['message']}" if p["field"] else p["message"] for p in problems)
        return Response(text + "\n", status=status, mimetype="text/plain")
    return jsonify({"saved": False, "problems": problems}), status


def make_server(desk: Desk, host: str | None, port: int, token: str | None = None, threads: int = 16):
    """A waitress server bound to (host, port), its app answering only under the names it is served at.

    Raises InputError when the port is taken. Bodies over 64 KiB get 413
    before they are read; idle and half-open connections are closed after
    10 s, so a few dozen of them cannot hold the desk.
    """
    from waitress.server import create_server

    bind = host or "127.0.0.1"
    access = Access(host=bind, token=token)
    try:
        server = create_server(create_app(desk, access=access), host=bind, port=port, threads=threads,
                               ident=f"printkit-desk/{__version__}", max_request_body_size=MAX_BODY,
                               channel_timeout=10, cleanup_interval=2, connection_limit=100)
    except OSError as exc:
        reason = "is already in use (another printkit desk?)" if exc.errno == errno.EADDRINUSE else \
            f"cannot be used: {exc.strerror or exc}"
        raise InputError([Problem("--port", None, None, "", f"port {port} on {bind} {reason}; "
                                  "stop the other program or choose another --port")]) from None
    access.port = int(server.effective_port)
    return server


def serve(desk: Desk, host: str | None, port: int, echo: Callable[[str], None] = print) -> None:
    """Serve until interrupted; print the address really bound (with the token when one is needed)."""
    token = secrets.token_urlsafe(24) if needs_token(host) else None
    server = make_server(desk, host, port, token)
    sys.setswitchinterval(SWITCH_INTERVAL)
    bind = host or "127.0.0.1"
    address = f"http://{bind if ':' not in bind else f'[{bind}]'}:{server.effective_port}/"
    echo(f"printkit desk: {len(desk.people)} people, {len(desk.problems)} problem rows skipped")
    for notice in desk.notices:
        echo(f"warning: {notice}")
    echo(f"open {address}" + (f"?token={token}" if token else "") + "  (Ctrl+C to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
