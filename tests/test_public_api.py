"""The public API is what we mean it to be: names added or removed here on purpose."""

import jamlik
import jamlik.ingest
import jamlik.stats
import jamlik.store


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
        "ESP2013", "LARGE_GROUP_MEASURES", "MEASURES", "RESULT_COLUMNS", "dsr", "funnel_limits", "gap_trend", "isr",
        "life_expectancy", "proportion_ci", "rate_ci", "result_frame", "sii",
        "summary_measures",
    ])
    assert len(jamlik.stats.MEASURES) == 21


def test_store_api():
    assert sorted(jamlik.store.__all__) == sorted([
        "BatchResult", "check_integrity", "connect", "export_frame", "list_batches", "rollback_batch", "upgrade",
        "write_batch",
    ])


def test_every_exported_name_exists():
    for module in (jamlik, jamlik.ingest, jamlik.stats, jamlik.store):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_errors_form_one_hierarchy():
    for name in ("ArgumentError", "ConfigError", "ConflictError", "ConnectorError", "InputError",
                 "MetadataConflictError", "NotFoundError", "StoreError", "UnknownFormatError"):
        assert issubclass(getattr(jamlik, name), jamlik.JamlikError)
    assert issubclass(jamlik.ArgumentError, ValueError)
