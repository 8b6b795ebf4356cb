"""Indicator definitions for register microdata, written once as data (YAML).

A definition says who is counted (``population``), what is counted among them
(``numerator``) or averaged (``mean``), how the result is broken down (area levels and
subgroups) and how many years are pooled. It holds no code: the filters are a small
grammar of column conditions, compiled to one expression that every engine runs
(:mod:`jamlik.register._compute`). See ``docs/register.md`` for the grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jamlik.errors import InputError

__all__ = ["AreaLevel", "Condition", "Definitions", "IndicatorDefinition", "Subgroups",
           "load_definitions", "parse_definitions"]

_CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,62}$")
KINDS = ("proportion", "mean")
POLARITIES = ("higher_better", "lower_better", "neutral")
# ``age`` is derived: the calendar year minus the birth year (age reached during the year).
DERIVED = ("age",)


@dataclass(frozen=True)
class Condition:
    """One column condition: ``between`` (inclusive, None = open), ``equals`` or ``one_of``."""

    column: str
    low: float | None = None
    high: float | None = None
    values: tuple | None = None


@dataclass(frozen=True)
class AreaLevel:
    name: str
    column: str
    version: str
    level: str


@dataclass(frozen=True)
class Subgroups:
    """A breakdown: a column, the dimension's code and name, and its values' codes and names."""

    dimension: str
    column: str
    name: str
    values: dict[Any, tuple[str, str]]
    ordered: bool = False


@dataclass(frozen=True)
class IndicatorDefinition:
    code: str
    name: str
    name_en: str | None
    kind: str
    unit: str
    scale: float
    polarity: str
    population: tuple[Condition, ...]
    numerator: tuple[Condition, ...] = ()
    mean: str | None = None
    by: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    pool_years: int = 1


@dataclass(frozen=True)
class Definitions:
    areas: dict[str, AreaLevel]
    subgroups: dict[str, Subgroups]
    indicators: tuple[IndicatorDefinition, ...]
    min_count: int = 5
    source: str = "registerdata"
    file: str | None = field(default=None, compare=False)

    def columns(self) -> set[str]:
        """Every column of the persons file these definitions read."""
        needed = {"person_id", "year", "birth_year"}
        needed |= {area.column for area in self.areas.values()}
        needed |= {group.column for group in self.subgroups.values()}
        for indicator in self.indicators:
            for condition in (*indicator.population, *indicator.numerator):
                if condition.column not in DERIVED:
                    needed.add(condition.column)
            if indicator.mean:
                needed.add(indicator.mean)
        return needed


def load_definitions(path: str | Path) -> Definitions:
    """Read and check a definitions file (YAML); errors name the file and the entry."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"kan inte läsa filen ({error.strerror})", file=str(path)) from None
    except yaml.YAMLError as error:
        raise InputError(f"inte giltig YAML: {error}", file=str(path)) from None
    return parse_definitions(raw, file=str(path))


def parse_definitions(raw: Any, *, file: str | None = None) -> Definitions:
    """Check the parsed YAML of a definitions file and build :class:`Definitions`."""
    top = _mapping(raw, "", file, required=("areas", "indicators"),
                   optional=("subgroups", "disclosure", "source", "version"))
    areas = {name: _area(name, spec, file) for name, spec in
             _mapping(top["areas"], "areas", file).items()}
    subgroups = {name: _subgroups(name, spec, file) for name, spec in
                 _mapping(top.get("subgroups") or {}, "subgroups", file).items()}
    disclosure = _mapping(top.get("disclosure") or {}, "disclosure", file, optional=("min_count",))
    min_count = disclosure.get("min_count", 5)
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise InputError(f"väntade ett heltal ≥ 1, fick {min_count!r}", file=file,
                         row="disclosure.min_count")
    if not isinstance(top["indicators"], list) or not top["indicators"]:
        raise InputError("väntade en lista med minst ett indikatorer-element", file=file,
                         row="indicators")
    indicators = tuple(_indicator(spec, f"indicators[{n}]", areas, subgroups, file)
                       for n, spec in enumerate(top["indicators"]))
    codes = [indicator.code for indicator in indicators]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        raise InputError(f"indikatorkoden {twice[0]!r} är definierad två gånger", file=file,
                         row="indicators")
    return Definitions(areas, subgroups, indicators, min_count,
                       str(top.get("source") or "registerdata"), file)


def _mapping(raw, where, file, *, required=(), optional=None) -> dict:
    if not isinstance(raw, dict):
        raise InputError(f"väntade en mappning (nyckel: värde), fick {type(raw).__name__}",
                         file=file, row=where or None)
    missing = [key for key in required if key not in raw]
    if missing:
        raise InputError(f"nyckeln {missing[0]!r} saknas", file=file, row=where or None)
    if optional is not None:
        unknown = [key for key in raw if key not in (*required, *optional)]
        if unknown:
            allowed = ", ".join((*required, *optional))
            raise InputError(f"okänd nyckel {unknown[0]!r}; tillåtna: {allowed}", file=file,
                             row=where or None)
    return raw


