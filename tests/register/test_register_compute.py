"""Indicators from microdata: hand-made persons, an independent pandas computation, engines."""

import numpy as np
import pandas as pd
import pytest

from jamlik.errors import InputError
from jamlik.register import (
    DEFAULT_DEFINITIONS, compute_indicators, load_definitions, open_persons, parse_definitions,
    synthesize_persons,
)

DEFINITIONS = {
    "areas": {"kommun": {"column": "municipality", "version": "Kommun_2025", "level": "kommun"},
              "regso": {"column": "regso", "version": "RegSO_2025", "level": "regso"}},
    "subgroups": {"kon": {"column": "sex", "name": "Kön", "values": {
        1: {"code": "man", "name": "Män"}, 2: {"code": "kvinnor", "name": "Kvinnor"}}}},
    "disclosure": {"min_count": 5},
    "indicators": [
        {"code": "sysselsatta", "name": "Sysselsatta 20–64", "kind": "proportion",
         "unit": "procent", "population": {"age": [20, 64]}, "numerator": {"employed": True},
         "by": ["kon"]},
        {"code": "inkomst", "name": "Inkomst", "kind": "mean", "unit": "kr",
         "population": {"age": [20, None]}, "mean": "disposable_income", "by": ["kon"]},
    ],
}


def persons(rows):
    return pd.DataFrame(rows, columns=["person_id", "year", "sex", "birth_year", "municipality",
                                       "regso", "employed", "disposable_income"])


def run(frame, tmp_path, definitions=DEFINITIONS):
    path = tmp_path / "persons.parquet"
    frame.to_parquet(path)
    return compute_indicators(open_persons(path), parse_definitions(definitions))


def test_hand_computed_shares_and_means_with_primary_and_secondary_suppression(tmp_path):
    rows = []
    pid = 0
    # RegSO 1480R001: 12 men (6 employed), 8 women (2 employed); RegSO 1480R002: 3 men, 20 women.
    for regso, sex, n, employed in (("1480R001", 1, 12, 6), ("1480R001", 2, 8, 2),
                                    ("1480R002", 1, 3, 3), ("1480R002", 2, 20, 10)):
        for i in range(n):
            rows.append((pid, 2023, sex, 1980, "1480", regso, i < employed, 100_000.0 + 1000 * i))
            pid += 1
    rows.append((pid, 2023, 1, 2015, "1480", "1480R001", False, None))  # a child: not counted
    out = run(persons(rows), tmp_path)
    share = out[out["indicator"] == "sysselsatta"].set_index(["area_code", "subgroup"])
    total = share.loc[("1480", "total")]
    assert (total["numerator"], total["denominator"]) == (21, 43)
    assert total["value"] == pytest.approx(100 * 21 / 43)
    assert total["se"] == pytest.approx(100 * np.sqrt(21 / 43 * 22 / 43 / 43))
    # Women in R001: 2 of 8 employed → numerator below 5 → withheld (primary) ...
    assert share.loc[("1480R001", "kvinnor"), "suppression_reason"] == (
        "färre än 5 personer (primär röjandekontroll)")
    assert np.isnan(share.loc[("1480R001", "kvinnor"), "value"])
    # ... so the men of R001 (total − women would reveal it) are withheld too (secondary).
    assert share.loc[("1480R001", "man"), "suppression_reason"].startswith("skyddar")
    # Men in R002: 3 persons → primary; women in R002 then secondary.
    assert share.loc[("1480R002", "man"), "suppressed"]
    assert share.loc[("1480R002", "kvinnor"), "suppressed"]
    mean = out[out["indicator"] == "inkomst"].set_index(["area_code", "subgroup"])
    incomes = [100_000.0 + 1000 * i for i in [*range(12), *range(8)]]
    assert mean.loc[("1480R001", "total"), "value"] == pytest.approx(np.mean(incomes))
    assert mean.loc[("1480R001", "total"), "se"] == pytest.approx(
        np.std(incomes, ddof=1) / np.sqrt(20))
    # R002's 3 men are withheld, so 1480's men minus them would reveal R001's men: withheld.
    assert mean.loc[("1480R001", "man"), "suppression_reason"].startswith("skyddar")


