"""The registration desk end to end in headless Chromium (Selenium).

Skipped with a reason when Chromium or chromedriver is missing, except under
CI (the CI variable set), where .ci/install-test-tools provides them and a
missing browser must fail. PRINTKIT_SCREENSHOT=1 saves docs/desk.png.
"""

from __future__ import annotations

import base64
import csv
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser import chromium  # skips this module when there is no browser (outside CI)
from deskfixture import decoded_qr_texts, write_event
from pdfcheck import page_text
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from printkit.desk.app import Desk, make_server

SCREENSHOT = Path(__file__).parent.parent / "docs" / "desk.png"
FETCH_PDF = """
const [item, done] = arguments;
const data = new FormData(document.getElementById("print-form"));
data.set("item", item);
fetch(document.getElementById("print-form").action, {method: "POST", body: data})
  .then(async (r) => { const bytes = new Uint8Array(await r.arrayBuffer()); let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    done({status: r.status, type: r.headers.get("Content-Type"), body: btoa(s)}); });
"""


def serve(desk: Desk, host: str, token: str | None = None):
    server = make_server(desk, host, 0, token, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return server, f"http://{host}:{server.effective_port}/"


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    yield from chromium()


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    return Desk(write_event(tmp_path))


@pytest.fixture
def url(desk: Desk) -> Iterator[str]:
    server, address = serve(desk, "127.0.0.1")
    yield address
    server.close()


def search(browser, text: str) -> list:
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys(text)
    wait = WebDriverWait(browser, 10)
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#results li") and
               text.split()[0].casefold() in b.find_element(By.ID, "results").text.casefold())
    return browser.find_elements(By.CSS_SELECTOR, "#results li")


def test_search_then_print_a_badge(browser, url, desk, tmp_path):
    browser.get(url)
    results = search(browser, "yamada")
    shown = results[0].text.casefold()
    assert "hanako" in shown and "speaker" in shown and "not printed" in shown
    if os.environ.get("PRINTKIT_SCREENSHOT") == "1":
        search(browser, "u")
        WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "count").text.startswith("2 found"))
        SCREENSHOT.parent.mkdir(exist_ok=True)
        browser.save_screenshot(str(SCREENSHOT))
        search(browser, "yamada")
    button = browser.find_element(By.CSS_SELECTOR, "#results li button[value='badge:hanako-yamada']")
    reply = browser.execute_async_script(FETCH_PDF, button.get_attribute("value"))
    assert reply["status"] == 200 and reply["type"] == "application/pdf"
    pdf = tmp_path / "badge.pdf"
    pdf.write_bytes(base64.b64decode(reply["body"]))
    assert "Hanako" in page_text(pdf) and "山田" in page_text(pdf)
    assert any("N:山田;花子;;;\r\nFN:山田 花子\r\nNICKNAME:Yamada Hanako\r\n" in code for code in decoded_qr_texts(pdf))
    browser.find_element(By.ID, "q").send_keys(Keys.ENTER)  # Enter searches and focuses the first Badge button
    WebDriverWait(browser, 10).until(lambda b: b.switch_to.active_element.get_attribute("value") == "badge:hanako-yamada")
    WebDriverWait(browser, 10).until(lambda b: "Badge printed" in b.find_element(By.ID, "results").text)
    browser.execute_script("refreshLog()")
    WebDriverWait(browser, 10).until(lambda b: "Yamada" in b.find_element(By.ID, "log").text)


def test_walk_in_is_saved_and_found_and_a_script_in_a_name_stays_text(browser, url, desk):
    browser.get(url)
    fields = {"f-given_name": "<script>alert(1)</script>", "f-family_name": "Kowalczyk",
              "f-organisation": "<b>Politechnika</b> Warszawska"}
    for field_id, value in fields.items():
        browser.find_element(By.ID, field_id).send_keys(value)
    browser.find_element(By.CSS_SELECTOR, "#person-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "Saved" in b.find_element(By.ID, "form-message").text)
    results = search(browser, "kowalczyk")
    assert "<script>alert(1)</script> Kowalczyk" in results[0].text
    assert "<b>Politechnika</b> Warszawska" in results[0].text
    assert not browser.find_elements(By.CSS_SELECTOR, "#results script, #results b")
    assert ready.alert_is_present()(browser) is False, "a name ran as a script"
    with open(desk.changes_path, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(r["Action"], r["First Name"], r["Last Name"]) for r in rows] == [
        ("add", "<script>alert(1)</script>", "Kowalczyk")]


def test_invalid_walk_in_shows_the_problem(browser, url, desk):
    browser.get(url)
    browser.find_element(By.ID, "f-family_name").send_keys(" ")
    browser.find_element(By.CSS_SELECTOR, "#person-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "Not saved" in b.find_element(By.ID, "form-message").text)
    assert "every badge needs a name" in browser.find_element(By.ID, "form-message").text
    assert not desk.changes_path.exists()


def test_token_is_enforced_off_the_default_address(browser, desk):
    server, address = serve(desk, "127.0.0.2", token="t0ken-for-test")
    try:
        browser.get(address)
        assert "access token" in browser.find_element(By.TAG_NAME, "body").text
        browser.get(address + "?token=t0ken-for-test")
        assert browser.current_url == address  # the token moved into a cookie
        assert "Hanako" in search(browser, "hanako")[0].text
    finally:
        server.close()
