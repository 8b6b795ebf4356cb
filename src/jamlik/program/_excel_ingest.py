"""Reading a filled-in template back (see :mod:`._excel_template`).

Every row is checked first and every problem is reported with its row and
column, e.g. ``rad 7, kolumn 'status': väntade en av ej påbörjad, pågående,
genomförd, pausad, avbruten; fick 'klar'``. Only a file without problems is
stored, in one transaction: a broken file changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from jamlik.errors import ArgumentError, InputError, JamlikError
from jamlik.ingest import XlsxBook, open_xlsx
from jamlik.store import StatusReport

from ._catalogue import VOCABULARY, text
from ._common import organisation_row, parse_code
from ._common import organisations_under
from ._links import check_link
from ._excel_template import EXAMPLE_COLUMNS, REPORT_COLUMNS
from ._status import _version, check_fields, latest_versions, step

__all__ = ["TemplateErrors", "IngestResult", "read_template", "ingest_template", "open_book",
           "sheet_rows"]

MAX_SHOWN = 50


class TemplateErrors(InputError):
    """Several problems in one file; ``errors`` holds each (with row and column)."""

    def __init__(self, errors: list[InputError], *, file: str | None = None) -> None:
        self.errors = list(errors)
        lines = [f"- {error}" for error in self.errors[:MAX_SHOWN]]
        if len(self.errors) > MAX_SHOWN:
            lines.append(f"- … och {len(self.errors) - MAX_SHOWN} fel till")
        super().__init__(f"{len(self.errors)} fel, inget har sparats:\n" + "\n".join(lines),
                         file=file)

    def with_file(self, file: str) -> "TemplateErrors":
        return TemplateErrors(self.errors, file=file)


@dataclass(frozen=True)
class IngestResult:
    cycle_id: int
    organisation_id: int
    saved: int
    unchanged: int
    submitted: int


@dataclass
class ParsedTemplate:
    cycle_id: int
    organisation: str
    rows: list[dict[str, Any]]  # _row, report_id, version, fields


def open_book(path: Path) -> XlsxBook:
    """Open a filled-in template by its real cells, within the Excel limits of :mod:`jamlik.ingest`."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"kunde inte läsa filen: {error.strerror}", file=Path(path).name) from None
    return open_xlsx(data, file=Path(path).name)


def sheet_rows(book: XlsxBook, name: str, columns: dict[str, str], required: set[str], file: str):
    """(row number, {field: value}) for the non-empty rows of sheet ``name``."""
    if name not in book.sheetnames:
        raise InputError(f"bladet '{name}' saknas", file=file)
    rows = book.rows(name)
    header = [str(h).strip().casefold() if h is not None else "" for h in next(rows, (0, ()))[1]]
    missing = [c for c in columns if c in required and c not in header]
    if missing:
        raise InputError(f"kolumnen '{missing[0]}' saknas i bladet '{name}'", file=file)
    where = {field: header.index(column) for column, field in columns.items() if column in header}
    for number, values in rows:
        yield number, {field: (values[i] if i < len(values) else None)
                       for field, i in where.items()}


def _links(links: list[str], row: int | str, column: str, errors: list) -> list[str]:
    """The links that pass :func:`check_link`; each other one becomes an error of its cell."""
    good = []
    for link in links:
        try:
            good.append(check_link(link, field="länken"))
        except ArgumentError as error:
            errors.append(InputError(str(error), row=row, column=column))
    return good


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _integer(value: Any, low: int, high: int | None) -> int | None:
    if isinstance(value, str):
        value = value.strip().rstrip("%").strip().replace(",", ".")
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        return None
    value = int(value)
    return value if value >= low and (high is None or value <= high) else None


def _choice(vocabulary: str, value: Any, row: int, column: str, errors: list) -> str | None:
    if _blank(value):
        return None
    code = parse_code(vocabulary, value)
    if code is None:
        options = ", ".join(v[0] for v in VOCABULARY[vocabulary].values())
        errors.append(InputError(f"väntade en av {options}; fick '{value}'", row=row,
                                 column=column))
    return code


def _report_row(number: int, values: dict[str, Any], errors: list) -> dict[str, Any]:
    report_id = _integer(values.get("report_id"), 1, None)
    if report_id is None:
        errors.append(InputError(f"väntade ett rapport-id (ett heltal), fick "
                                 f"'{values.get('report_id')}'", row=number, column="rapport-id"))
    version = _integer(values.get("version"), 0, None)
    if version is None:
        errors.append(InputError(f"väntade ett versionsnummer (ett heltal ≥ 0), fick "
                                 f"'{values.get('version')}'", row=number, column="version"))
    status = _choice("status", values.get("status"), number, "status", errors)
    progress = None
    if not _blank(values.get("progress")):
        progress = _integer(values["progress"], 0, 100)
        if progress is None:
            errors.append(InputError(f"väntade ett heltal 0–100, fick '{values['progress']}'",
                                     row=number, column="framsteg (%)"))
    narrative = values.get("narrative")
    links = values.get("evidence_links")
    fields = {
        "status": status,
        "progress": progress,
        "goal_attainment": _choice("goal_attainment", values.get("goal_attainment"), number,
                                   "måluppfyllelse", errors),
        "narrative": None if _blank(narrative) else str(narrative).strip(),
        "evidence_links": _links([] if _blank(links) else re.split(r"[\s;]+", str(links).strip()),
                                 number, "länkar", errors),
        "examples": [],
    }
    return {"_row": number, "report_id": report_id, "version": version, "fields": fields}


