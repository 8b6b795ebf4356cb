"""Commands for programmes, the yearly follow-up and the annual summary.

``jamlik program import|export|activities``, ``jamlik followup
open|close|status|template|ingest`` and ``jamlik report annual``. They call the
service API in :mod:`jamlik.program` and :mod:`jamlik.reports`.
"""

from __future__ import annotations

import datetime as dt
import getpass
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

console = Console(stderr=True)
program_app = typer.Typer(help="Program, planer och aktiviteter.", no_args_is_help=True)
followup_app = typer.Typer(help="Den årliga uppföljningen: öppna, mallar, inläsning, stäng.",
                           no_args_is_help=True)
report_app = typer.Typer(help="Rapporter: årsbokslut och jämlikhetsrapport.",
                         no_args_is_help=True)

Author = Annotated[Optional[str], typer.Option(
    "--author", help="Vem som gör ändringen (standard: inloggad användare).")]


def _engine():
    from jamlik.store import connect

    return connect()


def _author(value: str | None) -> str:
    return value or getpass.getuser()


@contextmanager
def _progress(description: str):
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task(description)
        yield lambda message: progress.update(task, description=message)


# -- jamlik program ---------------------------------------------------------------------


@program_app.command("import")
def program_import(
    file: Annotated[Path, typer.Argument(help="YAML/JSON: ett programträd, eller "
                                              "organisationer, kommissioner och planer.")],
) -> None:
    """Importera ett program (ny version om innehållet ändrats) eller organisationer och planer."""
    import json

    import yaml

    from jamlik.errors import InputError
    from jamlik.program import import_programme, import_structure, read_programme

    try:
        text = file.read_text(encoding="utf-8")
        data = json.loads(text) if file.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise InputError(f"kunde inte läsa filen: {error}", file=file.name) from None
    engine = _engine()
    if isinstance(data, dict) and "target_areas" in data:
        result = import_programme(engine, read_programme(file))
        what = ("nytt program" if result.created else
                "ny version" if result.revised else "oförändrat")
        console.print(f"{file.name}: program {result.programme_id}, version {result.revision} "
                      f"({what})")
        return
    counts = import_structure(engine, data, file=file.name)
    console.print(f"{file.name}: {counts['organisations']} organisationer, "
                  f"{counts['commissions']} kommissioner, {counts['plans']} planer, "
                  f"{counts['activities']} aktiviteter")


@program_app.command("export")
def program_export(
    output: Annotated[Path, typer.Argument(help="Fil (.yaml eller .json).")],
    programme: Annotated[Optional[int], typer.Option("--programme", help="Programmets id.")] = None,
) -> None:
    """Exportera programträdet (aktuell version) som YAML eller JSON."""
    from jamlik.program import export_programme, write_programme
    from jamlik.program import only_programme

    engine = _engine()
    if programme is None:
        with engine.connect() as conn:
            programme = only_programme(conn)
    write_programme(export_programme(engine, programme), output)
    console.print(f"programmet skrivet till {output}")


@program_app.command("activities")
def program_activities(
    file: Annotated[Path, typer.Argument(help="Excelfil (.xlsx) med bladet Aktiviteter.")],
    plan: Annotated[str, typer.Option("--plan", help="Planens kod.")],
    export: Annotated[bool, typer.Option("--export", help="Skriv planens aktiviteter till "
                                                          "filen i stället för att läsa den.")]
    = False,
) -> None:
    """Läs in (eller med --export skriv ut) en plans aktiviteter i Excel."""
    from jamlik.program import import_activities, write_activities

    engine = _engine()
    if export:
        write_activities(engine, plan, file)
        console.print(f"aktiviteterna i {plan} skrivna till {file}")
        return
    count = import_activities(engine, file, plan=plan)
    console.print(f"{file.name}: {count} aktiviteter inlästa i {plan}")


# -- jamlik followup --------------------------------------------------------------------


