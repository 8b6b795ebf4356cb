"""Commands that build the demo and serve the web app."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.console import Console

console = Console(stderr=True)


def _address(host: str | None, port: int | None) -> tuple[str, int]:
    """The flags, else the settings ``host`` and ``port`` (JAMLIK_HOST, JAMLIK_PORT)."""
    from jamlik.config import get_settings

    settings = get_settings()
    return (host if host is not None else settings.host,
            port if port is not None else settings.port)


def _serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    from jamlik.web import ensure_bundle

    # built once before the workers start (a few seconds the first time), then cached
    ensure_bundle()
    console.print(f"jamlik på http://{host}:{port} (avsluta med Ctrl+C)")
    uvicorn.run("jamlik.web._factory:app", host=host, port=port, workers=workers,
                factory=False, log_level="warning", proxy_headers=False)


def serve_command(
    host: Annotated[Optional[str], typer.Option(
        help="Adress att lyssna på (standard: JAMLIK_HOST, annars 127.0.0.1).")] = None,
    port: Annotated[Optional[int], typer.Option(
        help="Port (standard: JAMLIK_PORT, annars 8000).")] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Antal arbetsprocesser.")] = 1,
) -> None:
    """Starta webbappen på den konfigurerade databasen (JAMLIK_DATABASE_URL)."""
    from jamlik.store import connect

    connect().dispose()  # migrate once, before the workers start
    _serve(*_address(host, port), workers)


def demo_command(
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Starta webbappen efteråt.")] = True,
    host: Annotated[Optional[str], typer.Option(
        help="Adress att lyssna på (standard: JAMLIK_HOST, annars 127.0.0.1).")] = None,
    port: Annotated[Optional[int], typer.Option(
        help="Port (standard: JAMLIK_PORT, annars 8000).")] = None,
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
        _serve(*_address(host, port), 1)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
    app.command("demo")(demo_command)
