"""The `tents:` section of programme.yaml and the tent stock files.

A tent stock is data (`assets/stocks/tents/<name>.yaml`, or a custom one under
`tents.stocks` in programme.yaml); both are read here by the same strict
reader, so a mistake in either is reported with its file, line and field.
"""

from __future__ import annotations

import functools

from yaml.nodes import MappingNode, Node

from ..assets import asset_path
from ..model import TentFace, TentSettings, TentStock
from . import stocks
from .stocks import read_page, read_pair
from .yamlreader import Reader, is_null

SETTINGS_KEYS = {"seated_roles", "stock", "stocks"}
STOCK_KEYS = {
    "description", "sheet", "tent", "positions", "faces", "folds", "strips", "perforated", "margins", "text",
}
STOCK_REQUIRED = {"sheet", "tent", "positions", "faces"}
MARGIN_KEYS = {"side", "top", "foot"}
TEXT_KEYS = {"name", "affiliation", "event"}
DEFAULT_STOCK = "a4-fold"
EPSILON = 1e-6  # mm; lengths are compared after float sums


def preset_names() -> tuple[str, ...]:
    return stocks.preset_names("tents")


def read_tent_settings(reader: Reader, node: Node | None) -> TentSettings:
    """The `tents:` mapping; absent means defaults (no seated roles, a4-fold)."""
    keys = reader.mapping(node, "tents", SETTINGS_KEYS)
    if not keys:
        return TentSettings()
    custom = read_custom_stocks(reader, keys.get("stocks"))
    stock = reader.text(keys.get("stock"), "tents.stock")
    known = [*preset_names(), *(s.name for s in custom)]
    if stock is not None and stock not in known:
        reader.error(keys["stock"], "tents.stock", stocks.unknown_stock_message("tents", stock, known))
    return TentSettings(
        seated_roles=reader.text_list(keys.get("seated_roles"), "tents.seated_roles"),
        stock=stock,
        custom_stocks=custom,
    )


def read_custom_stocks(reader: Reader, node: Node | None) -> tuple[TentStock, ...]:
    """`tents.stocks`: custom stocks by name, each defined like a preset file."""
    if node is None or is_null(node):
        return ()
    if not isinstance(node, MappingNode):
        reader.error(node, "tents.stocks", "expected a mapping of stock names to stock definitions")
        return ()
    stocks = (read_stock(reader, value, f"tents.stocks.{key.value}", str(key.value)) for key, value in node.value)
    return tuple(stock for stock in stocks if stock is not None)


def resolve_stock(settings: TentSettings, name: str | None) -> TentStock:
    """The stock named on the command line, else in programme.yaml, else a4-fold.

    A custom stock from programme.yaml wins over a preset of the same name.
    """
    return stocks.find_stock("tents", name or settings.stock or DEFAULT_STOCK, settings.custom_stocks, read_stock)


def load_preset(name: str) -> TentStock:
    return stocks.load_stock_file(asset_path("stocks", "tents", f"{name}.yaml"), read_stock)


def read_stock(reader: Reader, node: Node | None, where: str, name: str) -> TentStock | None:
    """One stock definition, checked so every face lies on its tent and sheet."""
    keys = reader.mapping(node, where, STOCK_KEYS, required=STOCK_REQUIRED)
    if keys is None:
        return None
    field = functools.partial(at, where)
    sheet = read_page(reader, keys.get("sheet"), field("sheet"))
    tent = read_pair(reader, keys.get("tent"), field("tent"))
    positions = tuple(read_pair(reader, item, path, allow_zero=True)
                      for path, item in reader.sequence(keys.get("positions"), field("positions")))
    faces = tuple(read_face(reader, item, path) for path, item in reader.sequence(keys.get("faces"), field("faces")))
    folds = tuple(read_length(reader, item, path) for path, item in reader.sequence(keys.get("folds"), field("folds")))
    strips = tuple(read_strip(reader, item, path)
                   for path, item in reader.sequence(keys.get("strips"), field("strips")))
    margins = read_numbers(reader, keys.get("margins"), field("margins"), MARGIN_KEYS)
    text = read_text_sizes(reader, keys.get("text"), field("text"))
    parts = (sheet, tent, *positions, *faces, *folds, *strips)
    if any(part is None for part in parts) or margins is None or text is None:
        return None
    stock = TentStock(
        name=name,
        description=reader.text(keys.get("description"), field("description")) or name,
        sheet_width=sheet[0], sheet_height=sheet[1], tent_width=tent[0], tent_height=tent[1],
        positions=positions, faces=faces, folds=folds, strips=strips,
        perforated=reader.boolean(keys.get("perforated"), field("perforated")),
        **margins, **text,
    )
    check_stock(reader, where, stock, keys)
    return stock


