"""A plan's activities to and from Excel (sheet *Aktiviteter*, one activity per row).

Lists (owners, partners, strategies, indicators, tags) are written separated by
commas. Organisations, strategies and indicators are given by their codes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy import Engine, select

from jamlik.cells import neutralise_row
from jamlik.errors import InputError, NotFoundError
from jamlik.store import (
    Activity, ActivityIndicator, ActivityOrganisation, ActivityStrategy, Indicator,
    Organisation, Plan, Strategy,
)

from ._excel_ingest import TemplateErrors, _blank, _integer, open_book, sheet_rows
from ._files import atomic_path
from ._structure import _lookup, store_activities

__all__ = ["write_activities", "import_activities", "ACTIVITY_COLUMNS"]

SHEET = "Aktiviteter"
#: Excel header → key of the structure format (see :mod:`._structure`).
ACTIVITY_COLUMNS = {
    "kod": "id", "namn": "name", "beskrivning": "description", "ansvariga": "owners",
    "medverkande": "partners", "start": "start", "slut": "end", "strategier": "strategies",
    "indikatorer": "indicators", "budget (kr)": "budget", "plandel": "plan_part",
    "taggar": "tags",
}
LISTS = {"owners": ("ansvariga", "organisation"), "partners": ("medverkande", "organisation"),
         "strategies": ("strategier", "strategy"), "indicators": ("indikatorer", "indicator")}


def _plan_id(conn, plan: int | str) -> int:
    column = Plan.id if isinstance(plan, int) else Plan.code
    found = conn.execute(select(Plan.id).where(column == plan)).first()
    if found is None:
        raise NotFoundError(f"ingen plan med {'id' if isinstance(plan, int) else 'kod'} {plan!r}")
    return found[0]


def write_activities(engine: Engine, plan: int | str, output: str | Path) -> Path:
    """Write the activities of ``plan`` (id or code) to an Excel file, atomically."""
    output = Path(output)
    with engine.connect() as conn:
        plan_id = _plan_id(conn, plan)
        activities = conn.execute(select(Activity).where(Activity.plan_id == plan_id)
                                  .order_by(Activity.code)).all()
        ids = [a.id for a in activities]
        links: dict[str, dict[int, list[str]]] = {k: {} for k in LISTS}
        for activity_id, code, role in conn.execute(
                select(ActivityOrganisation.activity_id, Organisation.code,
                       ActivityOrganisation.role).join(Organisation)
                .where(ActivityOrganisation.activity_id.in_(ids)).order_by(Organisation.code)):
            links["owners" if role == "owner" else "partners"].setdefault(
                activity_id, []).append(code)
        for key, model, target in (("strategies", ActivityStrategy, Strategy),
                                   ("indicators", ActivityIndicator, Indicator)):
            column = model.strategy_id if key == "strategies" else model.indicator_id
            for activity_id, code in conn.execute(
                    select(model.activity_id, target.code).join(target, target.id == column)
                    .where(model.activity_id.in_(ids)).order_by(target.code)):
                links[key].setdefault(activity_id, []).append(code)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(ACTIVITY_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for a in activities:
        sheet.append(neutralise_row([
            a.code, a.name, a.description,
            *(", ".join(links[k].get(a.id, [])) for k in ("owners", "partners")),
            a.period_start, a.period_end,
            *(", ".join(links[k].get(a.id, [])) for k in ("strategies", "indicators")),
            a.budget, a.plan_part, ", ".join(a.tags or [])]))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGHIJKL", (10, 40, 60, 24, 24, 8, 8, 16, 20, 14, 28, 20)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    with atomic_path(output) as partial:
        book.save(partial)
    return output


def _split(value: Any) -> list[str]:
    return [] if _blank(value) else [p for p in re.split(r"\s*[,;\n]\s*", str(value).strip()) if p]


def import_activities(engine: Engine, path: str | Path, *, plan: int | str,
                      example: bool = False) -> int:
    """Add or update the activities of ``plan`` from an Excel file; all or nothing.

    Returns the number of rows read. Every problem is reported with its row and
    column (:class:`TemplateErrors`).
    """
    path = Path(path)
    file = path.name
    book = open_book(path)
    with engine.begin() as conn:
        plan_id = _plan_id(conn, plan)
        lookup = _lookup(conn, plan_id)
        errors: list[InputError] = []
        items, seen = [], {}
        for number, values in sheet_rows(book, SHEET, ACTIVITY_COLUMNS, {"kod", "namn",
                                                                         "ansvariga"}, file):
            item: dict[str, Any] = {"_row": number}
            for column, key in (("kod", "id"), ("namn", "name")):
                if _blank(values.get(key)):
                    errors.append(InputError("får inte vara tom", row=number, column=column))
                else:
                    item[key] = str(values[key]).strip()
            if item.get("id") in seen:
                errors.append(InputError(f"koden '{item['id']}' finns redan på rad "
                                         f"{seen[item['id']]}", row=number, column="kod"))
            elif "id" in item:
                seen[item["id"]] = number
            for key in ("description", "plan_part"):
                if not _blank(values.get(key)):
                    item[key] = str(values[key]).strip()
            for key, (column, kind) in LISTS.items():
                item[key] = _split(values.get(key))
                unknown = [code for code in item[key] if code not in lookup[kind]]
                if unknown:
                    names = {"organisation": "organisation", "strategy": "strategi",
                             "indicator": "indikator"}
                    errors.append(InputError(f"okänd {names[kind]} '{unknown[0]}'", row=number,
                                             column=column))
            if not item["owners"] and "ansvariga" not in {e.column for e in errors
                                                          if e.row == number}:
                errors.append(InputError("minst en ansvarig organisation behövs", row=number,
                                         column="ansvariga"))
            period = {}
            for key, column in (("start", "start"), ("end", "slut")):
                if not _blank(values.get(key)):
                    year = _integer(values[key], 1900, 2200)
                    if year is None:
                        errors.append(InputError(f"väntade ett årtal, fick '{values[key]}'",
                                                 row=number, column=column))
                    period[key] = year
            item["period"] = period
            if not _blank(values.get("budget")):
                budget = _integer(values["budget"], 0, None)
                if budget is None:
                    errors.append(InputError(f"väntade ett belopp i kronor (heltal ≥ 0), fick "
                                             f"'{values['budget']}'", row=number,
                                             column="budget (kr)"))
                item["budget"] = budget
            item["tags"] = _split(values.get("tags"))
            items.append(item)
        if errors:
            raise TemplateErrors(errors, file=file)
        store_activities(conn, plan_id, items, example=example, file=file)
    return len(items)
