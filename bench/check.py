"""Benchmark `printkit check` against the badges it checks.

Makes N two-sided badges from the synthetic export of bench/badges.py (in
process, fonts warm, as there), then times `check_paths` on the result in
the same process and the whole `printkit check` command, and prints how
many times longer checking takes than making. Median of --runs runs each.

    PYTHONPATH=src python bench/check.py 1000 [--runs 3]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from badges import ROOT, write_csv  # noqa: E402  (the same attendees as the badge benchmark)

from printkit.check import ERROR, check_paths  # noqa: E402
from printkit.load import load_programme  # noqa: E402
from printkit.products.badges import BadgeOptions, make_badges  # noqa: E402
from printkit.roster import build_roster  # noqa: E402


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def run(count: int, runs: int, workdir: Path) -> None:
    csv_path = workdir / "attendees.csv"
    write_csv(csv_path, count)
    programme = load_programme(ROOT / "programme.yaml")
    make_badges(programme, build_roster(programme), workdir / "warm")
    make = []
    for _ in range(runs):
        seconds, result = timed(lambda: make_badges(programme, build_roster(programme, (csv_path,)), workdir,
                                                    BadgeOptions(duplex="long-edge")))
        make.append(seconds)
    pdf = result.files[0]
    check = []
    for _ in range(runs):
        seconds, findings = timed(lambda: check_paths([pdf]))
        check.append(seconds)
    errors = sum(f.severity == ERROR for f in findings)
    command = []
    for _ in range(runs):
        seconds, _ = timed(lambda: subprocess.run([sys.executable, "-m", "printkit", "check", str(pdf)],
                                                  stdout=subprocess.DEVNULL, check=False))
        command.append(seconds)
    made, checked, whole = statistics.median(make), statistics.median(check), statistics.median(command)
    print(f"{result.made:>6} two-sided badges  make {made:5.2f} s  check {checked:5.2f} s "
          f"({checked / made:4.1f} × make)  whole `printkit check` {whole:5.2f} s  {errors} errors", flush=True)


def main(args: list[str]) -> None:
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    counts = [int(a) for a in args if a.isdigit() and (args.index(a) == 0 or args[args.index(a) - 1] != "--runs")]
    for count in counts or [1000]:
        with tempfile.TemporaryDirectory() as tmp:
            run(count, runs, Path(tmp))


if __name__ == "__main__":
    main(sys.argv[1:])
