"""``jamlik fetch``: fetch tables from Kolada and Statistics Sweden and import them."""

from __future__ import annotations

import re
from typing import Annotated, Optional

import typer
from rich.console import Console

from jamlik.errors import ArgumentError

console = Console(stderr=True)
fetch_app = typer.Typer(help="Hämta statistik direkt från Kolada och SCB (en importomgång per "
                             "hämtning; avbrutna hämtningar fortsätter där de slutade).",
                        no_args_is_help=True)


def _split(values: list[str] | None) -> list[str]:
    """``--kpi A --kpi B,C`` → [A, B, C]."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _years(text: str) -> list[int]:
    match = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?", text)
    if match is None:
        years = _split([text])
        if not years or not all(y.isdigit() and len(y) == 4 for y in years):
            raise ArgumentError(f"--years: väntade ÅÅÅÅ, ÅÅÅÅ-ÅÅÅÅ eller ÅÅÅÅ,ÅÅÅÅ, fick {text!r}")
        return sorted({int(y) for y in years})
    first, last = int(match[1]), int(match[2] or match[1])
    if first > last:
        raise ArgumentError(f"--years: {first} kommer efter {last}")
    return list(range(first, last + 1))


def _report(result, name: str) -> None:
    batch = result.batch
    origin = f"{result.parts} delar" + (f", {result.from_cache} från cachen" if result.from_cache
                                        else "")
    if batch.already_imported:
        console.print(f"{name}: oförändrad sedan omgång {batch.batch_id} ({origin}); inget ändrat")
        return
    console.print(f"{name}: omgång {batch.batch_id} ({origin}): {batch.rows_read} rader, "
                  f"{batch.rows_inserted} nya, {batch.rows_revised} reviderade, "
                  f"{batch.rows_unchanged} oförändrade")
    for warning in batch.warnings:
        console.print(f"  [yellow]obs:[/yellow] {warning}")


def _progress(description: str):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=console, transient=True)
    task = progress.add_task(description, total=None)

    def update(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total or None)

    return progress, update


@fetch_app.command("scb")
def scb_command(
    table: Annotated[str, typer.Argument(
        help="Tabell-id i API v2 (t.ex. TAB638) eller tabellens sökväg i API v1.")],
    select: Annotated[Optional[list[str]], typer.Option(
        "--select", help="VARIABEL=KOD,KOD, VARIABEL=* eller VARIABEL=FRÅN..TILL; kan upprepas. "
        "Variabler som inte nämns tas med helt.")] = None,
    api: Annotated[str, typer.Option("--api", help="v2 (standard) eller v1.")] = "v2",
    language: Annotated[str, typer.Option("--lang", help="Språk i svaret: sv eller en.")] = "sv",
    area_version: Annotated[Optional[str], typer.Option(
        "--area-version", help="Områdesindelning för koder utan version, t.ex. RegSO_2025.")] = None,
    cache: Annotated[Optional[str], typer.Option(
        "--cache", help="Mapp för hämtade delar (inställningen fetch_cache); tom för ingen.")] = None,
) -> None:
    """Hämta en tabell från SCB:s statistikdatabas och importera den."""
    from jamlik.jobs import fetch_scb
    from jamlik.store import connect

    progress, update = _progress(f"SCB {table}")
    with progress:
        result = fetch_scb(table, engine=connect(), select=select or [], api=api,
                           language=language, area_version=area_version, cache_dir=cache,
                           progress=update)
    _report(result, f"SCB {result.table_id}")


@fetch_app.command("kolada")
def kolada_command(
    kpi: Annotated[list[str], typer.Option(
        "--kpi", help="Nyckeltal, t.ex. N00945; kan upprepas eller kommaseparera.")],
    years: Annotated[str, typer.Option("--years", help="År: 2023, 2010-2024 eller 2019,2023.")],
    municipality: Annotated[Optional[list[str]], typer.Option(
        "--municipality", help="Kommun, län eller kommungrupp (1480, 14, G124026).")] = None,
    ou: Annotated[Optional[list[str]], typer.Option(
        "--ou", help="Organisatorisk enhet (t.ex. V15E148000301) i stället för kommun.")] = None,
    cache: Annotated[Optional[str], typer.Option(
        "--cache", help="Mapp för hämtade sidor (inställningen fetch_cache); tom för ingen.")] = None,
) -> None:
    """Hämta nyckeltal från Kolada och importera dem."""
    from jamlik.jobs import fetch_kolada
    from jamlik.store import connect

    progress, update = _progress("Kolada")
    with progress:
        result = fetch_kolada(engine=connect(), kpis=_split(kpi), years=_years(years),
                              municipalities=_split(municipality), units=_split(ou),
                              cache_dir=cache, progress=update)
    _report(result, "Kolada")


def register(app: typer.Typer) -> None:
    """Add ``jamlik fetch`` to ``app``."""
    app.add_typer(fetch_app, name="fetch")
