"""The annual summary as a render-ready outline, in one language.

Both renderers (HTML/PDF and Word) walk the same outline, so the two documents
have the same headings, captions, figure and table numbers and wording.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from jamlik.errors import ArgumentError
from jamlik.program import safe_link
from jamlik.program.catalogue import label, text
from jamlik.stats import VERDICT_WORDS, measure_unit

from . import _format as fmt
from ._annual_data import AnnualData
from ._annual_voices import voices_view
from ._charts import goal_chart, status_chart
from ._indicators import CONFIDENCE
from ._scenarios import scenario_chapter

__all__ = ["build_view"]

STATUSES = ("not_started", "ongoing", "completed", "paused", "cancelled")


class _Numbers:
    def __init__(self) -> None:
        self.figure = self.table = 0

    def next(self, kind: str) -> int:
        setattr(self, kind, getattr(self, kind) + 1)
        return getattr(self, kind)


def _caption(numbers: _Numbers, kind: str, words: str, lang: str) -> dict[str, Any]:
    number = numbers.next(kind)
    prefix = text("figure" if kind == "figure" else "table", lang)
    return {"number": number, "label": f"{prefix} {number}.", "text": words}


def build_view(data: AnnualData, lang: str = "sv") -> dict[str, Any]:
    """The outline of the annual summary: texts, tables (headers + rows), charts (specs)."""
    cycle, programme = data.cycle, data.programme
    numbers = _Numbers()
    sections = [_section(data, section, numbers, lang) for section in data.sections]
    overview = _overview(data, numbers, lang)
    missing = _missing(data, numbers, lang)
    scenarios = scenario_chapter(
        data.scenarios, lambda words: _caption(numbers, "table", words, lang), lang)
    toc = ([("om", text("about_heading", lang))]
           + [(s["anchor"], s["heading"]) for s in sections]
           + [("oversikt", overview["heading"]), ("saknas", missing["heading"])]
           + ([("scenarier", scenarios["heading"])] if scenarios else []))
    return {
        "lang": lang,
        "title": text("cover_title", lang, year=cycle.year),
        "subtitle": text("cover_subtitle", lang, programme=programme.name),
        "cycle_line": text("cover_cycle", lang, cycle=cycle.name,
                           status=label("cycle_status", cycle.status, lang)),
        "deadline": text("deadline", lang, date=fmt.date(cycle.deadline, lang))
        if cycle.deadline else None,
        "compiled": text("cover_generated", lang, date=fmt.date(data.compiled, lang)),
        "programme": programme.name,
        "example": data.is_example,
        "example_banner": text("example_banner", lang),
        "example_short": text("example_short", lang),
        "contents": text("contents", lang),
        "page": text("page", lang), "page_of": text("page_of", lang),
        "about_heading": text("about_heading", lang),
        "about": text("about_text", lang, programme=programme.name, year=cycle.year),
        "goal": text("goal_line", lang, goal=programme.goal) if programme.goal else None,
        "preconditions_heading": text("preconditions", lang),
        "preconditions": data.preconditions,
        "sections": sections, "overview": overview, "missing": missing, "toc": toc,
        "scenarios": scenarios,
    }


def _state_label(activity: dict[str, Any], lang: str) -> str:
    state = activity["state"]
    return label("state", state, lang) if state else text("not_reported", lang)


def _section(data: AnnualData, section: dict[str, Any], numbers: _Numbers,
             lang: str) -> dict[str, Any]:
    code = section["code"]
    rows = []
    for a in section["activities"]:
        reported = a["state"] in ("submitted", "reviewed")
        rows.append([
            f"{a['code']} {a['name']}", ", ".join(a["owners"]),
            label("status", a["status"], lang) if reported else text("not_reported", lang),
            f"{a['progress']} %" if reported and a["progress"] is not None else fmt.DASH,
            label("goal_attainment", a["goal"], lang) if reported and a["goal"]
            else text("not_assessed", lang),
            _state_label(a, lang),
        ])
    counts = section["goal_counts"]
    examples = [{"quote": e["quote"], "source": _source(e, lang),
                 "activity": f"{a['name']} ({a['reporter']})", "link": safe_link(e.get("link"))}
                for a in section["activities"] for e in a["examples"]]
    examples += [{"quote": u["quote"], "source": _source(u, lang), "link": None,
                  "activity": text("uptake_example", lang, organisation=u["organisation"],
                                   year=u["year"])}
                 for u in section.get("uptake", [])]
    goal_words = text("goal_summary", lang, **counts)
    return {
        "anchor": code.lower().replace(".", "-"),
        "heading": text("target_heading", lang, code=code, name=section["name"]),
        "strategies_heading": text("strategies", lang),
        "strategies": [(s["code"], s["name"]) for s in section["strategies"]],
        "activities_heading": text("activities", lang),
        "activities": {
            "caption": _caption(numbers, "table", text("activities_caption", lang, code=code),
                                lang),
            "headers": [text(k, lang) for k in ("col_activity", "col_owners", "col_status",
                                                 "col_progress", "col_goal", "col_report")],
            "rows": rows, "widths": [34, 22, 12, 10, 12, 10],
        } if rows else None,
        "no_activities": text("no_activities", lang),
        "goal_heading": text("goal_heading", lang),
        "goal_summary": goal_words,
        "goal_chart": goal_chart(counts, lang) if rows else None,
        "goal_caption": _caption(numbers, "figure", text("goal_caption", lang, code=code), lang)
        if rows else None,
        "goal_alt": goal_words,
        "examples_heading": text("examples_heading", lang),
        "examples": examples, "no_examples": text("no_examples", lang),
        "indicators_heading": text("indicators_heading", lang),
        "indicators": _indicator_table(section, numbers, lang),
        "voices": voices_view(section.get("voices", []), code, lambda words: _caption(
            numbers, "table", words, lang), lang),
        "no_indicators": text("no_indicators", lang),
        "news_heading": text("news_heading", lang, cycle=data.previous.name)
        if data.previous else text("news_heading_first", lang),
        "news": _news(data, section, lang),
    }


def _source(example: dict[str, Any], lang: str) -> str:
    parts = [example.get("document") or ""]
    if example.get("page"):
        parts.append(f"{text('page_short', lang)} {example['page']}")
    return ", ".join(p for p in parts if p)


def _ranking(ranked_by: str | None, lang: str) -> str:
    """"ranked by Statistics Sweden's area type 2022 (...)" in ``lang`` ("" if none)."""
    if not ranked_by:
        return ""
    parts = [label("ranking", part.strip(), lang) for part in str(ranked_by).split(";")]
    return text("ranked_by", lang, ranking="; ".join(parts))


def _trend(line: dict[str, Any], unit: str | None, lang: str) -> str:
    """The verdict of :func:`jamlik.stats.gap_verdict` in words, with the slope and its unit."""
    if line["verdict"] is None:
        return text("too_few_periods", lang)
    slope = fmt.number(line["slope"], fmt.decimals_for(line["slope"], 2), lang)
    words = VERDICT_WORDS[line["verdict"]][0 if lang == "sv" else 1]
    return f"{words} ({slope} {_unit(line['measure'], unit, lang, per_year=True)})"


def _unit(measure: str, unit: str | None, lang: str, *, per_year: bool = False) -> str:
    try:
        return measure_unit(measure, unit, lang=lang, per_year=per_year)
    except ArgumentError:  # a measure without a known unit
        return fmt.DASH


def _indicator_table(section: dict[str, Any], numbers: _Numbers, lang: str):
    """One group row per indicator (its name and unit), then a row per area, dimension
    and measure, each with the unit of its value and of its trend and, between areas,
    what the areas were ranked by."""
    if not section["indicators"]:
        return None
    rows: list[Any] = []
    for item in section["indicators"]:
        indicator = item["indicator"]
        name = indicator.name_en if lang == "en" and indicator.name_en else indicator.name
        rows.append({"group": name + (f" ({_unit('value', indicator.unit, lang)})"
                                      if indicator.unit else "")})
        if not item["lines"]:
            rows.append([fmt.DASH, fmt.DASH, fmt.DASH, fmt.DASH, text("no_data", lang),
                         fmt.DASH, fmt.DASH, text("no_data", lang)])
            continue
        for line in item["lines"]:
            decimals = 2 if line["measure"].upper() in ("R", "RII") else 1
            ranking = _ranking(line.get("ranked_by"), lang)
            rows.append([
                line["area_name"], label("dimension", line["dimension"], lang)
                + (f", {ranking}" if ranking else ""),
                label("measure", line["measure"], lang), line["period"],
                fmt.number(line["value"], decimals, lang),
                _unit(line["measure"], indicator.unit, lang),
                fmt.interval(line["lower"], line["upper"], decimals, lang),
                _trend(line, indicator.unit, lang)])
    return {
        "caption": _caption(numbers, "table", text("indicators_caption", lang,
                                                   code=section["code"]), lang),
        "headers": [text(k, lang) for k in ("col_area", "col_dimension", "col_measure",
                                             "col_period", "col_value", "col_unit",
                                             "col_interval", "col_trend")],
        "rows": rows, "widths": [11, 19, 14, 9, 7, 10, 12, 18],
        "note": text("indicators_note", lang, confidence=round(CONFIDENCE * 100)),
    }


def _news(data: AnnualData, section: dict[str, Any], lang: str) -> list[str]:
    if data.previous is None:
        return [text("news_first", lang)]
    out = []
    for a in section["activities"]:
        before = a["previous"]
        if before is None:
            out.append(text("news_new", lang, activity=f"{a['code']} {a['name']}"))
        elif before["status"] and a["status"] and before["status"] != a["status"]:
            out.append(text("news_status", lang, activity=f"{a['code']} {a['name']}",
                            before=label("status", before["status"], lang),
                            after=label("status", a["status"], lang)))
    return out or [text("news_none", lang)]


def _status_key(activity: dict[str, Any]) -> str:
    if activity["state"] in ("submitted", "reviewed") and activity["status"]:
        return activity["status"]
    return "not_reported"


def _overview(data: AnnualData, numbers: _Numbers, lang: str) -> dict[str, Any]:
    keys = [*STATUSES, "not_reported"]
    rows, chart_rows = [], []
    for section in data.sections:
        counts = Counter(_status_key(a) for a in section["activities"])
        rows.append([f"{section['code']} {section['name']}", str(len(section["activities"])),
                     *(str(counts.get(k, 0)) for k in keys)])
        chart_rows.append({"code": section["code"], "counts": counts})
    everything = list(data.activities.values())
    totals = Counter(_status_key(a) for a in everything)
    rows.append([text("col_total", lang), str(len(everything)),
                 *(str(totals.get(k, 0)) for k in keys)])
    reported = len(everything) - totals.get("not_reported", 0)
    counted = sum(len(section["activities"]) for section in data.sections)
    return {
        "heading": text("overview_heading", lang),
        "text": text("overview_text", lang, activities=len(everything), reported=reported,
                     share=fmt.percent(reported, len(everything))),
        "chart": status_chart(chart_rows, lang),
        "chart_caption": _caption(numbers, "figure", text("overview_chart_caption", lang), lang),
        "chart_alt": "; ".join(
            f"{r['code']}: " + ", ".join(f"{_status_name(k, lang)} {r['counts'][k]}"
                                         for k in keys if r["counts"].get(k))
            for r in chart_rows),
        "table": {
            "caption": _caption(numbers, "table", text("overview_caption", lang), lang),
            "headers": [text("col_target", lang), text("activities", lang),
                        *(_status_name(k, lang) for k in keys)],
            "rows": rows, "widths": [30, 10, 10, 10, 10, 10, 10, 10],
            "total_row": True,
            "note": _double_count_note(counted, len(everything), lang),
        },
    }


def _double_count_note(counted: int, total: int, lang: str) -> str | None:
    """Why the total row is not the sum of the rows: an activity of several target areas
    is in each of their rows, but once in the total."""
    if counted == total:
        return None
    if lang == "en":
        return (f"An activity that belongs to several target areas is counted in each of them: "
                f"the rows count {counted} activities, the total counts each of the {total} "
                "once.")
    return (f"En aktivitet som hör till flera målområden räknas på varje målområdes rad: raderna "
            f"räknar {counted} aktiviteter, totalraden var och en av de {total} en gång.")


def _status_name(key: str, lang: str) -> str:
    return text("not_reported", lang) if key == "not_reported" else label("status", key, lang)


def _missing(data: AnnualData, numbers: _Numbers, lang: str) -> dict[str, Any]:
    rows = [[m["name"], label("organisation_kind", m["kind"], lang),
             text("missing_count", lang, missing=m["missing"], total=m["total"]),
             m["contact"] or fmt.DASH] for m in data.missing]
    return {
        "heading": text("missing_heading", lang),
        "none": text("missing_none", lang),
        "table": {
            "caption": _caption(numbers, "table", text("missing_caption", lang), lang),
            "headers": [text(k, lang) for k in ("col_organisation", "col_kind", "col_missing",
                                                 "col_contact")],
            "rows": rows, "widths": [34, 16, 14, 36],
        } if rows else None,
    }
