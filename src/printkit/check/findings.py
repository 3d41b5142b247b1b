"""What a check reports: one `Finding` per problem (or per fact worth knowing).

Kept free of PDF libraries so the command line can format findings (text or
JSON) without importing the optional `check` extra.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(frozen=True)
class Finding:
    """One line of a preflight report. `page` is 1-based; None for the whole file."""

    file: str
    page: int | None
    check: str
    severity: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.page is None else f"{self.file}: page {self.page}"
        return f"{where}: {self.check}: {self.severity}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


def page_list(pages: list[int]) -> str:
    """'1-3, 5' for [1, 2, 3, 5]: short enough for one report line."""
    spans: list[list[int]] = []
    for page in sorted(set(pages)):
        if spans and page == spans[-1][1] + 1:
            spans[-1][1] = page
        else:
            spans.append([page, page])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
