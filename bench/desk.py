"""Benchmark `printkit desk`: what one click at the registration desk costs.

Loads the bundled programme (its 13 speakers) plus N synthetic attendees
(bench/badges.py's mixed-script list) into a desk in a temporary folder, then
times requests through Flask's test client, in process: a search, a single
badge (A6), a single tent card (A4 fold) and a walk-in (stored, fsynced, read
back, added to the roster, and found by a search). The first badge after start is timed
apart: it may pay for loading fonts. Each N runs in its own process. The
figures leave out the HTTP server (waitress) and the network: they are the
desk's own work. Timing lives here, not in the tests (which once asserted
200 ms for a badge: on a shared machine that fails for reasons of its own).

    PYTHONPATH=src python bench/desk.py [N ...]      (default: 0 2000)
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from badges import write_csv  # bench/badges.py: the same synthetic attendees
from printkit.desk.app import Desk, create_app

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 20


def timed(request, repeat: int = REPEAT) -> list[float]:
    """Milliseconds of each of `repeat` calls of `request` (which asserts its own answer)."""
    times = []
    for number in range(repeat):
        start = time.perf_counter()
        request(number)
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(what: str, times: list[float]) -> None:
    print(f"  {what:<34} median {statistics.median(times):7.1f} ms   min {min(times):7.1f}   max {max(times):7.1f}"
          f"   ({len(times)} runs)", flush=True)


def print_ok(client, data: dict) -> None:
    response = client.post("/api/print", data=data)
    assert response.status_code == 200 and response.mimetype == "application/pdf", response.get_data(as_text=True)


def search_ok(client, query: str) -> None:
    response = client.get("/api/search", query_string={"q": query})
    assert response.status_code == 200 and response.json, query


def walk_in(client, number: int) -> None:
    response = client.post("/api/people", json={"action": "add", "fields": {
        "given_name": "Guest", "family_name": f"Number{number:03d}", "ticket": "General Admission"}})
    assert response.status_code == 201, response.get_data(as_text=True)
    search_ok(client, f"number{number:03d}")


def run(count: int, workdir: Path) -> None:
    programme = workdir / "programme.yaml"  # the desk writes its change log and print log beside it
    shutil.copy(ROOT / "programme.yaml", programme)
    attendees: tuple[Path, ...] = ()
    if count:
        attendees = (workdir / "attendees.csv",)
        write_csv(attendees[0], count)
    start = time.perf_counter()
    desk = Desk(programme, attendees)
    loaded = time.perf_counter() - start
    client = create_app(desk).test_client()
    client.environ_base["HTTP_ORIGIN"] = "http://localhost"  # as the desk's own page posts
    print(f"{len(desk.people)} people (13 speakers + {count} attendees); desk loaded in {loaded * 1000:.0f} ms",
          flush=True)
    badge = {"item": "badge:kazuto-suzuki", "badge_stock": "a6"}
    report("first badge after start", timed(lambda _: print_ok(client, badge), 1))
    report("search 'suzuki'", timed(lambda _: search_ok(client, "suzuki")))
    report("search 'kaz suz' (two words)", timed(lambda _: search_ok(client, "kaz suz")))
    report("single badge, a6", timed(lambda _: print_ok(client, badge)))
    report("single tent card, a4-fold", timed(lambda _: print_ok(client, {"item": "tent:kazuto-suzuki",
                                                                          "tent_stock": "a4-fold"})))
    report("walk-in stored and found", timed(lambda number: walk_in(client, number), 5))


def main(args: list[str]) -> None:
    counts = [int(a) for a in args if a.isdigit()] or [0, 2000]
    if "--one" in args:
        with tempfile.TemporaryDirectory() as tmp:
            run(counts[0], Path(tmp))
        return
    for count in counts:  # each in a new process, so each first badge loads the fonts
        subprocess.run([sys.executable, __file__, "--one", str(count)], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
