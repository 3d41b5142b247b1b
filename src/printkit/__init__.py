"""printkit: print-ready booklets, QR name badges and tent cards from one YAML file."""

__version__ = "0.1.0"
