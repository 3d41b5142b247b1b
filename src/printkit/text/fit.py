"""Sizing (and if needed breaking) a text to fit a box: the rules badges and
tent cards share. Pure: layouts import this, nothing here draws.

Every width is measured with :mod:`printkit.text.measure`, the widths the
renderer draws with, so a fitted line never runs out of its box.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from printkit.text.lines import break_points
from printkit.text.measure import prefix_widths, text_width, unit_width
from printkit.text.metrics import LEADING

SIZE_STEP = 0.25  # pt; granularity of the size search in fit()
ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class FittedText:
    """Result of :func:`fit`: the font size and the (1..max_lines) lines."""

    size: float
    lines: tuple[str, ...]
    style: str = "regular"

    def width(self) -> float:
        """Width of the widest line at ``size`` (always <= the fit width)."""
        return max((text_width(ln, self.size, self.style) for ln in self.lines), default=0.0)

    def height(self, leading: float = LEADING) -> float:
        """Height of the block: lines x size x leading factor."""
        return len(self.lines) * self.size * leading


class DoesNotFitError(Exception):
    """The text does not fit the box at min_size in max_lines lines."""

    def __init__(self, text: str, width: float, height: float | None,
                 min_size: float, max_lines: int):
        self.text, self.width, self.height = text, width, height
        self.min_size, self.max_lines = min_size, max_lines
        box = f"{width:g} pt wide" + (f" x {height:g} pt high" if height else "")
        super().__init__(f"{text!r} does not fit {box} at {min_size:g} pt "
                         f"in {max_lines} line(s)")


def _largest_size(lines, width, max_size, min_size, style, height, leading):
    """Largest size in [min_size, max_size] (0.25 pt grid) where lines fit, or None."""
    widest = max(unit_width(ln, style) for ln in lines)
    cap = width / widest if widest else math.inf
    if height is not None:
        cap = min(cap, height / (len(lines) * leading))
    size = max_size if cap >= max_size else max(math.floor(cap / SIZE_STEP) * SIZE_STEP, min_size)
    while size >= min_size:
        tall = height is not None and len(lines) * size * leading > height
        if not tall and all(text_width(ln, size, style) <= width for ln in lines):
            return size
        size -= SIZE_STEP
    return None


def _balanced(text: str, n: int, cands, style: str) -> tuple[str, ...] | None:
    """Split ``text`` into ``n`` lines at ``cands`` minimising the widest line.

    Dynamic programming over break points (a handful for names); widths come
    from prefix sums, so this is O(n * k^2) additions.
    """
    if len(cands) < n - 1:
        return None
    prefix = prefix_widths(text, style)
    pts = [(0, 0)] + [(e, s) for e, s, _ in cands] + [(len(text), len(text))]
    # best[k][j]: (widest, prev) for k+1 lines ending at break j
    best = [{j: (prefix[pts[j][0]], 0) for j in range(1, len(pts))}]
    for k in range(1, n):
        row = {}
        for j in range(k + 1, len(pts)):
            row[j] = min((max(best[-1][i][0], prefix[pts[j][0]] - prefix[pts[i][1]]), i)
                         for i in range(k, j))
        best.append(row)
    j, out = len(pts) - 1, []
    for k in range(n - 1, -1, -1):
        i = best[k][j][1]
        out.append(text[pts[i][1]:pts[j][0]].strip())
        j = i
    return tuple(reversed(out))


def fit(text: str, width: float, max_size: float, min_size: float, max_lines: int = 2,
        style: str = "regular", height: float | None = None, leading: float = LEADING) -> FittedText:
    """Size (and if needed break) ``text`` to fit a ``width`` (x ``height``) box.

    Rules shared by badges and tent cards, in order:
      1. one line at the largest size in [min_size, max_size] that fits;
      2. otherwise 2..max_lines balanced lines (break points chosen to
         minimise the widest line; spaces/CJK points before hyphens) at the
         largest size where every line fits;
      3. with ``height``, the block (lines x size x leading) must fit too;
      4. otherwise DoesNotFitError. Words are never broken by characters.
    Sizes are on a 0.25 pt grid (or exactly max_size/min_size).
    """
    text = text.strip()
    if not text or min_size > max_size or width <= 0:
        raise ValueError(f"bad fit request: {text!r}, width={width}, sizes={min_size}..{max_size}")
    cands = break_points(text)
    primary = [c for c in cands if c[2] == 0]
    for n in range(1, max_lines + 1):
        for pool in ((primary, cands) if len(primary) < len(cands) else (cands,)):
            lines = (text,) if n == 1 else _balanced(text, n, pool, style)
            size = lines and _largest_size(lines, width, max_size, min_size, style, height, leading)
            if size:
                return FittedText(size, lines, style)
    raise DoesNotFitError(text, width, height, min_size, max_lines)


def cut_to_fit(text: str, width: float, size: float, max_lines: int, style: str = "regular",
               height: float | None = None) -> tuple[FittedText | None, int]:
    """The most words of ``text`` and '…' that fit at ``size`` in ``max_lines``
    lines (and ``height``), and how many words that is; None when not even
    '…' fits.

    For secondary text (an organisation): it is cut at a word rather than
    keep a badge or a seating plan from being made.
    """
    words = text.split()

    def attempt(count: int) -> FittedText | None:
        try:
            return fit(" ".join(words[:count]) + ELLIPSIS, width, size, size, max_lines, style, height)
        except DoesNotFitError:
            return None

    low, high = 0, len(words) - 1  # the most words that fit lies between: all of them did not
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if attempt(middle) else (low, middle - 1)
    return attempt(low), low
