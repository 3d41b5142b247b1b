"""programme.html in headless Chromium with axe-core, and programme.ics read back by icalendar.

Both are built from the three-day, four-room tests/data/digital-week.yaml and
from the bundled programme; expectations come from the YAML read with PyYAML.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
import subprocess
import sys
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pypdfium2
import pytest
import yaml

from browser import chromium  # skips this module when there is no browser (outside CI)
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.print_page_options import PrintOptions

REPO = Path(__file__).resolve().parents[1]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WEEK = Path(__file__).resolve().parent / "data" / "digital-week.yaml"
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(r => done(r.violations.map(
  v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.html).slice(0, 3)}))));
"""


def source(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, built) -> dict[str, Path]:
    """The digital week's programme.html and .ics, and the bundled programme's (from the shared build)."""
    week = tmp_path_factory.mktemp("week")
    for command in ("html", "ics"):
        result = subprocess.run([sys.executable, "-m", "printkit", command, str(WEEK), "-o", str(week)],
                                cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    return {"week": week, "bundled": built}


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    yield from chromium()


def axe_violations(browser: webdriver.Chrome, page: Path) -> list[dict]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run npm install --no-audit --no-fund (.ci/install-test-tools does)")
    browser.get(page.as_uri())
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    return browser.execute_async_script(RUN_AXE)


@pytest.mark.parametrize("name", ["week", "bundled"])
def test_the_web_programme_has_no_accessibility_violations(outputs, browser, name):
    browser.set_window_size(1280, 900)
    assert axe_violations(browser, outputs[name] / "programme.html") == []
    browser.set_window_size(375, 812)  # a phone
    assert axe_violations(browser, outputs[name] / "programme.html") == []
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 375  # nothing wider than the phone: no sideways scrolling


def test_the_web_programme_holds_every_item_in_its_day(outputs, browser):
    data = source(WEEK)
    browser.set_window_size(1280, 900)
    browser.get((outputs["week"] / "programme.html").as_uri())
    for item in data["programme"]:
        section = browser.find_element(By.ID, f"day-{item['day']}").find_element(By.XPATH, "..")
        entry = section.find_element(By.XPATH, f".//li[.//h3[@id='item-{item['id']}']]")
        assert entry.find_element(By.TAG_NAME, "h3").text == item["title"]
        times = [t.get_attribute("datetime") for t in entry.find_elements(By.TAG_NAME, "time")]
        assert [t[:16] for t in times] == [f"{item['day']}T{item['start']}", f"{item['day']}T{item['end']}"]
        if "room" in item:
            room = next(r["name"] for r in data["rooms"] if r["id"] == item["room"])
            assert entry.find_element(By.CLASS_NAME, "room").text == room
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.XPATH, "//span[text()='山田 花子']").get_attribute("lang") == "ja"
    assert browser.find_element(By.XPATH, "//span[text()='Αθηνά Παπαδοπούλου']").get_attribute("lang") == "el"


def test_the_web_programme_works_from_the_keyboard(outputs, browser):
    browser.set_window_size(1280, 900)
    browser.get((outputs["week"] / "programme.html").as_uri())
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    skip = browser.switch_to.active_element
    assert skip.text == "Skip to the programme" and skip.is_displayed()  # shown when it has the focus
    skip.send_keys(Keys.TAB)
    first_day = browser.switch_to.active_element  # then the days
    assert first_day.text == "Friday 23 October 2026"
    first_day.send_keys(Keys.TAB, Keys.ENTER)
    assert browser.current_url.endswith("#day-2026-10-24")
    browser.get((outputs["week"] / "programme.html").as_uri())
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB, Keys.ENTER)
    assert browser.current_url.endswith("#programme")


def test_the_web_programme_is_self_contained(outputs):
    text = (outputs["week"] / "programme.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", text)  # every link stays in the page
    assert "@import" not in text and "<script" not in text
    assert text.count("url(") == text.count("url(data:font/woff;base64,") == 2  # Japanese, regular and bold
    assert "@media print" in text


