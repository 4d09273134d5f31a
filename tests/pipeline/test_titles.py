"""TITLE mentions: posts in en/fr/vi/ar/zh, bound to the person they qualify; roles; counter-examples."""

from __future__ import annotations

import re

import pytest

from newsgraph.model.document import Document
from newsgraph.packs import load_packs
from newsgraph.pipeline.mentions.coref import find_short_forms
from newsgraph.pipeline.mentions.gazetteer import find_gazetteer
from newsgraph.pipeline.mentions.titles import METHOD, TYPE, find_titles
from tests.conftest import SEEDS

HEADER = re.compile(r"^ date \S+ ")


def run(make_doc, settings, text: str, lang: str = "en", extra=()) -> Document:
    doc = make_doc(text, lang)
    for start, end, type_ in extra:  # mentions from another stage (NER), written by hand
        doc.add_mention(start, end, type_, "ner.test")
    for stage in (find_gazetteer, find_short_forms, find_titles):
        doc = stage([doc], settings)[0]
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == doc.mention_text(m)
    return doc


def titles(doc: Document) -> list[tuple[str, str | None, str | None, str | None]]:
    """(title text, post_id, person_id, binding) of every TITLE."""
    return [
        (doc.text[m.start : m.end], m.attrs["post_id"], m.attrs["person_id"], m.attrs["binding"])
        for m in doc.mentions
        if m.type == TYPE and m.method == METHOD
    ]


def person(doc: Document, surface: str):
    return next(m for m in doc.mentions if m.type == "PER" and doc.text[m.start : m.end] == surface)


@pytest.mark.parametrize(
    ("text", "lang", "title", "post", "who"),
    [
        ("State President Lương Cường met them.", "en", "State President", "state-president", "luong-cuong"),
        ("Chủ tịch nước Lương Cường phát biểu.", "vi", "Chủ tịch nước", "state-president", "luong-cuong"),
        (
            "Minister of National Defence General Phan Van Giang spoke.",
            "en",
            "Minister of National Defence",
            "minister-of-national-defence",
            "phan-van-giang",
        ),
        (
            "S'exprimant, le vice-ministre de la Défense, Hoàng Xuân Chiên, a déclaré",
            "fr",
            "vice-ministre de la Défense",
            "deputy-minister-of-national-defence",
            "hoang-xuan-chien",
        ),
        (
            "Hoàng Xuân Chiên, vice-ministre de la Défense, a déclaré",
            "fr",
            "vice-ministre de la Défense",
            "deputy-minister-of-national-defence",
            "hoang-xuan-chien",
        ),
        (
            "ألقى الرفيق فام فان هاو، نائب سكرتير لجنة الحزب الإقليمية، كلمة",
            "ar",
            "نائب سكرتير لجنة الحزب الإقليمية",
            "provincial-party-deputy-secretary",
            "pham-van-hao",
        ),
        ("越南国家主席梁强会见", "zh", "越南国家主席", "state-president", "luong-cuong"),
    ],
)
def test_title_binds_to_its_person(make_doc, settings, text, lang, title, post, who):
    doc = run(make_doc, settings, text, lang)
    got = [t for t in titles(doc) if t[0] == title]
    assert got and got[0][1:3] == (post, who)
    per = next(m for m in doc.mentions if m.type == "PER" and m.entity_id == who)
    assert post in [t["post_id"] for t in per.attrs["titles"]]


def test_a_chain_of_titles_and_a_rank_bind_to_one_person(make_doc, settings):
    doc = run(make_doc, settings, "Deputy Prime Minister and Foreign Minister Bùi Thanh Sơn said.")
    assert [t[1:] for t in titles(doc)] == [
        ("deputy-prime-minister", "bui-thanh-son", "after"),
        ("minister-of-foreign-affairs", "bui-thanh-son", "after"),
    ]


def test_french_rank_is_a_title_of_the_person(make_doc, settings):
    doc = run(make_doc, settings, "le lieutenant-général supérieur Hoàng Xuân Chiên a demandé", "fr")
    assert titles(doc) == [
        ("lieutenant-général supérieur", "rank-senior-lieutenant-general", "hoang-xuan-chien", "after")
    ]


def test_apposition_with_who_is_also(make_doc, settings):
    doc = run(
        make_doc,
        settings,
        "Party General Secretary Nguyen Phu Trong, who is also Secretary of the Central Military Commission, chaired",
    )
    posts = [t["post_id"] for t in person(doc, "Nguyen Phu Trong").attrs["titles"]]
    assert posts == ["general-secretary", "cmc-secretary"]
    title = next(m for m in doc.mentions if m.type == TYPE and m.attrs["post_id"] == "cmc-secretary")
    assert title.attrs["org_id"] == "vn-central-military-commission"
    assert doc.text[slice(*title.attrs["person_span"])] == "Nguyen Phu Trong"


