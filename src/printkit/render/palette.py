"""Colours shared by the products, in CMYK because print shops print CMYK.

Defining them once keeps the booklet, badges and tents in one visual family
and lets `printkit check --cmyk` pass on everything printkit makes.
"""

from reportlab.lib.colors import CMYKColor

PRIMARY = CMYKColor(1.00, 0.72, 0.10, 0.42)   # deep blue: bands, headings
ACCENT = CMYKColor(0.00, 0.32, 0.95, 0.02)    # warm gold: rules, numbers
INK = CMYKColor(0.00, 0.00, 0.00, 0.92)       # body text
MUTED = CMYKColor(0.00, 0.00, 0.00, 0.60)     # secondary text
RULE = CMYKColor(0.00, 0.00, 0.00, 0.22)      # hairlines
PAPER = CMYKColor(0.00, 0.00, 0.00, 0.00)     # text on dark bands
REGISTRATION = CMYKColor(1.00, 1.00, 1.00, 1.00)  # crop marks: print on every plate
