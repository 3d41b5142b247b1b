"""Measure how badge QR codes scan, on every bundled stock.

Writes the registration CSV of bench/badges.py (N fictional people in
mixed scripts, half sharing their contact details), runs `printkit badges`
for each stock, renders every page at 300 dpi and crops each badge. Each
code is decoded from the clean render by zxing-cpp and by zbar (pyzbar),
and by zxing-cpp from a simulated phone photo (tests/camera.py: 7 px/mm,
light falling off with contrast halved, 25° tilt, blur σ 1.5 px, noise σ 3,
JPEG quality 50; seeded by the badge's number). A read counts when its
bytes are identical to the clean zxing-cpp read, whose text must be the
UTF-8 of those same bytes; zbar counts when it returns those bytes too.
Module sizes are measured from the 300 dpi render like `printkit check`.

    PYTHONPATH=src python bench/qr_scan.py [N] [--qr-module MM] [--stocks a6,cr80] [--no-zbar]

zbar takes about as long as the rest together; --no-zbar leaves it out.
"""

from __future__ import annotations

import collections
import math
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import zxingcpp
from pyzbar import pyzbar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from camera import photograph  # noqa: E402
from pdfcheck import badge_images  # noqa: E402
from badges import write_csv  # noqa: E402  (bench/badges.py)

DPI = 300
STOCKS = sorted(path.stem for path in (ROOT / "assets" / "stocks" / "badges").glob("*.yaml"))


def measure(stock: str, csv_path: Path, workdir: Path, module: str | None, zbar: bool) -> dict:
    out = workdir / stock
    command = [sys.executable, "-m", "printkit", "badges", str(ROOT / "programme.yaml"), "-o", str(out),
               "--stock", stock, "--attendees", str(csv_path), *(["--qr-module", module] if module else [])]
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ)
    if done.returncode:
        raise SystemExit(f"{stock}: printkit badges failed:\n{done.stderr}")
    summary = done.stderr.strip().splitlines()[-1]
    given_up = collections.Counter(part.strip() for line in done.stderr.splitlines() if "gave up " in line
                                   for part in line.split("gave up ", 1)[1].split(","))
    figures = {"badges": 0, "zxing": 0, "zbar": 0, "camera": 0, "modules": [], "versions": []}
    for badge in badge_images(out / "badges.pdf", DPI):
        figures["badges"] += 1
        clean = zxingcpp.read_barcodes(badge, formats=zxingcpp.BarcodeFormat.QRCode)
        if len(clean) != 1 or clean[0].text.encode() != clean[0].bytes:
            continue
        reference = clean[0].bytes
        figures["zxing"] += 1
        version = int(clean[0].extra["Version"])
        figures["versions"].append(version)
        p = clean[0].position
        side = math.dist((p.top_left.x, p.top_left.y), (p.top_right.x, p.top_right.y))
        figures["modules"].append(side / (17 + 4 * version) * 25.4 / DPI)
        figures["zbar"] += zbar and any(symbol.data == reference for symbol in pyzbar.decode(badge))
        photo = photograph(badge, DPI / 25.4, seed=figures["badges"])
        figures["camera"] += any(code.bytes == reference
                                 for code in zxingcpp.read_barcodes(photo, formats=zxingcpp.BarcodeFormat.QRCode))
    figures["summary"] = summary + "; given up: " + ", ".join(f"{what} {count}" for what, count in given_up.most_common())
    return figures


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "-"


def main(args: list[str]) -> None:
    count = next((int(a) for a in args if a.isdigit()), 300)
    module = args[args.index("--qr-module") + 1] if "--qr-module" in args else None
    stocks = args[args.index("--stocks") + 1].split(",") if "--stocks" in args else STOCKS
    print(f"{count} attendees + the programme's speakers; qr module {module or 'default'}", flush=True)
    print("| stock | badges | versions | module min / median | zbar 300 dpi | zxing-cpp 300 dpi | camera (zxing-cpp) |")
    print("| --- | --- | --- | --- | --- | --- | --- |", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "attendees.csv"
        write_csv(csv_path, count)
        for stock in stocks:
            f = measure(stock, csv_path, Path(tmp), module, "--no-zbar" not in args)
            modules = f["modules"] or [0.0]
            versions = f"{min(f['versions'], default=0)}–{max(f['versions'], default=0)}"
            print(f"| `{stock}` | {f['badges']} | {versions} | {min(modules):.2f} / {statistics.median(modules):.2f} mm | "
                  f"{percent(f['zbar'], f['badges']) if '--no-zbar' not in args else '-'} | "
                  f"{percent(f['zxing'], f['badges'])} | "
                  f"{percent(f['camera'], f['badges'])} |", flush=True)
            print(f"<!-- {stock}: {f['summary']} -->", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
