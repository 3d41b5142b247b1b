"""`--pdfx`: the files for the print shop are PDF/X-1a:2003, and `check --pdfx` says so rule by rule.

Every rule `check --pdfx` enforces is broken on purpose once (an RGB object,
a link annotation, a missing TrimBox, an unembedded font …) and the finding
must name the rule and the page. Ghostscript, whose `-dPDFX` conversion falls
back to plain PDF on a file it cannot keep as PDF/X, is asked too.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject
from reportlab.pdfgen.canvas import Canvas

from printkit.check import ERROR, check_paths
from printkit.cli import main
from printkit.pdfx import make_pdfx

REPO = Path(__file__).resolve().parents[1]
EXPORT = REPO / "tests" / "data" / "eventbrite.csv"
PRESS_FILES = ("booklet-press.pdf", "booklet-imposed.pdf", "badges.pdf", "tents.pdf")


@pytest.fixture(scope="module")
def pdfx_build(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("pdfx") / "out"
    result = CliRunner().invoke(main, ["build", str(REPO / "programme.yaml"), "-o", str(outdir), "--pdfx"])
    assert result.exit_code == 0, result.output
    more = CliRunner().invoke(main, ["badges", str(REPO / "programme.yaml"), "-o", str(outdir), "--pdfx",
                                     "--duplex", "long-edge", "--attendees", str(EXPORT)])
    assert more.exit_code == 0, more.output
    return outdir


def pdfx_errors(path: Path) -> list[str]:
    """The PDF/X findings (the plain checks' findings are tested in test_check.py)."""
    return [f"{f.check} p{f.page}: {f.message}" for f in check_paths([path], pdfx=True)
            if f.severity == ERROR and f.check.startswith("pdfx")]


def test_every_press_file_passes_check_pdfx(pdfx_build):
    for name in PRESS_FILES:
        assert pdfx_errors(pdfx_build / name) == [], name


def test_press_files_declare_pdfx_and_the_output_condition(pdfx_build):
    for name in PRESS_FILES:
        reader = pypdf.PdfReader(pdfx_build / name)
        assert reader.pdf_header == "%PDF-1.4"
        assert reader.metadata["/GTS_PDFXVersion"] == "PDF/X-1a:2003"
        assert reader.metadata["/Trapped"] == "/False"
        (intent,) = [i.get_object() for i in reader.trailer["/Root"]["/OutputIntents"]]
        assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "FOGRA39"
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-1a:2003</pdfxid:GTS_PDFXVersion>" in xmp
        for page in reader.pages:
            assert "/TrimBox" in page and "/BleedBox" in page
            assert "/Annots" not in page


def test_screen_booklet_keeps_its_links_and_the_press_booklet_its_bookmarks(pdfx_build):
    screen = pypdf.PdfReader(pdfx_build / "booklet.pdf")
    press = pypdf.PdfReader(pdfx_build / "booklet-press.pdf")
    assert sum(len(p.get("/Annots") or []) for p in screen.pages) > 0
    assert "/GTS_PDFXVersion" not in (screen.metadata or {})
    assert len(press.outline) == len(screen.outline) > 0
    assert len(press.pages) == len(screen.pages)


def test_without_pdfx_nothing_changes(tmp_path):
    result = CliRunner().invoke(main, ["booklet", str(REPO / "programme.yaml"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "booklet-press.pdf").exists()
    reader = pypdf.PdfReader(tmp_path / "booklet.pdf")
    assert "/OutputIntents" not in reader.trailer["/Root"]


def test_output_condition_comes_from_programme_yaml(tmp_path):
    programme = tmp_path / "programme.yaml"
    programme.write_text((REPO / "programme.yaml").read_text(encoding="utf-8")
                         + "\nprint:\n  output_condition: JC200103\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["tents", str(programme), "-o", str(tmp_path / "out"), "--pdfx"])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(tmp_path / "out" / "tents.pdf")
    (intent,) = [i.get_object() for i in reader.trailer["/Root"]["/OutputIntents"]]
    assert intent["/OutputConditionIdentifier"] == "JC200103"
    assert "Japan Color 2001 Coated" in intent["/OutputCondition"]


def test_unknown_output_condition_is_an_input_error(tmp_path):
    programme = tmp_path / "programme.yaml"
    text = (REPO / "programme.yaml").read_text(encoding="utf-8")
    programme.write_text(text + "\nprint:\n  output_condition: FOGRA99\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["booklet", str(programme), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    line = len(text.splitlines()) + 3
    assert f"programme.yaml:{line}" in result.output and "print.output_condition" in result.output
    assert "FOGRA39" in result.output  # the choices are listed


# --- each rule broken on purpose -------------------------------------------------------------


def broken_copy(source: Path, target: Path, change) -> Path:
    writer = pypdf.PdfWriter(clone_from=source)
    change(writer)
    with open(target, "wb") as out:
        writer.write(out)
    return target


def test_rgb_colour_is_refused(pdfx_build, tmp_path):
    def paint_rgb(writer):
        page = writer.pages[1]
        page.merge_page(pypdf.PageObject.create_blank_page(width=10, height=10))
        contents = page.get_contents()
        contents.set_data(b"q 1 0 0 rg 0 0 5 5 re f Q\n" + contents.get_data())
        page.replace_contents(contents)

    path = broken_copy(pdfx_build / "tents.pdf", tmp_path / "rgb.pdf", paint_rgb)
    assert pdfx_errors(path) == ["pdfx: colour p2: RGB colour; PDF/X-1a:2003 allows only DeviceCMYK, "
                                 "DeviceGray and spot colours"]


def test_link_annotation_inside_the_bleed_is_refused(pdfx_build, tmp_path):
    def add_link(writer):
        link = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
                                 NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (50, 50, 120, 70)])})
        writer.pages[2][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])

    path = broken_copy(pdfx_build / "booklet-press.pdf", tmp_path / "link.pdf", add_link)
    (error,) = pdfx_errors(path)
    assert error.startswith("pdfx: annotations p3: object ") and "Link annotation inside the BleedBox" in error


