"""``jamlik voices`` as a user runs it: collection, import (matches shown, masking counted),
export, delete; bad input is one line naming row and column, without a traceback."""

from __future__ import annotations

import pytest

from jamlik.store import connect

from voices_world import add_areas, answers_file, collection_file


@pytest.fixture
def run(jamlik_cli, monkeypatch):
    """``jamlik voices ARGS`` on the store ``db``, in ``cwd``, through the real entry point."""

    def invoke(*args, db, cwd):
        monkeypatch.setenv("JAMLIK_DATABASE_URL", f"sqlite:///{db}")
        monkeypatch.setenv("COLUMNS", "200")
        monkeypatch.chdir(cwd)
        return jamlik_cli("voices", *args)

    return invoke


def test_collection_import_export_delete(tmp_path, run):
    db = tmp_path / "j.db"
    add_areas(connect(f"sqlite:///{db}"))
    collection_file(tmp_path)
    described = run("collection", "samling.yaml", db=db, cwd=tmp_path)
    assert described.returncode == 0, described.stderr
    assert "samlingen trygg-2026: 2 frågor, 3 koder i kodboken" in described.stderr
    answers_file(tmp_path, ["Tuve;16-29;K;Ja;"], name="fel.csv")
    refused = run("import", "fel.csv", "--collection", "trygg-2026", db=db, cwd=tmp_path)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "fel.csv: rad 2, kolumn 'Stadsdel': 'Tuve' kan vara flera områden" in refused.stderr
    answers_file(tmp_path, ["Hjällbo västra;16-29;K;Ja;ring 0701234567",
                            "424 37;30-64;M;Nej;skriv till a@b.se"])
    done = run("import", "svar.csv", "--collection", "trygg-2026", db=db, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stderr.split())
    assert "2 personer, 4 svar; maskerade personuppgifter: 1 e-post, 1 personnummer" in out
    assert "424 37" in out and "postnummer" in out
    exported = run("export", "trygg-2026", "-o", "ut.csv", db=db, cwd=tmp_path)
    assert exported.returncode == 0 and "a@b.se" not in (tmp_path / "ut.csv").read_text()
    deleted = run("delete", "trygg-2026", "--yes", "--by", "test", db=db, cwd=tmp_path)
    assert deleted.returncode == 0, deleted.stderr
    assert "samlingen trygg-2026 raderad: 2 personer, 4 svar" in " ".join(deleted.stderr.split())
