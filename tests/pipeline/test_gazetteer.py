"""Gazetteer: pack names in any script → PER/ORG/LOC linked to pack ids; what must not match; speed."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from newsgraph.packs import load_packs
from newsgraph.pipeline.mentions import gazetteer
from newsgraph.pipeline.mentions.gazetteer import METHOD, find_gazetteer
from newsgraph.pipeline.mentions.matcher import Matcher, clitic_variants
from tests.conftest import SEEDS

HEADER = re.compile(r"^ date \S+ ")


def found(make_doc, settings, text: str, lang: str = "en", packs=None) -> list[tuple[str, str, str | None]]:
    doc = find_gazetteer([make_doc(text, lang)], settings, packs=packs)[0]
    for m in doc.mentions:
        assert m.method == METHOD
        assert doc.text[m.start : m.end] == doc.mention_text(m)
    return [(doc.text[m.start : m.end], m.type, m.entity_id) for m in doc.mentions]


@pytest.mark.parametrize(
    ("text", "lang", "surface"),
    [
        ("President Luong Cuong said", "en", "Luong Cuong"),
        ("Chủ tịch nước Lương Cường phát biểu", "vi", "Lương Cường"),
        ("LUONG CUONG attended", "en", "LUONG CUONG"),
        ("国家主席梁强会见了代表团", "zh", "梁强"),
    ],
)
def test_one_person_across_diacritics_case_and_script(make_doc, settings, text, lang, surface):
    assert (surface, "PER", "luong-cuong") in found(make_doc, settings, text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "surface"),
    [
        ("the Ministry of National Defense said", "en", "Ministry of National Defense"),
        ("the Ministry of National Defence said", "en", "Ministry of National Defence"),
        ("le ministère de la Défense a organisé", "fr", "ministère de la Défense"),
        ("قالت وزارة الدفاع الوطني إن", "ar", "وزارة الدفاع الوطني"),
        ("Bộ Quốc phòng tổ chức hội nghị", "vi", "Bộ Quốc phòng"),
    ],
)
def test_one_institution_across_languages(make_doc, settings, text, lang, surface):
    assert (surface, "ORG", "vn-mod") in found(make_doc, settings, text, lang)


def test_acronyms_that_differ_by_language_share_an_id(make_doc, settings):
    fr = found(make_doc, settings, "au Soudan du Sud (MINUSS) et à Abyei (FISNUA).", "fr")
    en = found(make_doc, settings, "UNMISS and UNISFA troops", "en")
    assert ("MINUSS", "ORG", "unmiss") in fr and ("UNMISS", "ORG", "unmiss") in en
    assert ("FISNUA", "ORG", "unisfa") in fr and ("UNISFA", "ORG", "unisfa") in en


def test_acronyms_keep_their_capitals(make_doc, settings):
    """French "un" is an article, not the UN; "Nato" in running text is not matched as NATO either."""
    assert found(make_doc, settings, "Il a envoyé un officier à un poste.", "fr") == []
    assert ("ONU", "ORG", "un") in found(make_doc, settings, "les missions de l'ONU", "fr")


def test_arabic_clitics_are_left_out_of_the_span(make_doc, settings):
    got = found(make_doc, settings, "التقى ووزارة الدفاع الوطني وبوزارة الدفاع الوطني", "ar")
    assert [g for g in got if g[2] == "vn-mod"] == [("وزارة الدفاع الوطني", "ORG", "vn-mod")] * 2


def test_clitic_variants_restore_the_article_after_lam():
    variants = dict.fromkeys(v for _, v in clitic_variants("للحزب"))
    assert "الحزب" in variants
    assert "اللجنه" in {v for _, v in clitic_variants("للجنه")}
    assert clitic_variants("ول") == ()  # too short to carry a clitic


def test_words_inside_other_words_do_not_match(make_doc, settings):
    assert found(make_doc, settings, "the Luong Cuongs were many", "en") == []


def test_single_word_person_names_are_not_matched_alone(make_doc, settings):
    """ "Cuong" or "Trong" alone is a short form, resolved by coref once the full name is known."""
    assert found(make_doc, settings, "Cuong said that Trong agreed.", "en") == []


def test_longest_match_wins(make_doc, settings):
    got = found(make_doc, settings, "the mission des Nations unies au Soudan du Sud a", "fr")
    assert got == [("mission des Nations unies au Soudan du Sud", "ORG", "unmiss")]


def test_lowercase_common_word_is_not_a_capitalised_place(make_doc, settings):
    """A one-word capitalised name (Hanoi, Hue) needs its capital in the text."""
    assert found(make_doc, settings, "a hue of blue", "en") == []


# -- a second, hand-written pack: ambiguity is data, not code ---------------------------------------


def write_pack(root: Path) -> Path:
    d = root / "testland"
    d.mkdir()
    (d / "pack.toml").write_text(
        'name = "testland"\ndescription = "t"\nlanguages = ["en"]\nlicence = "CC0"\n'
        '[[sources]]\nid = "s"\ntitle = "t"\n',
        encoding="utf-8",
    )
    (d / "people.toml").write_text(
        "".join(
            f'[[person]]\nid = "{pid}"\nnames = {{ en = ["Anna Berg"] }}\n'
            f'posts = [{{ title = "mayor", start = "2020", source = "s" }}]\n'
            for pid in ("anna-berg-1", "anna-berg-2")
        )
        + '[[person]]\nid = "carl-dahl"\nnames = { en = ["Carl Dahl", "Dahl"] }\n'
        'posts = [{ title = "mayor", start = "2020", source = "s" }]\n',
        encoding="utf-8",
    )
    return d


def test_two_people_with_one_name_are_not_linked_blindly(make_doc, settings, tmp_path):
    packs = load_packs(["testland"], extra_dirs=[write_pack(tmp_path)])
    doc = find_gazetteer([make_doc("Anna Berg met Carl Dahl.", "en")], settings, packs=packs)[0]
    anna, carl = doc.mentions
    assert anna.entity_id is None and anna.attrs["candidates"] == ["anna-berg-1", "anna-berg-2"]
    assert anna.confidence < carl.confidence
    assert carl.entity_id == "carl-dahl"
    assert [doc.text[m.start : m.end] for m in doc.mentions] == ["Anna Berg", "Carl Dahl"]


def test_rerun_replaces_only_its_own_mentions(make_doc, settings):
    doc = make_doc("President Luong Cuong spoke.", "en")
    other = doc.add_mention(0, 9, "TITLE", "other.v1")
    find_gazetteer([doc], settings)
    find_gazetteer([doc], settings)
    assert [m.method for m in doc.mentions].count(METHOD) == 1 and other in doc.mentions


def test_matcher_is_built_once_per_process(settings, make_doc):
    packs = load_packs()
    assert gazetteer.matcher_for(packs) is gazetteer.matcher_for(packs)


def test_fast_on_a_400_word_article(make_doc, settings):
    packs = load_packs()
    names = sum(len(v) for k, v in gazetteer.matcher_for(packs).by_key.items())
    assert names > 500
    words = (
        "the Ministry of National Defence and Luong Cuong met in Hanoi with UNMISS officers " * 30
    ).split()
    doc = make_doc(" ".join(words[:400]), "en")
    find_gazetteer([doc], settings)  # warm the caches
    t0 = time.perf_counter()
    for _ in range(20):
        find_gazetteer([doc], settings)
    per_doc = (time.perf_counter() - t0) / 20
    assert per_doc < 0.02  # measured ≈ 1 ms; generous for slow CI machines


def test_matcher_on_its_own():
    m = Matcher.build([("New York", 1), ("New York City", 2), ("北京", 3)])
    got = [(x.start, x.end, x.names[0][1]) for x in m.find("to New York City and 北京市")]
    assert got == [(3, 16, 2), (21, 23, 3)]


# -- the seeds -----------------------------------------------------------------------------------------


def seed(make_doc, name: str, lang: str):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return make_doc(HEADER.sub("", path.read_text(encoding="utf-8")), lang)


@pytest.mark.seeds
@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds")
def test_seeds(make_doc, settings):
    docs = find_gazetteer(
        [
            seed(make_doc, "000", "en"),
            seed(make_doc, "002", "ar"),
            seed(make_doc, "003", "fr"),
            seed(make_doc, "004", "en"),
        ],
        settings,
    )
    ids = [{(d.text[m.start : m.end], m.entity_id) for m in d.mentions} for d in docs]
    assert ("Luong Cuong", "luong-cuong") in ids[0] and ("Lương Cường", "luong-cuong") in ids[3]
    assert ("فام فان هاو", "pham-van-hao") in ids[1] and ("تران كووك نام", "tran-quoc-nam") in ids[1]
    assert {("MINUSS", "unmiss"), ("FISNUA", "unisfa"), ("Hoàng Xuân Chiên", "hoang-xuan-chien")} <= ids[2]
    assert ("Ministry of National Defense", "vn-mod") in ids[0] and (
        "ministère de la Défense",
        "vn-mod",
    ) in ids[2]
