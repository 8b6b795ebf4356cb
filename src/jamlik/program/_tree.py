"""Loading a programme tree (programme → target areas → strategies, with
preconditions) from YAML or JSON into the store.

The file format is the one of ``program-goteborg-2018-2026.yaml`` shipped with
jamlik: ``id``, ``name``, ``owner``, ``adopted``, ``period: {start, end}``,
``goal``, ``applies_to``, ``preconditions`` (a list of names), ``target_areas``
(each with ``id``, ``name`` and ``strategies`` with ``id`` and ``name``); other
keys (priorities, follow-up, plan parts) are kept as details. Storing a changed
file again makes a new revision (:mod:`jamlik.program._revisions`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine

from jamlik.errors import InputError

__all__ = ["read_programme", "load_programme"]


def read_programme(path: str | Path) -> dict[str, Any]:
    """Read and check a programme tree from a YAML or JSON file."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        raise InputError(f"kunde inte läsa filen: {error}", file=str(path)) from None
    _check(data, str(path))
    return data


def _check(data: Any, file: str) -> None:
    if not isinstance(data, dict):
        raise InputError("väntade ett program (en mappning med id, name, target_areas)", file=file)
    for key in ("id", "name", "target_areas"):
        if not data.get(key):
            raise InputError(f"fältet '{key}' saknas", file=file)
    seen = set()
    for i, target in enumerate(data["target_areas"]):
        where = f"target_areas[{i}]"
        if not isinstance(target, dict) or not target.get("id") or not target.get("name"):
            raise InputError(f"{where}: väntade id och name", file=file)
        extra = set(target) - {"id", "name", "strategies", "description"}
        if extra:
            raise InputError(f"{where}: okänt fält '{sorted(extra)[0]}'", file=file)
        for j, strategy in enumerate(target.get("strategies") or []):
            if not isinstance(strategy, dict) or not strategy.get("id") or not strategy.get("name"):
                raise InputError(f"{where}.strategies[{j}]: väntade id och name", file=file)
            extra = set(strategy) - {"id", "name", "description"}
            if extra:
                # YAML splits an unquoted name at a comma inside {...}: say so
                raise InputError(
                    f"{where}.strategies[{j}] ('{strategy['id']}'): okänt fält '{sorted(extra)[0]}'"
                    "; innehåller namnet ett kommatecken? Sätt det inom citattecken", file=file)
            if strategy["id"] in seen:
                raise InputError(f"{where}.strategies[{j}]: id '{strategy['id']}' finns redan",
                                 file=file)
            seen.add(strategy["id"])


def load_programme(engine: Engine, data: dict[str, Any]) -> int:
    """Store the programme tree ``data``; return the programme's id.

    Loading the same file twice is a no-op; a file whose content differs from the
    stored programme becomes a new revision (see :func:`import_programme`).
    """
    from ._revisions import import_programme

    return import_programme(engine, data).programme_id
