"""The WHO HEAT Plus upload template (mallen för HEAT Plus) ↔ jamlik's tidy table.

HEAT Plus (WHO's Health Equity Assessment Toolkit, upload database edition) reads one
row per subgroup estimate with the columns of :data:`TEMPLATE_COLUMNS`. Their meaning
and the validation rules below follow WHO's own code and documents: the variable
table of the HEAT Plus template (Hosseinpoor et al., Glob Health Action 2018;11:1440783,
Table 1) and the upload tests of the HEAT software (github.com/WHOequity/HEAT-Data,
R/data-tests.R and R/data-validation.R, tests 1-20; ``date`` is the current name of
``year``, R/data-fixes.R). The messages are jamlik's own, in Swedish.

* Mandatory values: setting, date, source, indicator_abbr, indicator_name, dimension,
  subgroup, favourable_indicator, indicator_scale, ordered_dimension, subgroup_order,
  reference_subgroup. ``estimate`` must be a column but may be empty (the row is then
  kept as suppressed). se, ci_lb, ci_ub, population, flag, setting_average and iso3
  may be empty or left out (HEAT itself wants every column present).
* Types and ranges: text columns must not hold bare numbers; date is a four-digit
  year; estimate, se, ci_lb, ci_ub, setting_average ≥ 0; population > 0;
  favourable_indicator, ordered_dimension, reference_subgroup are 0/1;
  indicator_scale a positive integer; subgroup_order an integer ≥ 0; iso3 three
  characters.
* Consistency: setting ↔ iso3 and indicator_abbr ↔ indicator_name one-to-one;
  favourable_indicator, indicator_scale and setting_average the same for a setting,
  date, source and indicator; ordered_dimension the same within a dimension; in an
  unordered dimension subgroup_order is 0 and at most one subgroup is the reference;
  in an ordered dimension subgroup_order is 1, 2, …, n and there is no reference.

Mapping: setting → area (code and name; area_version ``HEAT`` unless given; iso3 kept in
``details``), date → period, indicator_abbr/indicator_name → indicator, favourable 1/0 →
polarity higher_better/lower_better, indicator_scale → scale, dimension → dimension code
(lower case, spaces as ``_``) and name, ordered_dimension → dimension_ordered, subgroup
→ subgroup (code and name), subgroup_order (empty when unordered), reference_subgroup,
estimate → value, se, ci_lb/ci_ub → lower/upper at confidence 0.95, population, flag,
source. Each setting_average becomes one extra observation with dimension and subgroup
``total``. :func:`jamlik.ingest.write_heat_template` (:mod:`._heat_write`) maps a tidy table back.
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np
import pandas as pd

from jamlik.cells import restore
from jamlik.errors import ArgumentError, InputError

from ._base import Format, Parsed, location, register
from ._files import RESERVED_ROW, decode_text, excel_rows, sniff_header
from ._heat_rules import MANDATORY, TEMPLATE_COLUMNS, check_heat_columns, check_subgroups
from ._xlsx import XlsxBook
from ._tidy import TOTAL
from ._tidy import _check_codes as check_codes

__all__ = ["HEAT_ALIASES", "read_heat_template"]

# Other names of the template's columns: those of earlier template versions
# (HEAT-Data R/data-validation.R, data-fixes.R), and ``note``, WHO's current name of the
# optional free-text column that jamlik (and older templates) call ``flag``.
HEAT_ALIASES = {"year": "date", "country": "setting", "national": "setting_average",
                "note": "flag"}
_ALIASES = HEAT_ALIASES
_TEXT = ("setting", "source", "indicator_abbr", "indicator_name", "dimension", "subgroup",
         "flag", "iso3")
_INTEGERS = ("date", "favourable_indicator", "indicator_scale", "ordered_dimension",
             "subgroup_order", "reference_subgroup")


def _whole(x):
    return x == np.floor(x)


_RULES = {
    "date": ("ett årtal med fyra siffror", lambda x: (x >= 1000) & (x <= 9999) & _whole(x)),
    "estimate": ("ett tal ≥ 0", lambda x: x >= 0),
    "se": ("ett tal ≥ 0", lambda x: x >= 0),
    "ci_lb": ("ett tal ≥ 0", lambda x: x >= 0),
    "ci_ub": ("ett tal ≥ 0", lambda x: x >= 0),
    "population": ("ett tal > 0", lambda x: x > 0),
    "setting_average": ("ett tal ≥ 0", lambda x: x >= 0),
    "favourable_indicator": ("0 eller 1", lambda x: (x == 0) | (x == 1)),
    "indicator_scale": ("ett heltal > 0 (t.ex. 1, 100 eller 1000)", lambda x: (x > 0) & _whole(x)),
    "ordered_dimension": ("0 eller 1", lambda x: (x == 0) | (x == 1)),
    "subgroup_order": ("ett heltal ≥ 0", lambda x: (x >= 0) & _whole(x)),
    "reference_subgroup": ("0 eller 1", lambda x: (x == 0) | (x == 1)),
}
_NUMBER = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
_RESERVED = RESERVED_ROW
_THOUSANDS = r"(?<=[0-9])[ \u00a0\u202f](?=[0-9]{3}(?![0-9]))"
_INDICATOR = ("setting", "date", "source", "indicator_abbr")
# Blank cells of these are judged by check_subgroups (read as 0 with a warning, or refused).
_CHECKED_LATER = ("subgroup_order", "reference_subgroup")
_STRATUM = (*_INDICATOR, "dimension")


def read_heat_template(data: bytes, *, file: str | None = None, area_version: str = "HEAT",
                       by: tuple[str, ...] = (), **_options) -> Parsed:
    """Read a HEAT Plus upload template (xlsx or csv) into jamlik's tidy table.

    CSV may be UTF-8 (BOM allowed) or Windows-1252, comma- or semicolon-separated;
    semicolon files may use a decimal comma. ``details`` keeps the format, encoding,
    separator, sheet, the original column names and iso3 per setting; a column that
    is not the template's is named in a warning (its cells are not read).

    ``by`` names further columns of the file that split one measurement (``jamlik
    inequality --by kön``, where the sexes share indicator codes): they are kept in
    the frame and count as part of the indicator in every check (setting_average,
    subgroups, duplicates). Such a table is for the statistics, not for the store.
    """
    if not isinstance(area_version, str) or not area_version.strip():
        raise ArgumentError(f"area_version måste vara en icke-tom text, fick {area_version!r}")
    by = tuple(by)
    raw, details = _read_table(data, file)
    table = _columns(raw, details, file, by)
    typed = _typed(table, details.get("decimal", "."), file)
    warnings = _ignored_warning(details)
    warnings += _check_consistency(table, typed, file, by)
    frame = _tidy(typed, area_version, by)
    _check_codes_as_heat(frame, file)
    _check_keys(frame, file, by)
    iso3 = typed.dropna(subset=["iso3"]).drop_duplicates("setting")
    details["iso3"] = dict(zip(iso3["setting"], iso3["iso3"]))
    if warnings:
        details["warnings"] = [*details.get("warnings", []), *warnings]
    return Parsed(frame, details=details)


def _read_table(data: bytes, file: str | None) -> tuple[pd.DataFrame, dict]:
    if data[:4] != b"PK\x03\x04":
        return _read_csv(data, file)
    sheet = _heat_sheet(data, file)
    raw = excel_rows(data, file=file, sheet=sheet)
    if list(raw.columns).index("_row") != len(raw.columns) - 1:  # a column named _row
        raise InputError(_RESERVED, file=file, row=1, column="_row")
    return raw, {"format": "xlsx", "sheet": sheet}


def _heat_sheet(data: bytes, file: str | None = None) -> str:
    """The first sheet whose row 1 names a setting column (else the first sheet)."""
    with XlsxBook(data, file=file) as book:
        return book.first_sheet(lambda header: bool(
            {str(c).strip().lower() for c in header if c is not None} & {"setting", "country"}))


def _read_csv(data: bytes, file: str | None) -> tuple[pd.DataFrame, dict]:
    text, encoding = decode_text(data, file=file)
    first = text.split("\n", 1)[0]
    separator = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    try:
        records = list(reader)
    except csv.Error as error:
        raise InputError(f"kunde inte läsa CSV-filen: {error}", file=file,
                         row=reader.line_num or None) from None
    header = [cell.strip() for cell in records[0]] if records else []
    while header and not header[-1]:
        header.pop()
    if not header:
        raise InputError("väntade kolumnnamn på rad 1", file=file, row=1)
    if "" in header:
        raise InputError(f"kolumn {header.index('') + 1} på rad 1 saknar namn", file=file, row=1)
    if "_row" in header:
        raise InputError(_RESERVED, file=file, row=1, column="_row")
    body, labels = [], []
    for number, record in enumerate(records[1:], start=2):
        cells = [restore(cell.strip()) or None for cell in record]
        if any(cells[len(header):]):
            raise InputError(f"raden har {len(cells)} fält men rubrikraden har {len(header)}",
                             file=file, row=number)
        cells = (cells + [None] * len(header))[:len(header)]
        if any(cells):
            body.append(cells)
            labels.append(number)
    raw = pd.DataFrame(body, columns=header, dtype=object)
    raw["_row"] = np.array(labels, dtype=np.int64)
    return raw, {"format": "csv", "encoding": encoding, "separator": separator,
                 "decimal": "," if separator == ";" else "."}


def _columns(raw: pd.DataFrame, details: dict, file: str | None,
             by: tuple[str, ...] = ()) -> pd.DataFrame:
    originals = [str(c) for c in raw.columns[:-1]]  # both readers put _row last
    names: dict[str, str] = {}
    for original in originals:
        name = str(original).strip().lower()
        name = _ALIASES.get(name, name)
        if name in names:
            raise InputError(f"kolumnen '{name}' finns två gånger ('{names[name]}' och "
                             f"'{original}')", file=file, row=1, column=str(original))
        names[name] = original
    check_heat_columns(names, file=file)
    absent = [c for c in by if c.strip().lower() not in names or c.strip().lower()
              in TEMPLATE_COLUMNS]
    if absent:
        raise InputError(f"kolumnen '{absent[0]}' som ska dela mätningarna (--by) finns inte "
                         "bland mallens extra kolumner", file=file, row=1, column=absent[0])
    if raw.empty:
        raise InputError("mallen har inga rader med data", file=file, row=2)
    details.update(columns=originals, date_column=names["date"],
                   ignored_columns=[o for n, o in names.items() if n not in TEMPLATE_COLUMNS
                                    and n not in {c.strip().lower() for c in by}])
    wanted = (*TEMPLATE_COLUMNS, *by)
    table = pd.DataFrame({c: raw.iloc[:, originals.index(names[c.strip().lower()])]
                          if c.strip().lower() in names else None for c in wanted},
                         index=raw.index)
    text = table.astype("string").apply(lambda column: column.str.strip())
    table = text.astype(object).where(text.notna() & (text != ""), None)
    table["_row"] = raw.iloc[:, -1].to_numpy()
    return table.reset_index(drop=True)


def _ignored_warning(details: dict) -> list[str]:
    """A warning naming the columns that are not the template's (their cells are not read)."""
    ignored = details.get("ignored_columns") or []
    if not ignored:
        return []
    return [f"{'kolumnen' if len(ignored) == 1 else 'kolumnerna'} "
            f"{', '.join(repr(c) for c in ignored)} ingår inte i HEAT Plus-mallen och lästes "
            "inte"]


