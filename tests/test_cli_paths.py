"""CLI usage and paths as a good Unix tool (issue 10, kinds 6 and 11, cases found after
the first fix): an output that cannot be written, a folder given as input, a batch id
beyond the store's integers and a bad number are refused with one line and exit 2,
never a traceback."""

from __future__ import annotations

import pytest



@pytest.fixture
def heat_file(tmp_path):
    from pathlib import Path

    return Path(__file__).parent / "fixtures" / "heat_template" / "who_example.csv"


@pytest.mark.parametrize("where", ["folder", "missing_folder"])
def test_an_output_that_cannot_be_written_is_refused(jamlik_cli, heat_file, tmp_path, where):
    # before: a traceback (IsADirectoryError, FileNotFoundError on '<out>.partial')
    target = tmp_path if where == "folder" else tmp_path / "finns_inte" / "ut.csv"
    ran = jamlik_cli("inequality", str(heat_file), "--measures", "D", "-o", str(target))
    assert ran.returncode == 2, ran
    assert "Traceback" not in ran.stderr
    expected = ("är en mapp; ange en fil att skriva" if where == "folder"
                else f"mappen '{tmp_path / 'finns_inte'}' finns inte")
    assert ran.stderr.strip().endswith(f"{target}: {expected}"), ran.stderr
    assert not list(tmp_path.glob("**/*.partial"))


def test_export_to_a_missing_folder_is_refused_before_reading_the_store(jamlik_cli, tmp_path,
                                                                       monkeypatch):
    monkeypatch.setenv("JAMLIK_DATABASE_URL", f"sqlite:///{tmp_path / 'j.db'}")
    target = tmp_path / "finns_inte" / "ut.csv"
    ran = jamlik_cli("export", "-o", str(target))
    assert ran.returncode == 2 and "Traceback" not in ran.stderr, ran
    assert ran.stderr.strip().endswith(f"{target}: mappen '{target.parent}' finns inte")


def test_a_folder_given_to_a_statistics_command_is_named_a_folder(jamlik_cli, tmp_path):
    # before: "filen finns inte" for a folder that exists
    for command in ("sii", "dsr", "lifeexp"):
        ran = jamlik_cli(command, str(tmp_path))
        assert ran.returncode == 2, (command, ran)
        assert ran.stderr.strip().endswith(f"{tmp_path}: väntade en fil, fick en mapp")


def test_a_batch_id_beyond_the_stores_integers_is_no_such_batch(jamlik_cli, tmp_path,
                                                                monkeypatch):
    # before: OverflowError: Python int too large to convert to SQLite INTEGER
    monkeypatch.setenv("JAMLIK_DATABASE_URL", f"sqlite:///{tmp_path / 'j.db'}")
    ran = jamlik_cli("rollback", "99999999999999999999999")
    assert ran.returncode == 2 and "Traceback" not in ran.stderr, ran
    assert ran.stderr.strip().endswith("importomgång 99999999999999999999999 finns inte")


def test_a_bad_number_is_named_in_the_users_language(jamlik_cli, heat_file):
    # before: "Input should be a valid integer, unable to parse string as an integer"
    ran = jamlik_cli("inequality", str(heat_file), "--reps", "abc")
    assert ran.returncode == 2
    assert ran.stderr.strip().endswith("ogiltigt värde för flaggan --reps: väntade ett heltal")
    ran = jamlik_cli("--lang", "en", "inequality", str(heat_file), "--reps", "abc")
    assert ran.stderr.strip().endswith("invalid value for option --reps: expected a whole number")
