"""The indicator page: map, ranking, the city's trend, the gap's trend, groups, method.

Every part is built from two cached frames (the indicator's observations and its
gap measures) and returned with its table, so the page, the downloads and the
API show the same numbers. The state of the view (city, period, gap dimension)
is in the URL.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik.stats import compare_with_benchmark

from . import _charts, _compare
from ._choices import choose
from ._data import sub_areas
from ._i18n import gettext as _
from ._i18n import pick, term
from ._tables import Column, Table

__all__ = ["indicator_view"]


def _round_coordinates(geometry, digits: int = 4):
    # four decimals are about 10 m: plenty for a district map, a third of the bytes
    if isinstance(geometry, list):
        if geometry and isinstance(geometry[0], (int, float)):
            return [round(c, digits) for c in geometry]
        return [_round_coordinates(g, digits) for g in geometry]
    if isinstance(geometry, dict):
        return {k: _round_coordinates(v, digits) if k == "coordinates" else v
                for k, v in geometry.items()}
    return geometry


def geometries(engine, setting: str) -> dict[str, dict]:
    areas = sub_areas(engine, setting)
    return {row.code: _round_coordinates(row.geometry) for row in areas.itertuples()
            if row.geometry}


def _meta(row: pd.Series) -> dict:
    return {"code": row["code"], "name": pick(row["name"], row["name_en"]),
            "unit": term(row["unit"]), "polarity": row["polarity"], "kind": row["kind"],
            "source": row["source"], "description": row["description"],
            "is_example": bool(row["is_example"]), "scale": row["scale"]}


def polarity_text(polarity: str | None) -> str:
    if polarity is None:  # not given: unknown, not quietly "neutral"
        return _("riktning okänd")
    return {"higher_better": _("högre är bättre"), "lower_better": _("lägre är bättre")}.get(
        polarity, _("neutral"))


def dimension_label(code: str, names: dict[str, str]) -> str:
    if code == "omrade":
        return _("Mellan områden")
    return term(names.get(code, code))


def _period_rows(frame: pd.DataFrame) -> list[str]:
    periods = frame.drop_duplicates("period").sort_values(["end_date", "start_date"])
    return list(periods["period"])


def indicator_view(engine, meta_row: pd.Series, frame: pd.DataFrame, measures: pd.DataFrame,
                   settings: pd.DataFrame, setting: str, *, period: str | None,
                   dimension: str | None, geometry: dict[str, dict]) -> dict:
    """Everything the indicator page shows, for one city (``setting``)."""
    meta = _meta(meta_row)
    labels = _compare.comparison_labels(meta["polarity"])
    inside = frame[(frame["parent"] == setting) & (frame["dimension"] == "total")]
    city = frame[(frame["area"] == setting) & (frame["dimension"] == "total")]
    periods = _period_rows(inside if not inside.empty else city)
    period = choose(period, {p: p for p in reversed(periods)},
                    _("Perioden %(value)s finns inte för indikatorn här."),
                    parameter="period") or (periods[-1] if periods else None)
    city_name = _city_name(settings, setting)
    ranking = _ranking_part(inside, city, period, meta, labels, geometry)
    over_time = _city_part(city, meta, city_name)
    gap = _gap_part(measures, frame, setting, dimension, meta, meta["is_example"])
    groups = _groups_part(frame, setting, period, meta, city_name)
    tables: dict[str, Table] = {}
    charts: list[dict] = []
    for part in (ranking, over_time, gap, groups):
        tables.update(part["tables"])
        charts.extend(part["charts"])
    if meta["is_example"]:  # invented values are marked inside every chart and map image
        for chart in charts:
            chart["spec"] = _charts.watermark(chart["spec"], _("Exempeldata"))
    seen: set[str] = set()
    for chart in reversed(charts):  # a table shared by charts is shown after the last one
        chart["show_table"] = chart["table"] not in seen
        seen.add(chart["table"])
    return {"indicator": meta, "setting": setting, "period": period, "periods": periods,
            "city_value": ranking["city_value"], "tables": tables, "charts": charts,
            "dimension": gap["dimension"], "dimensions": gap["dimensions"],
            "verdicts": gap["verdicts"], "methods": gap["methods"],
            "comparison_counts": ranking["counts"],
            "labels": labels, "polarity_text": polarity_text(meta["polarity"])}


def _ranking_part(inside, city, period, meta, labels, geometry) -> dict:
    """The map and the ranking of the areas at the chosen period, against the city."""
    unit = meta["unit"]
    now = inside[inside["period"] == period].copy()
    city_now = city[city["period"] == period]
    city_value = float(city_now["value"].iloc[0]) if len(city_now) else np.nan
    now["comparison"] = compare_with_benchmark(now["lower"], now["upper"], city_value,
                                               meta["polarity"])
    descending = meta["polarity"] != "lower_better"  # best first
    now = now.sort_values("value", ascending=not descending, na_position="last")
    now["rank"] = np.arange(1, len(now) + 1)
    now["comparison_text"] = now["comparison"].map(labels)
    ranking = [{"rank": int(r.rank), "name": r.area_name, "code": r.area,
                "value": r.value, "lower": r.lower, "upper": r.upper,
                "comparison": labels[r.comparison], "comparison_key": r.comparison,
                "suppressed": (r.suppression_reason or _("undertryckt")) if r.suppressed else None,
                "area": {"text": r.area_name,
                         "href": f"/omraden/{r.version}/{r.area}"}} for r in now.itertuples()]
    table = Table(
        "rangordning", _("%(indicator)s per område, %(period)s") % {
            "indicator": meta["name"], "period": period or "–"},
        [Column("rank", _("Rang"), "number", 0), Column("area", _("Område"), "link"),
         Column("code", _("Kod")), Column("value", unit or _("Värde"), "number"),
         Column("lower", _("Nedre gräns (95 %)"), "number"),
         Column("upper", _("Övre gräns (95 %)"), "number"),
         Column("comparison", _("Jämfört med staden"))],
        ranking, example=meta["is_example"], row_header="area",
        note=_("Stadens värde: %(value)s") % {"value": _fmt(city_value)})
    charts = []
    features = _features(ranking, geometry)
    if features:
        charts.append({"id": "karta", "title": _("Karta"), "table": "rangordning",
                       "spec": _charts.choropleth(features, unit=unit),
                       "text": _("Karta över %(n)d områden färgade efter värde; samma värden "
                                 "finns i tabellen.") % {"n": len(features)},
                       "map": True})
    charts.append({"id": "rangordning", "title": _("Områden i rangordning med 95 % "
                                                   "konfidensintervall"),
                   "table": "rangordning",
                   "spec": _charts.caterpillar(ranking, unit=unit, city_value=city_value,
                                               labels=labels, show_names=len(ranking) <= 40),
                   "text": _("Punkter med intervall per område, från bäst till sämst; den "
                             "streckade linjen är stadens värde.")})
    return {"tables": {"rangordning": table}, "charts": charts, "city_value": city_value,
            "counts": now["comparison"].value_counts().to_dict()}


def _features(ranking: list[dict], geometry: dict[str, dict]) -> list[dict]:
    """GeoJSON features of the areas, with the ranking's value and comparison."""
    by_code = {r["code"]: r for r in ranking}
    features = []
    for code, shape in geometry.items():
        row = by_code.get(code, {})
        features.append({"type": "Feature", "geometry": shape, "properties": {
            "code": code, "name": row.get("name") or code, "value": _num(row.get("value")),
            "comparison": row.get("comparison")}})
    return features


