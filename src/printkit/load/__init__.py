"""Loading: the only package that knows file formats (YAML, CSV)."""

from .programme import load_programme

__all__ = ["load_programme"]