def read_template(path: str | Path) -> ParsedTemplate:
    """Read and check a filled-in template; raise :class:`TemplateErrors` listing every problem."""
    path = Path(path)
    file = path.name
    book = open_book(path)
    about_name = text("sheet_about")
    if about_name not in book.sheetnames:
        raise InputError(f"bladet '{about_name}' saknas; är filen en mall från "
                         "'jamlik followup template'?", file=file)
    about = {str(values[0]).strip(): (values[1] if len(values) > 1 else None)
             for _number, values in book.rows(about_name) if values and values[0]}
    cycle_id = _integer(about.get("uppföljning-id"), 1, None)
    if cycle_id is None or not about.get("organisation"):
        raise InputError("bladet 'Om filen' saknar uppföljning-id eller organisation", file=file)
    errors: list[InputError] = []
    rows, seen = [], {}
    for number, values in sheet_rows(book, text("sheet_reports"), REPORT_COLUMNS,
                                     {"rapport-id", "version", "status"}, file):
        parsed = _report_row(number, values, errors)
        if parsed["report_id"] in seen:
            errors.append(InputError(f"rapport-id {parsed['report_id']} finns redan på rad "
                                     f"{seen[parsed['report_id']]}", row=number,
                                     column="rapport-id"))
        elif parsed["report_id"] is not None:
            seen[parsed["report_id"]] = number
        rows.append(parsed)
    by_id = {row["report_id"]: row for row in rows if row["report_id"] is not None}
    if text("sheet_examples") in book.sheetnames:
        for number, values in sheet_rows(book, text("sheet_examples"), EXAMPLE_COLUMNS,
                                         {"rapport-id", "citat"}, file):
            report_id = _integer(values.get("report_id"), 1, None)
            if report_id not in by_id:
                errors.append(InputError(f"rapport-id '{values.get('report_id')}' finns inte i "
                                         "bladet Statusrapporter", row=f"Exempel, rad {number}",
                                         column="rapport-id"))
                continue
            if _blank(values.get("quote")):
                errors.append(InputError("väntade ett citat", row=f"Exempel, rad {number}",
                                         column="citat"))
                continue
            page = values.get("page")
            by_id[report_id]["fields"]["examples"].append({
                "quote": str(values["quote"]).strip(),
                "document": None if _blank(values.get("document")) else str(values["document"]),
                "page": None if _blank(page) else str(int(page) if isinstance(page, float)
                                                       and page.is_integer() else page).strip(),
                "link": None if _blank(values.get("link")) else next(iter(_links(
                    [str(values["link"]).strip()], f"Exempel, rad {number}", "länk", errors)),
                    None)})
    if errors:
        raise TemplateErrors(errors, file=file)
    return ParsedTemplate(cycle_id, str(about["organisation"]).strip(), rows)


def ingest_template(engine: Engine, path: str | Path, *, author: str,
                    submit: bool = False) -> IngestResult:
    """Store the reports of a filled-in template as new versions, all or nothing.

    Rows whose content equals the stored version are left alone. With ``submit``
    each stored draft is also submitted for review.
    """
    path = Path(path)
    parsed = read_template(path)
    file = path.name
    errors: list[InputError] = []
    saved = unchanged = submitted = 0
    try:
        with engine.begin() as conn:
            org = organisation_row(conn, parsed.organisation)
            allowed = set(organisations_under(conn, [org.id]))
            reports = {r.id: r for r in conn.execute(StatusReport.__table__.select().where(
                StatusReport.cycle_id == parsed.cycle_id))}
            latest = latest_versions(conn, cycle_id=parsed.cycle_id)
            for row in parsed.rows:
                report = reports.get(row["report_id"])
                if report is None or report.organisation_id not in allowed:
                    errors.append(InputError(
                        f"rapporten {row['report_id']} hör inte till uppföljningen "
                        f"{parsed.cycle_id} för {org.name}", row=row["_row"],
                        column="rapport-id"))
                    continue
                current = latest.get(report.id)
                fields = check_fields(row["fields"])
                content = _version(report, current).fields() if current is not None else None
                state = current.state if current is not None else None
                try:
                    if current is None and not any(fields.values()):
                        unchanged += 1  # a row nobody filled in
                        continue
                    if content == fields and state != "returned":
                        unchanged += 1  # same content: submitting it needs no fresh template
                        version = current.version
                    else:
                        result = step(conn, activity_id=report.activity_id,
                                      cycle_id=parsed.cycle_id, expected_version=row["version"],
                                      author=author, action="save", fields=fields)
                        saved += 1
                        version, state = result.version, result.state
                    if submit and state in ("draft", "returned"):
                        step(conn, activity_id=report.activity_id, cycle_id=parsed.cycle_id,
                             expected_version=version, author=author, action="submit")
                        submitted += 1
                except JamlikError as error:
                    errors.append(InputError(str(error), row=row["_row"]))
            if errors:
                raise TemplateErrors(errors, file=file)
    except IntegrityError:
        raise InputError("någon annan sparade samma rapporter samtidigt; inget har sparats. "
                         "Läs in filen igen.", file=file) from None
    return IngestResult(parsed.cycle_id, org.id, saved, unchanged, submitted)
