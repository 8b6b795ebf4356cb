"""Which municipality a programme belongs to.

A programme is adopted by one municipality's council; the web app shows it only
with that municipality (choosing Malmö must not show Göteborg's programme, and a
municipality without a programme shows none). The programme file says so with
``municipality: "1480"`` (the municipality's area code, kept with the programme's
other fields). A programme stored before that field existed is matched by the
municipality's name in its own name or owner ("Göteborgs Stads program …" →
Göteborg); one that names no municipality belongs to none.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, select

from jamlik.store import Area, AreaVersion, Programme

__all__ = ["programme_municipalities"]


def programme_municipalities(engine: Engine) -> dict[int, str | None]:
    """The municipality code of every stored programme (by id), None when unknown."""
    with engine.connect() as conn:
        programmes = conn.execute(select(Programme.id, Programme.name, Programme.owner,
                                         Programme.details).order_by(Programme.id)).all()
        if not programmes:
            return {}
        municipalities = conn.execute(
            select(Area.code, Area.name).join(AreaVersion, AreaVersion.id == Area.version_id)
            .where(AreaVersion.level == "kommun")).all()
    out: dict[int, str | None] = {}
    for programme in programmes:
        given = (programme.details or {}).get("municipality")
        out[programme.id] = str(given) if given else _named(programme, municipalities)
    return out


def _named(programme, municipalities) -> str | None:
    words = f"{programme.name} {programme.owner or ''}".lower()
    # the longest name first: "Upplands Väsby" before "Väsby"; a name as a word's start
    # ("Göteborgs Stad" names Göteborg)
    for code, name in sorted(municipalities, key=lambda row: -len(row.name or "")):
        if name and re.search(rf"(?<!\w){re.escape(name.lower())}", words):
            return code
    return None
