"""The command line as a user meets it: help, version, exit codes, untouched output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from printkit import __version__
from printkit.write import atomic_output

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "printkit", *args], cwd=cwd, capture_output=True, text=True)


def previous_build(built: Path, outdir: Path) -> Path:
    """`outdir` holding a copy of the files of the shared build (which no test may change)."""
    outdir.mkdir()
    for made in built.glob("*.pdf"):
        shutil.copy(made, outdir)
    assert {"booklet.pdf", "booklet-imposed.pdf", "badges.pdf", "tents.pdf"} <= {p.name for p in outdir.iterdir()}
    return outdir


def test_version_and_help_on_every_command():
    assert run("--version").stdout.strip().endswith(__version__)
    top = run("--help")
    assert top.returncode == 0
    commands = [line.split()[0] for line in top.stdout.split("Commands:")[1].splitlines() if line.strip()]
    assert {"build", "booklet"} <= set(commands)
    for command in commands:
        result = run(command, "--help")
        assert result.returncode == 0 and "Usage:" in result.stdout, command


def test_invalid_input_exits_2_lists_problems_and_leaves_output_untouched(tmp_path, built):
    outdir = previous_build(built, tmp_path / "out")
    before = {p.name: p.read_bytes() for p in outdir.iterdir()}

    bad = tmp_path / "programme.yaml"
    bad.write_text((REPO / "programme.yaml").read_text(encoding="utf-8").replace("    start: \"09:10\"", "    start: \"09:05\"")
                   .replace("venue:", "venu:"), encoding="utf-8")
    for command in ("booklet", "build"):
        result = run(command, str(bad), "-o", str(outdir))
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert f"{bad}:" in result.stderr and "event.venu: unknown key (did you mean 'venue'?)" in result.stderr
        assert "09:05–09:30 overlaps 'opening' (09:00–09:10)" in result.stderr
        assert {p.name: p.read_bytes() for p in outdir.iterdir()} == before


def test_programme_defaults_to_the_one_in_the_current_directory(tmp_path):
    (tmp_path / "programme.yaml").write_text((REPO / "programme.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("booklet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "booklet.pdf").exists() and (tmp_path / "out" / "booklet-imposed.pdf").exists()


def test_missing_programme_is_a_clear_error(tmp_path):
    result = run("booklet", cwd=tmp_path)
    assert result.returncode == 2
    assert "programme.yaml: file not found" in result.stderr and "Traceback" not in result.stderr


def test_an_error_half_way_keeps_the_previous_file(tmp_path):
    target = tmp_path / "booklet.pdf"
    target.write_bytes(b"the good one")
    with pytest.raises(RuntimeError):
        with atomic_output(target) as tmp:
            tmp.write_bytes(b"half a PDF")
            raise RuntimeError("renderer failed")
    assert target.read_bytes() == b"the good one"
    assert [p.name for p in tmp_path.iterdir()] == ["booklet.pdf"]


def test_build_replaces_nothing_when_a_later_product_has_bad_input(tmp_path, built):
    """The booklet is fine but the registration export has a bad row: build
    exits 2 and every file of the previous build is still the one it was."""
    outdir = previous_build(built, tmp_path / "out")
    before = {p.name: p.read_bytes() for p in outdir.iterdir()}

    (tmp_path / "reg.csv").write_bytes((REPO / "tests" / "data" / "bad.csv").read_bytes())
    programme = tmp_path / "programme.yaml"
    programme.write_text((REPO / "programme.yaml").read_text(encoding="utf-8")
                         .replace("  files: []", "  files: [reg.csv]")
                         .replace("title: Opening remarks", "title: Opening words"), encoding="utf-8")
    result = run("build", str(programme), "-o", str(outdir))
    assert result.returncode == 2, result.stderr
    assert "reg.csv:3" in result.stderr and "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in outdir.iterdir()} == before
