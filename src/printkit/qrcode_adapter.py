"""The only module that reaches into the `qrcode` library's internals.

printkit encodes QR codes itself (`printkit.qr`, for speed) but takes the
standard's tables and function patterns from qrcode rather than copying
them. None of what it uses is qrcode's documented API, so it is all here,
and pyproject.toml caps qrcode below the next major version (`<9`): the
tests compare printkit's codes with qrcode's own, module for module, and
an upgrade is tried by lifting the cap and running them.

What this relies on (qrcode 7.4 to 8.x):

- `qrcode.util.BIT_LIMIT_TABLE[level][version]`: data bits per version and level;
- `qrcode.util.length_in_bits(MODE_8BIT_BYTE, version)`: the byte-mode count field's width;
- `qrcode.util.mask_func(pattern)`: the mask as a function of (row, column);
- `qrcode.base.rs_blocks(version, level)`: Reed-Solomon blocks with `data_count` and `total_count`;
- on a `qrcode.QRCode`, the attributes `modules` and `modules_count` and the
  methods `setup_position_probe_pattern(row, column)`,
  `setup_position_adjust_pattern()`, `setup_timing_pattern()`,
  `setup_type_info(test, mask_pattern)` and `setup_type_number(test)`, which
  draw the function patterns into `modules` (None where data goes);
- the level constants `qrcode.constants.ERROR_CORRECT_L/M/Q/H` (public).
"""

from __future__ import annotations

from collections.abc import Callable

import qrcode
from qrcode import util
from qrcode.base import rs_blocks
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

__all__ = ["ERROR_CORRECT_H", "ERROR_CORRECT_L", "ERROR_CORRECT_M", "ERROR_CORRECT_Q", "MODE_BYTE",
           "block_sizes", "count_bits", "data_bits", "function_patterns", "mask"]

MODE_BYTE = util.MODE_8BIT_BYTE  # the mode indicator, 0b0100


def data_bits(version: int, level: int) -> int:
    """Bits a code of `version` and error correction `level` holds for data (segments and their headers)."""
    return util.BIT_LIMIT_TABLE[level][version]


def count_bits(version: int) -> int:
    """Width of a byte-mode segment's character count field (8 bits up to version 9, 16 above)."""
    return util.length_in_bits(MODE_BYTE, version)


def block_sizes(version: int, level: int) -> list[tuple[int, int]]:
    """(data codewords, total codewords) of each Reed-Solomon block, in order."""
    return [(block.data_count, block.total_count) for block in rs_blocks(version, level)]


def mask(pattern: int) -> Callable[[int, int], bool]:
    """Whether mask `pattern` flips the module at (row, column)."""
    return util.mask_func(pattern)


def function_patterns(version: int, level: int, mask_pattern: int) -> list[list[bool | None]]:
    """The modules of a code without its data: finders, timing, alignment,
    format and version information drawn by qrcode; None where data goes."""
    code = qrcode.QRCode(version=version, error_correction=level, border=0, mask_pattern=mask_pattern)
    n = code.modules_count = version * 4 + 17
    code.modules = [[None] * n for _ in range(n)]
    for row, column in ((0, 0), (n - 7, 0), (0, n - 7)):
        code.setup_position_probe_pattern(row, column)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(False, mask_pattern)
    if version >= 7:
        code.setup_type_number(False)
    return code.modules
