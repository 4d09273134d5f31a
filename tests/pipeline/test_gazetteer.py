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


def spans_with_clitic(make_doc, settings, text: str, entity: str) -> list[tuple[str, str]]:
    doc = find_gazetteer([make_doc(text, "ar")], settings)[0]
    return [
        (doc.text[m.start : m.end], m.attrs.get("clitic", "")) for m in doc.mentions if m.entity_id == entity
    ]


@pytest.mark.parametrize(
    ("text", "surface", "clitic"),
    [
        ("قال ووزارة الدفاع الوطني", "وزارة الدفاع الوطني", "و"),
        ("قال فوزارة الدفاع الوطني", "وزارة الدفاع الوطني", "ف"),
        ("التقى بوزارة الدفاع الوطني", "وزارة الدفاع الوطني", "ب"),
        ("رسالة لوزارة الدفاع الوطني", "وزارة الدفاع الوطني", "ل"),
        ("مثل كوزارة الدفاع الوطني", "وزارة الدفاع الوطني", "ك"),
        ("قال والأمم المتحدة", "الأمم المتحدة", "و"),
        ("تعاون بالأمم المتحدة", "الأمم المتحدة", "ب"),
        ("تعاون وبالأمم المتحدة", "الأمم المتحدة", "وب"),
        ("رسالة للأمم المتحدة", "أمم المتحدة", "لل"),
        ("رسالة وللأمم المتحدة", "أمم المتحدة", "ولل"),
        ("رسالة للأُمم المتحدة", "أُمم المتحدة", "لل"),  # a damma on the alef is not a letter
    ],
)
def test_arabic_clitic_span_starts_at_the_name(make_doc, settings, text, surface, clitic):
    """ل + الأمم is written للأمم: both lāms go to the clitic, no stray ل starts the span."""
    entity = "vn-mod" if "وزارة" in text else "un"
    assert spans_with_clitic(make_doc, settings, text, entity) == [(surface, clitic)]


def test_arabic_clitic_before_a_word_starting_with_lam(make_doc, settings):
    """ل + اللجنة is written للجنة: the article is gone whole, the noun's own ل starts the span."""
    got = spans_with_clitic(make_doc, settings, "قرار للجنة المركزية للحزب", "cpv-central-committee")
    assert got == [("لجنة المركزية للحزب", "ل")]


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


# -- names that are also common words (`common_names`) ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "linked"),
    [
        ("Officials said the Government will act.", "en", ["Government"]),
        ("Government spending rose.", "en", []),  # a capital at the start of a sentence is no evidence
        ("the Cambodian Government agreed", "en", []),  # part of a longer name we do not know
        ("the Government of Laos agreed", "en", []),
        ("les ministres du Gouvernement de la Thaïlande", "fr", []),
        ("a government spokesman", "en", []),
        ("Theo đó, Chính phủ ban hành nghị định.", "vi", ["Chính phủ"]),
        ("Thủ tướng Chính phủ Phạm Minh Chính nói.", "vi", ["Chính phủ"]),  # a known person follows
        ("Theo đó, Chinh phu ban hanh nghi dinh.", "vi", ["Chinh phu"]),  # unaccented: as common
        ("Theo đó, Chính phủ Lào ban hành.", "vi", []),
        ("Đại biểu Quốc hội thảo luận.", "vi", ["Quốc hội"]),
        ("Hôm qua, Quốc hội Mỹ thông qua.", "vi", []),
        ("柬埔寨政府表示。", "zh", []),  # no capitals in Han script: never alone
        ("美国国防部表示。", "zh", []),
        ("中国外交部发言人说。", "zh", []),
        ("قالت الحكومة إن", "ar", []),
    ],
)
def test_common_word_names_link_only_where_they_are_singled_out(make_doc, settings, text, lang, linked):
    got = [
        g[0]
        for g in found(make_doc, settings, text, lang)
        if g[2] in {"vn-government", "vn-national-assembly", "vn-mod", "vn-mofa"}
    ]
    assert got == linked


