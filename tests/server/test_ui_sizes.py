"""The pages at the edges: an empty store and a store of one document (no vectors, no stories);
and every list the pages ask for is asked for one page at a time (a `limit`, then the cursor)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

import newsgraph
from newsgraph.fixtures import sample_corpus

from .conftest import sample_settings
from .test_ui_pages import watch_page

pytestmark = pytest.mark.browser
LISTS = re.compile(r"/api/(search|documents|stories|entities/[^/]+/documents|stories/[^/]+/documents|corrections)$")


@pytest.fixture
def open_store(browser, serve, tmp_path):
    opened = []

    def start(*paths: str):
        db = tmp_path / f"s{len(opened)}.db"
        with newsgraph.open(str(db), sample_settings(db)) as ng:
            if paths:
                ng.ingest([str(sample_corpus() / p) for p in paths])
        context, watch = watch_page(browser, serve(db).url)
        asked: list[str] = []
        watch.page.on("request", lambda r: asked.append(r.url) if "/api/" in r.url else None)
        opened.append(context)
        return watch, asked

    yield start
    for c in opened:
        c.close()


def test_empty_store(open_store):
    ui, _ = open_store()
    page = ui.go("/search?q=anything")
    expect(page.locator("#status")).to_have_text(re.compile("No documents match “anything”"))
    expect(page.locator("#histogram")).to_contain_text("No dated documents")
    page = ui.go("/stories")
    expect(page.locator("#status")).to_contain_text("No stories match")
    page = ui.go("/")
    expect(page.locator("#status")).to_contain_text("Type words in any language")
    ui.clean()


def test_one_document_and_lists_paged(open_store):
    ui, asked = open_store("txt/en-president-cuba.txt")
    page = ui.go("/search?q=president")
    expect(page.locator(".hit")).to_have_count(1)
    expect(page.locator("#status")).to_contain_text("1 document matches “president”")
    expect(page.locator("#histogram rect.bar")).to_have_count(1)
    expect(page.locator("#more button")).to_have_count(0)
    page.locator(".hit a").first.click()
    expect(page.locator("#doc-meta")).to_contain_text("none")  # no story without vectors
    page.locator('#doc-text a.m[data-entity="luong-cuong"]').first.click()
    expect(page.locator("#docs .docitem")).to_have_count(1)
    expect(page.locator("#docs-more button")).to_have_count(0)
    page = ui.go("/stories")
    expect(page.locator("#status")).to_contain_text("No stories match")
    lists = [u for u in asked if LISTS.search(urlparse(u).path)]
    assert lists and all(0 < int(parse_qs(urlparse(u).query)["limit"][0]) <= 50 for u in lists), lists
    ui.clean()
