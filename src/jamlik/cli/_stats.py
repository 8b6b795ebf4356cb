"""Commands that compute statistics: inequality, lifeexp, sii, dsr, measure."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the statistics commands to ``app``."""
    # Each command family lives in its own module; see jamlik.cli._stats_*.
