"""Fonts and text setting shared by every product (booklet, badges, tents).

Pure: nothing here draws, so layouts import it freely.

- :mod:`printkit.text.fonts` picks, per character, a bundled font that has
  the glyph (fallback chain from ``assets/fonts/fonts.yaml``) and registers it
  with reportlab so every PDF embeds all the fonts it uses;
- :mod:`printkit.text.metrics` holds the leading, ascent and descent
  (fractions of the size) badges and tents stack lines with;
- :mod:`printkit.text.shaping` shapes each run with HarfBuzz (kerning,
  ligatures), once per distinct run;
- :mod:`printkit.text.measure` says how wide a text is, from those shapes;
- :mod:`printkit.text.lines` breaks a paragraph into lines (incl. Japanese
  kinsoku);
- :mod:`printkit.text.fit` sizes and breaks a text to fit a box;
- :mod:`printkit.text.case` writes capitals as each script does;
- :mod:`printkit.text.markup` writes reportlab Paragraph markup with a font
  per run.

Drawing the lines (raw PDF text operators) is :mod:`printkit.render.text`.
"""
