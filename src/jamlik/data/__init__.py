"""Data files shipped with jamlik (see ATTRIBUTION.md)."""
