"""``jamlik lifeexp FILE``: life expectancy with intervals from a table of deaths and population."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
import typer

from jamlik.cli._output import write_table
from jamlik.errors import ArgumentError, InputError
from jamlik.ingest import parse_numbers
from jamlik.stats import (
    check_confidence, decompose_life_expectancy_gap, expected_ages, life_expectancy,
    requested_ages,
)

from ._tables import cell_text as _cell_text
from ._tables import located, read_cells

REQUIRED = ("area", "sex", "age_from", "population", "deaths")


def read_life_file(path: Path) -> pd.DataFrame:
    """Read ``path`` (csv or xlsx) as text cells, checking the required columns."""
    name = str(path)
    frame = read_cells(path)
    # Blank rows are skipped, but the index keeps each row's place in the file.
    texts = pd.DataFrame({c: _texts(frame[c]) for c in frame.columns}, index=frame.index)
    frame = frame[(texts != "").any(axis=1)]
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(
            "saknade kolumner: " + ", ".join(repr(c) for c in missing), file=name, row=1
        )
    return frame


def _texts(column: pd.Series) -> pd.Series:
    """Each cell as trimmed text ("" when empty); computed once per distinct value."""
    lookup = {value: _cell_text(value) for value in pd.unique(column)}
    return column.map(lookup).astype(object)


def _parse(frame: pd.DataFrame, column: str, *, integer: bool, file: str) -> np.ndarray:
    """The cells of ``column`` as numbers ≥ 0, or InputError naming the first bad cell."""
    cells = frame[column]
    if column == "age_from":  # "90+" names the open band
        cells = cells.map(lambda cell: _cell_text(cell).rstrip("+"))
    numbers, _bad = parse_numbers(cells)
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(numbers) | (numbers < 0)
    if integer:
        bad |= np.isfinite(numbers) & (numbers != np.round(numbers))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        expected = "ett heltal ≥ 0" if integer else "ett tal ≥ 0"
        raise InputError(
            f"väntade {expected}, fick {_cell_text(frame[column].iloc[i])!r}", file=file,
            row=int(frame.index[i]) + 2, column=column,
        )
    return numbers


def prepare(frame: pd.DataFrame, *, file: str) -> tuple[pd.DataFrame, list[str]]:
    """Parse the numeric columns and return the data with its extra grouping columns."""
    data = pd.DataFrame(index=frame.index)  # the file's row numbers, for messages
    extras = [c for c in frame.columns if c not in REQUIRED]
    for column in ("area", "sex", *extras):
        texts = _texts(frame[column])
        empty = (texts == "").to_numpy()
        if column in ("area", "sex") and empty.any():
            row = int(frame.index[np.flatnonzero(empty)[0]]) + 2
            raise InputError("väntade ett värde, fick en tom cell", file=file, row=row,
                             column=column)
        data[column] = texts
    data["age_from"] = _parse(frame, "age_from", integer=True, file=file).astype(np.int64)
    data["population"] = _parse(frame, "population", integer=False, file=file)
    data["deaths"] = _parse(frame, "deaths", integer=True, file=file).astype(np.int64)
    over = (data["deaths"] > data["population"]).to_numpy()
    if over.any():  # also checked by life_expectancy, but here we know the row
        i = int(np.flatnonzero(over)[0])
        raise InputError(
            f"fler dödsfall än befolkning ({data['deaths'].iloc[i]} > "
            f"{data['population'].iloc[i]:g})", file=file, row=int(frame.index[i]) + 2,
            column="deaths",
        )
    return data, extras


def _open_band_hint(error: Exception, data: pd.DataFrame, open_band: int) -> str:
    """A table that ends at 85 lacks 90+ only because its open band is 85+: say so."""
    if not str(error).startswith("åldrar saknas") or "age_from" not in data.columns:
        return ""
    last = pd.to_numeric(data["age_from"], errors="coerce").max()
    if last == 85 and open_band == 90:
        return ("; tabellen slutar med åldersgruppen 85: är den den öppna gruppen 85+? Ange då "
                "--open-band 85")
    return ""


def register(app: typer.Typer) -> None:
    """Add ``lifeexp`` to ``app``."""

    @app.command("lifeexp")
    def lifeexp(
        file: Annotated[Path, typer.Argument(help="csv eller xlsx med area, sex, age_from, "
                                             "population, deaths (fler kolumner grupperar).")],
        age: Annotated[list[int] | None, typer.Option(
            "--age", help="Återstående medellivslängd vid denna ålder (kan upprepas).")] = None,
        open_band: Annotated[int, typer.Option(
            "--open-band", help="Början på den öppna åldersgruppen: 90 eller 85.")] = 90,
        age_structure: Annotated[str, typer.Option(
            "--age-structure", help="abridged (0, 1–4, 5-årsgrupper) eller single.")] = "abridged",
        pool: Annotated[str | None, typer.Option(
            "--pool", help="Kolumn (t.ex. year) vars perioder slås ihop till personår.")] = None,
        confidence: Annotated[float, typer.Option(
            "--confidence", help="Konfidensnivå, t.ex. 0.95.")] = 0.95,
        fmt: Annotated[str, typer.Option("--format", help="csv eller json.")] = "csv",
        output: Annotated[Path | None, typer.Option(
            "--output", "-o", help="Skriv till denna fil i stället för till skärmen.")] = None,
        decompose: Annotated[str | None, typer.Option(
            "--decompose", help="Dela upp skillnaden i medellivslängd mellan två områden i "
                                "filen på åldersgrupper (Arriaga): REFERENS,JÄMFÖRELSE, t.ex. "
                                "Q1,Q5.")] = None,
        cause: Annotated[str | None, typer.Option(
            "--cause", help="Med --decompose: kolumnen med dödsorsak; varje åldersgrupps "
                            "bidrag delas då på orsakerna.")] = None,
    ) -> None:
        """Medellivslängd (Chiang II, PHE:s metod) med konfidensintervall per område och kön."""
        # Option errors first, so that they are not blamed on the file.
        check_confidence(confidence)
        ages = sorted({0, *(age or [])})
        requested_ages(ages, expected_ages(age_structure, open_band))
        if fmt not in ("csv", "json"):
            raise ArgumentError(f"format måste vara en av csv, json, fick '{fmt}'")
        name = str(file)
        data, extras = prepare(read_life_file(file), file=name)
        if pool is not None and pool not in extras:
            raise InputError(f"kolumnen {pool!r} för --pool finns inte", file=name, row=1)
        if decompose is not None:
            result = _decomposed(data, extras, decompose=decompose, cause=cause, pool=pool,
                                 open_band=open_band, age_structure=age_structure, file=name)
            write_table(result, fmt=fmt, output=output)
            return
        if cause is not None:
            raise ArgumentError("--cause används bara med --decompose")
        by = [c for c in extras if c != pool]
        try:
            result = life_expectancy(
                data, by=by, age=ages, confidence=confidence,
                open_band=open_band, age_structure=age_structure, pool=pool,
            )
        except ArgumentError as error:
            raise located(error, name, _open_band_hint(error, data, open_band)) from error
        write_table(result, fmt=fmt, output=output)


def _decomposed(data: pd.DataFrame, extras: list[str], *, decompose: str, cause: str | None,
                pool: str | None, open_band: int, age_structure: str,
                file: str) -> pd.DataFrame:
    """``--decompose A,B``: Arriaga's decomposition of e0(B) − e0(A), per sex."""
    pair = [part.strip() for part in decompose.split(",")]
    if len(pair) != 2 or not all(pair):
        raise ArgumentError(f"--decompose väntade två områden åtskilda med komma, t.ex. "
                            f"Q1,Q5, fick {decompose!r}")
    if pool is not None:
        raise ArgumentError("--pool går inte att kombinera med --decompose")
    if cause is not None and cause not in extras:
        raise InputError(f"kolumnen {cause!r} för --cause finns inte", file=file, row=1)
    others = [c for c in extras if c != cause]
    if others:
        raise InputError(f"kolumnen {others[0]!r} grupperar tabellen; --decompose jämför två "
                         f"områden i en tabell utan fler grupper", file=file, row=1)
    parts = []
    for sex in sorted(pd.unique(data["sex"])):
        try:
            found = decompose_life_expectancy_gap(
                data[data["sex"] == sex], group="area", reference=pair[0],
                comparison=pair[1], cause=cause, open_band=open_band,
                age_structure=age_structure)
        except ArgumentError as error:
            raise located(error, file, _open_band_hint(error, data, open_band)) from error
        found.insert(0, "sex", sex)
        parts.append(found)
    return pd.concat(parts, ignore_index=True)
