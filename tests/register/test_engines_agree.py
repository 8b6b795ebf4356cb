"""The same definitions give the same indicators on DuckDB and on Spark (local[2])."""

import numpy as np
import pandas as pd
import pytest

from jamlik.register import (
    DEFAULT_DEFINITIONS, compute_indicators, load_definitions, open_persons, parse_definitions,
    synthesize_persons,
)

from .test_register_compute import DEFINITIONS

pytestmark = pytest.mark.xdist_group("spark")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("jamlik-tests")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
               .getOrCreate())
    yield session
    session.stop()


@pytest.fixture(scope="module")
def persons(tmp_path_factory):
    path = tmp_path_factory.mktemp("engines") / "persons.parquet"
    synthesize_persons(path, persons=6000, years=range(2020, 2023), seed=11)
    return path


# Every definitions set of the test suite: the shipped one and the hand-made one.
@pytest.mark.parametrize("definitions", [
    pytest.param(lambda: load_definitions(DEFAULT_DEFINITIONS), id="shipped"),
    pytest.param(lambda: parse_definitions(DEFINITIONS), id="hand-made"),
])
def test_duckdb_and_spark_agree_exactly_on_counts_and_to_1e12_on_means(persons, spark,
                                                                       definitions):
    path = persons
    definitions = definitions()
    duck = compute_indicators(open_persons(path, engine="duckdb"), definitions)
    sparked = compute_indicators(open_persons(path, engine="spark", spark_session=spark),
                                 definitions)
    key = ["indicator", "area_level", "area_code", "period", "dimension", "subgroup"]
    assert len(duck) == len(sparked) > 100
    left, right = duck.set_index(key).sort_index(), sparked.set_index(key).sort_index()
    assert left.index.equals(right.index)
    pd.testing.assert_series_equal(left["suppressed"], right["suppressed"])
    pd.testing.assert_series_equal(left["suppression_reason"], right["suppression_reason"])
    for column in ("numerator", "denominator", "population"):
        np.testing.assert_array_equal(left[column].to_numpy(), right[column].to_numpy())
    for column in ("value", "se"):
        np.testing.assert_allclose(left[column].to_numpy(), right[column].to_numpy(),
                                   rtol=1e-12, atol=0, equal_nan=True)
    assert (~left["suppressed"]).sum() > 100
