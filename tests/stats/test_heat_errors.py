"""Exact messages of every argument and input check of summary_measures."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from test_heat_helpers import heat_table, ordered5

from jamlik.errors import ArgumentError, InputError
from jamlik.stats._heat import LARGE_GROUP_MEASURES, MEASURES, summary_measures


def _raises(error, message, *args, **kwargs):
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        summary_measures(*args, **kwargs)


def test_measures_tuple():
    assert len(MEASURES) == 21
    assert set(MEASURES) == {
        "D", "R", "ACI", "RCI", "SII", "RII", "BGV", "BGSD", "COV", "MDMU", "MDMW", "MDBU",
        "MDBW", "MDRU", "MDRW", "IDISU", "IDISW", "TI", "MLD", "PAF", "PAR",
    }  # fmt: skip


def test_unknown_measure():
    _raises(
        ArgumentError,
        "okänt mått: 'GINI', 'x' (giltiga mått: "
        + ", ".join((*MEASURES, *LARGE_GROUP_MEASURES)) + ")",
        ordered5(),
        measures=["D", "GINI", "x"],
    )


def test_measures_case_insensitive_and_in_canonical_order():
    result = summary_measures(ordered5(), measures=["sii", "d"])
    assert result["measure"].tolist() == ["D", "SII"]


def test_measures_empty():
    _raises(ArgumentError, "measures får inte vara tom", ordered5(), measures=[])


@pytest.mark.parametrize("measures", [3, ["D", 3]])
def test_measures_not_codes(measures):
    _raises(
        ArgumentError,
        "measures måste vara en lista med måttkoder, t.ex. ['D', 'SII']",
        ordered5(),
        measures=measures,
    )


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.1, "0.95", True, None])
def test_confidence_outside(confidence):
    _raises(
        ArgumentError,
        f"confidence måste vara ett tal mellan 0 och 1 (t.ex. 0.95), fick {confidence!r}",
        ordered5(),
        confidence=confidence,
    )


@pytest.mark.parametrize("compat", ["HEAT", "healthequal", 1])
def test_unknown_compat(compat):
    _raises(
        ArgumentError,
        f"compat måste vara None, 'jamlik' eller 'heat', fick {compat!r}",
        ordered5(),
        compat=compat,
    )


@pytest.mark.parametrize("reps", [9, 0, 100.0, "100", True])
def test_bad_reps(reps):
    _raises(ArgumentError, f"reps måste vara ett heltal ≥ 10, fick {reps!r}", ordered5(), reps=reps)


@pytest.mark.parametrize("rng", [-1, 1.5, "seed", np.random.RandomState(1)])
def test_bad_rng(rng):
    _raises(
        ArgumentError,
        f"rng måste vara en numpy.random.Generator, ett heltal ≥ 0 (frö) eller None, fick {rng!r}",
        ordered5(),
        rng=rng,
    )


def test_not_a_frame():
    _raises(ArgumentError, "df måste vara en pandas.DataFrame, fick list", [{"estimate": 1}])


def test_missing_columns_named():
    frame = ordered5().drop(columns=["estimate", "subgroup_order", "setting"])
    _raises(ArgumentError, "df saknar kolumner: 'setting', 'estimate', 'subgroup_order'", frame)


def test_optional_columns_may_be_absent():
    frame = ordered5().drop(columns=["se", "reference_subgroup", "indicator_name"])
    result = summary_measures(frame, measures=["D"])
    assert result["value"].iloc[0] == 40
    assert result["reason"].iloc[0] == (
        "saknar standardfel för någon undergrupp; inget konfidensintervall"
    )


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("estimate", "abc", "rad 4, kolumn 'estimate': väntade ett tal, fick 'abc'"),
        ("se", -1.0, "rad 4, kolumn 'se': väntade ett tal ≥ 0, fick -1"),
        ("population", -5, "rad 4, kolumn 'population': väntade ett tal ≥ 0, fick -5"),
        (
            "favourable_indicator",
            2,
            "rad 4, kolumn 'favourable_indicator': väntade 0 eller 1, fick 2",
        ),
        (
            "ordered_dimension",
            np.nan,
            "rad 4, kolumn 'ordered_dimension': väntade 0 eller 1, fick ett tomt värde",
        ),
        ("indicator_scale", 0, "rad 4, kolumn 'indicator_scale': väntade ett tal > 0, fick 0"),
        (
            "reference_subgroup",
            0.5,
            "rad 4, kolumn 'reference_subgroup': väntade 0 eller 1, fick 0.5",
        ),
        (
            "subgroup_order",
            np.nan,
            (
                "rad 4, kolumn 'subgroup_order': väntade ett tal "
                "(ordnad dimension kräver subgroup_order), fick ett tomt värde"
            ),
        ),
        ("setting", "  ", "rad 4, kolumn 'setting': värde saknas"),
        ("subgroup", None, "rad 4, kolumn 'subgroup': värde saknas"),
    ],
)
def test_bad_cell(column, value, message):
    frame = ordered5()
    frame[column] = frame[column].astype(object)
    frame.loc[2, column] = value  # third data row = spreadsheet row 4
    _raises(InputError, message, frame)


def test_inconsistent_favourable_within_stratum():
    frame = ordered5()
    frame.loc[3, "favourable_indicator"] = 0
    _raises(
        InputError,
        "rad 5, kolumn 'favourable_indicator': favourable_indicator måste "
        "vara samma för alla undergrupper i en mätning",
        frame,
    )


def test_inconsistent_setting_average():
    frame = ordered5(setting_average=50.0)
    frame.loc[4, "setting_average"] = 51.0
    _raises(
        InputError,
        "rad 6, kolumn 'setting_average': setting_average måste vara samma "
        "för alla undergrupper i en mätning",
        frame,
    )


def test_duplicate_subgroup():
    frame = ordered5()
    frame.loc[4, "subgroup"] = frame.loc[1, "subgroup"]
    frame.loc[4, "subgroup_order"] = 2
    _raises(
        InputError,
        "rad 6, kolumn 'subgroup': undergruppen förekommer flera gånger i samma mätning",
        frame,
    )


def test_se_from_confidence_limits():
    # An empty se is (ci_ub − ci_lb) / (2 · 1.959964), as in the HEAT Plus template.
    frame = heat_table({"estimate": [50.0, 60.0], "ci_lb": [46.0, 58.0], "ci_ub": [54.0, 62.0]})
    result = summary_measures(frame, measures=["D"])
    z = 1.959963984540054
    assert result["se"].iloc[0] == pytest.approx(np.hypot(8 / (2 * z), 4 / (2 * z)), rel=1e-12)


def test_empty_frame():
    result = summary_measures(ordered5().iloc[:0])
    assert result.empty
    assert list(result.columns[:5]) == ["setting", "date", "source", "indicator_abbr", "dimension"]


def test_result_columns():
    result = summary_measures(ordered5(), measures=["D"])
    assert list(result.columns) == [
        "setting",
        "date",
        "source",
        "indicator_abbr",
        "dimension",
        "measure",
        "value",
        "se",
        "lower",
        "upper",
        "confidence",
        "method",
        "reason",
    ]
    assert isinstance(result, pd.DataFrame)


def test_by_splits_strata():
    women, men = ordered5(), ordered5()
    men["estimate"] = men["estimate"] + 10
    frame = pd.concat([women.assign(kön="K"), men.assign(kön="M")], ignore_index=True)
    _raises(
        InputError,
        "rad 7, kolumn 'subgroup': undergruppen förekommer flera gånger i samma mätning",
        frame,
    )
    result = summary_measures(frame, measures=["D"], by=["kön"])
    assert list(result.columns[:6]) == [
        "setting",
        "date",
        "source",
        "indicator_abbr",
        "dimension",
        "kön",
    ]
    assert result["kön"].tolist() == ["K", "M"]
    assert result["value"].tolist() == [40.0, 40.0]


@pytest.mark.parametrize(
    ("by", "message"),
    [
        (["kön", 3], "by måste vara en lista med kolumnnamn, t.ex. ['kön']"),
        (["subgroup"], "by får inte innehålla mallens kolumner: 'subgroup'"),
        (["kön", "ålder"], "by: df saknar kolumner: 'ålder'"),
    ],
)
def test_bad_by(by, message):
    _raises(ArgumentError, message, ordered5().assign(kön="K"), by=by)
