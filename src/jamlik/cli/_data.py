"""Commands that move data: import, export, batches, rollback."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

console = Console(stderr=True)


def _engine():
    from jamlik.store import connect

    return connect()


def import_command(
    files: Annotated[list[Path], typer.Argument(help="Filer att importera.")],
    format: Annotated[Optional[str], typer.Option("--format", help="Tvinga ett format.")] = None,
    area_version: Annotated[Optional[str], typer.Option(
        "--area-version", help="Områdesindelning för koder utan version, t.ex. RegSO_2025, eller "
        "för en utländsk byrås regioner, t.ex. Statistics_Finland_Alue.")] = None,
    area_code: Annotated[Optional[str], typer.Option(
        "--area-code", help="Området som alla rader gäller, när tabellen saknar regionvariabel "
        "(PC-Axis, PxWeb).")] = None,
    period: Annotated[Optional[str], typer.Option(
        "--period", help="Perioden för alla rader när tabellen saknar tidsvariabel, t.ex. 2024 "
        "(PC-Axis, PxWeb).")] = None,
    table_id: Annotated[Optional[str], typer.Option(
        "--table-id", help="Tabellens id när filen saknar det (PC-Axis, PxWeb).")] = None,
    encoding: Annotated[Optional[str], typer.Option(
        "--encoding", help="Teckenkodning som ersätter filens (PC-Axis), t.ex. cp1252, "
        "utf-8, cp850.")] = None,
    dash: Annotated[Optional[str], typer.Option(
        "--dash", help="Vad '-' betyder i tabellen: 'nil' (värdet noll, SCB:s betydelse) eller "
        "'missing' (uppgift saknas). Annars enligt filens DATASYMBOLNIL och byrå.")] = None,
) -> None:
    """Importera statistik (CSV/Excel, HEAT Plus, PC-Axis, PxWeb, Kolada, datapaket)."""
    from rich.markup import escape
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from jamlik.errors import render_options
    from jamlik.jobs import import_file

    engine = _engine()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        for path in files:
            task = progress.add_task(f"{path.name}")
            result = import_file(
                path, engine=engine, format=format, area_version=area_version,
                area_code=area_code, period=period, table_id=table_id, encoding=encoding,
                dash=dash,
                progress=lambda message, t=task, p=path: progress.update(
                    t, description=f"{p.name}: {message}"),
            )
            progress.remove_task(task)
            if result.already_imported:
                console.print(f"{path.name}: redan importerad som omgång {result.batch_id}; "
                              "inget ändrat")
                continue
            console.print(
                f"{path.name}: omgång {result.batch_id}: {result.rows_read} rader lästa, "
                f"{result.rows_inserted} nya, {result.rows_revised} reviderade, "
                f"{result.rows_unchanged} oförändrade")
            for warning in result.warnings:
                console.print(f"  [yellow]obs:[/yellow] {escape(render_options(warning, 'cli'))}")


def export_command(
    output: Annotated[Path, typer.Argument(help="Fil (csv, xlsx) eller mapp (datapackage).")],
    format: Annotated[Optional[str], typer.Option(
        "--format", help="csv, xlsx eller datapackage (annars från filändelsen).")] = None,
    indicator: Annotated[Optional[list[str]], typer.Option(
        "--indicator", help="Bara dessa indikatorer.")] = None,
    history: Annotated[bool, typer.Option(
        "--history", help="Även ersatta (reviderade) värden.")] = False,
) -> None:
    """Exportera observationer i jamliks långa format."""
    from jamlik.jobs import write_export
    from jamlik.store import export_frame

    fmt = format or {".csv": "csv", ".xlsx": "xlsx"}.get(output.suffix.lower(), "datapackage")
    frame = export_frame(_engine(), indicators=indicator, history=history)
    write_export(frame, output, format=fmt)
    console.print(f"{len(frame)} observationer skrivna till {output} ({fmt})")


def batches_command() -> None:
    """Lista importomgångar."""
    from jamlik.store import list_batches

    table = Table("id", "tid", "format", "källa", "status", "lästa", "nya", "reviderade",
                  "oförändrade", title="Importomgångar")
    for batch in list_batches(_engine()):
        table.add_row(str(batch.id), batch.imported_at.strftime("%Y-%m-%d %H:%M"), batch.format,
                      Path(batch.source).name, batch.status, str(batch.rows_read),
                      str(batch.rows_inserted), str(batch.rows_revised), str(batch.rows_unchanged))
    Console().print(table)


def rollback_command(
    batch_id: Annotated[int, typer.Argument(help="Importomgångens id.")],
) -> None:
    """Återställ en importomgång: dess värden tas bort och de ersatta blir gällande igen."""
    from jamlik.store import rollback_batch

    removed = rollback_batch(_engine(), batch_id)
    console.print(f"omgång {batch_id} återställd: {removed} observationer borttagna")


def register(app: typer.Typer) -> None:
    """Add the data commands to ``app``."""
    app.command("import")(import_command)
    app.command("export")(export_command)
    app.command("batches")(batches_command)
    app.command("rollback")(rollback_command)