@pytest.mark.parametrize(
    ("text", "lang", "surface", "entity"),
    [
        ("越南政府和越南国防部表示", "zh", "越南政府", "vn-government"),
        ("قالت الحكومة الفيتنامية إن", "ar", "الحكومة الفيتنامية", "vn-government"),
        ("the Government of Vietnam said", "en", "Government of Vietnam", "vn-government"),
    ],
)
def test_longer_names_of_common_word_institutions_still_link(make_doc, settings, text, lang, surface, entity):
    assert (surface, "ORG", entity) in found(make_doc, settings, text, lang)


# -- pattern institutions, filled for every place -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "surface", "entity"),
    [
        (
            "Vừa qua, Ủy ban nhân dân tỉnh Ninh Thuận tổ chức",
            "vi",
            "Ủy ban nhân dân tỉnh Ninh Thuận",
            "vn-provincial-peoples-committee@vn-ninh-thuan",
        ),
        ("Theo UBND tỉnh Nghệ An,", "vi", "UBND tỉnh Nghệ An", "vn-provincial-peoples-committee@vn-nghe-an"),
        (
            "The Ninh Thuan People's Committee said",
            "en",
            "Ninh Thuan People's Committee",
            "vn-provincial-peoples-committee@vn-ninh-thuan",
        ),
        (
            "The People's Committee of Nghệ An province has held",
            "en",
            "People's Committee of Nghệ An province",
            "vn-provincial-peoples-committee@vn-nghe-an",
        ),
        (
            "le Comité populaire de la province de Ninh Thuân a",
            "fr",
            "Comité populaire de la province de Ninh Thuân",
            "vn-provincial-peoples-committee@vn-ninh-thuan",
        ),
        (
            "عقدت اللجنة الشعبية لمقاطعة نغي آن مؤتمرا",
            "ar",
            "اللجنة الشعبية لمقاطعة نغي آن",
            "vn-provincial-peoples-committee@vn-nghe-an",
        ),
        ("宁顺省人民委员会表示", "zh", "宁顺省人民委员会", "vn-provincial-peoples-committee@vn-ninh-thuan"),
        ("Thành ủy Hà Nội chỉ đạo", "vi", "Thành ủy Hà Nội", "vn-provincial-party-committee@vn-ha-noi"),
        (
            "Bộ Chỉ huy Quân sự tỉnh Điện Biên",
            "vi",
            "Bộ Chỉ huy Quân sự tỉnh Điện Biên",
            "vn-provincial-military-command@vn-dien-bien",
        ),
    ],
)
def test_pattern_institutions_link_per_place(make_doc, settings, text, lang, surface, entity):
    assert (surface, "ORG", entity) in found(make_doc, settings, text, lang)


# -- Điện Biên Phủ: the city, the battle, the province ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "une cérémonie à Diên Biên Phu, province de Diên Biên.",
            "fr",
            [("Diên Biên Phu", "LOC", "vn-dien-bien-phu"), ("Diên Biên", "LOC", "vn-dien-bien")],
        ),
        (
            "le 70e anniversaire de la victoire de Diên Biên Phu",
            "fr",
            [("victoire de Diên Biên Phu", "MISC", "battle-of-dien-bien-phu")],
        ),
        (
            "the 70th anniversary of the Điện Biên Phủ Victory",
            "en",
            [("Điện Biên Phủ Victory", "MISC", "battle-of-dien-bien-phu")],
        ),
        (
            "Lễ kỷ niệm 70 năm Chiến thắng Điện Biên Phủ",
            "vi",
            [("Chiến thắng Điện Biên Phủ", "MISC", "battle-of-dien-bien-phu")],
        ),
        (
            "الذكرى السبعون لانتصار ديان بيان فو",
            "ar",
            [("انتصار ديان بيان فو", "MISC", "battle-of-dien-bien-phu")],
        ),
        ("奠边府大捷70周年", "zh", [("奠边府大捷", "MISC", "battle-of-dien-bien-phu")]),
    ],
)
def test_dien_bien_phu(make_doc, settings, text, lang, expected):
    assert found(make_doc, settings, text, lang) == expected


