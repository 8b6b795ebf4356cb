"""``jamlik uptake match|evaluate`` on the project's labelled passages and small files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jamlik.jobs import evaluate_labels, read_labels, split_of

LABELS = Path(__file__).parents[1] / "fixtures" / "uptake" / "labels.csv"


def run(*args, cwd: Path, db: Path | None = None):
    env = {**os.environ, "JAMLIK_DATABASE_URL": f"sqlite:///{db or cwd / 'x.db'}"}
    return subprocess.run([sys.executable, "-m", "jamlik", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=300)


def test_labelled_set_covers_the_programme():
    labelled = read_labels(LABELS)
    assert len(labelled) >= 150
    codes = {item.expected for item in labelled}
    assert {code.split(".")[0] for code in codes} == {"MO1", "MO2", "MO3", "MO4"}
    assert len([c for c in codes if "." in c]) == 26  # every strategy
    held_out = [item for item in labelled if split_of(item.id) == "held-out"]
    assert 0.25 < len(held_out) / len(labelled) < 0.45


def test_held_out_figures_meet_the_aim():
    """The issue's aim on passages never used for tuning: right target area first in
    ≥ 85 %, right strategy in the top three in most; better than BM25 on names."""
    result = evaluate_labels(LABELS, split="held-out")
    combined = result.overall["combined"]
    assert combined.area_top1 >= 0.85
    assert combined.top3 >= 0.75
    assert result.baseline is not None and combined.top1 > result.baseline.top1 + 0.2
    assert result.overall["explicit"].top1 < combined.top1  # each kind alone is weaker


def test_match_csv_as_json(tmp_path):
    (tmp_path / "p.csv").write_text(
        'id,text\na,"Bokstart har nått fler familjer, och biblioteken har haft sagostunder."\n'
        "b,Inom MO4.2 har valnämnden informerat om valet.\n"
        "c,Nämnden har haft elva sammanträden.\n", encoding="utf-8")
    result = run("uptake", "match", "p.csv", "--top", "2", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert set(records[0]) == {"passage_id", "rank", "kind", "code", "target_area", "score",
                               "evidence"}
    first = {r["passage_id"]: r for r in records if r["rank"] == 1}
    assert first["a"]["code"] == "MO1.4" and first["a"]["kind"] == "strategy"
    assert first["b"]["code"] == "MO4.2" and first["b"]["evidence"][0]["kind"] == "explicit"
    assert "c" not in first  # nothing about the programme: no match proposed
    written = run("uptake", "match", "p.csv", "--top", "2", "--format", "json", "-o",
                  "m.json", cwd=tmp_path)
    assert written.returncode == 0 and written.stdout == "", written.stderr
    assert json.loads((tmp_path / "m.json").read_text(encoding="utf-8")) == records


def test_evaluate_prints_figures(tmp_path):
    result = run("uptake", "evaluate", str(LABELS), "--split", "held-out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for word in ("top-1", "top-3", "MRR", "nDCG@10", "combined", "explicit", "reuse", "theme",
                 "MO1", "MO4"):
        assert word in result.stdout


@pytest.mark.parametrize(("content", "message"), [
    ("id,txt\na,b\n", "p.csv: rad 1: kolumnen 'text' saknas; väntade kolumnerna id,text"),
    ("id,text\na,x\na,y\n", "p.csv: rad 3, kolumn 'id': id 'a' finns redan"),
])
def test_bad_passage_files(tmp_path, content, message):
    (tmp_path / "p.csv").write_text(content, encoding="utf-8")
    result = run("uptake", "match", "p.csv", cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_expected_code_names_the_row(tmp_path):
    (tmp_path / "l.csv").write_text("id,text,expected_code\na,Bokstart,MO1.4\nb,Val,MO9\n",
                                    encoding="utf-8")
    result = run("uptake", "evaluate", "l.csv", cwd=tmp_path)
    assert result.returncode == 2
    assert "l.csv: rad 3, kolumn 'expected_code': okänd kod 'MO9'" in result.stderr


def test_documents_import_run_and_review(tmp_path):
    from importlib import resources

    from jamlik.program import create_organisation, load_programme, read_programme
    from jamlik.store import connect

    db = tmp_path / "store.db"
    engine = connect(f"sqlite:///{db}")
    load_programme(engine, read_programme(
        str(resources.files("jamlik.data").joinpath("program-goteborg-2018-2026.yaml"))))
    create_organisation(engine, code="valn", name="Valnämnden", kind="board")
    engine.dispose()
    (tmp_path / "valn.txt").write_text("Valet\n\nInom MO4.2 har valnämnden informerat om "
                                       "förtidsröstning i Bergsjön.\n", encoding="utf-8")
    first = run("documents", "import", "valn.txt", "--organisation", "valn", "--year", "2024",
                cwd=tmp_path, db=db)
    again = run("documents", "import", "valn.txt", "--organisation", "valn", "--year", "2024",
                cwd=tmp_path, db=db)
    assert "valn.txt: dokument 1, 1 passager" in first.stderr
    assert "redan inläst; inget ändrat" in again.stderr
    ran = run("uptake", "run", "--year", "2024", cwd=tmp_path, db=db)
    assert ran.returncode == 0 and "2024: 1 passager" in ran.stderr
    bad = run("uptake", "review", "1", "reassign", cwd=tmp_path, db=db)
    assert bad.returncode == 2 and "--code: en omfördelning behöver en ny kod" in bad.stderr
    good = run("uptake", "review", "1", "confirm", "--author", "kim", cwd=tmp_path, db=db)
    assert good.returncode == 0 and "förslag 1: confirm" in good.stderr
