"""Benchmark `printkit desk`: badge prints while walk-ins are being added.

Starts a real desk (`printkit desk --port 0`) on a copy of the bundled
programme with N synthetic attendees (default 3,000, as bench/badges.py
writes them), then times single-badge prints over HTTP, first alone and then
while batches of 10 walk-ins are posted at once, and prints the median and
the worst of each. Target: median ≤ 30 ms, worst ≤ 200 ms under walk-ins.

    PYTHONPATH=src python bench/desk_server.py [N] [--rounds R]
"""

from __future__ import annotations

import http.client
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from badges import ROOT, write_csv

WALK_INS_AT_ONCE = 10


class Client:
    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def post(self, path: str, body: str, content_type: str) -> tuple[int, bytes]:
        headers = {"Content-Type": content_type, "Origin": f"http://127.0.0.1:{self.port}"}
        self.connection.request("POST", path, body, headers)
        response = self.connection.getresponse()
        return response.status, response.read()


def print_badge(client: Client, person_id: str) -> float:
    """Milliseconds for one badge PDF, request to last byte."""
    start = time.perf_counter()
    status, body = client.post("/api/print", urlencode({"item": f"badge:{person_id}", "badge_stock": "a6"}),
                               "application/x-www-form-urlencoded")
    if status != 200 or not body.startswith(b"%PDF"):
        raise SystemExit(f"print failed: {status} {body[:200]!r}")
    return (time.perf_counter() - start) * 1000


def walk_in(port: int, name: str, times: list[float]) -> None:
    start = time.perf_counter()
    fields = {"given_name": "Walk", "family_name": name, "organisation": "Bench", "ticket": "General Admission"}
    status, body = Client(port).post("/api/people", json.dumps({"action": "add", "fields": fields}), "application/json")
    if status != 201:
        raise SystemExit(f"walk-in failed: {status} {body[:200]!r}")
    times.append((time.perf_counter() - start) * 1000)


def start_desk(folder: Path, attendees: Path) -> tuple[subprocess.Popen, int]:
    desk = subprocess.Popen([sys.executable, "-m", "printkit", "desk", str(folder / "programme.yaml"),
                             "--attendees", str(attendees), "--port", "0"], stdout=subprocess.PIPE, text=True)
    for line in desk.stdout:
        print(f"  {line.rstrip()}")
        if line.startswith("open "):
            return desk, int(re.search(r":(\d+)/", line).group(1))
    raise SystemExit("the desk did not start")


def report(label: str, times: list[float]) -> None:
    print(f"{label:<34} {len(times):>5} prints  median {statistics.median(times):6.1f} ms  "
          f"worst {max(times):6.1f} ms", flush=True)


def main(args: list[str]) -> None:
    count = next((int(a) for a in args if a.isdigit()), 3000)
    rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 5
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(ROOT / "programme.yaml", folder / "programme.yaml")
        write_csv(folder / "attendees.csv", count)
        started = time.perf_counter()
        desk, port = start_desk(folder, folder / "attendees.csv")
        print(f"  desk with {count} attendees ready in {time.perf_counter() - started:.1f} s")
        try:
            ids = [p["id"] for query in ("fellow 1", "fellow 3", "fellow 5") for p in search(port, query)]
            client = Client(port)
            for person_id in ids[:5]:
                print_badge(client, person_id)  # fonts and first use
            report("alone", [print_badge(client, random.choice(ids)) for _ in range(100)])
            during, walk_in_times = [], []
            for round_number in range(rounds):
                threads = [threading.Thread(target=walk_in, args=(port, f"Round{round_number}-{n}", walk_in_times))
                           for n in range(WALK_INS_AT_ONCE)]
                for thread in threads:
                    thread.start()
                while any(thread.is_alive() for thread in threads):
                    during.append(print_badge(client, random.choice(ids)))
                for thread in threads:
                    thread.join()
            report(f"while {WALK_INS_AT_ONCE} walk-ins are added", during)
            print(f"{'walk-ins':<34} {len(walk_in_times):>5} saved   median {statistics.median(walk_in_times):6.1f} ms  "
                  f"worst {max(walk_in_times):6.1f} ms")
        finally:
            desk.terminate()
            desk.wait()


def search(port: int, query: str) -> list[dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/api/search?" + urlencode({"q": query}))
    return json.loads(connection.getresponse().read())


if __name__ == "__main__":
    main(sys.argv[1:])