def check_stock(reader: Reader, where: str, stock: TentStock, keys: dict[str, Node]) -> None:
    """Geometry a printer would only discover on paper: report it at load time."""
    faces, positions = (keys["faces"], at(where, "faces")), (keys["positions"], at(where, "positions"))
    if not {False, True} <= {face.rotated for face in stock.faces}:
        reader.error(*faces, "expected an upright face and a face with `rotated: true`, one for each side of the table")
    for index, face in enumerate(stock.faces):
        if face.y + face.height > stock.tent_height + EPSILON:
            reader.error(faces[0], f"{faces[1]}[{index}]",
                         f"ends at {face.y + face.height:g} mm, beyond the tent height {stock.tent_height:g} mm")
        if stock.margin_top + stock.margin_foot >= face.height:
            reader.error(faces[0], f"{faces[1]}[{index}]", f"is {face.height:g} mm high, no more than its "
                         f"top and foot margins ({stock.margin_top:g} + {stock.margin_foot:g} mm)")
    if 2 * stock.margin_side >= stock.tent_width:
        reader.error(keys["tent"], at(where, "tent"), "is no wider than its two side margins")
    for index, fold in enumerate(stock.folds):
        if fold > stock.tent_height:
            reader.error(keys["folds"], f"{at(where, 'folds')}[{index}]", f"{fold:g} mm is beyond the tent height")
    if not stock.positions:
        reader.error(*positions, "expected at least one tent position")
    for index, (x, y) in enumerate(stock.positions):
        if x + stock.tent_width > stock.sheet_width + EPSILON or y + stock.tent_height > stock.sheet_height + EPSILON:
            reader.error(positions[0], f"{positions[1]}[{index}]",
                         f"a {stock.tent_width:g} × {stock.tent_height:g} mm tent at ({x:g}, {y:g}) does not fit "
                         f"on the {stock.sheet_width:g} × {stock.sheet_height:g} mm sheet")


def at(where: str, key: str) -> str:
    """The field path of `key` inside `where` (a preset file's keys are top-level)."""
    return f"{where}.{key}" if where else key


def read_length(reader: Reader, node: Node | None, field: str) -> float | None:
    return reader.scalar(node, field, parse_length, "a length in mm (a number ≥ 0)", required=True)


def read_face(reader: Reader, node: Node, where: str) -> TentFace | None:
    keys = reader.mapping(node, where, {"y", "height", "rotated"}, required={"y", "height"})
    if keys is None:
        return None
    y = read_length(reader, keys.get("y"), f"{where}.y")
    height = read_length(reader, keys.get("height"), f"{where}.height")
    if y is None or height is None:
        return None
    return TentFace(y, height, reader.boolean(keys.get("rotated"), f"{where}.rotated"))


def read_strip(reader: Reader, node: Node, where: str) -> tuple[float, float, str] | None:
    keys = reader.mapping(node, where, {"y", "height", "label"}, required={"y", "height"})
    if keys is None:
        return None
    y = read_length(reader, keys.get("y"), f"{where}.y")
    height = read_length(reader, keys.get("height"), f"{where}.height")
    label = reader.text(keys.get("label"), f"{where}.label") or ""
    return None if y is None or height is None else (y, height, label)


def read_numbers(reader: Reader, node: Node | None, where: str, allowed: set[str]) -> dict[str, float] | None:
    """Optional margins in mm, as `margin_<key>` fields of TentStock."""
    keys = reader.mapping(node, where, allowed) or {}
    values = {key: read_length(reader, value, f"{where}.{key}") for key, value in keys.items()}
    return None if None in values.values() else {f"margin_{key}": value for key, value in values.items()}


def read_text_sizes(reader: Reader, node: Node | None, where: str) -> dict[str, object] | None:
    """Type sizes in pt: `name` as [largest, smallest on one line, smallest],
    `affiliation` as [largest, smallest], `event` as one size."""
    keys = reader.mapping(node, where, TEXT_KEYS) or {}
    sizes: dict[str, object] = {}
    if "name" in keys:
        sizes["name_size"] = read_sizes(reader, keys["name"], f"{where}.name", 3)
    if "affiliation" in keys:
        sizes["affiliation_size"] = read_sizes(reader, keys["affiliation"], f"{where}.affiliation", 2)
    if "event" in keys:
        sizes["event_size"] = read_length(reader, keys["event"], f"{where}.event")
    return None if None in sizes.values() else sizes


def read_sizes(reader: Reader, node: Node, field: str, count: int) -> tuple[float, ...] | None:
    """`count` type sizes in pt, largest first and none zero."""
    values = [read_length(reader, item, at) for at, item in reader.sequence(node, field)]
    if None in values:
        return None
    if len(values) != count or values[-1] <= 0 or values != sorted(values, reverse=True):
        example = "[84, 60, 36]" if count == 3 else "[22, 11]"
        reader.error(node, field, f"expected {count} type sizes in pt, largest first, e.g. {example}")
        return None
    return tuple(values)


def parse_length(raw: str) -> float:
    value = float(raw)
    if not value >= 0 or value == float("inf"):
        raise ValueError("")
    return value
