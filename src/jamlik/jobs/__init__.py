"""Use cases, each written once and called alike by the CLI, the web app and the Python API.

A job composes the layers below it: parsers (:mod:`jamlik.ingest`) read and check,
the store (:mod:`jamlik.store`) persists, the statistics (:mod:`jamlik.stats`)
compute. The CLI and the web app stay thin: they parse their input, call a job
and render its result.

``import_file(path, engine=...)``
    detect, parse, check and write one file as one batch.
``import_file_in_subprocess(path, engine=...)``
    the same in a child process, watched for time and memory (the web's uploads).
``compute_measures(engine, ...)`` / ``gap_trends(engine, ...)``
    WHO HEAT summary measures of stored indicators, saved as a run; is each gap closing.
``fetch_scb(table, engine=...)`` / ``fetch_kolada(engine=..., kpis=...)``
    fetch a table from an API, politely and resumably, and import it as one batch.
``run_register(definitions, persons, engine="duckdb", ...)``
    indicators from register microdata on DuckDB or Spark, to a file or the store.
``area_gaps(engine, ...)``
    gaps between a city's districts ranked by an area index (SII, RII, fifths),
    saved by ``compute_measures`` with the ranking, method and unit.
``reason_templates()``
    every reason stored with a value that is not published, for other languages.
``compute_life_expectancy(engine, ...)``
    life expectancy per area from imported deaths and population by age (life
    table, PHE rules), saved with its open age band.
``location_result`` / ``access_table`` / ``allocation_table`` (with ``points_table``)
    where new sites do most good, access per area, a budget shared by need, on
    checked tables (:mod:`jamlik.place`).
``import_sites`` / ``export_sites`` / ``store_access``
    sites of a kind in the store (checked, one batch, versioned); access to them
    for a municipality's stored population (``stored_demand``, spread over points
    inside each area), written as indicators with their method.
``placement_scenario`` / ``allocation_scenario`` / ``save_scenario``
    where new sites do most good and a budget shared by need, on the store; saved.
``write_export(frame, path, format=...)``
    write observations as tidy CSV, Excel or a Frictionless data package.
``publishable(frame)``
    observations as they may be shown or downloaded: the city's small-number rule
    applied (web pages, API, downloads and exports all pass through it).
``uptake_matcher``, ``match_file``, ``evaluate_labels``
    recommendation uptake: match passages of the boards' annual reports to the
    programme's strategies and recommendations, and measure how often it is right.
``import_documents``, ``run_uptake``, ``review_match``
    store annual reports, match a year's passages, and confirm, reject or
    re-assign a proposal (analysts and coordinators only; the history is kept).
"""

from jamlik.lazy import lazy_names

# Each name is loaded with its module on first use: a use case imports only what it
# needs (an import run in its own process does not load scipy, the uptake matcher's
# stemmer or the HTTP client; 50-75 MB of its memory).
_MODULES = {
    "._area_gaps": ("area_gaps", "reason_templates"),
    "._export": ("EXPORT_FORMATS", "publishable", "write_export"),
    "._fetch": ("FetchResult", "fetch_kolada", "fetch_scb"),
    "._import": ("import_file",),
    "._import_child": ("import_file_in_subprocess",),
    "._life_expectancy": ("compute_life_expectancy",),
    "._measure": ("compute_measures", "gap_trends"),
    "._place": (
        "LOCATION_MODELS", "access_table", "allocation_table", "location_result", "points_table",
    ),
    "._scenarios": (
        "NEED_INDICATORS", "allocation_scenario", "placement_scenario", "save_scenario",
    ),
    "._sites": (
        "DEMAND_INDICATOR", "access_indicators", "area_points", "export_sites", "import_sites",
        "store_access", "stored_demand",
    ),
    "._register": ("RegisterResult", "run_register"),
    "._uptake": (
        "BUNDLED_PROGRAMME", "DOCUMENT_KINDS", "DocumentImport", "REVIEW_ROLES",
        "ReviewNotAllowed", "UptakeMatches", "evaluate_labels", "import_documents", "match_file",
        "read_labels", "read_passages", "review_match", "run_uptake", "split_of",
        "uptake_matcher",
    ),
}
_LAZY = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "EXPORT_FORMATS", "FetchResult", "LOCATION_MODELS", "access_table", "allocation_table",
    "location_result", "points_table", "RegisterResult", "area_gaps", "compute_life_expectancy",
    "compute_measures", "fetch_kolada", "fetch_scb", "gap_trends", "import_file",
    "import_file_in_subprocess", "run_register",
    "write_export", "publishable",
    "BUNDLED_PROGRAMME", "DOCUMENT_KINDS", "DocumentImport", "REVIEW_ROLES", "ReviewNotAllowed",
    "UptakeMatches", "evaluate_labels", "import_documents", "match_file", "read_labels",
    "read_passages", "review_match", "run_uptake", "split_of", "uptake_matcher",
    "DEMAND_INDICATOR", "NEED_INDICATORS", "access_indicators", "allocation_scenario",
    "area_points", "export_sites", "import_sites", "placement_scenario", "save_scenario",
    "store_access", "stored_demand",
    "reason_templates",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
