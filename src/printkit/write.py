"""Atomic output: a file is either the old good one or the new good one.

Products render into a temporary file in the target directory and rename it
over the destination only once rendering has finished, so an error half way
never leaves a truncated PDF where a good one was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .model import PrintSettings


@contextlib.contextmanager
def atomic_output(path: Path, pdfx: PrintSettings | None = None) -> Iterator[Path]:
    """Yield a temporary path next to `path`; rename it to `path` on success.

    With `pdfx`, the finished PDF is first made PDF/X-1a for that output
    condition (pdfx.py), so no half-converted file is ever in place.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o666 & ~current_umask())  # mkstemp makes 0600; outputs are ordinary files
    try:
        yield tmp
        if pdfx is not None:
            from .pdfx import make_pdfx

            make_pdfx(tmp, pdfx)
        with open(tmp, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def staged_outputs(outdir: Path) -> Iterator[Path]:
    """Yield a staging directory inside `outdir`; move its files into `outdir` on success.

    `printkit build` makes several products, and the input of a later one
    (a registration export, say) can be invalid after an earlier one has
    rendered: staging keeps every old file in place until all are made.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".printkit-build-", dir=outdir))
    try:
        yield staging
        for made in sorted(staging.iterdir()):
            os.replace(made, outdir / made.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