def test_matcher_walks_prefixes_and_indexes_cjk_by_first_character():
    m = Matcher.build(
        [
            ("Ha Noi", 1),
            ("Ha Noi City People's Committee", 2),
            ("Ha", 3),
            ("北京", 4),
            ("北京市长", 5),
            ("京市", 6),
        ]
    )
    text = "Ha Noi City officials; Ha Noi City People's Committee; 北京市民 and 北京市长"
    got = [(text[x.start : x.end], x.names[0][1]) for x in m.find(text)]
    assert got == [("Ha Noi", 1), ("Ha Noi City People's Committee", 2), ("北京", 4), ("北京市长", 5)]


@pytest.mark.parametrize(
    ("text", "lang", "linked"),
    [
        ("the Security Council voted", "en", ["Security Council"]),
        ("the National Security Council met", "en", []),
        ("devant l'Assemblée générale, le ministre", "fr", ["Assemblée générale"]),
        ("l'assemblée générale de l'association", "fr", []),
    ],
)
def test_un_bodies_with_common_names(make_doc, settings, text, lang, linked):
    ids = {"un-security-council", "un-general-assembly"}
    assert [g[0] for g in found(make_doc, settings, text, lang) if g[2] in ids] == linked


@pytest.mark.parametrize(
    ("text", "lang", "place", "place_id"),
    [
        ("Ông Trần Quốc Nam, Chủ tịch UBND tỉnh Ninh Thuận, nói", "vi", "Ninh Thuận", "vn-ninh-thuan"),
        ("The People's Committee of Nghe An province said", "en", "Nghe An", "vn-nghe-an"),
        ("عقدت اللجنة الشعبية لمقاطعة نغي آن مؤتمرا", "ar", "نغي آن", "vn-nghe-an"),
        ("宁顺省人民委员会表示", "zh", "宁顺", "vn-ninh-thuan"),
    ],
)
def test_the_place_inside_a_pattern_institution_is_a_mention_too(
    make_doc, settings, text, lang, place, place_id
):
    doc = find_gazetteer([make_doc(text, lang)], settings)[0]
    org = next(m for m in doc.mentions if m.type == "ORG")
    loc = next(m for m in doc.mentions if m.type == "LOC")
    assert (doc.text[loc.start : loc.end], loc.entity_id) == (place, place_id)
    assert org.entity_id.endswith("@" + place_id) and loc.attrs["inside"] == [org.start, org.end]


# -- another country's institution: qualified, not linked (`data/geo/countries.toml`) -----------------


def qualified(make_doc, settings, text: str, lang: str, packs=None) -> list[tuple[str, str | None, dict]]:
    """(surface, entity id, qualifier attrs) of every ORG mention."""
    doc = find_gazetteer([make_doc(text, lang)], settings, packs=packs)[0]
    keys = ("qualifier", "not")
    return [
        (doc.text[m.start : m.end], m.entity_id, {k: m.attrs[k] for k in keys if k in m.attrs})
        for m in doc.mentions
        if m.type == "ORG"
    ]


