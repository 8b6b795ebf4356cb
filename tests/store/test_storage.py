"""The storage suite: every test runs on SQLite and on PostgreSQL (fixture ``store``)."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from jamlik.errors import InputError, MetadataConflictError, NotFoundError, StoreError
from jamlik.jobs import write_export
from jamlik.jobs import import_file
from jamlik.store import check_integrity, export_frame, list_batches, rollback_batch
from jamlik.store._models import Area, ImportBatch, Indicator, Observation

HEADER = ("indicator,indicator_name,unit,scale,polarity,kind,area_code,area_version,area_name,period,"
          "dimension,dimension_name,subgroup,subgroup_name,subgroup_order,value,se,population,"
          "suppressed,suppression_reason\n")
ROWS = [
    "medellivslangd,Medellivslängd,år,1,higher_better,life_expectancy,1480,,Göteborg,2023,"
    "kon,Kön,kvinnor,Kvinnor,1,84.1,0.21,300000,,",
    "medellivslangd,Medellivslängd,år,1,higher_better,life_expectancy,1480,,Göteborg,2023,"
    "kon,Kön,man,Män,2,80.2,0.23,299000,,",
    "medellivslangd,Medellivslängd,år,1,higher_better,life_expectancy,1480R001,RegSO_2025,Centrum,"
    "2019-2023,,,,,,82.5,0.6,20000,,",
    "medellivslangd,Medellivslängd,år,1,higher_better,life_expectancy,1480R002,RegSO_2025,Angered,"
    "2019-2023,,,,,,,,4100,1,för få dödsfall",
]


def write(tmp_path, name, rows, header=HEADER, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes((header + "\n".join(rows) + "\n").encode(encoding))
    return path


def count(engine, model=Observation):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar()


def test_import_keeps_values_and_metadata(store, tmp_path):
    result = import_file(write(tmp_path, "a.csv", ROWS), engine=store)
    assert (result.rows_read, result.rows_inserted) == (4, 4)
    frame = export_frame(store)
    women = frame[frame["subgroup"] == "kvinnor"].iloc[0]
    assert women["value"] == 84.1 and women["se"] == 0.21 and women["population"] == 300000
    assert women["area_version"] == "Kommun_2025" and women["area_level"] == "kommun"
    assert women["polarity"] == "higher_better" and women["subgroup_order"] == 1
    angered = frame[frame["area_code"] == "1480R002"].iloc[0]
    assert angered["area_version"] == "RegSO_2025"
    assert bool(angered["suppressed"]) and pd.isna(angered["value"])
    assert angered["suppression_reason"] == "för få dödsfall"
    assert frame["period"].tolist().count("2019-2023") == 2


def test_reimporting_the_same_file_is_a_no_op(store, tmp_path):
    path = write(tmp_path, "a.csv", ROWS)
    first = import_file(path, engine=store)
    again = import_file(path, engine=store)
    assert again.already_imported and again.batch_id == first.batch_id
    assert count(store) == 4 and count(store, ImportBatch) == 1


def test_a_revised_value_keeps_the_old_one_as_history(store, tmp_path):
    import_file(write(tmp_path, "a.csv", ROWS), engine=store)
    revised = [ROWS[0].replace("84.1", "84.3"), *ROWS[1:]]
    result = import_file(write(tmp_path, "b.csv", revised), engine=store)
    assert (result.rows_inserted, result.rows_revised, result.rows_unchanged) == (0, 1, 3)
    current = export_frame(store)
    assert current.loc[current["subgroup"] == "kvinnor", "value"].tolist() == [84.3]
    history = export_frame(store, history=True)
    women = history[history["subgroup"] == "kvinnor"]
    assert women["value"].tolist() == [84.1, 84.3]
    assert women["superseded_by_batch_id"].tolist()[0] == result.batch_id
    assert pd.isna(women["superseded_by_batch_id"].tolist()[1])


def test_rollback_restores_the_superseded_values(store, tmp_path):
    first = import_file(write(tmp_path, "a.csv", ROWS), engine=store)
    before = export_frame(store)
    revised = [ROWS[0].replace("84.1", "84.3"),
               ROWS[1].replace("1480,,Göteborg,2023", "1480,,Göteborg,2024")]
    second = import_file(write(tmp_path, "b.csv", revised), engine=store)
    assert count(store) == 6
    assert rollback_batch(store, second.batch_id) == 2
    pd.testing.assert_frame_equal(export_frame(store), before)
    statuses = {b.id: b.status for b in list_batches(store)}
    assert statuses == {first.batch_id: "active", second.batch_id: "rolled_back"}
    with pytest.raises(StoreError, match=f"importomgång {second.batch_id} är redan återställd"):
        rollback_batch(store, second.batch_id)
    with pytest.raises(NotFoundError, match="importomgång 999 finns inte"):
        rollback_batch(store, 999)
    assert set(check_integrity(store).values()) == {0}
    # after a rollback the same file can be imported again
    assert not import_file(tmp_path / "b.csv", engine=store).already_imported


def test_rolling_back_a_middle_batch_keeps_the_latest_value_current(store, tmp_path):
    import_file(write(tmp_path, "a.csv", ROWS[:1]), engine=store)
    middle = import_file(write(tmp_path, "b.csv", [ROWS[0].replace("84.1", "84.2")]), engine=store)
    import_file(write(tmp_path, "c.csv", [ROWS[0].replace("84.1", "84.3")]), engine=store)
    rollback_batch(store, middle.batch_id)
    assert export_frame(store)["value"].tolist() == [84.3]
    history = export_frame(store, history=True)
    assert history["value"].tolist() == [84.1, 84.3]
    # the first value is still superseded, now by the last batch
    assert history["superseded_by_batch_id"].tolist()[0] == middle.batch_id + 1


def test_a_metadata_conflict_is_refused_and_nothing_is_written(store, tmp_path):
    import_file(write(tmp_path, "a.csv", ROWS[:1]), engine=store)
    conflicting = [ROWS[0].replace("higher_better", "lower_better").replace("84.1", "1"),
                   ROWS[2].replace("higher_better", "lower_better")]
    with pytest.raises(MetadataConflictError, match="polarity 'higher_better' i databasen"):
        import_file(write(tmp_path, "b.csv", conflicting), engine=store)
    assert count(store) == 1 and count(store, ImportBatch) == 1 and count(store, Area) == 1


def test_a_failed_import_leaves_no_trace(store, tmp_path):
    bad = [*ROWS[:3], ROWS[3].replace("4100", "abc")]
    with pytest.raises(InputError, match=r"rad 5, kolumn 'population': väntade ett tal, fick 'abc'"):
        import_file(write(tmp_path, "bad.csv", bad), engine=store)
    assert count(store) == 0 and count(store, Indicator) == 0 and count(store, ImportBatch) == 0


def test_an_area_name_that_differs_is_reported_not_changed(store, tmp_path):
    import_file(write(tmp_path, "a.csv", ROWS[:1]), engine=store)
    renamed = [ROWS[0].replace("Göteborg", "Gbg").replace("2023", "2022")]
    result = import_file(write(tmp_path, "b.csv", renamed), engine=store)
    assert any("'Göteborg' i databasen, 'Gbg' i filen" in w for w in result.warnings)
    assert set(export_frame(store)["area_name"]) == {"Göteborg"}


@pytest.mark.parametrize("fmt,name", [("csv", "out.csv"), ("xlsx", "out.xlsx"),
                                      ("datapackage", "package")])
def test_export_and_reimport_give_the_same_store(store, tmp_path, make_second_store, fmt, name):
    latin1 = write(tmp_path, "a.csv", ROWS, encoding="latin-1")
    import_file(latin1, engine=store)
    exported = export_frame(store)
    assert "Göteborg" in set(exported["area_name"])  # Latin-1 decoded, not mangled
    target = write_export(exported, tmp_path / name, fmt=fmt)
    second = make_second_store(store.dialect.name)
    import_file(target, engine=second)
    pd.testing.assert_frame_equal(export_frame(second), exported)
    # and importing the export into the first store changes nothing
    again = import_file(target, engine=store)
    assert set(check_integrity(store).values()) == {0}
    assert set(check_integrity(second).values()) == {0}
    assert (again.rows_inserted, again.rows_revised) == (0, 0)
    assert again.rows_unchanged == len(exported)


def test_rows_that_disagree_on_metadata_are_refused(store, tmp_path):
    disagreeing = [ROWS[0], ROWS[1].replace("higher_better", "lower_better")]
    with pytest.raises(InputError, match="rad 3, kolumn 'polarity': 'lower_better' skiljer sig "
                                         "från 'higher_better' på rad 2 för samma medellivslangd"):
        import_file(write(tmp_path, "a.csv", disagreeing), engine=store)
    assert count(store, ImportBatch) == 0


def test_check_integrity_finds_an_orphan(store, tmp_path):
    from sqlalchemy import text

    import_file(write(tmp_path, "a.csv", ROWS[:1]), engine=store)
    assert set(check_integrity(store).values()) == {0}
    with store.begin() as conn:
        conn.execute(text("UPDATE observation SET area_id = 9999"))
    assert check_integrity(store)["area_id"] == 1


# -- set-wise classification against the current values ----------------------------

NEW = ("medellivslangd,Medellivslängd,år,1,higher_better,life_expectancy,1480R003,RegSO_2025,"
       "Backa,2019-2023,,,,,,79.9,0.7,5000,,")  # fmt: skip


def test_new_revised_and_unchanged_rows_in_one_file(store, tmp_path):
    import_file(write(tmp_path, "a.csv", ROWS), engine=store)
    revised = [
        ROWS[0].replace("84.1", "84.4"),  # value changed
        ROWS[1],  # unchanged
        ROWS[2].replace(",82.5,0.6,20000,,", ",,,20000,1,för få dödsfall"),  # value -> suppressed
        ROWS[3].replace("för få dödsfall", "sekretess"),  # only the reason text changed
        NEW,  # a new key
    ]
    result = import_file(write(tmp_path, "b.csv", revised), engine=store)
    assert (result.rows_inserted, result.rows_revised, result.rows_unchanged) == (1, 3, 1)
    current = export_frame(store).set_index("area_code")
    assert current.loc["1480R001", "suppression_reason"] == "för få dödsfall"
    assert pd.isna(current.loc["1480R001", "value"])
    assert current.loc["1480R002", "suppression_reason"] == "sekretess"
    assert current.loc["1480R003", "value"] == 79.9
    history = export_frame(store, history=True)
    assert len(history) == 4 + 1 + 3
    assert history["superseded_by_batch_id"].eq(result.batch_id).sum() == 3
    assert set(check_integrity(store).values()) == {0}


def test_floats_round_trip_bit_for_bit_and_a_last_bit_change_is_a_revision(store, tmp_path):
    # Every column filled: PostgreSQL takes the binary COPY path.
    values = [0.1 + 0.2, 1 / 3, 2.0**-1074, 1e308]
    rows = [f"ind,Ind,andel,1,higher_better,other,1480,,Göteborg,{2020 + i},,,,,,{v!r},0.5,100,,"
            for i, v in enumerate(values)]  # fmt: skip
    import_file(write(tmp_path, "a.csv", rows), engine=store)
    stored = export_frame(store).sort_values("period")["value"].tolist()
    assert stored == values
    changed = [rows[0].replace(repr(0.1 + 0.2), repr(0.3)), *rows[1:]]
    result = import_file(write(tmp_path, "b.csv", changed), engine=store)
    assert (result.rows_inserted, result.rows_revised, result.rows_unchanged) == (0, 1, 3)