def test_names_in_japanese_are_shown_from_the_fonts_inlined_in_the_page(outputs, browser):
    browser.get((outputs["week"] / "programme.html").as_uri())
    loaded = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        Promise.all(["400", "700"].map(w => document.fonts.load(`${w} 16px "printkit fallback"`, "山田 花子")))
          .then(sets => done(sets.map(faces => faces.map(f => f.status))), e => done(String(e)));""")
    assert loaded == [["loaded"], ["loaded"]]


def utc(day: str, time: str, zone: str | None) -> dt.datetime:
    moment = dt.datetime.combine(dt.date.fromisoformat(day), dt.time.fromisoformat(time))
    return moment.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(dt.timezone.utc) if zone else moment


def test_the_calendar_gives_every_item_at_the_right_time(outputs):
    data = source(WEEK)
    calendar = icalendar.Calendar.from_ical((outputs["week"] / "programme.ics").read_bytes())
    entries = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(entries) == len(data["programme"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    rooms = {r["id"]: r["name"] for r in data["rooms"]}
    for item in data["programme"]:
        entry = next(e for uid, e in entries.items() if uid.startswith(f"{item['id']}."))
        start, end = entry.decoded("DTSTART"), entry.decoded("DTEND")
        assert entry["DTSTART"].params["TZID"] == "Europe/Brussels"
        assert start.astimezone(dt.timezone.utc) == utc(item["day"], item["start"], "Europe/Brussels")
        assert end.astimezone(dt.timezone.utc) == utc(item["day"], item["end"], "Europe/Brussels")
        assert str(entry["SUMMARY"]) == item["title"]
        assert str(entry["LOCATION"]).startswith(rooms[item["room"]] if "room" in item else "All rooms")
        assert entry["CATEGORIES"].cats == [item["kind"]]
    lab = next(e for uid, e in entries.items() if uid.startswith("d1-08."))
    assert "Aoife Byrne" in str(lab["DESCRIPTION"]) and "working lunch" in str(lab["DESCRIPTION"])
    # summer time ends on the last day: 09:30 is 07:30 UTC on Saturday, 08:30 UTC on Sunday
    assert utc("2026-10-24", "09:30", "Europe/Brussels").hour == 7 and utc("2026-10-25", "09:30", "Europe/Brussels").hour == 8


def test_the_calendar_is_floating_without_a_time_zone_and_stable(outputs, tmp_path):
    first = (outputs["bundled"] / "programme.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(first)
    entries = calendar.walk("VEVENT")
    assert len(entries) == len(source(REPO / "programme.yaml")["programme"])
    assert calendar.walk("VTIMEZONE") == []
    assert all(e.decoded("DTSTART").tzinfo is None for e in entries)
    assert entries[0].decoded("DTSTART") == dt.datetime(2026, 3, 24, 9, 0)
    again = subprocess.run([sys.executable, "-m", "printkit", "ics", str(REPO / "programme.yaml"), "-o", str(tmp_path)],
                           cwd=REPO, capture_output=True, text=True)
    assert again.returncode == 0 and (tmp_path / "programme.ics").read_bytes() == first  # stable UIDs, same bytes
    assert html.escape("Opening remarks") in (outputs["bundled"] / "programme.html").read_text(encoding="utf-8")


def test_the_web_programme_prints_a_day_a_page_with_every_item(outputs, browser, tmp_path):
    browser.get((outputs["week"] / "programme.html").as_uri())
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7  # A4, in cm
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(base64.b64decode(browser.print_page(options)))
    document = pypdfium2.PdfDocument(pdf)
    pages = [" ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))]
    for day in sorted({item["day"] for item in source(WEEK)["programme"]}):
        date = dt.date.fromisoformat(day)
        heading = f"{date:%A} {date.day} {date:%B %Y}"
        starts = [n for n, text in enumerate(pages) if text.startswith(heading)]
        assert starts, heading  # each day starts a printed page
    text = " ".join(pages)
    for item in source(WEEK)["programme"]:
        assert item["title"] in text, item["id"]
    assert "Skip to the programme" not in text  # the screen-only links are not printed
