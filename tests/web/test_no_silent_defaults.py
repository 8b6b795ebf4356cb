"""No silent defaults (issue 10, kind 6): a municipality, period, gap or query parameter
that names nothing is refused in the one error shape, saying what exists, on the pages
and in the API alike; nothing falls back quietly to Göteborg's default view."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.xdist_group("web")


@pytest.fixture(autouse=True)
def _swedish(public_client):
    public_client.cookies.clear()  # a ?lang=en elsewhere leaves its cookie
    yield
    public_client.cookies.clear()


@pytest.mark.parametrize("path", [
    "/?municipality=9999", "/?stad=9999", "/omraden?municipality=9999", "/omraden?stad=9999",
    "/indikatorer/medellivslangd?municipality=9999", "/indikatorer/medellivslangd?stad=9999",
])
def test_an_unknown_municipality_is_a_404_page_naming_the_ones_there_are(public_client, path):
    response = public_client.get(path)
    assert response.status_code == 404
    assert "Kommunen 9999 finns inte bland kommunerna med områden." in response.text
    assert "1480 (Göteborg)" in response.text


@pytest.mark.parametrize("path", [
    "/api/v1/overview?municipality=9999", "/api/v1/overview?setting=9999",
    "/api/v1/indicators/medellivslangd?setting=9999",
    "/api/v1/indicators/medellivslangd?municipality=9999",
    "/api/v1/indicators/medellivslangd/values?municipality=9999",
    "/api/v1/areas?municipality=9999", "/api/v1/areas?setting=9999",
])
def test_an_unknown_municipality_is_a_404_in_the_api(public_client, path):
    response = public_client.get(path)
    assert response.status_code == 404
    message = ("Kommunen 9999 finns inte bland kommunerna med områden. "
               "Det finns: 1480 (Göteborg).")
    assert response.json() == {"error": {
        "status": 404, "code": "not_found", "message": message,
        "details": [{"location": ["query", "municipality"], "message": message}]}}


def test_a_near_miss_is_answered_with_did_you_mean(public_client):
    response = public_client.get("/api/v1/areas?municipality=1408")
    assert response.status_code == 404
    assert "Menade du 1480 (Göteborg)?" in response.json()["error"]["message"]
    english = public_client.get("/omraden?municipality=1408&lang=en")
    assert english.status_code == 404 and "Did you mean 1480 (Göteborg)?" in english.text


def test_an_unknown_period_or_gap_is_a_404(public_client):
    for path in ("/indikatorer/medellivslangd?period=1999",
                 "/api/v1/indicators/medellivslangd?period=1999",
                 "/api/v1/indicators/medellivslangd/values?period=1999"):
        response = public_client.get(path)
        assert response.status_code == 404, path
        assert "Perioden 1999 finns inte för indikatorn här." in response.text
        assert "Det finns: 20" in response.text  # the periods that do exist, newest first
    response = public_client.get("/api/v1/indicators/medellivslangd?dimension=ras")
    assert response.status_code == 404
    assert "Skillnaden ras finns inte för indikatorn här." in response.json()["error"]["message"]
    assert public_client.get("/indikatorer/medellivslangd?skillnad=ras").status_code == 404


def test_the_known_values_and_the_deprecated_names_still_answer(public_client):
    for path in ("/?stad=1480", "/?municipality=1480", "/omraden?stad=1480",
                 "/api/v1/areas?setting=1480", "/api/v1/areas?municipality=1480",
                 "/api/v1/indicators/medellivslangd?municipality=1480&period=",
                 "/indikatorer/medellivslangd?municipality=1480&period=&skillnad="):
        assert public_client.get(path).status_code == 200, path
    periods = public_client.get("/api/v1/indicators/medellivslangd").json()["periods"]
    assert public_client.get(
        f"/api/v1/indicators/medellivslangd?period={periods[0]}").status_code == 200


def test_the_list_of_municipalities_and_its_deprecated_old_name(public_client):
    """``/api/v1/municipalities`` lists the cities; ``/api/v1/settings`` (HEAT's word) still
    answers the same for one release, says so in its headers and in the OpenAPI schema."""
    new = public_client.get("/api/v1/municipalities")
    assert new.status_code == 200 and "Deprecation" not in new.headers
    assert {"code": "1480", "name": "Göteborg"} in new.json()
    old = public_client.get("/api/v1/settings")
    assert old.status_code == 200 and old.json() == new.json()
    assert old.headers["Deprecation"] == "true"
    assert old.headers["Link"] == '</api/v1/municipalities>; rel="successor-version"'
    paths = public_client.get("/api/v1/openapi.json").json()["paths"]
    assert paths["/api/v1/settings"]["get"]["deprecated"] is True
    assert "deprecated" not in paths["/api/v1/municipalities"]["get"]
    for path in ("/api/v1/settings", "/api/v1/municipalities"):
        schema = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema["items"]["$ref"] == "#/components/schemas/Municipality"


def test_two_names_for_the_municipality_that_disagree_are_a_400(public_client):
    response = public_client.get("/?municipality=1480&stad=9999")
    assert response.status_code == 400
    assert "anger olika kommuner" in response.text
    response = public_client.get("/api/v1/areas?municipality=1480&setting=1481")
    assert response.status_code == 400


def test_links_name_the_municipality_by_its_one_name(public_client):
    page = public_client.get("/omraden?stad=1480").text
    assert "stad=" not in page and "municipality=1480" in page


@pytest.mark.parametrize("path", ["/api/v1/areas?stad=1280", "/api/v1/indicators?sida=2",
                                  "/api/v1/health?x=1", "/api/v1/programme?stad=1480"])
def test_an_unknown_query_parameter_on_the_api_is_a_400(public_client, path):
    response = public_client.get(path)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "bad_request"
    name = path.split("?")[1].split("=")[0]
    assert error["message"].startswith(f"Okänd parameter: {name}. Här gäller: ")
    assert error["details"][0]["location"] == ["query", name]


def test_the_unknown_parameter_message_suggests_the_known_one(public_client):
    error = public_client.get("/api/v1/areas?per_pag=5").json()["error"]
    assert error["details"][0]["message"] == (
        "Okänd parameter per_pag. Menade du per_page?")
    assert public_client.get("/api/v1/areas?lang=en&per_page=5").status_code == 200
