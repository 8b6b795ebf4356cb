"""Issue 11 on the web: the import form's options and its warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import login

pytestmark = pytest.mark.xdist_group("web")

REAL = Path(__file__).parents[1] / "fixtures" / "real-files"


def _post(client, csrf, name, **fields):
    return client.post("/admin/import", data={"csrf_token": csrf, **fields},
                       files={"file": (name, (REAL / name).read_bytes())})


def test_the_import_form_shows_warnings_and_names_its_own_fields(backend_client):
    csrf = login(backend_client, "analytiker")
    page = _post(backend_client, csrf, "i11_no_charset_cp1252.px")
    assert page.status_code == 200, page.text
    assert "Observera" in page.text and "kodsida 850" in page.text
    assert "fältet &#39;Teckenkodning&#39;" in page.text or "fältet 'Teckenkodning'" in page.text
    refused = _post(backend_client, csrf, "j01_v1_no_metadata.json")
    assert refused.status_code == 422
    assert "fältet &#39;Tabell-id&#39;" in refused.text or "fältet 'Tabell-id'" in refused.text
    imported = _post(backend_client, csrf, "j01_v1_no_metadata.json", table_id="BE0101N1")
    assert imported.status_code == 200, imported.text
    assert 'name="table_id"' in imported.text and 'name="encoding"' in imported.text


def test_a_bad_option_in_the_form_is_a_message_not_a_server_error(client):
    csrf = login(client, "analytiker")
    page = _post(client, csrf, "i07_triple_dots.px", dash="kanske")
    assert page.status_code == 422
    assert "Strecket (-)" in page.text and "måste vara" in page.text


def test_the_api_import_takes_the_same_options_and_names_its_own_fields(client):
    """The API once answered "ange det med fältet 'Format'" for a field it did not have:
    it now takes the options of the form and of ``jamlik import``, and its messages
    name them as the API spells them."""
    csrf = login(client, "analytiker")

    def post(name, **fields):
        return client.post("/api/v1/admin/imports", headers={"X-CSRF-Token": csrf},
                           data=fields, files={"file": (name, (REAL / name).read_bytes())})

    refused = post("j01_v1_no_metadata.json")
    assert refused.status_code == 422
    assert "fältet 'table_id'" in refused.json()["error"]["message"], refused.json()
    imported = post("j01_v1_no_metadata.json", table_id="BE0101N1")
    assert imported.status_code == 200, imported.text
    unknown = client.post("/api/v1/admin/imports", headers={"X-CSRF-Token": csrf},
                          files={"file": ("data.bin", b"\x00\x01\x02 nothing known")})
    assert unknown.status_code == 422
    assert "fältet 'format'" in unknown.json()["error"]["message"], unknown.json()
    bad = post("i07_triple_dots.px", dash="kanske")
    assert bad.status_code == 422 and "fältet 'dash'" in bad.json()["error"]["message"], bad.json()
