"""The equality report's further sections on a small world with sub-areas: what drives
the life-expectancy gap (checked against the life tables of the pooled groups), a map
per indicator, intersections (checked against Wilson's formula), the analysts'
commentary and residents' voices (left out when there are none)."""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import docx
import numpy as np
import openpyxl
import pandas as pd
import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "program"))
from followup_world import add_measures, build_world  # noqa: E402

from jamlik.ingest import check_frame  # noqa: E402
from jamlik.reports import equality_report  # noqa: E402
from jamlik.reports._equality_decompose import deprivation_groups  # noqa: E402
from jamlik.stats import decompose_life_expectancy_gap, life_expectancy  # noqa: E402
from jamlik.store import Area, AreaVersion, Indicator, save_commentary, write_batch  # noqa: E402

AGES = [0, 1, *range(5, 95, 5)]
BANDS = ["0", "1-4", *[f"{a}-{a + 4}" for a in range(5, 90, 5)], "90+"]
POP = np.array([7060, 35059, 46974, 48489, 43219, 38561, 46009, 57208, 61435, 55601,
                50209, 56416, 46411, 39820, 37978, 37039, 33288, 23306, 11936, 11936], float)
DEATHS = np.array([17, 9, 4, 8, 20, 15, 24, 33, 50, 71, 100, 163, 263, 304, 536, 872,
                   1390, 1605, 1936, 1937], float)
