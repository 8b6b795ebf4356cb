"""The commands of ``jamlik program``, ``jamlik followup`` and ``jamlik report``."""

from __future__ import annotations

from importlib import resources

import openpyxl
import pytest
import typer
import yaml
from followup_world import STRUCTURE, add_indicators
from typer.testing import CliRunner

from jamlik.cli import _program
from jamlik.program import TemplateErrors
from jamlik.store import connect

GOTEBORG = str(resources.files("jamlik.data").joinpath("program-goteborg-2018-2026.yaml"))


@pytest.fixture
def cli(tmp_path, monkeypatch):
    engine = connect(f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setattr(_program, "_engine", lambda: engine)
    app = typer.Typer()
    _program.register(app)
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=True)
        result.text = " ".join(result.output.split())  # Rich wraps long lines
        return result

    yield run, engine
    engine.dispose()


def test_programme_follow_up_and_report_from_the_command_line(cli, tmp_path):
    run, engine = cli
    result = run("program", "import", GOTEBORG)
    assert result.exit_code == 0, result.output
    assert "program 1, version 1 (nytt program)" in result.text
    assert "version 1 (oförändrat)" in run("program", "import", GOTEBORG).text
    add_indicators_for_goteborg(engine)
    structure = tmp_path / "struktur.yaml"
    structure.write_text(yaml.safe_dump(goteborg_structure(), allow_unicode=True),
                         encoding="utf-8")
    result = run("program", "import", structure)
    assert "5 organisationer, 0 kommissioner, 1 planer, 5 aktiviteter" in result.text
    assert run("program", "export", tmp_path / "ut.yaml").exit_code == 0
    assert yaml.safe_load((tmp_path / "ut.yaml").read_text(encoding="utf-8"))["revision"] == 1
    assert run("program", "activities", tmp_path / "akt.xlsx", "--plan", "plan-1",
               "--export").exit_code == 0
    # every command that writes a file takes -o/--output (issue 10, kind 11)
    assert run("program", "export", "-o", tmp_path / "ut2.yaml").exit_code == 0
    assert (tmp_path / "ut2.yaml").read_text(encoding="utf-8") == (
        tmp_path / "ut.yaml").read_text(encoding="utf-8")
    assert run("program", "activities", "--plan", "plan-1", "-o", tmp_path / "akt2.xlsx"
               ).exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "akt2.xlsx").sheetnames == (
        openpyxl.load_workbook(tmp_path / "akt.xlsx").sheetnames)
    both = run("program", "activities", tmp_path / "akt.xlsx", "--plan", "plan-1", "-o",
               tmp_path / "akt3.xlsx")
    assert "inte båda" in str(both.exception) and not (tmp_path / "akt3.xlsx").exists()

    result = run("followup", "open", "--year", 2024, "--deadline", "2025-02-28", "--author",
                 "Maria")
    assert ("uppföljning 1 öppnad: Årsuppföljning 2024, 4 statusrapporter från 3 "
            "organisationer") in result.text
    template = tmp_path / "kn.xlsx"
    assert run("followup", "template", "--organisation", "kf", "--output", template
               ).exit_code == 0
    book = openpyxl.load_workbook(template)
    book["Statusrapporter"]["F2"] = "klar"
    book.save(template)
    broken = run("followup", "ingest", template)
    assert isinstance(broken.exception, TemplateErrors)
    assert "rad 2, kolumn 'status': väntade en av ej påbörjad" in str(broken.exception)
    book["Statusrapporter"]["F2"] = "pågående"
    book.save(template)
    result = run("followup", "ingest", template, "--submit", "--author", "Sara")
    assert "kn.xlsx: 1 sparade, 1 oförändrade, 1 inskickade" in result.text
    status = run("followup", "status")
    assert status.exit_code == 0 and "Kulturfö" in status.text
    # Kulturförvaltningen: 2 reports, 1 submitted, 1 not started, no drafts, none returned,
    # 1 missing: the same count the annual report lists ("1 av 2")
    assert "│ 2 │ 1 │ 1 │ 0 │ 0 │ 1 │" in status.text
    report = run("report", "annual", "--output", tmp_path / "arsbokslut.html")
    assert report.exit_code == 0, report.output
    assert "Årsbokslut 2024" in (tmp_path / "arsbokslut.html").read_text(encoding="utf-8")
    assert run("followup", "close", 1, "--author", "Maria").exit_code == 0
    bad = run("followup", "open", "--year", 2025, "--deadline", "28/2")
    assert str(bad.exception) == "kolumn '--deadline': väntade ett datum ÅÅÅÅ-MM-DD, fick '28/2'"


def goteborg_structure():
    """The test structure, pointed at Göteborg's programme and its strategy codes."""
    structure = {**STRUCTURE, "programme": "goteborg-jamlik-stad-2018-2026"}
    return yaml.safe_load(yaml.safe_dump(structure, allow_unicode=True))


def add_indicators_for_goteborg(engine):
    # the test structure links to two indicators; Göteborg's programme has MO1 and MO2 too
    add_indicators(engine)
