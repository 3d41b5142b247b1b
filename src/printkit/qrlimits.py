"""The limits every printed QR code keeps, in one place.

The badges product lays codes out by them, programme.yaml's
`badges.qr_module` and `--qr-module` are checked against them, and
`printkit check` fails a PDF that breaks them: so printkit never writes a
file its own check fails. Imports nothing, so every layer may use it.
"""

QUIET_ZONE = 4  # modules of light margin around a code (ISO 18004 asks for 4)
MIN_MODULE_MM = 0.5  # the smallest module printkit draws and `printkit check` accepts
DEFAULT_MODULE_MM = 0.65  # badges' smallest module: what the simulated phone camera reads on every stock (README, "QR code")
