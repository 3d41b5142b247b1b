"""Colours shared by the products, in CMYK because print shops print CMYK.

Defining them once keeps the booklet, badges and tents in one visual family
and lets `printkit check --cmyk` pass on everything printkit makes.

Text is set in the colours named in `TEXT` only. Black text is solid black
ink, 0/0/0/100: a tint of black is printed as a halftone screen, and small
type in a dot pattern has ragged edges. Grey text is a real tint on
purpose, under its own name, so "almost black" cannot happen by accident.
"""

import functools

from reportlab.lib.colors import CMYKColor, HexColor
from reportlab.lib.rl_accel import fp_str

BLACK = CMYKColor(0.00, 0.00, 0.00, 1.00)     # black text, QR codes, cut marks: solid K, never a tint
GREY = CMYKColor(0.00, 0.00, 0.00, 0.65)      # secondary text: a deliberate tint of K
PRIMARY = CMYKColor(1.00, 0.72, 0.10, 0.42)   # deep blue: bands, headings
ACCENT = CMYKColor(0.00, 0.32, 0.95, 0.02)    # warm gold: rules, numbers
RULE = CMYKColor(0.00, 0.00, 0.00, 0.22)      # hairlines
PAPER = CMYKColor(0.00, 0.00, 0.00, 0.00)     # text on dark bands
TINT = CMYKColor(0.10, 0.04, 0.00, 0.00)      # a session's box in the day grid
SHADE = CMYKColor(0.00, 0.00, 0.00, 0.07)     # an item in every room (plenary, break) in the grid
REGISTRATION = CMYKColor(1.00, 1.00, 1.00, 1.00)  # crop marks: print on every plate

# The colours a layout may name for text (layouts say "black", not a hex code).
TEXT = {"black": BLACK, "grey": GREY, "white": PAPER}


@functools.cache
def cmyk(hex_code: str) -> CMYKColor:
    """A '#RRGGBB' colour from a data file, as CMYK for the press.

    Layouts and programme.yaml name colours the way people know them (hex);
    the PDF carries them as CMYK so a CMYK preflight passes. The conversion is
    the plain device formula (no ICC profile): pure black becomes K only.
    Cached because reportlab parses colour strings on every use. For areas
    (badge bands), not text: text takes its colour from `TEXT`.
    """
    rgb = HexColor(hex_code)
    red, green, blue = rgb.red, rgb.green, rgb.blue
    black = 1 - max(red, green, blue)
    if black >= 1:
        return CMYKColor(0, 0, 0, 1)
    return CMYKColor(*((1 - channel - black) / (1 - black) for channel in (red, green, blue)), black)


def fill_operator(colour: CMYKColor) -> str:
    """The PDF operator that sets `colour` as the fill, as reportlab writes it
    (`c m y k k`), for operators written without reportlab's canvas state.
    Only CMYK: what printkit prints is for a press (`check --cmyk`)."""
    if not isinstance(colour, CMYKColor):
        raise TypeError(f"printkit draws in CMYK (render.palette), not {colour!r}")
    return f"{fp_str(colour.cyan, colour.magenta, colour.yellow, colour.black)} k"
