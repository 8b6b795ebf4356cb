"""Administration behind the pages and the API: accounts, organisations, imports, audit log."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import Engine, func, select

from jamlik.errors import ArgumentError, InputError, render_options
from jamlik.store import Account, AccountOrganisation, AuditEntry, Organisation, audit

from ._auth import User
from ._i18n import gettext as _

__all__ = [
    "accounts",
    "audit_page",
    "import_upload",
    "organisations",
    "role_label",
]

MAX_UPLOAD = 50 * 1024 * 1024


def role_label(role: str) -> str:
    return {"admin": _("administratör"), "analyst": _("analytiker"),
            "coordinator": _("samordnare"), "reporter": _("rapportör")}.get(role, role)




def accounts(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        links: dict[int, list[int]] = {}
        for account_id, org_id in conn.execute(select(AccountOrganisation.account_id,
                                                      AccountOrganisation.organisation_id)):
            links.setdefault(account_id, []).append(org_id)
        rows = conn.execute(select(Account.id, Account.username, Account.display_name,
                                   Account.email, Account.role, Account.active,
                                   Account.is_example, Account.last_login_at)
                            .order_by(Account.username)).all()
    return [{**r._asdict(), "organisations": links.get(r.id, []),
             "last_login_at": r.last_login_at.isoformat() if r.last_login_at else None}
            for r in rows]


def organisations(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(Organisation.id, Organisation.code, Organisation.name,
                                   Organisation.kind, Organisation.parent_id,
                                   Organisation.is_example).order_by(Organisation.name)).all()
    return [r._asdict() for r in rows]


def audit_page(engine: Engine, *, page: int, per_page: int) -> tuple[list[dict], int]:
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(AuditEntry)).scalar()
        rows = conn.execute(select(AuditEntry.id, AuditEntry.at, AuditEntry.username,
                                   AuditEntry.action, AuditEntry.object_type,
                                   AuditEntry.object_id, AuditEntry.summary)
                            .order_by(AuditEntry.id.desc())
                            .offset((page - 1) * per_page).limit(per_page)).all()
    return [{**r._asdict(), "at": r.at.isoformat()} for r in rows], total


IMPORT_OPTIONS = ("area_version", "area_code", "period", "table_id", "encoding", "dash")


def import_labels() -> dict[str, str]:
    """The import form's field labels, by option name, for messages (errors.render_options)."""
    return {"area_version": _("Områdesindelning"), "area_code": _("Område"),
            "period": _("Period"), "table_id": _("Tabell-id"), "encoding": _("Teckenkodning"),
            "dash": _("Strecket (-)"), "format": _("Format")}


def import_upload(engine: Engine, user: User, filename: str, content: bytes, *,
                  format: str | None = None, area_version: str | None = None,
                  **options: str | None) -> dict:
    """Import an uploaded file with :func:`jamlik.ingest.import_file`.

    Returns ``{"ok": True, ...counts}`` or ``{"ok": False, "errors": [...]}`` with
    the importer's error split into file, row, column and problem.
    """
    from jamlik.jobs import import_file

    name = Path(filename or "upload").name or "upload"
    if len(content) > MAX_UPLOAD:
        return {"ok": False, "errors": [{"file": name, "row": None, "column": None,
                                         "problem": _("Filen är större än 50 MB.")}]}
    with tempfile.TemporaryDirectory(prefix="jamlik-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        labels = import_labels()
        try:
            result = import_file(path, engine=engine, format=format or None,
                                 area_version=area_version or None,
                                 **{k: v or None for k, v in options.items()
                                    if k in IMPORT_OPTIONS})
        except ArgumentError as error:  # an option the user typed into the form
            with engine.begin() as conn:
                audit(conn, user.username, "import.failed", "file", name, str(error))
            message = error.message("web", labels)
            return {"ok": False, "message": message,
                    "errors": [{"file": name, "row": None, "column": None, "problem": message}]}
        except InputError as error:
            located = error.with_file(name) if error.file else error
            with engine.begin() as conn:
                audit(conn, user.username, "import.failed", "file", name, str(located))
            return {"ok": False,
                    "message": located.message("web", labels).replace(folder + "/", ""),
                    "errors": [{"file": name, "row": error.row, "column": error.column,
                                "problem": render_options(error.problem, "web", labels)}]}
    with engine.begin() as conn:
        audit(conn, user.username, "import", "import_batch", result.batch_id,
              f"{name}: {result.rows_inserted} nya, {result.rows_revised} reviderade",
              {"already_imported": result.already_imported})
    return {"ok": True, "file": name, "batch_id": result.batch_id,
            "rows_read": result.rows_read, "rows_inserted": result.rows_inserted,
            "rows_revised": result.rows_revised, "rows_unchanged": result.rows_unchanged,
            "already_imported": result.already_imported,
            "warnings": [render_options(w, "web", labels) for w in result.warnings or []]}
