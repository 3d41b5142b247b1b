"""`printkit check --pdfx`: the rules of PDF/X-1a:2003 (ISO 15930-4), one finding per broken rule.

Each finding names the rule ("pdfx: colour", "pdfx: boxes" …), the page
and, where there is one, the object (`object 12 0`), so the print shop's
complaint and ours can be matched line by line. The rules checked are the
ones a prepress preflight fails a file for: version, identification,
output intent, file identifier, encryption, page boxes, device colour only,
embedded fonts, no transparency, no annotations inside the BleedBox, XMP.
"""
from __future__ import annotations

import re

from pypdf.generic import ArrayObject, DictionaryObject

from ..model import REGISTERED_OUTPUT_CONDITIONS
from ..pdfx import PDFX_VERSION
from .colour import page_spaces
from .content import fonts as resource_fonts
from .content import xobjects
from .document import Bounds, Document, box, media_box
from .findings import ERROR, INFO, Finding

ALLOWED_SPACES = {"CMYK", "grey", "spot"}
ALLOWED_BLEND_MODES = {"/Normal", "/Compatible"}
ALLOWED_ANNOTATIONS = {"/PrinterMark", "/TrapNet"}
TOLERANCE = 0.01  # pt


def check_pdfx(doc: Document) -> list[Finding]:
    findings = (_version(doc) + _identification(doc) + _output_intent(doc) + _trailer(doc) + _xmp(doc)
                + [f for number, page in enumerate(doc.reader.pages, start=1) for f in _page(doc, number, page)])
    if not any(f.severity == ERROR for f in findings):
        findings.append(Finding(doc.name, None, "pdfx", INFO, f"conforms to the {PDFX_VERSION} rules checked"))
    return findings


def _error(doc: Document, rule: str, message: str, page: int | None = None) -> Finding:
    return Finding(doc.name, page, f"pdfx: {rule}", ERROR, message)


def _ref(obj) -> str:
    ref = getattr(obj, "indirect_reference", None)
    return f"object {ref.idnum} {ref.generation}" if ref is not None else "a direct object"


def _version(doc: Document) -> list[Finding]:
    header = doc.reader.pdf_header.removeprefix("%PDF-")
    if header not in ("1.3", "1.4"):
        return [_error(doc, "version", f"the file is PDF {header}; {PDFX_VERSION} needs PDF 1.3 or 1.4")]
    return []


def _identification(doc: Document) -> list[Finding]:
    info = doc.reader.metadata or {}
    findings = []
    version = str(info.get("/GTS_PDFXVersion") or "")
    if version != PDFX_VERSION:
        findings.append(_error(doc, "identification",
                               f"Info /GTS_PDFXVersion is {version or 'missing'!s}; expected ({PDFX_VERSION})"))
    if str(info.get("/Trapped") or "") not in ("/True", "/False"):
        findings.append(_error(doc, "identification", "Info /Trapped must be /True or /False"))
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if not info.get(key):
            findings.append(_error(doc, "identification", f"Info {key} is missing"))
    return findings


def _output_intent(doc: Document) -> list[Finding]:
    intents = doc.reader.trailer["/Root"].get("/OutputIntents")
    intents = [i.get_object() for i in intents.get_object()] if intents is not None else []
    pdfx = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
    if len(pdfx) != 1:
        return [_error(doc, "output intent", f"{len(pdfx)} /GTS_PDFX output intents; exactly one is required")]
    intent = pdfx[0]
    identifier = str(intent.get("/OutputConditionIdentifier") or "")
    if not identifier:
        return [_error(doc, "output intent", f"{_ref(intent)}: no /OutputConditionIdentifier")]
    if "/DestOutputProfile" not in intent and identifier not in REGISTERED_OUTPUT_CONDITIONS:
        return [_error(doc, "output intent",
                       f"{_ref(intent)}: {identifier!r} is not a registered condition, so /DestOutputProfile is required")]
    return []


def _trailer(doc: Document) -> list[Finding]:
    findings = []
    if "/ID" not in doc.reader.trailer:
        findings.append(_error(doc, "file identifier", "the trailer has no /ID"))
    if doc.reader.is_encrypted:
        findings.append(_error(doc, "encryption", "the file is encrypted"))
    return findings


def _xmp(doc: Document) -> list[Finding]:
    metadata = doc.reader.trailer["/Root"].get("/Metadata")
    if metadata is None:
        return [_error(doc, "metadata", "no XMP metadata stream in the catalog")]
    text = metadata.get_object().get_data().decode("utf-8", "replace")
    found = re.search(r"GTS_PDFXVersion>([^<]*)<", text)
    if not found or found.group(1) != PDFX_VERSION:
        return [_error(doc, "metadata", f"{_ref(metadata)}: the XMP does not identify the file as {PDFX_VERSION}")]
    return []


