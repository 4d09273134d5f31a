"""DOCREF: the grammars are pack data; every form of the brief, the seeds, what must not match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsgraph.model.document import Document
from newsgraph.pipeline.mentions import docrefs
from newsgraph.pipeline.mentions.docrefs import METHOD, PACKS_DIR, find_docrefs, load_grammars
from tests.conftest import SEEDS

HEADER = re.compile(r"^ date \S+ ")


def refs(make_doc, settings, text: str, lang: str | None = "en", **kw) -> list[tuple[str, dict]]:
    doc = find_docrefs([make_doc(text, lang)], settings, **kw)[0]
    for m in doc.mentions:
        assert m.type == "DOCREF" and m.method == METHOD
        assert doc.text[m.start : m.end] == doc.mention_text(m)
    return [(doc.text[m.start : m.end], m.attrs) for m in doc.mentions]


def one(make_doc, settings, text: str, lang: str | None = "en") -> tuple[str, dict]:
    found = refs(make_doc, settings, text, lang)
    assert len(found) == 1, found
    return found[0]


def test_every_pack_grammar_compiles():
    packs = {g.pack for g in load_grammars([PACKS_DIR])}
    assert {"vietnam", "un", "eu"} <= packs


@pytest.mark.parametrize(
    ("text", "lang", "span", "code", "kind", "issuer"),
    [
        (
            "the 12th Party Central Committee’s Resolution No.18-NQ/TW that",
            "en",
            "Resolution No.18-NQ/TW",
            "18-NQ/TW",
            "resolution",
            "TW",
        ),
        (
            "He cited Directive 53-CT/TU on defence.",
            "en",
            "Directive 53-CT/TU",
            "53-CT/TU",
            "directive",
            "TU",
        ),
        ("under Plan 748/KH-UBND of the province", "en", "Plan 748/KH-UBND", "748/KH-UBND", "plan", "UBND"),
        ("Decree 01/2024/NĐ-CP takes effect", "en", "Decree 01/2024/NĐ-CP", "01/2024/NĐ-CP", "decree", "CP"),
        ("Decree 01/2024/ND-CP takes effect", "en", "Decree 01/2024/ND-CP", "01/2024/NĐ-CP", "decree", "CP"),
        (
            "Circular 08/2024/TT-BQP of the ministry",
            "en",
            "Circular 08/2024/TT-BQP",
            "08/2024/TT-BQP",
            "circular",
            "BQP",
        ),
        ("Decision 1234/QĐ-TTg approved", "en", "Decision 1234/QĐ-TTg", "1234/QĐ-TTg", "decision", "TTg"),
        ("Law 25/2024/QH15 on land", "en", "Law 25/2024/QH15", "25/2024/QH15", "law", "QH15"),
        (
            "Thực hiện Nghị quyết số 18-NQ/TW về",
            "vi",
            "Nghị quyết số 18-NQ/TW",
            "18-NQ/TW",
            "resolution",
            "TW",
        ),
        ("Il a rappelé la directive 53-CT/TU sur", "fr", "directive 53-CT/TU", "53-CT/TU", "directive", "TU"),
        ("ونشر التوجيه رقم 53-CT / TU على", "ar", "التوجيه رقم 53-CT / TU", "53-CT/TU", "directive", "TU"),
        ("والخطة 748 / KH-UBND بشأن", "ar", "الخطة 748 / KH-UBND", "748/KH-UBND", "plan", "UBND"),
        ("贯彻第18-NQ/TW号决议精神", "zh", "第18-NQ/TW号决议", "18-NQ/TW", "resolution", "TW"),
        ("согласно директиве № 53-CT/TU", "ru", "директиве № 53-CT/TU", "53-CT/TU", "directive", "TU"),
        ("Công văn 45/CV-BTC gửi", "vi", "Công văn 45/CV-BTC", "45/CV-BTC", "official_letter", "BTC"),
        ("UNSC Resolution 2231 on Iran", "en", "UNSC Resolution 2231", "S/RES/2231", "resolution", "UNSC"),
        (
            "Security Council resolution 2406 (2018) renewed",
            "en",
            "Security Council resolution 2406 (2018)",
            "S/RES/2406",
            "resolution",
            "UNSC",
        ),
        ("see S/RES/2231 (2015).", "en", "S/RES/2231 (2015)", "S/RES/2231", "resolution", "UNSC"),
        (
            "la résolution 2231 du Conseil de sécurité prévoit",
            "fr",
            "résolution 2231 du Conseil de sécurité",
            "S/RES/2231",
            "resolution",
            "UNSC",
        ),
        (
            "the Digital Services Act, Regulation (EU) 2022/2065, applies",
            "en",
            "Regulation (EU) 2022/2065",
            "(EU) 2022/2065",
            "regulation",
            "EU",
        ),
        ("known as EU 2022/2065 in", "en", "EU 2022/2065", "(EU) 2022/2065", None, "EU"),
        (
            "Directive (EU) 2019/790 on copyright",
            "en",
            "Directive (EU) 2019/790",
            "(EU) 2019/790",
            "directive",
            "EU",
        ),
    ],
)
def test_each_form(make_doc, settings, text, lang, span, code, kind, issuer):
    got_span, attrs = one(make_doc, settings, text, lang)
    assert (got_span, attrs["code"], attrs["kind"], attrs["issuer"]) == (span, code, kind, issuer)


def test_record_shape(make_doc, settings):
    _, attrs = one(make_doc, settings, "Directive 53-CT/TU dated December 5, 2023, was read.")
    assert {
        k: attrs[k] for k in ("code", "kind", "number", "year", "issuer", "issuer_name", "date", "pack")
    } == {
        "code": "53-CT/TU",
        "kind": "directive",
        "number": "53",
        "year": 2023,
        "issuer": "TU",
        "issuer_name": "provincial Party Committee",
        "date": "2023-12-05",
        "pack": "vietnam",
    }


@pytest.mark.parametrize(
    ("text", "lang", "date"),
    [
        ("Directive 53-CT/TU dated December 5, 2023 on", "en", "December 5, 2023"),
        ("Chỉ thị số 53-CT/TU ngày 5/12/2023 của", "vi", "5/12/2023"),
        ("la directive 53-CT/TU du 5 décembre 2023 sur", "fr", "5 décembre 2023"),
        ("التوجيه رقم 53-CT / TU المؤرخ 5 ديسمبر 2023 للجنة", "ar", "5 ديسمبر 2023"),
        ("директива № 53-CT/TU от 5 декабря 2023 года о", "ru", "5 декабря 2023"),
    ],
)
def test_date_right_after_is_kept_apart_from_the_span(make_doc, settings, text, lang, date):
    doc = find_docrefs([make_doc(text, lang)], settings)[0]
    (m,) = doc.mentions
    assert doc.text[m.start : m.end].endswith("53-CT/TU") or doc.text[m.start : m.end].endswith("53-CT / TU")
    assert m.attrs["date"] == "2023-12-05"
    start, end = m.attrs["date_span"]
    assert doc.text[start:end].startswith(date)


def test_a_later_date_in_another_clause_is_not_the_documents(make_doc, settings):
    _, attrs = one(make_doc, settings, "Under Directive 53-CT/TU. On December 5, 2023 the army met.")
    assert attrs["date"] is None and attrs["year"] is None


@pytest.mark.parametrize(
    ("text", "lang", "number", "term"),
    [
        ("Resolution No. 8 of the 13th Party Central Committee on", "en", "8", 13),
        ("Resolution 8 of the 13th Central Committee on", "en", "8", 13),
        ("triển khai Nghị quyết Trung ương 8 khóa XIII về", "vi", "8", 13),
        ("للقرار رقم 8 الصادر عن اللجنة المركزية (الدورة الثالثة عشرة) بشأن", "ar", "8", 13),
    ],
)
def test_references_without_a_code(make_doc, settings, text, lang, number, term):
    _, attrs = one(make_doc, settings, text, lang)
    assert (attrs["code"], attrs["kind"], attrs["number"], attrs["issuer"], attrs["term"]) == (
        None,
        "resolution",
        number,
        "TW",
        term,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Call 024-3825-1234 or +84 24 3825 1234, ext. 12/345.",
        "On 12/12/2024 and 5/12/2023 and 2024-12-12 the team met.",
        "Hà Nội won 3-1; the final score was 2-0 after extra time.",
        "COVID-19 cases fell; F-16 jets and MiG-21 flew over.",
        "See pages 12-15 and pp. 120-135, Table 3-2, ISO 9001/2015.",
        "Resolution 2231 was discussed, and resolution number 5 too.",
        "The Directive was read to 53 delegates in TU province.",
        "The 2022/2065 budget line and code AB-CD/EF were cut.",
    ],
)
def test_counter_examples_do_not_match(make_doc, settings, text):
    assert refs(make_doc, settings, text) == []


def test_same_code_twice_shares_its_date_and_term(make_doc, settings):
    text = (
        "the 12th Party Central Committee’s Resolution No.18-NQ/TW calls for reform. "
        "The sector follows Resolution No.18-NQ/TW."
    )
    found = refs(make_doc, settings, text)
    assert [s for s, _ in found] == ["Resolution No.18-NQ/TW"] * 2
    assert [a["term"] for _, a in found] == [12, 12]


def test_running_twice_replaces_its_own_mentions(make_doc, settings):
    doc = make_doc("Plan 748/KH-UBND.", "en")
    doc.add_mention(0, 4, "MISC", "other.v1")
    find_docrefs(find_docrefs([doc], settings), settings)
    assert [m.type for m in doc.mentions] == ["MISC", "DOCREF"]


def test_a_new_pack_adds_a_convention_without_code_changes(make_doc, settings, tmp_path: Path):
    text = "Bundestag passed Drucksache 20/1234 and BGBl. I S. 56."
    assert refs(make_doc, settings, text) == []
    (tmp_path / "bund").mkdir()
    (tmp_path / "bund" / "docrefs.toml").write_text(
        """
