"""Deterministic example indicator data for the demo city (exempeldata).

The values are invented, but shaped like Swedish statistics: each area has a
latent level of disadvantage (higher in areas that are known to be socio-
economically vulnerable, e.g. Angered, Rosengård, Rinkeby), and every indicator
depends on it, so gaps between areas are of realistic size (about 9 years of
life expectancy between Göteborg's extremes). Values are given in total, by sex
(kön) and by region of birth (födelseregion); the total is the population-
weighted mean of the birth-region groups, so the breakdowns add up. Life
expectancy is computed as Statistics Sweden computes it for areas: from deaths
and population by age over five years, with a life table (open band 90+,
``_life``). Some gaps
close over 2010–2024 and some widen. Survey values based on fewer than 30
respondents are suppressed, with the reason.

Nothing here is real statistics: every indicator and batch is marked
``is_example`` and named as example data.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._geography import DemoArea

EXAMPLE_NOTE = "Exempeldata – påhittade värden, inte verklig statistik"
EXAMPLE_SOURCE = "Exempeldata (jamlik demo)"
FIRST_YEAR, LAST_YEAR = 2010, 2024

VULNERABLE = (
    "angered", "hjällbo", "hammarkullen", "bergsjön", "biskopsgården", "lövgärdet", "gårdsten",
    "lärjedalen", "rannebergen", "kortedala", "tynnered", "rosengård", "seved", "lindängen",
    "holma", "kroksbäck", "hermodsdal", "nydala", "sofielund", "rinkeby", "tensta", "husby",
    "hjulsta", "akalla", "skärholmen", "rågsved", "hagsätra", "bredäng", "vårberg", "sätra",
    "botkyrka", "södertälje", "filipstad", "ljusnarsberg", "perstorp",
)
AFFLUENT = (
    "örgryte", "långedrag", "hovås", "askim", "vasastaden", "östermalm", "bromma", "limhamn",
    "djurgården", "danderyd", "lidingö", "täby", "lomma", "vellinge", "habo", "kungsbacka",
    "nacka", "saltsjöbaden", "älvsjö", "bunkeflo", "vallentuna", "sollentuna", "partille",
)

CITY_POPULATION = {"1480": 600_000, "0180": 990_000, "1280": 360_000}  # rounded, 2024

# Region of birth: share of the population at z = 0 and how it moves with disadvantage.
BIRTH_GROUPS = (
    ("sverige", "Född i Sverige", 0.80, -0.10),
    ("europa", "Född i Europa utom Sverige", 0.08, 0.01),
    ("utanfor_europa", "Född utanför Europa", 0.12, 0.09),
)


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    name_en: str
    unit: str
    polarity: str
    kind: str
    base: float  # value at z = 0 in 2010
    effect: float  # change per unit of disadvantage in 2010
    effect_trend: float  # yearly change of the effect (negative: the gap closes)
    trend: float  # yearly change of the level
    sex_gap: float  # women minus men
    birth: tuple[float, float, float]  # shift by region of birth
    years: tuple[int, ...] = tuple(range(FIRST_YEAR, LAST_YEAR + 1))
    survey_rate: float | None = None  # respondents per inhabitant, for survey indicators
    multiplicative: bool = False  # for rare outcomes the effects multiply
    span: int = 1  # 5 for life expectancy: SCB publishes 5-year periods for areas


SPECS = (
    Spec("medellivslangd", "Medellivslängd vid födseln", "Life expectancy at birth", "år",
         "higher_better", "life_expectancy", 82.0, -2.2, 0.02, 0.12, 3.7, (0.3, -0.4, -0.6),
         span=5),
    Spec("gymnasiebehorighet", "Behörighet till gymnasieskolans yrkesprogram, åk 9",
         "Eligibility for upper secondary school, year 9", "procent", "higher_better",
         "proportion", 86.0, -8.0, -0.15, -0.15, 3.5, (3.0, -6.0, -15.0)),
    Spec("forvarvsarbete", "Förvärvsarbetande 20–64 år", "Employed, aged 20–64", "procent",
         "higher_better", "proportion", 79.0, -9.5, 0.25, 0.30, -3.5, (5.0, -4.0, -17.0)),
    Spec("ekonomiskt_bistand", "Invånare med ekonomiskt bistånd", "Residents receiving "
         "social assistance", "procent", "lower_better", "proportion", 4.0, 0.65, -0.01,
         -0.025, 0.0, (-0.6, 0.4, 1.1), multiplicative=True),
    Spec("valdeltagande", "Valdeltagande i val till kommunfullmäktige", "Voter turnout, "
         "municipal elections", "procent", "higher_better", "proportion", 81.0, -10.0, 0.10,
         0.35, 1.5, (4.0, -8.0, -14.0), years=(2010, 2014, 2018, 2022)),
    Spec("trangboddhet", "Trångbodda enligt norm 2", "Overcrowded households (norm 2)",
         "procent", "lower_better", "proportion", 14.0, 8.0, 0.15, 0.10, 0.0,
         (-5.0, 6.0, 14.0)),
    Spec("tillit", "Har tillit till andra människor", "Trust in other people", "procent",
         "higher_better", "proportion", 63.0, -9.0, 0.05, -0.10, 1.0, (3.0, -5.0, -10.0),
         years=tuple(range(2012, LAST_YEAR + 1, 2)), survey_rate=0.012),
)
#: indicators given by sex and region of birth together (the equality report's intersections)
INTERSECTIONS = ("forvarvsarbete",)
INTERSECTION_DIMENSION = "kon+fodelseregion"
TARGET_AREAS = {"medellivslangd": ("MO1", "MO3"), "gymnasiebehorighet": ("MO1",),
                "forvarvsarbete": ("MO2",), "ekonomiskt_bistand": ("MO2",),
                "trangboddhet": ("MO3",), "valdeltagande": ("MO4",), "tillit": ("MO4",)}


def _disadvantage(areas: list[DemoArea], rng: np.random.Generator) -> np.ndarray:
    z = rng.normal(0.0, 0.6, size=len(areas))
    for position, area in enumerate(areas):
        name = area.name.lower()
        if any(word in name for word in VULNERABLE):
            z[position] += 1.8
        elif any(word in name for word in AFFLUENT):
            z[position] -= 1.0
    return z


def _population(areas: list[DemoArea], rng: np.random.Generator) -> np.ndarray:
    level = np.array([a.level for a in areas])
    return np.where(level == "regso", rng.lognormal(np.log(5500), 0.45, len(areas)),
                    rng.lognormal(np.log(16000), 0.9, len(areas))).round()


def _cities_from_districts(areas, z, population) -> None:
    """A municipality with districts gets their total population and mean disadvantage,
    so that the city's values and its districts' values tell the same story."""
    parents = np.array([a.parent if a.level == "regso" else "" for a in areas])
    for position, area in enumerate(areas):
        if area.level != "kommun":
            continue
        children = parents == area.code
        if children.any():
            # scale the districts to about the city's real population
            target = CITY_POPULATION.get(area.code, population[children].sum())
            population[children] = np.round(population[children] * target
                                             / population[children].sum())
            population[position] = population[children].sum()
            z[position] = np.average(z[children], weights=population[children])


def generate(areas: list[DemoArea], *, rng: np.random.Generator) -> pd.DataFrame:
    """Example observations for RegSO areas and municipalities, as a tidy table."""
    areas = [a for a in areas if a.level in ("regso", "kommun")]
    z = _disadvantage(areas, rng)
    population = _population(areas, rng)
    _cities_from_districts(areas, z, population)
    frames = [_indicator(spec, areas, z, population, rng) for spec in SPECS]
    frame = pd.concat(frames, ignore_index=True)
    frame["indicator_source"] = EXAMPLE_SOURCE
    frame["source"] = EXAMPLE_NOTE
    frame["_row"] = np.arange(2, len(frame) + 2)
    return frame


def _periods(spec: Spec) -> list[tuple[str, int]]:
    if spec.span == 1:
        return [(str(year), year) for year in spec.years]
    return [(f"{year - spec.span + 1}-{year}", year - spec.span // 2)
            for year in spec.years if year - spec.span + 1 >= FIRST_YEAR]


def _indicator(spec, areas, z, population, rng) -> pd.DataFrame:
    periods = _periods(spec)
    years = np.array([middle for _, middle in periods], dtype=float) - FIRST_YEAR
    zz, tt = np.meshgrid(z, years, indexing="ij")  # areas × periods
    effect = spec.effect + spec.effect_trend * tt
    shares = np.stack([np.clip(s0 + slope * zz, 0.02, None) for _, _, s0, slope in BIRTH_GROUPS])
    shares /= shares.sum(axis=0)
    if spec.multiplicative:
        level = spec.base * np.exp(effect * zz + spec.trend * tt)
        groups = np.stack([level * np.exp(shift) for shift in spec.birth])
    else:
        level = spec.base + effect * zz + spec.trend * tt
        groups = np.stack([level + shift for shift in spec.birth])
    upper = 100.0 if spec.unit == "procent" else 120.0
    groups = np.clip(groups, 0.2, upper - 0.5)
    person_count = population[:, None] * np.ones_like(tt) * spec.span
    total = (groups * shares).sum(axis=0)
    rows = [("total", "total", total, person_count)]
    rows += [("fodelseregion", code, groups[i], person_count * shares[i])
             for i, (code, _, _, _) in enumerate(BIRTH_GROUPS)]
    rows += [("kon", "kvinnor", total + spec.sex_gap / 2, person_count / 2),
             ("kon", "man", total - spec.sex_gap / 2, person_count / 2)]
    if spec.code in INTERSECTIONS:  # example of two breakdowns at once: sex × birth region
        rows += [(INTERSECTION_DIMENSION, f"{sex}+{code}", groups[i] + sign * spec.sex_gap / 2,
                  person_count * shares[i] / 2)
                 for i, (code, _, _, _) in enumerate(BIRTH_GROUPS)
                 for sex, sign in (("kvinnor", 1), ("man", -1))]
    life = _life_tables(total, person_count, spec, rng) if spec.kind == "life_expectancy" else None
    parts = []
    for dimension, subgroup, truth, persons in rows:
        parts.append(_observe(spec, areas, periods, dimension, subgroup, truth, persons, rng,
                              life=life))
    if life is not None:  # the deaths by age behind the tables, for the decomposition
        from ._life import death_rate_rows

        parts.append(death_rate_rows(life["by_age"], areas, [code for code, _ in periods]))
    return pd.concat(parts, ignore_index=True)


def _life_tables(total, person_count, spec, rng) -> dict:
    """Life expectancy of every area and period from generated deaths and population
    (life table, 90+ open): the total's value and se; the groups are placed around it."""
    from ._life import OPEN_AGE_BAND, life_table_values

    table = life_table_values(total, person_count / spec.span, spec.span, rng)
    shape = total.shape
    return {"value": table["value"].to_numpy().reshape(shape),
            "se": table["se"].to_numpy().reshape(shape),
            "reason": table["reason"].to_numpy().reshape(shape), "truth": total,
            "persons": person_count, "open_age_band": OPEN_AGE_BAND,
            "by_age": table.attrs["by_age"]}


