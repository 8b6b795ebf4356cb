"""jamlik register synth / run: the file, the long format, the store, and clear errors."""

import pandas as pd
import pytest
from typer.testing import CliRunner

from jamlik.cli import app
from jamlik.config import get_settings
from jamlik.ingest import parse_file
from jamlik.jobs import run_register
from jamlik.register import DEFAULT_DEFINITIONS, synthesize_persons
from jamlik.store import export_frame, list_batches

DEFINITIONS = """
areas:
  kommun: {column: municipality, version: Kommun_2025, level: kommun}
  regso: {column: regso, version: RegSO_2025, level: regso}
subgroups:
  kon:
    column: sex
    name: Kön
    values: {1: {code: man, name: Män}, 2: {code: kvinnor, name: Kvinnor}}
indicators:
  - code: forvarvsarbetande_20_64
    name: Förvärvsarbetande 20–64 år
    kind: proportion
    unit: procent
    polarity: higher_better
    population: {age: [20, 64]}
    numerator: {employed: true}
    by: [kon]
"""


@pytest.fixture(scope="module")
def persons(tmp_path_factory):
    path = tmp_path_factory.mktemp("register") / "persons.parquet"
    synthesize_persons(path, persons=8000, years=range(2022, 2024), seed=5)
    return path


def test_synth_and_run_from_the_command_line_write_an_importable_long_format(tmp_path):
    runner = CliRunner()
    persons = tmp_path / "p.parquet"
    done = runner.invoke(app, ["register", "synth", "--persons", "1500", "--years", "2022-2023",
                               "--seed", "2", "-o", str(persons)])
    assert done.exit_code == 0, done.output
    assert "1500 personer, SYNTETISKA data" in done.output
    out = tmp_path / "out.csv"
    done = runner.invoke(app, ["register", "run", str(DEFAULT_DEFINITIONS), "--persons",
                               str(persons), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert "undertryckta" in done.output
    name, _parsed, frame, _ = parse_file(out)
    assert name == "csv" and set(frame["indicator"]) == {
        "forvarvsarbetande_20_64", "ekonomiskt_bistand_20_64", "gymnasiebehorighet",
        "disponibel_inkomst_medel"}
    withheld = frame[frame["suppressed"]]
    assert withheld["value"].isna().all() and withheld["suppression_reason"].notna().all()


def test_run_into_the_store_is_one_batch_and_a_repeat_is_a_no_op(persons, tmp_path, store):
    definitions = tmp_path / "defs.yaml"
    definitions.write_text(DEFINITIONS, encoding="utf-8")
    first = run_register(definitions, persons, store=store)
    assert first.batch is not None and not first.batch.already_imported
    stored = export_frame(store)
    assert len(stored) == len(first.frame)
    shown = stored[~stored["suppressed"].astype(bool)]
    assert shown["numerator"].notna().all() and shown["denominator"].notna().all()
    again = run_register(definitions, persons, store=store)
    assert again.batch.already_imported and len(list_batches(store)) == 1


def test_errors_name_the_file_and_what_is_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JAMLIK_DATABASE_URL", f"sqlite:///{tmp_path / 'j.db'}")
    get_settings.cache_clear()
    frame = pd.DataFrame({"person_id": [1], "year": [2023], "birth_year": [1980]})
    path = tmp_path / "few.csv"
    frame.to_csv(path, index=False)
    from jamlik.cli import main

    for arguments, message in (
        (["register", "run", str(DEFAULT_DEFINITIONS), "--persons", str(path), "-o",
          str(tmp_path / "o.csv")], f"{path}: rad 1, kolumn "),
        (["register", "run", str(DEFAULT_DEFINITIONS), "--persons", str(path)],
         "ange -o/--output FIL eller --store"),
        (["register", "synth", "--persons", "10", "--years", "2023-2020", "-o", "x.parquet"],
         "--years: 2023 kommer efter 2020"),
    ):
        monkeypatch.setattr("sys.argv", ["jamlik", *arguments])
        with pytest.raises(SystemExit) as exit_:
            main()
        assert exit_.value.code == 2
        assert message in capsys.readouterr().err
    get_settings.cache_clear()
