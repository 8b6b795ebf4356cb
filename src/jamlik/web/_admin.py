"""Administration behind the pages and the API: accounts, organisations, imports, audit log."""

from __future__ import annotations

import io
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine, func, select

from jamlik.errors import ArgumentError, InputError, JamlikError, render_options
from jamlik.store import Account, AccountOrganisation, AuditEntry, Organisation, audit

from ._auth import User
from ._i18n import gettext as _

__all__ = [
    "accounts",
    "audit_page",
    "import_upload",
    "upload_name",
    "organisations",
    "role_label",
]

#: the largest file an upload may hold (checked while it streams in and while copied)
MAX_UPLOAD = 50 * 1024 * 1024
#: imports at once in a worker; each holds a thread waiting for its child process
CONCURRENT_IMPORTS = 2
_IMPORTS = threading.BoundedSemaphore(CONCURRENT_IMPORTS)


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


def upload_name(filename: str | None) -> str:
    """The name of an uploaded file as shown in messages: its last part, printable,
    at most 120 characters (``..``, ``/``, NUL and the like become "upload")."""
    name = Path(str(filename or "").replace("\\", "/")).name
    name = "".join(c for c in name if c.isprintable())[:120].strip()
    return name if name.strip(".") else "upload"


def _suffix(name: str) -> str:
    # the stored file is named by us; only a plain extension of the user's name survives,
    # for the importer to tell the format by
    suffix = Path(name).suffix.lower()
    return suffix if suffix[1:].isalnum() and suffix.isascii() and len(suffix) <= 8 else ""


def import_upload(engine: Engine, user: User, filename: str, content: BinaryIO | bytes, *,
                  format: str | None = None, area_version: str | None = None,
                  labels: dict[str, str] | None = None, **options: str | None) -> dict:
    """Import an uploaded file with :func:`jamlik.ingest.import_file`.

    ``content`` is the file object (or bytes). It is copied in chunks to a file
    named by jamlik (never by the user) and refused past :data:`MAX_UPLOAD`; at most
    :data:`CONCURRENT_IMPORTS` imports run at once, a further one is refused with
    a message. The import runs in a child process
    (:func:`jamlik.jobs.import_file_in_subprocess`); call this from a worker
    thread, which waits for it without holding the interpreter.
    Returns ``{"ok": True, ...counts}`` or ``{"ok": False, "errors": [...]}`` with
    the importer's error split into file, row, column and problem.
    """
    name = upload_name(filename)
    if not _IMPORTS.acquire(blocking=False):
        return _refused(name, _("Andra importer pågår just nu; försök igen om en stund."))
    try:
        return _import(engine, user, name, content, format=format, area_version=area_version,
                       options=options, labels=labels)
    finally:
        _IMPORTS.release()


def _refused(name: str, problem: str) -> dict:
    return {"ok": False, "message": f"{name}: {problem}",
            "errors": [{"file": name, "row": None, "column": None, "problem": problem}]}


def _import(engine, user, name, content, *, format, area_version, options, labels) -> dict:
    # in a child process: the import holds neither this worker's interpreter (the
    # other requests it serves) nor its memory; a child that fails leaves nothing
    from jamlik.jobs import import_file_in_subprocess

    stream = io.BytesIO(content) if isinstance(content, (bytes, bytearray)) else content
    with tempfile.TemporaryDirectory(prefix="jamlik-upload-") as folder:
        path = Path(folder) / ("upload" + _suffix(name))
        size = 0
        with path.open("wb") as handle:
            while chunk := stream.read(1024 * 1024):
                size += len(chunk)
                if size > MAX_UPLOAD:
                    return _refused(name, _("Filen är större än %(mb)d MB.") % {
                        "mb": MAX_UPLOAD // (1024 * 1024)})
                handle.write(chunk)
        if size == 0:
            return _refused(name, _("Filen är tom."))
        labels = labels or import_labels()
        try:
            result = import_file_in_subprocess(
                path, engine=engine, format=format or None, area_version=area_version or None,
                **{k: v or None for k, v in options.items() if k in IMPORT_OPTIONS})
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
                    "message": located.message("web", labels).replace(str(path), name)
                    .replace(folder + "/", ""),
                    "errors": [{"file": name, "row": error.row, "column": error.column,
                                "problem": render_options(error.problem, "web", labels)}]}
        except JamlikError as error:  # the import was stopped or failed: nothing written
            with engine.begin() as conn:
                audit(conn, user.username, "import.failed", "file", name, str(error))
            return _refused(name, error.message("web", labels))
    with engine.begin() as conn:
        audit(conn, user.username, "import", "import_batch", result.batch_id,
              f"{name}: {result.rows_inserted} nya, {result.rows_revised} reviderade",
              {"already_imported": result.already_imported})
    return {"ok": True, "file": name, "batch_id": result.batch_id,
            "rows_read": result.rows_read, "rows_inserted": result.rows_inserted,
            "rows_revised": result.rows_revised, "rows_unchanged": result.rows_unchanged,
            "already_imported": result.already_imported,
            "warnings": [render_options(w, "web", labels) for w in result.warnings or []]}
