"""Measuring, line breaking, fitting and drawing text with font runs.

Everything here works on the runs from :mod:`printkit.text.fonts`, so a name
like "Ștefan 鈴木" is measured and drawn with the fonts that really have
its glyphs. ``fit`` holds the sizing rules shared by badges and tent cards.

reportlab does no kerning, so a string's width is exactly linear in the font
size: we cache each text's width at 1 pt and multiply. That makes the size
search in ``fit`` cheap even for thousands of badges.
"""
from __future__ import annotations

import functools
import math
import unicodedata
import weakref
from dataclasses import dataclass
from html import escape

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase import pdfmetrics

from printkit.scripts import has_cjk, is_cjk
from printkit.text.fonts import default_font_name, runs
from printkit.text.metrics import LEADING

SIZE_STEP = 0.25  # pt; granularity of the size search in fit()

# Kinsoku shori (JIS X 4051): characters that may not start / end a line.
# reportlab's sets miss the fullwidth ，．：；？！ and some brackets.
CANNOT_START = frozenset(ALL_CANNOT_START) | frozenset(
    "、。，．・：；？！ー」』）］｝〕〉》】〙〗〟"
    "ゃゅょっぁぃぅぇぉゎゕゖャュョッァィゥェォヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "゛゜ヽヾゝゞ々〻‼⁇⁈⁉’”»›｡｣､･ｰｧｨｩｪｫｬｭｮｯﾞﾟ")
CANNOT_END = frozenset(ALL_CANNOT_END) | frozenset("「『（［｛〔〈《【〘〖〝‘“«‹([{｢")

# Break after these inside a word ("Jean-Pierre", "UX/UI"), only if needed.
_BREAK_AFTER = frozenset("-\u2010\u2013\u2014/")
_NO_BREAK_SPACES = frozenset("\u00a0\u2007\u202f")


def needs_cjk_wrap(text: str) -> bool:
    """True when ``text`` has Japanese (kana, kanji, fullwidth punctuation).

    Without wordWrap="CJK" reportlab breaks only at spaces (and then splits
    "long words" by characters anywhere, even before 。). BUT reportlab 5.1's
    CJK wrap is not good enough either: it breaks Latin words in mixed text
    ("Internatio|nalization", even when surrounded by spaces) and lets lines
    start with ー. So for such text prefer :func:`wrapped_markup` (our own
    kinsoku-aware breaking, lines joined with <br/>) with the default
    wordWrap; use wordWrap="CJK" only when the width is not known up front.
    """
    return has_cjk(text)


# ---------------------------------------------------------------- measuring

@functools.cache
def _char_width(font: str, ch: str) -> float:
    """Width of one character at 1 pt (reportlab does not kern)."""
    return pdfmetrics.stringWidth(ch, font, 1.0)


@functools.lru_cache(maxsize=16384)
def _unit_width(text: str, style: str) -> float:
    """Width of ``text`` at 1 pt; cached because fit() re-measures a lot."""
    return sum(pdfmetrics.stringWidth(s, f, 1.0) for f, s in runs(text, style))


def text_width(text: str, size: float, style: str = "regular") -> float:
    """Width in points of ``text`` drawn at ``size`` with the font runs."""
    return _unit_width(text, style) * size


def _prefix_widths(text: str, style: str) -> list[float]:
    """Cumulative 1-pt widths: P[j] - P[i] ~ width of text[i:j].

    Approximate for substrings (a substring's runs may differ slightly at
    its edges), so callers verify the final lines with text_width().
    """
    acc, out = 0.0, [0.0]
    for font, s in runs(text, style):
        for ch in s:
            acc += _char_width(font, ch)
            out.append(acc)
    return out


# ---------------------------------------------------------- break points

def _is_break_space(ch: str) -> bool:
    """Breakable white space (not NBSP and friends)."""
    return unicodedata.category(ch) == "Zs" and ch not in _NO_BREAK_SPACES


def _is_glue(ch: str) -> bool:
    """Characters that must stay with the previous one (marks, VS, ZWJ)."""
    return unicodedata.category(ch)[0] == "M" or unicodedata.category(ch) == "Cf"


def _cjk_break_ok(a: str, b: str) -> bool:
    """May a line break between CJK characters ``a`` and ``b`` (kinsoku)?"""
    return (is_cjk(a) and is_cjk(b) and b not in CANNOT_START
            and a not in CANNOT_END and not _is_glue(b))


def _breaks(text: str) -> list[tuple[int, int, int]]:
    """Legal break points of stripped ``text`` as (end, start, priority).

    A line ends at ``end`` and the next begins at ``start`` (they differ by
    the spaces dropped at a space break). Priority 0 = spaces and
    kinsoku-legal CJK points; 1 = after a hyphen/dash/slash inside a word,
    used only when priority-0 breaks are not enough.
    """
    out, i, n = [], 0, len(text)
    while i < n:
        if _is_break_space(text[i]):
            j = i
            while j < n and _is_break_space(text[j]):
                j += 1
            if 0 < i and j < n:
                out.append((i, j, 0))
            i = j
            continue
        if i > 0 and not _is_break_space(text[i - 1]):
            a, b = text[i - 1], text[i]
            if _cjk_break_ok(a, b):
                out.append((i, i, 0))
            elif a in _BREAK_AFTER and i >= 2 and text[i - 2].isalnum() and b.isalnum():
                out.append((i, i, 1))
        i += 1
    return out


# ------------------------------------------------------------ line breaking

def _char_break(text: str, pos: int, size: float, width: float, style: str) -> int:
    """Last-resort end index for a word wider than the line: break by characters.

    Always advances at least one character (plus its combining marks) so a
    too-narrow width cannot loop forever; never splits a mark from its base.
    """
    j = pos + 1
    while j < len(text) and _is_glue(text[j]):
        j += 1
    k = j
    while k < len(text):
        nxt = k + 1
        while nxt < len(text) and _is_glue(text[nxt]):
            nxt += 1
        if text_width(text[pos:nxt], size, style) > width:
            break
        k = nxt
    return _kinsoku_back(text, j, k)


def _kinsoku_back(text: str, lo: int, k: int) -> int:
    """Move a forced break at ``k`` back (not below ``lo``) to a kinsoku-legal point."""
    for end in range(k, lo - 1, -1):
        if end >= len(text) or (text[end] not in CANNOT_START
                                and text[end - 1] not in CANNOT_END
                                and not _is_glue(text[end])):
            return end
    return k


def _next_line(text, pos, cands, size, width, style, prefix) -> tuple[int, int]:
    """Greedy choice of (end, next_start) for the line starting at ``pos``."""
    limit = width / size if size else math.inf
    for prio in (0, 1):
        usable = [c for c in cands if c[0] > pos and c[2] <= prio]
        fitting = [c for c in usable if prefix[c[0]] - prefix[pos] <= limit * 1.02]
        for end, start, _ in reversed(fitting):
            if text_width(text[pos:end], size, style) <= width:
                return end, start
    end = _char_break(text, pos, size, width, style)
    return end, _skip_spaces(text, end)


def _skip_spaces(text: str, i: int) -> int:
    """Index of the first non-space character at or after ``i``."""
    while i < len(text) and _is_break_space(text[i]):
        i += 1
    return i


def break_lines(text: str, size: float, width: float, style: str = "regular") -> list[str]:
    """Greedy line breaking of one paragraph (no newlines) at ``size`` pt.

    Latin/Greek/Cyrillic break at spaces, then after hyphens/dashes/slashes,
    and a word wider than ``width`` is broken by characters as a last resort.
    Japanese may break between any two CJK characters except where kinsoku
    forbids it (no line starts with 、。」ゃ… or ends with 「（…). Lines are
    stripped of surrounding spaces.
    """
    text = text.strip()
    cands, prefix = _breaks(text), _prefix_widths(text, style)
    lines, pos = [], 0
    while pos < len(text):
        if text_width(text[pos:], size, style) <= width:
            lines.append(text[pos:])
            break
        end, nxt = _next_line(text, pos, cands, size, width, style, prefix)
        lines.append(text[pos:end].rstrip())
        pos = nxt
    return lines


# ------------------------------------------------------------------ fitting

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
    widest = max(_unit_width(ln, style) for ln in lines)
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
    prefix = _prefix_widths(text, style)
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
    cands = _breaks(text)
    primary = [c for c in cands if c[2] == 0]
    for n in range(1, max_lines + 1):
        for pool in ((primary, cands) if len(primary) < len(cands) else (cands,)):
            lines = (text,) if n == 1 else _balanced(text, n, pool, style)
            size = lines and _largest_size(lines, width, max_size, min_size, style, height, leading)
            if size:
                return FittedText(size, lines, style)
    raise DoesNotFitError(text, width, height, min_size, max_lines)


# ------------------------------------------------------------------ drawing

ALIGN_SHARE = {"left": 0.0, "center": 0.5, "centre": 0.5, "right": 1.0}  # of the width left of x


def draw_line(canvas, x: float, y: float, text: str, size: float, style: str = "regular",
              align: str = "left", color=None) -> float:
    """Draw one line run by run (right font per script); return its width.

    ``x`` is the left edge, centre or right edge per ``align``. The canvas
    state is saved/restored, so the PDF's current font (and fill colour) after
    this call is what the caller had set, not our last run's font.
    """
    draw_lines(canvas, [(x, y, text, size, style, align, color)])
    return text_width(text, size, style)


def draw_lines(canvas, lines) -> None:
    """Draw lines given as (x, y, text, size, style, align, color) tuples, as
    :func:`draw_line` does, in one PDF text object.

    A badge's lines share one text object and one saved graphics state
    instead of one each, and each line's text operators are written here
    rather than by reportlab's text object, remembered per document: event
    titles, dates, roles and affiliations repeat on every badge. On a
    thousand badges that halves the drawing time. ``color`` None keeps the
    caller's fill colour.
    """
    canvas.saveState()
    canvas.addLiteral("BT")
    current_color = None
    for x, y, text, size, style, align, color in lines:
        if align not in ALIGN_SHARE:
            raise ValueError(f"align must be left, center or right, not {align!r}")
        if color is not None and color is not current_color:
            canvas.setFillColor(color)
            current_color = color
        left = x - ALIGN_SHARE[align] * text_width(text, size, style)
        canvas.addLiteral(f"1 0 0 1 {fp_str(left, y)} Tm {text_operators(canvas._doc, text, size, style)}")
    canvas.addLiteral("ET")
    canvas.restoreState()


_OPERATORS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # document -> {(text, size, style): operators}


def text_operators(document, text: str, size: float, style: str) -> str:
    """PDF operators that show ``text`` run by run: font subset, size, string.

    As reportlab's text object writes them for its TrueType fonts (all of
    ours are): the characters are numbered within the document's subsets
    of each font, so the result holds for that document only.
    """
    known = _OPERATORS.setdefault(document, {})
    key = (text, size, style)
    if key not in known:
        parts = []
        for font_name, run in runs(text, style):
            font = pdfmetrics.getFont(font_name)
            for subset, codes in font.splitString(run, document):
                parts.append(f"{font.getSubsetInternalName(subset, document)} {fp_str(size)} Tf ({escapePDF(codes)}) Tj")
        known[key] = " ".join(parts)
    return known[key]


GREEK_ACCENTS = {"\u0301", "\u0300", "\u0342", "\u0313", "\u0314", "\u0345"}  # tonos/oxia, varia, perispomeni, breathings, ypogegrammeni


def capitals(text: str) -> str:
    """`text` in capitals as each script writes them.

    Greek drops its accents in capitals (Παπαδοπούλου → ΠΑΠΑΔΟΠΟΥΛΟΥ), which
    str.upper() does not do; everything else is str.upper().
    """
    upper = text.upper()
    if not any("\u0370" <= c <= "\u03ff" or "\u1f00" <= c <= "\u1fff" for c in upper):
        return upper
    decomposed = unicodedata.normalize("NFD", upper)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in GREEK_ACCENTS))


