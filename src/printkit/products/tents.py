"""tents.pdf: a folded name card for everyone of the roster seated at the table.

The steps of a run: who is seated (`load.people`), in seat order when the
programme has a `seating:` section (`products.seating`), --only, the stock, each
card laid out (`layout.tent`) before anything is drawn, then the sheets drawn
(`render.tents`) into one atomically written file. A card that cannot be set
fails the run, or with --skip-invalid is left out and reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem
from ..layout.tent import lay_out_cards
from ..load.people import seated_people
from ..load.tentsettings import resolve_stock
from ..model import Programme
from ..render.tents import write_tents
from ..roster import Roster, select, source_of
from .result import ProductResult
from .seating import seat_numbers

FILE_NAME = "tents.pdf"


@dataclass(frozen=True)
class TentOptions:
    stock: str | None = None
    offset: tuple[float, float] = (0.0, 0.0)
    only: tuple[str, ...] = ()
    caps: bool | None = None
    skip_invalid: bool = False
    pdfx: bool = False  # PDF/X-1a for programme.print's output condition
    seated_only: bool = True  # the desk prints a card for whoever asks, seated or not
    seats: dict[str, int] | None = None  # seat numbers the caller knows (the desk's); None: from the roster


def make_tents(programme: Programme, roster: Roster, outdir: Path, options: TentOptions = TentOptions()) -> ProductResult:
    """Write OUTDIR/tents.pdf (nothing when nobody gets a card); raise InputError (writing
    nothing) on a card that cannot be set unless `options.skip_invalid`."""
    seated = seated_people(roster.people, programme) if options.seated_only else roster.people
    not_seated = len(roster.people) - len(seated)
    seats = seat_numbers(programme, roster.people) if options.seats is None else options.seats
    if seats:  # in seat order, page 1 = seat 1
        seated.sort(key=lambda person: seats.get(person.id, len(seats) + 1))
    seated = select(seated, options.only, holder="seated person")
    stock = resolve_stock(programme.tents, options.stock)
    caps = programme.badges.caps if options.caps is None else options.caps
    cards, failures = lay_out_cards(seated, programme.event, stock, caps, seats)
    problems = [Problem.at(source_of(f.person, programme), "name", str(f)) for f in failures]
    if problems and not options.skip_invalid:
        raise InputError(problems)
    sheets = -(-len(cards) // len(stock.positions))
    summary = (f"made {len(cards)} tent card{'s' if len(cards) != 1 else ''} on {sheets} {stock.name} "
               f"sheet{'s' if sheets != 1 else ''} ({not_seated} not seated, {len(failures)} could not be set)")
    if not cards:
        return ProductResult([], 0, problems, summary)
    title = f"Tent card: {cards[0].person.display_name}" if len(cards) == 1 else f"{programme.event.short_title}: tent cards"
    path = write_tents(cards, stock, outdir / FILE_NAME, options.offset, title,
                       programme.print if options.pdfx else None)
    return ProductResult([path], len(cards), problems, summary)
