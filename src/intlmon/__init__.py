"""intlmon: monitoring of the international activity of universities."""

__version__ = "0.1.0"
