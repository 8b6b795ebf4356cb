"""Every page works offline under its own CSP (issue 10, kind 13): headless Chromium
visits every public page and, signed in as an admin, every signed-in page, in Swedish
and in English, following the site's own links to one page of each kind (an indicator,
an area, a report, an account, …), and fails on any console error, uncaught script
error, Content Security Policy violation or request to another host. ``/api/docs``
(linked from every footer) must draw Swagger UI from the package."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
START = ["/", "/indikatorer", "/omraden", "/program", "/tillganglighet", "/logga-in",
         "/api/docs"]
SIGNED_IN = ["/arbete", "/arbete/uppfoljningar", "/admin", "/admin/anvandare",
             "/admin/organisationer", "/admin/import", "/admin/logg"]
SKIP = re.compile(r"format=|/logga-ut|/static/|/assets/|openapi\.json|^/api/v1/|#")
# CSP violations reach the page as events; keep them where the test can read them
WATCH = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
  e.violatedDirective + ' ' + e.blockedURI));"""


ROUTE_WORDS = {"indikatorer", "omraden", "program", "tillganglighet", "logga-in", "api", "docs",
               "arbete", "rapporter", "uppfoljningar", "admin", "anvandare",
               "organisationer", "import", "logg", "platser", "scenarier"}


def _kind(path: str) -> str:
    """Pages of one kind share a pattern: /indikatorer/x and /indikatorer/y are one kind."""
    parts = urlsplit(path).path.strip("/").split("/")
    return "/" + "/".join(p if p in ROUTE_WORDS or not p else "*" for p in parts)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium saknas: kör scripts/install-browser.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def _visit_all(browser, base: str, start: list[str], lang: str, signed_in: bool) -> list:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH)
    page = context.new_page()
    problems: list[str] = []
    host = urlsplit(base).netloc
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("request", lambda r: problems.append(f"other host: {r.url}")
            if urlsplit(r.url).netloc not in (host, "") and not r.url.startswith("data:")
            else None)
    if signed_in:
        page.goto(f"{base}/logga-in")
        page.fill("#username", "admin")
        page.fill("#password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/arbete"))
    queue, seen, visited = list(start), set(), []
    while queue and len(visited) < 60:
        path = queue.pop(0)
        if _kind(path) in seen:
            continue
        seen.add(_kind(path))
        url = f"{base}{path}{'&' if '?' in path else '?'}lang={lang}"
        response = page.goto(url, wait_until="networkidle")
        visited.append(path)
        assert response is not None and response.status < 400, (url, response.status)
        if path == "/api/docs":
            page.wait_for_selector(".swagger-ui .opblock", timeout=30000)
        for violation in page.evaluate("window.__violations"):
            problems.append(f"CSP on {path}: {violation}")
        for href in page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))"):
            if href.startswith("/") and not SKIP.search(href):
                queue.append(re.sub(r"[?&]lang=\w+", "", href))
    context.close()
    return visited, [f"[{lang}] {p}" for p in problems]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_public_page_is_clean(browser, live_server, lang):
    visited, problems = _visit_all(browser, live_server["base"], START, lang, False)
    assert {"/", "/api/docs", "/program"} <= set(visited)
    assert any(v.startswith("/indikatorer/") for v in visited)
    assert any(v.startswith("/omraden/") for v in visited)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_signed_in_page_is_clean(browser, live_server, lang):
    visited, problems = _visit_all(browser, live_server["base"], SIGNED_IN + START, lang, True)
    assert any(v.startswith("/admin/anvandare/") for v in visited), visited
    assert not problems, "\n".join(problems)
