"""Issue 11: statistics that cannot be computed say why; every command names file and row.

The inputs are the small cases in tests/fixtures/real-files (h01–h03, d03, s01, l02).
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from jamlik.cli import _stats_heat, _stats_life, _stats_uk
from jamlik.errors import InputError
from jamlik.stats._heat import summary_measures

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real-files"
runner = CliRunner()


def invoke(module, *args):
    app = typer.Typer()

    @app.callback()
    def main() -> None:  # keeps the command a sub-command, as in the real app
        """jamlik"""

    module.register(app)
    return runner.invoke(app, [str(a) for a in args])


def heat(name: str) -> pd.DataFrame:
    result = invoke(_stats_heat, "inequality", REAL / name)
    assert result.exit_code == 0, result.output
    return pd.read_csv(io.StringIO(result.stdout)).set_index("measure")


def test_a_ratio_of_negative_estimates_is_refused_with_the_reason():
    # before: R = -0.5 with a log-scale SE; PAF 0 with SE 39.6 beside [0, 0]. The file
    # is not a HEAT Plus template (WHO: estimate >= 0), so `jamlik inequality` refuses it
    # as `jamlik import` does (issue 10, kind 1); a table given to the Python API is
    # still measured, with the reasons.
    result = invoke(_stats_heat, "inequality", REAL / "h03_negative_estimates.csv")
    assert isinstance(result.exception, InputError)
    assert str(result.exception).endswith(
        "h03_negative_estimates.csv: rad 2, kolumn 'estimate': väntade ett tal ≥ 0, fick '-2.0'")
    out = summary_measures(pd.read_csv(REAL / "h03_negative_estimates.csv")).set_index("measure")
    assert np.isnan(out.loc["R", "value"]) and np.isnan(out.loc["R", "se"])
    assert out.loc["R", "reason"].startswith("kräver positiva skattningar")
    assert np.isnan(out.loc["PAF", "value"]) and np.isnan(out.loc["PAF", "se"])
    assert out.loc["PAF", "reason"].startswith("kräver skattningar ≥ 0 och ett positivt medelvärde")
    assert out.loc["D", "value"] == 3.0  # a difference is fine on any scale


def test_no_zero_width_interval_where_the_standard_error_is_undefined():
    # before: PAF -100 with SE 0 and the interval [-100, -100]
    out = heat("h02_zero_estimate.csv")
    assert out.loc["PAF", "value"] == -100
    for measure in ("PAF", "PAR"):
        assert np.isnan(out.loc[measure, ["se", "lower", "upper"]].astype(float)).all()
        assert "referensgrupp med skattning över 0" in out.loc[measure, "reason"]


def test_every_result_row_with_an_interval_has_width_where_se_is_positive():
    frame = pd.read_csv(REAL / "h02_zero_estimate.csv")
    result = summary_measures(frame)
    shown = result.dropna(subset=["lower", "upper"])
    assert ((shown.upper > shown.lower) | (shown.se == 0)).all()


def test_a_dimension_with_one_subgroup_gives_a_row_with_the_reason():
    # before: an empty table
    out = heat("h01_single_subgroup.csv")
    assert len(out) == 1 and out.iloc[0]["reason"] == "kräver minst två undergrupper"


def test_dsr_names_file_and_row_of_a_repeated_band():
    path = REAL / "d03_duplicate_band.csv"
    result = invoke(_stats_uk, "dsr", path)
    assert isinstance(result.exception, InputError)
    assert str(result.exception) == (
        f"{path}: rad 21: åldersband förekommer flera gånger för {{'area': 'X'}}: 90+")


def test_sii_names_the_file_and_what_it_needs():
    path = REAL / "s01_single_group.csv"
    result = invoke(_stats_uk, "sii", path)
    assert isinstance(result.exception, InputError)
    assert str(result.exception).startswith(
        f"{path}: antalet kvantiler måste vara mellan 5 och 100, fick 1 (SII och RII kräver en "
        "rad per kvantil")


def test_lifeexp_missing_90_suggests_open_band_85():
    path = REAL / "l02_open85.csv"
    result = invoke(_stats_life, "lifeexp", path)
    assert isinstance(result.exception, InputError)
    assert str(result.exception) == (
        f"{path}: rad 2: åldrar saknas för area='A', sex='T': 90; tabellen slutar med "
        "åldersgruppen 85: är den den öppna gruppen 85+? Ange då --open-band 85")
    assert invoke(_stats_life, "lifeexp", "--open-band", "85", path).exit_code == 0
