"""The equality report on the web: /jamlikhetsrapport in each format, for the demo city."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

pytestmark = pytest.mark.xdist_group("web")


def test_the_report_is_one_click_from_the_programme_page(public_client):
    programme = public_client.get("/program?lang=sv").text
    assert 'href="/jamlikhetsrapport?municipality=1480&amp;lang=sv"' in programme
    # the shared client keeps the language a test chose: each request here says its own
    page = public_client.get("/jamlikhetsrapport?municipality=1480&lang=sv")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    # the report's own policy, not the app's: it has inline styles and data: images
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert "Jämlikhetsrapport för Göteborg" in page.text
    assert "EXEMPELDATA" in page.text and "Sammanfattning" in page.text
    english = public_client.get("/jamlikhetsrapport?municipality=1480&lang=en").text
    assert "Equality report for Göteborg" in english and "Summary" in english


def test_word_and_the_data_appendix_download(public_client):
    word = public_client.get("/jamlikhetsrapport?municipality=1480&format=docx&lang=sv")
    assert word.status_code == 200
    assert 'attachment; filename="jamlikhetsrapport-1480.docx"' == \
        word.headers["content-disposition"]
    headings = [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs
                if p.style.name == "Heading 1"]
    assert headings[0] == "Sammanfattning" and any(h.startswith("MO1 ") for h in headings)
    book = openpyxl.load_workbook(io.BytesIO(public_client.get(
        "/jamlikhetsrapport?municipality=1480&format=xlsx").content))
    assert book.sheetnames[0] == "Meningar" and "T1" in book.sheetnames


@pytest.mark.parametrize(("query", "status", "message"), [
    ("format=txt", 400, "Okänt format: txt. Välj något av: html, pdf, docx, xlsx."),
    ("municipality=1280", 404, "Kommunen 1280 finns inte bland kommunerna med områden."),
    ("municipality=abc", 404, "Kommunen abc finns inte"),
])
def test_unknown_choices_are_refused(public_client, query, status, message):
    answer = public_client.get(f"/jamlikhetsrapport?{query}&lang=sv")
    assert answer.status_code == status and message in answer.text
