"""Where a line may break, and greedy line breaking of one paragraph.

Latin, Greek and Cyrillic break at spaces, then after hyphens, dashes and
slashes inside a word; Japanese may break between any two CJK characters
except where kinsoku shori (JIS X 4051) forbids it. Widths come from
:mod:`printkit.text.measure`, so a line that is said to fit does.
"""
from __future__ import annotations

import math
import unicodedata

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START

from printkit.scripts import is_cjk
from printkit.text.measure import prefix_widths, text_width

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


def break_points(text: str) -> list[tuple[int, int, int]]:
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
    cands, prefix = break_points(text), prefix_widths(text, style)
    lines, pos = [], 0
    while pos < len(text):
        if text_width(text[pos:], size, style) <= width:
            lines.append(text[pos:])
            break
        end, nxt = _next_line(text, pos, cands, size, width, style, prefix)
        lines.append(text[pos:end].rstrip())
        pos = nxt
    return lines
