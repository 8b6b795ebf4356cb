"""The funnel plot of the indicator page: the districts against the city (issue 9, item 4).

Each area's value against its size (the denominator), the city's value, and the 95 %
and 99.8 % limits of :func:`jamlik.stats.funnel_flags` (widened when the areas are
overdispersed); its table alternative lists the same limits per area. The flags are
those of :func:`jamlik.web._flags.area_flags`, shared with the map and the ranking.
"""

from __future__ import annotations

import pandas as pd

from . import _charts
from ._flags import Flags, dispersion_text, flag_summary
from ._i18n import gettext as _
from ._tables import Column, Table

__all__ = ["funnel_part"]


def funnel_part(now: pd.DataFrame, flags: Flags, meta: dict, labels: dict[str, str],
                city_value: float, period: str | None) -> dict:
    """The funnel chart and its table, or nothing when the areas have no counts.

    ``now`` holds the areas with their flag in ``comparison`` (in any order: rows are
    matched to ``flags.funnel`` by index label).
    """
    if flags.method != "funnel" or flags.funnel is None:
        return {"tables": {}, "charts": []}
    unit = meta["unit"]
    found = flags.funnel
    areas = now.loc[found.index]
    keys = now.loc[found.index, "comparison"]  # area_flags' keys, aligned by label
    rows = [{"area": {"text": a.area_name, "href": f"/omraden/{a.version}/{a.area}"},
             "name": a.area_name, "code": a.area, "size": a.denominator,
             "value": f.value, "lower_95": f.lower_95, "upper_95": f.upper_95,
             "lower_99_8": f.lower_99_8, "upper_99_8": f.upper_99_8,
             "comparison": labels[key], "comparison_key": key}
            for a, f, key in zip(areas.itertuples(), found.itertuples(), keys)]
    rows.sort(key=lambda r: r["size"])
    size_title = _("Antal i nämnaren")
    table = Table(
        "tratt", _("%(indicator)s: områdena mot staden i trattdiagram, %(period)s") % {
            "indicator": meta["name"], "period": period or "–"},
        [Column("area", _("Område"), "link"),
         Column("size", size_title, "number", 0), Column("value", unit or _("Värde"), "number"),
         Column("lower_99_8", _("Nedre gräns (99,8 %)"), "number"),
         Column("lower_95", _("Nedre gräns (95 %)"), "number"),
         Column("upper_95", _("Övre gräns (95 %)"), "number"),
         Column("upper_99_8", _("Övre gräns (99,8 %)"), "number"),
         Column("comparison", _("Jämfört med staden (99,8 %)"))],
        rows, example=meta["is_example"], row_header="area",
        note=flag_summary(flags) + " " + dispersion_text(flags))
    limits = []
    for r in rows:
        for level, label in (("95", _("95 %")), ("99_8", _("99,8 %"))):
            for side in ("lower", "upper"):
                limits.append({"size": r["size"], "limit": r[f"{side}_{level}"],
                               "level": label, "side": f"{side}-{level}"})
    used = {r["comparison_key"] for r in rows}
    spec = _charts.funnel(rows, limits, unit=unit, size_title=size_title,
                          target=city_value,
                          labels={k: v for k, v in labels.items() if k in used})
    chart = {"id": "tratt", "title": _("Trattdiagram: områdena mot staden"), "table": "tratt",
             "spec": spec,
             "text": _("Varje punkt är ett område: dess värde mot antalet i nämnaren. Den "
                       "tjocka svarta linjen är stadens värde, de streckade gränserna 95 % och "
                       "de heldragna gränserna 99,8 %. Områden utanför 99,8 %-gränserna är "
                       "flaggade.") + " " + flag_summary(flags) + " " + dispersion_text(flags)}
    return {"tables": {"tratt": table}, "charts": [chart]}