@followup_app.command("open")
def followup_open(
    year: Annotated[int, typer.Option("--year", help="Året som följs upp.")],
    deadline: Annotated[Optional[str], typer.Option(
        "--deadline", help="Sista dag för rapportering, ÅÅÅÅ-MM-DD.")] = None,
    name: Annotated[Optional[str], typer.Option("--name", help="Namn (standard: "
                                                               "Årsuppföljning ÅR).")] = None,
    organisation: Annotated[Optional[list[str]], typer.Option(
        "--organisation", help="Bara dessa organisationer (koder); standard: alla ansvariga.")]
    = None,
    programme: Annotated[Optional[int], typer.Option("--programme", help="Programmets id.")] = None,
    author: Author = None,
) -> None:
    """Öppna en uppföljning: varje aktivitet som pågår under året får en statusrapport."""
    from jamlik.errors import InputError
    from jamlik.program import cycle_status, open_cycle

    due = None
    if deadline is not None:
        try:
            due = dt.date.fromisoformat(deadline)
        except ValueError:
            raise InputError(f"väntade ett datum ÅÅÅÅ-MM-DD, fick '{deadline}'",
                             column="--deadline") from None
    engine = _engine()
    cycle = open_cycle(engine, year=year, author=_author(author), programme_id=programme,
                       name=name, deadline=due, organisations=organisation)
    _, orgs = cycle_status(engine, cycle.id)
    console.print(f"uppföljning {cycle.id} öppnad: {cycle.name}, "
                  f"{sum(o.reports for o in orgs)} statusrapporter från {len(orgs)} organisationer")


@followup_app.command("close")
def followup_close(
    cycle: Annotated[int, typer.Argument(help="Uppföljningens id.")],
    author: Author = None,
) -> None:
    """Stäng en uppföljning; dess rapporter kan inte längre ändras."""
    from jamlik.program import close_cycle

    closed = close_cycle(_engine(), cycle, author=_author(author))
    console.print(f"uppföljning {closed.id} ({closed.name}) stängd")


@followup_app.command("status")
def followup_status(
    cycle: Annotated[Optional[int], typer.Argument(help="Uppföljningens id (standard: "
                                                        "den senaste).")] = None,
) -> None:
    """Visa hur långt varje organisation har kommit i en uppföljning."""
    from jamlik.program import catalogue, cycle_status, list_cycles

    engine = _engine()
    if cycle is None:
        cycles = list_cycles(engine)
        if not cycles:
            from jamlik.errors import NotFoundError

            raise NotFoundError("det finns ingen uppföljning; öppna en med 'jamlik followup open'")
        cycle = cycles[-1].id
    info, orgs = cycle_status(engine, cycle)
    title = f"{info.name} ({catalogue.label('cycle_status', info.status)})"
    table = Table("organisation", "rapporter", "inskickade", "ej påbörjade", "utkast",
                  "återsända", "saknas", title=title)
    for org in orgs:
        table.add_row(org.name, str(org.reports), str(org.reported),
                      str(org.states.get("not_started", 0)), str(org.states.get("draft", 0)),
                      str(org.states.get("returned", 0)), str(org.missing))
    Console().print(table)


@followup_app.command("template")
def followup_template(
    organisation: Annotated[str, typer.Option("--organisation", help="Organisationens kod.")],
    output: Annotated[Path, typer.Option("--output", help="Excelfil att skriva (.xlsx).")],
    cycle: Annotated[Optional[int], typer.Option("--cycle", help="Uppföljningens id "
                                                                 "(standard: den öppna).")] = None,
) -> None:
    """Skapa en organisations Excelmall för uppföljningen."""
    from jamlik.errors import NotFoundError
    from jamlik.program import list_cycles, write_template

    engine = _engine()
    if cycle is None:
        open_cycles = [c for c in list_cycles(engine) if c.status == "open"]
        if len(open_cycles) != 1:
            raise NotFoundError("välj uppföljning med --cycle: det finns "
                                f"{len(open_cycles)} öppna uppföljningar")
        cycle = open_cycles[0].id
    write_template(engine, cycle_id=cycle, organisation=organisation, output=output)
    console.print(f"mallen för {organisation} skriven till {output}")