@pytest.mark.parametrize(
    ("text", "lang", "surface", "country", "not_"),
    [
        ("Cambodia's Ministry of National Defence said", "en", "Cambodia's Ministry of National Defence", "kh", "vn-mod"),
        ("Cambodia’s Ministry of National Defence said", "en", "Cambodia’s Ministry of National Defence", "kh", "vn-mod"),
        ("the Ministry of National Defence of Cambodia said", "en", "Ministry of National Defence of Cambodia", "kh", "vn-mod"),
        ("the Cambodian Ministry of National Defence said", "en", "Cambodian Ministry of National Defence", "kh", "vn-mod"),
        ("the Lao Ministry of National Defence said", "en", "Lao Ministry of National Defence", "la", "vn-mod"),
        ("the Ministry of Foreign Affairs of Japan said", "en", "Ministry of Foreign Affairs of Japan", "jp", "vn-mofa"),
        ("the Ministry of Defense of the United States", "en", "Ministry of Defense of the United States", "us", "vn-mod"),
        ("the United States' Ministry of Defense", "en", "United States' Ministry of Defense", "us", "vn-mod"),
        ("South Sudan's Ministry of Defence", "en", "South Sudan's Ministry of Defence", "ss", "vn-mod"),
        (
            "le ministère de la Défense nationale cambodgien a dit",
            "fr",
            "ministère de la Défense nationale cambodgien",
            "kh",
            "vn-mod",
        ),
        ("la délégation du ministère de la Défense du Cambodge", "fr", "ministère de la Défense du Cambodge", "kh", "vn-mod"),
        ("le ministère des Affaires étrangères chinois", "fr", "ministère des Affaires étrangères chinois", "cn", "vn-mofa"),
        ("selon l'Assemblée nationale française, le texte", "fr", "Assemblée nationale française", "fr", "vn-national-assembly"),
        ("Bộ Quốc phòng Campuchia cho biết", "vi", "Bộ Quốc phòng Campuchia", "kh", "vn-mod"),
        ("Bộ Quốc phòng Mỹ cho biết", "vi", "Bộ Quốc phòng Mỹ", "us", "vn-mod"),
        ("Bo Quoc phong My cho biet", "vi", "Bo Quoc phong My", "us", "vn-mod"),  # unaccented
        ("Bộ Quốc phòng Trung Quốc thông báo", "vi", "Bộ Quốc phòng Trung Quốc", "cn", "vn-mod"),
        ("Bộ Ngoại giao của Nhật Bản cho biết", "vi", "Bộ Ngoại giao của Nhật Bản", "jp", "vn-mofa"),
        ("柬埔寨国防部表示", "zh", "柬埔寨国防部", "kh", "vn-mod"),
        ("双方同意，南苏丹国防部将", "zh", "南苏丹国防部", "ss", "vn-mod"),  # the longest country name
        ("中国外交部发言人说", "zh", "中国外交部", "cn", "vn-mofa"),
        ("قالت وزارة الدفاع الكمبودية إن", "ar", "وزارة الدفاع الكمبودية", "kh", "vn-mod"),
        ("وزارة الدفاع الوطني اللاوسية", "ar", "وزارة الدفاع الوطني اللاوسية", "la", "vn-mod"),
        ("وزارة الدفاع في كمبوديا", "ar", "وزارة الدفاع في كمبوديا", "kh", "vn-mod"),
        ("el Ministerio de Defensa de Camboya dijo", "es", "Ministerio de Defensa de Camboya", "kh", "vn-mod"),
    ],
)
def test_another_countrys_institution_is_not_linked(make_doc, settings, text, lang, surface, country, not_):
    """A country right next to the name makes it that country's: one ORG over both, for the linker."""
    got = qualified(make_doc, settings, text, lang)
    assert (surface, None, {"qualifier": country, "not": not_}) in got
    assert not any(g[1] == not_ for g in got)


