"""``jamlik uptake match|evaluate|run`` and ``jamlik documents import``: thin over jobs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

console = Console(stderr=True)
uptake_app = typer.Typer(help="Genomslag: vilka strategier och rekommendationer nämndernas "
                              "årsrapporter tar upp.", no_args_is_help=True)
documents_app = typer.Typer(help="Dokument: nämndernas årsrapporter.", no_args_is_help=True)

Programme = Annotated[Optional[int], typer.Option(
    "--programme", help="Programmets id i databasen (standard: Göteborgs program som följer "
                        "med jamlik).")]
Lang = Annotated[str, typer.Option("--lang", help="sv eller en.")]
FORMATS = ("table", "json", "csv")
_TEXT = {
    "sv": {"passage": "Passage", "rank": "Rang", "code": "Kod", "area": "Målområde",
           "score": "Poäng", "evidence": "Belägg", "ranking": "Rangordning", "class": "Klass",
           "baseline": "jämförelse: BM25 på namn", "area_top1": "målområde först",
           "passages": "passager", "no_match": "inga träffar"},
    "en": {"passage": "Passage", "rank": "Rank", "code": "Code", "area": "Target area",
           "score": "Score", "evidence": "Evidence", "ranking": "Ranking", "class": "Class",
           "baseline": "baseline: BM25 on names", "area_top1": "area first",
           "passages": "passages", "no_match": "no matches"},
}


def _words(lang: str) -> dict[str, str]:
    from jamlik.errors import InputError, option

    if lang not in _TEXT:
        raise InputError(f"{option('lang')}: väntade sv eller en, fick '{lang}'")
    return _TEXT[lang]


def _engine_if(programme: int | None):
    if programme is None:
        return None
    from jamlik.store import connect

    return connect()


def _records(result) -> list[dict]:
    return [{"passage_id": m.passage_id, "rank": m.rank, "kind": m.kind, "code": m.code,
             "target_area": m.target_area, "score": m.score,
             "evidence": [{"kind": e.kind, "score": e.score, "words": list(e.words),
                           "span": e.span, "reason": e.reason} for e in m.evidence]}
            for m in result.matches]


@uptake_app.command("match")
def uptake_match(
    file: Annotated[Path, typer.Argument(help="Ett dokument (PDF, DOCX, ODT, HTML, text) eller "
                                              "en CSV med kolumnerna id,text.")],
    programme: Programme = None,
    top: Annotated[int, typer.Option("--top", help="Antal träffar per passage.")] = 3,
    output_format: Annotated[str, typer.Option("--format", help="table, json eller csv.")] = "table",
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="Skriv json eller csv till denna fil i stället för till skärmen.")]
    = None,
    lang: Lang = "sv",
) -> None:
    """Rangordna strategier och rekommendationer för varje passage i FILE."""
    from jamlik.errors import InputError, option
    from jamlik.jobs import match_file

    words = _words(lang)
    if output_format not in FORMATS:
        raise InputError(f"{option('format')}: väntade table, json eller csv, fick "
                         f"'{output_format}'")
    if output is not None and output_format == "table":
        raise InputError("--output skriver json eller csv: ange --format json eller --format csv")
    result = match_file(file, engine=_engine_if(programme), programme=programme, top=top)
    for warning in result.warnings:
        console.print(f"[yellow]{warning}[/yellow]")
    records = _records(result)
    if output_format == "json":
        from ._output import write_text

        write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", output)
        return
    if output_format == "csv":
        import pandas as pd

        from ._output import write_table  # the one CSV writer (neutralises formulas)

        write_table(pd.DataFrame(
            [{"passage_id": r["passage_id"], "rank": r["rank"], "kind": r["kind"],
              "code": r["code"], "target_area": r["target_area"], "score": r["score"],
              "evidence_kinds": "+".join(e["kind"] for e in r["evidence"]),
              "evidence": " | ".join(e["reason"] for e in r["evidence"])} for r in records],
            columns=["passage_id", "rank", "kind", "code", "target_area", "score",
                     "evidence_kinds", "evidence"]), fmt="csv", output=output)
        return
    where = {p.id: p for p in result.passages}
    table = Table(title=f"{result.source}: {len(result.passages)} {words['passages']}")
    for column in ("passage", "rank", "code", "area", "score", "evidence"):
        table.add_column(words[column])
    for record in records:
        passage = where.get(record["passage_id"])
        label = record["passage_id"] + (f" ({passage.citation})" if passage and
                                        passage.citation else "")
        table.add_row(label, str(record["rank"]), record["code"], record["target_area"],
                      f"{record['score']:.2f}", "\n".join(f"{e['kind']}: {e['reason']}"
                                                         for e in record["evidence"]))
    Console().print(table if records else words["no_match"])


@uptake_app.command("evaluate")
def uptake_evaluate(
    labels: Annotated[Path, typer.Argument(help="CSV med kolumnerna id,text,expected_code.")],
    programme: Programme = None,
    split: Annotated[Optional[str], typer.Option(
        "--split", help="dev eller held-out (standard: alla passager).")] = None,
    lang: Lang = "sv",
) -> None:
    """Skriv ut top-1, top-3, MRR och nDCG@10, per beläggtyp och per klass."""
    from jamlik.jobs import evaluate_labels

    words = _words(lang)
    result = evaluate_labels(labels, engine=_engine_if(programme), programme=programme,
                             split=split)
    table = Table(title=f"{labels.name}" + (f" ({split})" if split else ""))
    for column in (words["ranking"], words["class"], "n", "top-1", "top-3", "MRR", "nDCG@10",
                   words["area_top1"]):
        table.add_column(column, justify="right" if column not in (words["ranking"],
                                                                  words["class"]) else "left")

    def row(name: str, cls: str, metrics) -> None:
        table.add_row(name, cls, str(metrics.n), f"{metrics.top1:.3f}", f"{metrics.top3:.3f}",
                      f"{metrics.mrr:.3f}", f"{metrics.ndcg10:.3f}", f"{metrics.area_top1:.3f}")

    for name, metrics in result.overall.items():
        row(name, "*", metrics)
    for cls, metrics in result.per_class["combined"].items():
        row("combined", cls, metrics)
    if result.baseline is not None:
        row(words["baseline"], "*", result.baseline)
    Console().print(table)


@uptake_app.command("run")
def uptake_run(
    year: Annotated[int, typer.Option("--year", help="Dokumentens år.")],
    programme: Programme = None,
    top: Annotated[int, typer.Option("--top", help="Antal förslag per passage.")] = 3,
) -> None:
    """Matcha alla lagrade dokument från ett år och spara förslagen för granskning."""
    from jamlik.jobs import run_uptake
    from jamlik.store import connect

    result = run_uptake(connect(), year=year, programme=programme, top=top)
    console.print(f"{year}: {result['passages']} passager, {result['matches']} förslag "
                  f"(program {result['programme_id']})")


@uptake_app.command("review")
def uptake_review(
    match_id: Annotated[int, typer.Argument(help="Förslagets id.")],
    decision: Annotated[str, typer.Argument(help="confirm, reject eller reassign.")],
    code: Annotated[Optional[str], typer.Option("--code", help="Ny kod vid reassign.")] = None,
    comment: Annotated[Optional[str], typer.Option("--comment", help="Kommentar.")] = None,
    author: Annotated[Optional[str], typer.Option(
        "--author", help="Vem som granskar (standard: inloggad användare).")] = None,
) -> None:
    """Bekräfta, avvisa eller flytta ett förslag (tidigare beslut sparas)."""
    import getpass

    from jamlik.jobs import review_match
    from jamlik.store import connect

    decision_id = review_match(connect(), match_id, decision,
                               reviewer=author or getpass.getuser(), role="coordinator",
                               code=code, comment=comment)
    console.print(f"förslag {match_id}: {decision} (beslut {decision_id})")


@documents_app.command("import")
def documents_import(
    files: Annotated[list[Path], typer.Argument(help="PDF, DOCX, ODT, HTML eller text.")],
    organisation: Annotated[str, typer.Option("--organisation", help="Organisationens id.")],
    year: Annotated[int, typer.Option("--year", help="Året dokumenten gäller.")],
    kind: Annotated[str, typer.Option("--kind", help="arsrapport, verksamhetsberattelse, "
                                                     "arsredovisning, delarsrapport, annat.")
                    ] = "arsrapport",
    author: Annotated[Optional[str], typer.Option(
        "--author", help="Vem som importerar (standard: inloggad användare).")] = None,
) -> None:
    """Läs in dokument (samma fil igen ändrar inget)."""
    import getpass

    from jamlik.jobs import import_documents
    from jamlik.store import connect

    results = import_documents(connect(), files, organisation=organisation, year=year, kind=kind,
                               author=author or getpass.getuser())
    for result in results:
        for warning in result.warnings:
            console.print(f"[yellow]{warning}[/yellow]")
        state = (f"{result.passages} passager" if result.created
                 else "redan inläst; inget ändrat")
        console.print(f"{result.source}: dokument {result.document_id}, {state}")


def register(app: typer.Typer) -> None:
    """Add ``uptake`` and ``documents`` to ``app``."""
    app.add_typer(uptake_app, name="uptake")
    app.add_typer(documents_app, name="documents")
