"""A statistics cube (PC-Axis file or PxWeb response) → jamlik's tidy rows.

The px and PxWeb readers parse their syntax into a :class:`Table` (variables
with codes and texts, and one value or symbol per cell); :func:`to_tidy` maps
it the same way for all three formats:

- **Area.** The region variable (json-stat2 role ``geo``, a variable coded or
  named ``Region``/``Kommun``/``Län``/``DeSO``/``RegSO``, or one whose codes have
  the shape of RegSO/DeSO codes) gives ``area_code``/``area_name``/
  ``area_version``/``area_level`` by :func:`jamlik.ingest._scb_areas.scb_area`.
  Without one the rows are for Riket (``00``) unless ``area_code=`` says otherwise.
- **Period.** The time variable (TIMEVAL, ``VARIABLE-TYPE=T``, json-stat2 role
  ``time``, or code ``Tid``) gives ``period`` as written ("2024", "2019-2023",
  "2024K1", "2024M01"; "2024Q1" is written "2024K1").
- **Indicator.** The contents variable (CONTVARIABLE, role ``metric``, code
  ``ContentsCode``) gives ``indicator = {table_id}_{contents code}``, its text as
  ``indicator_name`` and its UNITS as ``unit``. Without one the table has one
  indicator, ``{table_id}``.
- **Breakdowns.** Every other variable is a breakdown. A value is its total when
  it is the elimination value or its code/text says so (``1+2``, ``tot…``,
  ``totalt…``, ``samtliga``). A row whose breakdowns are all at their totals has
  dimension and subgroup ``total``; with exactly one not at its total, the
  dimension is that variable (code lower-cased and ASCII-folded: ``Kon`` →
  ``kon``, ``dimension_name`` its text), the subgroup its value (code, text, and
  ``subgroup_order`` = 1-based position among the variable's non-total values);
  with several, the dimension combines them: ``kon×alder``, subgroup
  ``1×20-64``, names joined with ", ", order by position in the combined list.
- **Symbols.** SCB's symbols mean missing or withheld, never zero: the value is
  left empty, ``suppressed`` is true and ``suppression_reason`` is the symbol
  with its meaning. The exception is ``-``: SCB defines it as "inget finns att
  redovisa (värdet noll)" (magnitude nil), and the PX format stored it as 0
  before 2005, so it is read as the value 0 with that text as ``flag``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError, InputError, option

from ._origin import agency_version, is_swedish_code, table_origin
from ._scb_areas import Area, area_name, looks_like_region_code, scb_area
from ._tidy import TOTAL, parse_period

__all__ = ["Variable", "Cells", "Table", "to_tidy", "check_options", "symbol_meaning", "unravel",
           "MAX_CELLS", "NIL"]

MAX_CELLS = 2_000_000
"""Most cells one file may hold: a 2-million-row tidy table already takes gigabytes."""

# SCB's explanation of symbols (teckenförklaring), shared by Sweden's official statistics:
# SCB, "På tal om kvinnor och män", Läsanvisning (http://jamstalld.se/lasanvisning/):
#   "– Inget finns att redovisa (värdet noll)", "0 Mindre än hälften av den använda enheten",
#   ".. Uppgift är inte tillgänglig eller för osäker för att anges";
# Trafikanalys, Varuflöden, Teckenförklaring (https://www.trafa.se/kommunikationsvanor/varufloden/):
#   ".. uppgift inte tillgänglig eller alltför osäker", ". uppgift kan inte förekomma",
#   "– noll (inget finns att redovisa)".
# The PX format (SCB, "Data in the PX-file", https://www.scb.se/en/services/
# statistical-programs-for-px-files/px-file-format/data-in-the-px-file/): "Data that is missing
# is stored as one, two, three, four, five or six dots" (DATASYMBOL1-6 say how each is shown),
# and "a dash" (DATASYMBOLNIL) "is presented as 0 and saved as 0" before PC-Axis 2005.
_MEANINGS = {
    ".": "uppgift kan inte förekomma",
    "..": "uppgift inte tillgänglig eller för osäker för att anges",
    "...": "uppgift saknas (PX-datasymbol 3)",
    "....": "uppgift saknas (PX-datasymbol 4)",
    ".....": "uppgift saknas (PX-datasymbol 5)",
    "......": "uppgift saknas (PX-datasymbol 6)",
    "": "uppgift saknas (tomt värde)",
}
NIL = ("-", "–", "—")
_NIL_MEANING = "inget finns att redovisa (värdet noll)"


def symbol_meaning(symbol: str) -> str | None:
    """SCB's meaning of a missing-value symbol, or None if it is not one of SCB's.

    >>> symbol_meaning("..")
    'uppgift inte tillgänglig eller för osäker för att anges'
    """
    return _NIL_MEANING if symbol in NIL else _MEANINGS.get(symbol)


@dataclass
class Variable:
    """One variable (dimension) of a cube, its values in storage order."""

    code: str
    label: str
    codes: list[str]
    labels: list[str]
    role: str | None = None  # "geo", "time" or "metric" when the source says so
    total: str | None = None  # code of the elimination value
    units: dict[str, str] = field(default_factory=dict)  # contents code → unit
    labels_en: list[str] | None = None
    where: int | str | None = None  # where it is defined, for messages
    # px only: time scale (TLIST), STUB/HEADING, name and value texts in the default language
    scale: str | None = None
    placement: str | None = None
    name_default: str | None = None
    values_default: list[str] | None = None


@dataclass
class Cells:
    """The cells: per variable the position of each cell's value, then the cell."""

    index: list[np.ndarray]
    value: np.ndarray  # float, NaN where a symbol stands
    symbol: np.ndarray  # object: None or the symbol as written
    row: np.ndarray  # where each cell is, for messages (line number or JSON path)
    note: np.ndarray | None = None  # object: a note on a cell that has a value


