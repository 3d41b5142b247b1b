"""How much room a line of type takes, as fractions of its size, for every product.

Badges and tent cards stack fitted lines themselves, so both need to know
where the ink of a line sits around its baseline. Measured on the bundled
fonts: accented capitals reach 0.944 of the size above the baseline in Noto
Sans Regular (É, Ê; 0.934 in bold), kanji 0.86 in BIZ UDPGothic;
descenders (g, y, p) reach 0.24 below it.
"""

LEADING = 1.15  # baseline to baseline
ASCENT = 0.95   # the tallest glyphs (accented capitals, kanji) above the baseline
DESCENT = 0.25  # descenders (g, y, p) below the baseline