def _fail(table, position, column, problem, file):
    raise InputError(problem, file=file, row=location(table["_row"].iloc[position]), column=column)


def _typed(table: pd.DataFrame, decimal: str, file: str | None) -> pd.DataFrame:
    typed = table.copy()
    for column in TEMPLATE_COLUMNS:
        present = table[column].notna().to_numpy()
        if column in MANDATORY and column not in _CHECKED_LATER and not present.all():
            _fail(table, int(np.flatnonzero(~present)[0]), column, "värde saknas", file)
        text = table[column].astype("string")
        if column in _TEXT:
            numeric = text.str.fullmatch(_NUMBER).fillna(False).to_numpy(dtype=bool)
            if numeric.any():
                position = int(np.flatnonzero(numeric)[0])
                _fail(table, position, column, "väntade text, inte bara siffror, fick "
                      f"'{table[column].iloc[position]}' (HEAT Plus kräver text här)", file)
            continue
        if decimal == ",":  # Swedish exports: decimal comma, maybe spaces between thousands
            text = text.str.replace(_THOUSANDS, "", regex=True).str.replace(",", ".", regex=False)
        syntax = text.str.fullmatch(_NUMBER).fillna(False).to_numpy(dtype=bool)
        values = pd.to_numeric(text.where(syntax), errors="coerce").astype(float).to_numpy()
        expectation, rule = _RULES[column]
        with np.errstate(invalid="ignore"):
            valid = syntax & np.isfinite(values) & rule(values)
        bad = np.flatnonzero(present & ~valid)
        if bad.size:
            _fail(table, int(bad[0]), column,
                  f"väntade {expectation}, fick '{table[column].iloc[bad[0]]}'", file)
        if column in _INTEGERS:  # 1.5 or 1e300 in a column of whole numbers is refused
            with np.errstate(invalid="ignore"):
                whole = (values == np.round(values)) & (np.abs(values) < 2.0**53)
            bad = np.flatnonzero(present & ~whole)
            if bad.size:
                _fail(table, int(bad[0]), column,
                      f"väntade {expectation}, fick '{table[column].iloc[bad[0]]}'", file)
        typed[column] = pd.array(values, dtype="Int64") if column in _INTEGERS else values
    iso3 = table["iso3"]
    wrong = np.flatnonzero((iso3.notna() & (iso3.str.len() != 3)).to_numpy())
    if wrong.size:
        _fail(table, int(wrong[0]), "iso3", "väntade en landskod med tre tecken (ISO 3166-1 "
              f"alfa-3, t.ex. 'SWE'), fick '{iso3.iloc[wrong[0]]}'", file)
    order = (typed["ci_lb"] > typed["ci_ub"]).to_numpy()
    if order.any():
        position = int(np.flatnonzero(order)[0])
        _fail(table, position, "ci_lb", f"ci_lb ({table['ci_lb'].iloc[position]}) är större än "
              f"ci_ub ({table['ci_ub'].iloc[position]})", file)
    typed["dimension_code"] = typed["dimension"].map(_dimension_code)
    # jamlik keeps the setting average in dimension "total" (utan uppdelning)
    for column, values in (("dimension", typed["dimension_code"]), ("subgroup", typed["subgroup"])):
        reserved = np.flatnonzero((values == TOTAL).to_numpy())
        if reserved.size:
            _fail(table, int(reserved[0]), column, f"'{TOTAL}' är reserverat för värden utan "
                  f"uppdelning (setting_average); byt namn på {column}", file)
    return typed


