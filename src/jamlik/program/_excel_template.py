"""The Excel template an organisation fills in for a follow-up cycle.

Sheets: *Statusrapporter* (one row per activity the organisation owes a report
for, pre-filled with the newest version), *Exempel* (examples quoted with their
source, any number per report), *Instruktioner* and *Om filen* (which cycle and
organisation the file belongs to; read back by :func:`ingest_template`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import Engine, select

from jamlik.cells import neutralise_row
from jamlik.store import ActivityStrategy, Strategy

from ._catalogue import VOCABULARY, label, text
from ._common import WorkflowError, cycle_row, organisation_row
from ._cycles import requests_for
from ._files import atomic_path

__all__ = ["write_template", "REPORT_COLUMNS", "EXAMPLE_COLUMNS", "ABOUT_KEYS"]

#: Column header → field; the first four and the last two are for reading only.
REPORT_COLUMNS = {
    "rapport-id": "report_id", "version": "version", "aktivitet": "activity_code",
    "namn": "activity_name", "strategier": "strategies", "status": "status",
    "framsteg (%)": "progress", "måluppfyllelse": "goal_attainment",
    "beskrivning": "narrative", "länkar": "evidence_links", "tillstånd": "state",
    "granskarens kommentar": "comment",
}
EXAMPLE_COLUMNS = {"rapport-id": "report_id", "aktivitet": "activity_code", "citat": "quote",
                   "källa (dokument)": "document", "sida": "page", "länk": "link"}
ABOUT_KEYS = {"uppföljning-id": "cycle_id", "uppföljning": "cycle", "organisation": "organisation",
              "organisationens namn": "organisation_name", "sista dag": "deadline",
              "skapad": "created"}
WIDTHS = {"rapport-id": 10, "version": 8, "aktivitet": 10, "namn": 40, "strategier": 14,
          "status": 14, "framsteg (%)": 12, "måluppfyllelse": 15, "beskrivning": 60,
          "länkar": 30, "tillstånd": 12, "granskarens kommentar": 40, "citat": 60,
          "källa (dokument)": 32, "sida": 8, "länk": 30}
READ_ONLY = {"rapport-id", "version", "aktivitet", "namn", "strategier", "tillstånd",
             "granskarens kommentar"}
HELP = [
    "Så fyller du i mallen",
    "1. Fyll i status, framsteg (0–100 %), måluppfyllelse och en beskrivning för varje "
    "aktivitet i bladet Statusrapporter. Välj status och måluppfyllelse i listan.",
    "2. Lägg exempel från verksamheten i bladet Exempel: ett citat per rad, med källa "
    "(dokument) och sida, och gärna en länk. Ange aktivitetens rapport-id.",
    "3. Ändra inte rapport-id eller version: de visar vilken version du utgick från. Om "
    "någon annan har ändrat rapporten sedan mallen skapades sparas inget, och du får ett "
    "meddelande om vem som ändrade och när.",
    "4. Lämna filen till processledaren, eller läs in den med: jamlik followup ingest FIL.xlsx",
    "Status: " + ", ".join(v[0] for v in VOCABULARY["status"].values()) + ".",
    "Måluppfyllelse (verksamhetens egen bedömning): "
    + ", ".join(v[0] for v in VOCABULARY["goal_attainment"].values()) + ".",
]
GREY = PatternFill("solid", fgColor="E7E6E6")


def _header(sheet, headers) -> None:
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = WIDTHS.get(cell.value, 14)
    sheet.freeze_panes = "A2"


def _choices(sheet, column: str, vocabulary: str, rows: int) -> None:
    options = ",".join(v[0] for v in VOCABULARY[vocabulary].values())
    check = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True,
                           showErrorMessage=True, errorTitle="Ogiltigt värde",
                           error=f"Välj en av: {options.replace(',', ', ')}")
    sheet.add_data_validation(check)
    check.add(f"{column}2:{column}{max(rows, 2) + 1}")


def _report_sheets(book, sheet, requests, strategies: dict[int, list[str]]) -> None:
    """One row per status report (read-only columns grey, choices as lists) and the
    examples sheet."""
    headers = list(REPORT_COLUMNS)
    _header(sheet, headers)
    examples = book.create_sheet(text("sheet_examples"))
    _header(examples, EXAMPLE_COLUMNS)
    for request in requests:
        current = request.current
        content = current.fields() if current is not None else {}
        sheet.append(neutralise_row([
            request.report_id, request.version, request.activity_code, request.activity_name,
            ", ".join(strategies.get(request.activity_id, [])),
            label("status", content.get("status")), content.get("progress"),
            label("goal_attainment", content.get("goal_attainment")),
            content.get("narrative"), "\n".join(content.get("evidence_links") or []),
            label("state", request.state) if request.state else "",
            current.comment if current is not None and current.state == "returned" else None,
        ]))
        for example in content.get("examples") or []:
            examples.append(neutralise_row([
                request.report_id, request.activity_code, example["quote"],
                example.get("document"), example.get("page"), example.get("link")]))
    for row in sheet.iter_rows(min_row=2):
        for cell, header in zip(row, headers):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if header in READ_ONLY:
                cell.fill = GREY
    letters = {header: sheet.cell(1, i + 1).column_letter for i, header in enumerate(headers)}
    _choices(sheet, letters["status"], "status", len(requests))
    _choices(sheet, letters["måluppfyllelse"], "goal_attainment", len(requests))
    progress = DataValidation(type="whole", operator="between", formula1="0", formula2="100",
                              allow_blank=True, showErrorMessage=True,
                              error="Ange ett heltal mellan 0 och 100")
    sheet.add_data_validation(progress)
    progress.add(f"{letters['framsteg (%)']}2:{letters['framsteg (%)']}{len(requests) + 1}")


def write_template(engine: Engine, *, cycle_id: int, organisation: int | str,
                   output: str | Path) -> Path:
    """Write the template of ``organisation`` (id or code) for an open cycle; return the path."""
    output = Path(output)
    with engine.connect() as conn:
        cycle = cycle_row(conn, cycle_id)
        org = organisation_row(conn, organisation)
        if cycle.status != "open":
            raise WorkflowError(f"uppföljningen '{cycle.name}' är stängd; ingen mall kan skapas")
        requests = requests_for(engine, org.id, cycle_id=cycle_id)
        strategies: dict[int, list[str]] = {}
        for activity_id, code in conn.execute(
                select(ActivityStrategy.activity_id, Strategy.code)
                .join(Strategy, Strategy.id == ActivityStrategy.strategy_id)
                .where(ActivityStrategy.activity_id.in_([r.activity_id for r in requests]))
                .order_by(Strategy.code)):
            strategies.setdefault(activity_id, []).append(code)
    book = Workbook()
    sheet = book.active
    sheet.title = text("sheet_reports")
    _report_sheets(book, sheet, requests, strategies)
    help_sheet = book.create_sheet(text("sheet_help"))
    for line in HELP + ([text("example_banner")] if cycle.is_example else []):
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 110
    help_sheet["A1"].font = Font(bold=True, size=13)
    about = book.create_sheet(text("sheet_about"))
    values = {"cycle_id": cycle.id, "cycle": cycle.name, "organisation": org.code,
              "organisation_name": org.name,
              "deadline": cycle.deadline.isoformat() if cycle.deadline else None,
              "created": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}
    for key, field in ABOUT_KEYS.items():
        about.append(neutralise_row([key, values[field]]))
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 50
    book.properties.title = f"{cycle.name}: {org.name}"
    with atomic_path(output) as partial:
        book.save(partial)
    return output
