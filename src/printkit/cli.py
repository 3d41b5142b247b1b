"""The `printkit` command line.

Each product has its own subcommand; `build` runs all of them. Commands only
parse options, load the input and hand it to the product modules. Errors in
the input are printed as one list and end the run with status 2; anything
unexpected ends it with status 1 (and a traceback only with --debug).
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import importlib
import json
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .errors import InputError, Problem, grouped
from .load import load_programme
from .model import Programme
from .qrlimits import DEFAULT_MODULE_MM, MIN_MODULE_MM
from .products.result import ProductResult
from .write import staged_outputs

if TYPE_CHECKING:
    from .roster import Roster

EXIT_UNEXPECTED = 1
EXIT_INVALID_INPUT = 2

programme_argument = click.argument(
    "programme", type=click.Path(path_type=Path, dir_okay=False), default="programme.yaml", required=False,
)
outdir_option = click.option(
    "-o", "--outdir", type=click.Path(path_type=Path, file_okay=False), default="out", show_default=True,
    help="Directory the PDFs are written to (created if missing).",
)
pdfx_option = click.option(
    "--pdfx", is_flag=True,
    help="Print files as PDF/X-1a:2003 for the output condition under print: in PROGRAMME (default FOGRA39); "
         "the booklet's press edition is booklet-press.pdf.",
)
marks_option = click.option(
    "--marks/--no-marks", default=False, show_default=True,
    help="Add crop marks outside the 3 mm bleed (the page grows; content is not scaled).",
)
skip_invalid_option = click.option(
    "--skip-invalid", is_flag=True,
    help="Warn about rows and people that cannot be printed and go on without them (default: stop, write nothing).",
)


def parse_encoding(_ctx, _param, value: str | None) -> str | None:
    """A codec Python knows ('cp1252', 'shift_jis'), by its canonical name."""
    if value is None:
        return None
    try:
        return codecs.lookup(value).name
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r}; e.g. cp1252, shift_jis, latin-1") from None


encoding_option = click.option(
    "--encoding", metavar="NAME", callback=parse_encoding,
    help="Read the registration exports in this encoding (e.g. cp1252, shift_jis) instead of UTF-8 / UTF-16.",
)


def handle_errors(command: Callable) -> Callable:
    """Turn InputError into a listed report and exit 2; unexpected errors into exit 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            for line in grouped(exc.problems):
                click.echo(f"error: {line}", err=True)
            count = len(exc.problems)
            click.echo(f"printkit: {count} problem{'s' if count != 1 else ''} in the input; nothing was written.", err=True)
            sys.exit(EXIT_INVALID_INPUT)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if click.get_current_context().find_root().params.get("debug"):
                traceback.print_exc()
            click.echo(f"printkit: unexpected error: {type(exc).__name__}: {exc}", err=True)
            click.echo("Run again with --debug for the details, and please report it.", err=True)
            sys.exit(EXIT_UNEXPECTED)

    return wrapper


def report(paths: list[Path]) -> None:
    for path in paths:
        click.echo(f"wrote {path}")


def people_of(programme: Programme, attendees: tuple[Path, ...] = (), skip_invalid: bool = False,
              encoding: str | None = None) -> Roster:
    """The roster every product of the run is made from, built once; rows skipped are warned about."""
    from .roster import build_roster

    roster = build_roster(programme, attendees, skip_invalid, encoding)
    warn_all(roster.problems)
    note_all(roster.warnings)
    return roster


def announce(result: ProductResult) -> ProductResult:
    """A product's people left out, its other warnings and its summary, on stderr as soon as it is made."""
    warn_all(result.problems)
    note_all(result.warnings)
    if result.summary:
        click.echo(result.summary, err=True)
    return result


def warn_all(problems: list[Problem]) -> None:
    """Problems skipped with --skip-invalid."""
    for line in grouped(problems):
        click.echo(f"warning: {line}; skipped", err=True)


def note_all(warnings: list[Problem]) -> None:
    """Warnings about what was made anyway (ambiguous matches, shortened texts)."""
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="printkit")
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors.")
def main(debug: bool) -> None:
    """Print-ready programme booklets, name badges and tent cards for an event,
    from one programme.yaml."""


