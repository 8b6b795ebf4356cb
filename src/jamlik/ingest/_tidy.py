"""jamlik's long ("tidy") observation format: one observation a row.

The columns, their types and the period codes are declared in
:mod:`jamlik.schema` (shared by every layer); this module types and checks tables.

Every importer returns a :class:`pandas.DataFrame` with (a subset of) these
columns, typed as declared, plus ``_row``: where the row came from, as a
spreadsheet row number (the header is row 1) or a JSON path, for error messages.
:func:`check_frame` then checks the whole table (required values, vocabularies,
ranges, duplicated keys, metadata that must agree across rows).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from jamlik.errors import InputError
from jamlik.schema import COLUMNS, KEY, KINDS, POLARITIES, TOTAL, Column, parse_period

from ._base import location

__all__ = [
    "Column",
    "COLUMNS",
    "KEY",
    "POLARITIES",
    "KINDS",
    "TOTAL",
    "coerce_strings",
    "check_frame",
    "complete_frame",
    "parse_period",
]

BY_NAME = {column.name: column for column in COLUMNS}
_COMPLETE = [column.name for column in COLUMNS] + ["_row"]
NON_NEGATIVE = ("numerator", "denominator", "se", "population", "scale")

_TRUE = {"1", "true", "ja", "yes", "sant", "j", "y", "t", "x"}
_FALSE = {"0", "false", "nej", "no", "falskt", "n", "f"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _row_label(frame: pd.DataFrame, position: int) -> int | str:
    return location(frame["_row"].iloc[position])


def _fail(frame, position, column, problem, file):
    raise InputError(problem, file=file, row=_row_label(frame, position), column=column)


def coerce_strings(raw: pd.DataFrame, *, file: str | None = None, decimal: str = ".") -> pd.DataFrame:
    """Type a table of strings (read from CSV or Excel) as the tidy columns declare.

    ``raw`` holds strings (or None/NaN for empty cells) and a ``_row`` column.
    Unknown columns are an error; an empty cell is a missing value. With
    ``decimal=","`` (semicolon-separated Swedish files) a decimal comma is read.
    """
    unknown = [c for c in raw.columns if c not in BY_NAME and c != "_row"]
    if unknown:
        raise InputError(
            f"okänd kolumn '{unknown[0]}'; väntade någon av: {', '.join(BY_NAME)}", file=file, row=1
        )
    out = pd.DataFrame({"_row": raw["_row"].to_numpy()})
    for name in raw.columns:
        if name == "_row":
            continue
        column = BY_NAME[name]
        if column.type in ("number", "integer") and raw[name].dtype == np.float64:
            out[name] = _to_number(out, raw[name].to_numpy(), name, file, decimal,
                                   integer=column.type == "integer")
            continue
        text = _clean_text(raw[name])
        if column.type == "text":
            # an object Series keeps its dtype; a bare object array would be inferred
            # as pandas' string dtype and converted back and forth (1 s a million rows)
            out[name] = pd.Series(text.to_numpy(), index=out.index, dtype=object)
        elif column.type in ("number", "integer"):
            out[name] = _to_number(out, text, name, file, decimal, integer=column.type == "integer")
        else:
            out[name] = _to_boolean(out, text, name, file)
    return out


def _clean_text(series: pd.Series) -> np.ndarray:
    """Strip every cell; empty cells become None. Works on the distinct values only."""
    if isinstance(series.dtype, pd.CategoricalDtype):  # already one code per distinct value
        codes, uniques = series.cat.codes.to_numpy(), series.cat.categories.to_numpy(dtype=object)
    else:
        codes, uniques = pd.factorize(series.astype(object), use_na_sentinel=True)
    cleaned = np.array([None] + [_strip(value) for value in uniques], dtype=object)
    # an object Series, so that pandas does not infer its slower string dtype
    return pd.Series(cleaned[codes + 1], dtype=object)


def _strip(value) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _to_number(out, text, name, file, decimal, *, integer):
    if text.dtype == np.float64:  # already parsed by the CSV reader's fast path
        return _checked_numbers(out, text, name, file, integer=integer)
    text = np.asarray(text, dtype=object)
    present = pd.notna(text)
    series = pd.Series(text, dtype=object)
    if decimal == ",":
        series = series.str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    if np.isfinite(numbers[present]).all():
        # pandas' own parser may be one bit off; Python's float() rounds correctly
        numbers = np.fromiter((float(v) if v is not None and v == v else np.nan
                               for v in series.to_numpy()), dtype=float, count=len(series))
    suspicious = np.flatnonzero(present & ~np.isfinite(numbers))
    if suspicious.size:
        # to_numeric also reads words such as 'nan' and 'inf': only digits are numbers here
        candidates = series.iloc[suspicious]
        ok = candidates.str.fullmatch(_NUMBER.pattern).fillna(False).to_numpy(dtype=bool)
        bad = suspicious[~ok]
        expected = "ett heltal" if integer else "ett tal"
        if bad.size:
            _fail(out, bad[0], name, f"väntade {expected}, fick '{text[bad[0]]}'", file)
    return _checked_numbers(out, numbers, name, file, integer=integer, text=text)


def _checked_numbers(out, numbers, name, file, *, integer, text=None):
    present = ~np.isnan(numbers)
    infinite = np.flatnonzero(np.isinf(numbers))
    if infinite.size:
        shown = text[infinite[0]] if text is not None else numbers[infinite[0]]
        _fail(out, infinite[0], name, f"väntade ett ändligt tal, fick '{shown}'", file)
    if integer:
        fractional = np.flatnonzero(present & (numbers != np.round(numbers)))
        if fractional.size:
            shown = text[fractional[0]] if text is not None else f"{numbers[fractional[0]]:g}"
            _fail(out, fractional[0], name, f"väntade ett heltal, fick '{shown}'", file)
        return pd.array(numbers, dtype="Int64")
    return numbers


def _to_boolean(out, text, name, file):
    lowered = pd.Series(text, dtype=object).str.lower()
    is_true = lowered.isin(_TRUE).to_numpy(dtype=bool)
    is_false = lowered.isin(_FALSE).to_numpy(dtype=bool)
    bad = np.flatnonzero(lowered.notna().to_numpy() & ~is_true & ~is_false)
    if bad.size:
        _fail(out, bad[0], name, f"väntade 1/0 (ja/nej), fick '{text[bad[0]]}'", file)
    return pd.arrays.BooleanArray(is_true, ~(is_true | is_false))


def _missing_booleans(length: int) -> pd.arrays.BooleanArray:
    return pd.arrays.BooleanArray(np.zeros(length, dtype=bool), np.ones(length, dtype=bool))


def complete_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Add every missing tidy column (empty), fill dimension/subgroup with 'total'."""
    if list(frame.columns) == _COMPLETE and not (
        frame["dimension"].isna().any() or frame["subgroup"].isna().any()
    ):
        return frame
    # one new table from the columns, side by side and not copied: a frame built
    # from a dict would copy every column into one block (seconds a million rows);
    # the missing columns of a type share one empty column (copy on write)
    length, index = len(frame), frame.index
    empty = {
        "text": pd.Series(np.full(length, None, dtype=object), index=index, dtype=object),
        "number": pd.Series(np.full(length, np.nan), index=index),
        "integer": pd.Series(pd.arrays.IntegerArray(
            np.zeros(length, dtype=np.int64), np.ones(length, dtype=bool)), index=index),
        "boolean": pd.Series(_missing_booleans(length), index=index),
    }
    columns = {column.name: frame[column.name] if column.name in frame.columns
               else empty[column.type if column.type in empty else "boolean"]
               for column in COLUMNS}
    # every filled cell refers to the one string TOTAL (pandas' where, or numpy's,
    # would make a string object per cell: 68 MB a million rows); a file without
    # breakdowns has one column of totals for both (copy on write keeps them apart)
    totals = None
    for name in ("dimension", "subgroup"):
        if name not in frame.columns:
            if totals is None:
                filled = np.empty(length, dtype=object)
                filled.fill(TOTAL)  # np.full would make a string per cell, like where
                totals = pd.Series(filled, index=index, dtype=object)
            columns[name] = totals
            continue
        values = columns[name].to_numpy(dtype=object, copy=True)
        values[pd.isna(values)] = TOTAL
        columns[name] = pd.Series(values, index=index, dtype=object)
    columns["suppressed"] = columns["suppressed"].astype("boolean")
    columns["_row"] = (frame["_row"] if "_row" in frame.columns
                       else pd.Series(np.arange(2, length + 2), index=index))
    return pd.concat([column.rename(name) for name, column in columns.items()], axis=1)


