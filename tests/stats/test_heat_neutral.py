"""A neutral indicator (favourable_indicator 'neutral', jamlik's extension): the
direction-dependent measures are not applicable, with the reason; the others are the
same as for a favourable indicator."""

import numpy as np
import pandas as pd
import pytest

from jamlik.errors import InputError
from jamlik.stats import summary_measures

REASON = "gäller inte en neutral indikator: måttet beror på vilken riktning som är bättre"


def _table(favourable, ordered=0, reference=None):
    df = pd.DataFrame({
        "setting": "Göteborg", "date": 2023, "source": "x", "indicator_abbr": "i",
        "dimension": "d", "subgroup": list("abcd"), "estimate": [20.0, 30.0, 25.0, 40.0],
        "se": [1.0, 1.5, 1.2, 2.0], "population": [100, 200, 150, 50],
        "favourable_indicator": favourable, "indicator_scale": 100,
        "ordered_dimension": ordered, "subgroup_order": [1, 2, 3, 4]})
    if reference is not None:
        df["reference_subgroup"] = [1, 0, 0, 0]
    return df


@pytest.mark.parametrize("ordered", [0, 1])
def test_direction_dependent_measures_are_not_applicable(ordered):
    neutral = summary_measures(_table("neutral", ordered), rng=1).set_index("measure")
    favourable = summary_measures(_table(1, ordered), rng=1).set_index("measure")
    for measure in ("MDBU", "MDBW", "PAF", "PAR"):
        if measure in neutral.index and favourable.loc[measure, "reason"] is None:
            assert np.isnan(neutral.loc[measure, "value"])
            assert neutral.loc[measure, "reason"] == REASON
    for measure in ("D", "R", "BGV", "TI", "MDMW", "SII", "RII", "ACI", "COV"):
        if measure in neutral.index:
            assert neutral.loc[measure, "value"] == pytest.approx(
                favourable.loc[measure, "value"], nan_ok=True)
    assert neutral.loc["PAF", "reason"] == REASON


def test_d_and_r_with_a_reference_subgroup_are_directional():
    out = summary_measures(_table("neutral", reference=True), measures=["D", "R", "MDRU"],
                           rng=1).set_index("measure")
    assert out.loc["D", "reason"] == REASON and out.loc["R", "reason"] == REASON
    assert out.loc["MDRU", "reason"] is None or pd.isna(out.loc["MDRU", "reason"])


def test_mixing_neutral_and_favourable_in_one_measurement_is_refused():
    df = _table("neutral").astype({"favourable_indicator": object})
    df.loc[2, "favourable_indicator"] = 1
    with pytest.raises(InputError) as caught:
        summary_measures(df)
    assert str(caught.value) == ("rad 4, kolumn 'favourable_indicator': favourable_indicator "
                                 "måste vara samma för alla undergrupper i en mätning")


def test_an_empty_favourable_cell_is_still_an_error():
    df = _table(1).astype({"favourable_indicator": object})
    df.loc[1, "favourable_indicator"] = None
    with pytest.raises(InputError) as caught:
        summary_measures(df)
    assert str(caught.value) == ("rad 3, kolumn 'favourable_indicator': väntade 0, 1 eller "
                                 "neutral, fick ett tomt värde")
