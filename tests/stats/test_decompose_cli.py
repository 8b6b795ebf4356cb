"""``jamlik lifeexp FILE --decompose A,B [--cause COLUMN]`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from jamlik.stats import decompose_life_expectancy_gap

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "life"


@pytest.fixture
def run(jamlik_cli):
    return jamlik_cli


@pytest.fixture
def two_areas(tmp_path) -> tuple[Path, pd.DataFrame]:
    base = pd.read_csv(FIXTURES / "phe_example.csv")
    rng = np.random.default_rng(3)
    worse = base.assign(deaths=np.minimum(rng.poisson(base["deaths"] * 1.3).clip(1),
                                          base["population"].astype(int)))
    frame = pd.concat([base.assign(area="Q5"), worse.assign(area="Q1")])
    frame.insert(1, "sex", "kvinnor")
    path = tmp_path / "life.csv"
    frame[["area", "sex", "age_from", "population", "deaths"]].to_csv(path, index=False)
    return path, frame


def test_decompose_prints_the_contributions_of_the_library(run, two_areas):
    path, frame = two_areas
    code, out, err = run("lifeexp", str(path), "--decompose", "Q1,Q5", "--format", "json")
    assert code == 0, err
    records = json.loads(out)
    expected = decompose_life_expectancy_gap(frame, group="area", reference="Q1",
                                             comparison="Q5")
    assert [r["age_band"] for r in records] == expected["age_band"].tolist()
    np.testing.assert_allclose([r["contribution"] for r in records],
                               expected["contribution"], rtol=1e-9)
    assert {r["sex"] for r in records} == {"kvinnor"}
    assert sum(r["contribution"] for r in records) == pytest.approx(records[0]["gap"])


@pytest.mark.parametrize(("args", "message"), [
    (["--decompose", "Q1"], "--decompose väntade två områden åtskilda med komma, t.ex. "
                            "Q1,Q5, fick 'Q1'"),
    (["--decompose", "Q1,Q9"], "comparison='Q9' finns inte i kolumnen area"),
    (["--decompose", "Q1,Q5", "--cause", "orsak"], "kolumnen 'orsak' för --cause finns inte"),
    (["--cause", "orsak"], "--cause används bara med --decompose"),
])
def test_bad_decompose_options_get_one_clear_message(run, two_areas, args, message):
    path, _frame = two_areas
    code, out, err = run("lifeexp", str(path), *args)
    assert code != 0 and message in err and "Traceback" not in err
