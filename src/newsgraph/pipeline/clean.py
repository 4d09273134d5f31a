"""Clean: raw input → the final article text, a title, and an audit of what was dropped.

Per kind, the main text comes from:

- "html": trafilatura's main-content extraction, with a fallback chain that reads top to
  bottom (`HTML_CHAIN`); the link that won is recorded in `meta["extractor"]`. Comments are
  left out (they are readers' text, not the article); tables are kept (news tables carry facts).
- "feed-entry": the entry's HTML fragment with tags stripped (no main-content detection:
  the feed already chose the content), or its plain text.
- "text" / "record": the text as the reader decoded it.

Then, for every kind: whitespace normalised, boilerplate rules (`boilerplate.py`, data in
`data/boilerplate/<lang>.toml`) applied, and a title chosen (`meta["title"]`, the page's
declared title, else the first line or sentence of the text). `doc.text` is final: later
stages store offsets into it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ..config import Settings
from ..errors import EmptyInput
from ..model.document import Document
from . import _html
from .boilerplate import strip_boilerplate

REQUIRES = ("raw", "kind", "meta")
ASSIGNS = ("text", "title", "removed")

# Under this many characters a link is deemed to have under-delivered and the next one is
# tried: a news article has at least a couple of sentences. On the trafilatura dev set,
# 150-300 is a plateau (F1 within 0.001); 500 lets the noisier links win too often.
MIN_MAIN_TEXT_CHARS = 200
# A site-name segment in a title ("… | VnExpress", "… - Nhân Dân") has at most this many words
# and characters, and the headline it is cut from is at least SUFFIX_RATIO times longer.
SITE_NAME_MAX_WORDS = 4
SITE_NAME_MAX_CHARS = 40
SUFFIX_RATIO = 1.5
TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|«|·|•|/|:)\s+")
# A site name put first ("VnExpress | Headline") is only cut at a separator no headline uses
# between its own words ("Vietnam - China talks" keeps its hyphen).
PREFIX_SEPARATORS = frozenset({"|", "::", "»", "·", "•"})
ELLIPSIS = "…"

HORIZONTAL_SPACE = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
MANY_NEWLINES = re.compile(r"\n{3,}")
# A first line ending like this continues into the next one, so it is not a title.
CONTINUES = re.compile(r"[,;:，；：、\-–—(\[{]$|\b(?:and|or|of|the|to|et|de|và|của|und|y)$", re.IGNORECASE)
# Sentence ends: Latin/Cyrillic/Arabic punctuation followed by space, or CJK full stops (no space
# needed). A single letter before the period is an initial (J. Smith, U.S.), not a sentence end.
SENTENCE_SPLIT = re.compile(r"(?<=[.!?؟…])(?<!\b\w\.)\s+|(?<=[.!?؟…][\"'”’»)])\s+|(?<=[。！？])")


# -- entry point ----------------------------------------------------------------------------
def clean(docs: list[Document], settings: Settings) -> list[Document]:
    """Set text, title and removed on each Document; raise EmptyInput when nothing is left."""
    for doc in docs:
        clean_one(doc, settings)
    return docs


def clean_one(doc: Document, settings: Settings) -> Document:
    text, extractor, page_title = main_text(doc, settings)
    text, removed = strip_boilerplate(normalise_whitespace(text))
    text = normalise_whitespace(text)
    if not text:
        raise EmptyInput(f"nothing left of {doc.source} after cleaning")
    doc.text = text
    doc.removed = removed
    doc.title = choose_title(doc.meta.get("title"), page_title, text, settings.clean.title_max_chars)
    if extractor:
        doc.meta = {**doc.meta, "extractor": extractor}
    return doc


def main_text(doc: Document, settings: Settings) -> tuple[str, str | None, str | None]:
    """(text, extractor that won or None, title the page declares or None) for the doc's kind."""
    if doc.kind == "html":
        return html_main_text(doc.raw, settings)
    if doc.kind == "feed-entry":
        return feed_entry_text(doc.raw), None, None
    return doc.raw, None, None