def _observe(spec, areas, periods, dimension, subgroup, truth, persons, rng, *,
             life=None) -> pd.DataFrame:
    if spec.unit == "procent":
        truth = np.clip(truth, 0.2, 99.5)
    if life is not None:
        return _observe_life(spec, areas, periods, dimension, subgroup, truth, persons, life)
    if spec.kind == "life_expectancy":
        se = 70.0 / np.sqrt(persons)
        numerator = denominator = None
    else:
        sample = persons * (spec.survey_rate or 1.0)
        if spec.code == "gymnasiebehorighet":
            sample = persons * 0.011
        sample = np.maximum(sample.round(), 1.0)
        p = truth / 100.0
        se = 100.0 * np.sqrt(p * (1 - p) / sample)
        numerator, denominator = None, sample
    value = truth + rng.normal(0.0, 1.0, truth.shape) * se
    value = np.clip(value, 0.0, 100.0 if spec.unit == "procent" else None)
    suppressed = np.zeros(truth.shape, dtype=bool)
    if denominator is not None:
        numerator = np.round(value / 100.0 * denominator)
        value = 100.0 * numerator / denominator
        se = 100.0 * np.sqrt(np.clip(value / 100 * (1 - value / 100), 1e-6, None) / denominator)
        if spec.survey_rate:
            suppressed = denominator < 30
    n_areas, n_periods = truth.shape
    frame = pd.DataFrame({
        "indicator": spec.code,
        "area_code": np.repeat([a.code for a in areas], n_periods),
        "area_version": np.repeat([a.version for a in areas], n_periods),
        "period": np.tile([code for code, _ in periods], n_areas),
        "dimension": dimension,
        "subgroup": subgroup,
        "value": np.where(suppressed, np.nan, np.round(value, 2)).ravel(),
        "se": np.where(suppressed, np.nan, np.round(se, 3)).ravel(),
        "population": persons.ravel().round() / spec.span,
    })
    if denominator is not None:
        frame["numerator"] = np.where(suppressed, np.nan, numerator).ravel()
        frame["denominator"] = np.where(suppressed, np.nan, denominator).ravel()
    frame["suppressed"] = suppressed.ravel()
    frame["suppression_reason"] = np.where(suppressed.ravel(), "färre än 30 svarande", None)
    return frame


