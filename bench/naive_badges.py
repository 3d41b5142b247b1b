"""The naive way to make the badges of bench/badges.py, timed, as the yardstick for printkit's speed.

"The naive way" is what a first script does: reportlab's canvas with its
own text calls (no shaping, no fitting), and per badge a QR code made by
the `qrcode` library, saved as a PNG and placed as an image. Same people
(bench/badges.py's list with the bundled programme's speakers), same
vCards, same A6 stock four to an A4 sheet, two-sided. It does less than
printkit does (no font fallback, no fitting, no checks), so the ratio
printkit's time / this time understates printkit's lead.

Both are timed here, one after the other on the same machine, so the ratio
holds however fast the machine is that day:

    PYTHONPATH=src python bench/naive_badges.py 1000 [--runs 3]
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import qrcode
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from badges import ROOT, write_csv  # bench/badges.py: the same synthetic attendees
from printkit import vcard
from printkit.assets import asset_path
from printkit.load import load_programme
from printkit.products.badges import BadgeOptions, make_badges
from printkit.roster import build_roster

MM = 72 / 25.4
SLOT_W, SLOT_H = 105 * MM, 148 * MM


def naive(people, path: Path) -> None:
    """Four A6 badges per A4 page, each followed by the page of their backs."""
    pdfmetrics.registerFont(TTFont("Naive", str(asset_path("fonts", "NotoSans-Regular.ttf"))))
    canvas = Canvas(str(path), pagesize=A4)
    for first in range(0, len(people), 4):
        sheet = people[first:first + 4]
        for side in ("front", "back"):
            for index, person in enumerate(sheet):
                x, y = (index % 2) * SLOT_W, A4[1] - (index // 2 + 1) * SLOT_H
                canvas.setFont("Naive", 22)
                canvas.drawCentredString(x + SLOT_W / 2, y + SLOT_H * 0.7, person.display_name)
                canvas.setFont("Naive", 10)
                canvas.drawCentredString(x + SLOT_W / 2, y + SLOT_H * 0.6, person.organisation or "")
                if side == "front":
                    image = qrcode.make(vcard.vcard(person), box_size=4)
                    png = io.BytesIO()
                    image.save(png, format="PNG")
                    png.seek(0)
                    canvas.drawImage(ImageReader(png), x + SLOT_W / 2 - 30 * MM, y + 15 * MM, 60 * MM, 60 * MM)
            canvas.showPage()
    canvas.save()


def timed(which: str, count: int) -> float:
    """One run in this (fresh) process: the roster and the badges, after a warm-up that loads the fonts."""
    programme = load_programme(ROOT / "programme.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        csv_path = workdir / "attendees.csv"
        write_csv(csv_path, count)
        make_badges(programme, build_roster(programme), workdir / "warm")
        start = time.perf_counter()
        roster = build_roster(programme, (csv_path,))
        if which == "printkit":
            make_badges(programme, roster, workdir / "out", BadgeOptions(duplex="long-edge"))
        else:
            naive(roster.people, workdir / "naive.pdf")
        return time.perf_counter() - start


def main(args: list[str]) -> None:
    count = next((int(a) for a in args if a.isdigit()), 1000)
    if "--one" in args:
        print(timed(args[args.index("--one") + 1], count))
        return
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    times: dict[str, list[float]] = {"printkit": [], "naive": []}
    for run in range(runs):  # interleaved, each in a fresh process: no cache carries over
        for which, seen in times.items():
            out = subprocess.run([sys.executable, __file__, "--one", which, str(count)], check=True,
                                 capture_output=True, text=True).stdout
            seen.append(float(out))
        print(f"run {run + 1}: printkit {times['printkit'][-1]:5.2f} s, naive {times['naive'][-1]:6.2f} s, "
              f"{times['naive'][-1] / times['printkit'][-1]:5.1f} x", flush=True)
    ours, theirs = statistics.median(times["printkit"]), statistics.median(times["naive"])
    print(f"{count} attendees and the programme's people, medians: printkit {ours:.2f} s, naive {theirs:.2f} s: "
          f"printkit {theirs / ours:.1f} x faster")


if __name__ == "__main__":
    main(sys.argv[1:])
