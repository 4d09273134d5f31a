"""The web UI in a real headless chromium over the real server and the sample store (read-only:
one server, one browser context for the module). Each test also checks that the page logged no
error (a CSP violation is one) and opened no dialog.

Screenshots go to test-artefacts/; those of the README to docs/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
expect.set_options(timeout=20_000)  # the first semantic search loads the encoder
VIEWPORT = {"width": 1280, "height": 800}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


class Watch:
    """A page with what it said: console errors, uncaught exceptions, dialogs (dismissed)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.failed: list[str] = []  # replies of 400 and over, to tell which request an error was about
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def go(self, path: str) -> Page:
        self.errors.clear()
        self.dialogs.clear()
        self.failed.clear()
        self.page.goto(path)
        return self.page

    def clean(self) -> None:
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.errors == [], f"page errors: {self.errors} (failed requests: {self.failed})"

    def shot(self, artefacts: Path, name: str, readme: bool = False) -> None:
        self.page.screenshot(path=str(artefacts / f"ui-{name}.png"))
        if readme:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def watch_page(browser: Any, base_url: str) -> tuple[Any, Watch]:
    context = browser.new_context(viewport=VIEWPORT, base_url=base_url, locale="en-GB")
    return context, Watch(context.new_page())


@pytest.fixture(scope="module")
def ui(browser: Any, live: Any) -> Any:
    context, watch = watch_page(browser, live.url)
    yield watch
    context.close()


def doc_id(api: Any, source_part: str) -> str:
    items = api.get("/api/documents", params={"source": source_part}).json()["items"]
    assert len(items) == 1, items
    return items[0]["id"]


def computed(page: Page, selector: str, prop: str) -> str:
    return page.eval_on_selector(selector, f"e => getComputedStyle(e).{prop}")


# -- search -----------------------------------------------------------------------------------
def test_search_in_english_finds_arabic_and_french_rendered_in_their_direction(ui, artefacts):
    page = ui.go("/")
    page.get_by_label("semantic").check()
    page.locator("#q").fill("president receives Cuban military delegation")
    page.locator("#q").press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=president\+receives.*mode=semantic"))
    arabic = page.locator('.hit[data-lang="ar"]').first
    expect(arabic).to_be_visible()
    expect(page.locator('.hit[data-lang="fr"]').first).to_be_visible()
    assert computed(page, '.hit[data-lang="ar"] .snippet', "direction") == "rtl"
    assert arabic.locator(".snippet").get_attribute("lang") == "ar"
    assert computed(page, '.hit[data-lang="fr"] .snippet', "direction") == "ltr"
    expect(page.locator("#facet-lang button", has_text="ar")).to_be_visible()
    ui.shot(artefacts, "search", readme=True)
    ui.clean()


def test_keyword_hits_are_highlighted_and_paged_with_the_cursor(ui, artefacts):
    page = ui.go("/search?q=president&mode=hybrid")
    expect(page.locator(".hit")).to_have_count(20)
    assert page.locator(".hit mark").count() > 0
    assert all(m.lower() in ("president", "président", "presidente") for m in page.locator(".hit mark").all_inner_texts()[:5])
    page.get_by_role("button", name="More results").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".hit")).to_have_count(40)
    assert page.evaluate("document.activeElement.closest('.hit') === document.querySelectorAll('.hit')[20]")
    ids = page.eval_on_selector_all(".hit", "xs => xs.map(x => x.dataset.id)")
    assert len(set(ids)) == 40
    ui.shot(artefacts, "search-more")
    ui.clean()


def test_language_facet_filters_and_the_url_keeps_it(ui):
    page = ui.go("/search?q=hanoi&mode=keyword")
    page.locator("#facet-lang button", has_text="fr").click()
    expect(page).to_have_url(re.compile(r"lang=fr"))
    expect(page.locator(".hit").first).to_be_visible()
    assert set(page.eval_on_selector_all(".hit", "xs => xs.map(x => x.dataset.lang)")) == {"fr"}
    page.reload()
    expect(page.locator('#facet-lang button[aria-pressed="true"]')).to_have_text(re.compile("fr"))
    assert set(page.eval_on_selector_all(".hit", "xs => xs.map(x => x.dataset.lang)")) == {"fr"}
    ui.clean()


def test_entity_type_facet_filters_and_its_chip_removes_it(ui):
    page = ui.go("/search?q=defence&mode=keyword")
    button = page.locator("#facet-type button", has_text="DOCREF")
    expect(button).to_be_visible()
    count = int(button.locator(".n").inner_text())
    button.click()
    expect(page).to_have_url(re.compile(r"entity_type=DOCREF"))
    expect(page.locator("#status")).to_contain_text(f"{count} document")
    expect(page.locator('#facet-type button[aria-pressed="true"]')).to_have_text(re.compile("DOCREF"))
    page.get_by_role("button", name="remove filter mentions a DOCREF").click()
    expect(page).not_to_have_url(re.compile(r"entity_type="))
    expect(page.locator('#facet-type button[aria-pressed="true"]')).to_have_count(0)
    ui.clean()


