"""The headline gap between areas (SII/RII by area index, fifths), checked against
PHE's SII (jamlik.stats.sii equals PHEindicatormethods), an independent least-squares
fit, Newcombe's published MOVER example and hand computations."""

import numpy as np
import pandas as pd
import pytest

from jamlik.errors import ArgumentError
from jamlik.stats import area_gap, area_index, sii
from jamlik.stats._area_gap_core import Tail, mover


def _areas(seed=1, k=147):
    rng = np.random.default_rng(seed)
    index = rng.integers(1, 6, k)
    pop = rng.lognormal(np.log(5500), 0.45, k).round()
    n = (pop * 0.011).round().clip(1)
    p = np.clip(0.86 - 0.04 * (3 - index) + rng.normal(0, 0.03, k), 0.01, 0.99)
    x = rng.binomial(n.astype(int), p).astype(float)
    return pd.DataFrame({"area_index": index, "population": pop, "numerator": x, "denominator": n})


def test_sii_equals_phe_sii_on_the_index_groups():
    df = _areas()
    out = area_gap(df, numerator="numerator", denominator="denominator").set_index("measure")
    # Independent route: PHE's SII on the population-weighted means of the five types.
    smooth = (df.numerator + 0.5) / (df.denominator + 1)
    df["value"] = df.numerator / df.denominator * 100
    df["se"] = np.sqrt(smooth * (1 - smooth) / df.denominator) * 100
    groups = df.groupby("area_index").apply(lambda f: pd.Series({
        "population": f.population.sum(),
        "value": np.average(f.value, weights=f.population),
        "se": np.sqrt(np.sum((f.population / f.population.sum()) ** 2 * f.se**2)),
    }), include_groups=False).reset_index()
    phe = sii(groups, quantile="area_index", se="se", rng=1, reps=100_000).set_index("measure")
    assert out.loc["SII", "value"] == pytest.approx(phe.loc["sii", "value"], rel=1e-12)
    assert out.loc["RII", "value"] == pytest.approx(phe.loc["rii", "value"], rel=1e-12)
    # analytic se against PHE's simulated spread (Monte Carlo error about 0.3 %)
    assert out.loc["SII", "se"] == pytest.approx(phe.loc["sii", "se"], rel=0.01)


def test_untied_ranks_match_a_plain_least_squares_fit():
    rng = np.random.default_rng(3)
    k = 40
    df = pd.DataFrame({"area_index": rng.permutation(k), "population": rng.integers(100, 900, k),
                       "value": rng.normal(50, 10, k), "se": rng.uniform(1, 3, k)})
    out = area_gap(df, se="se", kind="mean").set_index("measure")
    order = df.sort_values("area_index")
    share = order.population / order.population.sum()
    rank = (np.cumsum(share) - share / 2).to_numpy()
    root = np.sqrt(share.to_numpy())
    design = np.column_stack([root, rank * root])
    beta = np.linalg.lstsq(design, order.value.to_numpy() * root, rcond=None)[0]
    assert out.loc["SII", "value"] == pytest.approx(beta[1], rel=1e-10)
    assert out.loc["RII", "value"] == pytest.approx((beta[0] + beta[1]) / beta[0], rel=1e-10)
    # the variance of a linear combination Σ c_i y_i
    combine = np.linalg.pinv(design) * root
    se = np.sqrt(np.sum(combine[1] ** 2 * order.se.to_numpy() ** 2))
    assert out.loc["SII", "se"] == pytest.approx(se, rel=1e-10)


def test_result_does_not_depend_on_row_order():
    df = _areas(5)
    first = area_gap(df, numerator="numerator", denominator="denominator")
    second = area_gap(df.sample(frac=1, random_state=2), numerator="numerator",
                      denominator="denominator")
    pd.testing.assert_frame_equal(first, second)


def test_lower_better_turns_the_sign_so_positive_means_the_deprived_are_worse_off():
    df = _areas(7)
    up = area_gap(df, numerator="numerator", denominator="denominator").set_index("measure")
    down = area_gap(df, numerator="numerator", denominator="denominator",
                    polarity="lower_better").set_index("measure")
    assert down.loc["SII", "value"] == pytest.approx(-up.loc["SII", "value"])
    assert down.loc["RII", "value"] == pytest.approx(1 / up.loc["RII", "value"])
    assert down.loc["D_Q1Q5", "value"] == pytest.approx(-up.loc["D_Q1Q5", "value"])
    assert down.loc["R_Q1Q5", "value"] == pytest.approx(1 / up.loc["R_Q1Q5", "value"])
    assert down.loc["D_Q1Q5", "lower"] == pytest.approx(-up.loc["D_Q1Q5", "upper"])


def test_mover_reproduces_newcombes_published_difference():
    # Newcombe 1998 (Stat Med 17:873), method 10, 56/70 − 48/80: 0.2000 (0.0524, 0.3339)
    from jamlik.stats import proportion_ci
    wilson = proportion_ci([56, 48], [70, 80])
    a, b = (Tail(r.value, r.lower, r.upper, np.nan, "Wilson") for r in wilson.itertuples())
    value, lower, upper = mover(b, a, log=False)
    assert (round(value, 4), round(lower, 4), round(upper, 4)) == (0.2, 0.0524, 0.3339)


