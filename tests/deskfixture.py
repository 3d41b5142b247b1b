"""A small event for the desk tests: a Japanese speaker, a Romanian moderator, tickets with roles."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import zxingcpp

PROGRAMME = """\
event:
  title: Desk Test Forum
  short_title: Desk Test
  date: 2026-03-24
  venue: Hall A
  city: Tokyo
people:
  - id: hanako-yamada
    given_name: Hanako
    family_name: Yamada
    native_name: 山田 花子
    native_reading: やまだ はなこ
    family_name_first: true
    affiliations: ["Senior Fellow, Institute of Geoeconomics"]
  - id: stefan-popescu
    given_name: Ștefan
    family_name: Popescu
    affiliations: ["Universitatea din București"]
programme:
  - id: panel
    kind: panel
    start: "09:30"
    end: "11:00"
    title: Panel I
    moderators: [stefan-popescu]
    speakers: [hanako-yamada]
registration:
  ticket_roles:
    General Admission: Participant
    Press: Press
"""


def write_event(directory: Path) -> Path:
    path = directory / "programme.yaml"
    path.write_text(PROGRAMME, encoding="utf-8")
    return path


def decoded_qr_texts(pdf: bytes | Path, dpi: int = 200) -> list[str]:
    """Every QR code zxing-cpp finds on the first page, rendered by pdfium."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()
    return [code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]
