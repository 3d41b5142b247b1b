"""The registration desk web app (Flask, served by waitress).

Everything slow happens once at start: the programme, the roster and the
fonts are loaded, so a reprinted badge is a layout and a render (tens of
milliseconds). A change (walk-in, correction) is validated like a CSV row,
stored durably in desk-changes.csv and the roster rebuilt from the same code
`printkit build` uses, so the desk and the build never disagree.
"""

from __future__ import annotations

import hmac
import json
import secrets
import tempfile
import threading
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, abort, jsonify, redirect, render_template, request
from werkzeug.exceptions import HTTPException

from .. import __version__
from ..errors import InputError, Problem
from ..load import load_programme
from ..load.changes import ADD, CORRECT, changes_path, corrected, validate
from ..load.registration import bundled_stock_names
from ..load.tentsettings import preset_names
from ..model import Person, Programme, fold
from ..products.badges import BadgeOptions, make_badges
from ..products.result import ProductResult
from ..products.seating import seat_numbers
from ..products.tents import TentOptions, make_tents
from ..roster import Roster, build_roster, glyph_problems
from .changes import record_change, walk_in_id
from .storage import append_row, read_rows

LOG_NAME = "desk-log.csv"
LOG_HEADER = ["Timestamp", "Product", "Person ID", "Name", "Stock", "Slot"]
TOKEN_COOKIE = "printkit_desk_token"
TOKEN_HEADER = "X-Desk-Token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost")
SEARCH_LIMIT = 30
PRODUCTS = ("badge", "tent")


class Desk:
    """The state of one desk: programme and roster loaded once, rebuilt after a change."""

    def __init__(self, programme_path: Path, attendees: tuple[Path, ...] = ()):
        self.programme: Programme = load_programme(programme_path)
        self.attendees = tuple(attendees)
        self.changes_path = changes_path(self.programme)
        self.log_path = self.changes_path.with_name(LOG_NAME)
        self.render_lock = threading.Lock()  # reportlab keeps global state while a PDF is made
        self.reload()

    def reload(self) -> None:
        """Rebuild the roster; bad rows do not stop the desk, they are listed on the page."""
        roster = build_roster(self.programme, self.attendees, skip_invalid=True)
        self.people = {person.id: person for person in roster.people}
        self.problems = [str(p) for p in roster.problems]
        try:
            self.seats = seat_numbers(self.programme, roster.people)
        except InputError as exc:  # a seating section that does not fit the people: shown, not fatal
            self.seats = {}
            self.problems += [str(p) for p in exc.problems]
        self.index = [(search_text(person), person) for person in roster.people]

    def person(self, person_id: str) -> Person:
        person = self.people.get(person_id)
        if person is None:
            abort(404, f"nobody has the id {person_id!r}; search again")
        return person

    def search(self, query: str) -> list[Person]:
        """People whose names, reading or affiliation contain every word of `query`, accents ignored."""
        words = fold(query).split()
        if not words:
            return []
        return [person for text, person in self.index if all(word in text for word in words)][:SEARCH_LIMIT]

    def printed(self) -> dict[str, dict[str, str]]:
        """Person id → product → when it was last printed, from the log (other desks included)."""
        seen: dict[str, dict[str, str]] = {}
        for row in read_rows(self.log_path):
            seen.setdefault(row.get("Person ID", ""), {})[row.get("Product", "")] = row.get("Timestamp", "")
        return seen

    def badge(self, person: Person, stock: str, slot: int) -> bytes:
        """One person's badge alone, in `slot` of a sheet of `stock` (the next free label of a used sheet)."""
        return self.reprint(make_badges, person, BadgeOptions(stock=stock, start_at=slot))

    def tent(self, person: Person, stock: str) -> bytes:
        """One person's tent card, seated at the table or not."""
        seat = {person.id: self.seats[person.id]} if person.id in self.seats else {}
        return self.reprint(make_tents, person, TentOptions(stock=stock, seated_only=False, seats=seat))

    def reprint(self, make: Callable[..., ProductResult], person: Person, options) -> bytes:
        """The PDF a product makes for `person` alone, made the way `printkit build` makes it."""
        with self.render_lock, tempfile.TemporaryDirectory(prefix="printkit-desk-") as tmp:
            result = make(self.programme, Roster([person]), Path(tmp), options)
            return result.files[0].read_bytes()

    def log_print(self, product: str, person: Person, stock: str, slot: int) -> None:
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        append_row(self.log_path, LOG_HEADER, [stamp, product, person.id, person.display_name, stock, str(slot)])

    def submit(self, action: str, person_id: str, form: dict[str, str]) -> Person:
        """Validate a walk-in or a correction like a CSV row, store it durably, rebuild the roster."""
        if action not in (ADD, CORRECT):
            raise InputError([Problem(self.changes_path.name, None, None, "action", f"expected {ADD} or {CORRECT}")])
        original = self.person(person_id) if action == CORRECT else None
        fields, problems = validate(form, self.programme.registration, self.changes_path, action)
        if problems:
            raise InputError(problems)
        candidate = corrected(original, fields) if original else fields
        self.check_printable(candidate)
        with self.render_lock:
            line = record_change(self.changes_path, action, person_id if original else "", form)
            self.reload()
        new_id = person_id if original else walk_in_id(self.changes_path, line, candidate.contact.email)
        return self.people.get(new_id, candidate)

    def check_printable(self, person: Person) -> None:
        """Every glyph in a bundled font and the badge laid out: what the build would refuse, refused now."""
        glyphs = glyph_problems([person], self.programme)
        if glyphs:
            raise InputError(list(glyphs.values()))
        self.badge(person, self.default_badge_stock, 1)

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


