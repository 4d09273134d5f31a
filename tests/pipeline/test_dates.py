"""Find date: every chain link, every language file, never an invented day, the future flag."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from newsgraph.model.document import Document
from newsgraph.pipeline import dates
from newsgraph.pipeline.dates_html import (
    _day_was_written,
    from_meta_tags,
    from_url,
    parse_tree,
    visible_dates,
)
from newsgraph.pipeline.dates_infer import Interval, year_focus
from newsgraph.pipeline.dates_text import available_languages, find_text_dates, year_counts
from newsgraph.pipeline.dates_values import PartialDate, parse_machine, read_numeric
from newsgraph.pipeline.dates_vote import Signals, elect
from tests.conftest import SEEDS

NOW = datetime(2026, 1, 15, tzinfo=UTC)
SEED_LANGS = {"000": "en", "001": "en", "002": "ar", "003": "fr", "004": "en"}
HEADER = re.compile(r"^ date (\S+) ")


def run(doc: Document, settings, now: datetime = NOW) -> Document:
    return dates.find_dates([doc], settings, now=now)[0]


def evidence(doc: Document) -> str:
    p = doc.published
    assert p is not None and p.start is not None and p.end is not None
    return doc.text[p.start : p.end]


def seed_doc(path) -> Document:
    text, meta = path.read_text(encoding="utf-8"), {}
    m = HEADER.match(text)
    if m:
        meta, text = {"date": m[1], "date_source": "header"}, text[m.end() :]
    return Document(source=path.name, raw=text, text=text, meta=meta, lang=SEED_LANGS[path.name[:3]])


# --- acceptance: the five seeds -----------------------------------------------------------


@pytest.mark.seeds
@pytest.mark.parametrize(
    "prefix,iso,precision,source",
    [
        ("000", "2024-12-26", "day", "text"),
        ("001", "2023-07-03", "day", "header"),
        ("002", "2023-12", "month", "inferred"),
        ("003", "2024-12-27", "day", "text"),
        ("004", "2024-12-12", "day", "header"),
    ],
)
def test_dates_seeds(settings, prefix, iso, precision, source):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    doc = run(seed_doc(path), settings)
    p = doc.published
    assert (p.date, p.precision, p.source) == (iso, precision, source)
    if source == "text":
        assert re.search(r"\d", evidence(doc))


# --- declared dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,iso,precision",
    [
        ("2024-12-26", "2024-12-26", "day"),
        ("2024-12-26T01:30:00+07:00", "2024-12-26", "day"),  # local date kept, not moved to UTC
        ("2024-12-26T23:10:00Z", "2024-12-26", "day"),
        ("2024-12", "2024-12", "month"),
        ("2024", "2024", "year"),
        ("Thu, 26 Dec 2024 10:00:00 +0700", "2024-12-26", "day"),
        ("12/12/2024", "2024-12-12", "day"),
        ("26/12/2024", "2024-12-26", "day"),  # only one reading is a date, whatever the order
        ("20241226", "2024-12-26", "day"),
        ("26 décembre 2024", "2024-12-26", "day"),
        ("décembre 2024", "2024-12", "month"),
    ],
)
def test_dates_declared_formats(make_doc, settings, value, iso, precision):
    doc = run(make_doc("Sans date dans le texte.", lang="fr", date=value, date_source="feed"), settings)
    assert (doc.published.date, doc.published.precision, doc.published.source) == (iso, precision, "feed")


@pytest.mark.parametrize("lang,iso", [("en", "2023-03-07"), ("fr", "2023-07-03"), (None, "2023-07-03")])
def test_dates_ambiguous_numeric_follows_language_with_lower_confidence(make_doc, settings, lang, iso):
    doc = run(make_doc("No date here.", lang=lang, date="03/07/2023", date_source="field"), settings)
    assert doc.published.date == iso
    assert doc.published.confidence < dates.DECLARED_CONFIDENCE


def test_dates_unknown_date_source_is_field(make_doc, settings):
    doc = run(make_doc("x", date="2024-01-02", date_source="whatever"), settings)
    assert doc.published.source == "field"


def test_dates_unparsable_declared_falls_through_to_text(make_doc, settings):
    doc = run(make_doc("Hanoi, 26 December 2024 - The ministry met.", lang="en", date="soon"), settings)
    assert (doc.published.date, doc.published.source) == ("2024-12-26", "text")


# --- future flag -------------------------------------------------------------------------


def test_dates_future_header_is_flagged_and_chain_goes_on(make_doc, settings):
    doc = make_doc(
        "Hanoi, 26 December 2024 - The ministry met.", lang="en", date="2031-05-02", date_source="header"
    )
    doc = run(doc, settings)
    assert doc.date_flags == ["future: 2031-05-02 from header"]
    assert (doc.published.date, doc.published.source) == ("2024-12-26", "text")


def test_dates_tolerance_allows_tomorrow(make_doc, settings):
    doc = run(make_doc("x", date="2026-01-16", date_source="header"), settings)
    assert doc.published.date == "2026-01-16" and doc.date_flags == []
    doc = run(make_doc("x", date="2026-01-17", date_source="header"), settings)
    assert doc.published is None and doc.date_flags == ["future: 2026-01-17 from header"]


def test_dates_rerun_replaces_flags(make_doc, settings):
    doc = make_doc("x", date="2031-05-02", date_source="header")
    run(run(doc, settings), settings)
    assert doc.date_flags == ["future: 2031-05-02 from header"]


# --- text dates per language, with offsets -------------------------------------------------


@pytest.mark.parametrize(
    "lang,text,written",
    [
        ("en", "WASHINGTON, December 26, 2024 — Talks resumed.", "December 26, 2024"),
        ("en", "On 26th of December 2024 the talks resumed.", "26th of December 2024"),
        ("fr", "Paris, le 26 décembre 2024. Les pourparlers ont repris.", "26 décembre 2024"),
        ("fr", "Le 1er janvier 2025, la loi entre en vigueur.", "1er janvier 2025"),
        ("de", "Berlin, 26. Dezember 2024: Die Gespräche gingen weiter.", "26. Dezember 2024"),
        ("es", "Madrid, 26 de diciembre de 2024. Se reanudaron.", "26 de diciembre de 2024"),
        ("ru", "Москва, 26 декабря 2024 года. Переговоры возобновились.", "26 декабря 2024 года"),
        ("ar", "القاهرة في 26 ديسمبر 2024 استؤنفت المحادثات", "26 ديسمبر 2024"),
        ("ar", "بيروت في ٢٦ كانون الأول ٢٠٢٤ استؤنفت المحادثات", "٢٦ كانون الأول ٢٠٢٤"),
        ("vi", "Hà Nội, ngày 26 tháng 12 năm 2024, Bộ Quốc phòng đã họp.", "26 tháng 12 năm 2024"),
        ("vi", "Hà Nội, 26/12/2024 - Bộ Quốc phòng đã họp.", "26/12/2024"),
        ("zh", "新华社北京2024年12月26日电 会谈恢复。", "2024年12月26日"),
        ("zh", "新华社北京２０２４年１２月２６日电", "２０２４年１２月２６日"),
    ],
)
def test_dates_lead_date_per_language(make_doc, settings, lang, text, written):
    doc = run(make_doc(text, lang=lang), settings)
    iso = "2025-01-01" if "janvier" in written else "2024-12-26"
    assert (doc.published.date, doc.published.precision, doc.published.source) == (iso, "day", "text")
    assert evidence(doc) == written


@pytest.mark.parametrize(
    "lang,text,written",
    [
        ("vi", "Sáng 26/12, tại Hà Nội, Bộ Quốc phòng tổ chức hội nghị năm 2024.", "26/12"),
        ("zh", "12月26日，会议在北京举行，总结2024年工作。", "12月26日"),
        ("ru", "26 декабря в Москве прошло совещание по итогам 2024 года.", "26 декабря"),
        ("es", "El 26 de diciembre se celebró la reunión sobre 2024.", "26 de diciembre"),
        ("de", "Am 26. Dezember fand die Bilanzkonferenz für 2024 statt.", "26. Dezember"),
    ],
)
def test_dates_yearless_lead_takes_year_from_focus(make_doc, settings, lang, text, written):
    doc = run(make_doc(text, lang=lang), settings)
    assert (doc.published.date, doc.published.precision) == ("2024-12-26", "day")
    assert evidence(doc) == written


def test_dates_language_files_are_all_loadable():
    assert {"en", "fr", "ar", "vi", "zh", "ru", "de", "es"} <= set(available_languages())


def test_dates_unknown_language_uses_common_patterns_only(make_doc, settings):
    doc = run(make_doc("Seoul 2024-12-26 talks; 26 décembre 2023", lang="ko"), settings)
    assert evidence(doc) == "2024-12-26"


# --- never invent a day or a month ---------------------------------------------------------


@pytest.mark.parametrize(
    "lang,text,iso,precision",
    [
        ("fr", "En décembre 2023, la conférence a eu lieu.", "2023-12", "month"),
        ("en", "In December 2023 the conference took place.", "2023-12", "month"),
        ("vi", "Trong tháng 12 năm 2023, hội nghị đã diễn ra.", "2023-12", "month"),
        ("zh", "2023年12月，会议举行。", "2023-12", "month"),
    ],
)
def test_dates_month_only_text_stays_month(make_doc, settings, lang, text, iso, precision):
    doc = run(make_doc(text, lang=lang), settings)
    assert (doc.published.date, doc.published.precision) == (iso, precision)


def test_dates_year_header_refined_by_text(make_doc, settings):
    doc = run(
        make_doc(
            "La réunion du 27 décembre a fixé les tâches.", lang="fr", date="2024", date_source="header"
        ),
        settings,
    )
    assert (doc.published.date, doc.published.source) == ("2024-12-27", "text")
    assert "refines header 2024" in doc.published.evidence


def test_dates_refinement_ignores_text_outside_coarse_date(make_doc, settings):
    doc = run(
        make_doc("La réunion du 27 novembre a eu lieu.", lang="fr", date="2024-12", date_source="header"),
        settings,
    )
    assert (doc.published.date, doc.published.precision, doc.published.source) == (
        "2024-12",
        "month",
        "header",
    )


def test_dates_nothing_found_is_none(make_doc, settings):
    doc = run(make_doc("No dates at all in this sentence.", lang="en"), settings)
    assert doc.published is None and doc.date_flags == []


# --- referenced documents and interval inference -----------------------------------------


@pytest.mark.parametrize(
    "lang,text",
    [
        (
            "en",
            "The meeting reviewed 2023 and deployed Directive 53-CT/TU dated 5 December 2023 for 2024 in 2023.",
        ),
        (
            "en",
            "The meeting reviewed 2023 and Resolution No. 18 of December 5, 2023, for tasks in 2023 and 2024.",
        ),
        (
            "fr",
            "La réunion a passé en revue 2023 et la directive 53-CT/TU du 5 décembre 2023 pour 2023 et 2024.",
        ),
        (
            "ru",
            "Совещание подвело итоги 2023 года и изучило указ от 5 декабря 2023 года; задачи на 2023 и 2024.",
        ),
        ("vi", "Hội nghị tổng kết năm 2023, quán triệt Chỉ thị 53-CT/TU ngày 5/12/2023 về năm 2023 và 2024."),
    ],
)
def test_dates_referenced_date_is_a_lower_bound_not_the_date(make_doc, settings, lang, text):
    doc = run(make_doc(text, lang=lang), settings)
    assert (doc.published.date, doc.published.precision, doc.published.source) == (
        "2023-12",
        "month",
        "inferred",
    )


def test_dates_min_confidence_drops_weak_inference(make_doc, settings):
    text = "المؤرخ 5 ديسمبر 2023 في عام 2023"
    assert run(make_doc(text, lang="ar"), settings).published.date == "2023-12"
    strict = settings.with_overrides(**{"dates.min_confidence": 0.5})
    assert run(make_doc(text, lang="ar"), strict).published is None


def test_dates_year_focus_prefers_earlier_year_on_tie():
    assert year_focus("review of 2024, plans for 2025") == 2024
    assert year_focus("in 2023, 2023 and 2024") == 2023
    assert year_counts("the 2025-2030 term, code 12/2024, 2024.") == {2024: 1}


@pytest.mark.parametrize(
    "low,high,iso",
    [
        (date(2023, 12, 8), date(2023, 12, 31), "2023-12"),
        (date(2023, 3, 1), date(2023, 12, 31), "2023"),
        (date(2023, 3, 1), date(2024, 1, 2), None),
    ],
)
def test_dates_interval_cut(low, high, iso):
    cut = Interval(low, high, None).cut()
    assert (cut.iso() if cut else None) == iso


# --- HTML metadata and URL -----------------------------------------------------------------

PAGE = """<html><head><title>t</title>{head}</head>
<body><article><h1>Talks resumed</h1><p>The ministers met again to discuss trade.</p></article></body></html>"""


def test_dates_html_metadata_wins(settings):
    raw = PAGE.format(head='<meta property="article:published_time" content="2023-11-08T21:11:03-05:00">')
    doc = Document(
        source="p.html",
        raw=raw,
        kind="html",
        text="The ministers met.",
        lang="en",
        meta={"url": "https://example.org/2020/01/02/talks"},
    )
    doc = run(doc, settings)
    assert (doc.published.date, doc.published.source) == ("2023-11-08", "metadata")


def test_dates_url_when_page_has_no_metadata(settings):
    doc = Document(
        source="p.html",
        raw=PAGE.format(head=""),
        kind="html",
        text="The ministers met.",
        lang="en",
        meta={"url": "https://example.org/news/2024/12/26/talks-resumed"},
    )
    doc = run(doc, settings)
    assert (doc.published.date, doc.published.source) == ("2024-12-26", "url")


@pytest.mark.parametrize(
    "url,iso",
    [
        ("https://x.org/2024/12/26/a", "2024-12-26"),
        ("https://x.org/news/2024-12-26-talks", "2024-12-26"),
        ("https://x.org/2024/12/talks", "2024-12"),
        ("https://web.archive.org/web/20160218174457/http://x.de/2010/05/a", "2010-05"),
        ("https://x.org/item/20241/13/x", None),
    ],
)
def test_dates_url_patterns(url, iso):
    found = from_url(url)
    assert (found.value.iso() if found else None) == iso


@pytest.mark.parametrize(
    "head,iso",
    [
        ('<meta property="article:published_time" content="2024-12-26T10:00:00+01:00">', "2024-12-26"),
        ('<script type="application/ld+json">{"datePublished": "2024-12-26"}</script>', "2024-12-26"),
        ('<meta itemprop="datePublished" content="1988">', "1988"),
        ('<meta property="article:modified_time" content="2024-12-26">', None),
    ],
)
def test_dates_own_meta_reading(head, iso):
    found = from_meta_tags(PAGE.format(head=head))
    assert (found.value.iso() if found else None) == iso


def test_dates_own_meta_reading_survives_xml_declaration():
    raw = '<?xml version="1.0" encoding="utf-8"?>' + PAGE.format(
        head='<meta property="article:published_time" content="2024-12-26">'
    )
    assert from_meta_tags(raw).value.iso() == "2024-12-26"


VISIBLE = """<html><head><title>t</title><script>var d = "2001-01-01";</script></head><body>
<nav>Heute: 2019-10-19</nav>{filler}<h1>Talks resumed</h1><p class="byline">{dateline}</p>
<p>The ministers met again to discuss trade.</p><footer>Archive: 3. März 2015</footer></body></html>"""


def test_dates_visible_dates_and_dateline_near_the_headline():
    raw = VISIBLE.format(filler="<p>" + "menu " * 100 + "</p>", dateline="Veröffentlicht am 18.10.2019")
    seen = visible_dates(parse_tree(raw), "de")
    assert seen.dateline == PartialDate(2019, 10, 18)  # not the site's "today" far above the <h1>
    assert seen.dates == {PartialDate(2019, 10, 19), PartialDate(2019, 10, 18), PartialDate(2015, 3, 3)}


def signals(**named):
    return Signals(
        {k: frozenset(PartialDate(*map(int, v.split("-"))) for v in vs) for k, vs in named.items()}
    )


TODAY = date(2026, 1, 15)


@pytest.mark.parametrize(
    "named,iso",
    [
        # a publication field written in UTC, the URL in the publisher's calendar: URL + htmldate win
        ({"published": ["2023-11-09"], "htmldate": ["2023-11-08"], "url": ["2023-11-08"]}, "2023-11-08"),
        # htmldate took the site's header date; the publication field is shown under the headline
        (
            {
                "published": ["2019-10-18"],
                "htmldate": ["2019-10-19"],
                "dateline": ["2019-10-18"],
                "visible": ["2019-10-18", "2019-10-19"],
            },
            "2019-10-18",
        ),
        # the page shows only its update as its date: the update wins
        (
            {
                "published": ["2019-10-15"],
                "htmldate": ["2019-10-15"],
                "modified": ["2020-03-12"],
                "dateline": ["2020-03-12"],
                "visible": ["2020-03-12"],
            },
            "2020-03-12",
        ),
        # ... but when it shows the publication date too, publication wins
        (
            {
                "published": ["2019-06-17"],
                "htmldate": ["2019-06-17"],
                "modified": ["2020-06-04"],
                "dateline": ["2020-06-04"],
                "visible": ["2020-06-04", "2019-06-17"],
            },
            "2019-06-17",
        ),
        # a modification date alone never beats htmldate
        ({"htmldate": ["2021-11-04"], "modified": ["2021-11-05"]}, "2021-11-04"),
        # tie: htmldate's answer
        ({"htmldate": ["2020-01-02"], "dateline": ["2020-01-05"]}, "2020-01-02"),
        # the future and the pre-web past are no candidates
        ({"htmldate": ["2027-01-01"], "url": ["2026-01-10"]}, "2026-01-10"),
        ({"published": ["1990-05-01"]}, None),
        ({"visible": ["2020-01-02"]}, None),  # visible text only supports, never proposes
    ],
)
def test_dates_vote(named, iso):
    found = elect(signals(**named), TODAY)
    assert (found.value.iso() if found else None) == iso


def test_dates_vote_evidence_names_the_supporters():
    found = elect(signals(published=["2023-11-08"], htmldate=["2023-11-08"], url=["2023-11-08"]), TODAY)
    assert found.evidence == "votes 7: htmldate, published, url" and found.confidence > 0.9
    assert found.source == "metadata"


def test_dates_page_dateline_beats_header_date(settings):
    raw = VISIBLE.format(
        filler="<p>" + "menu " * 100 + "</p>", dateline="Veröffentlicht am 18.10.2019"
    ).replace(
        "<title>t</title>", '<title>t</title><meta name="vr:published-time" content="18.10.2019 17:08">'
    )
    doc = Document(source="p.html", raw=raw, kind="html", text="The ministers met.", lang="de")
    doc = run(doc, settings)
    assert (doc.published.date, doc.published.source) == ("2019-10-18", "metadata")
    assert "dateline" in doc.published.evidence


def test_dates_htmldate_first_of_month_kept_only_when_written():
    assert _day_was_written("<p>1. November 2023</p>", PartialDate(2023, 11, 1), "de")
    assert not _day_was_written("<p>November 2023</p>", PartialDate(2023, 11, 1), "de")


# --- values ---------------------------------------------------------------------------------


def test_dates_partial_date_bounds():
    assert PartialDate(2024, 2).latest() == date(2024, 2, 29)
    assert PartialDate(2024).contains(PartialDate(2024, 12, 27))
    assert not PartialDate(2024, 12).contains(PartialDate(2024, 11, 30))


@pytest.mark.parametrize(
    "a,b,order,iso,ambiguous",
    [
        (3, 7, "dmy", "2023-07-03", True),
        (3, 7, "mdy", "2023-03-07", True),
        (26, 12, "mdy", "2023-12-26", False),
        (12, 12, "mdy", "2023-12-12", False),
        (31, 31, "dmy", None, False),
    ],
)
def test_dates_numeric_order(a, b, order, iso, ambiguous):
    found, amb = read_numeric(a, b, 2023, order)
    assert (found.iso() if found else None, amb) == (iso, ambiguous)


@pytest.mark.parametrize("value", ["not a date", "2024-13-01", "1850-01-01", "32/01/2024"])
def test_dates_machine_rejects_non_dates(value):
    assert parse_machine(value)[0] is None


def test_dates_text_finder_marks_references_and_keeps_parts():
    text = "Le 27 décembre, la directive 53-CT/TU du 5 décembre 2023 et l'après-midi du 28 décembre."
    found = [(text[d.start : d.end], d.year, d.referenced) for d in find_text_dates(text, "fr")]
    assert found == [
        ("27 décembre", None, False),
        ("5 décembre 2023", 2023, True),
        ("28 décembre", None, False),
    ]


def test_dates_stage_contract():
    assert dates.REQUIRES == ("text", "raw", "kind", "meta", "lang")
    assert dates.ASSIGNS == ("published", "date_flags")
