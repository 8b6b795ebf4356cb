"""Life expectancy computed in the store from imported deaths and population by age,
equal to jamlik.stats.life_expectancy (itself equal to PHEindicatormethods), with the
open age band on every result."""

from __future__ import annotations

import numpy as np
import pytest

from jamlik import import_file
from jamlik.errors import ArgumentError
from jamlik.store import export_frame

AGES = [0, 1, *range(5, 95, 5)]
LABELS = ["0", "1-4", *[f"{a}-{a + 4}" for a in range(5, 90, 5)], "90+"]


def _csv(rng):
    lines = ["indicator,area_code,area_version,period,dimension,subgroup,value"]
    truth = {}
    for code in ("1480R001", "1480R002"):
        pop = rng.integers(200, 600, len(AGES)).astype(float)
        rate = 2e-5 * np.exp(0.1 * (np.array(AGES) + 2.5)) + 1.5e-4
        deaths = rng.poisson(rate * pop * 5)
        deaths[-1] = max(deaths[-1], 3)
        truth[code] = (pop, deaths)
        for label, p, d in zip(LABELS, pop, deaths):
            lines.append(f"medelfolkmangd,{code},RegSO_2025,2019-2023,alder,{label},{p}")
            lines.append(f"dodsfall,{code},RegSO_2025,2019-2023,alder,{label},{d}")
    return "\n".join(lines) + "\n", truth


def test_life_expectancy_from_imported_deaths_and_population(store, tmp_path):
    import pandas as pd

    from jamlik.jobs import compute_life_expectancy
    from jamlik.demo._geography import load_geography
    from jamlik.stats import life_expectancy

    load_geography(store)
    text, truth = _csv(np.random.default_rng(1))
    path = tmp_path / "dod.csv"
    path.write_text(text, encoding="utf-8")
    import_file(path, engine=store)
    result = compute_life_expectancy(store)
    assert result.rows_inserted == 2
    saved = export_frame(store, indicators=["medellivslangd_berakning"]).set_index("area_code")
    assert (saved["open_age_band"] == 90).all()
    for code, (pop, deaths) in truth.items():
        direct = life_expectancy(pd.DataFrame({"age_from": AGES, "population": pop * 5,
                                               "deaths": deaths}), area=None, sex=None)
        assert saved.loc[code, "value"] == pytest.approx(direct["value"].iloc[0])
        assert saved.loc[code, "upper"] == pytest.approx(direct["upper"].iloc[0])
    assert saved["value"].notna().all() and not saved["suppressed"].any()


def test_missing_inputs_are_named(store):
    from jamlik.jobs import compute_life_expectancy

    with pytest.raises(ArgumentError) as caught:
        compute_life_expectancy(store)
    assert str(caught.value) == ("indikatorn 'dodsfall' (dödsfall efter ålder, dimension "
                                 "'alder') finns inte i databasen")
