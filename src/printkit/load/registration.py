"""The `registration:` and `badges:` sections of programme.yaml, and stock files.

Stocks (badge sheets, label sheets, card-printer cards) are data: bundled
presets live in `assets/stocks/badges/<name>.yaml` and a programme can define
its own under `badges.stocks`, read by the same code so both get the same
checks and line-numbered errors.
"""

from __future__ import annotations

import re
from pathlib import Path

from yaml.nodes import MappingNode, Node

from ..model import BadgeSettings, Registration, SheetStock
from ..qrlimits import MIN_MODULE_MM
from . import stocks
from .stocks import find_stock, preset_names, read_page, read_pair
from .yamlreader import Reader, did_you_mean, is_null

REGISTRATION_KEYS = {"files", "columns", "ticket_roles", "default_role"}
BADGE_KEYS = {"stock", "caps", "role_colours", "stocks", "qr_module"}
STOCK_KEYS = {"description", "page", "slot", "columns", "rows", "first", "pitch", "cut_marks"}
# Fields an explicit column mapping may name (see printkit.load.attendees).
COLUMN_FIELDS = {
    "name", "given_name", "family_name", "email", "organisation", "position", "ticket",
    "native_name", "share_contact", "phone", "family_name_first",
}
MIN_SLOT_MM = (40.0, 60.0)  # shorter and longer side of the smallest badge laid out (80 x 50 mm labels are bigger)
COLOUR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")


def read_registration(reader: Reader, node: Node | None) -> Registration:
    keys = reader.mapping(node, "registration", REGISTRATION_KEYS)
    if not keys:
        return Registration()
    columns = free_mapping(reader, keys.get("columns"), "registration.columns")
    for field, _header, key_node in columns:
        if field not in COLUMN_FIELDS:
            reader.error(key_node, f"registration.columns.{field}", f"unknown field{did_you_mean(field, COLUMN_FIELDS)}")
    return Registration(
        files=reader.text_list(keys.get("files"), "registration.files"),
        columns=tuple((field, header) for field, header, _ in columns),
        ticket_roles=tuple((ticket, role) for ticket, role, _ in free_mapping(reader, keys.get("ticket_roles"), "registration.ticket_roles")),
        default_role=reader.text(keys.get("default_role"), "registration.default_role"),
    )


def read_badge_settings(reader: Reader, node: Node | None) -> BadgeSettings:
    keys = reader.mapping(node, "badges", BADGE_KEYS)
    if not keys:
        return BadgeSettings()
    colours = free_mapping(reader, keys.get("role_colours"), "badges.role_colours")
    for role, colour, key_node in colours:
        if not COLOUR_PATTERN.fullmatch(colour):
            reader.error(key_node, f"badges.role_colours.{role}", f"expected a colour as #RRGGBB, got {colour!r}")
    stocks = tuple(
        read_stock(reader, value, f"badges.stocks.{name}", name)
        for name, value in free_mapping_nodes(reader, keys.get("stocks"), "badges.stocks")
    )
    return BadgeSettings(
        stock=reader.text(keys.get("stock"), "badges.stock"),
        caps=reader.boolean(keys.get("caps"), "badges.caps", default=True),
        qr_module=reader.scalar(keys.get("qr_module"), "badges.qr_module", module_size,
                                f"a module size in mm, at least {MIN_MODULE_MM}", BadgeSettings.qr_module),
        role_colours=tuple((role, colour) for role, colour, _ in colours),
        stocks=tuple(s for s in stocks if s),
    )


def module_size(raw: str) -> float:
    """badges.qr_module: no smaller than `printkit check` accepts."""
    value = float(raw)
    if not value >= MIN_MODULE_MM:
        raise ValueError(f"printkit check fails QR modules under {MIN_MODULE_MM} mm")
    return value


def free_mapping_nodes(reader: Reader, node: Node | None, field: str) -> list[tuple[str, Node]]:
    """(key, value node) pairs of a mapping whose keys the user chooses."""
    if node is None or is_null(node):
        return []
    if not isinstance(node, MappingNode):
        reader.error(node, field, "expected a mapping")
        return []
    pairs = []
    for key_node, value_node in node.value:
        if reader.check_tags(value_node, f"{field}.{key_node.value}"):
            pairs.append((str(key_node.value), value_node))
    return pairs