def _bar_months(page: Page) -> list[tuple[str, int]]:
    return page.eval_on_selector_all("#histogram rect.bar", "xs => xs.map(x => [x.dataset.month, +x.dataset.count])")


def _hit_months(page: Page) -> list[str]:
    return [d[:7] for d in page.locator(".hit .date").all_inner_texts()]


def test_brushing_the_histogram_filters_by_date_and_back_undoes_it(ui, artefacts):
    page = ui.go("/search?q=defence&mode=keyword")
    expect(page.locator("#histogram rect.bar").first).to_be_attached()
    before = page.locator("#status").inner_text()
    bars = _bar_months(page)
    box = page.locator("#histogram svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, y, steps=5)
    page.mouse.move(box["x"] + box["width"] - 2, y, steps=5)
    page.mouse.up()
    expect(page).to_have_url(re.compile(r"since=\d{4}-\d{2}&until=\d{4}-\d{2}"))
    since, until = page.locator("#since").input_value(), page.locator("#until").input_value()
    assert since > bars[0][0] and until == bars[-1][0]
    expect(page.locator("#status")).not_to_have_text(before)
    expect(page.locator(".hit").first).to_be_visible()
    assert all(since <= m[:7] <= until or len(m) == 4 for m in _hit_months(page))
    assert page.locator("#histogram rect.bar.in").count() > 0
    assert _bar_months(page) == bars  # the histogram keeps the whole range
    ui.shot(artefacts, "search-brushed")
    page.go_back()
    expect(page.locator("#since")).to_have_value("")
    expect(page.locator("#status")).to_have_text(before)
    page.go_forward()
    expect(page.locator("#since")).to_have_value(since)
    ui.clean()


def test_date_inputs_set_the_range_from_the_keyboard(ui):
    page = ui.go("/search?q=defence&mode=keyword")
    expect(page.locator(".hit").first).to_be_visible()
    page.locator("#since").fill("2024-12")
    page.locator("#until").fill("2024-12")
    page.locator("#until").press("Enter")
    expect(page).to_have_url(re.compile(r"since=2024-12&until=2024-12"))
    expect(page.locator(".hit").first).to_be_visible()
    assert set(_hit_months(page)) <= {"2024-12", "2024"}
    ui.clean()


def test_empty_search_says_so(ui):
    page = ui.go("/search?q=zqxjvwk&mode=keyword")
    expect(page.locator("#status")).to_have_text(re.compile("No documents match “zqxjvwk”"))
    expect(page.locator(".hit")).to_have_count(0)
    page = ui.go("/search?q=defence&mode=keyword&lang=de&since=2023-01&until=2023-02")
    expect(page.locator("#status")).to_have_text(re.compile("with these filters"))
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator(".hit").first).to_be_visible()
    ui.clean()


def test_an_api_error_shows_the_servers_message(ui):
    page = ui.go("/search?q=defence&since=2024-13")
    expect(page.locator("#status .error")).to_contain_text("not a date: '2024-13'")
    expect(page.locator(".hit")).to_have_count(0)
    ui.errors.clear()  # the browser logs the 400 reply
    ui.clean()


def test_keyboard_tab_to_the_box_type_and_enter(ui):
    page = ui.go("/stories")
    expect(page.locator(".storyitem").first).to_be_visible()
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    assert computed(page, "#q", "outlineStyle") != "none"  # focus is visible
    page.keyboard.type("Hanoi")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\?q=Hanoi"))
    expect(page.locator(".hit").first).to_be_visible()
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    ui.clean()


# -- documents --------------------------------------------------------------------------------
def test_document_mentions_by_type_and_a_click_opens_the_entity(ui, api, artefacts):
    page = ui.go(f"/documents/{doc_id(api, 'txt/en-president-cuba.txt')}")
    expect(page.locator("#doc-title")).to_have_text("State President receives Cuban military delegation")
    expect(page.locator("#doc-meta")).to_contain_text("from: header")
    expect(page.locator("#legend")).to_contain_text("person (PER)")
    assert page.locator("#doc-text .m-PER").count() > 0 and page.locator("#doc-text .m-LOC").count() > 0
    expect(page.locator("#doc-meta a[href^='/stories/']")).to_be_visible()
    ui.shot(artefacts, "document", readme=True)
    page.locator('#doc-text a.m[data-entity="luong-cuong"]').first.click()
    expect(page).to_have_url(re.compile(r"/entities/luong-cuong$"))
    expect(page.locator("#ent-title")).to_contain_text("Lương Cường")
    ui.clean()


