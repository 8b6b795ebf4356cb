"""UK public-health commands: ``jamlik sii`` and ``jamlik dsr``.

Both read a CSV or xlsx file, check every cell they use (naming file, row as a
spreadsheet shows it, header = row 1, and column), compute with
:mod:`jamlik.stats` and write the tidy result as csv or json.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from jamlik.errors import ArgumentError, InputError, UnknownFormatError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["register"]

_EXCEL = {".xlsx", ".xlsm"}
_TEXT = {".csv", ".txt", ".tsv"}


class ValueType(str, Enum):
    mean = "mean"
    rate = "rate"
    proportion = "proportion"


class Format(str, Enum):
    csv = "csv"
    json = "json"


def read_table(path: Path) -> pd.DataFrame:
    """Read ``path`` (csv with , or ; or tab, or xlsx) as text cells, headers lower-cased."""
    from ._tables import read_cells

    suffix = path.suffix.lower()
    if path.is_file() and suffix not in (*_EXCEL, *_TEXT):
        raise UnknownFormatError(
            f"okänt filformat '{suffix or path.name}', väntade csv eller xlsx", file=str(path)
        )
    frame = read_cells(path)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    return frame


def numbers(frame: pd.DataFrame, column: str, file: str, *, rule: str = "≥ 0",
            blank: float | None = None) -> np.ndarray:  # fmt: skip
    """Column as floats; the first bad cell raises InputError with its spreadsheet row."""
    import numpy as np

    from jamlik.ingest import parse_numbers

    cells = frame[column]
    values, bad = parse_numbers(cells)
    empty = np.isnan(values) & ~bad
    if blank is not None:
        values[empty] = blank
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(values) & (rule == "any" or (values > 0 if rule == "> 0" else values >= 0))
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        shown = "ett tal" if rule == "any" else f"ett tal {rule}"
        # the index is the row's place in the file (see read_cells)
        raise InputError(f"väntade {shown}, fick '{cells.iloc[i]}'", file=file,
                         row=int(frame.index[i]) + 2, column=column)  # fmt: skip
    return values


def _require(frame: pd.DataFrame, columns: list[str], file: str) -> None:
    for column in columns:
        if column not in frame.columns:
            found = ", ".join(frame.columns)
            raise InputError(f"kolumnen '{column}' saknas (fanns: {found})", file=file)


def _is_numeric(series: pd.Series) -> bool:
    from jamlik.ingest import parse_numbers

    return not parse_numbers(series)[1].any()


def _grouping(frame: pd.DataFrame, used: set[str], by: list[str] | None, file: str) -> list[str]:
    if by:
        keys = [b.strip().lower() for b in by]
        _require(frame, keys, file)
        return keys
    return [c for c in frame.columns if c not in used and not _is_numeric(frame[c])]


def _sii_command(
    file: Path = typer.Argument(..., help="CSV eller xlsx: quantile, population, value, se "
                                "eller lower/upper (kvantil 1 = mest utsatt)."),  # fmt: skip
    value_type: ValueType = typer.Option(ValueType.mean, "--value-type", help="mean, rate "
                                         "eller proportion (0–1)."),  # fmt: skip
    multiplier: float = typer.Option(1.0, "--multiplier", help="Skala för SII; negativ "
                                     "vänder RII."),  # fmt: skip
    transform: bool = typer.Option(False, "--transform/--no-transform",
                                   help="Log (rate) eller logit (proportion) före "
                                   "regressionen, som PHE."),  # fmt: skip
    reps: int = typer.Option(100_000, "--reps", help="Antal simuleringar (≥ 1000)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Frö för reproducerbara gränser."),
    confidence: list[float] = typer.Option([0.95], "--confidence",
                                           help="Konfidensnivå; kan anges två gånger."),
    by: Optional[list[str]] = typer.Option(None, "--by", help="Grupperingskolumn (annars "
                                           "alla övriga icke-numeriska kolumner)."),  # fmt: skip
    fmt: Format = typer.Option(Format.csv, "--format", help="csv eller json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Fil att skriva till."),
) -> None:
    """Lutningsindex (SII) och relativt ojämlikhetsindex (RII) med intervall (PHE-metod)."""
    from ._output import write_table
    from ._tables import located

    name = str(file)
    frame = read_table(file)
    _require(frame, ["quantile", "population", "value"], name)
    has_se = "se" in frame.columns
    if not has_se and not {"lower", "upper"} <= set(frame.columns):
        raise InputError("kolumnen 'se' eller kolumnerna 'lower' och 'upper' saknas", file=name)
    use_se = has_se and not transform
    used = {"quantile", "population", "value", "se", "lower", "upper"}
    keys = _grouping(frame, used, by, name)
    data = frame[keys].copy()
    data["quantile"] = numbers(frame, "quantile", name, rule="any")
    data["population"] = numbers(frame, "population", name, rule="> 0")
    data["value"] = numbers(frame, "value", name, rule="any")
    if use_se:
        data["se"] = numbers(frame, "se", name)
    else:
        _require(frame, ["lower", "upper"], name)
        data["lower"] = numbers(frame, "lower", name, rule="any")
        data["upper"] = numbers(frame, "upper", name, rule="any")
    try:
        result = _sii_result(data, keys, value_type, multiplier, transform, reps, seed,
                             confidence, use_se)
    except ArgumentError as error:
        raise located(error, name) from error
    write_table(result, fmt=fmt.value, output=output)


def _sii_result(data, keys, value_type, multiplier, transform, reps, seed, confidence, use_se):
    from jamlik.stats import sii as compute_sii

    return compute_sii(
        data, by=keys, value_type=value_type.value, multiplier=multiplier,
        transform=transform, reps=reps, rng=seed,
        confidence=confidence[0] if len(confidence) == 1 else list(confidence),
        se="se" if use_se else None,
        lower=None if use_se else "lower", upper=None if use_se else "upper",
    )  # fmt: skip


def _dsr_command(
    file: Path = typer.Argument(..., help="CSV eller xlsx: area, age_band (0-4 … 90+), "
                                "count, population."),  # fmt: skip
    standard: str = typer.Option("esp2013", "--standard", help="Standardpopulation."),
    confidence: list[float] = typer.Option([0.95], "--confidence",
                                           help="Konfidensnivå; kan anges två gånger."),
    multiplier: float = typer.Option(100000.0, "--multiplier", help="Per så många invånare."),
    by: Optional[list[str]] = typer.Option(
        None, "--by", help="Grupperingskolumner (annars area och övriga icke-numeriska kolumner)."
    ),
    fmt: Format = typer.Option(Format.csv, "--format", help="csv eller json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Fil att skriva till."),
) -> None:
    """Direkt åldersstandardiserad kvot per 100 000 med Dobsons intervall (PHE-metod)."""
    from jamlik.stats import dsr as compute_dsr

    from ._output import write_table
    from ._tables import located

    name = str(file)
    frame = read_table(file)
    _require(frame, ["area", "age_band", "count", "population"], name)
    keys = _grouping(frame, {"age_band", "count", "population"}, by, name)
    if not by and "area" not in keys:
        keys.insert(0, "area")
    data = frame[keys].copy()
    data["age_band"] = frame["age_band"]
    # An empty count means no events, as PHE's calculate_dsr treats NA.
    data["count"] = numbers(frame, "count", name, blank=0.0)
    data["population"] = numbers(frame, "population", name, rule="> 0")
    try:
        result = compute_dsr(
            data, by=keys, standard=standard, multiplier=multiplier,
            confidence=confidence[0] if len(confidence) == 1 else list(confidence),
        )  # fmt: skip
    except ArgumentError as error:
        raise located(error, name) from error
    write_table(result, fmt=fmt.value, output=output)


def register(app: typer.Typer) -> None:
    """Add ``sii`` and ``dsr`` to ``app``."""
    app.command("sii")(_sii_command)
    app.command("dsr")(_dsr_command)
