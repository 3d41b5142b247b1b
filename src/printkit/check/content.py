"""Walk a page's content stream, including Form XObjects it paints.

Colour and glyph checks need the operators themselves (which colour operator,
which font and which bytes a string shows), which pypdfium2 does not expose.
Each operation comes with the resources it is interpreted against, because a
Form XObject has its own /Resources.
"""
from __future__ import annotations

from collections.abc import Iterator

import pypdf
from pypdf.generic import ContentStream, DictionaryObject

Operation = tuple[bytes, list, DictionaryObject]


def page_operations(page: pypdf.PageObject, reader: pypdf.PdfReader) -> Iterator[Operation]:
    """Every (operator, operands, resources) painted on `page`, forms expanded once."""
    contents = page.get_contents()
    if contents is None:
        return
    resources = _resources(page.get("/Resources"))
    yield from _walk(ContentStream(contents, reader), resources, reader, set())


def _resources(value) -> DictionaryObject:
    return value.get_object() if value is not None else DictionaryObject()


def _walk(stream: ContentStream, resources: DictionaryObject, reader, seen: set) -> Iterator[Operation]:
    for operands, operator in stream.operations:
        yield operator, operands, resources
        if operator == b"Do" and operands:
            form = _form_xobject(resources, operands[0])
            if form is not None and id(form) not in seen:
                seen.add(id(form))
                inner = _resources(form.get("/Resources")) if "/Resources" in form else resources
                yield from _walk(ContentStream(form, reader), inner, reader, seen)


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
