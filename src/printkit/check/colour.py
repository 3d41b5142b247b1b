"""Which colour spaces a PDF paints with: RGB, CMYK, grey (and others by name).

Read from the content stream's colour operators (rg/RG, k/K, g/G, and
sc/scn after cs/CS) and from images' /ColorSpace. A press prints CMYK: with
--cmyk, RGB content is an error, because the RIP's conversion shifts colours.
"""
from __future__ import annotations

from collections import defaultdict

from pypdf.generic import ArrayObject, NameObject

from .content import xobjects
from .document import Document
from .findings import ERROR, INFO, Finding, page_list

DEVICE_OPERATORS = {b"rg": "RGB", b"RG": "RGB", b"k": "CMYK", b"K": "CMYK", b"g": "grey", b"G": "grey"}
DEVICE_SPACES = {"/DeviceRGB": "RGB", "/CalRGB": "RGB", "/DeviceCMYK": "CMYK",
                 "/DeviceGray": "grey", "/CalGray": "grey", "/G": "grey", "/RGB": "RGB", "/CMYK": "CMYK"}
ICC_COMPONENTS = {1: "grey", 3: "RGB", 4: "CMYK"}


def check_colour(doc: Document, cmyk: bool = False) -> list[Finding]:
    """One info line with the spaces used; with `cmyk`, an error per page using RGB."""
    used: dict[str, list[int]] = defaultdict(list)
    for number in range(1, len(doc.reader.pages) + 1):
        for space in page_spaces(doc, number):
            used[space].append(number)
    summary = ", ".join(f"{space} (pages {page_list(pages)})" for space, pages in sorted(used.items()))
    findings = [Finding(doc.name, None, "colour", INFO, f"colour spaces: {summary or 'none'}")]
    if cmyk:
        findings += [Finding(doc.name, number, "colour", ERROR, "RGB colour on a CMYK job")
                     for number in sorted(set(used.get("RGB", [])))]
    return findings


def page_spaces(doc: Document, number: int) -> set[str]:
    """The colour spaces painted with on page `number`."""
    spaces: set[str] = set()
    for operator, operands, resources in doc.operations(number):
        if operator in DEVICE_OPERATORS:
            spaces.add(DEVICE_OPERATORS[operator])
        elif operator in (b"cs", b"CS") and operands:
            spaces.add(space_name(operands[0], resources))
        elif operator == b"Do" and operands:
            image = xobjects(resources).get(operands[0])
            image = image.get_object() if image is not None else None
            if image is not None and image.get("/Subtype") == "/Image" and not image.get("/ImageMask"):
                spaces.add(space_name(image.get("/ColorSpace", NameObject("/DeviceGray")), resources))
        elif operator == b"INLINE IMAGE":
            settings = operands.get("settings", {}) if isinstance(operands, dict) else {}
            spaces.add(space_name(settings.get("/CS", settings.get("/ColorSpace", "/DeviceGray")), resources))
    return spaces - {"pattern"}


def space_name(space, resources) -> str:
    """'RGB', 'CMYK', 'grey' or a readable name for a colour space object or resource name."""
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, str) and space in DEVICE_SPACES:
        return DEVICE_SPACES[space]
    if isinstance(space, str):
        named = resources.get("/ColorSpace", {})
        named = named.get_object() if hasattr(named, "get_object") else named
        if space in named:
            return space_name(named[space], resources)
        return "pattern" if space == "/Pattern" else space.lstrip("/")
    if isinstance(space, ArrayObject) and space:
        family = space[0]
        if family == "/ICCBased":
            return ICC_COMPONENTS.get(int(space[1].get_object().get("/N", 0)), "ICC")
        if family == "/Indexed":
            return space_name(space[1], resources)
        if family in ("/Separation", "/DeviceN"):
            return "spot"
        return space_name(family, resources)
    return "unknown"
