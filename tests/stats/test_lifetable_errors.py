"""Every ArgumentError of life_expectancy, with its exact message."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jamlik.errors import ArgumentError
from jamlik.stats._lifetable import life_expectancy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "life"


@pytest.fixture
def data() -> pd.DataFrame:
    frame = pd.read_csv(FIXTURES / "phe_example.csv")
    frame["area"] = "A"
    frame["sex"] = 1
    return frame


def raises(message: str):
    return pytest.raises(ArgumentError, match="^" + re.escape(message) + "$")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"age_structure": "x"}, "age_structure måste vara 'abridged' eller 'single', fick 'x'"),
        ({"open_band": 87}, "open_band måste vara en multipel av 5 som är minst 5 när "
                            "age_structure='abridged', fick 87"),
        ({"open_band": 90.0}, "open_band måste vara en multipel av 5 som är minst 5 när "
                              "age_structure='abridged', fick 90.0"),
        ({"open_band": 0}, "open_band måste vara en multipel av 5 som är minst 5 när "
                           "age_structure='abridged', fick 0"),
        ({"age_structure": "single", "open_band": 0},
         "open_band måste vara ett heltal ≥ 1 när age_structure='single', fick 0"),
        ({"age": "x"}, "age måste vara 'all', ett heltal eller en lista av heltal, fick 'x'"),
        ({"age": 4.5}, "age måste vara 'all', ett heltal eller en lista av heltal, fick 4.5"),
        ({"age": []}, "age måste vara 'all', ett heltal eller en lista av heltal, fick []"),
        ({"age": True}, "age måste vara 'all', ett heltal eller en lista av heltal, fick True"),
        ({"age": [4, 65, 7]},
         "age 4, 7 är inte början på en åldersgrupp (väntade 0, 1, 5, 10, …, 90)"),
        ({"age": 95}, "age 95 är inte början på en åldersgrupp (väntade 0, 1, 5, 10, …, 90)"),
        ({"confidence": 1.5}, "confidence måste vara ett tal mellan 0 och 1, fick 1.5"),
        ({"confidence": 0}, "confidence måste vara ett tal mellan 0 och 1, fick 0"),
        ({"confidence": "95"}, "confidence måste vara ett tal mellan 0 och 1, fick '95'"),
        ({"le_suppress": "yes"}, "le_suppress måste vara True eller False, fick 'yes'"),
        ({"by": "area"}, "samma kolumn används till två saker: 'area'"),
        ({"population": "pop", "deaths": "d"}, "saknade kolumner i data: 'pop', 'd'"),
        ({"by": ["period"]}, "saknade kolumner i data: 'period'"),
        ({"pool": "year"}, "saknade kolumner i data: 'year'"),
    ],
)
def test_bad_options(data, options, message):
    with raises(message):
        life_expectancy(data, **options)


def test_not_a_dataframe():
    with raises("data måste vara en pandas DataFrame, fick list"):
        life_expectancy([1, 2])


def test_no_rows(data):
    with raises("data har inga rader"):
        life_expectancy(data.iloc[:0])


def test_age_not_an_integer(data):
    data = data.astype({"age_from": float})
    data.loc[3, "age_from"] = 2.5
    with raises("age_from måste vara ett heltal ≥ 0, fick 2.5 (area='A', sex=1)"):
        life_expectancy(data)


def test_age_text(data):
    data = data.astype({"age_from": object})
    data.loc[3, "age_from"] = "tio"
    with raises("age_from måste vara ett heltal ≥ 0, fick 'tio' (area='A', sex=1)"):
        life_expectancy(data)


def test_ages_not_the_expected_bands(data):
    data.loc[3, "age_from"] = 3
    data.loc[4, "age_from"] = 95
    with raises("age_from har åldrar som inte är början på en åldersgrupp "
                "(väntade 0, 1, 5, 10, …, 90): 3, 95"):
        life_expectancy(data)


def test_85_data_with_default_open_band_is_missing_90(data):
    data = data[data["age_from"] < 90]
    with raises("åldrar saknas för area='A', sex=1: 90"):
        life_expectancy(data)


def test_missing_bands_named_per_group(data):
    # PHEindicatormethods' "Missing age band" case (df_missing_age): PHE returns NA,
    # jamlik names the group and the missing ages.
    both = pd.concat([data, data.assign(area="B").iloc[:-2]])
    with raises("åldrar saknas för area='B', sex=1: 85, 90"):
        life_expectancy(both)


def test_single_year_data_with_abridged_default():
    # 91 single ages of which 20 are band starts: 71 unknown.
    frame = pd.DataFrame({"age_from": range(0, 91), "population": 1000, "deaths": 5})
    with raises("age_from har åldrar som inte är början på en åldersgrupp "
                "(väntade 0, 1, 5, 10, …, 90): 2, 3, 4, 6, 7, 8, 9, 11, … (71 st)"):
        life_expectancy(frame, area=None, sex=None)


def test_negative_population(data):
    data = data.astype({"population": float})
    data.loc[3, "population"] = -1
    with raises("population måste vara ett tal ≥ 0, fick -1.0 (area='A', sex=1, ålder 10)"):
        life_expectancy(data)


def test_missing_population(data):
    data = data.astype({"population": float})
    data.loc[3, "population"] = np.nan
    with raises("population måste vara ett tal ≥ 0, fick nan (area='A', sex=1, ålder 10)"):
        life_expectancy(data)


def test_deaths_not_integer(data):
    data = data.astype({"deaths": float})
    data.loc[3, "deaths"] = 2.5
    with raises("deaths måste vara ett heltal ≥ 0, fick 2.5 (area='A', sex=1, ålder 10)"):
        life_expectancy(data)


def test_negative_deaths(data):
    # PHEindicatormethods df_neg_deaths (deaths -5 at age 10): PHE returns NA.
    data.loc[3, "deaths"] = -5
    with raises("deaths måste vara ett heltal ≥ 0, fick -5 (area='A', sex=1, ålder 10)"):
        life_expectancy(data)


def test_more_deaths_than_population(data):
    # PHEindicatormethods df_deaths_greater_pops (population 119 at 85): PHE returns NA.
    data.loc[18, "population"] = 119
    with raises("fler dödsfall än befolkning (1936 > 119) för area='A', sex=1, ålder 85"):
        life_expectancy(data)


def test_duplicate_rows_without_pool(data):
    with raises("flera rader för samma åldersgrupp för area='A', sex=1: ålder 20 "
                "(ange pool= för att slå ihop flera perioder)"):
        life_expectancy(pd.concat([data, data.iloc[[5]]]))


def test_duplicate_rows_within_a_pooled_period(data):
    stacked = pd.concat(
        [data.assign(year=2020), data.assign(year=2021), data.assign(year=2021).iloc[[5]]]
    )
    with raises("flera rader för samma åldersgrupp för area='A', sex=1, year=2021: ålder 20"):
        life_expectancy(stacked, pool="year")


def test_missing_band_in_one_pooled_period(data):
    stacked = pd.concat([data.assign(year=2020), data.assign(year=2021).iloc[1:]])
    with raises("åldrar saknas för area='A', sex=1, year=2021: 0"):
        life_expectancy(stacked, pool="year")
