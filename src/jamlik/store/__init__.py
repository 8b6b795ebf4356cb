"""The data store: models and migrations, batches with history, export, measures, accounts.

This is the store's public face; other packages import from here, never from
its private modules.

Connecting and batches
    ``connect``, ``upgrade``, ``write_batch`` → :class:`BatchResult`, ``list_batches``,
    ``rollback_batch``, ``check_integrity``, ``export_frame``.
Models (SQLAlchemy tables)
    observations and their metadata (``Observation``, ``Indicator``, ``Area``,
    ``AreaVersion``, ``Dimension``, ``Subgroup``, ``Period``, ``ImportBatch``), the
    programme (``Programme``, ``TargetArea``, ``Strategy``, ``Precondition``,
    ``IndicatorTargetArea``), organisations, plans, activities and the follow-up
    cycle (``Organisation`` ... ``StatusReportVersion``), measures (``MeasureRun``,
    ``MeasureResult``) and accounts (``Account`` ... ``AuditEntry``).
Measures
    ``heat_table`` (stored observations as a WHO HEAT table), ``save_measures``,
    ``current_measures`` (the newest saved measure per key), ``AREA_DIMENSION``,
    ``area_table`` (the sub-areas' values for gaps between areas).
Documents and recommendation uptake
    ``save_document`` (a no-op for a stored hash), ``year_passages``,
    ``save_matches``, ``record_decision`` (appended, never changed),
    ``decision_history``, ``stored_matches``, ``confirmed_uptake``,
    ``programme_recommendations``, ``uptake_facets`` (years and organisations
    that have proposals, for filtering).
Sites and scenarios
    ``SiteKind``, ``Site`` (versioned: a change supersedes, never overwrites),
    ``save_sites`` → :class:`SitesResult`, ``current_sites``, ``site_history``,
    ``site_kinds``; ``Scenario``, ``save_scenario``, ``list_scenarios``,
    ``load_scenario``, ``SCENARIO_MODELS``.
Residents' voices
    ``VoiceCollection``, ``VoiceQuestion``, ``VoiceRespondent``, ``VoiceAnswer``,
    ``VoiceCode``, ``VoiceCoding``, ``VoiceErasure``, ``VOICE_METHODS``.
Report commentary
    ``ReportCommentary`` (every save a new version, never overwritten),
    ``save_commentary``, ``latest_commentary`` (the newest text per section),
    ``commentary_history``, ``COMMENTARY_LIMIT``.
Accounts
    ``ROLES``, ``create_account``, ``update_account``, ``hash_password``,
    ``verify_password``, ``new_token``, ``session_key``, ``audit``.
"""

from ._accounts import (
    MIN_PASSWORD, ROLES, Account, AccountOrganisation, AuditEntry, LoginAttempt, WebSession, audit,
    check_account, create_account, hash_password, new_token, session_key, update_account,
    verify_password,
)
from ._db import connect, upgrade
from ._export import export_frame
from ._history import check_integrity, list_batches, rollback_batch
from ._measures import AREA_DIMENSION, area_table, current_measures, heat_table, save_measures
from ._models import (
    Area, AreaVersion, Base, Dimension, ImportBatch, Indicator, IndicatorTargetArea, MeasureResult,
    MeasureRun, Observation, Period, Precondition, Programme, Strategy, Subgroup, TargetArea,
    utcnow,
)
from ._programme import (
    Activity, ActivityIndicator, ActivityOrganisation, ActivityStrategy, BackgroundReport,
    Commission, ContactPerson, FollowupCycle, FollowupRequest, Organisation, Plan,
    ProgrammeRevision, Recommendation, RecommendationActivity, RecommendationStrategy, StatusReport,
    StatusReportVersion,
)
from ._sites import (
    SCENARIO_MODELS, Scenario, Site, SiteKind, SitesResult, current_sites, list_scenarios,
    load_scenario, save_scenario, save_sites, site_history, site_kinds,
)
from ._write import BatchResult, write_batch
from ._voices import (
    VOICE_METHODS, VoiceAnswer, VoiceCode, VoiceCoding, VoiceCollection, VoiceErasure,
    VoiceQuestion, VoiceRespondent,
)
from ._commentary import (
    COMMENTARY_LIMIT, ReportCommentary, commentary_history, latest_commentary, save_commentary,
)
from ._uptake import (
    DECISIONS, Document, DocumentPassage, StoredMatch, UptakeDecision, UptakeMatch,
    confirmed_uptake, decision_history, match_programme, programme_ids,
    programme_recommendations, record_decision,
    save_document, save_matches, stored_matches, uptake_facets, year_passages,
)

__all__ = [
    # connecting, batches, export
    "BatchResult", "check_integrity", "connect", "export_frame", "list_batches", "rollback_batch",
    "upgrade", "write_batch",
    # models
    "Area", "AreaVersion", "Base", "Dimension", "ImportBatch", "Indicator", "IndicatorTargetArea",
    "MeasureResult", "MeasureRun", "Observation", "Period", "Precondition", "Programme", "Strategy",
    "Subgroup", "TargetArea", "utcnow",
    "Activity", "ActivityIndicator", "ActivityOrganisation", "ActivityStrategy", "BackgroundReport",
    "Commission", "ContactPerson", "FollowupCycle", "FollowupRequest", "Organisation", "Plan",
    "ProgrammeRevision", "Recommendation", "RecommendationActivity", "RecommendationStrategy",
    "StatusReport", "StatusReportVersion",
    # measures
    "AREA_DIMENSION", "area_table", "current_measures", "heat_table", "save_measures",
    # accounts
    "MIN_PASSWORD", "ROLES", "Account", "AccountOrganisation", "AuditEntry", "LoginAttempt",
    "WebSession", "audit", "check_account", "create_account", "hash_password", "new_token",
    "session_key", "update_account", "verify_password",
    # documents and recommendation uptake
    "DECISIONS", "Document", "DocumentPassage", "StoredMatch", "UptakeDecision", "UptakeMatch",
    "confirmed_uptake", "decision_history", "match_programme", "programme_ids",
    "programme_recommendations", "record_decision", "save_document", "save_matches",
    "stored_matches", "uptake_facets", "year_passages",
    # sites and scenarios
    "SCENARIO_MODELS", "Scenario", "Site", "SiteKind", "SitesResult", "current_sites",
    "list_scenarios", "load_scenario", "save_scenario", "save_sites", "site_history",
    "site_kinds",
    # residents' voices
    "VOICE_METHODS", "VoiceAnswer", "VoiceCode", "VoiceCoding", "VoiceCollection", "VoiceErasure",
    "VoiceQuestion", "VoiceRespondent",
    # analysts' commentary on the equality report
    "COMMENTARY_LIMIT", "ReportCommentary", "commentary_history", "latest_commentary",
    "save_commentary",
]