def _dimension_code(name: str) -> str:
    """The dimension code of a HEAT dimension name.

    >>> _dimension_code("Födelseland  (grupp)")
    'födelseland_(grupp)'
    """
    return re.sub(r"\s+", "_", name.strip().lower())


def _conflict(typed: pd.DataFrame, keys, column: str, rows=None):
    """Positions (first, other) of two rows that share ``keys`` but not ``column``."""
    sub = typed if rows is None else typed[rows]
    if sub.empty:
        return None
    values = sub[column].astype(object).where(sub[column].notna(), "\x00")
    group = sub.groupby(list(keys), sort=False, dropna=False).ngroup().to_numpy()
    first = pd.Series(np.arange(len(sub))).groupby(group).transform("first").to_numpy()
    differs = np.flatnonzero(values.to_numpy() != values.to_numpy()[first])
    if not differs.size:
        return None
    positions = np.flatnonzero(rows) if rows is not None else np.arange(len(typed))
    return int(positions[first[differs[0]]]), int(positions[differs[0]])


def _check_consistency(table: pd.DataFrame, typed: pd.DataFrame, file: str | None,
                       by: tuple[str, ...] = ()) -> list[str]:
    def shown(position, column):
        value = table[column].iloc[position]
        return "tom" if value is None else f"'{value}'"

    def same(keys, column, rows=None, what=None):
        pair = _conflict(typed, keys, column, rows)
        if pair:
            first, other = pair
            _fail(table, other, column, f"{column} är {shown(other, column)} men "
                  f"{shown(first, column)} på rad {table['_row'].iloc[first]}; "
                  f"{what or 'alla rader med samma ' + ', '.join(keys)} måste ha samma {column}",
                  file)

    same(("setting",), "iso3")
    same(("iso3",), "setting", rows=typed["iso3"].notna().to_numpy())
    same(("indicator_abbr",), "indicator_name")
    same(("indicator_name",), "indicator_abbr")
    for column in ("favourable_indicator", "indicator_scale"):
        same(_INDICATOR, column)
    same((*_INDICATOR, *by), "setting_average")
    same((*_STRATUM, *by), "ordered_dimension")
    same(("dimension_code",), "dimension",
         what="dimensioner som bara skiljer sig i versaler eller mellanslag")
    strata = typed.groupby([*_STRATUM, *by], sort=False, dropna=False).ngroup().to_numpy()
    order, reference, warnings = check_subgroups(
        typed["ordered_dimension"].to_numpy(dtype=float, na_value=np.nan),
        typed["subgroup_order"].to_numpy(dtype=float, na_value=np.nan),
        typed["reference_subgroup"].to_numpy(dtype=float, na_value=np.nan),
        strata, rows=table["_row"].to_numpy(), dimensions=table["dimension"].to_numpy(),
        subgroups=table["subgroup"].to_numpy(), file=file)
    typed["subgroup_order"] = pd.array(order, dtype="Int64")
    typed["reference_subgroup"] = pd.array(reference.astype(int), dtype="Int64")
    return warnings


