"""Commands that build the demo and serve the web app."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

console = Console(stderr=True)


def _serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    from jamlik.web import ensure_bundle

    # built once before the workers start (a few seconds the first time), then cached
    ensure_bundle()
    console.print(f"jamlik på http://{host}:{port} (avsluta med Ctrl+C)")
    uvicorn.run("jamlik.web._factory:app", host=host, port=port, workers=workers,
                factory=False, log_level="warning", proxy_headers=False)


def serve_command(
    host: Annotated[str, typer.Option(help="Adress att lyssna på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Antal arbetsprocesser.")] = 1,
) -> None:
    """Starta webbappen på den konfigurerade databasen (JAMLIK_DATABASE_URL)."""
    from jamlik.store import connect

    connect().dispose()  # migrate once, before the workers start
    _serve(host, port, workers)


def demo_command(
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Starta webbappen efteråt.")] = True,
    host: Annotated[str, typer.Option(help="Adress att lyssna på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Bygg demodatabasen (verklig geografi, Göteborgs program, exempeldata) och visa den."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from jamlik.config import get_settings
    from jamlik.demo import build_demo
    from jamlik.store import connect

    engine = connect()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("demo")
        summary = build_demo(engine, progress=lambda m: progress.update(task, description=m))
    engine.dispose()
    if summary["already_built"]:
        console.print("Demodatabasen fanns redan; inget ändrat.")
    else:
        console.print(f"Demodatabasen byggd i {get_settings().database_url}: "
                      f"{summary['areas_added']} områden, {summary['observations']} observationer "
                      "(exempeldata).")
    console.print("Demokonton (lösenord jamlik-demo): admin, analytiker, samordnare, rapportor.")
    if serve:
        _serve(host, port, 1)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
    app.command("demo")(demo_command)