@main.command()
@programme_argument
@outdir_option
@marks_option
@pdfx_option
@click.option("--preview", is_flag=True, help="Also write PNG previews of every PDF to OUTDIR/preview/.")
@skip_invalid_option
@encoding_option
@handle_errors
def build(programme: Path, outdir: Path, marks: bool, pdfx: bool, preview: bool, skip_invalid: bool,
          encoding: str | None) -> None:
    """Build every product from PROGRAMME (default: ./programme.yaml) into OUTDIR."""
    from .products.badges import BadgeOptions, make_badges
    from .products.booklet import BookletOptions, make_booklet
    from .products.html import make_html
    from .products.ics import make_ics
    from .products.rooms import make_rooms
    from .products.seating import make_seating
    from .products.tents import TentOptions, make_tents

    data = load_programme(programme)
    roster = people_of(data, skip_invalid=skip_invalid, encoding=encoding)
    with staged_outputs(outdir) as staging:
        results = [announce(make_booklet(data, staging, BookletOptions(marks=marks, pdfx=pdfx))),
                   announce(make_rooms(data, staging)),
                   announce(make_html(data, staging)),
                   announce(make_ics(data, staging)),
                   announce(make_tents(data, roster, staging, TentOptions(pdfx=pdfx, skip_invalid=skip_invalid))),
                   announce(make_badges(data, roster, staging, BadgeOptions(pdfx=pdfx, skip_invalid=skip_invalid),
                                        progress=progress_bar))]
        if data.seating is not None:  # the plan only for a programme that asks for one
            results.append(announce(make_seating(data, roster, staging)))
    written = [outdir / path.name for result in results for path in result.files]
    report(written)
    if preview:
        from .preview import preview_paths

        with proofing_errors():
            report(preview_paths([p for p in written if p.suffix == ".pdf"], outdir / "preview"))


pdf_paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


@contextlib.contextmanager
def proofing_errors() -> Iterator[None]:
    """Unreadable PDFs end `check`/`preview` with status 2; a missing `check` extra with 1."""
    from .pdffiles import MissingExtraError, UnreadableInput

    try:
        yield
    except UnreadableInput as exc:
        for reason in exc.reasons:
            click.echo(f"error: {reason}", err=True)
        sys.exit(EXIT_INVALID_INPUT)
    except MissingExtraError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@pdf_paths_argument
@click.option("--cmyk", is_flag=True, help="Fail on RGB colour (the job prints in CMYK).")
@click.option("--pdfx", is_flag=True, help="Also apply the PDF/X-1a:2003 rules, one finding per broken rule.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as a JSON list for scripts.")
@handle_errors
def check(paths: tuple[Path, ...], cmyk: bool, pdfx: bool, as_json: bool) -> None:
    """Preflight the PDFs in PATHS (files or directories; default: out/).

    Checks embedded fonts and glyphs, TrimBox/BleedBox, colour spaces, the
    smallest text, text inside the trim and its badge/tent slot, and that QR
    codes decode (module >= 0.4 mm, quiet zone >= 4 modules). Exit status 0
    when nothing fails, 1 when something does, 2 when a file cannot be read.
    """
    from .check import ERROR, check_paths

    with proofing_errors():
        findings = check_paths(list(paths) or [Path("out")], cmyk=cmyk, pdfx=pdfx)
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(str(finding))
        errors = sum(f.severity == ERROR for f in findings)
        files = len({f.file for f in findings})
        click.echo(f"printkit check: {errors} error{'s' if errors != 1 else ''} in {files} file{'s' if files != 1 else ''}")
    if any(f.severity == ERROR for f in findings):
        sys.exit(EXIT_UNEXPECTED)