def _text(value, where, file) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"väntade en text, fick {value!r}", file=file, row=where)
    return value.strip()


def _area(name, spec, file) -> AreaLevel:
    where = f"areas.{name}"
    spec = _mapping(spec, where, file, required=("column", "version", "level"), optional=())
    return AreaLevel(name, _text(spec["column"], f"{where}.column", file),
                     _text(spec["version"], f"{where}.version", file),
                     _text(spec["level"], f"{where}.level", file))


def _subgroups(name, spec, file) -> Subgroups:
    where = f"subgroups.{name}"
    spec = _mapping(spec, where, file, required=("column", "name", "values"),
                    optional=("ordered",))
    values = {}
    for key, value in _mapping(spec["values"], f"{where}.values", file).items():
        entry = _mapping(value, f"{where}.values.{key}", file, required=("code", "name"),
                         optional=())
        values[key] = (_text(entry["code"], f"{where}.values.{key}.code", file),
                       _text(entry["name"], f"{where}.values.{key}.name", file))
    return Subgroups(name, _text(spec["column"], f"{where}.column", file),
                     _text(spec["name"], f"{where}.name", file), values, bool(spec.get("ordered")))


def _conditions(raw, where, file) -> tuple[Condition, ...]:
    conditions = []
    for column, rule in _mapping(raw, where, file).items():
        at = f"{where}.{column}"
        if isinstance(rule, list) and len(rule) == 2 and all(
                r is None or (isinstance(r, (int, float)) and not isinstance(r, bool)) for r in rule):
            if rule[0] is not None and rule[1] is not None and rule[0] > rule[1]:
                raise InputError(f"intervallet {rule} är tomt (första talet är större)", file=file,
                                 row=at)
            conditions.append(Condition(column, low=rule[0], high=rule[1]))
        elif isinstance(rule, dict) and set(rule) == {"one_of"} and isinstance(rule["one_of"], list):
            conditions.append(Condition(column, values=tuple(rule["one_of"])))
        elif isinstance(rule, (str, int, bool)):
            conditions.append(Condition(column, values=(rule,)))
        else:
            raise InputError("väntade [min, max] (null för öppet), ett värde eller "
                             f"{{one_of: [...]}}, fick {rule!r}", file=file, row=at)
    return tuple(conditions)


def _indicator(spec, where, areas, subgroups, file) -> IndicatorDefinition:
    spec = _mapping(spec, where, file, required=("code", "name", "kind", "unit", "population"),
                    optional=("name_en", "scale", "polarity", "numerator", "mean", "by", "areas",
                              "pool_years"))
    code = _text(spec["code"], f"{where}.code", file)
    if not _CODE.match(code):
        raise InputError(f"väntade en kod av a–z, 0–9 och _, fick {code!r}", file=file,
                         row=f"{where}.code")
    kind = spec["kind"]
    if kind not in KINDS:
        raise InputError(f"väntade {' eller '.join(KINDS)}, fick {kind!r}", file=file,
                         row=f"{where}.kind")
    if (kind == "proportion") != ("numerator" in spec) or (kind == "mean") != ("mean" in spec):
        need = "numerator" if kind == "proportion" else "mean"
        raise InputError(f"kind {kind} kräver {need} (och bara det)", file=file, row=where)
    polarity = spec.get("polarity", "neutral")
    if polarity not in POLARITIES:
        raise InputError(f"väntade {', '.join(POLARITIES)}, fick {polarity!r}", file=file,
                         row=f"{where}.polarity")
    by = tuple(spec.get("by") or ())
    unknown = [name for name in by if name not in subgroups]
    if unknown:
        raise InputError(f"okänd indelning {unknown[0]!r}; definierade: {', '.join(subgroups)}",
                         file=file, row=f"{where}.by")
    levels = tuple(spec.get("areas") or areas)
    unknown = [name for name in levels if name not in areas]
    if unknown:
        raise InputError(f"okänd områdesnivå {unknown[0]!r}; definierade: {', '.join(areas)}",
                         file=file, row=f"{where}.areas")
    pool = spec.get("pool_years", 1)
    if isinstance(pool, bool) or not isinstance(pool, int) or not 1 <= pool <= 10:
        raise InputError(f"väntade ett heltal 1–10, fick {pool!r}", file=file,
                         row=f"{where}.pool_years")
    scale = spec.get("scale", 100 if kind == "proportion" else 1)
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or scale <= 0:
        raise InputError(f"väntade ett tal > 0, fick {scale!r}", file=file, row=f"{where}.scale")
    return IndicatorDefinition(
        code, _text(spec["name"], f"{where}.name", file),
        _text(spec["name_en"], f"{where}.name_en", file) if spec.get("name_en") else None,
        kind, _text(spec["unit"], f"{where}.unit", file), float(scale), polarity,
        _conditions(spec["population"], f"{where}.population", file),
        _conditions(spec["numerator"], f"{where}.numerator", file) if kind == "proportion" else (),
        _text(spec["mean"], f"{where}.mean", file) if kind == "mean" else None,
        by, levels, pool)
