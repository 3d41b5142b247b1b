"""Benchmark `printkit badges`: N synthetic attendees in mixed scripts.

Writes a registration CSV of N fictional people (Latin with diacritics,
Greek, Cyrillic, Japanese), then times one in-process run of the badges
product (two-sided, unique vCard per person, shared contact for half) and
reports wall time and peak memory: the process's max RSS, and with --trace
the peak traced by tracemalloc (which slows the run several times over, so
the time printed with --trace is not the real one).

The in-process figure leaves out what every run pays once whatever its
size (starting Python, importing reportlab, reading the programme and the
Latin fonts); the same list is then also timed as the whole command,
`printkit badges --duplex long-edge --attendees FILE`, start to finish.

    PYTHONPATH=src python bench/badges.py 1000 10000 [--trace]
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from printkit.load import load_programme
from printkit.products.badges import BadgeOptions, make_badges
from printkit.roster import build_roster

ROOT = Path(__file__).resolve().parents[1]
GIVEN = ["Ștefan", "Agnieszka", "Γεώργιος", "Кирил", "Hanako", "Jean-Pierre", "Zoë", "Łukasz", "Ελένη", "Мария"]
FAMILY = ["Țărănescu", "Żółkiewska", "Παπαδόπουλος", "Петров", "Yamada", "Dubois", "Müller", "Wiśniewski", "Νικολάου", "Иванова"]
NATIVE = {"Hanako": "山田 花子"}
ORGS = ["Institutul Român de Studii", "Politechnika Warszawska", "Πανεπιστήμιο Αθηνών", "Софийски университет",
        "Institute of Geoeconomics", "Université de Lyon"]


def write_csv(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("First Name,Last Name,Email,Ticket Type,Company,Job Title,Native name,Share contact,Phone\n")
        for i in range(count):
            given, family = GIVEN[i % 10], FAMILY[(i // 10) % 10]
            out.write(f"{given},{family} {i},person{i}@example.org,General Admission,\"{ORGS[i % len(ORGS)]}\","
                      f"Research Fellow {i % 7},{NATIVE.get(given, '')},{'yes' if i % 2 else 'no'},+1 555 {i:07d}\n")


def run(count: int, workdir: Path, trace: bool) -> None:
    """One timed run, in its own process so max RSS belongs to this count alone."""
    csv_path = workdir / f"attendees-{count}.csv"
    write_csv(csv_path, count)
    programme = load_programme(ROOT / "programme.yaml")
    make_badges(programme, build_roster(programme), workdir / "warm")  # fonts loaded once, as in any run
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    roster = build_roster(programme, (csv_path,))
    result = make_badges(programme, roster, workdir / f"out-{count}", BadgeOptions(duplex="long-edge"))
    elapsed = time.perf_counter() - start
    traced = f"  peak traced {tracemalloc.get_traced_memory()[1] / 1e6:6.1f} MB" if trace else ""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size = result.files[0].stat().st_size / 1e6
    print(f"{result.made:>6} two-sided badges  {elapsed:6.2f} s  {elapsed / result.made * 1000:5.2f} ms/badge  "
          f"max RSS {rss:6.1f} MB (layout workers {rss_children:5.1f} MB){traced}  PDF {size:5.1f} MB", flush=True)
    if not trace:
        print(f"{'':>6} the whole command    {command_time(csv_path, workdir):6.2f} s", flush=True)


def command_time(csv_path: Path, workdir: Path) -> float:
    """Wall time of `printkit badges` as a user runs it, in a new process."""
    command = [sys.executable, "-m", "printkit", "badges", str(ROOT / "programme.yaml"), "-o", str(workdir / "cli"),
               "--duplex", "long-edge", "--attendees", str(csv_path)]
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(args: list[str]) -> None:
    trace = "--trace" in args
    counts = [int(a) for a in args if a.isdigit()] or [1000]
    if "--one" in args:
        with tempfile.TemporaryDirectory() as tmp:
            run(counts[0], Path(tmp), trace)
        return
    for count in counts:
        subprocess.run([sys.executable, __file__, "--one", str(count), *(["--trace"] if trace else [])], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
