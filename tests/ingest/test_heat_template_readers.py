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
}


def _flat(text: str) -> str:
    return " ".join(text.split())  # Rich wraps long lines


@pytest.mark.parametrize("case", sorted(CASES))
def test_import_and_inequality_accept_and_refuse_the_same_templates(case, tmp_path,
                                                                    monkeypatch):
    text, refusal, warning = CASES[case]
    path = tmp_path / "mall.csv"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("JAMLIK_DATABASE_URL", f"sqlite:///{tmp_path / 'j.db'}")
    outcomes = {command: RUNNER.invoke(app, [command, str(path)])
                for command in ("import", "inequality")}
    for command, result in outcomes.items():
        if refusal is None:
            assert result.exit_code == 0, (command, result.output, result.exception)
            assert _flat(warning) in _flat(result.output), (command, result.output)
        else:
            assert isinstance(result.exception, InputError), (command, result.output)
            assert str(result.exception) == f"{path}: {refusal}", command