def _tidy(typed: pd.DataFrame, area_version: str, by: tuple[str, ...] = ()) -> pd.DataFrame:
    ordered = (typed["ordered_dimension"] == 1).to_numpy()
    missing = typed["estimate"].isna().to_numpy()
    has_ci = (typed["ci_lb"].notna() | typed["ci_ub"].notna()).to_numpy()
    base = pd.DataFrame({
        "indicator": typed["indicator_abbr"], "indicator_name": typed["indicator_name"],
        "scale": typed["indicator_scale"].astype(float),
        "polarity": np.where(typed["favourable_indicator"] == 1, "higher_better", "lower_better"),
        "area_code": typed["setting"], "area_name": typed["setting"],
        "area_version": area_version, "period": typed["date"].astype(str),
        "source": typed["source"], "_row": typed["_row"],
        **{column: typed[column] for column in by},
    })
    rows = base.assign(
        dimension=typed["dimension_code"], dimension_name=typed["dimension"],
        dimension_ordered=pd.array(ordered, dtype="boolean"),
        subgroup=typed["subgroup"], subgroup_name=typed["subgroup"],
        subgroup_order=typed["subgroup_order"].where(ordered, pd.NA).astype("Int64"),
        reference_subgroup=pd.array(typed["reference_subgroup"] == 1, dtype="boolean"),
        value=typed["estimate"], se=typed["se"], lower=typed["ci_lb"], upper=typed["ci_ub"],
        confidence=np.where(has_ci, 0.95, np.nan), population=typed["population"],
        suppressed=pd.array(missing, dtype="boolean"),
        suppression_reason=np.where(missing, "estimate saknas i mallen", None),
        flag=typed["flag"],
    )
    # One setting_average per setting, date, source and indicator (all rows agree on it).
    first = (typed["setting_average"].notna()
             & ~typed.duplicated([*_INDICATOR, *by])).to_numpy()
    averages = base[first].assign(dimension=TOTAL, subgroup=TOTAL,
                                  value=typed["setting_average"][first], suppressed=False)
    frame = pd.concat([rows, averages], ignore_index=True)
    frame["suppressed"] = frame["suppressed"].astype("boolean")
    for column in frame.columns[frame.dtypes == object]:
        frame[column] = frame[column].where(frame[column].notna(), None)
    return frame


