"""The equality report's further sections as outline: the life-expectancy
decomposition (finding, figure, table), a map and an intersection table per
indicator, and the analysts' commentary. Tables and figures take their numbers from
the running ids of :mod:`._equality_view`, so the data appendix has them all."""

from __future__ import annotations

from typing import Any

import pandas as pd

from . import _format as fmt
from ._findings import Finding

__all__ = ["TEXT", "commentary_view", "decomposition_view", "intersection_table", "map_figure"]

TEXT = {
    "decomposition": ("Vad driver skillnaden i medellivslängd", "What drives the life-expectancy gap"),
    "decomposition_intro": (
        "Skillnaden i förväntad livslängd vid födseln mellan de mest och minst socioekonomiskt "
        "utsatta områdena ({ranked}; vardera högst en femtedel av befolkningen: {most} och "
        "{least} områden) delas upp efter ålder{cause} med Arriagas metod, som i Englands "
        "Segment Tool. Bidragen är punktskattningar: i små åldersgrupper kan slumpen ge "
        "bidrag med fel tecken.",
        "The gap in life expectancy at birth between the most and least socioeconomically "
        "deprived areas ({ranked}; each at most a fifth of the population: {most} and {least} "
        "areas) is split by age{cause} with Arriaga's method, as England's Segment Tool "
        "does. The contributions are point estimates: in small age bands chance can give a "
        "contribution of the wrong sign."),
    "by_cause": (" och dödsorsak", " and cause of death"),
    "finding": ("Under {period} levde invånarna i de minst utsatta områdena {gap} år längre "
                "(förväntad livslängd {least} mot {most} år). Åldersgruppen som bidrar mest är "
                "{top} år med {top_years} år ({top_share} % av skillnaden); åldrarna under 65 "
                "står tillsammans för {young} år.",
                "In {period} residents of the least deprived areas lived {gap} years longer "
                "(life expectancy {least} against {most} years). The age band contributing "
                "most is {top} with {top_years} years ({top_share}% of the gap); ages under 65 "
                "together account for {young} years."),
    "decomposition_caption": ("Bidrag till skillnaden i medellivslängd efter ålder, {period}",
                              "Contributions to the life-expectancy gap by age, {period}"),
    "decomposition_table": ("Skillnaden i medellivslängd mellan mest och minst utsatta områden "
                            "efter ålder{cause}, {period} (år)",
                            "The life-expectancy gap between the most and least deprived areas "
                            "by age{cause}, {period} (years)"),
    "axis": ("Bidrag till skillnaden (år)", "Contribution to the gap (years)"),
    "col_age": ("Ålder", "Age"), "col_cause": ("Dödsorsak", "Cause of death"),
    "col_years": ("Bidrag (år)", "Contribution (years)"), "col_share": ("Andel (%)", "Share (%)"),
    "no_decomposition": ("Skillnaden kan inte delas upp: {reason}.",
                         "The gap cannot be decomposed: {reason}."),
    "map_caption": ("{name}: värde per område {period}", "{name}: value by area, {period}"),
    "map_alt": ("Karta över {city}s områden, {name} {period}. Högst: {high}. Lägst: {low}. "
                "Grått: värde saknas. Talen finns i dataunderlaget.",
                "Map of {city}'s areas, {name} {period}. Highest: {high}. Lowest: {low}. "
                "Grey: no value. The numbers are in the data appendix."),
    "intersections": ("{name}: {dimension} i mest och minst utsatta områden, {period}",
                      "{name}: {dimension} in the most and least deprived areas, {period}"),
    "col_group": ("Grupp", "Group"), "col_area": ("Område", "Area"), "col_city": ("{city}", "{city}"),
    "col_most": ("Mest utsatta områden", "Most deprived areas"),
    "col_least": ("Minst utsatta områden", "Least deprived areas"),
    "intersection_note": ("Mest och minst utsatta: högst en femtedel av befolkningen vardera "
                          "({most} och {least} områden), rangordnade efter {ranked}; värden "
                          "ur de sammanlagda talen, 95 % KI.",
                          "Most and least deprived: at most a fifth of the population each "
                          "({most} and {least} areas), ranked by {ranked}; values from the "
                          "pooled counts, 95% CI."),
    "commentary": ("Analytikernas kommentar", "Analysts' commentary"),
    "commentary_by": ("{author}, {date}", "{author}, {date}"),
    "voices": ("Vad invånarna säger", "What residents say"),
}
RANKED = {"SCB:s områdestyp 2022": ("SCB:s områdestyp 2022", "Statistics Sweden's area type 2022"),
          "stadens områdesindex": ("stadens områdesindex", "the city's area index")}