# ten areas, two per area type; the most deprived (type 1) die 40 % more at every age
INDEX = {f"T{k:02d}": 1 + k // 2 for k in range(10)}
JOBS = {"kvinnor+utanfor_europa": (0.55, 0.70), "man+utanfor_europa": (0.60, 0.75),
        "kvinnor+sverige": (0.80, 0.88), "man+sverige": (0.82, 0.90)}


def _areas(engine) -> None:
    with engine.begin() as conn:
        city = conn.execute(select(Area.id).where(Area.code == "9999")).scalar()
        version = conn.execute(AreaVersion.__table__.insert().values(
            code="Omr_test", name="Områden", level="regso")).inserted_primary_key[0]
        for k, (code, index) in enumerate(INDEX.items()):
            x = 11.9 + 0.02 * (k % 5)
            y = 57.7 + 0.02 * (k // 5)
            square = {"type": "Polygon", "coordinates": [[[x, y], [x + 0.02, y],
                      [x + 0.02, y + 0.02], [x, y + 0.02], [x, y]]]}
            conn.execute(Area.__table__.insert().values(
                version_id=version, code=code, name=f"Område {k}", parent_id=city,
                geometry=square, attributes={"area_index": float(index)}))


def _frame(world_ids) -> pd.DataFrame:
    rows = []
    for code, index in INDEX.items():
        factor = 1.4 if index == 1 else 1.0
        for band, pop, deaths in zip(BANDS, POP, DEATHS):
            rows.append({"indicator": "dodstal", "kind": "rate", "scale": 100000.0,
                         "area_code": code, "area_version": "Omr_test", "period": "2020-2024",
                         "dimension": "alder", "subgroup": band, "numerator": round(
                             deaths * factor / 2), "denominator": pop / 2,
                         "value": 1e5 * round(deaths * factor / 2) / (pop / 2)})
        share = 0 if index == 1 else (1 if index == 5 else None)
        for area in (code, "9999"):
            if area == "9999" and code != "T00":
                continue
            version = "Kommun_test" if area == "9999" else "Omr_test"
            for subgroup, shares in JOBS.items():
                p = shares[share] if share is not None else sum(shares) / 2
                n = 400 if area != "9999" else 4000
                rows.append({"indicator": "sysselsattning", "area_code": area,
                             "area_version": version, "period": "2024",
                             "dimension": "kon+fodelseregion", "subgroup": subgroup,
                             "dimension_name": "Kön och födelseregion",
                             "subgroup_name": subgroup.replace("+", " "),
                             "numerator": round(p * n), "denominator": n,
                             "value": 100 * round(p * n) / n, "population": n})
            rows.append({"indicator": "behorighet", "area_code": area, "area_version": version,
                         "period": "2024", "dimension": "total", "subgroup": "total",
                         "value": 70.0 + 3 * index if area != "9999" else 78.0,
                         "population": 1000.0})
    return pd.DataFrame(rows)


@pytest.fixture
def world(store):
    ids = build_world(store)
    for code in ("behorighet", "sysselsattning"):
        series = [(str(y), y, y, "omrade", "SII", 10.0 - 0.5 * (y - 2013), 1.0)
                  for y in range(2013, 2025)]
        add_measures(store, ids["indicators"][code], series)
    _areas(store)
    with store.begin() as conn:  # employment is a proportion with counts: Wilson intervals
        conn.execute(Indicator.__table__.update().where(Indicator.code == "sysselsattning")
                     .values(kind="proportion", scale=100.0))
    frame = check_frame(_frame(ids), file="test")
    write_batch(store, frame, format="test", source="test", file_hash="x" * 64)
    return store


def _pooled(index_value: int) -> pd.DataFrame:
    factor = 1.4 if index_value == 1 else 1.0
    deaths = [2 * round(d * factor / 2) for d in DEATHS]
    return pd.DataFrame({"age_from": AGES, "population": POP, "deaths": deaths})


def test_decomposition_agrees_with_the_pooled_life_tables(world, tmp_path):
    report, appendix = equality_report(world, tmp_path / "r.html", municipality="9999")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", report.read_text(encoding="utf-8")))
    assert "Vad driver skillnaden i medellivslängd" in text
    most, least = _pooled(1), _pooled(5)
    e0 = [float(life_expectancy(f, area=None, sex=None, le_suppress=False)["value"].iloc[0])
          for f in (most, least)]
    expected = decompose_life_expectancy_gap(
        pd.concat([most.assign(group="m"), least.assign(group="l")]), reference="m",
        comparison="l")
    gap = f"{e0[1] - e0[0]:.1f}".replace(".", ",")
    assert f"levde invånarna i de minst utsatta områdena {gap} år längre" in text
    book = openpyxl.load_workbook(appendix)
    sentences = {r[0]: r for r in book["Meningar"].iter_rows(min_row=2, values_only=True)}
    finding = next(r for r in sentences.values() if "minst utsatta områdena" in r[1])
    sheet = next(book[name] for name in book.sheetnames
                 if str(book[name]["A1"].value).startswith("Skillnaden i medellivslängd"))
    cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None}
    for number in finding[2].split("; "):  # every number the sentence quotes is in its table
        assert number in cells, number
    printed = [r for r in sheet.iter_rows(min_row=3, values_only=True)][:len(AGES)]
    np.testing.assert_allclose([float(r[1].replace(",", ".").replace("−", "-"))
                                for r in printed], expected["contribution"], atol=0.006)


def test_maps_intersections_and_their_numbers(world, tmp_path):
    report, appendix = equality_report(world, tmp_path / "r.html", municipality="9999")
    html = report.read_text(encoding="utf-8")
    # a map where the areas have values (sysselsättning has only the combined groups)
    assert html.count("värde per område 2024") == 1
    assert re.search(r'alt="Karta över Testkommuns områden, Behörighet till gymnasiet 2024\. '
                     r'Högst: Område [89] 85,0\. Lägst: Område [01] 73,0\.', html)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "kön och födelseregion i mest och minst utsatta områden, 2024" in text
    # women born outside Europe in the most deprived fifth: 2 areas × 220 of 400
    x, n, z = 440, 800, 1.959963984540054
    centre = (x + z * z / 2) / (n + z * z)
    half = z * math.sqrt(x * (n - x) / n + z * z / 4) / (n + z * z)
    low, high = (f"{100 * v:.1f}".replace(".", ",") for v in (centre - half, centre + half))
    assert f"55,0 {low}–{high}" in text
    book = openpyxl.load_workbook(appendix)
    assert any(name.startswith("G") for name in book.sheetnames)  # the maps' values


def test_commentary_and_voices_in_html_and_word(world, tmp_path, monkeypatch):
    import jamlik.reports._equality as report_module

    programme = 1
    save_commentary(world, programme, "mal-mo1", "Första utkastet.", "analytiker")
    save_commentary(world, programme, "mal-mo1", "Skillnaden följs upp i nämnderna.",
                    "analytiker")
    report, _ = equality_report(world, tmp_path / "r.html", municipality="9999")
    html = report.read_text(encoding="utf-8")
    assert "Skillnaden följs upp i nämnderna." in html and "Första utkastet." not in html
    assert "Vad invånarna säger" not in html  # no voices: no section

    def residents_say(engine, programme_id, target_area, *, lang="sv"):
        if target_area != "MO1":
            return []
        return [{"text": "42 % av de svarande i Område 0 nämner otrygga skolvägar.",
                 "source": "Trygghetsenkät 2024"}]

    monkeypatch.setattr(report_module, "default_voices", lambda: residents_say)
    report, _ = equality_report(world, tmp_path / "v.docx", municipality="9999")
    paragraphs = [(p.style.name, p.text) for p in docx.Document(report).paragraphs]
    headings = [t for s, t in paragraphs if s.startswith("Heading")]
    assert headings.count("Vad invånarna säger") == 1
    assert "Analytikernas kommentar" in headings
    assert any("otrygga skolvägar. (Trygghetsenkät 2024)" in t for _, t in paragraphs)
    assert "Vad driver skillnaden i medellivslängd" in headings


@pytest.mark.parametrize(("populations", "most", "least"), [
    ([10, 10, 10, 10, 10, 10, 10, 10, 10, 10], {0, 1}, {8, 9}),
    # the extreme type alone holds more than a fifth: it is never split, nor widened;
    # at the other end types 2-5 together hold 7 % of the people, still within a fifth
    ([40, 40, 1, 1, 1, 1, 1, 1, 1, 1], {0, 1}, set(range(2, 10))),
    # a group never passes a fifth to reach the next type
    ([5, 5, 30, 30, 5, 5, 5, 5, 5, 5], {0, 1}, {6, 7, 8, 9}),
])
def test_deprivation_groups_keep_ties_together(populations, most, least):
    index = pd.Series([1 + k // 2 for k in range(10)], dtype=float)
    groups = deprivation_groups(index, pd.Series(populations, dtype=float))
    assert set(groups.index[groups == "most"]) == most
    assert set(groups.index[groups == "least"]) == least


def test_the_full_html_passes_axe(world, tmp_path, monkeypatch):
    """With every further section present (map, intersections, decomposition, commentary,
    voices): no serious or critical violation of WCAG 2.1 A/AA."""
    import jamlik.reports._equality as report_module
    from report_axe import serious_violations

    save_commentary(world, 1, "livslangd", "Skillnaden ligger i de äldre åldrarna.", "a")
    monkeypatch.setattr(report_module, "default_voices", lambda: lambda *a, **k: [
        {"text": "Många nämner otrygga skolvägar.", "source": "Enkät 2024"}])
    report, _ = equality_report(world, tmp_path / "rapport.html", municipality="9999")
    html = report.read_text(encoding="utf-8")
    assert all(part in html for part in ("Karta över", "Vad invånarna säger",
                                         "Analytikernas kommentar", "mest och minst utsatta"))
    bad = serious_violations(report)
    assert not bad


def test_voices_by_target_area_in_words(monkeypatch):
    """The report's voices are the voices package's ``voices_by_target_area`` in words:
    each theme's share with its interval and counts, the quotes, and a source that says
    when the answers are no random sample."""
    import jamlik.voices
    from jamlik.reports._equality_extra import default_voices

    def by_target(engine, *, programme_id=None, **_):
        return [{"target_area": "MO1", "collections": [{
            "title": "Trygghetsvandring", "title_en": "Safety walk", "period": "2024",
            "random_sample": False,
            "themes": [{"name": "Otrygga skolvägar", "name_en": "Unsafe routes to school",
                        "all": {"value": 0.42, "lower": 0.31, "upper": 0.54, "n": 60,
                                "x": 25, "suppressed": False}},
                       {"name": "Dolt", "all": {"suppressed": True, "value": None}}],
            "quotes": [{"text": "Det är mörkt vid busshållplatsen.", "area_name": "Hjällbo"}]}]},
            {"target_area": "MO2", "collections": []}]

    monkeypatch.setattr(jamlik.voices, "voices_by_target_area", by_target, raising=False)
    say = default_voices()
    items = say(None, 1, "MO1", lang="sv")
    assert [i["text"] for i in items] == [
        "Otrygga skolvägar: 42 % av svaren (25 av 60; 95 % KI 31–54 %).",
        "”Det är mörkt vid busshållplatsen.” (Hjällbo)"]
    assert items[0]["source"] == "Trygghetsvandring, 2024; inget slumpmässigt urval"
    assert say(None, 1, "MO1", lang="en")[0]["text"].startswith("Unsafe routes to school: 42%")
    assert say(None, 1, "MO2") == []