def test_fifths_split_the_boundary_group_by_population():
    # index groups with population shares 0.1, 0.3, 0.3, 0.3: Q1 = all of group 1 and a
    # third of group 2; Q5 = two thirds of group 4.
    df = pd.DataFrame({"area_index": [1, 2, 3, 4], "population": [100, 300, 300, 300],
                       "numerator": [10, 60, 90, 120], "denominator": [100, 300, 300, 300]})
    out = area_gap(df, numerator="numerator", denominator="denominator").set_index("measure")
    assert out.loc["Q1", "value"] == pytest.approx(100 * (10 + 20) / (100 + 100))
    assert out.loc["Q5", "value"] == pytest.approx(40.0)
    from jamlik.stats import proportion_ci
    expected = proportion_ci([30], [200], multiplier=100).iloc[0]
    assert out.loc["Q1", "lower"] == pytest.approx(expected.lower)
    assert out.loc["Q1", "upper"] == pytest.approx(expected.upper)
    assert out.loc["R_Q1Q5", "value"] == pytest.approx(40 / 15)
    assert out.loc["range", "value"] == pytest.approx(30.0)
    assert np.isnan(out.loc["range", "lower"])


def test_suppressed_areas_count_for_the_85_percent_rule():
    # tillit: 26 of 147 districts suppressed → no headline gap, with the reason
    df = _areas(11)
    df.loc[:25, ["numerator", "denominator"]] = np.nan
    out = area_gap(df, numerator="numerator", denominator="denominator")
    assert out["value"].isna().all()
    assert set(out["reason"]) == {
        "under 85 % av områdena har värde och index (26 av 147 saknas eller är undertryckta)"}
    df.loc[:20, ["numerator", "denominator"]] = _areas(11).loc[:20, ["numerator", "denominator"]]
    assert area_gap(df, numerator="numerator", denominator="denominator")["value"].notna().all()


def test_by_groups_and_ranked_by():
    df = pd.concat([_areas(1).assign(period="2020"), _areas(2).assign(period="2022")])
    out = area_gap(df, numerator="numerator", denominator="denominator", by="period",
                   ranked_by="områdestyp (SCB 2022)")
    assert list(out.columns[:2]) == ["period", "measure"]
    assert len(out) == 14 and set(out["ranked_by"]) == {"områdestyp (SCB 2022)"}
    assert "områdestyp (SCB 2022)" in out["method"].iloc[0]


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "share"}, "kind måste vara en av proportion, rate, mean, fick 'share'"),
    ({"polarity": "up"}, "polarity måste vara en av higher_better, lower_better, neutral, fick 'up'"),
    ({"most_deprived": 1}, "most_deprived måste vara 'low' eller 'high', fick 1"),
    ({"index": "typ"}, "kolumnen 'typ' finns inte i df"),
    ({"numerator": None}, "area_gap behöver se, lower och upper, eller numerator och denominator"),
    ({"multiplier": 0}, "multiplier måste vara ett tal > 0, fick 0"),
])
def test_bad_arguments_have_exact_messages(kwargs, message):
    options = {"numerator": "numerator", "denominator": "denominator", **kwargs}
    with pytest.raises(ArgumentError) as caught:
        area_gap(_areas(), **options)
    assert str(caught.value) == message


def test_bad_values_name_the_row():
    df = _areas()
    df.loc[3, "population"] = 0
    with pytest.raises(ArgumentError, match=r"^kolumnen 'population' rad 3: väntade ett tal > 0"):
        area_gap(df, numerator="numerator", denominator="denominator")
    df = _areas()
    df.loc[4, "numerator"] = df.loc[4, "denominator"] + 1
    with pytest.raises(ArgumentError, match=r"^rad 4: numerator \("):
        area_gap(df, numerator="numerator", denominator="denominator")


def test_area_index_is_standardised_weighted_and_polarity_respecting():
    d = pd.DataFrame({"employed": [60.0, 70, 80, 90], "assistance": [9.0, 5, 1, 1],
                      "pop": [1, 1, 1, 1]})
    index = area_index(d, weights={"employed": 3, "assistance": 1},
                       polarity={"employed": "higher_better", "assistance": "lower_better"},
                       population="pop")
    z_emp = (d.employed - 75) / d.employed.std(ddof=0)
    z_ass = -(d.assistance - 4) / d.assistance.std(ddof=0)
    np.testing.assert_allclose(index, 0.75 * z_emp + 0.25 * z_ass)
    with pytest.raises(ArgumentError) as caught:
        area_index(d, weights={"employed": 1}, polarity={"employed": "neutral"})
    assert str(caught.value) == ("polarity för 'employed' måste vara 'higher_better' eller "
                                 "'lower_better' (ett neutralt mått har ingen riktning i ett "
                                 "index), fick 'neutral'")


def test_shipped_area_types_cover_goteborg():
    from jamlik.data import regso_area_types
    types = regso_area_types()
    assert len(types) == 3351
    goteborg = {code: t for code, t in types.items() if code.startswith("1480")}
    assert len(goteborg) == 147 and set(goteborg.values()) == {1, 2, 3, 4, 5}
