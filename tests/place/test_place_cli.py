"""``jamlik place``, ``access`` and ``allocate`` on plain files, as a planner runs them."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pytest


DEMAND = """id,x,y,weight,district
d1,319000,6399000,10,A
d2,319500,6399000,20,A
d3,321000,6399000,30,B
d4,325000,6399000,40,C
"""
CANDIDATES = """id,x,y,district
c1,319200,6399000,A
c2,321100,6399000,B
c3,325100,6399000,C
"""
EXISTING = "id,x,y,district\ne1,319000,6399100,A\n"
NEED = """area,population,need,floor,cap,last_year
Angered,1200,1.8,,,400000
Majorna,900,0.9,100000,,350000
Centrum,1500,0.6,,500000,420000
"""


@pytest.fixture
def run(jamlik_cli, monkeypatch):
    """Run ``jamlik ARGS`` in ``cwd`` through the real entry point."""

    def runner(*args, cwd):
        monkeypatch.chdir(cwd)
        return jamlik_cli(*args)

    return runner


@pytest.fixture
def files(tmp_path):
    for name, text in (("D.csv", DEMAND), ("C.csv", CANDIDATES), ("E.csv", EXISTING),
                       ("N.csv", NEED)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_installed_command_writes_only_json_to_stdout(files):
    done = subprocess.run([sys.executable, "-m", "jamlik", "place", "mclp", "--demand", "D.csv",
                           "--candidates", "C.csv", "--radius", "600", "--sites", "1",
                           "--format", "json"], capture_output=True, text=True, cwd=files,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["chosen"] == ["c3"]  # HiGHS' banner kept off stdout


def test_mclp_json_answers_the_documented_shape(files, run):
    done = run("place", "mclp", "--demand", "D.csv", "--candidates", "C.csv", "--existing",
               "E.csv", "--radius", "600", "--sites", "1", "--format", "json", cwd=files)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    # e1 covers d1, d2 (30); c3 adds d4 (40) which beats c2's d3 (30).
    assert result["chosen"] == ["c3"] and result["status"] == "optimal" and result["gap"] == 0
    assert result["covered_weight"] == 70 and result["total_weight"] == 100
    by_district = {row["district"]: row for row in result["coverage"]}
    assert by_district["C"]["share_before"] == 0 and by_district["C"]["share_after"] == 1


def test_min_per_district_names_what_cannot_be_met(files, run):
    args = ("place", "mclp", "--demand", "D.csv", "--candidates", "C.csv", "--existing",
            "E.csv", "--radius", "600", "--min-per-district")
    result = json.loads(run(*args, "--sites", "1", cwd=files).stdout)
    assert result["status"] == "infeasible" and result["chosen"] == []
    assert "2 distrikt saknar plats (B, C)" in result["reason"]
    result = json.loads(run(*args, "--sites", "2", cwd=files).stdout)
    assert sorted(result["chosen"]) == ["c2", "c3"]  # A has e1, so B and C get one each


def test_lscp_and_pmedian(files, run):
    done = run("place", "lscp", "--demand", "D.csv", "--candidates", "C.csv", "--radius", "300",
               cwd=files)
    assert json.loads(done.stdout)["chosen"] == ["c1", "c2", "c3"]
    done = run("place", "pmedian", "--demand", "D.csv", "--candidates", "C.csv", "--sites", "2",
               cwd=files)
    result = json.loads(done.stdout)
    # c1 for d1, d2 would save 10·200+20·300… vs c2: p-median picks c2 and c3 (hand check:
    # {c2,c3}: 10·2100+20·1600+30·100+40·100 = 60 000; {c1,c3}: 2000+6000+54000+4000 = 66 000).
    assert result["chosen"] == ["c2", "c3"] and result["objective"] == pytest.approx(60_000)
    assert result["covered_weight"] is None


def test_allocate_sums_to_the_budget_in_whole_kronor(files, run):
    done = run("allocate", "--budget", "1200001", "--alpha", "0.5", "--need", "N.csv",
               "--format", "json", cwd=files)
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert [r["area"] for r in records] == ["Angered", "Majorna", "Centrum"]
    assert sum(r["allocation"] for r in records) == 1_200_001
    assert all(isinstance(r["allocation"], int) for r in records)


def test_allocate_scenarios_side_by_side_in_xlsx(files, run):
    done = run("allocate", "--budget", "1200000", "--alpha", "0.5", "--alpha", "1", "--pace",
               "0.1", "--need", "N.csv", "--format", "xlsx", "-o", "a.xlsx", cwd=files)
    assert done.returncode == 0, done.stderr
    book = openpyxl.load_workbook(files / "a.xlsx")
    assert book.sheetnames == ["allocation", "scenarios"]
    rows = list(book["scenarios"].values)
    assert rows[0] == ("area", "alpha=0.5", "alpha=1")
    assert sum(row[1] for row in rows[1:]) == 1_200_000


def test_access_csv(files, run):
    (files / "S.csv").write_text("id,x,y,kind,capacity\ns1,319000,6399000,bibliotek,30\n",
                                 encoding="utf-8")
    done = run("access", "--demand", "D.csv", "--sites", "S.csv", "--threshold", "1000",
               "--format", "csv", cwd=files)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("area,group,kind,population,mean_distance")
    # whole numbers as integers (issue 10, kind 11)
    assert lines[2].startswith("B,alla,bibliotek,30,2000,2000,30,1,0,")


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad.csv", "id,x,y,weight\nd1,319000,6399000,10\nd2,11.97,57.7,5\n",
     "Fel: bad.csv: rad 3, kolumn 'x': (11.97, 57.7) ser ut som grader"),
    ("bad.csv", "id,x,y,weight\nd1,319000,6399000,abc\n",
     "Fel: bad.csv: rad 2, kolumn 'weight': väntade ett tal ≥ 0, fick 'abc'"),
    ("bad.csv", "id,x,weight\nd1,319000,3\n", "Fel: bad.csv: rad 1: saknade kolumner: 'y'"),
    ("bad.csv", "id,x,y,weight\nd1,319000,6399000,1\nd1,319000,6399000,1\n",
     "Fel: bad.csv: rad 3, kolumn 'id': id 'd1' finns redan på rad 2"),
])
def test_bad_demand_file_one_clear_line(files, run, name, text, message):
    (files / name).write_text(text, encoding="utf-8")
    done = run("place", "mclp", "--demand", name, "--candidates", "C.csv", "--radius", "600",
               "--sites", "1", cwd=files)
    assert done.returncode == 2
    assert done.stderr.strip().startswith(message)
    assert "Traceback" not in done.stderr and done.stdout == ""


@pytest.mark.parametrize(("args", "message"), [
    (("--sites", "9"), "Fel: --sites måste vara 0–3 (antalet kandidater i C.csv), fick 9"),
    (("--sites", "1", "--format", "xlsx"), "Fel: --format xlsx kräver --output FIL.xlsx"),
    (("--sites", "1", "--format", "html"), "Fel: --format måste vara en av json, csv, xlsx"),
])
def test_bad_options_name_the_flag(files, run, args, message):
    done = run("place", "mclp", "--demand", "D.csv", "--candidates", "C.csv", "--radius", "600",
               *args, cwd=files)
    assert done.returncode == 2 and done.stderr.strip().startswith(message)


def test_allocate_bad_cell_and_impossible_floors(files, run):
    (files / "bad.csv").write_text("area,population,need\nA,100,hög\n", encoding="utf-8")
    done = run("allocate", "--budget", "100", "--alpha", "0.5", "--need", "bad.csv", cwd=files)
    assert done.stderr.strip() == ("Fel: bad.csv: rad 2, kolumn 'need': väntade ett tal ≥ 0, "
                                   "fick 'hög'")
    done = run("allocate", "--budget", "1000", "--alpha", "0.5", "--need", "N.csv", cwd=files)
    assert done.returncode == 2
    assert "N.csv: golven (inkl. förändringstakten) kräver 100000 kr" in done.stderr