@followup_app.command("ingest")
def followup_ingest(
    files: Annotated[list[Path], typer.Argument(help="Ifyllda mallar (.xlsx).")],
    submit: Annotated[bool, typer.Option("--submit", help="Skicka också in rapporterna för "
                                                          "granskning.")] = False,
    author: Author = None,
) -> None:
    """Läs in ifyllda mallar; en fil med fel ändrar ingenting."""
    from jamlik.program import ingest_template

    engine = _engine()
    with _progress("läser mallar") as step:
        for path in files:
            step(f"{path.name}")
            result = ingest_template(engine, path, author=_author(author), submit=submit)
            console.print(f"{path.name}: {result.saved} sparade, {result.unchanged} oförändrade, "
                          f"{result.submitted} inskickade")


# -- jamlik report ----------------------------------------------------------------------


@report_app.command("annual")
def report_annual(
    output: Annotated[Path, typer.Option("--output", help="Filen att skriva.")],
    format: Annotated[Optional[str], typer.Option(
        "--format", help="html, pdf eller docx (standard: från filändelsen).")] = None,
    programme: Annotated[Optional[int], typer.Option("--programme", help="Programmets id "
                                                                         "(standard: det enda).")]
    = None,
    cycle: Annotated[Optional[int], typer.Option("--cycle", help="Uppföljningens id "
                                                                 "(standard: den senaste).")]
    = None,
    lang: Annotated[str, typer.Option("--lang", help="sv eller en.")] = "sv",
    municipality: Annotated[Optional[str], typer.Option(
        "--municipality", "--area",
        help="Kommunen (kod, t.ex. 1480) vars skillnader visas (standard: programmets kommun). "
             "--area är ett föråldrat alias som tas bort i nästa version.")]
    = None,
) -> None:
    """Skriv årsbokslutet för en uppföljning (HTML, PDF eller Word)."""
    from jamlik.reports import annual_report

    engine = _engine()
    with _progress("årsbokslut") as step:
        path = annual_report(engine, output, format=format, programme_id=programme,
                             cycle_id=cycle, lang=lang, municipality=municipality,
                             progress=step)
    console.print(f"årsbokslutet skrivet till {path}")


@report_app.command("equality")
def report_equality(
    output: Annotated[Path, typer.Option("--output", "-o", help="Rapportfilen att skriva; "
                                         "dataunderlaget skrivs bredvid (NAMN-data.xlsx).")],
    format: Annotated[Optional[str], typer.Option(
        "--format", help="html, pdf eller docx (standard: från filändelsen).")] = None,
    programme: Annotated[Optional[int], typer.Option("--programme", help="Programmets id "
                                                                         "(standard: det enda).")]
    = None,
    periods: Annotated[Optional[str], typer.Option(
        "--periods", help="Perioderna som jämförs, t.ex. 2013-2016,2017-2020,2021-2024 "
                          "(standard: de tre senaste fyraårsperioderna med data).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="sv eller en.")] = "sv",
    municipality: Annotated[Optional[str], typer.Option(
        "--municipality", help="Kommunen (kod, t.ex. 1480) (standard: programmets kommun).")]
    = None,
) -> None:
    """Skriv jämlikhetsrapporten: skillnader och deras utveckling per målområde."""
    from jamlik.reports import equality_report

    engine = _engine()
    with _progress("jämlikhetsrapport") as step:
        path, appendix = equality_report(engine, output, format=format, programme_id=programme,
                                         periods=periods, municipality=municipality,
                                         lang=lang, progress=step)
    console.print(f"jämlikhetsrapporten skriven till {path}, dataunderlaget till {appendix}")


def register(app: typer.Typer) -> None:
    """Add ``program``, ``followup`` and ``report`` to ``app``."""
    app.add_typer(program_app, name="program")
    app.add_typer(followup_app, name="followup")
    app.add_typer(report_app, name="report")