@pytest.mark.parametrize(
    ("text", "lang", "surface", "entity"),
    [
        ("Vietnam's Ministry of National Defence said", "en", "Ministry of National Defence", "vn-mod"),
        ("the Vietnamese Ministry of National Defence said", "en", "Ministry of National Defence", "vn-mod"),
        ("Bộ Quốc phòng Việt Nam cho biết", "vi", "Bộ Quốc phòng", "vn-mod"),
        ("le ministère de la Défense nationale du Vietnam a", "fr", "ministère de la Défense nationale", "vn-mod"),
        ("وزارة الدفاع الوطني الفيتنامية", "ar", "وزارة الدفاع الوطني", "vn-mod"),
        # a country that is not right next to the name
        ("In Cambodia, the Ministry of National Defence of Vietnam said", "en", "Ministry of National Defence", "vn-mod"),
        ("He flew to Cambodia. Ministry of National Defence officials said", "en", "Ministry of National Defence", "vn-mod"),
        ("Tại Campuchia. Bộ Quốc phòng cho biết", "vi", "Bộ Quốc phòng", "vn-mod"),
        ("Phái đoàn sang Campuchia\nBộ Quốc phòng cho biết", "vi", "Bộ Quốc phòng", "vn-mod"),
        ("the Ministry of National Defence\nCambodia team", "en", "Ministry of National Defence", "vn-mod"),
        ("the Ministry of National Defence in Cambodia", "en", "Ministry of National Defence", "vn-mod"),
        ("a Cambodian delegation met the Ministry of National Defence", "en", "Ministry of National Defence", "vn-mod"),
        ("越南国防部和柬埔寨。国防部", "zh", "越南国防部", "vn-mod"),
        # a word that is a country name only with its capital
        ("Bộ Quốc phòng anh em", "vi", "Bộ Quốc phòng", "vn-mod"),
        # a country's name that begins a longer name the packs know (the province of Lào Cai)
        ("Bộ Công an Lào Cai phối hợp", "vi", "Bộ Công an", "vn-mps"),
        # a known person after the name is no country
        ("Bộ trưởng Bộ Quốc phòng Phan Văn Giang", "vi", "Bộ Quốc phòng", "vn-mod"),
    ],
)
def test_own_country_or_no_adjacent_country_keeps_the_link(make_doc, settings, text, lang, surface, entity):
    got = qualified(make_doc, settings, text, lang)
    assert (surface, entity, {}) in got
    assert not any("qualifier" in g[2] for g in got)


def test_un_institutions_and_people_are_never_qualified(make_doc, settings):
    """The UN pack has no country; people are not institutions of a country."""
    doc = find_gazetteer(
        [make_doc("the Cambodian UNMISS contingent met Cambodia's Luong Cuong and the Chinese UNIFIL battalion", "en")],
        settings,
    )[0]
    got = {(doc.text[m.start : m.end], m.entity_id) for m in doc.mentions}
    assert {("UNMISS", "unmiss"), ("Luong Cuong", "luong-cuong"), ("UNIFIL", "unifil")} <= got
    assert not any("qualifier" in m.attrs for m in doc.mentions)


def test_common_word_names_are_qualified_too(make_doc, settings):
    """ "Cambodian Government" was never linked; now it is an ORG of Cambodia, not of Vietnam."""
    assert qualified(make_doc, settings, "the Cambodian Government agreed", "en") == [
        ("Cambodian Government", None, {"qualifier": "kh", "not": "vn-government"})
    ]
    assert qualified(make_doc, settings, "the Cambodian government agreed", "en") == []  # lower-case: a word


def test_qualified_mention_keeps_the_arabic_clitic_out(make_doc, settings):
    doc = find_gazetteer([make_doc("التقى ووزارة الدفاع الكمبودية", "ar")], settings)[0]
    (m,) = [m for m in doc.mentions if m.type == "ORG"]
    assert doc.text[m.start : m.end] == "وزارة الدفاع الكمبودية" and m.attrs["clitic"] == "و"
    assert (m.entity_id, m.attrs["qualifier"]) == (None, "kh")


def country_pack(root: Path, country: str | None) -> Path:
    d = root / "testland"
    d.mkdir()
    line = f'country = "{country}"\n' if country else ""
    (d / "pack.toml").write_text(
        f'name = "testland"\ndescription = "t"\nlanguages = ["en"]\nlicence = "CC0"\n{line}'
        '[[sources]]\nid = "s"\ntitle = "t"\n',
        encoding="utf-8",
    )
    (d / "institutions.toml").write_text(
        '[[institution]]\nid = "tl-army"\ntype = "ORG"\nnames = { en = ["Royal Army"] }\nsource = "s"\n'
        '[[institution]]\nid = "tl-capital"\ntype = "LOC"\nnames = { en = ["Old Town"] }\nsource = "s"\n'
        '[[institution]]\nid = "tl-kh"\ntype = "LOC"\nnames = { en = ["Cambodia"] }\nsource = "s"\n',
        encoding="utf-8",
    )
    return d