pack = "bund"
[kinds.printed_paper]
names = { de = "Drucksache" }
before = { de = ["Drucksache"] }
[issuers.BT]
name = "Bundestag"
[[forms]]
name = "drucksache"
pattern = "{kindword}{sp}(?P<term>\\\\d{1,2})/{number}"
code = "{number}"
issuer = "BT"
""",
        encoding="utf-8",
    )
    found = refs(make_doc, settings, text, pack_dirs=[PACKS_DIR, tmp_path])
    assert [(s, a["pack"], a["kind"], a["number"], a["issuer_name"], a["term"]) for s, a in found] == [
        ("Drucksache 20/1234", "bund", "printed_paper", "1234", "Bundestag", 20)
    ]


def test_a_broken_grammar_names_its_file(tmp_path: Path):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "docrefs.toml").write_text('[[forms]]\npattern = "{number}(("\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad"):
        load_grammars([tmp_path])


def test_stage_contract():
    assert docrefs.REQUIRES == ("text", "lang") and docrefs.ASSIGNS == ("mentions",)


def seed(name: str, lang: str) -> Document:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    text = HEADER.sub("", path.read_text(encoding="utf-8"), count=1)
    doc = Document(source=str(path), raw=text)
    doc.text, doc.lang = text, lang
    return doc


@pytest.mark.seeds
@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds")
def test_seed_002_arabic_directive_and_plan_with_their_dates(settings):
    doc = find_docrefs([seed("002", "ar")], settings)[0]
    coded = {m.attrs["code"]: m.attrs for m in doc.mentions if m.attrs["code"]}
    assert set(coded) == {"53-CT/TU", "748/KH-UBND"}
    assert coded["53-CT/TU"]["date"] == "2023-12-05" and coded["53-CT/TU"]["kind"] == "directive"
    assert coded["748/KH-UBND"]["date"] == "2023-12-08" and coded["748/KH-UBND"]["kind"] == "plan"
    assert doc.text[doc.mentions[0].start : doc.mentions[0].end] == "التوجيه رقم 53-CT / TU"
    # also: "القرار رقم 8 الصادر عن اللجنة المركزية (الدورة الثالثة عشرة)", a reference without a code
    assert [(m.attrs["number"], m.attrs["term"]) for m in doc.mentions if not m.attrs["code"]] == [("8", 13)]


@pytest.mark.seeds
@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds")
def test_seed_004_resolution_18_found_twice_issued_by_the_12th_central_committee(settings):
    doc = find_docrefs([seed("004", "en")], settings)[0]
    found = [
        (doc.text[m.start : m.end], m.attrs["code"], m.attrs["kind"], m.attrs["issuer"], m.attrs["term"])
        for m in doc.mentions
    ]
    assert found == [("Resolution No.18-NQ/TW", "18-NQ/TW", "resolution", "TW", 12)] * 2


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("RESOLUTION No. 8 of the 13th Party Central Committee was studied.", "en"),  # kind word in capitals
        ("İzmir delegates read Resolution No. 8 of the 13th Party Central Committee.", "en"),  # lower() changes length
        ("Các cơ quan triển khai NGHỊ QUYẾT Trung ương 8 khóa XIII.", "vi"),
    ],
)
def test_word_gate_keeps_every_reference(make_doc, settings, text, lang):
    _, attrs = one(make_doc, settings, text, lang)
    assert (attrs["number"], attrs["term"]) == ("8", 13)
