"""Programmes, plans, activities and the yearly follow-up cycle."""

from ._tree import load_programme, read_programme

__all__ = ["load_programme", "read_programme"]