def test_roles_refer_to_the_person_named_earlier(make_doc, settings):
    text = "State President Lương Cường visited. Later the State leader said so, and the President agreed."
    doc = run(make_doc, settings, text)
    roles = [m for m in doc.mentions if m.type == TYPE and m.attrs["binding"] == "role"]
    assert [doc.text[m.start : m.end] for m in roles] == ["State leader", "President"]
    assert all(doc.text[slice(*m.attrs["refers_to"])] == "Lương Cường" for m in roles)
    assert all(m.attrs["person_id"] == "luong-cuong" for m in roles)


def test_role_before_any_name_refers_to_no_one(make_doc, settings):
    doc = run(make_doc, settings, "The President said that the State leader agreed.")
    roles = [m for m in doc.mentions if m.type == TYPE]
    assert roles and all(m.attrs["refers_to"] is None and m.attrs["person_id"] is None for m in roles)


def test_french_role_with_article(make_doc, settings):
    doc = run(
        make_doc, settings, "Le président de l'État Lương Cường est arrivé. Le chef de l'État a salué.", "fr"
    )
    role = [m for m in doc.mentions if m.type == TYPE and m.attrs["binding"] == "role"]
    assert [doc.text[m.start : m.end] for m in role] == ["chef de l'État"]
    assert role[0].attrs["person_id"] == "luong-cuong"


def test_president_of_another_country_binds_to_that_person(make_doc, settings):
    """A PER found by another stage (NER) and not in the pack: the title is his, the post stays open."""
    text = "President Luong Cuong met President Emmanuel Macron. The President then left."
    doc = run(make_doc, settings, text, extra=[(36, 51, "PER")])
    got = titles(doc)
    assert got[0] == ("President", "state-president", "luong-cuong", "after")
    assert got[1] == ("President", None, None, "after")
    macron = next(m for m in doc.mentions if m.type == TYPE and m.start == 26)
    assert doc.text[slice(*macron.attrs["person_span"])] == "Emmanuel Macron"
    assert macron.attrs["post_candidates"] == ["state-president"]
    # the later role goes to the president bound most recently, not blindly to the pack's
    role = next(m for m in doc.mentions if m.type == TYPE and m.attrs["binding"] == "role")
    assert doc.text[slice(*role.attrs["refers_to"])] == "Emmanuel Macron"


def test_unknown_name_after_a_title_is_no_role(make_doc, settings):
    """No PER for "Macron" (no NER ran): the title qualifies someone unknown, never the pack's president."""
    doc = run(make_doc, settings, "President Luong Cuong met President Macron.")
    assert all(m.attrs["person_id"] in ("luong-cuong",) for m in doc.mentions if m.type == TYPE)
    assert len([m for m in doc.mentions if m.type == TYPE]) == 1


def test_generic_title_resolves_to_the_post_the_person_held(make_doc, settings):
    doc = run(make_doc, settings, "Minister Phan Van Giang met Defence Minister Phan Van Giang.")
    assert [t[1] for t in titles(doc)] == ["minister-of-national-defence"] * 2


def test_lowercase_rank_word_alone_is_no_title(make_doc, settings):
    assert titles(run(make_doc, settings, "The general public and the minister were there.")) == []


def test_rerun_replaces_titles(make_doc, settings):
    doc = run(make_doc, settings, "State President Lương Cường met them.")
    find_titles([doc], settings)
    assert len([m for m in doc.mentions if m.type == TYPE]) == 1
    assert len(person(doc, "Lương Cường").attrs["titles"]) == 1


# -- the seeds -----------------------------------------------------------------------------------------


def seed(make_doc, settings, name: str, lang: str) -> Document:
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return run(make_doc, settings, HEADER.sub("", path.read_text(encoding="utf-8")), lang)


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds")


@pytest.mark.seeds
@needs_seeds
def test_seed_000_president_luong_cuong_and_the_president(make_doc, settings):
    doc = seed(make_doc, settings, "000", "en")
    assert ("President", "state-president", "luong-cuong", "after") in titles(doc)
    roles = [t for t in titles(doc) if t[3] == "role"]
    assert len(roles) >= 5 and all(t[2] == "luong-cuong" for t in roles)


