"""jamlik fetch end to end against the local fake APIs, on SQLite and PostgreSQL:
one batch per fetch, a repeated fetch a no-op, an updated table a new batch with history."""

import pytest
from typer.testing import CliRunner

from jamlik.cli import app
from jamlik.config import get_settings
from jamlik.jobs import fetch_kolada, fetch_scb
from jamlik.store import check_integrity, export_frame, list_batches

from .fake_api import TABLE_ID, FakeServer, cell_value


@pytest.fixture
def server(monkeypatch, tmp_path):
    with FakeServer() as fake:
        monkeypatch.setenv("JAMLIK_SCB_URL", f"{fake.url}/api/v2")
        monkeypatch.setenv("JAMLIK_KOLADA_URL", f"{fake.url}/v3")
        monkeypatch.setenv("JAMLIK_FETCH_CACHE", str(tmp_path / "cache"))
        monkeypatch.setenv("JAMLIK_KOLADA_CALLS_PER_WINDOW", "100")
        get_settings.cache_clear()
        yield fake
    get_settings.cache_clear()


def current_values(engine):
    frame = export_frame(engine)
    return dict(zip(frame["area_code"] + "|" + frame["period"] + "|" + frame["subgroup"],
                    frame["value"]))


def test_a_split_fetch_is_one_batch_and_an_unchanged_table_is_not_imported_twice(server, store):
    result = fetch_scb(TABLE_ID, engine=store, select=["Region=0180,1280,1480", "Tid=2019..2023"])
    assert result.parts > 1 and result.from_cache == 0
    batches = list_batches(store)
    assert len(batches) == 1
    values = current_values(store)
    assert len(values) == 3 * 2 * 5
    expected = sorted(cell_value((r, s, "BE0101N1", str(y)), 1) for r in ("0180", "1280", "1480")
                      for s in ("1", "2") for y in range(2019, 2024))
    assert sorted(values.values()) == pytest.approx(expected)
    again = fetch_scb(TABLE_ID, engine=store, select=["Region=0180,1280,1480", "Tid=2019..2023"])
    assert again.batch.already_imported and again.from_cache == again.parts
    check_integrity(store)


def test_a_table_updated_between_two_fetches_is_a_new_batch_and_history_is_kept(server, store):
    select = ["Region=1480", "Tid=2022..2023"]
    first = fetch_scb(TABLE_ID, engine=store, select=select)
    before = current_values(store)
    server.api.version = 2
    second = fetch_scb(TABLE_ID, engine=store, select=select)
    assert second.batch.batch_id != first.batch.batch_id
    assert second.batch.rows_revised == len(before) == 4
    after = current_values(store)
    assert all(after[key] == pytest.approx(value + 1000) for key, value in before.items())
    history = export_frame(store, history=True)
    assert history["superseded_by_batch_id"].notna().sum() == 4
    check_integrity(store)


def test_kolada_pages_become_one_batch(server, store):
    result = fetch_kolada(engine=store, kpis=["N00945"], municipalities=["1480", "0180"],
                          years=[2022, 2023])
    assert result.parts == 2 and len(list_batches(store)) == 1  # 4 entries over 2 pages
    assert len(current_values(store)) == 2 * 2 * 3


def test_the_command_line_fetches_with_a_progress_bar_and_says_what_it_did(server, tmp_path,
                                                                           monkeypatch):
    monkeypatch.setenv("JAMLIK_DATABASE_URL", f"sqlite:///{tmp_path / 'j.db'}")
    get_settings.cache_clear()
    runner = CliRunner()
    done = runner.invoke(app, ["fetch", "scb", TABLE_ID, "--select", "Region=1480",
                               "--select", "Tid=2021..2023"])
    assert done.exit_code == 0, done.output
    assert f"SCB {TABLE_ID}: omgång 1 (1 delar): 6 rader, 6 nya" in done.output
    again = runner.invoke(app, ["fetch", "scb", TABLE_ID, "--select", "Region=1480",
                                "--select", "Tid=2021..2023"])
    assert "oförändrad sedan omgång 1 (1 delar, 1 från cachen); inget ändrat" in again.output
    kolada = runner.invoke(app, ["fetch", "kolada", "--kpi", "N00945,N01951",
                                 "--municipality", "1480", "--years", "2021-2023"])
    assert kolada.exit_code == 0, kolada.output
    assert "Kolada: omgång 2" in kolada.output


@pytest.mark.parametrize(("arguments", "message"), [
    (["fetch", "scb", TABLE_ID, "--select", "Region=9999"],
     "--select Region: tabellen TAB9999 har ingen kod '9999'"),
    (["fetch", "kolada", "--kpi", "N00945", "--municipality", "1480", "--years", "2023-2021"],
     "--years: 2023 kommer efter 2021"),
    (["fetch", "scb", TABLE_ID, "--api", "v3"], "api: väntade v2 eller v1, fick 'v3'"),
])
def test_bad_options_get_one_line_naming_the_option(server, tmp_path, monkeypatch, arguments,
                                                    message):
    monkeypatch.setenv("JAMLIK_DATABASE_URL", f"sqlite:///{tmp_path / 'j.db'}")
    get_settings.cache_clear()
    from jamlik.cli import main

    monkeypatch.setattr("sys.argv", ["jamlik", *arguments])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
