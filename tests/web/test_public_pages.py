"""The public pages through the app (no browser): content, state in the URL,
downloads, languages and the error page."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.xdist_group("web")


@pytest.mark.parametrize("path", ["/", "/indikatorer", "/indikatorer/medellivslangd",
                                  "/omraden", "/omraden/RegSO_2025/1480R001", "/program",
                                  "/tillganglighet"])
def test_every_public_page_answers_in_swedish_with_the_example_note(backend_public_client, path):
    response = backend_public_client.get(path)
    assert response.status_code == 200
    assert '<html lang="sv">' in response.text
    assert "Hoppa till innehållet" in response.text
    assert "exempeldata" in response.text
    assert "Källa: SCB, RegSO 2025" in response.text


def test_the_overview_shows_the_goal_and_a_verdict_per_indicator(public_client):
    page = public_client.get("/").text
    assert "Göteborg ska vara en jämlik stad." in page
    assert page.count('class="headline verdict-') == 8  # with the deaths by age
    assert "Minskar skillnaderna i Göteborg?" in page


def test_the_indicator_page_keeps_its_state_in_the_url(public_client):
    latest = public_client.get("/indikatorer/valdeltagande").text
    # "(exempeldata)" is said once, by the badge, not also inside the name (issue 10, kind 14)
    assert "Valdeltagande i val till kommunfullmäktige per område, 2022" in latest
    assert "(exempeldata) per område" not in latest
    older = public_client.get("/indikatorer/valdeltagande?period=2014&skillnad=kon").text
    assert "per område, 2014" in older
    assert 'value="kon" selected' in older
    assert "Skillnad efter kön över tid" not in older  # the dimension's own name is used
    assert "Skillnad kön över tid: D och R" in older
    # the map and its attribution are on the page with the map's data
    assert 'id="diagram-karta"' in older and "Källa: SCB, RegSO 2025" in older


def test_a_download_holds_exactly_the_rows_of_the_page_table(backend_public_client):
    base = "/indikatorer/tillit?period=2020"
    response = backend_public_client.get(base + "&tabell=rangordning&format=csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    # tillit has suppressed districts: the download says why their value is missing
    assert rows[0] == ["Rang", "Område", "Kod", "procent", "Nedre gräns (95 %)",
                       "Övre gräns (95 %)", "Jämfört med staden (99,8 %)",
                       "Varför värdet inte visas", "exempeldata"]
    page = backend_public_client.get(base).text
    # every area links from the ranking's table and from the funnel plot's table
    funnel = backend_public_client.get(base + "&tabell=tratt&format=csv").content.decode(
        "utf-8-sig")
    funnel_rows = list(csv.reader(io.StringIO(funnel)))
    assert len(rows) - 1 + len(funnel_rows) - 1 == page.count('href="/omraden/RegSO_2025/1480')
    assert all(row[-1] == "ja" for row in rows[1:])
    # numbers as every export writes them (issue 10, kind 11): whole ones as integers
    numbers = [cell for row in rows[1:] for cell in row[3:6] if cell]
    assert numbers and not [c for c in numbers if c.endswith(".0") or "e-" in c]
    assert any("." not in c for c in numbers + [row[0] for row in rows[1:]])
    excel = backend_public_client.get(base + "&tabell=rangordning&format=xlsx")
    book = load_workbook(io.BytesIO(excel.content), read_only=True)
    sheet = list(book.worksheets[0].iter_rows(values_only=True))
    assert [str(c) for c in sheet[1][:3]] == rows[1][:3]
    assert float(sheet[1][3]) == float(rows[1][3])


def test_an_unknown_table_or_format_is_a_404(public_client):
    assert public_client.get("/?tabell=nope&format=csv").status_code == 404
    assert public_client.get("/?tabell=skillnader&format=pdf").status_code == 404


def test_english_is_one_switch_away_and_kept_in_links(public_client):
    page = public_client.get("/?lang=en").text
    assert public_client.cookies.get("jamlik_lang") == "en"  # remembered
    public_client.cookies.clear()  # the client is shared with other tests
    assert '<html lang="en">' in page
    assert "Are the gaps in Göteborg closing?" in page
    assert 'href="/indikatorer?lang=en"' in page
    assert 'href="/?lang=sv"' in page  # the switch back names its language


def test_the_area_profile_states_its_test_and_flags_areas(backend_public_client):
    page = backend_public_client.get("/omraden/RegSO_2025/1480R001").text
    assert "utanför trattdiagrammets 99,8 %-gränser kring stadens värde" in page
    assert any(flag in page for flag in ("Bättre än staden", "Sämre än staden",
                                         "Ingen säker skillnad"))


def test_unknown_pages_and_areas_are_404_pages(backend_public_client):
    for path in ("/finns-inte", "/indikatorer/finns-inte", "/omraden/RegSO_2025/nej"):
        response = backend_public_client.get(path)
        assert response.status_code == 404
        assert "<h1>Fel 404</h1>" in response.text


def test_pages_send_security_headers(public_client):
    headers = public_client.get("/").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_the_chart_library_is_served_from_the_package(public_client):
    from jamlik.web._assets import bundle_version

    response = public_client.get(f"/assets/vega-{bundle_version()}.js")
    assert response.status_code == 200
    assert b"vegaEmbed" in response.content or response.headers.get("content-encoding")
    assert public_client.get("/assets/vega-0.js").status_code == 404
    htmx = public_client.get("/static/vendor/htmx.min.js")
    assert htmx.status_code == 200 and b"htmx" in htmx.content


def test_the_parametrised_web_tests_really_use_each_backend(backend_public_client, request):
    # issue 10, kind 15: the PostgreSQL half is served from PostgreSQL, not a SQLite copy
    backend = request.node.callspec.params["_shared_backend_client"]
    assert backend_public_client.app.state.engine.dialect.name == backend
    assert backend_public_client.get("/api/v1/health").status_code == 200


def test_the_overview_shows_the_programmes_own_indicators_first(client, tmp_path):
    """The overview asks whether the programme's gaps are closing: the indicators its
    target areas follow come first (by name), then any others, even one whose name
    sorts first (e.g. an access or survey indicator)."""
    from jamlik.jobs import import_file

    path = tmp_path / "extra.csv"
    path.write_text("indicator,indicator_name,area_code,period,value\n"
                    "aaa_extra,Aaa utanför programmet,1480,2024,1.5\n", encoding="utf-8")
    import_file(path, engine=client.app.state.engine)
    page = client.get("/?lang=sv&municipality=1480").text
    assert "Aaa utanför programmet" in page
    assert page.index("Aaa utanför programmet") > page.index("Valdeltagande")