# -- whitespace -----------------------------------------------------------------------------
def normalise_whitespace(text: str) -> str:
    """Runs of spaces/tabs → one space, lines stripped, 3+ newlines → one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


# -- HTML: the fallback chain ----------------------------------------------------------------
def html_main_text(html: str, settings: Settings) -> tuple[str, str | None, str | None]:
    """Main text by the first link of HTML_CHAIN that delivers enough; else the first that found any."""
    tree = _html.parse(html)
    page_title = page_title_of(tree) if tree is not None else None
    fallback: tuple[str, str | None] = ("", None)
    for name, step in HTML_CHAIN:
        text = step(html, settings).strip()
        if len(text) >= MIN_MAIN_TEXT_CHARS:
            return text, name, page_title
        if text and not fallback[0] and has_prose(text):
            fallback = (text, name)
    return fallback[0], fallback[1], page_title


PROSE_MIN_WORDS = 8  # a line this long is prose, not a menu item
PROSE_MIN_SENTENCE_WORDS = 4  # a shorter line counts if it ends like a sentence ("Please enable JavaScript." does not)
PROSE_MIN_UNSPACED_CHARS = 15  # the same for scripts written without spaces
SENTENCE_END = (".", "!", "?", "。", "！", "？", "؟", "…")


def has_prose(text: str) -> bool:
    """A short extraction is kept only if one of its lines reads like a sentence: menus and
    notices from a page without an article must not become a document."""
    for line in text.splitlines():
        words = line.split()
        if len(words) >= PROSE_MIN_WORDS or (len(words) <= 2 and len(line) >= PROSE_MIN_UNSPACED_CHARS):
            return True
        if len(words) >= PROSE_MIN_SENTENCE_WORDS and line.rstrip().endswith(SENTENCE_END):
            return True
    return False


def _trafilatura(html: str, settings: Settings) -> str:
    import trafilatura

    text = trafilatura.extract(
        html, favor_precision=settings.clean.html_favor_precision, include_comments=False,
        include_tables=True, output_format="txt")
    return _lines_to_paragraphs(text or "")


def _trafilatura_baseline(html: str, settings: Settings) -> str:
    from trafilatura import baseline

    return _lines_to_paragraphs(baseline(html)[1])


def _justext(html: str, settings: Settings) -> str:
    import justext

    paragraphs = justext.justext(html, _justext_stoplist())
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


@lru_cache(maxsize=1)
def _justext_stoplist() -> frozenset[str]:
    """All of jusText's stoplists together: the language is not known before language ID."""
    import justext

    return frozenset().union(*(justext.get_stoplist(lang) for lang in justext.get_stoplists()))


def _container_text(html: str, settings: Settings) -> str:
    tree = _html.parse(html)
    return _html.container_text(tree) if tree is not None else ""


HTML_CHAIN: tuple[tuple[str, Callable[[str, Settings], str]], ...] = (
    ("trafilatura", _trafilatura),
    ("trafilatura.baseline", _trafilatura_baseline),
    ("justext", _justext),
    ("lxml.container", _container_text),
)


def _lines_to_paragraphs(text: str) -> str:
    """trafilatura's txt output has one block per line; make each a paragraph (blank line)."""
    return "\n\n".join(line for line in text.split("\n") if line.strip())


# -- feed entries ---------------------------------------------------------------------------
def feed_entry_text(raw: str) -> str:
    """Strip tags from an HTML fragment (keeping paragraphs); plain text passes through."""
    if not _html.looks_like_html(raw):
        return raw
    fragment = _html.parse_fragment(raw)
    return _html.to_text(fragment) if fragment is not None else raw


# -- titles ---------------------------------------------------------------------------------
def page_title_of(tree: _html.HtmlElement) -> str | None:
    """The page's declared title without its site-name suffix/prefix, or None."""
    for candidate in _html.title_candidates(tree):
        title = strip_site_name(candidate)
        if title:
            return title
    return None


def strip_site_name(title: str) -> str:
    """Drop a short site-name segment at either end: "Headline | VnExpress" → "Headline"."""
    title = " ".join(title.split())
    seps = list(TITLE_SEPARATORS.finditer(title))
    if not seps:
        return title
    last, first = seps[-1], seps[0]
    head, tail = title[: last.start()], title[last.end():]
    if _is_site_name(tail, head):
        return head.strip()
    head, tail = title[: first.start()], title[first.end():]
    if first.group().strip() in PREFIX_SEPARATORS and _is_site_name(head, tail):
        return tail.strip()
    return title


def _is_site_name(segment: str, rest: str) -> bool:
    words = segment.split()
    return (0 < len(words) <= SITE_NAME_MAX_WORDS and len(segment) <= SITE_NAME_MAX_CHARS
            and len(rest) >= SUFFIX_RATIO * len(segment))


def choose_title(declared: object, page_title: str | None, text: str, max_chars: int) -> str | None:
    """The source's title, else the page's, else one taken from the text; top to bottom."""
    for candidate in (declared, page_title):
        if isinstance(candidate, str) and candidate.strip():
            return " ".join(candidate.split())
    return title_from_text(text, max_chars)


def title_from_text(text: str, max_chars: int) -> str | None:
    """A short first line when more follows, else the first sentence, cut to max_chars."""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return None
    first = lines[0]
    if len(lines) > 1 and len(first) <= max_chars and not CONTINUES.search(first):
        sentences = split_sentences(first)
        if len(sentences) <= 1:
            return first
    return cut(split_sentences(first)[0], max_chars)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_SPLIT.split(text) if s and s.strip()]


def cut(text: str, max_chars: int) -> str:
    """Cut at a word boundary (or anywhere, for text without spaces) and mark it with "…"."""
    if len(text) <= max_chars:
        return text
    room = text[: max_chars - len(ELLIPSIS)]
    space = room.rfind(" ")
    if space > max_chars // 2:
        room = room[:space]
    return room.rstrip(" ,;:-–—") + ELLIPSIS
