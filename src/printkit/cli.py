"""The `printkit` command line.

Each product has its own subcommand; `build` runs all of them. Commands only
parse options, load the input and hand it to the product modules. Errors in
the input are printed as one list and end the run with status 2; anything
unexpected ends it with status 1 (and a traceback only with --debug).
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import click

from . import __version__
from .errors import InputError
from .load import load_programme
from .model import Programme

EXIT_UNEXPECTED = 1
EXIT_INVALID_INPUT = 2

programme_argument = click.argument(
    "programme", type=click.Path(path_type=Path, dir_okay=False), default="programme.yaml", required=False,
)
outdir_option = click.option(
    "-o", "--outdir", type=click.Path(path_type=Path, file_okay=False), default="out", show_default=True,
    help="Directory the PDFs are written to (created if missing).",
)
marks_option = click.option(
    "--marks/--no-marks", default=False, show_default=True,
    help="Add crop marks outside the 3 mm bleed (the page grows; content is not scaled).",
)


def handle_errors(command: Callable) -> Callable:
    """Turn InputError into a listed report and exit 2; unexpected errors into exit 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(f"error: {problem}", err=True)
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
@handle_errors
def build(programme: Path, outdir: Path, marks: bool) -> None:
    """Build every product from PROGRAMME (default: ./programme.yaml) into OUTDIR."""
    data = load_programme(programme)
    for product in PRODUCTS:
        report(product(data, outdir, marks=marks))


@main.command()
@programme_argument
@outdir_option
@marks_option
@handle_errors
def booklet(programme: Path, outdir: Path, marks: bool) -> None:
    """The programme booklet: booklet.pdf (A5, reading order) and booklet-imposed.pdf (A4 duplex)."""
    report(build_booklet(load_programme(programme), outdir, marks=marks))


def build_booklet(programme: Programme, outdir: Path, marks: bool = False, **_options) -> list[Path]:
    from .render.booklet import write_booklet

    return write_booklet(programme, outdir, marks=marks)


# Every product `printkit build` makes, in order: (programme, outdir, **options) -> written paths.
PRODUCTS: list[Callable[..., list[Path]]] = [build_booklet]