@pytest.mark.parametrize(
    ("country", "text", "expected"),
    [
        ("th", "the Cambodian Royal Army", [("Cambodian Royal Army", None)]),
        ("th", "the Thai Royal Army", [("Royal Army", "tl-army")]),  # its own country
        (None, "the Cambodian Royal Army", [("Royal Army", "tl-army")]),  # no country: never qualified
        ("th", "the Cambodian Old Town", [("Old Town", "tl-capital")]),  # places are not qualified
    ],
)
def test_the_country_is_pack_data(make_doc, settings, tmp_path, country, text, expected):
    packs = load_packs(["testland"], extra_dirs=[country_pack(tmp_path, country)])
    doc = find_gazetteer([make_doc(text, "en")], settings, packs=packs)[0]
    assert [(doc.text[m.start : m.end], m.entity_id) for m in doc.mentions] == expected


def test_qualifiers_come_from_the_data_file():
    en = gazetteer.qualifiers("en")
    assert en is not None and en.before[("cambodian",)][0] == "kh" and en.after[("of", "japan")][0] == "jp"
    assert gazetteer.qualifiers("fr").after[("cambodgiennes",)][0] == "kh"  # adjective + ending
    assert gazetteer.qualifiers("zh").cjk_before["柬埔寨"] == "kh"
    assert gazetteer.qualifiers("xx") is None


def test_a_pack_place_inside_the_qualified_span_is_marked_inside(make_doc, settings, tmp_path):
    packs = load_packs(["testland"], extra_dirs=[country_pack(tmp_path, "th")])
    doc = find_gazetteer([make_doc("the Royal Army of Cambodia said", "en")], settings, packs=packs)[0]
    org, loc = doc.mentions
    assert (doc.text[org.start : org.end], org.entity_id, org.attrs["qualifier"]) == ("Royal Army of Cambodia", None, "kh")
    assert (doc.text[loc.start : loc.end], loc.entity_id, loc.attrs["inside"]) == ("Cambodia", "tl-kh", [org.start, org.end])


# -- countries: the built-in pack "world" (data/geo/countries.toml) ---------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "surface"),
    [
        ("The delegation visited Japan last week.", "en", "Japan"),
        ("La délégation s'est rendue au Japon.", "fr", "Japon"),
        ("Đoàn đã thăm Nhật Bản tuần trước.", "vi", "Nhật Bản"),
        ("代表团上周访问了日本。", "zh", "日本"),
        ("زار الوفد اليابان الأسبوع الماضي.", "ar", "اليابان"),
        ("Делегация побывала в Японии.", "ru", "Японии"),  # a case form the file lists
        ("La delegación visitó Japón.", "es", "Japón"),
        ("Die Delegation besuchte Japan.", "de", "Japan"),
        ("In Japan, the talks went on.", "en", "Japan"),  # a short function word starts the sentence
    ],
)
def test_a_country_is_one_entity_in_every_language(make_doc, settings, text, lang, surface):
    assert (surface, "LOC", "geo:jp") in found(make_doc, settings, text, lang)


def test_the_pack_country_keeps_its_entity_and_gets_the_file_names(make_doc, settings):
    got = found(make_doc, settings, "Делегация Камбоджи прибыла во Вьетнам из Вьетнама.", "ru")
    assert got == [("Камбоджи", "LOC", "geo:kh"), ("Вьетнам", "LOC", "vn-state"), ("Вьетнама", "LOC", "vn-state")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Japanese officials met their hosts.", "en"),  # a demonym is not the country
        ("Jordan Henderson scored twice.", "en"),  # a person's name: a capitalised word after
        ("The crowd cheered as Michael Jordan played.", "en"),  # a capitalised word before
        ("Fans of Michael Jordan cheered.", "en"),
        ("He said Mr. Jordan would come.", "en"),  # an honorific
        ("Japan Airlines added a flight.", "en"),  # part of a longer name
        ("They sold china plates and a turkey.", "en"),  # lower case
        ("Ông Đức cho biết sẽ đi.", "vi"),  # honorific + given name
        ("Anh cho biết sẽ đi.", "vi"),  # a short word starting a sentence ("you/he")
        ("Bạn Tuấn Anh nói rằng.", "vi"),
        ("Lan Anh nói rằng sẽ đi.", "vi"),  # a short name after a capitalised word starting the sentence
        ("وصل الوفد إلى عمان أمس.", "ar"),  # bare عمان is Amman as much as Oman
        ("Họ đã góp phần lan tỏa hình ảnh.", "vi"),  # lower case: not Phần Lan (Finland)
        ("The Lao delegation arrived.", "en"),  # the English adjective is not the Vietnamese name Lào
        ("美丽的日出。", "zh"),  # one Han character is no name: 美 ≠ the United States
        ("10日国防部表示", "zh"),  # 日 is "day"
    ],
)
def test_one_word_country_names_do_not_over_link(make_doc, settings, text, lang):
    assert not [m for m in found(make_doc, settings, text, lang) if (m[2] or "").startswith("geo:")]