@main.command()
@pdf_paths_argument
@click.option("-o", "--outdir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Directory for the PNGs  [default: preview/ next to the PDFs]")
@click.option("--dpi", type=click.IntRange(10, 1200), default=100, show_default=True, help="Resolution of the page images.")
@handle_errors
def preview(paths: tuple[Path, ...], outdir: Path | None, dpi: int) -> None:
    """PNG previews of the PDFs in PATHS (default: out/): pages, a contact sheet, booklet spreads."""
    from .preview import preview_paths

    with proofing_errors():
        report(preview_paths(list(paths) or [Path("out")], outdir, dpi))


@main.command()
@programme_argument
@outdir_option
@marks_option
@pdfx_option
@handle_errors
def booklet(programme: Path, outdir: Path, marks: bool, pdfx: bool) -> None:
    """The programme booklet: booklet.pdf (A5, reading order) and booklet-imposed.pdf (A4 duplex)."""
    from .products.booklet import BookletOptions, make_booklet

    report(make_booklet(load_programme(programme), outdir, BookletOptions(marks=marks, pdfx=pdfx)).files)


def programme_only_command(name: str, summary: str) -> None:
    """A command for a product made from the programme alone, with no options of its own:
    products/<name>.py's make_<name>(programme, outdir), imported when the command runs."""

    @main.command(name, help=summary)
    @programme_argument
    @outdir_option
    @handle_errors
    def command(programme: Path, outdir: Path) -> None:
        make = getattr(importlib.import_module(f"{__package__}.products.{name}"), f"make_{name}")
        report(announce(make(load_programme(programme), outdir)).files)


programme_only_command("rooms", "Door sheets: rooms.pdf, one A4 page per room and day with that room's "
                       "items in large type.")
programme_only_command("html", "The programme as a web page: programme.html, self-contained and accessible.")
programme_only_command("ics", "The programme as a calendar: programme.ics, one entry per programme item.")


def parse_offset(_ctx, _param, value: str) -> tuple[float, float]:
    """'1.5,-0.5' → (1.5, -0.5): mm to the right and downwards."""
    try:
        x, y = (float(part) for part in value.split(","))
    except ValueError:
        raise click.BadParameter(f"expected X,Y in mm such as 1.5,-0.5, got {value!r}") from None
    return (x, y)