#: stored Swedish words the English report translates (dimensions, subgroup parts, units)
ENGLISH = {"Kön och födelseregion": "Sex and region of birth", "kvinnor": "Women", "man": "Men",
           "sverige": "born in Sweden", "europa": "born in Europe outside Sweden",
           "utanfor_europa": "born outside Europe", "procent": "per cent", "år": "years"}


def english(word: str, lang: str) -> str:
    return ENGLISH.get(word, word) if lang == "en" else word


def _group_name(code: str, name: str, lang: str) -> str:
    """A combined group's name: the stored one, or in English from its parts' codes."""
    parts = str(code).split("+")
    if lang == "en" and all(p in ENGLISH for p in parts):
        return " ".join(ENGLISH[p] for p in parts)
    return name if isinstance(name, str) and name else str(code)


def t(key: str, lang: str, **values: Any) -> str:
    sentence = TEXT[key][0 if lang == "sv" else 1]
    return sentence.format(**values) if values else sentence


def _n(value, lang: str, decimals: int = 1) -> str:
    return fmt.number(None if value is None or pd.isna(value) else float(value), decimals, lang)


def _ci(lower, upper, lang: str) -> str:
    if lower is None or upper is None or pd.isna(lower) or pd.isna(upper):
        return fmt.DASH
    return f"{_n(lower, lang)}–{_n(upper, lang)}"


def decomposition_view(ids, table_of, decomposition: dict | None, lang: str, *,
                       example: bool, dash) -> dict[str, Any] | None:
    """The chapter on what drives the life-expectancy gap, or None without deaths by age."""
    from ._equality_charts import decomposition_chart

    if decomposition is None:
        return None
    heading = t("decomposition", lang)
    if decomposition.get("reason"):
        return {"heading": heading, "empty": t("no_decomposition", lang,
                                                reason=decomposition["reason"]),
                "findings": [], "tables": [], "figure": None, "intro": ""}
    table, period = decomposition["table"], dash(decomposition["period"])
    by_age = table.groupby("age_band", sort=False)["contribution"].sum()
    first = table.iloc[0]
    young = float(table.loc[table["age_from"] < 65, "contribution"].sum())
    top = by_age.idxmax()
    printed = {"gap": _n(first["gap"], lang), "least": _n(first["e0_comparison"], lang),
               "most": _n(first["e0_reference"], lang), "top_years": _n(by_age[top], lang, 2),
               "top_share": _n(100 * by_age[top] / first["gap"], lang, 1),
               "young": _n(young, lang, 2)}
    finding = Finding(ids.next("F"), None, t("finding", lang, period=period,
                                             top=top, **printed), tuple(printed.values()))
    cause = t("by_cause", lang) if decomposition["by_cause"] else ""
    headers = [t("col_age", lang)] + ([t("col_cause", lang)] if cause else []) + [
        t("col_years", lang), t("col_share", lang)]
    rows = [[row.age_band] + ([row.cause] if cause else [])
            + [_n(row.contribution, lang, 2), _n(100 * row.share, lang, 1)]
            for row in table.itertuples(index=False)]
    appendix = pd.DataFrame(rows + _summary_rows(by_age, printed, cause, first, lang),
                            columns=headers)
    tables = [table_of(t("decomposition_table", lang, cause=cause, period=period), headers,
                       rows, appendix=appendix)]
    number = ids.next("G")[1:]
    spec = decomposition_chart(table, axis_title=t("axis", lang), band_title=t("col_age", lang),
                               cause_title=t("col_cause", lang), lang=lang, example=example)
    alt = "; ".join(f"{band}: {_n(value, lang, 2)}" for band, value in by_age.items())
    figure = {"spec": spec, "alt": f"{t('axis', lang)}. {alt}",
              "caption": {"number": int(number), "label": _figure_label(number, lang),
                          "text": t("decomposition_caption", lang, period=period)}}
    intro = t("decomposition_intro", lang, ranked=_ranked(decomposition["ranked_by"], lang),
              most=decomposition["areas"]["most"], least=decomposition["areas"]["least"],
              cause=cause)
    return {"heading": heading, "empty": None, "intro": intro, "findings": [finding],
            "tables": tables, "figure": figure}


