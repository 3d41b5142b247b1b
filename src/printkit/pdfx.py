"""PDF/X-1a:2003: turn a finished printkit PDF into the exchange file print shops ask for.

reportlab cannot write the catalog and Info entries PDF/X needs (it drops
keys it does not know, such as /OutputIntents), so products write their PDF
as usual and this module rewrites it with pypdf, in place, before the file is
renamed into the output directory. What it adds or changes:

- the header says PDF 1.4 (PDF/X-1a:2003 is based on PDF 1.4);
- Info: /GTS_PDFXVersion, /Trapped /False, /Title, /CreationDate, /ModDate;
- one /OutputIntent /GTS_PDFX naming the printing condition. For a condition
  registered with the ICC (FOGRA39, Japan Color 2001 Coated …) PDF/X allows
  the ICC profile to be left out; printkit ships no profile, so it accepts
  only registered conditions;
- XMP metadata carrying the same identification (what Acrobat and most
  preflight tools read first);
- every page gets a TrimBox and a BleedBox (a badge or tent sheet has no
  bleed: the sheet itself is the trim);
- annotations are removed: PDF/X allows none inside the BleedBox but printer's
  marks, and Ghostscript reverts a file with links to plain PDF.

What the content must already be is not changed here but made so by the
products (DeviceCMYK only, fonts embedded, no transparency) and verified by
`printkit check --pdfx` (check/pdfx.py), which reads the constants below.
"""
from __future__ import annotations

import datetime
import html
import uuid
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    RectangleObject,
    TextStringObject,
)

from .model import PrintSettings

PDFX_VERSION = "PDF/X-1a:2003"
PDF_HEADER = "%PDF-1.4"
ICC_REGISTRY = "http://www.color.org"

def make_pdfx(path: Path, settings: PrintSettings = PrintSettings()) -> None:
    """Rewrite the PDF at `path` as PDF/X-1a:2003 for the output condition of `settings`.

    In place: call it on the temporary file before it is renamed into place.
    """
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.pdf_header = PDF_HEADER
    for page in writer.pages:
        _set_print_boxes(page)
        if "/Annots" in page:
            del page[NameObject("/Annots")]
    info = _identify(writer, path)
    if writer._ID is None:
        writer.generate_file_identifiers()
    writer._root_object[NameObject("/OutputIntents")] = ArrayObject([_output_intent(writer, settings)])
    writer._root_object[NameObject("/Metadata")] = writer._add_object(_xmp_stream(info))
    with open(path, "wb") as out:
        writer.write(out)


def _set_print_boxes(page) -> None:
    """TrimBox and BleedBox as the page has them, else the MediaBox (a sheet is its own trim)."""
    media = RectangleObject(page.mediabox)
    trim = page.get("/TrimBox")
    if trim is None:
        page[NameObject("/TrimBox")] = media
    if page.get("/BleedBox") is None:
        page[NameObject("/BleedBox")] = RectangleObject(trim) if trim is not None else media


def _identify(writer: PdfWriter, path: Path) -> dict[str, str]:
    """Info entries PDF/X requires; returns them as plain strings for the XMP copy."""
    old = {str(k): str(v) for k, v in (writer.metadata or {}).items()}
    now = datetime.datetime.now(datetime.timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")
    info = {
        "/Title": old.get("/Title") or path.stem,
        "/CreationDate": old.get("/CreationDate") or now,
        "/ModDate": old.get("/ModDate") or now,
        "/Creator": old.get("/Creator") or "printkit",
        "/Producer": old.get("/Producer") or "printkit",
    }
    for key in ("/Author", "/Subject", "/Keywords"):
        if old.get(key):
            info[key] = old[key]
    writer.add_metadata(info)
    writer._info.get_object()[NameObject("/GTS_PDFXVersion")] = TextStringObject(PDFX_VERSION)
    writer._info.get_object()[NameObject("/Trapped")] = NameObject("/False")
    return info


def _output_intent(writer: PdfWriter, settings: PrintSettings):
    intent = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFX"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(settings.output_condition),
        NameObject("/OutputCondition"): TextStringObject(settings.output_condition_info),
        NameObject("/RegistryName"): TextStringObject(ICC_REGISTRY),
        NameObject("/Info"): TextStringObject(settings.output_condition_info),
    })
    return writer._add_object(intent)


def _xmp_date(pdf_date: str) -> str:
    """D:20260324091500+09'00' -> 2026-03-24T09:15:00+09:00 (XMP wants ISO 8601)."""
    d = pdf_date.removeprefix("D:")
    stamp = f"{d[0:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}"
    zone = d[14:].replace("'", "")
    if zone in ("", "Z"):
        return stamp + "Z"
    return f"{stamp}{zone[0]}{zone[1:3]}:{zone[3:5] or '00'}"


def _xmp_stream(info: dict[str, str]) -> DecodedStreamObject:
    """An XMP packet with the document's identity and its PDF/X version (left uncompressed, as readers expect)."""
    esc = html.escape
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"
    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{esc(info['/Title'])}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreateDate>{_xmp_date(info['/CreationDate'])}</xmp:CreateDate>
   <xmp:ModifyDate>{_xmp_date(info['/ModDate'])}</xmp:ModifyDate>
   <xmp:CreatorTool>{esc(info['/Creator'])}</xmp:CreatorTool>
   <pdf:Producer>{esc(info['/Producer'])}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{uuid.uuid4()}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{uuid.uuid4()}</xmpMM:InstanceID>
   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
   <pdfx:GTS_PDFXVersion>{PDFX_VERSION}</pdfx:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    stream = DecodedStreamObject()
    stream.set_data(packet.encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    return stream
