"""The demo's life expectancy comes from generated deaths and population through
jamlik's life table (PHE rules, 90+ open), and carries its open age band."""

import numpy as np

from jamlik.demo._life import OPEN_AGE_BAND, life_table_values


def test_life_tables_hit_their_targets_and_their_se_is_honest():
    rng = np.random.default_rng(3)
    target = 80.0 + rng.normal(0, 2, (400, 1)) + 0.12 * np.arange(11)[None, :]
    persons = np.full((400, 11), 5500.0)
    out = life_table_values(target, persons, 5, rng)
    error = out["value"].to_numpy() - target.ravel()
    assert abs(error.mean()) < 0.15
    # the life table's se describes the scatter around the truth (within 15 %)
    assert 0.85 < error.std() / out["se"].mean() < 1.15
    assert out["reason"].isna().all()


def test_rolling_windows_share_their_deaths():
    rng = np.random.default_rng(4)
    target = np.full((300, 11), 82.0)
    out = life_table_values(target, np.full((300, 11), 5500.0), 5, rng)
    values = out["value"].to_numpy().reshape(300, 11)
    neighbours = np.corrcoef(values[:, 0], values[:, 1])[0, 1]
    apart = np.corrcoef(values[:, 0], values[:, 5])[0, 1]
    assert neighbours > 0.6 and abs(apart) < 0.2  # 4 of 5 years shared, then none


def test_demo_life_expectancy_rows_state_the_open_band():
    from jamlik.demo._build import demo_frame

    frame = demo_frame()
    life = frame[frame["indicator"] == "medellivslangd"]
    assert (life["open_age_band"] == OPEN_AGE_BAND).all()
    assert frame.loc[frame["indicator"] != "medellivslangd", "open_age_band"].isna().all()


def test_the_deaths_by_age_behind_the_tables_are_stored_and_give_the_same_tables():
    """The stored example deaths and person-years by age band (for the decomposition) are
    the ones the life tables used: a life table from them reproduces the stored value."""
    import pandas as pd

    from jamlik.demo._build import demo_frame
    from jamlik.demo._life import DEATH_RATE, age_band_codes
    from jamlik.stats import life_expectancy

    frame = demo_frame()
    rates = frame[frame["indicator"] == DEATH_RATE]
    assert set(rates["period"]) == {"2010-2014", "2015-2019", "2020-2024"}  # no shared deaths
    assert (rates["area_level"] == "regso").all()
    assert rates["indicator_name"].str.contains("exempeldata").all()
    assert list(rates["subgroup"].iloc[:3]) == age_band_codes()[:3]
    one = rates[(rates["area_code"] == "1480R001") & (rates["period"] == "2020-2024")]
    table = life_expectancy(pd.DataFrame({
        "age_from": [int(c.split("-")[0].rstrip("+")) for c in one["subgroup"]],
        "population": one["denominator"].to_numpy(), "deaths": one["numerator"].to_numpy()}),
        area=None, sex=None, open_band=OPEN_AGE_BAND)
    stored = frame[(frame["indicator"] == "medellivslangd") & (frame["area_code"] == "1480R001")
                   & (frame["period"] == "2020-2024") & (frame["subgroup"] == "total")]
    # person-years are stored to one decimal; the value to two
    assert abs(float(table["value"].iloc[0]) - float(stored["value"].iloc[0])) < 0.02
