"""The report opened in a real browser: headless Chromium (Debian's ``chromium`` package) through
Playwright. No console errors, no request leaves the page, every chart drawn, the map shows the
places, and a toll point's link lands on its evidence sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfacts.report import build_report
from tests.test_show import write_delta_warehouse

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    """The report of the literal warehouse, loaded in headless Chromium; yields (page, problems)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    root = tmp_path_factory.mktemp("browser")
    html, _ = build_report(str(write_delta_warehouse(root / "wh")))
    report = root / "report.html"
    report.write_text(html, encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1150, "height": 900})
        problems: list[str] = []
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
        page.on("request", lambda r: problems.append(f"request {r.url}") if r.url != report.as_uri() else None)
        page.goto(report.as_uri(), wait_until="load")
        yield page, problems, root
        browser.close()


def test_no_console_error_and_no_request(browser_page):
    page, problems, _ = browser_page
    assert page.title().startswith("newsfacts report")
    assert problems == []


def test_every_chart_is_drawn(browser_page):
    page, _, _ = browser_page
    charts = page.locator("div.chart > svg")
    assert charts.count() == 6
    for i in range(charts.count()):
        chart = charts.nth(i)
        box = chart.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 50
        assert chart.locator("path, rect, line, circle").count() > 3


def test_the_map_shows_the_places(browser_page):
    page, _, _ = browser_page
    the_map = page.locator("#map svg").first
    labels = the_map.locator("text").all_text_contents()
    assert {"Aleppo", "Damascus"} <= set(labels)
    dots = the_map.locator("g.mark-symbol.role-mark path")
    assert dots.count() == 3  # Aleppo, Damascus, Syria
    for i in range(dots.count()):
        box = dots.nth(i).bounding_box()
        assert box and box["width"] > 2


def test_a_toll_point_leads_to_its_evidence(browser_page):
    page, _, root = browser_page
    page.locator('svg a[href="#claim-f-a2"]').first.click()
    assert page.evaluate("location.hash") == "#claim-f-a2"
    row = page.locator("tr", has=page.locator("#claim-f-a2"))
    assert "at least 20" in row.locator("mark").inner_text()
    shot = root / "report.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
