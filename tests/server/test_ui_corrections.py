"""Entity corrections made in the browser (a private copy of the sample store and its own server):
merge through the search-as-you-type box, the merge kept across a reload and a re-ingest of the
corpus, then undone from the page; rename and name add/remove with their Undo buttons."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

import newsgraph
from newsgraph.fixtures import sample_corpus

from .conftest import FOLDERS, sample_settings
from .test_ui_pages import watch_page

pytestmark = pytest.mark.browser
INTO, OTHER = "per:ernesto-lazo-miranda", "per:lazo-miranda"


@pytest.fixture
def writable(browser, sample_db, serve):
    server = serve(sample_db)
    context, watch = watch_page(browser, server.url)
    yield server, watch, sample_db
    context.close()


def documents_total(server, entity_id: str) -> int:
    return httpx.get(f"{server.url}/api/entities/{entity_id}", timeout=30).json()["documents_total"]


def test_merge_in_the_ui_survives_reload_and_reingest_and_undoes(writable, artefacts):
    server, ui, db = writable
    before = documents_total(server, INTO)
    page = ui.go(f"/entities/{INTO}")
    expect(page.locator("#docs-h")).to_have_text(f"Documents ({before})")
    page.locator("#merge-other").press_sequentially("Lazo Mir", delay=20)
    page.locator(f'#merge-suggestions button[data-id="{OTHER}"]').click()
    expect(page.locator("#merge-other")).to_have_value(OTHER)
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.locator("#fix-status")).to_contain_text(f"Merged “{OTHER}” into this entity")
    expect(page.locator("#fix-status button.undo")).to_be_visible()
    merged = documents_total(server, INTO)
    assert merged > before
    expect(page.locator("#docs-h")).to_have_text(f"Documents ({merged})")
    ui.shot(artefacts, "entity-merged")

    page.reload()
    expect(page.locator("#docs-h")).to_have_text(f"Documents ({merged})")
    expect(page.locator("#fix-log li.in-force", has_text="merge")).to_be_visible()

    with newsgraph.open(str(db), sample_settings(db)) as ng:
        ng.ingest([str(sample_corpus() / f) for f in FOLDERS])
    page = ui.go(f"/entities/{OTHER}")
    expect(page.locator("#redirect")).to_contain_text(f"“{OTHER}” was merged into")
    expect(page.locator("#redirect a")).to_have_attribute("href", f"/entities/{INTO.replace(':', '%3A')}")
    expect(page.locator("#docs-h")).to_have_text(f"Documents ({merged})")

    page.locator("#fix-log li.in-force", has_text="merge").get_by_role("button", name="Undo").click()
    expect(page.locator("#fix-status")).to_contain_text("undone")
    page = ui.go(f"/entities/{OTHER}")
    expect(page.locator("#ent-title")).to_contain_text("Lazo Miranda")
    expect(page.locator("#redirect")).to_be_hidden()
    assert documents_total(server, INTO) == before
    ui.clean()


def test_rename_and_names_with_undo(writable):
    _, ui, _ = writable
    page = ui.go(f"/entities/{INTO}")
    expect(page.locator("#ent-title")).to_contain_text("Ernesto Lazo Miranda")
    page.locator("#rename-name").fill("Gen. Ernesto Lazo Miranda")
    page.locator("#rename-name").press("Enter")
    expect(page.locator("#ent-title")).to_contain_text("Gen. Ernesto Lazo Miranda")
    page.locator("#fix-status button.undo").click()
    expect(page.locator("#fix-status")).to_contain_text("undone")
    expect(page.locator("#ent-title")).not_to_contain_text("Gen.")

    page.locator("#alias-name").fill("إرنستو لاسو ميراندا")
    page.locator("#alias-lang").fill("ar")
    page.locator("#alias-lang").press("Enter")
    cell = page.locator("#names td.name", has_text="إرنستو لاسو ميراندا")
    expect(cell).to_be_visible()
    expect(cell).to_have_attribute("dir", "rtl")
    expect(cell).to_have_css("direction", "rtl")
    page.get_by_role("button", name="remove the name إرنستو لاسو ميراندا").click()
    expect(cell).to_have_count(0)
    expect(page.locator("#fix-status")).to_contain_text("Removed the name")
    expect(page.locator("#fix-log li")).to_have_count(4)  # rename, its undo, the name added and removed
    expect(page.locator("#fix-log li strong", has_text=re.compile(r"^#\d+ undo$"))).to_have_count(1)
    ui.clean()


def test_writes_without_the_token_are_refused_and_the_page_says_why(writable):
    _, ui, _ = writable
    page = ui.go(f"/entities/{INTO}")
    expect(page.locator("#ent-title")).to_contain_text("Ernesto")
    page.evaluate("document.querySelector('meta[name=newsgraph-token]').content = 'wrong'")
    page.locator("#rename-name").fill("Someone else")
    page.locator("#rename-name").press("Enter")
    expect(page.locator("#fix-status .error")).to_contain_text("token")
    ui.errors.clear()  # the browser logs the 403 reply
    ui.clean()


def test_a_server_with_a_configured_token(browser, sample_db, serve):
    token = "ui-test-token-0123456789"
    server = serve(sample_db, token=token)
    context, ui = watch_page(browser, server.url)
    try:
        page = ui.go(f"/search?q=hanoi&mode=keyword&token={token}")  # the first visit: the token becomes a cookie
        expect(page.locator(".hit").first).to_be_visible()
        page = ui.go(f"/entities/{INTO}")  # no token in the URL now
        expect(page.locator("#ent-title")).to_contain_text("Ernesto Lazo Miranda")
        page.locator("#rename-name").fill("E. Lazo Miranda")
        page.locator("#rename-name").press("Enter")
        expect(page.locator("#ent-title")).to_contain_text("E. Lazo Miranda")
        ui.clean()
    finally:
        context.close()
