"""The equality report's outline: texts, numbered tables and generated findings.

Every table carries an id (``T1``, ``T2`` …) and every finding an id (``F1`` …);
the data appendix has one sheet per table under the same id and a sheet of the
findings with the numbers each one quotes, so every number in the text can be
traced to its table.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from jamlik.program.catalogue import label
from jamlik.program.catalogue import text as catalogue_text
from jamlik.stats import VERDICT_WORDS

from . import _format as fmt
from ._equality_charts import gap_chart
from ._equality_data import EqualityData
from ._equality_extra import DECOMPOSITION_KEY, SUMMARY_KEY, section_key
from ._equality_sections import (
    commentary_view, decomposition_view, intersection_table, map_figure,
)
from ._equality_sections import english
from ._equality_sections import t as more_text
from ._findings import Finding, gap_finding

__all__ = ["build_equality_view", "TEXT"]

TEXT = {
    "title": ("Jämlikhetsrapport för {city}", "Equality report for {city}"),
    "subtitle": ("Skillnader i livsvillkor och hälsa mellan områden och grupper: {programme}",
                 "Differences in living conditions and health between areas and groups: "
                 "{programme}"),
    "periods": ("Perioder: {periods}", "Periods: {periods}"),
    "summary": ("Sammanfattning", "Summary"),
    "summary_text": ("Skillnaden mellan områdena mäts med lutningsindex (SII) över områden "
                     "rangordnade efter ett socioekonomiskt index; förändringen bedöms ur "
                     "lutningens 95 %-intervall över perioder som inte delar data. "
                     "\"Minskar\" och \"ökar\" skrivs bara när intervallet utesluter noll.",
                     "The gap between areas is measured by the slope index of inequality "
                     "(SII) across areas ranked by a socioeconomic index; its change is judged "
                     "from the 95% interval of its trend over periods that share no data. "
                     "\"Closing\" and \"widening\" are written only when the interval excludes "
                     "zero."),
    "closing": ("Skillnader som minskar", "Gaps that are closing"),
    "widening": ("Skillnader som ökar", "Gaps that are widening"),
    "none": ("Ingen påvisbar förändring", "No detectable change"),
    "unknown": ("Kan inte bedömas", "Cannot be judged"),
    "level": ("{city}: nivå per period", "{city}: level by period"),
    "area_gap": ("Skillnad mellan områden (SII), {ranked}", "Gap between areas (SII), {ranked}"),
    "group_gaps": ("Skillnad mellan grupper (D, största minus minsta gruppvärde)",
                   "Gap between groups (D, largest minus smallest group value)"),
    "outliers": ("Områden som skiljer sig från {city} {period} (99,8 % trattgränser)",
                 "Areas that differ from {city} in {period} (99.8% funnel limits)"),
    "outliers_none": ("Inget område ligger utanför 99,8 %-gränserna {period}.",
                      "No area lies outside the 99.8% limits in {period}."),
    "chance": ("Med {areas} områden väntas {expected} områden utanför gränserna av slumpen "
               "även om alla vore lika.",
               "With {areas} areas, {expected} would lie outside the limits by chance even "
               "if all were alike."),
    "activities": ("Vad uppföljningen säger att staden gjort", "What the follow-up says was done"),
    "no_activities": ("Inga aktiviteter är kopplade till målområdet.",
                      "No activities are linked to this target area."),
    "col_period": ("Period", "Period"), "col_value": ("Värde", "Value"),
    "col_interval": ("95 % KI", "95% CI"), "col_stands": ("Data", "Data"),
    "col_dimension": ("Indelning", "Breakdown"), "col_verdict": ("Förändring", "Change"),
    "col_area": ("Område", "Area"), "col_side": ("Läge", "Position"),
    "above": ("över gränsen", "above the limit"), "below": ("under gränsen", "below the limit"),
    "methods": ("Metoder", "Methods"),
    "sources": ("Data och källor", "Data and sources"),
    "appendix": ("Dataunderlaget finns i {file}: en flik per tabell och karta och en flik "
                 "med varje mening och talen den citerar.",
                 "The data appendix is {file}: one sheet per table and map and one sheet with "
                 "every sentence and the numbers it quotes."),
    "no_data": ("Inga beräknade mått under rapportens perioder.",
                "No computed measures in the report's periods."),
}
METHODS = {
    "sv": [
        "SII, lutningsindex: lutningen i en viktad regression av områdenas värden på deras "
        "relativa rang (0–1) efter ett socioekonomiskt index, vägd med befolkningen; "
        "skillnaden mellan mest och minst gynnade änden. RII = SII / medelvärdet "
        "(Low & Low 2004; OHID Fingertips).",
        "D mellan grupper: största minus minsta gruppvärde, med intervall ur gruppernas "
        "standardfel (WHO HEAT, 2024).",
        "Trend och förändring: inversvariansviktad linjär trend av måttet över perioder som "
        "inte delar data; \"minskar\"/\"ökar\" när 95 %-intervallet för lutningen utesluter "
        "noll och skillnaden rör sig mot (från) ingen skillnad, annars \"ingen påvisbar "
        "förändring\".",
        "Områden mot staden: trattgränser 95 % och 99,8 % kring stadens värde med kontroll och "
        "justering för överspridning (Spiegelhalter 2005); med många områden flaggas några "
        "av slumpen, och antalet som väntas anges vid varje lista.",
        "Intervall för andelar: Wilson; för kvoter: Byar; källans gränser när de anges.",
        "Vad som driver skillnaden i medellivslängd: de mest och minst utsatta områdena "
        "(högst en femtedel av befolkningen vardera) slås samman, var och en får en "
        "Chiang II-livstabell (öppen åldersgrupp 90+) ur dödsfall och medelfolkmängd efter "
        "ålder, och skillnaden delas upp efter ålder med Arriagas metod (Arriaga 1984; "
        "Preston, Heuveline & Guillot 2001, ekv. 3.11), efter dödsorsak i proportion till "
        "skillnaden i orsakens dödstal (Preston m.fl. 2001, ruta 4.3); som OHID:s Segment "
        "Tool. Kontrollerad mot Ponnapalli (2005) och Preston m.fl. ruta 4.3.",
        "Kartor: varje områdes värde senaste perioden; kartan visar de områden där 99 % av "
        "befolkningen bor (glest befolkade områden ritas men avgör inte utsnittet).",
        "Korsade grupper (t.ex. kön och födelseregion): de sammanlagda täljarna och "
        "nämnarna i de mest och minst utsatta områdena, Wilsonintervall.",
    ],
    "en": [
        "SII, slope index of inequality: the slope of a population-weighted regression of "
        "the areas' values on their relative rank (0–1) by a socioeconomic index; the "
        "difference between the most and least deprived ends. RII = SII / the mean "
        "(Low & Low 2004; OHID Fingertips).",
        "D between groups: the largest minus the smallest group value, with an interval from "
        "the groups' standard errors (WHO HEAT, 2024).",
        "Trend and change: inverse-variance weighted linear trend of the measure over periods "
        "that share no data; \"closing\"/\"widening\" when the 95% interval of the slope "
        "excludes zero and the gap moves towards (away from) no gap, otherwise \"no "
        "detectable change\".",
        "Areas against the city: 95% and 99.8% funnel limits around the city's value with a "
        "check and adjustment for overdispersion (Spiegelhalter 2005); with many areas some "
        "are flagged by chance, and the number expected is given with each list.",
        "Intervals for proportions: Wilson; for rates: Byar; the source's limits when given.",
        "What drives the life-expectancy gap: the most and least deprived areas (at most a "
        "fifth of the population each) are pooled, each gets a Chiang II life table (open "
        "age band 90+) from deaths and mid-year population by age, and the gap is split by "
        "age with Arriaga's method (Arriaga 1984; Preston, Heuveline & Guillot 2001, eq. "
        "3.11), by cause in proportion to the difference in the cause's death rate "
        "(Preston et al. 2001, box 4.3); as OHID's Segment Tool. Checked against Ponnapalli "
        "(2005) and Preston et al. box 4.3.",
        "Maps: each area's value in the latest period; the map shows the areas where 99% of "
        "the population live (sparsely peopled areas are drawn but do not set the frame).",
        "Intersections (e.g. sex and region of birth): the pooled numerators and "
        "denominators in the most and least deprived areas, Wilson intervals.",
    ],
}


def t(key: str, lang: str, **values: Any) -> str:
    sentence = TEXT[key][0 if lang == "sv" else 1]
    return sentence.format(**values) if values else sentence


class _Ids:
    """Running numbers of tables, findings and figures, as the reader sees them."""

    def __init__(self) -> None:
        self.counts = {"T": 0, "F": 0, "G": 0}

    def next(self, kind: str) -> str:
        self.counts[kind] += 1
        return f"{kind}{self.counts[kind]}"


def dash(period: str) -> str:
    """A stored period code as printed: 2010–2014 with an en dash."""
    return str(period).replace("-", "–")


#: words stored in the data that the report translates
TERMS = {"Kön": "Sex", "Födelseregion": "Region of birth", "Utbildning": "Education",
         "Inkomst": "Income"}


def term(word: str, lang: str) -> str:
    return TERMS.get(word, word) if lang == "en" else word


def span_label(span: tuple[int, int]) -> str:
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def _value(value, lang: str, decimals: int = 1) -> str:
    return fmt.number(None if value is None or pd.isna(value) else value, decimals, lang)


def _interval(lower, upper, lang: str, decimals: int = 1) -> str:
    if lower is None or upper is None or pd.isna(lower) or pd.isna(upper):
        return fmt.DASH
    return f"{_value(lower, lang, decimals)} – {_value(upper, lang, decimals)}"


def _table(ids: _Ids, caption: str, headers: list[str], rows: list[list[str]],
           lang: str, *, appendix: pd.DataFrame | None = None) -> dict[str, Any]:
    table_id = ids.next("T")
    word = catalogue_text("table", lang)
    return {"id": table_id, "caption": {"number": int(table_id[1:]),
                                        "label": f"{word} {table_id[1:]}.", "text": caption},
            "headers": headers, "rows": rows,
            "appendix": appendix if appendix is not None else pd.DataFrame(rows, columns=headers)}


def _name(indicator, lang: str) -> str:
    return (indicator.name_en if lang == "en" and indicator.name_en else indicator.name)


def _finding(ids: _Ids, block: dict, series: dict, label: str, lang: str,
             unit: str) -> Finding:
    verdict = series["verdict"] or {}
    points = series["points"]
    used = verdict.get("periods") or list(points["period"])
    latest = None
    if len(points):
        last = points.iloc[-1]
        latest = (dash(last["period"]), last["value"], last["lower"], last["upper"])
        if any(v is None or pd.isna(v) for v in latest[1:]):
            latest = None
    code = verdict.get("verdict")
    return gap_finding(
        ids.next("F"), indicator=_name(block["indicator"], lang), measure=label, unit=unit,
        first=dash(used[0]) if used else "–", last=dash(used[-1]) if used else "–",
        verdict=code,
        slope=verdict.get("value") if code else None,
        lower=verdict.get("lower") if code else None,
        upper=verdict.get("upper") if code else None, latest=latest,
        reason=verdict.get("reason") or ("för få perioder" if lang == "sv"
                                         else "too few periods"), lang=lang)


def _unit(series: dict, lang: str) -> str:
    unit = series.get("unit") or ("enheter" if lang == "sv" else "units")
    return {"procentenheter": "percentage points", "år": "years", "enheter": "units"}.get(
        unit, unit) if lang == "en" else unit


def _level_table(ids: _Ids, block: dict, city: str, spans, lang: str) -> dict[str, Any] | None:
    level = block["level"]
    if level.empty:
        return None
    stands = {period: span for span, period in block["stands_for"].items()}
    unit = english(block["indicator"].unit or "", lang)
    rows = [[span_label(stands[row.period]) if row.period in stands else row.period,
             dash(row.period), _value(row.value, lang), _interval(row.lower, row.upper, lang)]
            for row in level.itertuples(index=False)]
    headers = [t("col_period", lang), t("col_stands", lang),
               f"{t('col_value', lang)} ({unit})" if unit else t("col_value", lang),
               t("col_interval", lang)]
    return _table(ids, f"{_name(block['indicator'], lang)}. {t('level', lang, city=city)}",
                  headers, rows, lang)


def _gap_table(ids: _Ids, block: dict, series: dict, lang: str) -> dict[str, Any]:
    ranked = series.get("ranked_by") or ""
    rows = [[dash(row.period), _value(row.value, lang, 2),
             _interval(row.lower, row.upper, lang, 2)]
            for row in series["points"].itertuples(index=False)]
    headers = [t("col_period", lang), f"SII ({_unit(series, lang)})", t("col_interval", lang)]
    return _table(ids, f"{_name(block['indicator'], lang)}. "
                  f"{t('area_gap', lang, ranked=ranked).rstrip(', ')}", headers, rows, lang)


def _group_table(ids: _Ids, block: dict, lang: str) -> dict[str, Any] | None:
    gaps = [g for g in block["group_gaps"] if len(g["points"])]
    if not gaps:
        return None
    periods = sorted({p for g in gaps for p in g["points"]["period"]})
    rows = []
    for gap in gaps:
        values = dict(zip(gap["points"]["period"], gap["points"]["value"]))
        verdict = (gap["verdict"] or {}).get("verdict")
        words = VERDICT_WORDS[verdict][0 if lang == "sv" else 1] if verdict else fmt.DASH
        name = gap.get("dimension_name") or gap["dimension"]
        rows.append([term(name, lang), *[_value(values.get(p), lang, 2) for p in periods],
                     words])
    headers = [t("col_dimension", lang), *map(dash, periods), t("col_verdict", lang)]
    return _table(ids, f"{_name(block['indicator'], lang)}. {t('group_gaps', lang)}",
                  headers, rows, lang)


def _outlier_block(ids: _Ids, block: dict, city: str, lang: str) -> dict[str, Any]:
    found = block["outliers"]
    latest = dash(list(block["stands_for"].values())[0]) if block["stands_for"] else ""
    if found.get("reason"):
        return {"table": None, "note": found["reason"] if lang == "sv" else None}
    chance = t("chance", lang, areas=found["areas"],
               expected=_value(found["expected"], lang, 1))
    if not found["rows"]:
        return {"table": None, "note": f"{t('outliers_none', lang, period=latest)} {chance}"}
    rows = [[row["area"], _value(row["value"], lang), t(row["flag"], lang)]
            for row in found["rows"]]
    headers = [t("col_area", lang), t("col_value", lang), t("col_side", lang)]
    table = _table(ids, t("outliers", lang, city=city, period=latest), headers, rows, lang)
    return {"table": table, "note": chance}


def _indicator(ids: _Ids, block: dict, data: EqualityData, lang: str) -> dict[str, Any]:
    city = data.municipality[1]
    if not block["stands_for"]:
        return {"heading": _name(block["indicator"], lang), "empty": t("no_data", lang),
                "tables": [], "findings": [], "outliers": None, "map": None,
                "intersections": None}
    series = block["area_gap"]
    finding = _finding(ids, block, series, "SII", lang, _unit(series, lang))
    tables = [table for table in (_level_table(ids, block, city, data.periods, lang),
                                  _gap_table(ids, block, series, lang) if len(series["points"])
                                  else None, _group_table(ids, block, lang)) if table]
    name, example = _name(block["indicator"], lang), bool(block["indicator"].is_example)
    figure = _figure(ids, block, series, lang)
    return {"heading": name, "empty": None, "tables": tables,
            "findings": [finding], "outliers": _outlier_block(ids, block, city, lang),
            "is_example": example, "figure": figure,
            "map": map_figure(ids, block, name, city, lang, dash=dash, example=example),
            "intersections": intersection_table(_table_of(ids, lang), block, name, city, lang,
                                                dash=dash)}


def _table_of(ids: _Ids, lang: str):
    """A table maker with the report's running numbers, for the further sections."""
    def make(caption: str, headers: list[str], rows: list[list[str]], *,
             appendix: pd.DataFrame | None = None) -> dict[str, Any]:
        return _table(ids, caption, headers, rows, lang, appendix=appendix)
    return make


