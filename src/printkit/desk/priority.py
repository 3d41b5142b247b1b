"""Prints before changes: someone is standing at the desk waiting for a badge.

A print and a walk-in being checked are both pure Python in one process, so
whichever runs beside the other takes half its processor time: a badge that
takes 15 ms alone took twice that and more while ten walk-ins were saved.
A walk-in's answer can wait some milliseconds; the person at the desk
should not. So a change waits, before each of its expensive steps, until no
print is being made, but never longer than PATIENCE, so a stream of prints
cannot keep a walk-in out for good.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

PATIENCE = 0.5  # seconds a change waits for prints at each step, at most


class PrintsFirst:
    """Counts the prints being made; changes wait for none to be."""

    def __init__(self, patience: float = PATIENCE):
        self.patience = patience
        self.idle = threading.Condition()
        self.printing = 0

    @contextlib.contextmanager
    def print_going(self) -> Iterator[None]:
        """Around making one print."""
        with self.idle:
            self.printing += 1
        try:
            yield
        finally:
            with self.idle:
                self.printing -= 1
                if not self.printing:
                    self.idle.notify_all()

    def wait_for_prints(self) -> None:
        """Before a step of a change: return when no print is being made, or after `patience`."""
        with self.idle:
            self.idle.wait_for(lambda: not self.printing, timeout=self.patience)
