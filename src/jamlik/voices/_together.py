"""What residents say, per target area of the programme: themes and approved quotes.

The codebook links each theme to a target area, so the themes residents raised (and the
quotes an analyst approved) can stand beside the indicators of the same target area — on
the programme page, the indicator page, the area profile, the annual summary and the
equality report. Every number is a cell of the theme's own disclosure-controlled table
(:func:`theme_shares`), taken as it is: nothing is summed across themes or areas here, so
no view can publish a cell the tables withhold, nor a new total to difference against.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from jamlik.store import Area, TargetArea, VoiceCode, VoiceCollection, VoiceRespondent

from ._quotes import quotes
from ._shares import ALL_AREAS
from ._themes import theme_shares

__all__ = ["area_themes", "voices_by_target_area"]

_ABOUT = ("code", "title", "title_en", "is_example", "random_sample", "method", "started",
          "ended", "period", "min_count", "municipality", "programme_id")


def _cell(row) -> dict[str, Any]:
    """One published (or withheld) cell: share 0–1 with its interval, answers, raising it."""
    withheld = bool(row.suppressed)
    return {"area": None if row.area == ALL_AREAS else row.area,
            "value": None if withheld else float(row.value),
            "lower": None if withheld else float(row.lower),
            "upper": None if withheld else float(row.upper),
            "n": None if withheld else int(row.n), "x": None if withheld else int(row.x),
            "suppressed": withheld}


def _theme(rows: pd.DataFrame, names: dict[str, str], area: str | None) -> dict[str, Any]:
    first = rows.iloc[0]
    total = rows[rows["dimension"] == "total"]
    cells = [dict(_cell(r), area_name=names.get(r.area)) for r in total.itertuples()]
    return {"code": first["code"], "name": first["name"], "name_en": first["name_en"],
            "target_area": first["target_area"], "target_area_name": first["target_area_name"],
            "all": next((c for c in cells if c["area"] is None), None),
            "areas": [c for c in cells if c["area"] is not None
                      and (area is None or c["area"] == area)]}


def _collections(engine: Engine, municipality: str | None, area: str | None) -> list[dict]:
    query = select(*(getattr(VoiceCollection, k) for k in _ABOUT)).order_by(
        VoiceCollection.ended.desc(), VoiceCollection.code)
    if municipality is not None:
        query = query.where(VoiceCollection.municipality == municipality)
    if area is not None:
        query = query.where(VoiceCollection.id.in_(
            select(VoiceRespondent.collection_id).join(Area, VoiceRespondent.area_id == Area.id)
            .where(Area.code == area)))
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def voices_by_target_area(engine: Engine, *, programme_id: int | None = None,
                          municipality: str | None = None,
                          target_area_ids: Iterable[int] | None = None,
                          area: str | None = None) -> list[dict[str, Any]]:
    """What residents say per target area: the themes linked to it and approved quotes.

    Parameters
    ----------
    engine : sqlalchemy.Engine
    programme_id : int, optional
        Only the target areas of this programme.
    municipality : str, optional
        Only collections run in this municipality (its code, e.g. ``"1480"``).
    target_area_ids : iterable of int, optional
        Only these target areas (e.g. those an indicator follows).
    area : str, optional
        Only this area's cells and quotes (and collections with answers from it).

    Returns
    -------
    list of dict
        One per target area with themes, in the programme's order: ``target_area_id``,
        ``target_area`` (code), ``target_area_name`` and ``collections`` — each with the
        collection's ``code``, ``title``, ``title_en``, ``is_example``, ``random_sample``,
        ``method``, ``started``, ``ended``, ``period``, ``min_count``, ``themes`` and
        ``quotes``. A theme has ``code``, ``name``, ``name_en``, ``all`` (the cell of all
        answers) and ``areas`` (one cell per area, with ``area_name``); a cell has
        ``value``, ``lower``, ``upper`` (shares 0–1, Wilson 95 %), ``n`` (answers), ``x``
        (answers raising the theme) and ``suppressed`` (then all of them are None).
        A quote has ``text`` (masked), ``area``, ``area_name`` and ``themes`` (those of
        this target area it is shown under).
    """
    wanted = None if target_area_ids is None else set(target_area_ids)
    with engine.connect() as conn:
        query = (select(TargetArea.id, TargetArea.code, TargetArea.name, TargetArea.programme_id)
                 .where(TargetArea.id.in_(select(VoiceCode.target_area_id)))
                 .order_by(TargetArea.programme_id, TargetArea.sort_order, TargetArea.code))
        targets = [t for t in conn.execute(query).all()
                   if (programme_id is None or t.programme_id == programme_id)
                   and (wanted is None or t.id in wanted)]
        names = dict(conn.execute(select(Area.code, Area.name)).all())
    if not targets:
        return []
    found: dict[int, list[dict]] = {t.id: [] for t in targets}
    codes = {t.code: t.id for t in targets}  # codes are unique within a programme
    for collection in _collections(engine, municipality, area):
        shares = theme_shares(engine, collection["code"])
        if shares.empty:
            continue
        said = quotes(engine, collection["code"], area=area, shares=shares)
        for target in targets:
            rows = shares[shares["target_area"] == target.code]
            if rows.empty or codes.get(target.code) != target.id:
                continue
            themes = [_theme(r, names, area) for _c, r in rows.groupby("code", sort=False)]
            mine = {t["code"] for t in themes}
            found[target.id].append({**collection, "themes": themes, "quotes": [
                dict(q, themes=[t for t in q["themes"] if t in mine])
                for q in said if mine & set(q["themes"])]})
    return [{"target_area_id": t.id, "target_area": t.code, "target_area_name": t.name,
             "collections": found[t.id]} for t in targets if found[t.id]]


def area_themes(engine: Engine, area_code: str) -> list[dict]:
    """The themes raised in one area, per collection that covers it (for the area profile).

    Returns one dict per collection with answers from the area: ``code``, ``title``,
    ``title_en``, ``is_example``, ``min_count``, ``random_sample``, ``programme_id``, ``themes`` — each
    theme's ``code``, ``name``, ``name_en``, ``target_area``, ``target_area_name`` and its
    cell in the area (``value``, ``lower``, ``upper``, ``n``, ``x``, ``suppressed``) — and
    ``quotes`` from the area (:func:`quotes`), disclosure-controlled as on the collection's
    page.
    """
    out = []
    names = {}
    for collection in _collections(engine, None, area_code):
        frame = theme_shares(engine, collection["code"])
        if frame.empty:
            continue
        themes = []
        for _code, rows in frame.groupby("code", sort=False):
            theme = _theme(rows, names, area_code)
            cell = theme["areas"][0] if theme["areas"] else None
            if cell is not None:
                themes.append({k: theme[k] for k in ("code", "name", "name_en", "target_area",
                                                     "target_area_name")} | cell)
        out.append({**collection, "themes": themes,
                    "quotes": quotes(engine, collection["code"], area=area_code,
                                     shares=frame)})
    return out
