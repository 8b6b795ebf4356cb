"""The indicator page: map, ranking, the city's trend, the gap's trend, groups, method.

Every part is built from two cached frames (the indicator's observations and its
gap measures) and returned with its table, so the page, the downloads and the
API show the same numbers. The state of the view (city, period, gap dimension)
is in the URL.
"""

from __future__ import annotations

from urllib.parse import quote

import numpy as np
import pandas as pd

from . import _charts, _compare, _geometry
from ._choices import choose
from ._flags import area_flags, dispersion_text, flag_summary
from ._i18n import gettext as _
from ._i18n import pick, reason, term
from ._tables import Column, Table
from ._view_funnel import funnel_part

__all__ = ["indicator_view"]


def shown_name(name: str | None, is_example: bool) -> str | None:
    """An indicator's name for a page that marks example data with its badge: without the
    "(exempeldata)"/"(example data)" the demo writes into the name, so it is said once."""
    if not name or not is_example:
        return name
    for suffix in (" (exempeldata)", " (example data)"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _meta(row: pd.Series) -> dict:
    return {"code": row["code"],
            "name": shown_name(pick(row["name"], row["name_en"]), bool(row["is_example"])),
            "unit": term(row["unit"]), "polarity": row["polarity"], "kind": row["kind"],
            "source": term(row["source"]), "description": row["description"],
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


def _reason(row) -> str | None:
    """Why a row's value is not shown (its suppression reason), or None."""
    return (row.suppression_reason or _("undertryckt")) if row.suppressed else None


def _period_rows(frame: pd.DataFrame) -> list[str]:
    periods = frame.drop_duplicates("period").sort_values(["end_date", "start_date"])
    return list(periods["period"])


def indicator_view(engine, meta_row: pd.Series, frame: pd.DataFrame, measures: pd.DataFrame,
                   settings: pd.DataFrame, setting: str, *, period: str | None,
                   dimension: str | None, shapes: dict[str, _geometry.AreaShapes],
                   whole_map: bool = False) -> dict:
    """Everything the indicator page shows, for one city (``setting``).

    ``shapes`` are the city's sub-areas per area version
    (:func:`jamlik.web._geometry.shapes_of`); the map names their simplified file
    instead of carrying them, and is fitted to where people live unless
    ``whole_map`` asks for every area.
    """
    meta = _meta(meta_row)
    labels = _compare.comparison_labels(meta["polarity"])
    inside = frame[(frame["parent"] == setting) & (frame["dimension"] == "total")]
    city = frame[(frame["area"] == setting) & (frame["dimension"] == "total")]
    periods = _period_rows(inside if not inside.empty else city)
    period = choose(period, {p: p for p in reversed(periods)},
                    _("Perioden %(value)s finns inte för indikatorn här."),
                    parameter="period") or (periods[-1] if periods else None)
    city_name = _city_name(settings, setting)
    ranking = _ranking_part(inside, city, period, meta, labels, (setting, shapes),
                            whole_map)
    over_time = _city_part(city, meta, city_name)
    gap = _gap_part(measures, frame, setting, dimension, meta, meta["is_example"])
    groups = _groups_part(frame, setting, period, meta, city_name)
    tables: dict[str, Table] = {}
    charts: list[dict] = []
    for part in (ranking, ranking["funnel"], over_time, gap, groups):
        tables.update(part["tables"])
        charts.extend(part["charts"])
    for table in tables.values():  # a value not shown says why, on the page and in downloads
        if any(row.get("suppressed") for row in table.rows):
            table.columns.append(Column("suppressed", _("Varför värdet inte visas")))
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
            "verdicts": gap["verdicts"], "methods": gap["methods"], "ranking": gap["ranking"],
            "range": gap["range"],
            "comparison_counts": ranking["counts"], "flags": ranking["flags"],
            "whole_map": whole_map,
            "labels": labels, "polarity_text": polarity_text(meta["polarity"])}


def _ranking_part(inside, city, period, meta, labels, shapes, whole_map=False) -> dict:
    """The map, the ranking and the funnel plot of the areas at the chosen period, each
    area flagged against the city at 99.8 % by :func:`_flags.area_flags`."""
    unit = meta["unit"]
    now = inside[inside["period"] == period].copy()
    city_now = city[city["period"] == period]
    city_value = float(city_now["value"].iloc[0]) if len(city_now) else np.nan
    flags = area_flags(now, city_value, polarity=meta["polarity"], kind=meta["kind"],
                       scale=meta["scale"])
    now["comparison"] = flags.keys
    descending = meta["polarity"] != "lower_better"  # best first
    now = now.sort_values("value", ascending=not descending, na_position="last")
    now["rank"] = np.arange(1, len(now) + 1)
    ranking = [{"rank": int(r.rank), "name": r.area_name, "code": r.area,
                "value": r.value, "lower": r.lower, "upper": r.upper,
                "comparison": labels[r.comparison], "comparison_key": r.comparison,
                "suppressed": _reason(r),
                "area": {"text": r.area_name,
                         "href": f"/omraden/{r.version}/{r.area}"}} for r in now.itertuples()]
    summary = flag_summary(flags)
    table = Table(
        "rangordning", _("%(indicator)s per område, %(period)s") % {
            "indicator": meta["name"], "period": period or "–"},
        [Column("rank", _("Rang"), "number", 0), Column("area", _("Område"), "link"),
         Column("code", _("Kod")), Column("value", unit or _("Värde"), "number"),
         Column("lower", _("Nedre gräns (95 %)"), "number"),
         Column("upper", _("Övre gräns (95 %)"), "number"),
         Column("comparison", _("Jämfört med staden (99,8 %)"))],
        ranking, example=meta["is_example"], row_header="area",
        note=_("Stadens värde: %(value)s.") % {"value": _fmt(city_value)} + " " + summary)
    charts = []
    drawn = _drawn(shapes[1], now)
    if drawn is not None:
        charts.append(_map_chart(ranking, shapes[0], drawn, now, unit, labels, whole_map,
                                 summary))
    charts.append({"id": "rangordning", "title": _("Områden i rangordning med 95 % "
                                                   "konfidensintervall"),
                   "table": "rangordning",
                   "spec": _charts.caterpillar(ranking, unit=unit, city_value=city_value,
                                               labels=_used(labels, ranking),
                                               show_names=len(ranking) <= 40),
                   "text": _("Punkter med intervall per område, från bäst till sämst; den "
                             "streckade linjen är stadens värde. Färg och form visar "
                             "flaggan på 99,8 %-nivån.") + " " + summary})
    return {"tables": {"rangordning": table}, "charts": charts, "city_value": city_value,
            "counts": pd.Series(flags.keys).value_counts().to_dict(),
            "flags": {"summary": summary, "dispersion": dispersion_text(flags),
                      "method": flags.method, "flagged": flags.flagged,
                      "compared": flags.compared, "expected": flags.expected},
            "funnel": funnel_part(now, flags, meta, labels, city_value, period)}


def _used(labels: dict[str, str], rows: list[dict]) -> dict[str, str]:
    """The comparison classes that occur, in the order of ``labels`` (for legends)."""
    used = {r["comparison_key"] for r in rows}
    return {k: v for k, v in labels.items() if k in used}


def _drawn(shapes: dict[str, _geometry.AreaShapes], now: pd.DataFrame):
    """The area version the map draws: the one of most areas with a value at the
    period, else the one with most shapes; None when no area has a shape."""
    if not shapes:
        return None
    valued = now.loc[now["value"].notna(), "version"].value_counts()
    return max(shapes.values(), key=lambda s: (int(valued.get(s.version, 0)), len(s.codes),
                                               s.version))


def _map_chart(ranking, setting, shapes, now, unit, labels, whole_map, summary) -> dict:
    """The choropleth, fitted to where people live, with the flagged areas marked.

    The fit and the symbols are computed here from the shapes; the shapes themselves
    are fetched by the browser from their file (one per area version and zoom)."""
    population = dict(zip(now["area"], now["population"].where(now["population"].notna(),
                                                                now["denominator"])))
    fit = shapes.extent() if whole_map else shapes.populated_extent(population)
    marks = []
    for row in ranking:
        if row["comparison_key"] in ("better", "worse", "higher", "lower") and \
                shapes.centroids.get(row["code"]) is not None:
            point = shapes.centroids[row["code"]]
            marks.append({"name": row["name"], "longitude": point[0],
                          "latitude": point[1], "comparison": row["comparison"]})
    flagged = {k: v for k, v in labels.items() if k in {r["comparison_key"] for r in ranking}
               and k in ("better", "worse", "higher", "lower")}
    zoom = _geometry.zoom_for(fit)
    tag = _geometry.geojson(shapes, zoom)[1]
    url = (f"/geometri/{quote(shapes.version, safe='')}/{quote(setting, safe='')}/{zoom}"
           f".geojson?v={tag}")
    features = _features(ranking, list(shapes.geometry))
    return {"id": "karta", "title": _("Karta"), "table": "rangordning",
            "spec": _charts.choropleth(features, unit=unit, fit=fit, flags=marks,
                                       labels=flagged, geometry_url=url),
            "text": _("Karta över %(n)d områden färgade efter värde; områden som skiljer sig "
                      "från staden på 99,8 %%-nivån är markerade med en symbol. Samma värden "
                      "finns i tabellen.") % {"n": len(features)} + " " + summary,
            "map": True, "whole": whole_map,
            "table_note": _("Tabellen med samma värden följer efter rangordningen.")}


def _features(ranking: list[dict], codes: list[str]) -> list[dict]:
    """The areas drawn on the map (``codes``) with the ranking's value and comparison,
    without their shapes (joined to them in the browser by ``code``)."""
    by_code = {r["code"]: r for r in ranking}
    features = []
    for code in codes:
        row = by_code.get(code, {})
        features.append({"type": "Feature", "properties": {
            "code": code, "name": row.get("name") or code, "value": _num(row.get("value")),
            "comparison": row.get("comparison")}})
    return features


def _city_part(city, meta, city_name) -> dict:
    """The city's value over time: a table and, when there are values, a chart."""
    unit = meta["unit"]
    city_rows = [{"period": r.period, "value": r.value, "lower": r.lower, "upper": r.upper,
                  "suppressed": _reason(r)} for r in city.itertuples()]
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
                 "lower": r.lower, "upper": r.upper, "suppressed": _reason(r)}
                for r in part.sort_values("sort_order").itertuples()]
        group_rows += rows
        charts.append({"id": f"grupp-{dim}", "title": _("Efter %(dimension)s, %(period)s") % {
            "dimension": term(dim_name).lower(), "period": period}, "table": "grupper",
            "spec": _charts.group_dots(rows, unit=unit),
            "text": _("Punkter med 95 % konfidensintervall per grupp.")})
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
           "ranking": None, "range": None,
           "dimensions": [{"code": d, "name": dimension_label(d, names)} for d in dimensions]}
    if dimension is None:
        return out
    absolute, relative = _compare.gap_measures(ordered.get(dimension, False), dimension)
    part = here[(here["dimension"] == dimension) & here["measure"].isin([absolute, relative])]
    if dimension == "omrade":
        ranked = part["ranked_by"].dropna() if "ranked_by" in part.columns else part["measure"][:0]
        out["ranking"] = _compare.ranking_text(ranked.iloc[-1] if len(ranked) else None)
        spread = here[(here["dimension"] == dimension) & (here["measure"] == "range")
                      & here["value"].notna()]
        if len(spread):  # max − min: a described range only, without an interval
            out["range"] = {"period": spread["period"].iloc[-1], "value": spread["value"].iloc[-1],
                            "unit": _compare.unit_text("range", meta["unit"])}
    verdicts = _compare.gap_verdicts(part)
    label = dimension_label(dimension, names)
    rows = []
    for measure in (absolute, relative):
        series = part[part["measure"] == measure]
        unit = _compare.unit_text(measure, meta["unit"])
        points = [{"measure": measure, "period": r.period, "value": r.value, "lower": r.lower,
                   "upper": r.upper, "unit": unit, "reason": reason(r.reason)}
                  for r in series.itertuples()]
        rows += points
        out["verdicts"].append(_verdict(verdicts, series, measure, meta["unit"]))
        if len(series):
            out["methods"].append({"measure": measure_name(measure),
                                   "method": method_text(measure)})
        if series["value"].notna().any():
            out["charts"].append(_gap_chart(measure, label, unit, points))
    out["tables"]["skillnad"] = Table(
        "skillnad", _("Skillnad %(dimension)s över tid: %(absolute)s och %(relative)s") % {
            "dimension": label.lower(), "absolute": absolute, "relative": relative},
        [Column("measure", _("Mått")), Column("period", _("Period")),
         Column("value", _("Värde"), "number", 2), Column("unit", _("Enhet")),
         Column("lower", _("Nedre gräns (95 %)"), "number", 2),
         Column("upper", _("Övre gräns (95 %)"), "number", 2),
         Column("reason", _("Anmärkning"))],
        rows, example=example,
        note=(_("Områdena rangordnade efter %(ranking)s.") % {"ranking": out["ranking"]}
              if out["ranking"] else None))
    return out