def _city_part(city, meta, city_name) -> dict:
    """The city's value over time: a table and, when there are values, a chart."""
    unit = meta["unit"]
    city_rows = [{"period": r.period, "value": r.value, "lower": r.lower, "upper": r.upper}
                 for r in city.itertuples()]
    table = Table(
        "stad", _("%(indicator)s i %(city)s över tid") % {"indicator": meta["name"],
                                                           "city": city_name},
        [Column("period", _("Period")), Column("value", unit or _("Värde"), "number"),
         Column("lower", _("Nedre gräns (95 %)"), "number"),
         Column("upper", _("Övre gräns (95 %)"), "number")],
        city_rows, example=meta["is_example"], row_header="period")
    charts = []
    if city_rows:
        charts.append({"id": "stad", "title": _("Stadens värde över tid"), "table": "stad",
                       "spec": _charts.trend(city_rows, title=unit),
                       "text": _("Linje med 95 % konfidensband för stadens värde per period.")})
    return {"tables": {"stad": table}, "charts": charts}


def _groups_part(frame, setting, period, meta, city_name) -> dict:
    """The city's groups (sex, region of birth, ...) at the chosen period."""
    unit = meta["unit"]
    groups = frame[(frame["area"] == setting) & (frame["dimension"] != "total")
                   & (frame["period"] == period)]
    group_rows, charts = [], []
    for (dim, dim_name), part in groups.groupby(["dimension", "dimension_name"], sort=True):
        rows = [{"dimension": term(dim_name), "group": term(r.subgroup_name), "value": r.value,
                 "lower": r.lower, "upper": r.upper}
                for r in part.sort_values("sort_order").itertuples()]
        group_rows += rows
        charts.append({"id": f"grupp-{dim}", "title": _("Efter %(dimension)s, %(period)s") % {
            "dimension": term(dim_name).lower(), "period": period}, "table": "grupper",
            "spec": _charts.group_bars(rows, unit=unit),
            "text": _("Staplar med 95 % konfidensintervall per grupp.")})
    table = Table(
        "grupper", _("%(indicator)s i %(city)s efter grupp, %(period)s") % {
            "indicator": meta["name"], "city": city_name, "period": period or "–"},
        [Column("dimension", _("Indelning")), Column("group", _("Grupp")),
         Column("value", unit or _("Värde"), "number"),
         Column("lower", _("Nedre gräns (95 %)"), "number"),
         Column("upper", _("Övre gräns (95 %)"), "number")],
        group_rows, example=meta["is_example"], row_header="group")
    return {"tables": {"grupper": table}, "charts": charts}


