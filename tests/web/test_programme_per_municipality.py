"""One city, its own programme (issue 10, kind 8): choosing Malmö shows Malmö's view
without Göteborg's programme as its heading, a municipality without a programme shows
none (and says so), and Göteborg keeps its own."""

from __future__ import annotations

import pandas as pd
import pytest

pytestmark = pytest.mark.xdist_group("web")

PROGRAMME = "Göteborgs Stads program för en jämlik stad 2018–2026"


@pytest.fixture
def with_malmo(client):
    """The store with values for two of Malmö's districts (so Malmö can be chosen)."""
    from sqlalchemy import select

    from jamlik.store import Area, AreaVersion, write_batch

    engine = client.app.state.engine
    with engine.connect() as conn:
        districts = conn.execute(
            select(Area.code).join(AreaVersion, AreaVersion.id == Area.version_id)
            .where(AreaVersion.code == "RegSO_2025", Area.code.like("1280%"))
            .order_by(Area.code).limit(3)).scalars().all()
    assert len(districts) == 3
    frame = pd.DataFrame({"indicator": "medellivslangd", "area_code": districts,
                          "area_version": "RegSO_2025", "period": "2024",
                          "value": [80.0, 81.0, 82.0]})
    from jamlik.ingest import complete_frame

    write_batch(engine, complete_frame(frame), format="test", source="test",
                file_hash="malmo", is_example=True)
    import time

    time.sleep(1.1)  # the data version is read at most once a second
    return client


def test_choosing_malmo_does_not_show_goteborgs_programme(with_malmo):
    client = with_malmo
    assert "1280" in {s["code"] for s in client.get("/api/v1/municipalities").json()}
    malmo = client.get("/?municipality=1280")
    assert malmo.status_code == 200
    assert PROGRAMME not in malmo.text
    assert "Malmö har inget program för jämlikhet i jamlik." in malmo.text
    page = client.get("/program?municipality=1280")
    assert page.status_code == 200 and PROGRAMME not in page.text
    assert "Malmö har inget program för jämlikhet i jamlik." in page.text
    api = client.get("/api/v1/overview?municipality=1280").json()
    assert api["programme"] is None and api["setting"] == "1280"
    assert client.get("/api/v1/programme?municipality=1280").json()["programme"] is None


def test_goteborg_keeps_its_programme(with_malmo):
    client = with_malmo
    for path in ("/", "/?municipality=1480", "/program", "/program?municipality=1480"):
        assert PROGRAMME in client.get(path).text, path
    assert client.get("/api/v1/overview").json()["programme"]["name"] == PROGRAMME


def test_a_programme_belongs_to_the_municipality_its_file_names(client):
    from jamlik.program import programme_municipalities

    assert set(programme_municipalities(client.app.state.engine).values()) == {"1480"}