def _summary_rows(by_age: pd.Series, printed: dict, cause: str, first, lang: str) -> list:
    """The appendix rows behind the finding: life expectancies, the gap, the under-65
    sum and (by cause) each age band's total, printed as in the text."""
    sv = lang == "sv"
    labels = [("most", "e0 mest utsatta" if sv else "e0 most deprived"),
              ("least", "e0 minst utsatta" if sv else "e0 least deprived"),
              ("gap", "skillnad" if sv else "gap"),
              ("young", "under 65 år" if sv else "under 65")]
    pad = [""] if cause else []
    out = [[label, *pad, printed[key], ""] for key, label in labels]
    if cause:
        total = float(first["gap"])
        out += [[f"{band} ({'alla orsaker' if sv else 'all causes'})", "", _n(value, lang, 2),
                 _n(100 * value / total, lang, 1)] for band, value in by_age.items()]
    out.append(["metod" if sv else "method", *pad, str(first["method"]), ""])
    return out


def _figure_label(number: str, lang: str) -> str:
    return f"{'Figur' if lang == 'sv' else 'Figure'} {number}."


def map_figure(ids, block: dict, name: str, city: str, lang: str, *, dash,
               example: bool) -> dict[str, Any] | None:
    """The indicator's map as a figure with alt text naming the extremes, or None."""
    from ._equality_maps import map_spec

    found = block.get("map")
    if not found:
        return None
    unit = english(block["indicator"].unit or "", lang)
    spec = map_spec(found["shapes"], found["values"], title=unit or name, lang=lang,
                    example=example)
    if spec is None:
        return None
    values = found["values"].dropna(subset=["value"])
    values = values[values["code"].isin(found["shapes"])].sort_values("value")
    label = {code: shape[0] for code, shape in found["shapes"].items()}
    high, low = values.iloc[-1], values.iloc[0]
    period = dash(found["period"])
    number = ids.next("G")[1:]
    alt = t("map_alt", lang, city=city, name=name, period=period,
            high=f"{label[high['code']]} {_n(high['value'], lang)}",
            low=f"{label[low['code']]} {_n(low['value'], lang)}")
    data = pd.DataFrame({t("col_area", lang): [label[c] for c in values["code"]],
                         unit or name: [_n(v, lang) for v in values["value"]]})
    return {"spec": spec, "alt": alt, "width": 420, "id": f"G{number}", "data": data,
            "caption": {"number": int(number), "label": _figure_label(number, lang),
                        "text": t("map_caption", lang, name=name, period=period)}}


def intersection_table(table_of, block: dict, name: str, city: str, lang: str, *,
                       dash) -> dict[str, Any] | None:
    """The combined groups of the indicator in the city and at both ends, or None."""
    found = block.get("intersections")
    if not found or found["table"].empty:
        return None
    frame = found["table"]
    ci = "95 % KI" if lang == "sv" else "95% CI"
    headers = [t("col_group", lang), t("col_city", lang, city=city), ci, t("col_most", lang),
               ci, t("col_least", lang), ci]
    rows = [[_group_name(row.code, row.name, lang), _n(row.value, lang),
             _ci(row.lower, row.upper, lang),
             _n(row.most_value, lang), _ci(row.most_lower, row.most_upper, lang),
             _n(row.least_value, lang), _ci(row.least_lower, row.least_upper, lang)]
            for row in frame.itertuples(index=False)]
    dimension = english(found["dimension_name"], lang)
    table = table_of(t("intersections", lang, name=name, dimension=dimension.lower(),
                       period=dash(found["period"])),
                     headers, rows)
    return {"table": table, "note": t("intersection_note", lang, most=found["areas"]["most"],
                                      least=found["areas"]["least"],
                                      ranked=_ranked(found["ranked_by"], lang))}


def commentary_view(found: dict | None, lang: str) -> dict[str, str] | None:
    """The newest commentary of a section as heading, paragraphs and byline."""
    if not found:
        return None
    byline = t("commentary_by", lang, author=found["author"],
               date=fmt.date(found["created_at"], lang))
    paragraphs = [p.strip() for p in str(found["text"]).split("\n\n") if p.strip()]
    return {"heading": t("commentary", lang), "paragraphs": paragraphs, "byline": byline}


def _ranked(name: str, lang: str) -> str:
    return RANKED.get(name, (name, name))[0 if lang == "sv" else 1]