def paragraph_markup(text: str, style: str = "regular") -> str:
    """``text`` as reportlab Paragraph markup with one <font name> per run.

    Escapes &, < and >. Pair with ParagraphStyle(fontName=default_font_name(
    style), wordWrap="CJK" if needs_cjk_wrap(text) else None) so the
    paragraph's own font is an embedded one too.
    """
    return "".join(f'<font name="{font}">{escape(s, quote=False)}</font>' for font, s in runs(text, style))


def wrapped_markup(text: str, size: float, width: float, style: str = "regular") -> str:
    """Paragraph markup pre-broken by :func:`break_lines`, lines joined by <br/>.

    Why: reportlab's own CJK wrap splits Latin words and misses kinsoku
    rules (see needs_cjk_wrap). Use with the paragraph's real available width
    and fontSize == ``size``, and the default wordWrap: every line already
    fits, so reportlab keeps our breaks. A hair of slack (0.5 pt) absorbs
    reportlab measuring inter-run spaces with a different font than ours.
    """
    lines = break_lines(text, size, max(width - 0.5, 1.0), style)
    return "<br/>".join(paragraph_markup(ln, style) for ln in lines)


__all__ = [
    "CANNOT_END", "CANNOT_START", "DoesNotFitError", "FittedText", "break_lines", "capitals",
    "default_font_name", "draw_line", "draw_lines", "fit", "is_cjk", "needs_cjk_wrap",
    "paragraph_markup", "text_width", "wrapped_markup",
]