def _page(doc: Document, number: int, page) -> list[Finding]:
    return (_page_boxes(doc, number, page) + _page_colour(doc, number, page)
            + _page_fonts(doc, number, page) + _page_transparency(doc, number, page)
            + _page_annotations(doc, number, page))


def _page_boxes(doc: Document, number: int, page) -> list[Finding]:
    trim, art, bleed = box(page, "/TrimBox"), box(page, "/ArtBox"), box(page, "/BleedBox")
    findings = []
    if trim is None and art is None:
        findings.append(_error(doc, "boxes", "no TrimBox", number))
    elif trim is not None and art is not None:
        findings.append(_error(doc, "boxes", "both TrimBox and ArtBox; PDF/X allows one", number))
    if bleed is None:
        findings.append(_error(doc, "boxes", "no BleedBox", number))
    elif not _inside(bleed, media_box(page)):
        findings.append(_error(doc, "boxes", "the BleedBox is not inside the MediaBox", number))
    if trim is not None and bleed is not None and not _inside(trim, bleed):
        findings.append(_error(doc, "boxes", "the TrimBox is not inside the BleedBox", number))
    return findings


def _inside(inner: Bounds, outer: Bounds) -> bool:
    return all(i >= o - TOLERANCE for i, o in zip(inner[:2], outer[:2])) and \
        all(i <= o + TOLERANCE for i, o in zip(inner[2:], outer[2:]))


def _page_colour(doc: Document, number: int, page) -> list[Finding]:
    spaces = page_spaces(doc, number) - ALLOWED_SPACES
    return [_error(doc, "colour", f"{space} colour; {PDFX_VERSION} allows only DeviceCMYK, DeviceGray and spot colours",
                   number) for space in sorted(spaces)]


def _page_fonts(doc: Document, number: int, page) -> list[Finding]:
    findings = []
    for font in _page_fonts_used(doc, number):
        if not _embedded(font):
            findings.append(_error(doc, "fonts", f"{_ref(font)}: font {font.get('/BaseFont', '?')} is not embedded",
                                   number))
    return findings


def _page_fonts_used(doc: Document, number: int) -> list[DictionaryObject]:
    fonts: dict[int, DictionaryObject] = {}
    for operator, operands, resources in doc.operations(number):
        if operator == b"Tf" and operands:
            entry = resource_fonts(resources).get(operands[0])
            if entry is not None:
                font = entry.get_object()
                fonts.setdefault(id(font), font)
    return list(fonts.values())


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are content-stream procedures, nothing to embed
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _page_transparency(doc: Document, number: int, page) -> list[Finding]:
    findings = []
    for operator, operands, resources in doc.operations(number):
        if operator == b"gs" and operands:
            states = (resources.get("/ExtGState") or DictionaryObject()).get_object()
            state = states.get(operands[0])
            if state is not None:
                findings += _state_transparency(doc, number, operands[0], state.get_object())
        elif operator == b"Do" and operands:
            image = xobjects(resources).get(operands[0])
            image = image.get_object() if image is not None else None
            if image is not None and image.get("/Subtype") == "/Image" and (
                    "/SMask" in image or int(image.get("/SMaskInData", 0))):
                findings.append(_error(doc, "transparency", f"{_ref(image)}: image with a soft mask", number))
    return list(dict.fromkeys(findings))


def _state_transparency(doc: Document, number: int, name: str, state: DictionaryObject) -> list[Finding]:
    problems = []
    if state.get("/SMask", "/None") != "/None":
        problems.append("a soft mask")
    for key in ("/CA", "/ca"):
        if key in state and float(state[key]) < 1:
            problems.append(f"{key} {float(state[key]):g}")
    blend = state.get("/BM")
    modes = [str(m) for m in blend] if isinstance(blend, ArrayObject) else [str(blend)] if blend else []
    if modes and not set(modes) & ALLOWED_BLEND_MODES:
        problems.append(f"blend mode {modes[0]}")
    where = _ref(state) if getattr(state, "indirect_reference", None) else f"ExtGState {name}"
    return [_error(doc, "transparency", f"{where}: graphics state with {p}", number) for p in problems]


def _page_annotations(doc: Document, number: int, page) -> list[Finding]:
    annotations = page.get("/Annots")
    if annotations is None:
        return []
    bleed = box(page, "/BleedBox") or box(page, "/TrimBox") or media_box(page)
    findings = []
    for entry in annotations.get_object():
        annotation = entry.get_object()
        if annotation.get("/Subtype") in ALLOWED_ANNOTATIONS:
            continue
        x0, y0, x1, y1 = (float(v) for v in annotation.get("/Rect", [0, 0, 0, 0]))
        rect = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        if rect[0] < bleed[2] and bleed[0] < rect[2] and rect[1] < bleed[3] and bleed[1] < rect[3]:
            findings.append(_error(doc, "annotations",
                                   f"{_ref(annotation)}: {str(annotation.get('/Subtype', 'annotation')).lstrip('/')} "
                                   "annotation inside the BleedBox (only printer's marks are allowed)", number))
    return findings