def _figure(ids: _Ids, block: dict, series: dict, lang: str) -> dict[str, Any] | None:
    """SII per period with its interval, as a figure with a numbered caption and alt text."""
    points = series["points"]
    if points.empty or points[["lower", "upper"]].isna().any().any():
        return None
    unit = _unit(series, lang)
    number = ids.next("G")[1:]
    word = "Figur" if lang == "sv" else "Figure"
    name = _name(block["indicator"], lang)
    caption = (f"{name}: skillnad mellan områden (SII) per period med 95 % KI" if lang == "sv"
               else f"{name}: gap between areas (SII) by period with 95% CI")
    alt_text = "; ".join(f"{dash(row.period)}: {_value(row.value, lang, 2)} "
                         f"({_interval(row.lower, row.upper, lang, 2)})"
                         for row in points.itertuples(index=False))
    return {"spec": gap_chart(points, measure="SII", unit=unit,
                              period_title=t("col_period", lang), lang=lang,
                              example=bool(block["indicator"].is_example)),
            "caption": {"number": int(number), "label": f"{word} {number}.", "text": caption},
            "alt": f"SII {unit}: {alt_text}"}


def _activities(section: dict, lang: str) -> list[str]:
    lines = []
    for activity in section["activities"]:
        owners = ", ".join(activity.owners)
        status = (label("status", activity.latest.status, lang)
                  if activity.latest is not None and activity.latest.status else None)
        lines.append(f"{activity.code} {activity.name}" + (f" ({owners})" if owners else "")
                     + (f": {status}" if status else ""))
    return lines


