"""A demo-like store for the web tests: the real geography and programme, Göteborg's
example data (its RegSO districts and the municipality), the example follow-up, the
example annual reports with their reviewed matches and the demo accounts, with gap measures for Göteborg. Built once per test session."""

from __future__ import annotations

from importlib import resources

import numpy as np


def build(url: str) -> None:
    from jamlik.jobs import compute_measures
    from jamlik.demo._build import DEMO_SEED, _link_target_areas, demo_frame
    from jamlik.demo._followup import load_demo_followup
    from jamlik.demo._geography import load_geography
    from jamlik.demo._reports import load_demo_uptake
    from jamlik.demo._users import create_demo_users
    from jamlik.program import load_programme, read_programme
    from jamlik.store import connect
    from jamlik.store._write import write_batch

    engine = connect(url)
    load_geography(engine)
    path = resources.files("jamlik.data").joinpath("program-goteborg-2018-2026.yaml")
    programme_id = load_programme(engine, read_programme(str(path)))
    frame = demo_frame()
    keep = frame["area_code"].str.startswith("1480") | frame["area_code"].isin(["1280", "0180"])
    write_batch(engine, frame[keep].reset_index(drop=True), format="demo",
                source="jamlik demo (exempeldata)", file_hash="web-tests", is_example=True)
    _link_target_areas(engine, programme_id)
    load_demo_followup(engine, programme_id, rng=np.random.default_rng(DEMO_SEED))
    load_demo_uptake(engine, programme_id)
    create_demo_users(engine)
    compute_measures(engine, municipalities=["1480"])
    engine.dispose()
