"""Atomic output: a file is either the old good one or the new good one.

Products render into a temporary file in the target directory and rename it
over the destination only once rendering has finished, so an error half way
never leaves a truncated PDF where a good one was. Temporary names carry
the writing process's id, so a later run can tell the leftovers of a killed
run (its process is gone) from the work of one still running, and remove them.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .model import PrintSettings

MARKER = f".printkit-{os.getpid()}-"
LEFTOVER = re.compile(r"\.printkit-(\d+)-")


def read_umask() -> int:
    """The process umask, read without changing it where Linux allows (/proc), else once at import.

    `os.umask` can only be read by setting it: a desk thread creating a
    file in between would get the wrong mode, so it is never called later.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


UMASK = read_umask()


@contextlib.contextmanager
def atomic_output(path: Path, pdfx: PrintSettings | None = None) -> Iterator[Path]:
    """Yield a temporary path next to `path`; rename it to `path` on success.

    With `pdfx`, the finished PDF is first made PDF/X-1a for that output
    condition (pdfx.py), so no half-converted file is ever in place.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(path.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}{MARKER}", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o666 & ~UMASK)  # mkstemp makes 0600; outputs are ordinary files
    try:
        yield tmp
        if pdfx is not None:
            from .pdfx import make_pdfx

            make_pdfx(tmp, pdfx)
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(tmp, path)
        sync_directory(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


def sync_directory(directory: Path) -> None:
    """Make a rename or a new file's directory entry survive a power cut."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_leftovers(directory: Path) -> None:
    """Temporary files and staging directories of printkit runs that were killed."""
    for entry in directory.iterdir():
        found = LEFTOVER.search(entry.name)
        if found and entry.name.startswith(".") and not process_alive(int(found.group(1))):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


@contextlib.contextmanager
def staged_outputs(outdir: Path) -> Iterator[Path]:
    """Yield a staging directory inside `outdir`; move its files into `outdir` on success.

    `printkit build` makes several products, and the input of a later one
    (a registration export, say) can be invalid after an earlier one has
    rendered: staging keeps every old file in place until all are made.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    remove_leftovers(outdir)
    staging = Path(tempfile.mkdtemp(prefix=f"{MARKER}build-", dir=outdir))
    try:
        yield staging
        for made in sorted(staging.iterdir()):
            os.replace(made, outdir / made.name)
        sync_directory(outdir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
