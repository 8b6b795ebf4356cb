"""``jamlik register``: indicators from person-level register data (DuckDB or Spark)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from jamlik.errors import ArgumentError

console = Console(stderr=True)
register_app = typer.Typer(help="Indikatorer ur registerdata på individnivå (DuckDB eller Spark), "
                                "med röjandekontroll.", no_args_is_help=True)


def _years(text: str) -> range:
    first, sep, last = text.partition("-")
    if not first.strip().isdigit() or (sep and not last.strip().isdigit()):
        raise ArgumentError(f"--years: väntade ÅÅÅÅ-ÅÅÅÅ, fick {text!r}")
    start, stop = int(first), int(last or first)
    if start > stop:
        raise ArgumentError(f"--years: {start} kommer efter {stop}")
    return range(start, stop + 1)


@register_app.command("synth")
def synth_command(
    persons: Annotated[int, typer.Option("--persons", min=1, help="Antal personer.")],
    years: Annotated[str, typer.Option("--years", help="År, t.ex. 2019-2023.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Parquet-fil att skriva.")],
    seed: Annotated[int, typer.Option("--seed", help="Slumpfrö (samma frö, samma fil).")] = 1,
) -> None:
    """Skriv ett syntetiskt nationellt register (påhittade personer i verkliga RegSO)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from jamlik.register import synthesize_persons

    with Progress(BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                  transient=True) as progress:
        task = progress.add_task("personer", total=persons)
        rows = synthesize_persons(output, persons=persons, years=_years(years), seed=seed,
                                  progress=lambda done: progress.update(task, completed=done))
    console.print(f"{output}: {rows} rader (personår), {persons} personer, SYNTETISKA data")


@register_app.command("run")
def run_command(
    definitions: Annotated[Path, typer.Argument(help="Indikatordefinitioner (YAML).")],
    persons: Annotated[Path, typer.Option("--persons", help="Personfil (Parquet eller CSV).")],
    engine: Annotated[str, typer.Option("--engine", help="duckdb (inbäddad) eller spark.")] = "duckdb",
    spark_master: Annotated[Optional[str], typer.Option(
        "--spark-master", help="Spark-klustrets adress, t.ex. spark://värd:7077 "
        "(standard local[2]).")] = None,
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="CSV i jamliks långa format.")] = None,
    store: Annotated[bool, typer.Option(
        "--store", help="Skriv resultatet som en importomgång i databasen.")] = False,
) -> None:
    """Beräkna indikatorer ur registerdata och skriv dem till fil eller databas."""
    from jamlik.jobs import run_register
    from jamlik.store import connect

    if output is None and not store:
        raise ArgumentError("ange -o/--output FIL eller --store (annars skrivs inget)")
    with console.status("aggregerar i " + engine):
        result = run_register(definitions, persons, engine=engine, spark_master=spark_master,
                              output=output, store=connect() if store else None,
                              progress=lambda level: console.log(f"klar: {level}"))
    where = [str(result.output)] if result.output else []
    if result.batch is not None:
        where.append("redan i databasen" if result.batch.already_imported
                     else f"omgång {result.batch.batch_id}")
    console.print(f"{len(result.frame)} rader → {', '.join(where)}; {result.suppressed} "
                  f"undertryckta ({result.secondary} sekundärt) enligt röjandekontrollen")


def register(app: typer.Typer) -> None:
    """Add ``jamlik register`` to ``app``."""
    app.add_typer(register_app, name="register")
