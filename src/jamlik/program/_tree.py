"""Loading a programme tree (programme → target areas → strategies, with
preconditions) from YAML or JSON into the store.

The file format is the one of ``program-goteborg-2018-2026.yaml`` shipped with
jamlik: ``id``, ``name``, ``owner``, ``adopted``, ``period: {start, end}``,
``goal``, ``applies_to``, ``preconditions`` (a list of names), ``target_areas``
(each with ``id``, ``name`` and ``strategies`` with ``id`` and ``name``); other
keys (priorities, follow-up, plan parts) are kept as details.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, select

from jamlik.errors import InputError
from jamlik.store._models import Precondition, Programme, Strategy, TargetArea

__all__ = ["read_programme", "load_programme"]

_CORE = {"id", "name", "owner", "adopted", "period", "goal", "applies_to", "preconditions",
         "target_areas"}


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

    A programme whose id is already stored is left as it is (loading the same
    file twice is a no-op).
    """
    with engine.begin() as conn:
        found = conn.execute(select(Programme.id).where(Programme.code == data["id"])).first()
        if found is not None:
            return found[0]
        period = data.get("period") or {}
        programme_id = conn.execute(Programme.__table__.insert().values(
            code=data["id"], name=data["name"], owner=data.get("owner"), goal=data.get("goal"),
            adopted=str(data["adopted"]) if data.get("adopted") else None,
            period_start=period.get("start"), period_end=period.get("end"),
            applies_to=data.get("applies_to"),
            details={k: v for k, v in data.items() if k not in _CORE},
        )).inserted_primary_key[0]
        for order, name in enumerate(data.get("preconditions") or []):
            conn.execute(Precondition.__table__.insert().values(
                programme_id=programme_id, name=name, sort_order=order))
        for order, target in enumerate(data["target_areas"]):
            target_id = conn.execute(TargetArea.__table__.insert().values(
                programme_id=programme_id, code=target["id"], name=target["name"],
                sort_order=order)).inserted_primary_key[0]
            for position, strategy in enumerate(target.get("strategies") or []):
                conn.execute(Strategy.__table__.insert().values(
                    target_area_id=target_id, code=strategy["id"], name=strategy["name"],
                    sort_order=position))
        return programme_id