@dataclass
class Table:
    variables: list[Variable]
    cells: Cells
    table_id: str
    source: str | None = None
    contents: str | None = None
    unit: str | None = None
    shown_as: dict[str, str] = field(default_factory=dict)  # symbol → how the source shows it
    details: dict = field(default_factory=dict)
    # where the table comes from (see _origin): texts that may name the agency, and the
    # table's languages (None when the format carries none)
    agency_texts: list[str] = field(default_factory=list)
    languages: list[str] | None = None


# The time variable's name in the agencies' languages (sv, en, no/da, fi, de, fr, it, es)
_TIME_NAMES = {"år", "tid", "månad", "kvartal", "period", "year", "time", "month", "quarter",
               "måned", "uke", "vuosi", "kuukausi", "neljännes", "aika", "jahr", "monat",
               "année", "mois", "anno", "mese", "año", "periodo", "mes", "week", "vecka"}
_REGION_NAME = re.compile(r"^(region|kommun|län|lan|deso|regso|område)\b", re.IGNORECASE)
_TOTAL_CODES = {"1+2", "samtliga", "totsa"}


def unravel(flat: np.ndarray, sizes: list[int]) -> list[np.ndarray]:
    """Row-major positions → one index array per variable (any number of variables)."""
    flat = np.asarray(flat, dtype=np.int64)
    out = []
    for size in reversed(sizes):
        out.append(flat % size)
        flat = flat // size
    return out[::-1]


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")


def _join(names: list[str | None]) -> str | None:
    return None if any(n is None for n in names) else ", ".join(names)


def _is_total(code: str, label: str | None) -> bool:
    code, label = code.strip().lower(), (label or "").strip().lower()
    return (code in _TOTAL_CODES or code.startswith("tot")
            or label in ("total", "samtliga") or label.startswith("totalt"))


def _roles(variables: list[Variable]) -> tuple[int | None, int | None, int | None]:
    def first(test):
        return next((i for i, v in enumerate(variables) if test(v)), None)

    time = first(lambda v: v.role == "time")
    if time is None:
        time = first(lambda v: v.code.lower() in ("tid", "time"))
    if time is None:
        time = first(lambda v: v.label.strip().lower() in _TIME_NAMES)
    metric = first(lambda v: v.role == "metric")
    if metric is None:
        metric = first(lambda v: v.code.lower() == "contentscode")
    rest = [i for i in range(len(variables)) if i not in (time, metric)]
    geo = next((i for i in rest if variables[i].role == "geo"), None)
    if geo is None:
        geo = next((i for i in rest if _REGION_NAME.match(variables[i].code)
                    or _REGION_NAME.match(variables[i].label)), None)
    if geo is None:
        geo = next((i for i in rest if variables[i].codes
                    and all(looks_like_region_code(c) for c in variables[i].codes)), None)
    return geo, time, metric