@pytest.mark.seeds
@needs_seeds
def test_seed_001_trong_giang_thuong(make_doc, settings):
    doc = seed(make_doc, settings, "001", "en")
    got = titles(doc)
    assert ("Party General Secretary", "general-secretary", "nguyen-phu-trong", "after") in got
    assert (
        "Secretary of the Central Military Commission",
        "cmc-secretary",
        "nguyen-phu-trong",
        "before",
    ) in got
    assert ("Minister of National Defence", "minister-of-national-defence", "phan-van-giang", "after") in got
    assert ("President", "state-president", "vo-van-thuong", "after") in got
    assert ("Party chief", "general-secretary", "nguyen-phu-trong", "role") in got


@pytest.mark.seeds
@needs_seeds
def test_seed_002_arabic_posts(make_doc, settings):
    doc = seed(make_doc, settings, "002", "ar")
    hao, nam = person(doc, "فام فان هاو"), person(doc, "تران كووك نام")
    assert hao.entity_id == "pham-van-hao" and nam.entity_id == "tran-quoc-nam"
    assert [t["post_id"] for t in hao.attrs["titles"]] == ["provincial-party-deputy-secretary"]
    assert [t["post_id"] for t in nam.attrs["titles"]] == ["provincial-peoples-committee-chair"]
    chair = next(m for m in doc.mentions if m.type == TYPE and m.attrs["person_id"] == "tran-quoc-nam")
    assert chair.attrs["place_id"] == "vn-ninh-thuan"


@pytest.mark.seeds
@needs_seeds
def test_seed_003_both_titles_of_hoang_xuan_chien(make_doc, settings):
    doc = seed(make_doc, settings, "003", "fr")
    got = {(t[0], t[1]) for t in titles(doc) if t[2] == "hoang-xuan-chien"}
    assert got == {
        ("vice-ministre de la Défense", "deputy-minister-of-national-defence"),
        ("lieutenant-général supérieur", "rank-senior-lieutenant-general"),
    }


@pytest.mark.seeds
@needs_seeds
def test_seed_004_state_president_and_state_leader(make_doc, settings):
    doc = seed(make_doc, settings, "004", "en")
    got = titles(doc)
    assert ("State President", "state-president", "luong-cuong", "after") in got
    assert ("State leader", "state-president", "luong-cuong", "role") in got
    assert ("State President", "state-president", "luong-cuong", "role") in got
    assert ("President", "state-president", "luong-cuong", "after") in got  # "President Cường"


def test_the_post_tells_apart_two_people_with_one_name(make_doc, settings, tmp_path):
    d = tmp_path / "testland"
    d.mkdir()
    (d / "pack.toml").write_text(
        'name = "testland"\ndescription = "t"\nlanguages = ["en"]\nlicence = "CC0"\n[[sources]]\nid = "s"\ntitle = "t"\n',
        encoding="utf-8",
    )
    (d / "posts.toml").write_text(
        '[[post]]\nid = "test-mayor"\nnames = { en = ["Mayor"] }\nsource = "s"\n'
        '[[post]]\nid = "test-judge"\nnames = { en = ["Judge"] }\nsource = "s"\n',
        encoding="utf-8",
    )
    (d / "people.toml").write_text(
        "".join(
            f'[[person]]\nid = "{pid}"\nnames = {{ en = ["Anna Berg"] }}\n'
            f'posts = [{{ title = "{post}", start = "2020", source = "s" }}]\n'
            for pid, post in (("anna-berg-1", "test-mayor"), ("anna-berg-2", "test-judge"))
        ),
        encoding="utf-8",
    )
    packs = load_packs(["testland"], extra_dirs=[d])
    doc = make_doc("Judge Anna Berg ruled.", "en")
    find_titles(find_gazetteer([doc], settings, packs=packs), settings, packs=packs)
    per, title = sorted(doc.mentions, key=lambda m: m.type)
    assert per.entity_id is None and per.attrs["candidates"] == ["anna-berg-1", "anna-berg-2"]
    assert title.attrs["person_id"] == "anna-berg-2" and title.attrs["person_resolved_by"] == "post"
    assert title.attrs["post_id"] == "test-judge"


def test_an_ner_span_that_swallows_the_title_yields_to_the_linked_name(make_doc, settings):
    doc = run(make_doc, settings, "President Luong Cuong spoke.", extra=[(0, 21, "PER")])
    assert titles(doc) == [("President", "state-president", "luong-cuong", "after")]


