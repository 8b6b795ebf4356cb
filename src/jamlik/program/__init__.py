"""Programmes, plans, activities and the yearly follow-up cycle (uppföljning).

The service API that the CLI (``jamlik program``, ``jamlik followup``) and the web
app call. Every function takes an SQLAlchemy ``Engine`` from
:func:`jamlik.store.connect`, works in its own transaction and raises a
:class:`jamlik.errors.JamlikError` subclass with a Swedish message on purpose.
Items have stable integer ids; import files refer to them by code.

Programme tree (program → målområden → strategier, förutsättningar)
    ``read_programme(path)`` reads and checks a YAML/JSON file;
    ``import_programme(engine, data)`` stores it: new programme → revision 1,
    changed content → a new revision (the old tree stays as a snapshot, ids are
    kept), same content → nothing (``load_programme`` returns just the id).
    ``export_programme(engine, id)`` / ``write_programme(data, path)`` write it
    back; ``programme_revisions`` lists the revisions; ``current_tree(conn, id)``
    gives the current target areas and strategies with their ids.

Organisations, commissions, plans and activities
    ``import_structure(engine, data)`` (format in :mod:`._structure`): boards,
    administrations, companies and partners with their hierarchy and contact
    people; commissions → background reports → recommendations and action
    proposals linked to strategies and activities; plans → activities with
    owners, period, strategies, indicators, budget, plan part and tags.
    ``write_activities(engine, plan, path)`` / ``import_activities(engine, path,
    plan=...)`` move a plan's activities through Excel.

The follow-up cycle
    ``open_cycle(engine, year=..., author=..., deadline=..., organisations=None)``
    asks the owners of the year's activities to report (one status report per
    activity); ``close_cycle(engine, cycle_id, author=...)`` freezes it;
    ``list_cycles``, ``cycle_status(engine, cycle_id)`` (per
    organisation: reports owed and their states) and
    ``requests_for(engine, organisation)`` (what an organisation, and the
    organisations under it, owe in open cycles, with each report's newest version
    and the owing organisation's name); ``cycle_reports(engine, cycle_id)`` (every
    report of a cycle with its state, organisation and activity, as
    :class:`ReportDetails`); ``get_status_report(engine, report_id)`` (one).

Reading and editing for user interfaces
    ``programme_activities(engine, programme_id)`` → :class:`ProgrammeActivity`
    (owners, strategy ids and the newest submitted or reviewed version);
    ``create_organisation(engine, code=..., name=..., kind="other", parent=None)``
    and ``update_organisation(engine, id_or_code, name=..., kind=..., parent=...)``
    (left-out arguments keep their value; a parent loop is refused).

Status reports (versioned; nothing is ever overwritten)
    ``save_status_report(engine, *, activity_id, cycle_id, fields,
    expected_version, author)`` → a new draft :class:`ReportVersion`. ``fields``
    is any of ``status`` (not_started, ongoing, completed, paused, cancelled),
    ``progress`` (0–100), ``goal_attainment`` (good, some, none), ``narrative``,
    ``examples`` (``[{"quote", "document", "page", "link"}]``) and
    ``evidence_links``; left-out fields keep their value. ``expected_version`` is
    the version the caller read (0 before the first save); if someone saved
    since, :class:`StatusReportConflict` (a ``ConflictError``) names who and when
    and carries ``current`` and the ``rejected`` fields, so no text is lost.
    ``submit_status_report(..., expected_version, author)``,
    ``review_status_report(..., expected_version, reviewer, send_back=False,
    comment=None)`` (send back needs a comment), ``status_report_history`` (all
    versions, with who and when) and ``current_status_report``. Steps that the
    workflow does not allow (saving a submitted report, anything in a closed
    cycle) raise :class:`WorkflowError`.

Excel round trip for reporters
    ``write_template(engine, cycle_id=..., organisation=..., output=...)`` writes
    the organisation's template; ``ingest_template(engine, path, author=...,
    submit=False)`` reads it back all or nothing, and :class:`TemplateErrors`
    lists every problem by row and column.

Words and labels in Swedish and English: :mod:`jamlik.program.catalogue`
(``label("status", "ongoing")``, ``text("cover_title", "en", year=2024)``).
"""

from . import catalogue
from ._common import (
    StatusReportConflict, WorkflowError, cycle_row, only_programme, organisations_under,
)
from ._cycles import (
    Cycle, OrganisationProgress, Request, close_cycle, cycle_from_row, cycle_status,
    list_cycles, open_cycle, requests_for,
)
from ._files import atomic_path, write_bytes_atomic
from ._organisations import OrganisationInfo, create_organisation, update_organisation
from ._queries import (
    ProgrammeActivity, ReportDetails, cycle_reports, get_status_report, programme_activities,
)
from ._links import LINK_SCHEMES, check_link, safe_link
from ._excel_activities import import_activities, write_activities
from ._excel_ingest import IngestResult, TemplateErrors, ingest_template, read_template
from ._excel_template import write_template
from ._revisions import (
    ProgrammeImport, current_snapshot, current_tree, export_programme, import_programme,
    programme_revisions, write_programme,
)
from ._status import (
    check_consistency,
    FIELDS, REPORTED, ReportVersion, current_status_report, latest_versions, review_status_report,
    save_status_report, status_report_history, submit_status_report,
)
from ._municipality import programme_municipalities
from ._structure import import_structure
from ._tree import load_programme, read_programme

__all__ = [
    "check_consistency", "programme_municipalities", "FIELDS", "Cycle", "OrganisationInfo", "ProgrammeActivity", "ReportDetails",
    "create_organisation", "cycle_reports", "get_status_report", "programme_activities",
    "update_organisation", "IngestResult", "OrganisationProgress", "ProgrammeImport", "ReportVersion",
    "Request", "StatusReportConflict", "TemplateErrors", "WorkflowError", "catalogue",
    "close_cycle", "current_status_report", "current_tree", "cycle_status", "export_programme",
    "import_activities", "import_programme", "import_structure", "ingest_template",
    "list_cycles", "load_programme", "open_cycle", "programme_revisions", "read_programme",
    "read_template", "requests_for", "review_status_report", "save_status_report",
    "status_report_history", "submit_status_report", "write_activities", "write_programme",
    "write_template", "LINK_SCHEMES", "check_link", "safe_link",
    # for the layers above (reports, jobs, cli, web)
    "REPORTED", "atomic_path", "current_snapshot", "cycle_from_row", "cycle_row", "latest_versions",
    "only_programme", "organisations_under", "write_bytes_atomic",
]
