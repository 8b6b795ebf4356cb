"""``jamlik inequality FILE``: the WHO HEAT summary measures for a HEAT Plus table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jamlik.errors import ArgumentError, InputError

from ._output import FORMATS
from ._tables import cell_text as _cell_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_heat_file", "register"]

# Columns read as numbers; the others are kept as text.
NUMERIC = (
    "estimate", "se", "ci_lb", "ci_ub", "population", "setting_average",
    "favourable_indicator", "indicator_scale", "ordered_dimension", "subgroup_order",
    "reference_subgroup",
)  # fmt: skip


# One measurement (stratum) of the template, as in ``jamlik import``.
STRATUM = ("setting", "date", "source", "indicator_abbr", "dimension")


def read_heat_file(path: Path, *, by: tuple[str, ...] = ()) -> tuple[pd.DataFrame, list[str]]:
    """Read a HEAT Plus template (csv or xlsx) with numbers parsed, and its warnings.

    The template's columns, ``subgroup_order`` and ``reference_subgroup`` are checked
    by the same functions as ``jamlik import`` (:func:`jamlik.ingest.check_heat_columns`,
    :func:`jamlik.ingest.check_subgroups`), so both commands refuse the same files with
    the same message and read WHO's blank 0/1 cells as 0 with the same warning. The
    index of the result is each row's place in the file (row = index + 2, the header
    being row 1); blank rows are left out.
    """
    import numpy as np

    from jamlik.ingest import HEAT_ALIASES, check_heat_columns, parse_numbers

    from ._tables import read_cells

    name = str(path)
    frame = read_cells(path)
    check_heat_columns([HEAT_ALIASES.get(c.lower(), c.lower()) for c in frame.columns],
                       file=name)
    texts = {c: frame[c].map(_cell_text) for c in frame.columns}
    filled = np.zeros(len(frame), dtype=bool)
    for column in texts.values():
        filled |= (column != "").to_numpy()
    frame = frame[filled]
    for column in frame.columns:
        if column in NUMERIC:
            cells = frame[column]
            numbers, bad = parse_numbers(cells)
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise InputError(
                    f"väntade ett tal, fick {_cell_text(cells.iloc[i])!r}",
                    file=name,
                    row=int(frame.index[i]) + 2,
                    column=column,
                )
            frame[column] = numbers
        else:
            frame[column] = texts[column][filled].replace("", np.nan)
    return _checked_subgroups(frame, name, by)


def _checked_subgroups(frame: pd.DataFrame, name: str, by: tuple[str, ...]
                       ) -> tuple[pd.DataFrame, list[str]]:
    import numpy as np

    from jamlik.ingest import check_subgroups

    keys = [c for c in (*STRATUM, *by) if c in frame.columns]
    strata = frame.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    order, reference, warnings = check_subgroups(
        frame["ordered_dimension"].to_numpy(dtype=float, na_value=np.nan),
        frame["subgroup_order"].to_numpy(dtype=float, na_value=np.nan),
        frame["reference_subgroup"].to_numpy(dtype=float, na_value=np.nan),
        strata, rows=frame.index.to_numpy() + 2, dimensions=frame["dimension"].to_numpy(),
        subgroups=frame["subgroup"].to_numpy(), file=name)
    return frame.assign(subgroup_order=order, reference_subgroup=reference.astype(float)), warnings


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
