"""``jamlik sites import/export`` and ``jamlik access --kind --municipality`` on the store."""

from __future__ import annotations

import json

import pandas as pd
import pytest


SITES = """id,name,x,y,capacity,valid_from
B1,Stadsbiblioteket,319700,6399900,60,2020-01-01
B2,Angereds bibliotek,328900,6410600,40,
"""


@pytest.fixture
def jamlik(tmp_path, jamlik_cli, monkeypatch):
    """Run ``jamlik ARGS`` on a store of its own, through the real entry point."""
    monkeypatch.setenv("JAMLIK_DATABASE_URL", f"sqlite:///{tmp_path / 'store.db'}")
    monkeypatch.chdir(tmp_path)
    return jamlik_cli


def test_import_export_and_a_revision(jamlik, tmp_path):
    (tmp_path / "bib.csv").write_text(SITES, encoding="utf-8")
    done = jamlik("sites", "import", "bib.csv", "--kind", "library", "--kind-name", "Bibliotek")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("bib.csv: 2 nya, 0 ändrade, 0 oförändrade platser av typen "
                                  "library (omgång ")
    assert jamlik("sites", "import", "bib.csv", "--kind", "library").stdout == (
        "bib.csv: 0 nya, 0 ändrade, 2 oförändrade platser av typen library\n")
    (tmp_path / "bib2.csv").write_text(SITES.replace(",40,", ",45,"), encoding="utf-8")
    assert "0 nya, 1 ändrade, 1 oförändrade" in jamlik(
        "sites", "import", "bib2.csv", "--kind", "library").stdout
    assert jamlik("sites", "export", "ut.csv", "--history").returncode == 0
    history = pd.read_csv(tmp_path / "ut.csv")
    assert history.loc[history["id"] == "B2", "capacity"].tolist() == [40.0, 45.0]
    assert jamlik("sites", "export", "nu.xlsx").returncode == 0
    current = pd.read_excel(tmp_path / "nu.xlsx")
    assert current["capacity"].tolist() == [60.0, 45.0]


def test_a_bad_file_is_refused_with_one_line_and_nothing_written(jamlik, tmp_path):
    (tmp_path / "bad.csv").write_text(SITES.replace("328900,6410600", "6410600,328900"),
                                      encoding="utf-8")
    done = jamlik("sites", "import", "bad.csv", "--kind", "library")
    assert done.returncode == 2
    assert done.stderr == ("Fel: bad.csv: rad 3, kolumn 'x': x och y verkar ombytta "
                           "(6410600, 328900): x är östlig koordinat (181 896–1 086 313 m), "
                           "y nordlig (6 090 354–7 689 478 m) i SWEREF 99 TM\n")
    assert jamlik("sites", "export", "ut.csv").returncode == 0
    assert pd.read_csv(tmp_path / "ut.csv").empty
    wrong = jamlik("sites", "export", "ut.json")
    assert wrong.returncode == 2 and "måste sluta på .csv eller .xlsx" in wrong.stderr


def test_access_on_the_store_needs_both_options_and_stored_people(jamlik, tmp_path):
    (tmp_path / "bib.csv").write_text(SITES, encoding="utf-8")
    jamlik("sites", "import", "bib.csv", "--kind", "library")
    alone = jamlik("access", "--kind", "library")
    assert alone.returncode == 2
    assert alone.stderr == "Fel: --kind och --municipality hör ihop: ange båda\n"
    neither = jamlik("access")
    assert neither.stderr == "Fel: ange --demand och --sites, eller --kind och --municipality\n"
    unknown = jamlik("access", "--kind", "pool", "--municipality", "1480")
    assert unknown.stderr.startswith("Fel: det finns inga platser av typen 'pool'")
    nobody = jamlik("access", "--kind", "library", "--municipality", "1480")
    assert nobody.returncode == 2
    assert "indikatorn 'barn_0_5' finns inte i databasen" in nobody.stderr


def test_access_on_the_store_writes_indicators(jamlik, tmp_path):
    from jamlik.demo._geography import load_geography
    from jamlik.demo._places import children, children_frame
    from jamlik.jobs import area_points
    from jamlik.store import connect, write_batch

    import numpy as np

    engine = connect(f"sqlite:///{tmp_path / 'store.db'}")
    load_geography(engine)
    points = area_points(engine, municipality="1480")
    write_batch(engine, children_frame(points, children(points, np.random.default_rng(3))),
                format="demo", source="test", file_hash="children", is_example=True)
    (tmp_path / "bib.csv").write_text(SITES, encoding="utf-8")
    jamlik("sites", "import", "bib.csv", "--kind", "library")
    done = jamlik("access", "--kind", "library", "--municipality", "1480", "--threshold", "1500")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["indicators"] == ["tillgang_library_avstand", "tillgang_library_langt",
                                    "tillgang_library_2sfca"]
    assert answer["demand"]["indicator"] == "barn_0_5" and len(answer["access"]) == 147
    assert {m["measure"] for m in answer["measures"]} >= {"SII", "RII"}
    again = json.loads(jamlik("access", "--kind", "library", "--municipality", "1480",
                              "--threshold", "1500").stdout)
    assert again["already_stored"] is True
