"""Commands that move data: import, export, batches, rollback, demo."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the data commands to ``app``."""