# -- names state media use (pack gaps) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "title", "post", "who"),
    [
        (
            "Le président Lương Cường a reçu la délégation.",
            "fr",
            "président",
            "state-president",
            "luong-cuong",
        ),
        (
            "Le président de la République Lương Cường a reçu",
            "fr",
            "président de la République",
            "state-president",
            "luong-cuong",
        ),
        (
            "Party leader Nguyen Phu Trong chaired",
            "en",
            "Party leader",
            "general-secretary",
            "nguyen-phu-trong",
        ),
        (
            "ألقى الرفيق فام فان هاو، نائب أمين اللجنة الحزبية الدائم، كلمة",
            "ar",
            "نائب أمين اللجنة الحزبية الدائم",
            "provincial-party-deputy-secretary",
            "pham-van-hao",
        ),
    ],
)
def test_title_names_state_media_use(make_doc, settings, text, lang, title, post, who):
    doc = run(make_doc, settings, text, lang)
    got = [t for t in titles(doc) if t[0] == title]
    assert got and got[0][1:3] == (post, who)


def test_top_leader_is_a_role_of_the_general_secretary(make_doc, settings):
    doc = run(
        make_doc, settings, "Party General Secretary Nguyen Phu Trong met them. The top leader said so."
    )
    assert ("top leader", "general-secretary", "nguyen-phu-trong", "role") in titles(doc)


@pytest.mark.parametrize(
    ("text", "lang", "name", "rank"),
    [
        ("Trung tá Trần Văn Bình phát biểu.", "vi", "Trần Văn Bình", "rank-lieutenant-colonel"),
        ("Thiếu tá Trần Văn Bình phát biểu.", "vi", "Trần Văn Bình", "rank-major"),
        ("Major Tran Van Binh said.", "en", "Tran Van Binh", "rank-major"),
        ("Captain Tran Van Binh said.", "en", "Tran Van Binh", "rank-captain"),
        ("Senior Lieutenant Tran Van Binh said.", "en", "Tran Van Binh", "rank-senior-lieutenant"),
        ("le lieutenant-colonel Tran Van Binh a dit", "fr", "Tran Van Binh", "rank-lieutenant-colonel"),
        ("le sous-lieutenant Tran Van Binh a dit", "fr", "Tran Van Binh", "rank-second-lieutenant"),
        ("قال النقيب تران فان بينه", "ar", "تران فان بينه", "rank-captain"),
        ("قال الملازم أول تران فان بينه", "ar", "تران فان بينه", "rank-lieutenant"),
        ("中尉陈文平说", "zh", "陈文平", "rank-lieutenant"),
    ],
)
def test_ranks_below_colonel_bind_to_anyone(make_doc, settings, text, lang, name, rank):
    """A rank is recognised for any person (here one found by another stage), with its rank id."""
    start = text.index(name)
    doc = run(make_doc, settings, text, lang, extra=[(start, start + len(name), "PER")])
    got = [m for m in doc.mentions if m.type == TYPE]
    assert [(m.attrs["post_id"], m.attrs["kind"], m.attrs["binding"]) for m in got] == [
        (rank, "rank", "after")
    ]
    assert doc.text[slice(*got[0].attrs["person_span"])] == name


def test_lowercase_major_is_no_rank(make_doc, settings):
    doc = run(make_doc, settings, "a major step by Tran Van Binh", extra=[(16, 29, "PER")])
    assert titles(doc) == []


def test_arabic_title_after_lam_and_article_is_a_role(make_doc, settings):
    """ "للرئيس" = ل + الرئيس: the span is "رئيس", the clitic "لل" carries the article, so it is a role."""
    doc = run(make_doc, settings, "استقبل الرئيس تو لام الوفد. وقدم الوفد للرئيس هدية.", "ar")
    role = next(m for m in doc.mentions if m.type == TYPE and m.attrs["binding"] == "role")
    assert doc.text[role.start : role.end] == "رئيس" and doc.text[role.start - 2 : role.start] == "لل"
    assert role.attrs["person_id"] == "to-lam"


def test_lowercase_one_word_title_counts_only_in_its_own_language(make_doc, settings):
    """French "le président" is the post; English "the president" of a company is not (no English
    lower-case name), so it refers to no one."""
    text = "State President Lương Cường met them. Later the president of the company spoke."
    doc = run(make_doc, settings, text, "en")
    assert [t[0] for t in titles(doc)] == ["State President"]
    fr = run(make_doc, settings, "Le président de l'État Lương Cường est arrivé. Le président a salué.", "fr")
    assert ("président", "state-president", "luong-cuong", "role") in titles(fr)
