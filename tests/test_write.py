"""Build output on disk: what a killed build leaves is cleared by the next, and file modes follow the umask."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def leftovers(outdir: Path) -> list[str]:
    return sorted(entry.name for entry in outdir.iterdir() if entry.name.startswith("."))


def partly_written(outdir: Path) -> bool:
    """A staging directory holds a temporary file with something in it."""
    try:
        return any(tmp.stat().st_size for tmp in outdir.glob(".printkit-*/*.tmp"))
    except FileNotFoundError:
        return False


def long_build(tmp_path: Path) -> Path:
    """The bundled programme with 3,000 attendees (press: badges, no seats): a build that writes for seconds, so it is
    surely caught half way (the bundled one alone can finish between two looks)."""
    rows = "".join(f"Attendee{i},Family{i},a{i}@example.org,Press\n" for i in range(3000))
    (tmp_path / "many.csv").write_text("First Name,Last Name,Email,Ticket Type\n" + rows, encoding="utf-8")
    text = (ROOT / "programme.yaml").read_text(encoding="utf-8")
    assert "\n  files: []\n" in text
    programme = tmp_path / "programme.yaml"
    programme.write_text(text.replace("\n  files: []\n", "\n  files: [many.csv]\n"), encoding="utf-8")
    return programme


def test_a_build_killed_half_way_leaves_a_staging_directory_the_next_build_removes(tmp_path):
    outdir = tmp_path / "out"
    build = [sys.executable, "-m", "printkit", "build", str(long_build(tmp_path)), "-o", str(outdir)]
    killed = subprocess.Popen(build, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # stopped while a file is half written: seen, then frozen, then seen again
        if partly_written(outdir):
            killed.send_signal(signal.SIGSTOP)
            if partly_written(outdir):
                break
            killed.send_signal(signal.SIGCONT)
        time.sleep(0.01)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    left = leftovers(outdir)
    assert left and all(name.startswith(f".printkit-{killed.pid}-build-") for name in left), left
    assert any(path.suffix == ".tmp" for path in (outdir / left[0]).iterdir())

    finished = subprocess.run(build, capture_output=True, text=True, env=ENV, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert leftovers(outdir) == []
    assert {"badges.pdf", "tents.pdf"} <= {path.name for path in outdir.iterdir()}


def test_outputs_follow_the_umask_which_is_never_changed(tmp_path):
    """The umask is read once; setting it, even back, would open a window for another thread's files."""
    script = """
import os, sys
from pathlib import Path
os.umask(0o027)
from printkit import write

def changed(mask):
    raise AssertionError("the umask was set while writing")

os.umask = changed
with write.atomic_output(Path(sys.argv[1]) / "file.txt") as tmp:
    tmp.write_text("x")
print(oct(os.stat(Path(sys.argv[1]) / "file.txt").st_mode & 0o777))
"""
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, env=ENV)
    assert result.stdout.split() == ["0o640"], result.stderr
