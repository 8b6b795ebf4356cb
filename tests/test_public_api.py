"""The public API is what we mean it to be: names added or removed here on purpose."""

import jamlik
import jamlik.demo
import jamlik.ingest
import jamlik.jobs
import jamlik.program
import jamlik.program.catalogue
import jamlik.reports
import jamlik.schema
import jamlik.stats
import jamlik.store
import jamlik.web


def test_top_level_api():
    assert sorted(jamlik.__all__) == sorted([
        "ArgumentError", "ConfigError", "ConflictError", "ConnectorError", "InputError",
        "JamlikError", "MetadataConflictError", "NotFoundError", "Settings", "StoreError",
        "UnknownFormatError", "__version__", "compute_measures", "connect", "export_frame",
        "get_settings", "import_file", "list_batches", "parse_file", "rollback_batch",
        "write_export",
    ])


def test_stats_api():
    assert sorted(jamlik.stats.__all__) == sorted([
        "AREA_GAP_MEASURES", "area_gap", "area_index", "interval_policy", "small_numbers",
        "reason_templates",
        "VERDICT_WORDS", "area_gap_trend", "gap_verdict", "funnel_flags", "measure_unit",
        "ESP2013", "LARGE_GROUP_MEASURES", "MEASURES", "RESULT_COLUMNS", "dsr", "funnel_limits", "gap_trend", "isr",
        "iter_summary_measures", "life_expectancy", "proportion_ci", "rate_ci", "result_frame",
        "sii", "summary_measures",
        "DEFAULT_REPS", "NOT_APPLICABLE", "check_confidence", "expected_ages", "non_overlapping",
        "requested_ages",
        "PRIMARY", "SECONDARY", "primary_suppression", "recoverable_cells",
        "secondary_suppression",
        "SMALL_DENOMINATOR", "SMALL_NUMERATOR", "apply_small_numbers", "small_counts",
        "compare_with_benchmark", "se_from_interval", "z_value",
        "arriaga_contributions", "cause_contributions", "decompose_life_expectancy_gap",
        "cohen_kappa", "fleiss_kappa",
    ])
    assert len(jamlik.stats.MEASURES) == 21


def test_store_api():
    assert sorted(jamlik.store.__all__) == sorted([
        "BatchResult", "check_integrity", "connect", "export_frame", "list_batches", "rollback_batch", "upgrade",
        "write_batch",
        # models
        "Area", "AreaVersion", "Base", "Dimension", "ImportBatch", "Indicator", "IndicatorTargetArea",
        "MeasureResult", "MeasureRun", "Observation", "Period", "Precondition", "Programme",
        "Strategy", "Subgroup", "TargetArea", "utcnow",
        "Activity", "ActivityIndicator", "ActivityOrganisation", "ActivityStrategy",
        "BackgroundReport", "Commission", "ContactPerson", "FollowupCycle", "FollowupRequest",
        "Organisation", "Plan", "ProgrammeRevision", "Recommendation", "RecommendationActivity",
        "RecommendationStrategy", "StatusReport", "StatusReportVersion",
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
        "VOICE_METHODS", "VoiceAnswer", "VoiceCode", "VoiceCoding", "VoiceCollection",
        "VoiceErasure", "VoiceQuestion", "VoiceRespondent",
        "COMMENTARY_LIMIT", "ReportCommentary", "commentary_history", "latest_commentary",
        "save_commentary",
    ])


def test_schema_api():
    assert sorted(jamlik.schema.__all__) == sorted([
        "AREA_SHAPES", "AreaShape", "COLUMNS", "Column", "KEY", "KINDS", "POLARITIES", "TOTAL",
        "area_shape", "area_version_hint", "default_area_version", "parse_period",
    ])


def test_ingest_api():
    assert sorted(jamlik.ingest.__all__) == sorted([
        "COLUMNS", "FORMATS", "Format", "KEY", "Parsed", "TEMPLATE_COLUMNS", "TOTAL",
        "HEAT_ALIASES", "check_heat_columns", "check_subgroups",
        "XLSX_LIMITS", "XlsxBook", "XlsxLimits", "open_xlsx", "plain_area_name",
        "check_frame", "coerce_strings", "complete_frame", "decode_text", "default_area_version",
        "detect_format", "excel_rows", "location", "parse_file",
        "parse_number", "parse_numbers", "parse_period", "read_datapackage", "read_delimited",
        "read_heat_template", "read_kolada", "read_px",
        "read_pxweb", "read_tidy_csv", "read_tidy_excel", "write_heat_template",
    ])
    # the long format is declared once, in the schema
    assert jamlik.ingest.COLUMNS is jamlik.schema.COLUMNS
    assert jamlik.ingest.parse_period is jamlik.schema.parse_period


def test_place_api():
    import jamlik.place

    assert sorted(jamlik.place.__all__) == sorted([
        "DECAYS", "Network", "POPULATED_SHARE", "Pairs", "Placement", "SPREAD_METHOD", "SWEREF99TM",
        "StraightLine", "WGS84", "box_extent", "centroid", "extent", "populated_extent", "size",
        "access_by_area", "allocate", "check_coordinates", "coverage_by_district",
        "decay_function", "distance_matrix", "distance_pairs", "largest_remainder",
        "maximal_covering",
        "nearest_distance", "need_index", "p_median", "read_network", "set_covering",
        "spread_points", "two_step_fca",
    ])
    for name in jamlik.place.__all__:
        assert hasattr(jamlik.place, name)


