"""Locate the data files (fonts, ...) shipped with printkit."""
from __future__ import annotations

import pathlib

_HERE = pathlib.Path(__file__).resolve().parent


def asset_path(*parts: str) -> pathlib.Path:
    """Return the path of a file under the repo's top-level ``assets/``.

    Why two places: the wheel build (hatchling ``force-include``) copies the
    repository's ``assets/`` into the package as ``printkit/assets/``, while an
    editable install or a plain source checkout (``src`` layout) leaves it at
    ``<repo>/assets``, two levels above this file. We try the installed
    location first and fall back to the checkout location; the returned path
    is not checked for existence so callers can report a useful error.
    """
    installed = _HERE / "assets"
    base = installed if installed.is_dir() else _HERE.parents[1] / "assets"
    return base.joinpath(*parts)