def check_frame(frame: pd.DataFrame, *, file: str | None = None) -> pd.DataFrame:
    """Check a complete tidy table as a whole; return it with periods normalised.

    Raises :class:`InputError` at the first problem, naming its row and column.
    """
    frame = complete_frame(frame)
    for column in COLUMNS:
        if column.required:
            missing = np.flatnonzero(frame[column.name].isna().to_numpy())
            if missing.size:
                _fail(frame, missing[0], column.name, "värde saknas", file)
    for name, vocabulary in (("polarity", POLARITIES), ("kind", KINDS)):
        present = frame[name].notna().to_numpy()
        bad = np.flatnonzero(present & ~frame[name].isin(vocabulary).to_numpy())
        if bad.size:
            _fail(frame, bad[0], name,
                  f"väntade en av {', '.join(vocabulary)}, fick '{frame[name].iloc[bad[0]]}'", file)
    for name in NON_NEGATIVE:
        bad = np.flatnonzero((frame[name] < 0).to_numpy())
        if bad.size:
            _fail(frame, bad[0], name, f"väntade ett tal ≥ 0, fick '{frame[name].iloc[bad[0]]:g}'", file)
    confidence = frame["confidence"].to_numpy()
    bad = np.flatnonzero((confidence <= 0) | (confidence >= 1))
    if bad.size:
        _fail(frame, bad[0], "confidence",
              f"väntade en nivå mellan 0 och 1 (t.ex. 0.95), fick '{confidence[bad[0]]:g}'", file)
    bad = np.flatnonzero((frame["lower"] > frame["upper"]).to_numpy())
    if bad.size:
        _fail(frame, bad[0], "lower", "väntade lower ≤ upper", file)
    suppressed = frame["suppressed"].fillna(False).to_numpy(dtype=bool)
    has_reason = frame["suppression_reason"].notna().to_numpy()
    no_value = np.flatnonzero(frame["value"].isna().to_numpy() & ~suppressed & ~has_reason)
    if no_value.size:
        _fail(frame, no_value[0], "value",
              "värde saknas; ange ett tal, eller suppressed=1 med suppression_reason", file)
    # a suppressed row never carries a value that could be shown or downloaded
    shown = np.flatnonzero(suppressed & frame["value"].notna().to_numpy())
    if shown.size:
        _fail(frame, shown[0], "value",
              "raden är undertryckt (suppressed=1) men har ett värde; lämna value tomt "
              "eller ange suppressed=0", file)
    # "total" is reserved for values without breakdown: a dimension of that name with
    # other subgroups (or a total subgroup of another dimension) would be misread later
    is_total = (frame["dimension"] == TOTAL).to_numpy()
    mixed = np.flatnonzero(is_total != (frame["subgroup"] == TOTAL).to_numpy())
    if mixed.size:
        row = frame.iloc[mixed[0]]
        _fail(frame, mixed[0], "dimension" if row["dimension"] == TOTAL else "subgroup",
              f"'{TOTAL}' betyder utan uppdelning och används bara för både dimension och "
              f"undergrupp; fick dimension '{row['dimension']}', undergrupp '{row['subgroup']}'",
              file)
    # each code column is factorized once (codes per row, distinct values) and the
    # checks below work on the distinct values and the integer codes
    factors = code_factors(frame)
    _check_codes(frame, file, factors)
    frame["period"], factors["period"] = _normalise_periods(frame, file, factors["period"])
    _check_duplicates(frame, file, factors)
    return frame