# The template's own names of the tidy columns that hold codes.
_HEAT_NAMES = {"indicator": "indicator_abbr", "area_code": "setting", "area_version": "setting"}


def _check_codes_as_heat(frame: pd.DataFrame, file: str | None) -> None:
    """The long format's rule for codes (what an import would refuse), named in the
    template's own columns: a template this reader accepts is one jamlik can import."""
    try:
        check_codes(frame, file)
    except InputError as error:
        raise InputError(error.problem, file=file, row=error.row,
                         column=_HEAT_NAMES.get(error.column, error.column)) from None


def _check_keys(frame: pd.DataFrame, file: str | None, by: tuple[str, ...] = ()) -> None:
    key = frame[["indicator", "area_code", "period", "dimension", "subgroup", *by]]
    duplicated = np.flatnonzero(key.duplicated().to_numpy())
    if duplicated.size:
        other = int(duplicated[0])
        first = int(np.flatnonzero(key.eq(key.iloc[other]).all(axis=1).to_numpy())[0])
        raise InputError(
            f"samma setting, date, indicator_abbr, dimension och subgroup som rad "
            f"{frame['_row'].iloc[first]} (setting_average räknas som dimensionen och "
            "subgruppen 'total'; två källor för samma subgrupp går inte att importera ihop)",
            file=file, row=int(frame["_row"].iloc[other]))


def _sniff(data: bytes, file: str) -> bool:
    if data[:4] == b"PK\x03\x04":
        try:
            with XlsxBook(data, file=file) as book:
                header = [str(c).strip().lower() for sheet in book.sheetnames
                          for c in book.header(sheet) if c is not None]
        except InputError:  # not a readable workbook, or beyond the limits: not ours
            return False
    else:
        header = sniff_header(data)
    names = {_ALIASES.get(name, name) for name in header}
    # indicator_abbr is the template's own name; with two more of its key columns the file
    # is a template, and one that lacks a mandatory column is told which (not "unknown format")
    return "indicator_abbr" in names and len(
        names & {"setting", "date", "dimension", "subgroup", "estimate"}) >= 2


register(Format("heat", "WHO:s HEAT Plus-mall (xlsx eller csv)", read_heat_template, _sniff))
