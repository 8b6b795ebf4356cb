"""Intervals shown are made from counts (issue 9, item 3): Wilson where numerator and
denominator exist, the source's limits next, Wald last and never outside the possible
range or of zero width; otherwise "interval unknown" (no interval), never a made-up one."""

from __future__ import annotations

import math

import pytest

from jamlik.jobs import import_file
from jamlik.web._data import indicator_frame

pytestmark = pytest.mark.xdist_group("web")

ROWS = """indicator,kind,scale,unit,area_version,area_code,period,value,numerator,denominator,se,lower,upper
andel_test,proportion,100,procent,RegSO_2025,1480R001,2023,100,35,35,0,,
andel_test,proportion,100,procent,RegSO_2025,1480R002,2023,2,,,3,,
andel_test,proportion,100,procent,RegSO_2025,1480R003,2023,50,,,0,,
andel_test,proportion,100,procent,RegSO_2025,1480R004,2023,40,,,2,35,47
"""


def test_pages_and_api_show_the_interval_the_counts_give(client, tmp_path):
    path = tmp_path / "andel.csv"
    path.write_text(ROWS, encoding="utf-8")
    import_file(path, engine=client.app.state.engine)
    frame = indicator_frame(client.app.state.engine, "andel_test").set_index("area")
    # 35 of 35: Wilson 90.1-100, not the zero-width 100-100 of value ± 1.96·0
    assert frame.loc["1480R001", "lower"] == pytest.approx(90.11, abs=0.01)
    assert frame.loc["1480R001", "upper"] == pytest.approx(100.0)
    # 2 % with se 3: Wald kept within the possible range
    assert frame.loc["1480R002", "lower"] == 0 and frame.loc["1480R002", "upper"] == \
        pytest.approx(2 + 1.959964 * 3, abs=1e-4)
    # se 0 and no counts: interval unknown, not 50-50
    assert math.isnan(frame.loc["1480R003", "lower"]) and math.isnan(frame.loc["1480R003",
                                                                               "upper"])
    # the source's own limits when there are no counts
    assert (frame.loc["1480R004", "lower"], frame.loc["1480R004", "upper"]) == (35, 47)
    # the page's ranked table, which the downloads share, shows the same limits
    download = client.get("/indikatorer/andel_test?municipality=1480&period=2023"
                          "&tabell=rangordning&format=csv&lang=sv")
    assert download.status_code == 200
    lines = download.content.decode("utf-8-sig").splitlines()
    row = next(line for line in lines if "1480R001" in line).split(",")
    assert float(row[4]) == pytest.approx(90.11, abs=0.01) and float(row[5]) == 100