CODE_COLUMNS = ("indicator", "area_code", "area_version", "dimension", "subgroup")
CODE_MAX_LENGTH = 100
# A code is used in URLs, file names, HTML and spreadsheets: it starts with a letter or
# digit (never = + - @ or a space, which a spreadsheet would run) and holds letters,
# digits, spaces and _ - . : ( ) , + % × only (× joins crossed PX dimensions); no
# slash, quote, angle bracket or control character.
_CODE = re.compile(r"[^\W_][\w .:()\-,+%×]*")
CODE_RULE = ("börja med en bokstav eller siffra och bara innehålla bokstäver, siffror, "
             "mellanslag och _ - . : ( ) , + % ×")


def code_factors(frame: pd.DataFrame) -> dict:
    """Each code column of ``frame`` factorized once: column → (codes per row, distinct).

    The codes are 32-bit (a file has far fewer than 2**31 distinct codes): six
    columns of a million rows hold 24 MB instead of 48 MB while the table is checked.
    """
    factors = {}
    for name in dict.fromkeys((*CODE_COLUMNS, *KEY)):
        if name in frame.columns:
            codes, uniques = pd.factorize(frame[name].to_numpy(), use_na_sentinel=True)
            factors[name] = (codes.astype(np.int32), uniques)
    return factors


