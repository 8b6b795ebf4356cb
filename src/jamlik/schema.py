"""What every layer shares about jamlik's data: the long format, periods, area versions.

The long ("tidy") observation format is one observation a row; it is both a file
format (CSV, Excel; ``docs/import-formats.md``) and the canonical in-memory table
that every importer produces, the store persists and exports write. :data:`COLUMNS`
declares each column as data: its type, whether it is required, and help text.

This module is layer 0: it imports nothing from jamlik but :mod:`jamlik.errors`,
so the parsers (``jamlik.ingest``), the store and the jobs can all use it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = [
    "AREA_SHAPES", "AreaShape", "COLUMNS", "Column", "KEY", "KINDS", "POLARITIES", "TOTAL",
    "area_shape", "area_version_hint", "default_area_version", "parse_period",
]

TOTAL = "total"
"""Dimension and subgroup code of an observation without breakdown (totalt)."""

POLARITIES = ("higher_better", "lower_better", "neutral")
KINDS = ("proportion", "rate", "mean", "count", "life_expectancy", "index", "other")


@dataclass(frozen=True)
class Column:
    """One column of the long format: name, type (text, number, integer, boolean), help."""

    name: str
    type: str  # text, number, integer, boolean
    help: str
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("indicator", "text", "Indicator code, e.g. 'medellivslangd' or 'HE0110_BE0101N1'.", True),
    Column("indicator_name", "text", "Indicator name in Swedish."),
    Column("indicator_name_en", "text", "Indicator name in English."),
    Column("unit", "text", "Unit, e.g. 'procent', 'år', 'per 100 000'."),
    Column("scale", "number", "Indicator scale: 1, 100 (per cent), 1000, 100000."),
    Column("polarity", "text", "higher_better, lower_better or neutral."),
    Column("kind", "text", "proportion, rate, mean, count, life_expectancy, index or other."),
    Column("indicator_source", "text", "Who publishes the indicator, e.g. 'SCB'."),
    Column("area_code", "text", "Area code, e.g. '1480' or '1480R001'.", True),
    Column("area_name", "text", "Area name."),
    Column("area_version", "text", "Area classification version, e.g. 'RegSO_2025', 'Kommun_2025'."),
    Column("area_level", "text", "Level: riket, lan, kommun, regso, deso, stadsdel, ..."),
    Column("period", "text", "Year '2024', span '2019-2023', quarter '2024K1' or month '2024M01'.", True),
    Column("dimension", "text", "Dimension code, e.g. 'kon'; empty or 'total' for no breakdown."),
    Column("dimension_name", "text", "Dimension name, e.g. 'Kön'."),
    Column("dimension_ordered", "boolean", "1 if the subgroups have a natural order."),
    Column("subgroup", "text", "Subgroup code, e.g. 'kvinnor'; empty or 'total' for no breakdown."),
    Column("subgroup_name", "text", "Subgroup name."),
    Column("subgroup_order", "integer", "Order of the subgroup (1 = most disadvantaged)."),
    Column("reference_subgroup", "boolean", "1 if this subgroup is the dimension's reference."),
    Column("value", "number", "The estimate; empty only when suppressed."),
    Column("numerator", "number", "Numerator (täljare), e.g. number of cases."),
    Column("denominator", "number", "Denominator (nämnare), e.g. population at risk."),
    Column("se", "number", "Standard error of the value."),
    Column("lower", "number", "Lower confidence limit."),
    Column("upper", "number", "Upper confidence limit."),
    Column("confidence", "number", "Confidence level of lower/upper, e.g. 0.95."),
    Column("population", "number", "Population of the subgroup."),
    Column("suppressed", "boolean", "1 if the value is withheld or missing (sekretess, för få)."),
    Column("suppression_reason", "text", "Why it is suppressed, e.g. '..' or 'färre än 5 fall'."),
    Column("flag", "text", "A note on the estimate (HEAT's flag)."),
    Column("open_age_band", "integer",
           "Life expectancy: start of the open age band of the life table (90 for 90+)."),
    Column("source", "text", "Source of this row, e.g. 'SCB, BE0101'."),
)
KEY = ("indicator", "area_version", "area_code", "period", "dimension", "subgroup")
"""The columns that identify one observation."""


# One parser of period codes for every reader. Agencies write the same period in
# different ways (SCB 2024K1, Statistics Finland/Eurostat 2024Q1, INE 2024T1; Statistics
# Norway's weeks 2023U29, ISO 2023W29); each kind has one canonical code (Swedish letters:
# K kvartal, H halvår, M månad, V vecka), so that the store holds one period once.
_PATTERNS = (
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})\s*[-–—]\s*(\d{4})$"), "span"),
    (re.compile(r"^(\d{4})[KQT]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})H([12])$"), "half_year"),
    (re.compile(r"^(\d{4})M(0[1-9]|1[0-2])$"), "month"),
    (re.compile(r"^(\d{4})[VUW](0[1-9]|[1-4]\d|5[0-3])$"), "week"),
    (re.compile(r"^(\d{4})/(\d{2})$"), "school_year"),
)


def parse_period(code: str):
    """Parse a period code; return ``(code, kind, start_date, end_date)``.

    Kinds: ``year`` (2024), ``span`` (2019-2023), ``quarter`` (2024K1; 2024Q1 and
    2024T1 are read as 2024K1), ``half_year`` (2024H1), ``month`` (2024M01), ``week``
    (ISO 8601 week, 2023V29; 2023U29 and 2023W29 are read as 2023V29) and
    ``school_year`` (2023/24).

    >>> parse_period("2019–2023")[:2]
    ('2019-2023', 'span')
    >>> parse_period("2024K2")[2:]
    (datetime.date(2024, 4, 1), datetime.date(2024, 6, 30))
    >>> parse_period("2023U29")
    ('2023V29', 'week', datetime.date(2023, 7, 17), datetime.date(2023, 7, 23))
    """
    text = str(code).strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        year = int(match.group(1))
        if year < 1 or kind in ("span", "school_year") and year > 9998:
            break
        if kind == "year":
            return text, kind, dt.date(year, 1, 1), dt.date(year, 12, 31)
        if kind == "span":
            last = int(match.group(2))
            if last < year:
                break
            return f"{year}-{last}", kind, dt.date(year, 1, 1), dt.date(last, 12, 31)
        if kind in ("quarter", "half_year"):
            part, months = int(match.group(2)), 3 if kind == "quarter" else 6
            end_month = part * months
            end_day = calendar.monthrange(year, end_month)[1]
            letter = "K" if kind == "quarter" else "H"
            return (f"{year}{letter}{part}", kind, dt.date(year, end_month - months + 1, 1),
                    dt.date(year, end_month, end_day))
        if kind == "month":
            month = int(match.group(2))
            return text, kind, dt.date(year, month, 1), dt.date(
                year, month, calendar.monthrange(year, month)[1])
        if kind == "week":
            week = int(match.group(2))
            try:
                start = dt.date.fromisocalendar(year, week, 1)
            except ValueError:  # week 53 in a year with 52 ISO weeks
                break
            return f"{year}V{week:02d}", kind, start, start + dt.timedelta(days=6)
        next_year = int(match.group(2))
        if next_year != (year + 1) % 100:
            break
        return text, kind, dt.date(year, 7, 1), dt.date(year + 1, 6, 30)
    raise ValueError(
        f"väntade en period som '2024', '2019-2023', '2024K1', '2024H1', '2024M01', '2023V29' "
        f"eller '2023/24', fick '{code}'"
    )


@dataclass(frozen=True)
class AreaShape:
    """The shape of one level's SCB area codes, and the classification versions that use it.

    ``version`` is the version a bare code of this shape belongs to, or None where
    several versions (``versions``, oldest first) write codes of the same shape.
    """

    level: str
    pattern: re.Pattern
    version: str | None
    versions: tuple[str, ...]


AREA_SHAPES: tuple[AreaShape, ...] = (
    AreaShape("riket", re.compile(r"^(00|SE)$"), "Riket", ("Riket",)),
    AreaShape("lan", re.compile(r"^\d{2}$"), "Lan_2025", ("Lan_2025",)),
    AreaShape("kommun", re.compile(r"^\d{4}$"), "Kommun_2025", ("Kommun_2025",)),
    # RegSO 2020 and 2025 (DeSO 2018 and 2025) codes have the same shape: no default.
    AreaShape("regso", re.compile(r"^\d{4}R\d{3}$"), None, ("RegSO_2020", "RegSO_2025")),
    AreaShape("deso", re.compile(r"^\d{4}[ABC]\d{4}$"), None, ("DeSO_2018", "DeSO_2025")),
)
"""The one table of SCB area code shapes (riket, län, kommun, RegSO, DeSO)."""


def area_shape(code: str) -> AreaShape | None:
    """The :class:`AreaShape` a bare area code has, or None.

    >>> area_shape("1480R001").level, area_shape("1480R001").versions
    ('regso', ('RegSO_2020', 'RegSO_2025'))
    >>> area_shape("14800") is None
    True
    """
    return next((shape for shape in AREA_SHAPES if shape.pattern.match(code)), None)


def default_area_version(code: str) -> tuple[str, str] | None:
    """The SCB classification a bare area code belongs to, by its shape.

    Only where the shape tells: municipality and county codes (the 2025 lists);
    RegSO and DeSO codes look the same in every version, so they get none.

    >>> default_area_version("1480")
    ('Kommun_2025', 'kommun')
    >>> default_area_version("1480R001") is None
    True
    """
    shape = area_shape(code)
    return None if shape is None or shape.version is None else (shape.version, shape.level)


def area_version_hint(code: str) -> str | None:
    """Why a code's area version cannot be guessed (its shape fits several versions), or None.

    >>> area_version_hint("1480R001")
    'koden ser ut som RegSO, men RegSO_2020 eller RegSO_2025 har koder av samma form'
    """
    shape = area_shape(code)
    if shape is None or shape.version is not None:
        return None
    return (f"koden ser ut som {shape.versions[0].split('_')[0]}, men "
            f"{' eller '.join(shape.versions)} har koder av samma form")
