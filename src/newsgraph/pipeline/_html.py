"""Small lxml helpers for `clean`: HTML → text with paragraph breaks, and title candidates.

No main-content detection here (that is trafilatura's job in `clean`); these functions only
turn markup into text faithfully: block elements become paragraph breaks, `<br>` a line
break, and script-like elements never become text.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

# Elements whose content is never article text (code, styling, embedded documents, forms).
NEVER_TEXT = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
              "canvas", "head", "select", "button", "form")
# Page furniture dropped by the last-resort <article>/<body> fallback only (a feed fragment
# keeps everything it has: it is the entry's content, not a page).
PAGE_FURNITURE = ("nav", "header", "footer", "aside", "menu")
# Elements that start a new paragraph.
BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "figure", "figcaption", "hr", "address",
    "header", "footer", "aside", "nav", "details", "summary",
})
HTML_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*\b[^>]*|/[a-zA-Z][a-zA-Z0-9]*\s*)>")
PARAGRAPH_BREAK = "\n\n"


def looks_like_html(raw: str) -> bool:
    """True when `raw` contains at least one tag (a feed entry may be HTML or plain text)."""
    return HTML_TAG.search(raw) is not None


def parse(html: str) -> HtmlElement | None:
    """Parse a page or fragment; None when lxml finds nothing to parse."""
    try:
        return lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def parse_fragment(html: str) -> HtmlElement | None:
    try:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def drop(tree: HtmlElement, tags: tuple[str, ...]) -> None:
    """Remove elements (with their content) but keep the text that follows them (their tail)."""
    for el in list(tree.iter(*tags)):
        if el.getparent() is not None:
            el.drop_tree()


def to_text(el: HtmlElement) -> str:
    """Text of `el` with blank lines between blocks and newlines for <br>; NEVER_TEXT skipped."""
    parts: list[str] = []
    _walk(el, parts)
    return "".join(parts)


def _walk(el: etree._Element, parts: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""  # comments / processing instructions
    if tag and tag.lower() not in NEVER_TEXT:
        block = tag.lower() in BLOCKS
        if block:
            parts.append(PARAGRAPH_BREAK)
        if tag.lower() == "br":
            parts.append("\n")
        if tag.lower() in ("td", "th"):
            parts.append(" ")
        parts.append(el.text or "")
        for child in el:
            _walk(child, parts)
        if block:
            parts.append(PARAGRAPH_BREAK)
    parts.append(el.tail or "")


def container_text(tree: HtmlElement) -> str:
    """Last resort: plain text of <article> (the longest) or <body>, without page furniture."""
    drop(tree, NEVER_TEXT + PAGE_FURNITURE)
    articles = tree.xpath("//article")
    if articles:
        return max((to_text(a) for a in articles), key=len)
    body = tree.find(".//body")
    return to_text(body if body is not None else tree)


def title_candidates(tree: HtmlElement) -> list[str]:
    """Declared titles in order of trust: og:title, twitter:title, <title>, the first <h1>."""
    found = [
        *tree.xpath("//meta[@property='og:title']/@content"),
        *tree.xpath("//meta[@name='twitter:title']/@content"),
        *[t.text_content() for t in tree.xpath("//title")[:1]],
        *[h.text_content() for h in tree.xpath("//h1")[:1]],
    ]
    return [" ".join(t.split()) for t in found if t and t.strip()]