def test_missing_trimbox_is_refused(pdfx_build, tmp_path):
    def drop_trim(writer):
        del writer.pages[0][NameObject("/TrimBox")]

    path = broken_copy(pdfx_build / "badges.pdf", tmp_path / "notrim.pdf", drop_trim)
    assert pdfx_errors(path) == ["pdfx: boxes p1: no TrimBox"]


def test_identification_and_output_intent_are_required(pdfx_build, tmp_path):
    def strip(writer):
        del writer._root_object[NameObject("/OutputIntents")]
        del writer._info.get_object()[NameObject("/GTS_PDFXVersion")]

    path = broken_copy(pdfx_build / "tents.pdf", tmp_path / "plain.pdf", strip)
    assert pdfx_errors(path) == [
        "pdfx: identification pNone: Info /GTS_PDFXVersion is missing; expected (PDF/X-1a:2003)",
        "pdfx: output intent pNone: 0 /GTS_PDFX output intents; exactly one is required",
    ]


def test_unembedded_font_and_transparency_are_refused(tmp_path):
    path = tmp_path / "careless.pdf"
    canvas = Canvas(str(path), pagesize=(200, 200))
    canvas.setFillColorCMYK(0, 0, 0, 1)
    canvas.setFillAlpha(0.5)  # an ExtGState with /ca 0.5
    canvas.drawString(20, 100, "Helvetica is not embedded")
    canvas.save()
    make_pdfx(path)
    errors = pdfx_errors(path)
    assert len(errors) == 2, errors
    assert errors[0].startswith("pdfx: fonts p1: object ") and "font /Helvetica is not embedded" in errors[0]
    assert errors[1] == "pdfx: transparency p1: ExtGState /gRLs0: graphics state with /ca 0.5"


@pytest.mark.skipif(shutil.which("gs") is None and not os.environ.get("CI"),
                    reason="Ghostscript (gs) is not installed; .ci/install-test-tools installs it")
@pytest.mark.parametrize("name", PRESS_FILES)
def test_ghostscript_keeps_the_file_as_pdfx(pdfx_build, tmp_path, name):
    result = subprocess.run(["gs", "-q", "-dPDFX", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=pdfwrite",
                             "-sColorConversionStrategy=CMYK", "-sProcessColorModel=DeviceCMYK",
                             f"-sOutputFile={tmp_path / 'gs.pdf'}", str(pdfx_build / name)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "reverting to normal PDF" not in result.stdout + result.stderr
    assert "PDF/X" not in result.stdout + result.stderr  # no other PDF/X complaint either


def test_ghostscript_does_revert_a_file_with_links(pdfx_build, tmp_path):
    """The test above can fail: the screen booklet, with its links, is not kept as PDF/X."""
    if shutil.which("gs") is None:
        pytest.skip("Ghostscript (gs) is not installed")
    result = subprocess.run(["gs", "-q", "-dPDFX", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=pdfwrite",
                             "-sColorConversionStrategy=CMYK", f"-sOutputFile={tmp_path / 'gs.pdf'}",
                             str(pdfx_build / "booklet.pdf")], capture_output=True, text=True, timeout=120)
    assert "reverting to normal PDF" in result.stdout + result.stderr
