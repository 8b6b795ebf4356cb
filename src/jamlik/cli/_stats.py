"""Commands that compute statistics: inequality, lifeexp, sii, dsr, measure."""

from __future__ import annotations

import typer

from . import _stats_heat, _stats_life, _stats_uk


def register(app: typer.Typer) -> None:
    """Add the statistics commands to ``app``."""
    for module in (_stats_heat, _stats_life, _stats_uk):
        module.register(app)
