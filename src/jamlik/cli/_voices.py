"""``jamlik voices``: residents' voices (surveys, dialogues) — collections, answers, erasure."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console(stderr=True)
voices_app = typer.Typer(help="Invånarnas röster: enkäter och dialoger, kodade och räknade "
                              "bredvid indikatorerna.", no_args_is_help=True)
HOW = {"code": "kod", "name": "namn", "partial name": "del av namn", "postcode": "postnummer"}


def _engine():
    from jamlik.store import connect

    return connect()


@voices_app.command("collection")
def collection_command(
    file: Annotated[Path, typer.Argument(help="Samlingens beskrivning (YAML eller JSON).")],
) -> None:
    """Beskriv en samling: syfte, metod, datum, områden, frågor och kolumner, kodbok."""
    from jamlik.voices import define_collection, read_collection

    spec = read_collection(file)
    define_collection(_engine(), spec)
    console.print(f"samlingen {spec['code']}: {len(spec['questions'])} frågor, "
                  f"{len(spec['codebook'])} koder i kodboken")


@voices_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="Svar: CSV eller Excel, en person per rad.")],
    collection: Annotated[str, typer.Option("--collection", help="Samlingens kod.")],
) -> None:
    """Importera svar: områden matchas (visas), personuppgifter i fritext maskeras."""
    from jamlik.voices import import_answers

    result = import_answers(_engine(), file, collection=collection)
    if result.areas:
        table = Table("angivet", "område", "kod", "hur", "rader", title="Områden")
        for match, rows in result.areas:
            table.add_row(escape(match.text), escape(match.name or ""), match.code or "",
                          HOW.get(match.how or "", match.how or ""), str(rows))
        console.print(table)
    masked = ", ".join(f"{n} {kind}" for kind, n in sorted(result.masked.items()))
    console.print(f"{result.respondents} personer, {result.answers} svar; maskerade "
                  f"personuppgifter: {masked or 'inga'}")


@voices_app.command("indicators")
def indicators_command(
    collection: Annotated[str, typer.Argument(help="Samlingens kod.")],
) -> None:
    """Gör de slutna frågorna till indikatorer (andelar med intervall, röjandekontroll)."""
    from jamlik.voices import write_indicators

    batch = write_indicators(_engine(), collection)
    if batch is None:
        console.print(f"samlingen {collection} har ingen sluten fråga med räknade svar")
    elif batch.already_imported:
        console.print(f"redan sparade som omgång {batch.batch_id}; inget ändrat")
    else:
        console.print(f"omgång {batch.batch_id}: {batch.rows_read} värden ({batch.rows_inserted} "
                      f"nya, {batch.rows_revised} reviderade)")


@voices_app.command("agreement")
def agreement_command(
    collection: Annotated[str, typer.Argument(help="Samlingens kod.")],
) -> None:
    """Samstämmighet mellan kodarna per kod (Cohens kappa för två, Fleiss kappa för fler)."""
    from jamlik.voices import coding_agreement

    rows = coding_agreement(_engine(), collection)
    if not rows:
        console.print("färre än två kodare har kodat samma svar")
        return
    table = Table("kod", "svar", "kodare", "kappa", "observerad", "förväntad", "metod")
    for row in rows:
        kappa = "–" if row["kappa"] != row["kappa"] else f"{row['kappa']:.2f}"
        table.add_row(row["code"], str(row["items"]), str(row["raters"]), kappa,
                      f"{row['observed']:.2f}", f"{row['expected']:.2f}", row["method"])
    console.print(table)


@voices_app.command("export")
def export_command(
    collection: Annotated[str, typer.Argument(help="Samlingens kod.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="CSV-fil att skriva.")],
) -> None:
    """Skriv samlingens svar som de är sparade (maskerade), en person per rad."""
    from jamlik.voices import export_answers

    rows = export_answers(_engine(), collection, output)
    console.print(f"{output}: {rows} personer")


@voices_app.command("delete")
def delete_command(
    collection: Annotated[str, typer.Argument(help="Samlingens kod.")],
    yes: Annotated[bool, typer.Option("--yes", help="Fråga inte.")] = False,
    by: Annotated[Optional[str], typer.Option(
        "--by", help="Vem som raderar (standard: inloggad användare).")] = None,
) -> None:
    """Radera samlingen helt (svar, kodningar, härledda indikatorer); raderingen loggas."""
    from jamlik.voices import erase_collection

    if not yes:
        typer.confirm(f"Radera samlingen {collection} och allt som härletts ur den?", abort=True)
    counts = erase_collection(_engine(), collection, by=by or getpass.getuser())
    console.print(f"samlingen {collection} raderad: {counts['respondents']} personer, "
                  f"{counts['answers']} svar, {counts['codings']} kodningar, "
                  f"{counts['indicators']} indikatorer ({counts['observations']} värden)")


def register(app: typer.Typer) -> None:
    """Add ``jamlik voices`` to ``app``."""
    app.add_typer(voices_app, name="voices")