def search_text(person: Person) -> str:
    parts = [person.given_name, person.family_name, person.native_name, person.native_reading,
             *person.affiliation_lines, person.role]
    return fold(" ".join(p for p in parts if p))


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


def needs_token(host: str | None) -> bool:
    """A token whenever the desk listens anywhere but the default loopback address."""
    return host is not None and host not in LOOPBACK_NAMES


def create_app(desk: Desk, token: str | None = None) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    app.json.ensure_ascii = False
    install_guards(app, token)
    install_error_pages(app)

    @app.get("/")
    def index():
        return render_template("index.html", desk=desk, version=__version__)

    @app.get("/api/search")
    def search():
        printed = desk.printed()
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
            pdf = desk.badge(person, stock, slot)
        else:
            stock, slot = request.form.get("tent_stock") or desk.default_tent_stock, 1
            pdf = desk.tent(person, stock)
        desk.log_print(product, person, stock, slot)
        filename = f"{product}-{person.id}.pdf"
        return Response(pdf, mimetype="application/pdf",
                        headers={"Content-Disposition": f'inline; filename="{filename}"'})

    @app.post("/api/people")
    def submit():
        body = json_body()
        form = {k: str(v) for k, v in (body.get("fields") or {}).items()}
        person = desk.submit(str(body.get("action", "")), str(body.get("person_id", "")), form)
        return jsonify({"saved": True, "person": person_json(person, {})}), 201

    @app.get("/api/log")
    def log():
        return jsonify(list(reversed(read_rows(desk.log_path)))[:100])

    @app.get("/api/status")
    def status():
        return jsonify({"people": len(desk.people), "problems": desk.problems})

    return app


def slot_number(form) -> int:
    raw = form.get("slot") or "1"
    if not raw.isdigit():
        abort(400, f"the slot must be a whole number, not {raw!r}")
    return int(raw)


def json_body() -> dict:
    """The request's JSON; bytes that are not UTF-8 are kept as the CSV importer keeps them, to be reported."""
    try:
        body = json.loads(request.get_data().decode("utf-8", "surrogateescape"))
    except ValueError:
        abort(400, "the request is not JSON")
    if not isinstance(body, dict):
        abort(400, "expected a JSON object")
    return body


def install_guards(app: Flask, token: str | None) -> None:
    """The access token (when listening off loopback), same-origin writes, and no caching of personal data."""

    @app.before_request
    def check_access():
        if request.method == "POST" and not same_origin():
            abort(403, "requests from other sites are refused")
        if token is None:
            return None
        offered = request.args.get("token") or request.headers.get(TOKEN_HEADER) or request.cookies.get(TOKEN_COOKIE) or ""
        if not hmac.compare_digest(offered.encode(), token.encode()):
            abort(403, "this desk needs its access token: open the address printkit printed when it started")
        if "token" in request.args and request.method == "GET":
            response = redirect(request.path)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="Strict")
            return response
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = (
                "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'")
        return response


def same_origin() -> bool:
    """Browsers send Origin on POST; one from another site is a forged request."""
    origin = request.headers.get("Origin")
    return origin is None or urlsplit(origin).netloc == request.host


def install_error_pages(app: Flask) -> None:
    """Input problems → 422 with every message; anything else → 500, and the desk keeps serving."""

    @app.errorhandler(InputError)
    def input_error(exc: InputError):
        return error_response(422, [problem_json(p) for p in exc.problems])

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


def serve(desk: Desk, host: str | None, port: int, echo: Callable[[str], None] = print) -> None:
    """Serve with waitress until interrupted; print the address (with the token when one is needed)."""
    from waitress import serve as waitress_serve

    token = secrets.token_urlsafe(24) if needs_token(host) else None
    bind = host or "127.0.0.1"
    address = f"http://{bind if ':' not in bind else f'[{bind}]'}:{port}/"
    echo(f"printkit desk: {len(desk.people)} people, {len(desk.problems)} problem rows skipped")
    echo(f"open {address}" + (f"?token={token}" if token else "") + "  (Ctrl+C to stop)")
    waitress_serve(create_app(desk, token), host=bind, port=port, threads=8, ident=f"printkit-desk/{__version__}")
