"""Indicators in the annual summary: the newest run's values and an independent trend."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "program"))
from followup_world import add_measures, build_world  # noqa: E402

from jamlik.reports._indicators import indicator_lines, setting_areas  # noqa: E402
from jamlik.store._models import Area, AreaVersion  # noqa: E402

YEARS = [2020, 2021, 2022, 2023, 2024]
D_VALUES = [10.0, 9.0, 8.5, 7.0, 6.5]
D_SE = [0.5, 0.5, 0.4, 0.5, 0.5]


def wls_slope(t, y, se):
    """Independent reference: numpy's weighted polyfit (weights 1/se on the residuals,
    i.e. 1/se² in the sum of squares) and its unscaled covariance (known variances)."""
    coefficients, covariance = np.polyfit(t, y, 1, w=1 / np.asarray(se), cov="unscaled")
    return coefficients[0], np.sqrt(covariance[0, 0])


@pytest.fixture
def world(store):
    ids = build_world(store)
    indicator = ids["indicators"]["behorighet"]
    # an older run with other values must be ignored: only the newest run of a key counts
    add_measures(store, indicator, [("2024", 2024, 2024, "kon", "D", 99.0, 0.5)])
    add_measures(store, indicator, [
        *((str(y), y, y, "kon", "D", v, s) for y, v, s in zip(YEARS, D_VALUES, D_SE)),
        # rolling five-year spans overlap: only 2020–2024 and 2015–2019 are independent
        ("2015-2019", 2015, 2019, "omrade", "D", 9.5, 0.3),
        ("2016-2020", 2016, 2020, "omrade", "D", 9.0, 0.3),
        ("2019-2023", 2019, 2023, "omrade", "D", 8.0, 0.3),
        ("2020-2024", 2020, 2024, "omrade", "D", 7.6, 0.3),
        ("2024", 2024, 2024, "kon", "R", 1.2, 0.05),
    ])
    return store, ids


def test_latest_gap_and_weighted_trend(world):
    store, ids = world
    indicator = ids["indicators"]["behorighet"]
    with store.connect() as conn:
        lines = indicator_lines(conn, [indicator, ids["indicators"]["sysselsattning"]],
                                area_ids=None, measures=("D", "R"))
    assert ids["indicators"]["sysselsattning"] not in lines  # no data: nothing invented
    by_key = {(line["dimension"], line["measure"]): line for line in lines[indicator]}
    sex = by_key[("kon", "D")]
    assert (sex["period"], sex["value"], sex["area_name"]) == ("2024", 6.5, "Testkommun")
    assert sex["lower"] == pytest.approx(6.5 - 1.96 * 0.5)
    slope, slope_se = wls_slope(YEARS, D_VALUES, D_SE)
    assert sex["slope"] == pytest.approx(slope, rel=1e-9)
    assert sex["slope_upper"] == pytest.approx(slope + 1.959964 * slope_se, rel=1e-6)
    assert sex["slope_upper"] < 0 and sex["verdict"] == "closing"  # D falls toward 0
    assert sex["n_periods"] == 5
    spans = by_key[("omrade", "D")]
    assert (spans["period"], spans["n_periods"]) == ("2020-2024", 2)
    # two independent spans: the slope is their difference over the 5 years between midpoints
    assert spans["slope"] == pytest.approx((7.6 - 9.5) / 5)
    ratio = by_key[("kon", "R")]
    assert ratio["verdict"] is None
    assert ratio["reason"] == "färre än två icke-överlappande perioder med värde och standardfel"
    assert [line["measure"] for line in lines[indicator]] == ["D", "R", "D"]


def test_only_the_requested_measures_and_areas(world):
    store, ids = world
    indicator = ids["indicators"]["behorighet"]
    with store.connect() as conn:
        only_r = indicator_lines(conn, [indicator], area_ids=None, measures=("R",))
        assert [line["measure"] for line in only_r[indicator]] == ["R"]
        elsewhere = indicator_lines(conn, [indicator], area_ids=[-1], measures=("D", "R"))
        assert elsewhere == {}


def test_the_setting_is_the_municipality_the_programme_is_named_after(world):
    store, _ = world
    with store.begin() as conn:
        version = conn.execute(AreaVersion.__table__.select().where(
            AreaVersion.code == "Kommun_test")).first().id
        conn.execute(Area.__table__.insert().values(version_id=version, code="8888",
                                                    name="Ale", attributes={}))
        test_id = conn.execute(Area.__table__.select().where(Area.code == "9999")).first().id
        ale = conn.execute(Area.__table__.select().where(Area.code == "8888")).first().id
        assert setting_areas(conn, "Testkommuns program för en jämlik stad", None, None) == \
            [test_id]
        # a whole word: "Ale" is not found in "alla"
        assert setting_areas(conn, "Program för alla", "Kommunstyrelsen", None) is None
        assert setting_areas(conn, "Program", None, "8888") == [ale]
