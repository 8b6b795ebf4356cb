"""One HEAT Plus template validation in every reader (issues 8 and 10, kind 1).

Each odd or bad template below goes through both ``jamlik import`` and ``jamlik
inequality``: both must accept it or refuse it, with the same message and the same
printed warning. Before, ``inequality`` computed D = −13.6 on an ordered dimension
whose subgroup_order was 5, 2, 3 and accepted a template without reference_subgroup,
while ``import`` refused a blank subgroup_order on a non-ordered dimension.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jamlik.cli import app
from jamlik.errors import InputError
from jamlik.ingest import TEMPLATE_COLUMNS

FIXTURES = Path(__file__).parents[1] / "fixtures" / "heat_template"
RUNNER = CliRunner()


def template(changes=None, *, keep=None, drop=()):
    """WHO's example (tests/fixtures/heat_template/who_example.csv) with ``changes``."""
    with open(FIXTURES / "who_example.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for index, values in (changes or {}).items():
        rows[index].update(values)
    rows = [rows[i] for i in (keep if keep is not None else range(len(rows)))]
    columns = [c for c in TEMPLATE_COLUMNS if c not in drop]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


ORDER = "subgroup_order i dimensionen 'Economic status (wealth quintile)' ska vara"
CASES = {
    # issue 10: the ordered dimension 5, 2, 3 (inequality gave D = -13.6)
    "ordered_5_2_3": (template({0: {"subgroup_order": "5"}, 1: {"subgroup_order": "2"},
                                2: {"subgroup_order": "3"}}, keep=[0, 1, 2, 5, 6, 7]),
                      f"rad 2, kolumn 'subgroup_order': {ORDER} 1, 2, …, 3 (en gång var), "
                      "fick 2, 3, 5", None),
    "no_reference_column": (template(drop=("reference_subgroup",)),
                            "rad 1: kolumner som HEAT Plus-mallen kräver saknas: "
                            "reference_subgroup", None),
    "blank_order_ordered": (template({3: {"subgroup_order": ""}}),
                            "rad 5, kolumn 'subgroup_order': värde saknas (en ordnad dimension "
                            "kräver subgroup_order 1, 2, …)", None),
    "order_in_non_ordered": (template({6: {"subgroup_order": "3"}}),
                             "rad 8, kolumn 'subgroup_order': i en dimension som inte är ordnad "
                             "(ordered_dimension 0) ska subgroup_order vara 0, fick '3'", None),
    "two_references": (template({8: {"reference_subgroup": "1"}}),
                       "rad 10, kolumn 'reference_subgroup': dimensionen har redan en "
                       "referensgrupp på rad 7; högst en subgrupp får ha reference_subgroup 1",
                       None),
    "reference_in_ordered": (template({2: {"reference_subgroup": "1"}}),
                             "rad 4, kolumn 'reference_subgroup': en ordnad dimension har ingen "
                             "referensgrupp; reference_subgroup ska vara 0", None),
    # WHO's own example rows leave these blank: read as 0, with the same warning
    "blank_order_non_ordered": (template({i: {"subgroup_order": ""} for i in range(6, 11)}),
                                None, "subgroup_order är tom på 5 rad(er) (först rad 8) i en "
                                "dimension som inte är ordnad; läst som 0, som i WHO:s "
                                "exempelrader (HEAT Plus-mallen kräver subgroup_order 0 där)"),
    "blank_reference": (template({i: {"reference_subgroup": ""} for i in (0, 1, 7)}),
                        None, "reference_subgroup är tom på 3 rad(er) (först rad 2); läst som "
                        "0, som i WHO:s exempelrader (HEAT Plus-mallen kräver "
                        "reference_subgroup: 0 eller 1)"),
    # issue 10 again: `inequality` had its own reader and accepted all of these
    "negative_estimate": (template({0: {"estimate": "-2"}}),
                          "rad 2, kolumn 'estimate': väntade ett tal ≥ 0, fick '-2'", None),
    "subgroup_twice": (template({7: {"subgroup": "aceh"}}),
                       "rad 9: samma setting, date, indicator_abbr, dimension och subgroup som "
                       "rad 7 (setting_average räknas som dimensionen och subgruppen 'total'; två "
                       "källor för samma subgrupp går inte att importera ihop)", None),
    "favourable_differs": (template({1: {"favourable_indicator": "0"}}),
                           "rad 3, kolumn 'favourable_indicator': favourable_indicator är '0' "
                           "men '1' på rad 2; alla rader med samma setting, date, source, "
                           "indicator_abbr måste ha samma favourable_indicator", None),
    "blank_setting": (template({4: {"setting": ""}}),
                      "rad 6, kolumn 'setting': värde saknas", None),
    "blank_scale": (template({4: {"indicator_scale": ""}}),
                    "rad 6, kolumn 'indicator_scale': värde saknas", None),
    "date_not_a_year": (template({0: {"date": "2017-18"}}),
                        "rad 2, kolumn 'date': väntade ett årtal med fyra siffror, fick "
                        "'2017-18'", None),
    "limits_reversed": (template({0: {"ci_lb": "80", "ci_ub": "70"}}),
                        "rad 2, kolumn 'ci_lb': ci_lb (80) är större än ci_ub (70)", None),
    "no_estimate_column": (template(drop=("estimate",)),  # import said "unknown format"
                           "rad 1: kolumner som HEAT Plus-mallen kräver saknas: estimate", None),
    "extra_column": (template().replace("reference_subgroup\n", "reference_subgroup,kommentar\n",
                                        1),
                     None, "kolumnen 'kommentar' ingår inte i HEAT Plus-mallen och lästes inte"),
}


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A store of this test's own (the settings are cached between commands)."""
    from jamlik.config import get_settings

    monkeypatch.setenv("JAMLIK_DATABASE_URL", f"sqlite:///{tmp_path / 'j.db'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _flat(text: str) -> str:
    return " ".join(text.split())  # Rich wraps long lines


@pytest.mark.parametrize("case", sorted(CASES))
def test_import_and_inequality_accept_and_refuse_the_same_templates(case, tmp_path, store):
    text, refusal, warning = CASES[case]
    path = tmp_path / "mall.csv"
    path.write_text(text, encoding="utf-8")
    outcomes = {command: RUNNER.invoke(app, [command, str(path)])
                for command in ("import", "inequality")}
    for command, result in outcomes.items():
        if refusal is None:
            assert result.exit_code == 0, (command, result.output, result.exception)
            assert _flat(warning) in _flat(result.output), (command, result.output)
        else:
            assert isinstance(result.exception, InputError), (command, result.output)
            assert str(result.exception) == f"{path}: {refusal}", command


def _variants(text: str, tmp_path: Path) -> dict[str, Path]:
    """One template as WHO's csv, a Swedish Excel csv (BOM, semicolons, decimal commas)
    and an xlsx workbook."""
    import openpyxl

    rows = list(csv.reader(io.StringIO(text)))
    plain = tmp_path / "mall.csv"
    plain.write_text(text, encoding="utf-8")
    swedish = tmp_path / "mall_sv.csv"
    swedish.write_text("\n".join(";".join(cell.replace(".", ",") if i and cell[:1].isdigit()
                                            else cell for cell in row)
                                   for i, row in enumerate(rows)) + "\n", encoding="utf-8-sig")
    book = openpyxl.Workbook()
    for number, row in enumerate(rows):
        book.active.append([float(c) if number and c and c.replace(".", "", 1).lstrip("-")
                            .isdigit() else (c or None) for c in row])
    workbook = tmp_path / "mall.xlsx"
    book.save(workbook)
    return {"csv": plain, "csv;": swedish, "xlsx": workbook}


@pytest.mark.parametrize("case", ["ordered_5_2_3", "negative_estimate", "blank_reference",
                                  "subgroup_twice"])
def test_every_file_type_gets_the_same_verdict_in_both_commands(case, tmp_path, store):
    text, refusal, warning = CASES[case]
    for kind, path in _variants(text, tmp_path).items():
        for command in ("inequality", "import"):
            result = RUNNER.invoke(app, [command, str(path)])
            if refusal is None:
                assert result.exit_code == 0, (kind, command, result.output, result.exception)
                assert _flat(warning) in _flat(result.output), (kind, command, result.output)
            else:
                assert isinstance(result.exception, InputError), (kind, command, result.output)
                shown = str(result.exception).replace("'-2.0'", "'-2'")  # xlsx holds a float
                assert shown == f"{path}: {refusal}", (kind, command)


def test_who_note_column_is_read_as_flag():
    """WHO's current template calls the free-text column `note` (older ones: `flag`);
    it was listed as an unknown column and its text dropped."""
    from jamlik.ingest import read_heat_template

    text = template().replace(",flag,", ",note,", 1).splitlines()
    first = text[1].split(",")
    first[TEMPLATE_COLUMNS.index("flag")] = "osäker skattning"
    text[1] = ",".join(first)
    parsed = read_heat_template("\n".join(text).encode(), file="mall.csv")
    assert parsed.details["ignored_columns"] == []
    assert parsed.frame["flag"].iloc[0] == "osäker skattning"
    assert "warnings" not in parsed.details
