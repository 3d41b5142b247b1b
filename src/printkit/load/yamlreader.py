"""Strict, position-aware reading of YAML.

PyYAML's `compose` gives a tree of nodes that remember their line and column
and never constructs Python objects, so no YAML tag can run code. `Reader`
walks that tree by the caller's description of what is expected, converting
scalars from their raw text (so `09:00` stays a time and is never read as a
YAML 1.1 sexagesimal number) and recording every problem it meets instead of
stopping at the first one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..characters import normalise
from ..errors import InputError, Problem

NULL_TAG = "tag:yaml.org,2002:null"
STANDARD_TAGS = {
    NULL_TAG,
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
TRUE_WORDS = {"true", "yes", "on"}
FALSE_WORDS = {"false", "no", "off"}


def compose(path: Path) -> Node | None:
    """Parse `path` into a node tree, or raise InputError naming the spot."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(path, None, None, "", "file not found")]) from None
    except OSError as exc:
        raise InputError([Problem(path, None, None, "", f"cannot be read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputError([Problem(path, line, None, "", f"is not UTF-8 text ({exc.reason}); save it as UTF-8")]) from None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise InputError([syntax_problem(path, exc)]) from None
    except yaml.reader.ReaderError as exc:
        line = text[:exc.position].count("\n") + 1
        name = "NUL" if exc.character == 0 else f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise InputError([Problem(path, line, None, "", f"contains the control character {name}, which YAML "
                                  "does not allow; remove it (it often comes from pasting out of another program)")]) from None
    except RecursionError:
        raise InputError([Problem(path, deepest_line(text), None, "", "is nested too deeply to read (hundreds of lists or "
                                  "mappings inside each other); a programme nests a few levels at most")]) from None


def syntax_problem(path: Path, exc: yaml.MarkedYAMLError) -> Problem:
    """Where the parser noticed the error, and where the construct it was reading began:
    an unclosed '[' on line 11 is noticed on line 12, where the next key appears."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    message = f"is not valid YAML: {exc.problem or exc.context}"
    began = exc.context_mark
    if exc.problem and exc.context and began and (not exc.problem_mark or began.line != exc.problem_mark.line
                                                  or began.column != exc.problem_mark.column):
        message += f" ({exc.context.removeprefix('while ')} that began on line {began.line + 1}, column {began.column + 1})"
    return Problem(path, line, column, "", message)


def deepest_line(text: str) -> int:
    """The line where brackets or indentation nest deepest, for a file too deep to parse."""
    depth, deepest, line_of_deepest = 0, -1, 1
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" "))
        for char in line:
            depth += (char in "[{") - (char in "]}")
            if depth + indent > deepest:
                deepest, line_of_deepest = depth + indent, number
    return line_of_deepest


class Reader:
    """Reads typed values out of a node tree, collecting problems."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []

    def error(self, node: Node | None, field: str, message: str) -> None:
        if node is None:
            self.problems.append(Problem(self.path, None, None, field, message))
            return
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, field, message))

    def raise_if_problems(self) -> None:
        if self.problems:
            raise InputError(sorted(self.problems, key=lambda p: (p.line or 0, p.column or 0)))

    # -- structure ---------------------------------------------------------

    def mapping(
        self, node: Node | None, field: str, allowed: set[str], required: set[str] = frozenset()
    ) -> dict[str, Node] | None:
        """The keys of a mapping node, checked against the allowed set."""
        if node is None:
            return None
        if not isinstance(node, MappingNode):
            self.error(node, field, f"expected a mapping with keys {', '.join(sorted(allowed))}")
            return None
        result: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            where = f"{field}.{key}" if field else key
            if key in result:
                self.error(key_node, where, "appears twice in the same mapping")
            elif key not in allowed:
                self.error(key_node, where, f"unknown key{did_you_mean(key, allowed)}")
            elif self.check_tags(value_node, where):
                result[key] = value_node
        for key in sorted(required - result.keys()):
            self.error(node, f"{field}.{key}" if field else key, "is required but missing")
        return result

    def check_tags(self, node: Node, field: str) -> bool:
        """Refuse explicit tags such as !!python/object before anything uses them."""
        if node.tag in STANDARD_TAGS:
            return True
        self.error(node, field, f"uses the tag {node.tag!r}, which printkit does not accept")
        return False

    def sequence(self, node: Node | None, field: str) -> Iterator[tuple[str, Node]]:
        """Items of a list with their field paths (`people[3]`)."""
        if node is None or is_null(node):
            return
        if not isinstance(node, SequenceNode):
            self.error(node, field, "expected a list")
            return
        for index, item in enumerate(node.value):
            if self.check_tags(item, f"{field}[{index}]"):
                yield f"{field}[{index}]", item

    # -- scalars -----------------------------------------------------------

    def scalar(self, node: Node | None, field: str, convert: Callable[[str], Any], expected: str,
               default: Any = None, required: bool = False) -> Any:
        if node is None or is_null(node):
            if required and node is not None:
                self.error(node, field, f"is empty; expected {expected}")
            return default
        if not isinstance(node, ScalarNode):
            self.error(node, field, f"expected {expected}")
            return default
        try:
            return convert(node.value)
        except ValueError as exc:
            detail = f" ({exc})" if str(exc) else ""
            self.error(node, field, f"expected {expected}, got {node.value!r}{detail}")
            return default

    def text(self, node: Node | None, field: str, default: str | None = None, required: bool = False) -> str | None:
        return self.scalar(node, field, non_empty_text, "text", default, required)

    def paragraphs(self, node: Node | None, field: str) -> tuple[str, ...]:
        """A block of text split into paragraphs at blank lines."""
        value = self.text(node, field)
        return split_paragraphs(value) if value else ()

    def text_list(self, node: Node | None, field: str) -> tuple[str, ...]:
        """A list of text lines; a single string is accepted as a list of one."""
        if isinstance(node, ScalarNode) and not is_null(node):
            return (self.text(node, field),)
        values = (self.text(item, where, required=True) for where, item in self.sequence(node, field))
        return tuple(v for v in values if v)

    def boolean(self, node: Node | None, field: str, default: bool | None = False) -> bool | None:
        return self.scalar(node, field, parse_bool, "true or false", default)

    def identifier(self, node: Node | None, field: str) -> str | None:
        return self.scalar(node, field, parse_id, "an id of letters, digits, '-', '_' or '.'", required=True)

    def time(self, node: Node | None, field: str) -> dt.time | None:
        return self.scalar(node, field, parse_time, "a time as HH:MM (24-hour)", required=True)

    def date(self, node: Node | None, field: str) -> dt.date | None:
        return self.scalar(node, field, dt.date.fromisoformat, "a date as YYYY-MM-DD", required=True)

    def choice(self, node: Node | None, field: str, choices: tuple[str, ...], default: str | None) -> str | None:
        def convert(raw: str) -> str:
            if raw not in choices:
                close = closest(raw, choices)
                raise ValueError(f"did you mean {close!r}?" if close else "")
            return raw

        return self.scalar(node, field, convert, "one of " + ", ".join(choices), default)


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG


def closest(word: str, choices) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices) -> str:
    close = closest(word, choices)
    return f" (did you mean {close!r}?)" if close else f"; expected one of: {', '.join(sorted(choices))}"


def non_empty_text(raw: str) -> str:
    """The text through the shared normalisation (zero-width removed, controls refused)."""
    text = normalise(raw).strip()
    if not text:
        raise ValueError("it is empty")
    return text


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs at blank lines; lines within one paragraph are joined."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return tuple(" ".join(line.strip() for line in block.splitlines()) for block in blocks if block.strip())


def parse_bool(raw: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("")


def whole_number_from(minimum: int):
    """A parser of whole numbers of at least `minimum` (seats, seat numbers, room capacities)."""
    def parse(raw: str) -> int:
        value = int(raw)
        if value < minimum:
            raise ValueError("")
        return value
    return parse


def parse_id(raw: str) -> str:
    if not ID_PATTERN.fullmatch(raw):
        raise ValueError("")
    return raw


def parse_time(raw: str) -> dt.time:
    match = TIME_PATTERN.match(raw.strip())
    if not match:
        raise ValueError("")
    return dt.time(int(match.group(1)), int(match.group(2)))
