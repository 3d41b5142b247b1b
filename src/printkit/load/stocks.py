"""Stock presets: the data files under assets/stocks/<kind>/, and custom
stocks defined in programme.yaml, found by name the same way for every product.

The readers of the values every kind of stock has (a page size, a pair of
lengths in mm) live here so badge and tent stocks are checked alike.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from yaml.nodes import Node, ScalarNode

from ..assets import asset_path
from ..errors import InputError, Problem
from .yamlreader import Reader, closest, compose, is_null

Stock = TypeVar("Stock")
ReadStock = Callable[[Reader, Node, str, str], "Stock | None"]
PAGE_SIZES_MM = {"a3": (297.0, 420.0), "a4": (210.0, 297.0), "a5": (148.0, 210.0), "a6": (105.0, 148.0),
                 "letter": (215.9, 279.4), "legal": (215.9, 355.6)}


@functools.cache
def preset_names(kind: str) -> tuple[str, ...]:
    """Names of the bundled presets of one kind ('badges', 'tents'), listed once per
    process: they ship with printkit, and the desk looks a stock up for every print."""
    return tuple(sorted(path.stem for path in asset_path("stocks", kind).glob("*.yaml")))


def load_stock_file(path: Path, read_stock: ReadStock) -> Stock:
    """A stock file, validated like programme.yaml; its name is the file's stem."""
    reader = Reader(path)
    stock = read_stock(reader, compose(path), "", path.stem)
    reader.raise_if_problems()
    return stock


def find_stock(kind: str, name: str, custom: Iterable[Stock], read_stock: ReadStock) -> Stock:
    """A stock by name: the programme's own first, then the bundled presets.

    Only names are looked up, never paths: a name is read from the presets
    only when it is one of theirs, so `--stock /etc/some` reads no file.
    """
    custom = list(custom)
    for stock in custom:
        if stock.name == name:
            return stock
    if name in preset_names(kind):
        return load_preset(kind, name, read_stock)
    known = sorted({*preset_names(kind), *(stock.name for stock in custom)})
    raise InputError([Problem("--stock", None, None, "", unknown_stock_message(kind, name, known))])


@functools.lru_cache(maxsize=None)
def load_preset(kind: str, name: str, read_stock: ReadStock) -> Stock:
    """A bundled preset, read once per process (the desk prints many badges on one stock)."""
    return load_stock_file(asset_path("stocks", kind, f"{name}.yaml"), read_stock)


def unknown_stock_message(kind: str, name: str, known: list[str]) -> str:
    close = closest(name, known)
    hint = f"did you mean {close!r}?" if close else "expected one of: " + ", ".join(known)
    return f"unknown stock {name!r} for {kind}; {hint}"


def read_page(reader: Reader, node: Node | None, field: str) -> tuple[float, float] | None:
    """A page as [width, height] in mm or a name (a4, a5, a6, letter...)."""
    if isinstance(node, ScalarNode) and node.value in PAGE_SIZES_MM:
        return PAGE_SIZES_MM[node.value]
    return read_pair(reader, node, field, names=", or one of " + ", ".join(PAGE_SIZES_MM))


MAX_LENGTH_MM = 2000.0  # beyond any sheet a printer takes; keeps the arithmetic on stocks finite


def read_pair(reader: Reader, node: Node | None, field: str, allow_zero: bool = False,
              names: str = "") -> tuple[float, float] | None:
    """[width, height] (or [x, y]) in millimetres."""
    if node is None or is_null(node):
        return None
    values = [reader.scalar(item, where, float, "a length in mm") for where, item in reader.sequence(node, field)]
    if (len(values) != 2 or None in values or min(values) < 0 or (not allow_zero and min(values) == 0)
            or not all(math.isfinite(v) and v <= MAX_LENGTH_MM for v in values)):
        reader.error(node, field, f"expected two positive lengths in mm up to {MAX_LENGTH_MM:g}, e.g. [105, 148]{names}")
        return None
    return (values[0], values[1])
