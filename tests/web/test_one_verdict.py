"""One verdict on a gap, whoever asks: the pages, the JSON API, ``jamlik trend`` and the
annual report all give :func:`jamlik.stats.gap_verdict`'s answer on the same store.

The data are made so that each older rule answers differently: the SII between two
districts over rolling five-year spans (2000–2004, 2001–2005, ... 2020–2024) whose
non-overlapping spans scatter more than their standard errors allow. gap_verdict keeps
the five spans that do not overlap and widens the interval for the scatter (χ²/df ≈ 12):
no detectable change. A slope over all 21 spans, overlapping included (the pages' old
rule) says widening; the five spans without the scatter taken into account (the old rule
of the report and the command line) say closing.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from jamlik.jobs import compute_measures, import_file
from jamlik.stats import gap_trend, gap_verdict, non_overlapping
from jamlik.store import connect, current_measures

from .conftest import make_client

HEADER = ("indicator,indicator_name,unit,polarity,area_code,area_version,period,dimension,subgroup,"
          "value,se,population\n")
STARTS = range(2000, 2021)
NON_OVERLAPPING = {2000: 30.0, 2005: 21.0, 2010: 28.0, 2015: 17.0, 2020: 22.0}
MOST, LEAST = "1480R010", "1480R015"  # områdestyp 1 and 5 (SCB 2022)
AREA_TYPE_SV = "SCB:s områdestyp 2022 (1 = stora socioekonomiska utmaningar)"
AREA_TYPE_EN = "Statistics Sweden's area type 2022 (1 = major socioeconomic challenges)"


def sii_of(start: int) -> float:
    """The SII the data are made to have; the spans in between are much larger."""
    return NON_OVERLAPPING.get(start, 40.0 + (start - 2000))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from jamlik.demo._geography import load_geography

    folder = tmp_path_factory.mktemp("one-verdict")
    url = f"sqlite:///{folder / 'store.db'}"
    engine = connect(url)
    load_geography(engine)
    lines = []
    for start in STARTS:
        period = f"{start}-{start + 4}"
        # two districts of equal population at ridit ranks 1/4 and 3/4: SII = 2 × (least −
        # most deprived); district se 0.5 gives se(SII) = 2·√2·0.5
        for code, value in ((MOST, 60.0), (LEAST, 60.0 + sii_of(start) / 2)):
            lines.append(f"x,Testindikator,procent,higher_better,{code},RegSO_2025,{period},,,"
                         f"{value},0.5,1000")
        lines.append(f"x,Testindikator,procent,higher_better,1480,Kommun_2025,{period},,,"
                     "65.0,0.2,2000")
    path = folder / "x.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    import_file(path, engine=engine)
    compute_measures(engine, indicators=["x"], municipalities=["1480"], measures=["SII", "RII"])
    saved = current_measures(engine, indicators=["x"])
    series = saved[(saved["area_code"] == "1480") & (saved["dimension"] == "omrade")
                   & (saved["measure"] == "SII")]
    expected = gap_verdict(series).iloc[0]
    return {"engine": engine, "url": url, "folder": folder, "series": series,
            "expected": expected}


def test_the_data_tell_the_rules_apart(world):
    """The store holds the SII made, and the older rules answer otherwise than gap_verdict."""
    series, expected = world["series"], world["expected"]
    assert list(series["value"]) == pytest.approx([sii_of(s) for s in STARTS], abs=1e-9)
    assert (expected["verdict"], expected["n_periods"]) == ("none", 5)
    assert expected["value"] == pytest.approx(-0.4, abs=1e-9)
    assert expected["n_overlapping_dropped"] == 16
    frame = series.assign(year=[s + 2.5 for s in STARTS])[["measure", "year", "value", "se"]]
    every_span = gap_trend(frame, period="year")
    assert every_span.set_index("measure").loc["slope", "verdict_en"] == "widening"
    kept = non_overlapping(series.assign(year=[s + 2.5 for s in STARTS]), by=["measure"])
    without_scatter = gap_trend(kept[["measure", "year", "value", "se"]], period="year")
    assert without_scatter.set_index("measure").loc["slope", "verdict_en"] == "closing"


def test_pages_api_cli_and_report_give_gap_verdicts_answer(world):
    expected = world["expected"]
    slope = pytest.approx(expected["value"], rel=1e-9)
    client = make_client(world["url"])

    # the indicator page's API and page
    view = client.get("/api/v1/indicators/x?municipality=1480").json()
    api = {v["measure"]: v for v in view["verdicts"]}["SII"]
    assert (api["verdict"], api["n_periods"], api["slope"]) == ("none", 5, slope)
    assert (api["period_first"], api["period_last"]) == ("2000-2004", "2020-2024")
    assert api["text"] == "Ingen påvisbar förändring" and api["slope_unit"] == \
        "procentenheter per år"
    page = client.get("/indikatorer/x?municipality=1480").text
    assert re.search(r'class="verdict verdict-none"><strong>Lutningsindex \(SII\)', page)

    # the overview: the card and the table behind it (page and API)
    overview = client.get("/api/v1/overview?municipality=1480").json()["headlines"]["rows"]
    card = next(r for r in overview if r["code"] == "x")
    assert card["verdict_key"] == "none"
    assert card["verdict"] == "Ingen påvisbar förändring" and card["slope"] == slope
    assert card["ranked_by"].startswith("SCB:s områdestyp 2022")
    assert 'class="headline verdict-none"' in client.get("/?municipality=1480").text
    english = client.get("/api/v1/indicators/x?municipality=1480&lang=en").json()
    sii = {v["measure"]: v for v in english["verdicts"]}["SII"]
    assert (sii["text"], sii["unit"], sii["slope_unit"]) == (
        "No detectable change", "percentage points", "percentage points per year")
    assert english["ranking"] == AREA_TYPE_EN
    card = next(r for r in client.get("/api/v1/overview?municipality=1480&lang=en").json()[
        "headlines"]["rows"] if r["code"] == "x")
    assert (card["verdict"], card["ranked_by"], card["gap_unit"], card["slope_unit"]) == (
        "No detectable change", AREA_TYPE_EN, "percentage points", "percentage points per year")

    # the command line
    env = {**os.environ, "JAMLIK_DATABASE_URL": world["url"]}
    done = subprocess.run([sys.executable, "-m", "jamlik", "trend", "--indicator", "x",
                           "--municipality", "1480", "--measure", "SII", "--format", "json"],
                          capture_output=True, text=True, env=env, cwd=world["folder"],
                          timeout=300)
    assert done.returncode == 0, done.stderr
    rows = [r for r in json.loads(done.stdout) if r["dimension"] == "omrade"]
    assert len(rows) == 1
    assert (rows[0]["verdict"], rows[0]["n_periods"], rows[0]["value"]) == ("none", 5, slope)
    assert rows[0]["unit"] == "procentenheter per år"

    # the annual report's indicator lines
    from jamlik.reports._indicators import indicator_lines
    from jamlik.store import Indicator

    with world["engine"].connect() as conn:
        indicator = conn.execute(Indicator.__table__.select().where(
            Indicator.code == "x")).first().id
        lines = indicator_lines(conn, [indicator], area_ids=None, measures=("SII",))
    line = next(line for line in lines[indicator] if line["dimension"] == "omrade")
    assert (line["verdict"], line["n_periods"], line["slope"]) == ("none", 5, slope)
    # the report states the ranking in its own language
    from jamlik.reports._view import _ranking

    assert _ranking(line["ranked_by"], "sv") == "rangordnade efter " + AREA_TYPE_SV
    assert _ranking(line["ranked_by"], "en") == "ranked by " + AREA_TYPE_EN