@pytest.mark.parametrize(
    ("text", "lang", "surface", "entity"),
    [
        ("King Abdullah II of Jordan spoke.", "en", "Jordan", "geo:jo"),  # the counter-examples' controls
        ("Quân đội Nga tiến vào.", "vi", "Nga", "geo:ru"),
        ("Tại Nga, cuộc họp đã diễn ra.", "vi", "Nga", "geo:ru"),  # a function word starts the sentence
        ("Jordan and Egypt signed the accord.", "en", "Jordan", "geo:jo"),
        ("The US said it would help.", "en", "US", "geo:us"),
        ("Делегация Камбоджи прибыла.", "ru", "Камбоджи", "geo:kh"),
        ("Соединенные Штаты заявили.", "ru", "Соединенные Штаты", "geo:us"),  # е for ё
        ("Đoàn Phần Lan đã tới.", "vi", "Phần Lan", "geo:fi"),  # a long name after a sentence's first word
        ("وصل الوفد إلى سلطنة عمان أمس.", "ar", "سلطنة عمان", "geo:om"),
    ],
)
def test_one_word_country_names_that_stand_alone_link(make_doc, settings, text, lang, surface, entity):
    assert (surface, "LOC", entity) in found(make_doc, settings, text, lang)


def test_a_country_inside_a_qualified_institution_is_marked_inside(make_doc, settings):
    doc = find_gazetteer([make_doc("Bộ Quốc phòng Campuchia cho biết", "vi")], settings)[0]
    org, loc = sorted(doc.mentions, key=lambda m: -(m.end - m.start))
    assert (org.entity_id, org.attrs["qualifier"], org.attrs["not"]) == (None, "kh", "vn-mod")
    assert (doc.text[loc.start : loc.end], loc.entity_id, loc.attrs["inside"]) == ("Campuchia", "geo:kh", [0, 23])


@pytest.mark.parametrize(("lang", "text", "name", "qualifier"), [
    # the document is about another country, named twice (name, adjective or qualified institution)
    ("fr", "Le gouvernement français a défendu son budget devant l'Assemblée nationale. En France, le vote "
           "est attendu mardi.", "Assemblée nationale", "fr"),
    ("en", "Japan's Ministry of Defense and Japan's coast guard held drills. The Ministry of National "
           "Defence said the drills would go on.", "Ministry of National Defence", "jp"),
])
def test_a_bare_institution_name_in_a_document_about_another_country_is_that_countrys(
        make_doc, settings, lang, text, name, qualifier):
    doc = make_doc(text, lang)
    find_gazetteer([doc], settings)
    m = next(m for m in doc.mentions if text[m.start:m.end] == name)
    assert m.entity_id is None and m.type == "ORG"
    assert m.attrs["qualifier"] == qualifier and m.attrs["qualified_by"] == "context"
    assert m.confidence < 0.9


