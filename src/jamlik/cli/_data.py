"""Commands that move data: import, export, batches, rollback."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from jamlik.errors import InputError

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
                f"{path.name}: omgång {result.batch_id}: "
                f"{plural(result.rows_read, 'rad läst', 'rader lästa')}, "
                f"{plural(result.rows_inserted, 'ny', 'nya')}, "
                f"{plural(result.rows_revised, 'reviderad', 'reviderade')}, "
                f"{plural(result.rows_unchanged, 'oförändrad', 'oförändrade')}")
            for warning in result.warnings:
                console.print(f"  [yellow]obs:[/yellow] {escape(render_options(warning, 'cli'))}")


def export_command(
    target: Annotated[Optional[Path], typer.Argument(
        metavar="OUTPUT", help="Fil (.csv, .xlsx) eller mapp (datapackage).")] = None,
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="Samma som OUTPUT: fil (.csv, .xlsx) eller mapp.")] = None,
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

    from ._output import check_output

    path = _export_target(target, output)
    fmt = format or _export_format(path)
    check_output(path, folder=fmt == "datapackage")
    frame = export_frame(_engine(), indicators=indicator, history=history)
    write_export(frame, path, format=fmt)
    console.print(f"{plural(len(frame), 'observation skriven', 'observationer skrivna')} till "
                  f"{path} ({fmt})")


def _export_target(target: Path | None, output: Path | None) -> Path:
    if (target is None) == (output is None):
        raise InputError("ange var exporten ska skrivas, antingen som argument eller med "
                         "-o/--output (inte båda)", column="--output")
    return target if target is not None else output


def _export_format(path: Path) -> str:
    """The format a path asks for: .csv, .xlsx, or a folder (no suffix) for a data package.

    Any other suffix is refused: ``export out.json`` once wrote a folder named out.json.
    """
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        return suffix[1:]
    if not suffix or path.is_dir():
        return "datapackage"
    raise InputError(f"kan inte avgöra formatet av filändelsen '{suffix}': ange en fil .csv "
                     "eller .xlsx, en mapp utan filändelse (datapaket) eller --format",
                     file=str(path))


def plural(count: int, one: str, many: str) -> str:
    """``"1 observation"``, ``"2 observationer"``."""
    return f"{count} {one if count == 1 else many}"


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

    if not 1 <= batch_id < 2**63:  # beyond the store's integers: no such batch
        raise InputError(f"importomgång {batch_id} finns inte")
    removed = rollback_batch(_engine(), batch_id)
    console.print(f"omgång {batch_id} återställd: "
                  f"{plural(removed, 'observation borttagen', 'observationer borttagna')}")


def register(app: typer.Typer) -> None:
    """Add the data commands to ``app``."""
    app.command("import")(import_command)
    app.command("export")(export_command)
    app.command("batches")(batches_command)
    app.command("rollback")(rollback_command)
