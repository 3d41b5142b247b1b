"""Errors a user can act on.

An `InputError` carries every problem found in the input at once, each with
the file, line, column and field it is about, so one run shows the whole list
instead of making the user fix one thing at a time. The command line prints
them and exits with status 2, without a traceback; the same problem on many
rows is printed once with its count and first lines (`grouped`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Source


@dataclass(frozen=True)
class Problem:
    file: Path | str
    line: int | None
    column: int | None
    field: str
    message: str

    @classmethod
    def at(cls, source: Source, field: str, message: str) -> Problem:
        """A problem with what was read from `source` (a person's file and line)."""
        return cls(source.file, source.line, None, field, message)

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        subject = f" {self.field}:" if self.field else ""
        return f"{where}:{subject} {self.message}"


class InputError(Exception):
    """The input is invalid; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


FIRST_LINES = 5  # line numbers a grouped problem shows before 'and N more'


def grouped(problems: list[Problem]) -> list[str]:
    """The problems as lines to print: one per problem, except that rows with the same
    file, field and message are one line with their count and first few line numbers."""
    groups: dict[tuple, list[Problem]] = defaultdict(list)
    for problem in problems:
        key = (str(problem.file), problem.field, problem.message) if problem.line is not None else (id(problem),)
        groups[key].append(problem)
    lines = []
    for same in groups.values():
        first = same[0]
        if len(same) == 1:
            lines.append(str(first))
            continue
        numbers = ", ".join(str(p.line) for p in same[:FIRST_LINES])
        more = f" and {len(same) - FIRST_LINES} more" if len(same) > FIRST_LINES else ""
        subject = f" {first.field}:" if first.field else ""
        lines.append(f"{first.file}:{numbers}{more} ({len(same)} rows):{subject} {first.message}")
    return lines