def _verdict(verdicts: pd.DataFrame, series: pd.DataFrame, measure: str,
             unit: str | None) -> dict:
    """The newest value of one measure with its unit, and its verdict
    (:func:`jamlik.stats.gap_verdict`), for the page."""
    found = verdicts[verdicts["measure"] == measure]
    v = found.iloc[0].to_dict() if len(found) else {
        "verdict": "none", "text": _compare.verdict_text(None, None, None)}
    latest = series[series["value"].notna()]
    if len(latest):
        last = latest.iloc[-1]
        v["latest"] = {"period": last["period"], "value": last["value"],
                       "lower": last["lower"], "upper": last["upper"]}
    v["measure"] = measure
    v["unit"] = _compare.unit_text(measure, unit)
    v["measure_name"] = measure_name(measure)
    v["slope_unit"] = _compare.unit_text(measure, unit, per_year=True)
    return v


def _gap_chart(measure: str, label: str, unit: str, points: list[dict]) -> dict:
    return {
        "id": f"skillnad-{measure.lower()}",
        "title": _("%(measure)s %(dimension)s över tid (%(unit)s)") % {
            "measure": measure_name(measure), "dimension": label.lower(), "unit": unit},
        "table": "skillnad",
        "spec": _charts.trend([p for p in points if p["value"] == p["value"]],
                              title=f"{measure} ({unit})" if unit else measure,
                              null_value=_compare.NULL_VALUES[measure]),
        "text": _("Linje med 95 % konfidensband; den prickade linjen är ingen skillnad.")}


def method_text(measure: str) -> str:
    """How a gap measure is made, in the page's language."""
    return {
        "SII": _("befolkningsviktad regression av områdenas (gruppernas) värden på deras "
                 "rang (ridit) i ordningen; skattad skillnad mellan ändarna, standardfel ur "
                 "de enskilda värdenas standardfel"),
        "RII": _("kvoten mellan regressionslinjens ändar; intervall med deltametoden på ln RII"),
        "D": _("högsta minus lägsta gruppens värde (WHO HEAT); Wald-intervall"),
        "R": _("högsta genom lägsta gruppens värde (WHO HEAT); intervall på log-skala"),
    }.get(measure, measure)


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