def free_mapping(reader: Reader, node: Node | None, field: str) -> list[tuple[str, str, Node]]:
    """(key, text value, key node) triples of a mapping of user-chosen keys to text."""
    triples = []
    for key, value_node in free_mapping_nodes(reader, node, field):
        value = reader.text(value_node, f"{field}.{key}", required=True)
        if value:
            triples.append((key, value, value_node))
    return triples


def read_stock(reader: Reader, node: Node, field: str, name: str) -> SheetStock | None:
    keys = reader.mapping(node, field, STOCK_KEYS, required={"page", "slot"})
    if keys is None:
        return None
    page = read_page(reader, keys.get("page"), f"{field}.page")
    slot = read_pair(reader, keys.get("slot"), f"{field}.slot")
    if page is None or slot is None:
        return None
    if min(slot) < MIN_SLOT_MM[0] or max(slot) < MIN_SLOT_MM[1]:
        reader.error(keys["slot"], f"{field}.slot", f"a badge needs at least {MIN_SLOT_MM[1]:g} × {MIN_SLOT_MM[0]:g} mm "
                     f"for a legible name and a QR code that scans; got {slot[0]:g} × {slot[1]:g} mm")
        return None
    columns = read_count(reader, keys.get("columns"), f"{field}.columns")
    rows = read_count(reader, keys.get("rows"), f"{field}.rows")
    first = read_pair(reader, keys.get("first"), f"{field}.first", allow_zero=True)
    pitch = read_pair(reader, keys.get("pitch"), f"{field}.pitch")
    first = first or centred_first(page, slot, columns, rows, pitch)
    stock = SheetStock(
        name=name, page=page, slot=slot, columns=columns, rows=rows, first=first, pitch=pitch or slot,
        cut_marks=reader.boolean(keys.get("cut_marks"), f"{field}.cut_marks"),
        description=reader.text(keys.get("description"), f"{field}.description"),
    )
    check_stock_fits(reader, node, field, stock)
    return stock


def centred_first(page, slot, columns, rows, pitch) -> tuple[float, float]:
    """Without an explicit `first`, the grid is centred on the page."""
    pitch = pitch or slot
    grid_w = (columns - 1) * pitch[0] + slot[0]
    grid_h = (rows - 1) * pitch[1] + slot[1]
    return ((page[0] - grid_w) / 2, (page[1] - grid_h) / 2)


def check_stock_fits(reader: Reader, node: Node, field: str, stock: SheetStock) -> None:
    right = stock.first[0] + (stock.columns - 1) * stock.pitch[0] + stock.slot[0]
    bottom = stock.first[1] + (stock.rows - 1) * stock.pitch[1] + stock.slot[1]
    if right > stock.page[0] + 0.01 or bottom > stock.page[1] + 0.01 or min(stock.first) < -0.01:
        reader.error(node, field, f"the {stock.columns} × {stock.rows} grid ends at {right:.1f} × {bottom:.1f} mm, "
                     f"outside the {stock.page[0]:g} × {stock.page[1]:g} mm page")
    if stock.pitch[0] < stock.slot[0] - 0.01 or stock.pitch[1] < stock.slot[1] - 0.01:
        reader.error(node, field, "pitch is smaller than the slot: slots would overlap")


def read_count(reader: Reader, node: Node | None, field: str) -> int:
    count = reader.scalar(node, field, int, "a whole number", 1)
    if count < 1:
        reader.error(node, field, "expected at least 1")
        return 1
    return count


def bundled_stock_names() -> tuple[str, ...]:
    return preset_names("badges")


def load_stock_file(path: Path) -> SheetStock:
    """A badge stock preset file; its name is the file name without .yaml."""
    return stocks.load_stock_file(path, read_stock)


def find_badge_stock(name: str, settings: BadgeSettings) -> SheetStock:
    """A stock by name: the programme's own first, then the bundled presets."""
    return find_stock("badges", name, settings.stocks, read_stock)