def test_article_markup_shows_as_text_and_runs_nothing(ui, api):
    page = ui.go(f"/documents/{doc_id(api, 'en-cyber-escaped-markup')}")
    text = page.locator("#doc-text")
    expect(text).to_contain_text("<script>alert(1)</script>")
    expect(text).to_contain_text("<img src=x onerror=alert(1)>")
    assert page.locator("img").count() == 0
    assert page.evaluate("document.querySelectorAll('[onerror]').length") == 0
    assert page.evaluate("document.querySelectorAll('main script').length") == 0
    page = ui.go("/search?q=alert&mode=keyword")
    expect(page.locator(".hit .snippet").first).to_contain_text("<script>alert(1)</script>")
    assert page.locator("main img").count() == 0
    page = ui.go('/search?q="><img src=x onerror=alert(2)><script>alert(3)</script>&mode=keyword')
    expect(page.locator("#status")).to_contain_text('“"><img src=x onerror=alert(2)>')
    expect(page).to_have_title(re.compile(r"<img src=x onerror=alert\(2\)>"))
    assert page.locator("img").count() == 0
    assert page.locator("#q").input_value().startswith('"><img')
    page.wait_for_timeout(300)
    ui.clean()


def test_arabic_document_is_right_to_left(ui, api):
    page = ui.go(f"/documents/{doc_id(api, 'html/ar-president-cuba.html')}")
    expect(page.locator("#doc-text")).to_contain_text("كوبا")
    assert computed(page, "#doc-text", "direction") == "rtl"
    assert page.locator("#doc-text").get_attribute("lang") == "ar"
    assert computed(page, "#doc-title", "direction") == "rtl"
    ui.clean()


def test_unknown_ids_say_so(ui):
    page = ui.go("/entities/no-such-entity")
    expect(page.locator("#ent-title")).to_have_text("Entity not found")
    expect(page.locator("#status")).to_contain_text("no entity with id 'no-such-entity'")
    page = ui.go("/documents/0000000000000000")
    expect(page.locator("#doc-title")).to_have_text("Document not found")
    page = ui.go("/stories/st-nothing")
    expect(page.locator("#story-title")).to_have_text("Story not found")
    page = ui.go("/no/such/page")
    expect(page.get_by_role("heading", name="Nothing here")).to_be_visible()
    page.get_by_role("link", name="Search the news").click()
    expect(page).to_have_url(re.compile(r"/$"))
    ui.errors.clear()  # the browser logs each 404 reply as a console error
    ui.clean()


# -- entities and stories -----------------------------------------------------------------------
def test_entity_page_names_posts_chart_network_documents(ui, artefacts):
    page = ui.go("/entities/luong-cuong")
    expect(page.locator("#names td.name", has_text="لونغ كونغ")).to_be_visible()
    assert computed(page, "#names td.name[dir=rtl]", "direction") == "rtl"
    expect(page.locator("#posts")).to_contain_text("State President")
    expect(page.locator("#posts-chart rect.span-bar.pack")).to_have_count(4)  # the pack's four posts on one axis
    expect(page.locator("#posts-chart rect.span-bar.text")).not_to_have_count(0)
    expect(page.locator("#mentions-chart rect.bar").first).to_be_attached()
    expect(page.locator("#network[data-ready=true] canvas").first).to_be_attached()
    expect(page.locator("#docs .docitem").first).to_be_visible()
    ui.shot(artefacts, "entity", readme=True)
    page.locator("#docs-lang").select_option("ar")
    expect(page.locator("#docs .docitem .badge")).not_to_have_count(0)
    expect(page.locator("#docs .docitem .badge").first).to_have_text("ar")
    assert set(page.locator("#docs .docitem .badge").all_text_contents()) == {"ar"}
    ui.clean()


def test_clicking_a_network_node_opens_that_entity(ui):
    page = ui.go("/entities/luong-cuong")
    expect(page.locator("#network[data-ready=true]")).to_be_attached()
    page.locator("#network").scroll_into_view_if_needed()
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")  # scroll events seen
    pos = page.evaluate("""() => {
        const cy = document.getElementById('network').cy;
        const node = cy.nodes().filter(n => n.id() !== 'luong-cuong')[0];
        const p = node.renderedPosition();
        return {id: node.id(), x: p.x, y: p.y};
    }""")
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    expect(page).to_have_url(re.compile(r"/entities/" + re.escape(pos["id"].replace(":", "%3A")) + "$"))
    ui.clean()


def test_story_pages_columns_by_language_and_summary_sources(ui, artefacts):
    page = ui.go("/stories")
    expect(page.locator(".storyitem").first).to_be_visible()
    ui.shot(artefacts, "stories", readme=True)
    page.locator(".storyitem a").first.click()
    expect(page.locator("#columns .column").nth(1)).to_be_visible()
    assert page.locator("#columns .column").count() >= 2
    expect(page.locator("#summary li a").first).to_be_visible()
    expect(page.locator("#story-timeline rect.bar").first).to_be_attached()
    ui.shot(artefacts, "story", readme=True)
    sentence = page.locator("#summary li a").first
    said = sentence.inner_text()
    sentence.click()
    expect(page).to_have_url(re.compile(r"/documents/\w+#c\d+-\d+$"))
    cite = page.locator("#doc-text mark.cite")
    expect(cite.first).to_be_visible()
    assert " ".join("".join(cite.all_inner_texts()).split()) == " ".join(said.split())
    ui.clean()
