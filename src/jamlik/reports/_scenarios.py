"""The annual summary's chapter on saved place and budget scenarios (when there are any).

One table: every saved scenario with what was asked (model and choices) and its
headline answer — the share of the demand covered before and after the new
sites, or the highest over the lowest allocation per head. The texts of this
chapter live here, in both languages.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from . import _format as fmt

__all__ = ["saved_scenarios", "scenario_chapter"]

TEXTS = {
    "sv": {"heading": "Platser och fördelning: sparade scenarier",
           "intro": "Scenarier som analytiker har sparat för var nya platser gör mest nytta och "
                    "hur en budget kan fördelas efter behov. Ett scenario är ett underlag, inte "
                    "ett beslut.",
           "caption": "Sparade scenarier: val och huvudresultat.",
           "headers": ("Scenario", "Modell", "Val", "Resultat", "Sparat"),
           "allocation": "fördelning",
           "choices_allocation": "budget {budget} kr, α = {alpha}",
           "weights": "behovsindex: {weights}",
           "floor": "golv {kr} kr per person", "cap": "tak {kr} kr per person",
           "choices_place": "{sites} nya platser, radie {radius} m",
           "result_allocation": "högst/lägst per person: {ratio}",
           "result_place": "täckta {before} % före, {after} % efter",
           "example": "exempel"},
    "en": {"heading": "Places and allocation: saved scenarios",
           "intro": "Scenarios that analysts saved on where new sites do most good and how a "
                    "budget can be shared by need. A scenario informs a decision; it is not one.",
           "caption": "Saved scenarios: choices and headline result.",
           "headers": ("Scenario", "Model", "Choices", "Result", "Saved"),
           "allocation": "allocation",
           "choices_allocation": "budget SEK {budget}, α = {alpha}",
           "weights": "need index: {weights}",
           "floor": "floor SEK {kr} per person", "cap": "cap SEK {kr} per person",
           "choices_place": "{sites} new sites, radius {radius} m",
           "result_allocation": "highest/lowest per head: {ratio}",
           "result_place": "covered {before} % before, {after} % after",
           "example": "example"},
}


def saved_scenarios(engine: Engine, *, municipality: str | None = None) -> list[dict[str, Any]]:
    """The saved scenarios (of ``municipality`` when given), newest first, as dicts."""
    from jamlik.store import list_scenarios

    return list_scenarios(engine, municipality=municipality).to_dict(orient="records")


def _share(part, total) -> float | None:
    return 100 * part / total if total and part is not None else None


def _inputs(p: dict[str, Any], t: dict[str, Any], lang: str) -> str:
    """The need weights, floor and cap of an allocation, so that its figures can be traced."""
    parts = []
    if p.get("need"):
        parts.append(t["weights"].format(weights=", ".join(
            f"{code} {fmt.number(w, 2, lang)}" for code, w in p["need"].items())))
    for key in ("floor", "cap"):
        if p.get(f"{key}_per_head") is not None:
            parts.append(t[key].format(kr=fmt.number(p[f"{key}_per_head"], 0, lang)))
    return "".join("; " + part for part in parts)


def _row(scenario: dict[str, Any], t: dict[str, Any], lang: str) -> list[str]:
    p, r = scenario["parameters"] or {}, scenario["results"] or {}
    if scenario["model"] == "allocation":
        heads = [a["per_head"] for a in r.get("allocation") or [] if a.get("per_head")]
        ratio = max(heads) / min(heads) if heads and min(heads) > 0 else None
        choices = t["choices_allocation"].format(budget=fmt.number(p.get("budget"), 0, lang),
                                                 alpha=fmt.number(p.get("alpha"), 2, lang))
        choices += _inputs(p, t, lang)
        result = t["result_allocation"].format(ratio=fmt.number(ratio, 2, lang))
        model = t["allocation"]
    else:
        choices = t["choices_place"].format(sites=p.get("sites"),
                                            radius=fmt.number(p.get("radius"), 0, lang))
        total = r.get("total_weight")
        result = t["result_place"].format(
            before=fmt.number(_share(r.get("covered_weight_before"), total), 1, lang),
            after=fmt.number(_share(r.get("covered_weight"), total), 1, lang))
        model = str(scenario["model"]).upper()
    by = scenario["created_by"] if isinstance(scenario["created_by"], str) else t["example"]
    saved = scenario["created_at"].strftime("%Y-%m-%d") if scenario["created_at"] else ""
    return [scenario["name"], model, choices, result, f"{saved} ({by})"]


def scenario_chapter(scenarios: list[dict[str, Any]], caption, lang: str) -> dict | None:
    """The chapter's outline (heading, intro, table), or None without saved scenarios.

    ``caption(words)`` numbers the table's caption like the report's other tables.
    """
    if not scenarios:
        return None
    t = TEXTS.get(lang, TEXTS["sv"])
    return {"heading": t["heading"], "intro": t["intro"],
            "table": {"caption": caption(t["caption"]), "headers": list(t["headers"]),
                      "rows": [_row(s, t, lang) for s in scenarios],
                      "widths": [30, 12, 22, 24, 12]}}
