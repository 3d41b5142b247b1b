"""Stock presets: the data files under assets/stocks/<kind>/, and custom
stocks defined in programme.yaml, found by name the same way for every product.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from yaml.nodes import Node

from ..assets import asset_path
from ..errors import InputError, Problem
from .yamlreader import Reader, closest, compose

Stock = TypeVar("Stock")
ReadStock = Callable[[Reader, Node, str, str], "Stock | None"]


def preset_names(kind: str) -> list[str]:
    """Names of the bundled presets of one kind ('badges', 'tents')."""
    return sorted(path.stem for path in asset_path("stocks", kind).glob("*.yaml"))


def load_stock_file(path: Path, read_stock: ReadStock) -> Stock:
    """A stock file, validated like programme.yaml; its name is the file's stem."""
    reader = Reader(path)
    stock = read_stock(reader, compose(path), "", path.stem)
    reader.raise_if_problems()
    return stock


def find_stock(kind: str, name: str, custom: Iterable[Stock], read_stock: ReadStock) -> Stock:
    """A stock by name: the programme's own first, then the bundled presets."""
    custom = list(custom)
    for stock in custom:
        if stock.name == name:
            return stock
    path = asset_path("stocks", kind, f"{name}.yaml")
    if path.is_file():
        return load_stock_file(path, read_stock)
    known = sorted({*preset_names(kind), *(stock.name for stock in custom)})
    raise InputError([Problem("--stock", None, None, "", unknown_stock_message(kind, name, known))])


def unknown_stock_message(kind: str, name: str, known: list[str]) -> str:
    close = closest(name, known)
    hint = f"did you mean {close!r}?" if close else "expected one of: " + ", ".join(known)
    return f"unknown stock {name!r} for {kind}; {hint}"