def independent(frame: pd.DataFrame) -> pd.DataFrame:
    """The employment rate by municipality, year and sex, computed with plain pandas."""
    age = frame["year"] - frame["birth_year"]
    people = frame[(age >= 20) & (age <= 64)]
    grouped = people.groupby(["municipality", "year", "sex"])["employed"].agg(["sum", "size"])
    return grouped.rename(columns={"sum": "k", "size": "n"})


def test_equals_an_independent_pandas_computation_on_a_synthetic_register(tmp_path):
    path = tmp_path / "persons.parquet"
    synthesize_persons(path, persons=20_000, years=range(2021, 2023), seed=7)
    frame = pd.read_parquet(path)
    out = compute_indicators(open_persons(path), load_definitions(DEFAULT_DEFINITIONS))
    mine = out[(out["indicator"] == "forvarvsarbetande_20_64") & (out["area_level"] == "kommun")
               & (out["dimension"] == "kon") & ~out["suppressed"]]
    expected = independent(frame)
    assert len(mine) > 20
    for row in mine.itertuples():
        k, n = expected.loc[(row.area_code, int(row.period), 1 if row.subgroup == "man" else 2)]
        assert (row.numerator, row.denominator) == (k, n)


def test_a_missing_column_is_named_with_the_file(tmp_path):
    frame = persons([(1, 2023, 1, 1980, "1480", "1480R001", True, 1.0)]).drop(columns="employed")
    path = tmp_path / "persons.parquet"
    frame.to_parquet(path)
    with pytest.raises(InputError) as error:
        compute_indicators(open_persons(path), parse_definitions(DEFINITIONS), file=str(path))
    assert str(error.value).startswith(f"{path}: rad 1, kolumn 'employed': kolumnen 'employed' "
                                       "saknas; definitionerna behöver")


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["indicators"][0].update(kind="share"),
     "defs.yaml: indicators[0].kind: väntade proportion eller mean, fick 'share'"),
    (lambda d: d["indicators"][0].update(by=["alder"]),
     "defs.yaml: indicators[0].by: okänd indelning 'alder'; definierade: kon"),
    (lambda d: d["indicators"][0].update(population={"age": [64, 20]}),
     "defs.yaml: indicators[0].population.age: intervallet [64, 20] är tomt"),
    (lambda d: d["indicators"][1].pop("mean"),
     "defs.yaml: indicators[1]: kind mean kräver mean (och bara det)"),
    (lambda d: d["indicators"].append(dict(d["indicators"][0])),
     "defs.yaml: indicators: indikatorkoden 'sysselsatta' är definierad två gånger"),
    (lambda d: d.update(extra=1), "defs.yaml: okänd nyckel 'extra'"),
])
def test_definitions_are_checked_with_the_entry_named(change, message):
    import copy

    definitions = copy.deepcopy(DEFINITIONS)
    change(definitions)
    with pytest.raises(InputError) as error:
        parse_definitions(definitions, file="defs.yaml")
    assert str(error.value).startswith(message)


def test_the_synthetic_register_is_deterministic(tmp_path):
    first, second, other = (tmp_path / f"{n}.parquet" for n in "abc")
    rows = synthesize_persons(first, persons=500, years=range(2020, 2022), seed=3)
    synthesize_persons(second, persons=500, years=range(2020, 2022), seed=3)
    synthesize_persons(other, persons=500, years=range(2020, 2022), seed=4)
    a, b, c = (pd.read_parquet(p) for p in (first, second, other))
    assert rows == len(a) and a.equals(b) and not a.equals(c)
    assert a["deso"].str[4].eq("X").all()  # never a real DeSO code
