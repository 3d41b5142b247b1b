"""Colours shared by the products, in CMYK because print shops print CMYK.

Defining them once keeps the booklet, badges and tents in one visual family
and lets `printkit check --cmyk` pass on everything printkit makes.
"""

import functools

from reportlab.lib.colors import CMYKColor, HexColor

PRIMARY = CMYKColor(1.00, 0.72, 0.10, 0.42)   # deep blue: bands, headings
ACCENT = CMYKColor(0.00, 0.32, 0.95, 0.02)    # warm gold: rules, numbers
INK = CMYKColor(0.00, 0.00, 0.00, 0.92)       # body text
MUTED = CMYKColor(0.00, 0.00, 0.00, 0.60)     # secondary text
RULE = CMYKColor(0.00, 0.00, 0.00, 0.22)      # hairlines
PAPER = CMYKColor(0.00, 0.00, 0.00, 0.00)     # text on dark bands
TINT = CMYKColor(0.10, 0.04, 0.00, 0.00)      # a session's box in the day grid
SHADE = CMYKColor(0.00, 0.00, 0.00, 0.07)     # an item in every room (plenary, break) in the grid
REGISTRATION = CMYKColor(1.00, 1.00, 1.00, 1.00)  # crop marks: print on every plate


@functools.cache
def cmyk(hex_code: str) -> CMYKColor:
    """A '#RRGGBB' colour from a data file, as CMYK for the press.

    Layouts and programme.yaml name colours the way people know them (hex);
    the PDF carries them as CMYK so a CMYK preflight passes. The conversion is
    the plain device formula (no ICC profile): pure black becomes K only.
    Cached because reportlab parses colour strings on every use.
    """
    rgb = HexColor(hex_code)
    red, green, blue = rgb.red, rgb.green, rgb.blue
    black = 1 - max(red, green, blue)
    if black >= 1:
        return CMYKColor(0, 0, 0, 1)
    return CMYKColor(*((1 - channel - black) / (1 - black) for channel in (red, green, blue)), black)
