"""``jamlik sites import FILE --kind K`` and ``jamlik sites export``: sites in the store.

Thin: read the file into text cells, call :func:`jamlik.jobs.import_sites` (which
checks every cell, naming file, row and column, and writes one batch or nothing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jamlik.errors import ArgumentError

from ._tables import read_cells

sites_app = typer.Typer(help="Platser (familjecentraler, bibliotek, ...) i databasen, "
                        "versionerade.", no_args_is_help=True)


def _engine():
    from jamlik.store import connect

    return connect()


@sites_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="csv/xlsx med id,name,x,y[,capacity,area,"
                                         "valid_from,valid_to].")],
    kind: Annotated[str, typer.Option("--kind", help="Platstyp, t.ex. family_centre, library, "
                                      "open_preschool, youth_centre.")],
    kind_name: Annotated[str | None, typer.Option(
        "--kind-name", help="Platstypens namn på svenska, t.ex. Familjecentral.")] = None,
    crs: Annotated[str, typer.Option(
        "--crs", help="EPSG:3006 (x,y i meter, standard) eller EPSG:4326 (x=longitud, "
        "y=latitud).")] = "EPSG:3006",
) -> None:
    """Importera platser av en typ; en ändrad plats får en ny version, historiken finns kvar."""
    from jamlik.jobs import import_sites

    result = import_sites(_engine(), read_cells(file), file=str(file), kind=kind, crs=crs,
                          kind_name=kind_name)
    typer.echo(f"{file}: {result.inserted} nya, {result.revised} ändrade, "
               f"{result.unchanged} oförändrade platser av typen {kind}"
               + (f" (omgång {result.batch_id})" if result.batch_id else ""))


@sites_app.command("export")
def export_command(
    output: Annotated[Path, typer.Argument(help="Fil att skriva: .csv eller .xlsx.")],
    kind: Annotated[str | None, typer.Option("--kind", help="Bara denna platstyp.")] = None,
    history: Annotated[bool, typer.Option(
        "--history", help="Även äldre versioner av platserna.")] = False,
) -> None:
    """Exportera platserna i importens egna kolumner (kan läsas in igen)."""
    from jamlik.cells import neutralise_frame
    from jamlik.jobs import export_sites

    suffix = output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ArgumentError(f"filen måste sluta på .csv eller .xlsx, fick {output.name!r}")
    table = neutralise_frame(export_sites(_engine(), kind=kind, history=history))
    partial = output.with_name(output.name + ".partial")
    if suffix == ".csv":
        table.to_csv(partial, index=False)
    else:
        table.to_excel(partial, index=False, engine="openpyxl")
    partial.replace(output)
    typer.echo(f"{len(table)} platser skrevs till {output}")


def register(app: typer.Typer) -> None:
    """Add ``sites`` to ``app``."""
    app.add_typer(sites_app, name="sites")
