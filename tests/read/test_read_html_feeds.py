from __future__ import annotations

import pytest

AR = "قام المؤتمر بتقييم نتائج تنفيذ مهام الدفاع"
PAGE = """<!DOCTYPE html><html lang="fr"><head>{charset}<title>Bilan  2024</title>
<link rel="canonical" href="https://example.org/bilan"></head>
<body><article><p>{body}</p></article></body></html>"""


def test_html_kept_as_html_with_head_meta(read, write) -> None:
    path = write("page.html", PAGE.format(charset='<meta charset="utf-8">', body="Le ministère de la Défense"))
    (doc,), rejected = read(path)
    assert not rejected
    assert doc.kind == "html" and "<article>" in doc.raw and "ministère" in doc.raw
    assert doc.meta == {"url": "https://example.org/bilan", "title": "Bilan 2024", "lang": "fr"}


def test_html_og_url_when_no_canonical(read, write) -> None:
    html = '<html><head><meta property="og:url" content="https://example.org/og"></head><body><p>x</p></body></html>'
    (doc,), _ = read(write("og.htm", html))
    assert doc.meta["url"] == "https://example.org/og"


@pytest.mark.parametrize("charset", [
    '<meta charset="windows-1256">',
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">',
])
def test_html_respects_declared_charset(read, write, charset: str) -> None:
    data = PAGE.format(charset=charset, body=AR).encode("windows-1256")
    (doc,), _ = read(write("ar.html", data))
    assert doc.encoding == "cp1256" and AR in doc.raw


def test_html_sniffed_from_content_without_extension(read, write) -> None:
    (doc,), _ = read(write("page", "<!doctype html><html><body><p>Hello</p></body></html>"))
    assert doc.kind == "html"


RSS = """<?xml version="1.0" encoding="{enc}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>News</title><language>vi</language>
<item><title>First</title><link>https://example.org/1</link><guid>id-1</guid>
<pubDate>Thu, 12 Dec 2024 10:00:00 +0700</pubDate><description>Short summary</description>
<content:encoded><![CDATA[<p>Full <b>content</b> of {text}</p>]]></content:encoded></item>
<item><title>Second</title><link>https://example.org/2</link><description>&lt;p&gt;Only a summary&lt;/p&gt;</description></item>
<item><link>https://example.org/3</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>Atom one</title><id>urn:1</id><link href="https://example.org/a1"/>
<updated>2024-12-26T08:00:00Z</updated><author><name>Reporter</name></author>
<content type="html">&lt;p&gt;Atom body&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_entries_become_documents(read, write) -> None:
    path = write("news.rss", RSS.format(enc="utf-8", text="Lương Cường"))
    docs, rejected = read(path)
    assert [d.source for d in docs] == [f"{path}#entry-1", f"{path}#entry-2"]
    first, second = docs
    assert first.kind == "feed-entry" and first.raw == "<p>Full <b>content</b> of Lương Cường</p>"
    assert first.meta == {"title": "First", "url": "https://example.org/1", "id": "id-1",
                          "date": "Thu, 12 Dec 2024 10:00:00 +0700", "date_source": "feed", "lang": "vi"}
    assert second.raw == "<p>Only a summary</p>" and "date" not in second.meta
    assert [(r.source, r.code) for r in rejected] == [(f"{path}#entry-3", "NG103")]


def test_rss_in_declared_legacy_encoding(read, write) -> None:
    data = RSS.format(enc="windows-1256", text=AR).encode("windows-1256")
    docs, _ = read(write("ar.xml", data))
    assert AR in docs[0].raw and docs[0].encoding == "cp1256"


def test_atom_entry(read, write) -> None:
    (doc,), rejected = read(write("feed.atom", ATOM))
    assert not rejected
    assert doc.raw == "<p>Atom body</p>"
    assert doc.meta["date"] == "2024-12-26T08:00:00Z" and doc.meta["author"] == "Reporter"
    assert doc.meta["id"] == "urn:1" and doc.meta["url"] == "https://example.org/a1"


def test_feed_sniffed_from_xml_and_unknown_names(read, write) -> None:
    docs, _ = read(write("feed.xml", ATOM), write("feed.dat", ATOM))
    assert [d.kind for d in docs] == ["feed-entry", "feed-entry"]


def test_feed_without_entries_is_rejected(read, write) -> None:
    _, (rej,) = read(write("empty.rss", '<rss version="2.0"><channel><title>x</title></channel></rss>'))
    assert rej.code == "NG103"
