"""The demo city: real geography, the real programme, deterministic example data."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from jamlik.demo import build_demo
from jamlik.demo._build import demo_frame
from jamlik.store import export_frame
from jamlik.store._models import (
    Area, AreaVersion, ImportBatch, Indicator, Precondition, Strategy, TargetArea,
)


def test_demo_builds_on_every_backend_and_twice_is_a_no_op(store, tmp_path, make_second_store):
    summary = build_demo(store)
    assert summary["areas_added"] == 1 + 21 + 290 + 147 + 91 + 127
    with store.connect() as conn:
        per_version = dict(conn.execute(select(AreaVersion.code, func.count(Area.id))
                                        .join(Area).group_by(AreaVersion.code)).all())
        assert per_version == {"Riket": 1, "Lan_2025": 21, "Kommun_2025": 290, "RegSO_2025": 365}
        names = set(conn.execute(select(Strategy.name)).scalars())
        assert ("Ge barn och unga möjlighet till delaktighet, inflytande och rätt att vara sig "
                "själva") in names
        assert conn.execute(select(func.count()).select_from(Strategy)).scalar() == 26
        assert conn.execute(select(func.count()).select_from(TargetArea)).scalar() == 4
        assert conn.execute(select(func.count()).select_from(Precondition)).scalar() == 6
        assert all(conn.execute(select(Indicator.is_example)).scalars())
        assert all("exempeldata" in name for name in conn.execute(select(Indicator.name)).scalars())
        assert all(conn.execute(select(ImportBatch.is_example)).scalars())
    again = build_demo(store)
    assert again["already_built"] and again["areas_added"] == 0
    # the example data round-trips through an export, like any import
    from jamlik.jobs import write_export
    from jamlik.jobs import import_file

    exported = export_frame(store, indicators=["tillit", "valdeltagande"])
    path = write_export(exported, tmp_path / "demo.csv", fmt="csv")
    second = make_second_store(store.dialect.name)
    import_file(path, engine=second)
    pd.testing.assert_frame_equal(export_frame(second), exported)


def test_demo_data_is_deterministic_and_shaped_like_real_statistics():
    first, second = demo_frame(), demo_frame()
    pd.testing.assert_frame_equal(first, second)
    assert set(first["period"]) >= {"2010", "2024", "2020-2024"}
    life = first[(first["indicator"] == "medellivslangd") & (first["area_version"] == "RegSO_2025")
                 & (first["dimension"] == "total") & (first["period"] == "2020-2024")
                 & first["area_code"].str.startswith("1480")]
    gap = life["value"].max() - life["value"].min()
    assert 7 <= gap <= 12, gap  # Göteborg: about 9 years between districts
    sexes = first[(first["indicator"] == "medellivslangd") & (first["dimension"] == "kon")]
    women = sexes[sexes["subgroup"] == "kvinnor"].set_index(["area_code", "period"])["value"]
    men = sexes[sexes["subgroup"] == "man"].set_index(["area_code", "period"])["value"]
    assert 2.5 < (women - men).median() < 5
    proportions = first[first["unit"] == "procent"]["value"].dropna()
    assert proportions.between(0, 100).all()
    trust = first[first["indicator"] == "tillit"]
    assert trust["suppressed"].any()
    assert (trust.loc[trust["suppressed"].astype(bool), "suppression_reason"]
            == "färre än 30 svarande").all()
    assert first["source"].eq("Exempeldata – påhittade värden, inte verklig statistik").all()