def _gap_part(measures, frame, setting, dimension, meta, example) -> dict:
    names = dict(zip(frame["dimension"], frame["dimension_name"]))
    ordered = dict(zip(frame["dimension"], frame["ordered"].fillna(False).astype(bool)))
    here = measures[measures["area_code"] == setting] if not measures.empty else measures
    dimensions = sorted(set(here["dimension"]) if not here.empty else set(),
                        key=lambda d: (d != "omrade", d))
    dimension = choose(dimension, {d: dimension_label(d, names) for d in dimensions},
                       _("Skillnaden %(value)s finns inte för indikatorn här."),
                       parameter="dimension") or (dimensions[0] if dimensions else None)
    out = {"tables": {}, "charts": [], "dimension": dimension, "verdicts": [], "methods": [],
           "dimensions": [{"code": d, "name": dimension_label(d, names)} for d in dimensions]}
    if dimension is None:
        return out
    absolute, relative = _compare.gap_measures(ordered.get(dimension, False), dimension)
    part = here[(here["dimension"] == dimension) & here["measure"].isin([absolute, relative])]
    verdicts = _compare.gap_verdicts(part)
    label = dimension_label(dimension, names)
    rows = []
    for measure in (absolute, relative):
        series = part[part["measure"] == measure]
        points = [{"measure": measure, "period": r.period, "value": r.value, "lower": r.lower,
                   "upper": r.upper, "unit": term(getattr(r, "unit", None)),
                   "reason": r.reason}
                  for r in series.itertuples()]
        rows += points
        verdict = verdicts[verdicts["measure"] == measure]
        v = verdict.iloc[0].to_dict() if len(verdict) else {"verdict": "none"}
        v["measure"] = measure
        v["text"] = _compare.verdict_text(v.get("verdict"))
        v["measure_name"] = measure_name(measure)
        out["verdicts"].append(v)
        methods = series["method"].dropna().unique()
        if len(methods):
            out["methods"].append({"measure": measure_name(measure), "method": methods[-1]})
        if series["value"].notna().any():
            out["charts"].append({
                "id": f"skillnad-{measure.lower()}",
                "title": _("%(measure)s %(dimension)s över tid") % {
                    "measure": measure_name(measure), "dimension": label.lower()},
                "table": "skillnad",
                "spec": _charts.trend([p for p in points if p["value"] == p["value"]],
                                      title=measure, null_value=_compare.NULL_VALUES[measure]),
                "text": _("Linje med 95 % konfidensband; den prickade linjen är ingen skillnad.")})
    out["tables"]["skillnad"] = Table(
        "skillnad", _("Skillnad %(dimension)s över tid: %(absolute)s och %(relative)s") % {
            "dimension": label.lower(), "absolute": absolute, "relative": relative},
        [Column("measure", _("Mått")), Column("period", _("Period")),
         Column("value", _("Värde"), "number", 2), Column("unit", _("Enhet")),
         Column("lower", _("Nedre gräns (95 %)"), "number", 2),
         Column("upper", _("Övre gräns (95 %)"), "number", 2),
         Column("reason", _("Anmärkning"))],
        rows, example=example)
    return out


def measure_name(measure: str) -> str:
    return {"D": _("Differens (D)"), "R": _("Kvot (R)"),
            "SII": _("Lutningsindex (SII)"), "RII": _("Relativt index (RII)")}.get(measure,
                                                                                   measure)


def _city_name(settings: pd.DataFrame, setting: str) -> str:
    match = settings[settings["code"] == setting]
    return str(match["name"].iloc[0]) if len(match) else setting


def _num(value):
    if value is None:
        return None
    value = float(value)
    return None if np.isnan(value) else value


def _fmt(value: float) -> str:
    from ._i18n import language
    from ._tables import number

    return number(value, 1, language())