@pytest.mark.parametrize(("lang", "text", "name", "entity_id"), [
    # something of the pack's own country is named: a person, a place, the country, its adjective
    ("fr", "Le président Lương Cường s'est adressé à l'Assemblée nationale. La France et la France.",
     "Assemblée nationale", "vn-national-assembly"),
    ("fr", "Les députés vietnamiens de l'Assemblée nationale ont reçu la délégation française en France.",
     "Assemblée nationale", "vn-national-assembly"),
    ("en", "Japan and Japan again. The Ministry of National Defence in Hanoi said so.",
     "Ministry of National Defence", "vn-mod"),
    # the other country is named only once
    ("en", "He flew to Cambodia. Ministry of National Defence officials said", "Ministry of National Defence",
     "vn-mod"),
    # in the pack's home language a bare name is always the pack country's (foreign ones are qualified)
    ("vi", "Campuchia và Campuchia. Bộ Quốc phòng cho biết Campuchia sẽ đăng cai.", "Bộ Quốc phòng", "vn-mod"),
])
def test_a_bare_institution_name_keeps_its_link_when_the_document_names_its_country(
        make_doc, settings, lang, text, name, entity_id):
    doc = make_doc(text, lang)
    find_gazetteer([doc], settings)
    m = next(m for m in doc.mentions if text[m.start:m.end] == name)
    assert m.entity_id == entity_id and "qualified_by" not in m.attrs


@pytest.mark.parametrize(("text", "lang", "cue"), [
    ("Ngư dân Nguyễn Văn An (47 tuổi) được cứu sống.", "vi", "Ngư dân"),
    ("Hôm qua, anh Nguyễn Văn An cho biết tàu bị chìm.", "vi", "anh"),
    ("Nguyễn Văn An (47 tuổi) kể lại.", "vi", "(47 tuổi"),
    ("Fisherman Nguyen Van An, 47, was rescued.", "en", "Fisherman"),
    ("Nguyen Van An, a 47-year-old farmer, was rescued.", "en", ", a 47-year-old"),
    ("Le pêcheur Nguyen Van An a été secouru.", "fr", "Le pêcheur"),
])
def test_a_private_persons_cue_keeps_an_officials_name_unlinked(make_doc, settings, text, lang, cue):
    doc = find_gazetteer([make_doc(text, lang)], settings)[0]
    (m,) = [m for m in doc.mentions if m.type == "PER"]
    assert m.entity_id is None and m.attrs["not"] == ["nguyen-van-an"] and m.attrs["private"] == cue


@pytest.mark.parametrize(("text", "lang"), [
    ("Nguyên Chủ tịch Quốc hội Nguyễn Văn An phát biểu.", "vi"),  # a post is no cue
    ("Ông Nguyễn Văn An phát biểu.", "vi"),                         # "ông" is used for officials too
    ("Đại sứ Anh Nguyễn Văn An", "vi"),                             # "Anh" mid-sentence is England
    ("Former Chairman Nguyen Van An, who led the Assembly, spoke.", "en"),
])
def test_titles_and_formal_address_are_no_private_cue(make_doc, settings, text, lang):
    doc = find_gazetteer([make_doc(text, lang)], settings)[0]
    (m,) = [m for m in doc.mentions if m.type == "PER"]
    assert m.entity_id == "nguyen-van-an"


def test_russian_place_names_match_in_every_case(make_doc, settings):
    text = "Переговоры прошли в Ханое, делегация вылетела из Ханоя в Китай, а затем в Японию."
    got = found(make_doc, settings, text, "ru")
    assert ("Ханое", "LOC", "vn-ha-noi") in got and ("Ханоя", "LOC", "vn-ha-noi") in got
    assert ("Японию", "LOC", "geo:jp") in got


def test_the_article_a_clitic_absorbed_is_restored_in_the_name(make_doc, settings):
    """لِـ + اللجنة is written للجنة: the span after the clitic lacks the article the name has."""
    text = "وأكد الأمين العام للجنة المركزية للحزب الشيوعي الفيتنامي. وسافر الوفد للبنان."
    doc = find_gazetteer([make_doc(text, "ar")], settings)[0]
    got = {text[m.start:m.end]: m.attrs.get("restored") for m in doc.mentions}
    assert got["لجنة المركزية للحزب الشيوعي الفيتنامي"] == "اللجنة المركزية للحزب الشيوعي الفيتنامي"
    assert got["لبنان"] is None  # لِـ + لبنان: nothing absorbed
