"""What several test files share: one full `printkit build` of the bundled programme."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from printkit.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The output directory of `printkit build programme.yaml --preview`, made once per run.

    A full build is the slowest thing the suite does; the tests that only
    read what it makes (check passes on it, the previews, the tent cards, the
    booklet) share this one. Treat it as read-only: a test that changes files
    copies them first.
    """
    out = tmp_path_factory.mktemp("build") / "out"
    result = CliRunner().invoke(main, ["build", str(REPO / "programme.yaml"), "-o", str(out), "--preview"])
    assert result.exit_code == 0, result.output
    return out
