"""``jamlik measure``: compute and save gap measures for stored indicators."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

console = Console(stderr=True)


def measure_command(
    indicator: Annotated[Optional[list[str]], typer.Option(
        "--indicator", help="Indikatorer (kod); alla om inget anges.")] = None,
    municipality: Annotated[Optional[list[str]], typer.Option(
        "--municipality", "--setting",
        help="Kommuner (kod, t.ex. 1480) att mäta skillnader inom; alla om inget anges. "
             "--setting är ett föråldrat alias som tas bort i nästa version.")] = None,
    measure: Annotated[Optional[list[str]], typer.Option(
        "--measure", help="Mått (t.ex. D, R, SII, D_Q); alla om inget anges.")] = None,
    compat: Annotated[Optional[str], typer.Option(
        "--compat", help="'heat' återger HEAT Plus exakt, fel inräknade.")] = None,
    confidence: Annotated[float, typer.Option(help="Konfidensnivå.")] = 0.95,
    seed: Annotated[int, typer.Option(help="Frö för simuleringsintervall.")] = 2018,
    reps: Annotated[int, typer.Option(help="Antal simuleringar (HEAT Plus: 100).")] = 100,
    format: Annotated[Optional[str], typer.Option("--format", help="csv eller json.")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Fil för resultaten.")] = None,
) -> None:
    """Beräkna skillnadsmått (WHO HEAT) för lagrade indikatorer och spara dem."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from jamlik.jobs import compute_measures
    from jamlik.store import connect

    from ._output import write_table

    engine = connect()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        progress.add_task("beräknar skillnadsmått")
        run_id, results = compute_measures(
            engine, indicators=indicator, municipalities=municipality, measures=measure,
            compat=compat, confidence=confidence, seed=seed, reps=reps)
    computed = int(results["value"].notna().sum()) if len(results) else 0
    console.print(f"körning {run_id}: {computed} mått beräknade och sparade "
                  f"({len(results) - computed} ej tillämpliga eller undertryckta, med skäl)")
    if format or output:
        write_table(results, fmt=format or "csv", output=output)


def trend_command(
    indicator: Annotated[Optional[list[str]], typer.Option("--indicator", help="Indikatorer (kod).")] = None,
    municipality: Annotated[Optional[list[str]], typer.Option(
        "--municipality", "--setting",
        help="Kommuner (kod). --setting är ett föråldrat alias som tas bort i nästa version.")]
    = None,
    measure: Annotated[Optional[list[str]], typer.Option(
        "--measure", help="Mått; standard D, R, SII och RII.")] = None,
    confidence: Annotated[float, typer.Option(help="Konfidensnivå.")] = 0.95,
    format: Annotated[str, typer.Option("--format", help="csv eller json.")] = "csv",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Fil för resultaten.")] = None,
) -> None:
    """Minskar skillnaderna? Trenden i sparade skillnadsmått och domen över den.

    Samma regel som webbsidorna, API:t och årsrapporten (jamlik.stats.gap_verdict):
    lutningen per år över perioder som inte överlappar, med varje periods standardfel;
    "minskar" eller "ökar" bara när intervallet utesluter 0.
    """
    from jamlik.jobs import gap_trends
    from jamlik.store import connect

    from ._output import write_table

    trends = gap_trends(connect(), indicators=indicator, municipalities=municipality,
                        measures=measure or ["D", "R", "SII", "RII"], confidence=confidence)
    if trends.empty:
        console.print("inga sparade skillnadsmått; kör först: jamlik measure")
        return
    write_table(trends, fmt=format, output=output)


def register(app: typer.Typer) -> None:
    app.command("measure")(measure_command)
    app.command("trend")(trend_command)