def build_equality_view(data: EqualityData, lang: str = "sv", *,
                        appendix_name: str = "") -> dict[str, Any]:
    """The outline of the equality report, with ids shared by text and data appendix."""
    ids = _Ids()
    city, programme = data.municipality[1], data.programme
    sections = []
    for section in data.sections:
        indicators = [_indicator(ids, block, data, lang) for block in section["indicators"]]
        anchor = section_key(section["code"])
        sections.append({"anchor": anchor,
                         "heading": f"{section['code']} {section['name']}",
                         "indicators": indicators,
                         "commentary": commentary_view(data.commentary.get(anchor), lang),
                         "voices_heading": more_text("voices", lang),
                         "voices": section.get("voices") or [],
                         "activities_heading": t("activities", lang),
                         "activities": _activities(section, lang),
                         "no_activities": t("no_activities", lang)})
    findings = [f for s in sections for i in s["indicators"] for f in i["findings"]]
    # an indicator followed in two target areas is summarised once
    once = list({f.text.split(":")[0]: f for f in reversed(findings)}.values())[::-1]
    summary = {key: [f for f in once if (f.verdict or "unknown") == key]
               for key in ("closing", "widening", "none", "unknown")}
    decomposition = decomposition_view(ids, _table_of(ids, lang), data.decomposition, lang,
                                       example=data.is_example, dash=dash)
    toc = ([(SUMMARY_KEY, t("summary", lang))]
           + [(s["anchor"], s["heading"]) for s in sections]
           + ([(DECOMPOSITION_KEY, decomposition["heading"])] if decomposition else [])
           + [("metoder", t("methods", lang))])
    if decomposition:
        decomposition["commentary"] = commentary_view(data.commentary.get(DECOMPOSITION_KEY),
                                                      lang)
        findings = findings + decomposition["findings"]
    periods = ", ".join(span_label(s) for s in data.periods)
    return {
        "lang": lang, "title": t("title", lang, city=city),
        "subtitle": t("subtitle", lang, programme=programme.name),
        "cycle_line": t("periods", lang, periods=periods), "deadline": None,
        "compiled": catalogue_text("cover_generated", lang, date=fmt.date(data.compiled, lang)),
        "programme": programme.name, "example": data.is_example,
        "example_banner": catalogue_text("example_banner", lang),
        "example_short": catalogue_text("example_short", lang),
        "contents": catalogue_text("contents", lang),
        "page": catalogue_text("page", lang), "page_of": catalogue_text("page_of", lang),
        "summary_heading": t("summary", lang), "summary_text": t("summary_text", lang),
        "summary": [(t(key, lang), found) for key, found in summary.items() if found],
        "summary_commentary": commentary_view(data.commentary.get(SUMMARY_KEY), lang),
        "decomposition": decomposition,
        "sections": sections, "findings": findings, "toc": toc,
        "methods_heading": t("methods", lang), "methods": METHODS[lang],
        "appendix": t("appendix", lang, file=appendix_name) if appendix_name else "",
        "tables": _all_tables(sections, decomposition),
        "figure_data": [i["map"] for s in sections for i in s["indicators"] if i.get("map")],
    }


def _all_tables(sections: list[dict], decomposition: dict | None) -> list[dict[str, Any]]:
    """Every numbered table in reading order (the data appendix has a sheet for each)."""
    found = []
    for section in sections:
        for i in section["indicators"]:
            found += i["tables"]
            if i["outliers"] and i["outliers"]["table"]:
                found.append(i["outliers"]["table"])
            if i.get("intersections"):
                found.append(i["intersections"]["table"])
    found += decomposition["tables"] if decomposition else []
    return sorted(found, key=lambda table: table["caption"]["number"])
