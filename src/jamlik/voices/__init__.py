"""Residents' voices: surveys and dialogues collected, coded and counted beside the indicators.

Collections
    ``read_collection(path)`` reads and checks a collection file (purpose, method, dates,
    areas, who ran it, recruitment, questions with their columns, the codebook);
    ``define_collection(engine, spec)`` stores it (again: updated by code).
Answers
    ``import_answers(engine, path, collection=...)`` reads a CSV/Excel export, one
    respondent a row: areas matched (code, name, part of a name, postcode; shown in
    :class:`ImportedAnswers`), open answers masked (:func:`jamlik.text.mask_personal`),
    every row checked before one transaction writes them.
    ``export_answers(engine, collection, path)`` writes them back (masked, one row each);
    ``erase_collection(engine, collection, by=...)`` removes every trace and logs it
    (``erasure_preview`` says what it would remove, for a confirmation step).
Indicators
    ``closed_shares(people, min_count=5)`` (pure): shares by area, sex and age group with
    Wilson intervals (weighted: Kish's effective sample size), primary and secondary
    suppression and an audit that no withheld cell can be recovered by differencing;
    ``collection_indicators`` / ``write_indicators`` store them as one import batch.
Coding open answers
    ``open_answers``, ``code_answer`` / ``uncode_answer`` (per coder), ``suggest_codes``
    (Swedish text matching against the codebook, with evidence; never applied by itself),
    ``coding_agreement`` (Cohen's kappa for two coders, Fleiss' for more, per code).
Themes
    ``theme_shares`` — the share of open answers raising each theme, by area and group,
    with the same disclosure control as the indicators.
Quotes
    ``approve_quote`` (audited) after ``quote_check`` (masked, coded, its area's theme cell
    published; reasons in :data:`QUOTE_REASONS`); ``quotes`` — the approved quotes that may
    be shown now, checked again.
Shown together
    ``voices_by_target_area`` — per target area of a programme, the themes linked to it (the
    tables' own cells) and its quotes: for the programme and indicator pages, the annual
    summary and the equality report; ``area_themes`` — the same for one area's profile.
Matching areas
    :class:`AreaMatcher` (pure): code, name, unique part of a name, postcode.
"""

from ._areas import AreaMatch, AreaMatcher, normalise_name
from ._coding import (
    code_answer, codebook, coding_agreement, open_answers, suggest_codes, uncode_answer,
)
from ._erase import (
    FORMAT, collection_batches, erase_collection, erasure_preview, export_answers,
)
from ._import import (
    SEXES, ImportedAnswers, collection_areas, import_answers, load_collection, load_questions,
)
from ._indicators import NOT_RANDOM, collection_indicators, indicator_code, write_indicators
from ._shares import ALL_AREAS, DIMENSIONS, UNKNOWN, closed_shares
from ._quotes import QUOTE_REASONS, approve_quote, quote_check, quotes
from ._themes import theme_shares
from ._together import area_themes, voices_by_target_area
from ._spec import BACKGROUND, define_collection, read_collection

__all__ = [
    "AreaMatch", "AreaMatcher", "BACKGROUND", "FORMAT", "ImportedAnswers", "SEXES",
    "collection_areas", "collection_batches", "define_collection", "erase_collection",
    "export_answers", "import_answers", "load_collection", "load_questions", "normalise_name",
    "read_collection",
    "ALL_AREAS", "DIMENSIONS", "NOT_RANDOM", "UNKNOWN", "closed_shares", "collection_indicators",
    "indicator_code", "write_indicators",
    "code_answer", "codebook", "coding_agreement", "open_answers", "suggest_codes",
    "uncode_answer", "theme_shares", "area_themes",
    "QUOTE_REASONS", "approve_quote", "quote_check", "quotes", "voices_by_target_area",
    "erasure_preview",
]