def _observe_life(spec, areas, periods, dimension, subgroup, truth, persons, life):
    """Life expectancy rows: the total from its life table; a group sits at the total
    plus its difference in the model, with the se of a population of its size."""
    value = life["value"] + (truth - life["truth"])
    se = life["se"] * np.sqrt(life["persons"] / np.maximum(persons, 1.0))
    n_areas, n_periods = truth.shape
    missing = np.isnan(value)
    frame = pd.DataFrame({
        "indicator": spec.code,
        "area_code": np.repeat([a.code for a in areas], n_periods),
        "area_version": np.repeat([a.version for a in areas], n_periods),
        "period": np.tile([code for code, _ in periods], n_areas),
        "dimension": dimension, "subgroup": subgroup,
        "value": np.round(value, 2).ravel(), "se": np.round(se, 3).ravel(),
        "population": persons.ravel().round() / spec.span,
        "suppressed": missing.ravel(),
        "suppression_reason": np.where(missing, life["reason"], None).ravel(),
        "open_age_band": pd.array(np.full(value.size, life["open_age_band"]), dtype="Int64"),
    })
    frame["se"] = frame["se"].where(~frame["suppressed"])
    return frame


def indicator_metadata() -> pd.DataFrame:
    """One row per example indicator with its metadata columns."""
    from ._life import DEATH_RATE_META

    return pd.DataFrame([DEATH_RATE_META, *({
        "indicator": s.code, "indicator_name": f"{s.name} (exempeldata)",
        "indicator_name_en": f"{s.name_en} (example data)", "unit": s.unit,
        "scale": 1.0 if s.kind == "life_expectancy" else 100.0, "polarity": s.polarity,
        "kind": s.kind,
    } for s in SPECS)])
