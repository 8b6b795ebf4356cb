"""``jamlik inequality FILE``: the WHO HEAT summary measures for a HEAT Plus table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jamlik.errors import ArgumentError, InputError

from ._output import FORMATS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_heat_file", "register"]

def read_heat_file(path: Path, *, by: tuple[str, ...] = ()) -> tuple[pd.DataFrame, list[str]]:
    """Read a HEAT Plus template (csv or xlsx) as ``jamlik import`` reads it, and its warnings.

    The file goes through the importer itself (:func:`jamlik.ingest.parse_file` with
    format ``heat``: WHO's rules for every column, the consistency checks, the codes,
    the duplicates), so ``import`` and ``inequality`` accept and refuse the same files
    with the same message and the same warnings. The checked tidy table is turned back
    into template rows by :func:`jamlik.heat.heat_rows`, the conversion that feeds the
    stored data to the same measures (``jamlik measure``). With ``by``, the reader
    keeps those columns and counts them as part of each measurement
    (:func:`jamlik.ingest.read_heat_template`).

    The index of the result is each row's place in the file (row = index + 2, the
    header being row 1).
    """
    from jamlik.ingest import parse_file, read_heat_template

    if not by:
        _format, parsed, frame, _sha = parse_file(path, format="heat")
    else:
        name = str(path)
        data = _file_bytes(path)
        parsed = read_heat_template(data, file=name, by=by)
        frame = parsed.frame
    return _template_rows(frame, by), list(parsed.details.get("warnings", []))


def _file_bytes(path: Path) -> bytes:
    """The file's bytes, refused with the messages of :func:`jamlik.ingest.parse_file`."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("filen finns inte", file=name) from None
    except IsADirectoryError:
        raise InputError("väntade en fil, fick en mapp", file=name) from None
    if not data.strip():
        raise InputError("filen är tom", file=name)
    return data


def _template_rows(frame: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    """The template rows of a tidy HEAT table (setting averages back on their rows)."""
    import pandas as pd

    from jamlik.heat import heat_rows
    from jamlik.schema import TOTAL

    parts = ([frame] if not by else
             [part for _key, part in frame.groupby(list(by), sort=False, dropna=False)])
    rows = []
    for part in parts:
        part = part.reset_index(drop=True)
        setting = part["area_name"].where(part["area_name"].notna(), part["area_code"])
        table = heat_rows(part, setting=setting, source=part["source"], labels="names")
        body = part[(part["dimension"] != TOTAL).to_numpy()]
        table.index = pd.Index(body["_row"].to_numpy(dtype="int64") - 2)
        for column in by:
            table[column] = body[column].to_numpy()
        rows.append(table.drop(columns="confidence"))
    return pd.concat(rows).sort_index()


def register(app: typer.Typer) -> None:
    """Add ``jamlik inequality`` to ``app``."""

    @app.command("inequality")
    def inequality(
        file: Annotated[Path, typer.Argument(help="HEAT Plus-mall (csv eller xlsx).")],
        compat: Annotated[
            str | None, typer.Option(help="'heat' återger HEAT Plus exakt, fel inräknade.")
        ] = None,
        confidence: Annotated[float, typer.Option(help="Konfidensnivå, t.ex. 0.95.")] = 0.95,
        fmt: Annotated[str, typer.Option("--format", help="csv eller json.")] = "csv",
        output: Annotated[Path | None, typer.Option(
            "-o", "--output", help="Fil att skriva (annars stdout).")] = None,
        seed: Annotated[int | None, typer.Option(help="Frö för simuleringsintervallen.")] = None,
        measures: Annotated[
            str | None, typer.Option(help="Mått, kommaseparerade (t.ex. D,R,SII); alla annars.")
        ] = None,
        # the default is jamlik.stats.DEFAULT_REPS (tests/test_cli_startup.py checks it)
        reps: Annotated[int, typer.Option(help="Antal simuleringar.")] = 100,
        by: Annotated[
            str | None,
            typer.Option(help="Fler kolumner som delar en mätning, kommaseparerade (t.ex. kön)."),
        ] = None,
    ) -> None:
        """Ojämlikhetsmått enligt WHO HEAT (alla 21) för varje mätning i filen."""
        import pandas as pd

        from jamlik.stats import NOT_APPLICABLE, summary_measures

        from ._output import write_table

        if fmt not in FORMATS:
            raise ArgumentError(f"format måste vara en av {', '.join(FORMATS)}, fick '{fmt}'")
        split = () if by is None else tuple(c.strip() for c in by.split(","))
        frame, warnings = read_heat_file(file, by=split)
        for warning in warnings:
            typer.echo(f"obs: {warning}", err=True)
        wanted = None if measures is None else [m.strip() for m in measures.split(",")]
        try:
            result = summary_measures(
                frame.reset_index(drop=True),
                measures=wanted,
                compat=compat,
                confidence=confidence,
                rng=seed,
                reps=reps,
                by=split,
            )
        except InputError as error:
            # The table was read without its blank rows: map back to file rows.
            row = error.row
            if isinstance(row, int) and 2 <= row < len(frame) + 2:
                row = int(frame.index[row - 2]) + 2
            raise InputError(error.problem, file=str(file), row=row, column=error.column) from error
        keep = ~result["reason"].isin(NOT_APPLICABLE).to_numpy()
        # A mätning none of whose measures apply (a dimension with one subgroup) keeps one
        # row, so that the output says why instead of being silently empty.
        keys = list(result.columns[: result.columns.get_loc("measure")])
        if keys and len(result):
            groups = pd.Series(keep).groupby([result[k].to_numpy() for k in keys], dropna=False)
            keep |= ~groups.transform("any").to_numpy(dtype=bool) & ~result.duplicated(
                keys).to_numpy()
        write_table(result[keep].reset_index(drop=True), fmt=fmt, output=output)