def _areas(table, geo, area_version, area_code, warnings, file):
    """area_code, area_name, area_version, area_level and source per cell."""
    source = f"{table.source}, {table.table_id}" if table.source else table.table_id
    var = table.variables[geo] if geo is not None else None
    origin = table_origin(sources=[table.source, *table.agency_texts],
                          languages=table.languages, codes=var.codes if var else None)
    table.details["origin"] = {"swedish": origin.swedish, "agency": origin.agency,
                               "why": origin.why}
    if var is None:
        areas, names, position = [_national_area(origin, area_version, area_code, warnings,
                                                 file)], None, None
        names = ["Riket" if areas[0].level == "riket" else None]
    else:
        areas = _region_areas(table, var, origin, area_version, warnings, file)
        seen = {}
        for a in areas:
            other = seen.setdefault((a.code, a.version), a)
            if other is not a:
                raise InputError(f"regionkoderna '{other.original}' och '{a.original}' blir samma "
                                 f"område ({a.code}, {a.version}); väntade olika områden",
                                 file=file, row=var.where)
        names = [area_name(label, a) for label, a in zip(var.labels, areas)]
        position = table.cells.index[geo]
    if position is None:
        position = np.zeros(len(table.cells.value), dtype=np.intp)
    sources = [source if a.original == a.code else f"{source} (region {a.original})" for a in areas]
    columns = ([a.code for a in areas], names, [a.version for a in areas],
               [a.level for a in areas], sources)
    changed = {a.original: a.code for a in areas if a.original != a.code}
    return (*(np.array(c, dtype=object)[position] for c in columns), changed)


def _national_area(origin, area_version, area_code, warnings, file) -> Area:
    """The one area of a table without a region variable: never Sweden unless it is Swedish."""
    if area_code is not None:
        return scb_area(area_code, area_version=area_version)
    if area_version is not None:
        if area_version.strip().lower() == "riket":
            return scb_area("00")
        raise InputError(
            f"tabellen har ingen regionvariabel; ange vilket område i {area_version} raderna "
            f"gäller med {option('area_code')}", file=file)
    if origin.swedish:
        warnings.append(f"tabellen har ingen regionvariabel; raderna gäller riket (00), eftersom "
                        f"tabellen är svensk enligt {origin.why}")
        return scb_area("00")
    country = "inte svensk" if origin.swedish is False else "inte säkert svensk"
    raise InputError(
        f"tabellen har ingen regionvariabel och är {country} ({origin.why}); raderna antas inte "
        f"gälla Sverige (00). Ange området med {option('area_code')} och "
        f"{option('area_version')}, eller {option('area_version')} 'Riket' om tabellen gäller "
        "hela Sverige", file=file)


def _region_areas(table, var, origin, area_version, warnings, file) -> list[Area]:
    """The areas of a region variable: SCB's codes for Swedish tables, else a named version."""
    if origin.swedish:
        return [scb_area(c, area_version=area_version) for c in var.codes]
    level = _slug(var.code) or "region"
    if area_version is None and origin.agency is None:
        foreign = next((c for c in var.codes if not is_swedish_code(c)), var.codes[0])
        raise InputError(
            f"regionvariabeln '{var.label}' har koder som inte är SCB:s (t.ex. '{foreign}'; "
            f"{origin.why}); vet inte vilken områdesindelning de hör till. Ange den med "
            f"{option('area_version')} (t.ex. 'Byrå_{level}')", file=file, row=var.where)
    if area_version is None:
        area_version = agency_version(origin.agency, var.code)
        warnings.append(f"regionerna i '{var.label}' är {origin.agency}s, inte SCB:s (enligt "
                        f"{origin.why}); de sparas i områdesindelningen {area_version}")
    return [Area(str(c).strip(), area_version, level, str(c).strip()) for c in var.codes]


def _period(code: str) -> str:
    return parse_period(code.strip())[0]


def _periods(table, time, period, file):
    n = len(table.cells.value)
    if time is None:
        if period is None:
            raise InputError("tabellen har ingen tidsvariabel (TIMEVAL, 'Tid' eller rollen time); "
                             f"ange perioden med {option('period')}", file=file)
        try:
            return np.full(n, _period(period), dtype=object)
        except ValueError as error:
            raise InputError(str(error), file=file) from None
    var = table.variables[time]
    periods = []
    for code in var.codes:
        try:
            periods.append(_period(code))
        except ValueError as error:
            raise InputError(f"tidsvariabeln '{var.label}': {error}", file=file,
                             row=var.where) from None
    return np.array(periods, dtype=object)[table.cells.index[time]]


