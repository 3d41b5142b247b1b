"""Walk a page's content stream, including Form XObjects it paints.

Colour and glyph checks need the operators themselves (which colour operator,
which font and which bytes a string shows), which pypdfium2 does not expose.
Each operation comes with the resources it is interpreted against, because a
Form XObject has its own /Resources.

The stream is read by a tokenizer of our own rather than pypdf's
ContentStream: badge pages hold tens of thousands of numbers (QR modules are
rectangles), pypdf builds an object for each, and that made `check` forty
times slower than making the badges. No check needs a number's value, nor
paths, so runs of path and graphics-state operators with their numbers are
skipped in one regular-expression match (the whole-number rectangles of QR
modules by a quicker first alternative), and other numbers are dropped: an
operation's operands are its names (str, with the slash), strings (bytes,
escapes resolved), arrays (lists) and dictionaries.
Inline images come as the operator b"INLINE IMAGE" with {"settings": dict}.
Only the operators some check reads are kept (colour, fonts, text, graphics
states, XObjects): path construction and painting are most of a badge page
and no check needs them, so a page's list stays short enough to keep.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pypdf
from pypdf.generic import DictionaryObject

Operation = tuple[bytes, list, DictionaryObject]

CHECKED_OPERATORS = frozenset({
    b"rg", b"RG", b"k", b"K", b"g", b"G", b"cs", b"CS",  # colour
    b"Tf", b"Tj", b"'", b'"', b"TJ",  # fonts and shown text
    b"gs", b"Do", b"INLINE IMAGE",  # graphics states, images and forms
})

_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_TOKEN = re.compile(rb"""
    (?P<path>(?>[\x00\t\n\x0c\r ]*+\d++[ ]\d++[ ]\d++[ ]\d++[ ]re(?=[\x00\t\n\x0c\r ])
                                # (the same, sooner: a rectangle in whole numbers, as QR modules are)
              |[\x00\t\n\x0c\r ]*+(?:[+-]?(?:\d++\.?\d*+|\.\d++)[\x00\t\n\x0c\r ]++)*+
        (?:re|m|l|c|v|y|h|f\*?|F|S|s|B\*?|b\*?|n|W\*?|q|Q|cm|w|J|j|M|i|ri)(?![^""" + _DELIMITERS + rb"""]))++)
                                # runs of path and graphics-state operators: skipped
  | (?:[\x00\t\n\x0c\r ]++|%[^\r\n]*+|[+-]?(?:\d++\.?\d*+|\.\d++))++  # white space, comments, numbers: skipped
  | (?P<name>/[^""" + _DELIMITERS + rb"""]*)
  | (?P<string>\()
  | (?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)
  | (?P<open><<|\[)
  | (?P<close>>>|\])
  | (?P<keyword>[^""" + _DELIMITERS + rb"""]+)
""", re.X)
_STRING_SPECIAL = re.compile(rb"[()\\]")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|[\s\S])")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\r\n": b"", b"\n": b"", b"\r": b""}
_END_OF_INLINE_IMAGE = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")
_INLINE_DATA = re.compile(rb"[\x00\t\n\x0c\r ]ID[\x00\t\n\x0c\r ]")
_INLINE_SPACE = re.compile(rb"/(?:CS|ColorSpace)[\x00\t\n\x0c\r ]*(/[^" + _DELIMITERS + rb"]*|\[[^\]]*\])")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def page_operations(page: pypdf.PageObject) -> Iterator[Operation]:
    """Each checked (operator, operands, resources) painted on `page`, forms expanded once.

    Checks read them through `Document.operations`, which parses each page once.
    """
    contents = page.get_contents()
    if contents is None:
        return
    resources = _resources(page.get("/Resources"))
    yield from _walk(contents.get_data(), resources, set())


def _resources(value) -> DictionaryObject:
    return value.get_object() if value is not None else DictionaryObject()


def _walk(data: bytes, resources: DictionaryObject, seen: set) -> Iterator[Operation]:
    for operator, operands in operations(data):
        yield operator, operands, resources
        if operator == b"Do" and operands:
            form = _form_xobject(resources, operands[0])
            if form is not None and id(form) not in seen:
                seen.add(id(form))
                inner = _resources(form.get("/Resources")) if "/Resources" in form else resources
                yield from _walk(form.get_data(), inner, seen)


def operations(data: bytes) -> Iterator[tuple[bytes, list]]:
    """(operator, operands) for each checked operator in a content stream (CHECKED_OPERATORS), numbers left out."""
    operands: list = []
    stack: list[list] = []  # open arrays and dictionaries
    position, end = 0, len(data)
    while position < end:
        match = _TOKEN.match(data, position)
        if match is None:  # a stray delimiter such as '{' or ')': skip it as a RIP would
            position += 1
            continue
        position = match.end()
        kind = match.lastgroup
        if kind is None:
            continue
        if kind == "path":
            operands = []
            continue
        if kind == "keyword":
            word = match.group()
            if stack:
                _current(stack, operands).append(word)  # true/false/null inside an array
            elif word == b"BI":
                settings, position = _inline_image(data, position)
                yield b"INLINE IMAGE", {"settings": settings}
            else:
                if word in CHECKED_OPERATORS:
                    yield word, operands
                operands = []
            continue
        if kind == "name":
            value = _name(match.group())
        elif kind == "string":
            value, position = _string(data, position)
        elif kind == "hex":
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", match.group()[1:-1])
            value = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
        elif kind == "open":
            stack.append([] if match.group() == b"[" else [b"<<"])
            continue
        else:  # close
            if not stack:
                continue
            inner = stack.pop()
            value = _as_dict(inner[1:]) if inner[:1] == [b"<<"] else inner
        _current(stack, operands).append(value)


def _current(stack: list[list], operands: list) -> list:
    return stack[-1] if stack else operands


def _name(token: bytes) -> str:
    if b"#" in token:
        token = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), token)
    return token.decode("latin-1")


def _as_dict(items: list) -> dict:
    return {items[i]: items[i + 1] for i in range(0, len(items) - 1, 2) if isinstance(items[i], str)}


def _string(data: bytes, position: int) -> tuple[bytes, int]:
    """A literal string whose '(' ends at `position`: its bytes and the position after ')'."""
    depth, start = 1, position
    while depth:
        special = _STRING_SPECIAL.search(data, position)
        if special is None:
            position = len(data)
            break
        position = special.end()
        char = special.group()
        if char == b"\\":
            position += 1
        elif char == b"(":
            depth += 1
        else:
            depth -= 1
    raw = data[start:position - 1] if depth == 0 else data[start:position]
    return _ESCAPE.sub(_unescape, raw), position


def _unescape(match: re.Match) -> bytes:
    code = match.group(1)
    if code[:1].isdigit() and code[:1] in b"01234567":
        return bytes([int(code, 8) & 0xFF])
    return _ESCAPES.get(code, code)


def _inline_image(data: bytes, position: int) -> tuple[dict, int]:
    """The colour space of an inline image (BI … ID data EI) and the position after EI.

    Only /CS (or /ColorSpace) is kept: the one setting a check reads.
    """
    settings_end = _INLINE_DATA.search(data, position)
    if settings_end is None:
        return {}, len(data)
    settings = {}
    space = _INLINE_SPACE.search(data, position, settings_end.start() + 1)
    if space is not None:
        value = space.group(1)
        settings["/CS"] = _name(value) if value.startswith(b"/") else [
            _name(v) for v in re.findall(rb"/[^" + _DELIMITERS + rb"]*", value)]
    end = _END_OF_INLINE_IMAGE.search(data, settings_end.end())
    return settings, (end.end() if end else len(data))


def _form_xobject(resources: DictionaryObject, name):
    xobject = xobjects(resources).get(name)
    if xobject is None:
        return None
    xobject = xobject.get_object()
    return xobject if xobject.get("/Subtype") == "/Form" else None


def xobjects(resources: DictionaryObject) -> DictionaryObject:
    value = resources.get("/XObject")
    return value.get_object() if value is not None else DictionaryObject()


def fonts(resources: DictionaryObject) -> DictionaryObject:
    value = resources.get("/Font")
    return value.get_object() if value is not None else DictionaryObject()
