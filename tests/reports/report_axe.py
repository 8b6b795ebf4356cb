"""axe-core over a report file in headless Chromium: the serious and critical
violations of the WCAG 2.0/2.1 A and AA rules (the web pages' check, for files)."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / ".tools" / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(report: Path) -> list[tuple[str, str]]:
    """``(rule id, impact)`` of each serious or critical violation in ``report``."""
    from playwright.sync_api import sync_playwright

    assert AXE.exists(), "axe-core saknas: kör scripts/install-browser.sh"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context(bypass_csp=True).new_page()
        page.goto(report.as_uri())
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("""async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})""")
        browser.close()
    return [(v["id"], v["impact"]) for v in result["violations"]
            if v["impact"] in ("serious", "critical")]