def _indicators(table, metric):
    n = len(table.cells.value)
    if metric is None:
        full = lambda x: np.full(n, x, dtype=object)  # noqa: E731
        return full(table.table_id), full(table.contents), full(None), full(table.unit)
    var = table.variables[metric]
    english = var.labels_en or [None] * len(var.codes)
    units = [var.units.get(c) or table.unit for c in var.codes]
    position = table.cells.index[metric]
    pick = lambda values: np.array(values, dtype=object)[position]  # noqa: E731
    return (pick([f"{table.table_id}_{c}" for c in var.codes]), pick(var.labels),
            pick(english), pick(units))


def _breakdowns(table, columns):
    """dimension, dimension_name, subgroup, subgroup_name, subgroup_order per cell."""
    n = len(table.cells.value)
    if not columns:
        full = lambda x: np.full(n, x, dtype=object)  # noqa: E731
        return full(TOTAL), full(None), full(TOTAL), full(None), pd.array([pd.NA] * n, "Int64")
    variables = [table.variables[i] for i in columns]
    rank = []  # per variable: position among its non-total values, -1 for the total
    for var in variables:
        totals = [c == var.total or _is_total(c, lab) for c, lab in zip(var.codes, var.labels)]
        counter = iter(range(len(var.codes)))
        rank.append(np.array([-1 if t else next(counter) for t in totals]))
    sizes = [int((r >= 0).sum()) for r in rank]
    shape = [len(v.codes) for v in variables]
    if math.prod(shape) < 2**62:
        key = np.zeros(n, dtype=np.int64)
        for i, size in zip(columns, shape):
            key = key * size + table.cells.index[i]
        unique, inverse = np.unique(key, return_inverse=True)
        combos = np.stack(unravel(unique, shape), axis=1)
    else:
        stacked = np.stack([table.cells.index[i] for i in columns], axis=1)
        combos, inverse = np.unique(stacked, axis=0, return_inverse=True)
    out = [[], [], [], [], []]
    for combo in combos:
        parts = [(k, int(p)) for k, p in enumerate(combo) if rank[k][p] >= 0]
        if not parts:
            row = (TOTAL, None, TOTAL, None, None)
        else:
            order, radix = 0, 1
            for k, p in reversed(parts):
                order += int(rank[k][p]) * radix
                radix *= sizes[k]
            row = ("×".join(_slug(variables[k].code) or f"var{k}" for k, _ in parts),
                   ", ".join(variables[k].label for k, _ in parts),
                   "×".join(variables[k].codes[p] for k, p in parts),
                   _join([variables[k].labels[p] for k, p in parts]), order + 1)
        for column, item in zip(out, row):
            column.append(item)
    inverse = inverse.reshape(-1)
    picked = [np.array(column, dtype=object)[inverse] for column in out[:4]]
    orders = pd.array(out[4], dtype="Int64")[inverse]
    return (*picked, orders)


_DASH = {"nil": "nil", "noll": "nil", "missing": "missing", "saknas": "missing"}


def _dash_is_nil(table, dash, warnings) -> bool:
    """Whether ``-`` is nil (zero) here: the user's choice, else the file's, else the agency's.

    SCB defines "-" as nil ("inget finns att redovisa"), and a file with
    DATASYMBOLNIL says it uses "-" for nil; other agencies (Statistics Norway,
    Statistics Finland, Eurostat) use a dash for a missing value.
    """
    if dash is not None:
        return _DASH[dash] == "nil"
    origin = table.details.get("origin") or {}
    if "-" in table.shown_as or origin.get("swedish"):
        return True
    agency = origin.get("agency") or "en källa utanför Sverige"
    warnings.append(f"'-' läses som 'uppgift saknas', inte som noll: tabellen är från {agency} och "
                    f"anger inte DATASYMBOLNIL; ange {option('dash')} 'nil' om '-' betyder noll")
    return False