def _check_codes(frame, file, factors=None):
    """Every code's length and characters, checked once per distinct code."""
    factors = code_factors(frame) if factors is None else factors
    for name in CODE_COLUMNS:
        if name not in factors:
            continue
        codes, uniques = factors[name]
        for number, code in enumerate(uniques):
            text = str(code)
            problem = None
            if len(text) > CODE_MAX_LENGTH:
                problem = (f"koden är {len(text)} tecken lång; en kod får vara högst "
                           f"{CODE_MAX_LENGTH} tecken")
            elif not _CODE.fullmatch(text):
                problem = f"en kod ska {CODE_RULE}; fick {text[:CODE_MAX_LENGTH]!r}"
            if problem:
                _fail(frame, int(np.flatnonzero(codes == number)[0]), name, problem, file)


def _normalise_periods(frame, file, factor):
    """The normalised period of every row, and its (codes, distinct values)."""
    codes, uniques = factor
    normalised = np.empty(len(uniques), dtype=object)
    for number, code in enumerate(uniques):
        try:
            normalised[number] = parse_period(code)[0]
        except ValueError as error:
            _fail(frame, int(np.flatnonzero(codes == number)[0]), "period", str(error), file)
    # two spellings of one period become one code
    merged, distinct = pd.factorize(normalised)
    periods = pd.Series(normalised[codes], index=frame.index, dtype=object)
    return periods, (merged[codes], distinct)


def _check_duplicates(frame, file, factors):
    # one integer per row from the factorized key columns: fast for millions of rows
    combined = np.zeros(len(frame), dtype=np.int64)
    span = 1
    for column in KEY:
        codes, uniques = factors[column]
        if span * (len(uniques) + 1) >= 2**62:  # keep the product inside int64
            combined, span = pd.factorize(combined)[0].astype(np.int64), int(combined.max()) + 1
        combined = combined * (len(uniques) + 1) + (codes + 1)  # a missing value is code 0
        span *= len(uniques) + 1
    # sorted, a duplicated key sits next to its twin: one copy of the keys instead of
    # a hash table of a million (30-40 MB); the rows are found only if there is one
    ordered = np.sort(combined)
    if not (ordered[1:] == ordered[:-1]).any():
        return
    del ordered
    duplicated = np.flatnonzero(pd.Series(combined).duplicated(keep=False).to_numpy())
    if duplicated.size:
        first = duplicated[0]
        second = duplicated[np.flatnonzero(combined[duplicated] == combined[first])[1]]
        _fail(frame, second, None,
              f"samma nyckel (indicator, area, period, dimension, subgroup) som rad "
              f"{_row_label(frame, first)}; varje observation får bara förekomma en gång", file)