def parse_ids(_ctx, _param, value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def parse_module_size(_ctx, _param, value: float | None) -> float | None:
    if value is not None and not value >= MIN_MODULE_MM:
        raise click.BadParameter(f"{value:g} mm is under {MIN_MODULE_MM} mm, the smallest module printkit check accepts")
    return value


offset_option = click.option(
    "--offset", default="0,0", show_default=True, metavar="X,Y", callback=parse_offset,
    help="Shift everything X mm right and Y mm down, as measured on a test print, to correct the printer's feed.",
)
only_option = click.option("--only", metavar="ID,...", callback=parse_ids, help="Print only these people (ids).")
attendees_option = click.option(
    "--attendees", type=click.Path(path_type=Path, dir_okay=False), multiple=True,
    help="A registration export (CSV) to add to the people of the programme; repeat for several.",
)



@main.command()
@programme_argument
@outdir_option
@click.option("--stock", metavar="NAME",
              help="Tent stock: a4-fold (default), a4-tri, avery-5305, or one under tents.stocks in PROGRAMME.")
@offset_option
@only_option
@click.option("--caps/--no-caps", default=None, help="Family names in capitals (default: as badges.caps, on).")
@attendees_option
@encoding_option
@skip_invalid_option
@pdfx_option
@handle_errors
def tents(programme: Path, outdir: Path, attendees: tuple[Path, ...], encoding: str | None, **options) -> None:
    """Table tent cards: tents.pdf, a folded name card for everyone seated at the table."""
    from .products.tents import TentOptions, make_tents

    data = load_programme(programme)
    roster = people_of(data, attendees, options["skip_invalid"], encoding)
    report(announce(make_tents(data, roster, outdir, TentOptions(**options))).files)


@main.command()
@programme_argument
@outdir_option
@click.option("--page", type=click.Choice(["auto", "a4", "a3"]), default=None,
              help="Paper for the plan, landscape: auto (A4, else A3 when the table needs it)  [default: seating.page]")
@attendees_option
@handle_errors
def seating(programme: Path, outdir: Path, page: str | None, attendees: tuple[Path, ...]) -> None:
    """The seating plan: seating.pdf with the plan, the chair's view and the lists by seat and by name."""
    from .products.seating import SeatingOptions, make_seating

    data = load_programme(programme)
    if data.seating is None:
        raise InputError([Problem(programme, None, None, "seating", "is missing; add a seating: section "
                                  "(table, chair, ...; see the README) to make a seating plan")])
    report(announce(make_seating(data, people_of(data, attendees), outdir, SeatingOptions(page))).files)


@main.command()
@programme_argument
@outdir_option
@click.option("--stock", metavar="NAME", help="Badge stock (see assets/stocks/badges/ or badges.stocks; default: badges.stock or a4-4xa6).")
@offset_option
@click.option("--start-at", type=click.IntRange(min=1), default=1, show_default=True,
              help="Slot to begin with on the first sheet (1 = top left), to use up a partly used label sheet.")
@click.option("--duplex", type=click.Choice(["long-edge", "short-edge"]), default=None,
              help="Add back pages (name and sessions) placed to land behind their fronts when printed two-sided.")
@click.option("--caps/--no-caps", default=None, help="Family names in capitals (default: as badges.caps, on).")
@only_option
@click.option("--role", metavar="ROLE", help="Print only badges with this role (e.g. Speaker).")
@click.option("--qr-module", type=float, metavar="MM", callback=parse_module_size,
              help=f"Smallest QR module in mm, at least {MIN_MODULE_MM} (what printkit check accepts; "
                   f"default: badges.qr_module, else {DEFAULT_MODULE_MM}, what phone cameras read).")
@attendees_option
@encoding_option
@skip_invalid_option
@pdfx_option
@handle_errors
def badges(programme: Path, outdir: Path, attendees: tuple[Path, ...], encoding: str | None, **options) -> None:
    """Name badges with QR codes: badges.pdf, one badge per speaker and attendee."""
    from .products.badges import BadgeOptions, make_badges

    data = load_programme(programme)
    roster = people_of(data, attendees, options["skip_invalid"], encoding)
    report(announce(make_badges(data, roster, outdir, BadgeOptions(**options), progress=progress_bar)).files)


def progress_bar(items, length: int):
    """A progress bar on a terminal only; scripts and logs stay quiet."""
    if not sys.stderr.isatty() or length < 200:
        yield from items
        return
    with click.progressbar(items, length=length, label="badges", file=sys.stderr) as bar:
        yield from bar


@main.command()
@click.option("--stock", metavar="NAME", required=True, help="The badge stock to calibrate.")
@outdir_option
@programme_argument
@handle_errors
def calibrate(stock: str, outdir: Path, programme: Path) -> None:
    """A test page for a stock: slot outlines and mm rulers, to measure the --offset of a printer.

    Custom stocks from PROGRAMME's badges.stocks are found when the file exists.
    """
    from .load.registration import find_badge_stock
    from .model import BadgeSettings
    from .render.calibrate import write_calibration

    settings = load_programme(programme).badges if programme.exists() else BadgeSettings()
    report([write_calibration(find_badge_stock(stock, settings), outdir)])


@main.command()
@programme_argument
@attendees_option
@click.option("--host", metavar="H", default=None,
              help="Address to listen on  [default: 127.0.0.1, this computer only]. Any other address "
                   "(e.g. 0.0.0.0 for tablets on the network) requires the access token printed at start.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on; 0 takes a free one (the address printed has it).")
@handle_errors
def desk(programme: Path, attendees: tuple[Path, ...], host: str | None, port: int) -> None:
    """The registration desk: a local web page to find people, reprint one badge or tent card,
    add walk-ins and correct names (saved to desk-changes.csv next to PROGRAMME)."""
    try:
        from .desk.app import Desk, serve
    except ImportError as exc:
        raise click.ClickException(f"printkit desk needs the 'desk' extra ({exc.name} is missing): "
                                   "pip install 'printkit[desk]'") from None
    serve(Desk(programme, attendees), host, port, echo=click.echo)