def _symbols(table, dash=None, warnings=None):
    """value, suppressed, suppression_reason, flag per cell."""
    cells = table.cells
    value = cells.value.astype(float).copy()
    suppressed = np.zeros(len(value), dtype=bool)
    reason = np.full(len(value), None, dtype=object)
    flag = np.full(len(value), None, dtype=object) if cells.note is None else cells.note.copy()
    present = ~pd.isna(cells.symbol)
    warnings = [] if warnings is None else warnings
    for symbol in pd.unique(cells.symbol[present]):
        mask = present & (cells.symbol == symbol)
        shown = table.shown_as.get("-" if symbol in NIL else symbol)
        if symbol in NIL and _dash_is_nil(table, dash, warnings):
            value[mask] = 0.0
            text = f"{symbol} {_NIL_MEANING}"
            flag[mask] = [text if f is None else f"{text}; {f}" for f in flag[mask]]
            continue
        if shown and re.search(r"[^\W\d_]{2}", shown) and shown.strip() != symbol:
            meaning = f"{shown.strip()} (enligt filens teckenförklaring)"
        else:
            meaning = ("uppgift saknas" if symbol in NIL else
                       _MEANINGS.get(symbol, "symbol utan känd betydelse i SCB:s teckenförklaring"))
            meaning += f' (visas som "{shown}")' if shown and shown != symbol else ""
        value[mask] = np.nan
        suppressed[mask] = True
        written = '""' if symbol == "" else symbol
        reason[mask] = f"{written} {meaning}"
    return value, pd.array(suppressed, dtype="boolean"), reason, flag


def check_options(data, *, file=None, area_version=None, area_code=None, period=None,
                  table_id=None, dash=None) -> None:
    """Check the arguments every SCB reader takes; raise ArgumentError."""
    if dash is not None and (not isinstance(dash, str) or dash not in _DASH):
        raise ArgumentError(f"{option('dash')} måste vara 'nil' (värdet noll) eller 'missing' "
                            f"(uppgift saknas), fick {dash!r}")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ArgumentError(f"data måste vara bytes (filens innehåll), fick {type(data).__name__}")
    if file is not None and not isinstance(file, str):
        raise ArgumentError(f"file måste vara ett filnamn (text), fick {type(file).__name__}")
    for name, value in (("area_version", area_version), ("area_code", area_code),
                        ("table_id", table_id)):
        if value is not None and (not isinstance(value, str) or not value.strip()
                                  or value != value.strip()):
            raise ArgumentError(f"{name} måste vara en text utan inledande eller avslutande "
                                f"blanksteg, t.ex. {_EXAMPLES[name]}, fick {value!r}")
    if period is not None:
        try:
            _period(period)
        except (ValueError, AttributeError):
            raise ArgumentError(f"period måste vara en period som '2024', '2019-2023', '2024K1', "
                                f"'2024H1', '2024M01', '2023V29' eller '2023/24', fick "
                                f"{period!r}") from None


_EXAMPLES = {"area_version": "'RegSO_2025'", "area_code": "'1480'", "table_id": "'TAB638'"}


def to_tidy(table: Table, *, file: str | None = None, area_version: str | None = None,
            area_code: str | None = None, period: str | None = None, dash: str | None = None):
    """Map ``table`` to tidy rows; return ``(frame, details)``.

    The frame passes :func:`jamlik.ingest._tidy.check_frame` by construction
    (periods are checked here, keys are unique because a cube's codes are); the
    importer checks it as a whole anyway.
    """
    cells = table.cells
    if len(cells.value) > MAX_CELLS:
        raise InputError(f"tabellen har {len(cells.value)} celler; högst {MAX_CELLS} kan läsas "
                         "på en gång (dela upp uttaget)", file=file)
    warnings = list(table.details.get("warnings", []))
    geo, time, metric = _roles(table.variables)
    codes, names, versions, levels, sources, changed = _areas(
        table, geo, area_version, area_code, warnings, file)
    periods = _periods(table, time, period, file)
    indicator, ind_name, ind_name_en, unit = _indicators(table, metric)
    breakdowns = [i for i in range(len(table.variables)) if i not in (geo, time, metric)]
    dimension, dim_name, subgroup, sub_name, sub_order = _breakdowns(table, breakdowns)
    value, suppressed, reason, flag = _symbols(table, dash, warnings)
    frame = pd.DataFrame({
        "indicator": indicator, "indicator_name": ind_name, "indicator_name_en": ind_name_en,
        "unit": unit, "indicator_source": table.source,
        "area_code": codes, "area_name": names, "area_version": versions, "area_level": levels,
        "period": periods, "dimension": dimension, "dimension_name": dim_name,
        "subgroup": subgroup, "subgroup_name": sub_name, "subgroup_order": sub_order,
        "value": value, "suppressed": suppressed, "suppression_reason": reason, "flag": flag,
        "source": sources, "_row": cells.row,
    })
    details = {**table.details, "table_id": table.table_id, "warnings": warnings}
    if changed:
        details["area_codes"] = changed
    found = pd.Series(cells.symbol[~pd.isna(cells.symbol)])
    if len(found):
        details["symbols"] = {str(s): int(n) for s, n in found.value_counts().items()}
    return frame, details
