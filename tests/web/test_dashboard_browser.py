"""The dashboard in a real browser (Debian's chromium driven by Playwright), on the seeds.

Ingests ../shared/seeds (the spaCy pipeline), serves the store on a free port of
127.0.0.1, picks the IRN-TUR dyad, reads the timeline, opens an event's document and
checks its highlighted sentence and coded fields. Screenshots go to the test's tmp dir,
and, with HERALD_UPDATE_SCREENSHOT=1, the last one also to docs/img/dashboard.png (the README's picture).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.test_api import running_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE_CALL = "In a recent phone conversation, Turkish President Recep Tayyip Erdogan"


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not at {SEEDS}")
    from herald.settings import Settings
    from herald.store import ingest, open_store

    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    with open_store(db) as store:
        report = ingest([str(SEEDS)], store, Settings())
    assert report.documents == len(list(SEEDS.glob("*.txt")))
    return str(db)


@pytest.fixture(scope="module")
def base_url(seeds_db: str) -> Iterator[str]:
    with running_server(seeds_db) as url:
        yield url


@pytest.fixture
def page(base_url: str) -> Iterator:
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000})

        def only_this_server(route) -> None:
            if route.request.url.startswith(base_url + "/"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", only_this_server)
        tab = context.new_page()
        tab.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
        tab.on("pageerror", lambda err: problems.append(str(err)))
        tab.goto(base_url + "/")
        tab.wait_for_selector("body[data-ready=true]")
        tab.wait_for_selector("#timeline[data-state=ready] svg")
        yield tab
        context.close()
        browser.close()
    assert outside == [], "the dashboard asked for something outside the server"
    assert problems == [], "the browser reported errors"


def bar_count(page, period: str, key: str) -> int:
    bars = page.locator(f"#timeline rect.bar[data-period='{period}'][data-key='{key}']")
    return sum(int(bars.nth(i).get_attribute("data-count")) for i in range(bars.count()))


def test_dashboard_irn_tur_timeline_and_document(page, tmp_path):
    totals = page.locator("#totals").inner_text()
    assert re.match(r"5 documents\s+·\s+\d+ events", totals), totals
    # the network draws after the timeline (its own request): wait for it, then count
    page.wait_for_selector("#network g.node[data-code='IRN']")
    assert page.locator("#network g.node[data-code='IRN']").count() == 1
    page.screenshot(path=str(tmp_path / "dashboard-overview.png"), full_page=True)

    # pick the dyad: the timeline, the title, the network and the table follow
    page.select_option("#f-dyad", "IRN-TUR")
    page.wait_for_selector("#timeline[data-dyad='IRN-TUR'][data-state=ready]")
    page.wait_for_selector("#events-table[data-dyad='IRN-TUR']")
    page.wait_for_selector("#network[data-dyad='IRN-TUR'] g.edge.on")
    assert page.locator("#tl-title").inner_text() == "Iran – Turkey: interactions per month"
    assert page.locator("#network g.edge.on").get_attribute("data-dyad") == "IRN-TUR"
    assert "IRN-TUR" in page.url

    # the core events: phone calls and visits of 1 and 26 Nov 2023 and 1 Apr 2024
    assert bar_count(page, "2023-11-01", "CONSULT") >= 2
    assert bar_count(page, "2024-04-01", "CONSULT") >= 1
    months = page.locator("#timeline text.xlabel").all_text_contents()
    assert months[0] == "Nov 2023" and "Apr 2024" in months
    assert "CONSULT" in page.locator("#tl-legend").inner_text()
    rows = page.locator("#events-table tbody tr")
    table = rows.all_inner_texts()
    assert all(("IRN" in row and "TUR" in row) for row in table), table
    assert sum("CONSULT" in row for row in table) >= 4
    assert any(PHONE_CALL[:40] in row for row in table)

    # cooperation vs conflict: one stacked series per class
    page.click("#tl-split button[data-split='coop']")
    page.wait_for_selector("#tl-legend .legend-item[data-key='cooperation']")
    assert bar_count(page, "2023-11-01", "cooperation") >= 3
    page.click("#tl-split button[data-split='type']")
    page.wait_for_selector("#tl-legend .legend-item[data-key='CONSULT']")

    # a month's bar lists that month's events
    page.click("#timeline g.col[data-period='2023-11-01'] rect.hit")
    page.wait_for_selector("#ev-period:not([hidden])")
    assert page.locator("#ev-period").inner_text().startswith("Nov 2023")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#events-table tbody td.date')]"
        ".every(td => td.textContent.endsWith('Nov 2023'))"
    )
    page.click("#ev-period .chip-x")
    page.wait_for_selector("#ev-period", state="hidden")
    page.screenshot(path=str(tmp_path / "dashboard-irn-tur.png"), full_page=True)

    # open the 26 November phone call: its document, its sentence highlighted, its fields
    page.locator("#events-table tbody tr", has_text=PHONE_CALL[:40]).first.click()
    page.wait_for_selector("#doc-panel[data-state=ready] mark.current")
    panel = page.locator("#doc-panel")
    assert panel.locator(".doc-title").inner_text() == (
        "President Erdogan discusses Gaza with his Iranian counterpart Raisi"
    )
    highlighted = "".join(panel.locator("mark.current").all_text_contents())
    assert highlighted.startswith(PHONE_CALL)
    assert "permanent ceasefire in the region" in highlighted
    assert panel.locator("mark.current b.trigger").count() == 1
    assert panel.locator("mark.other").count() >= 2  # the article's other events
    coded = panel.locator("dl.coded").inner_text()
    for expected in ("CONSULT", "TUR", "IRN", "Recep Tayyip Erdoğan", "Ebrahim Raisi",
                     "26 Nov 2023", "Verbal cooperation"):  # fmt: skip
        assert expected in coded, expected
    assert page.locator("#events-table tbody tr.picked").inner_text().find(PHONE_CALL[:40]) >= 0
    box = panel.locator(".doc-text").bounding_box()
    mark = panel.locator("mark.current").first.bounding_box()
    assert box["y"] <= mark["y"] < box["y"] + box["height"]  # scrolled into view

    shot = tmp_path / "dashboard-document.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    if os.environ.get("HERALD_UPDATE_SCREENSHOT"):  # refresh the README's picture on request
        (ROOT / "docs" / "img").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, ROOT / "docs" / "img" / "dashboard.png")


def test_dashboard_address_keeps_the_view(page, base_url):
    page.goto(base_url + "/#dyad=IRN-TUR&split=coop&types=CONSULT")
    page.reload()
    page.wait_for_selector("#timeline[data-dyad='IRN-TUR'][data-state=ready]")
    page.wait_for_selector("#events-table[data-dyad='IRN-TUR']")
    assert page.locator("#f-dyad").input_value() == "IRN-TUR"
    assert page.locator("#types-label").inner_text() == "CONSULT"
    assert page.locator("#tl-split button.on").get_attribute("data-split") == "coop"
    table = page.locator("#events-table tbody tr").all_inner_texts()
    assert table and all("CONSULT" in row for row in table)


def test_dashboard_actor_by_name_and_bad_input(page):
    page.fill("#f-actor", "Erdogan")
    page.press("#f-actor", "Enter")
    page.wait_for_function("() => document.querySelector('#f-actor').value === 'TUR'")
    page.wait_for_function(
        "() => document.querySelector('#tl-title').textContent.startsWith('Turkey')"
    )
    assert page.locator("#tl-title").inner_text() == "Turkey: interactions per month"
    page.fill("#f-actor", "nobody at all")
    page.press("#f-actor", "Enter")
    page.wait_for_selector("#error:not([hidden])")
    assert "no actor matches" in page.locator("#error").inner_text()
