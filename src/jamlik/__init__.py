"""jamlik: a platform for a city's equality work (jämlikhetsarbete)."""
__version__ = "0.1.0"