def test_jobs_api():
    assert sorted(jamlik.jobs.__all__) == sorted([
        "EXPORT_FORMATS", "FetchResult", "RegisterResult", "area_gaps", "compute_life_expectancy",
        "compute_measures", "fetch_kolada", "fetch_scb", "gap_trends", "import_file",
        "import_file_in_subprocess",
        "run_register", "write_export", "publishable",
        "LOCATION_MODELS", "access_table", "allocation_table", "location_result", "points_table",
        "BUNDLED_PROGRAMME", "DOCUMENT_KINDS", "REVIEW_ROLES", "DocumentImport",
        "ReviewNotAllowed", "UptakeMatches", "evaluate_labels", "import_documents", "match_file",
        "read_labels", "read_passages", "review_match", "run_uptake", "split_of",
        "uptake_matcher",
        "DEMAND_INDICATOR", "NEED_INDICATORS", "access_indicators", "allocation_scenario",
        "area_points", "export_sites", "import_sites", "placement_scenario", "save_scenario",
        "store_access", "stored_demand", "reason_templates",
    ])
    assert jamlik.import_file is jamlik.jobs.import_file
    assert jamlik.compute_measures is jamlik.jobs.compute_measures
    assert jamlik.write_export is jamlik.jobs.write_export


def test_program_reports_web_demo_api():
    assert {"REPORTED", "atomic_path", "catalogue", "current_snapshot", "cycle_from_row",
            "cycle_row", "latest_versions", "only_programme", "organisations_under",
            "write_bytes_atomic",
            "open_cycle", "close_cycle", "save_status_report"} <= set(jamlik.program.__all__)
    assert sorted(jamlik.program.catalogue.__all__) == sorted([
        "LANGUAGES", "TEXT", "VOCABULARY", "check_lang", "codes", "label", "text"])
    assert sorted(jamlik.reports.__all__) == sorted([
        "CSP", "FORMATS", "AnnualData", "Finding", "annual_report", "appendix_path", "collect",
        "equality_report", "equality_sections", "gap_finding", "render_annual", "watermark"])
    assert sorted(jamlik.web.__all__) == sorted(["create_app", "ensure_bundle"])
    assert sorted(jamlik.demo.__all__) == sorted(["DEMO_SEED", "build_demo", "write_example_reports"])


def test_text_api():
    import jamlik.text

    assert sorted(jamlik.text.__all__) == sorted([
        "EVIDENCE_KINDS", "FORMATS", "RANKERS", "STOP_WORDS", "Document", "Evaluation",
        "Evidence", "Labelled", "Match", "Matcher", "Metrics", "Passage", "Target", "Weights",
        "char_ngrams", "evaluate", "file_hash", "programme_targets", "read_document", "term",
        "terms", "MASKS", "Masked", "mask_personal",
    ])
    for name in jamlik.text.__all__:
        assert hasattr(jamlik.text, name)


def test_voices_api():
    import jamlik.voices

    assert sorted(jamlik.voices.__all__) == sorted([
        "AreaMatch", "AreaMatcher", "BACKGROUND", "FORMAT", "ImportedAnswers", "SEXES",
        "collection_areas", "collection_batches", "define_collection", "erase_collection",
        "export_answers", "import_answers", "load_collection", "load_questions",
        "normalise_name", "read_collection",
        "ALL_AREAS", "DIMENSIONS", "NOT_RANDOM", "UNKNOWN", "closed_shares",
        "collection_indicators", "indicator_code", "write_indicators",
        "code_answer", "codebook", "coding_agreement", "open_answers", "suggest_codes",
        "uncode_answer", "theme_shares", "area_themes",
        "QUOTE_REASONS", "approve_quote", "quote_check", "quotes", "voices_by_target_area",
        "erasure_preview",
    ])
    for name in jamlik.voices.__all__:
        assert hasattr(jamlik.voices, name)


def test_every_exported_name_exists():
    for module in (jamlik, jamlik.demo, jamlik.ingest, jamlik.jobs, jamlik.program,
                   jamlik.program.catalogue, jamlik.reports, jamlik.schema, jamlik.stats,
                   jamlik.store, jamlik.web):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_errors_form_one_hierarchy():
    for name in ("ArgumentError", "ConfigError", "ConflictError", "ConnectorError", "InputError",
                 "MetadataConflictError", "NotFoundError", "StoreError", "UnknownFormatError"):
        assert issubclass(getattr(jamlik, name), jamlik.JamlikError)
    assert issubclass(jamlik.ArgumentError, ValueError)


def test_connectors_api():
    import jamlik.connectors

    assert sorted(jamlik.connectors.__all__) == sorted([
        "KoladaQuery", "PoliteClient", "PxLimits", "PxTable", "RateLimit", "ResponseCache",
        "cache_key", "fetch_kolada_pages", "fetch_pxweb_parts", "kolada_urls",
        "kpi_publication_dates", "parse_selection", "pxweb_limits", "pxweb_table", "retry_after",
        "split_selection",
    ])


def test_register_api():
    import jamlik.register

    assert sorted(jamlik.register.__all__) == sorted([
        "BIRTH_REGIONS", "DEFAULT_DEFINITIONS", "Definitions", "ENGINES", "IndicatorDefinition",
        "aggregate_cells", "compute_indicators", "load_definitions", "open_persons",
        "parse_definitions", "synthesize_persons",
    ])


def test_heat_api():
    import jamlik.heat

    assert sorted(jamlik.heat.__all__) == ["LABELS", "TEMPLATE_COLUMNS", "heat_rows"]
    # the HEAT Plus template's columns are declared once
    assert jamlik.ingest.TEMPLATE_COLUMNS is jamlik.heat.TEMPLATE_COLUMNS
