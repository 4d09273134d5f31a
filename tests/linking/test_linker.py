"""Entity linking through the real store: documents written with `write_batch` (mentions made by
hand where no NER model exists for the language), and files ingested with the NER stage on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsgraph
from newsgraph.entities import entity_record, iter_entities
from newsgraph.linking import relink_all
from newsgraph.model.document import Document, Published
from newsgraph.store.sqlite import SQLiteStore

STAGES = ["clean.v1", "langid.v1", "dates.v1", "mentions.docrefs.v1", "mentions.gazetteer.v1",
          "mentions.ner.v1", "mentions.coref.v1", "mentions.titles.v1"]


def _doc(text: str, lang: str, date: str, spans: list[tuple[str, str]]) -> Document:
    """A stored-ready document; each (needle, type) becomes an unlinked mention, as NER gives."""
    d = Document(source=f"{lang}-{date}-{abs(hash(text)) % 10**6}.txt", raw=text)
    d.text, d.lang, d.title = text, lang, text[:20]
    d.published = Published(date, "day", "header")
    for needle, typ in spans:
        start = text.index(needle)
        d.add_mention(start, start + len(needle), typ, "test.ner.v1", 0.8)
    return d


def _ids(store: SQLiteStore, doc: Document) -> dict[str, str | None]:
    rows = store.con.execute(
        """SELECT substr(d.text, m.start + 1, m."end" - m.start), m.entity_id FROM mentions m
           JOIN documents d ON d.rowid = m.doc_rowid WHERE d.id = ? ORDER BY m.start""", (doc.id,))
    return dict(rows.fetchall())


def test_one_person_across_diacritics_case_and_scripts(store):
    docs = [
        _doc("Trần Văn Minh gặp đoàn đại biểu tại Đà Nẵng.", "vi", "2024-01-02", [("Trần Văn Minh", "PER")]),
        _doc("TRAN VAN MINH visited the port.", "en", "2024-01-05", [("TRAN VAN MINH", "PER")]),
        _doc("التقى تران فان مينه بالوفد.", "ar", "2024-01-07", [("تران فان مينه", "PER")]),
        _doc("陈文明会见了代表团。", "zh", "2024-01-08", [("陈文明", "PER")]),
    ]
    store.write_batch(docs, [], 1)
    ids = [next(iter(_ids(store, d).values())) for d in docs]
    assert ids == ["per:tran-van-minh"] * 4
    links = [json.loads(a)["link"]["by"] for (a,) in store.con.execute("SELECT attrs FROM mentions ORDER BY rowid")]
    assert links == ["new", "fold", "phonetic", "translit"]
    row = store.entity("per:tran-van-minh")
    assert row["origin"] == "learned" and row["confidence"] == 0.6  # the weakest link: phonetic
    assert (row["first_seen"], row["last_seen"]) == ("2024-01-02", "2024-01-08")


def test_cyrillic_and_latin_romanisations_meet(store):
    a = _doc("Sergei Shoigu arrived in Hanoi.", "en", "2024-02-01", [("Sergei Shoigu", "PER")])
    b = _doc("Сергей Шойгу прибыл в Ханой.", "ru", "2024-02-02", [("Сергей Шойгу", "PER")])
    store.write_batch([a, b], [], 1)
    assert _ids(store, a)["Sergei Shoigu"] == _ids(store, b)["Сергей Шойгу"] == "per:sergei-shoigu"


def test_people_sharing_a_surname_or_given_name_stay_apart(store):
    a = _doc("Trần Văn Minh và Trần Thị Hoa dự hội nghị. Minh phát biểu.", "vi", "2024-01-02",
             [("Trần Văn Minh", "PER"), ("Trần Thị Hoa", "PER"), ("Minh", "PER")])
    b = _doc("Lê Văn Minh spoke first. Minh then left.", "en", "2024-01-03", [("Lê Văn Minh", "PER"), ("Minh", "PER")])
    c = _doc("Minh was not there, said Trần.", "en", "2024-01-04", [("Minh", "PER"), ("Trần", "PER")])
    d = _doc("Trần Văn Minh and Lê Văn Minh met; Minh smiled.", "en", "2024-01-05",
             [("Trần Văn Minh", "PER"), ("Lê Văn Minh", "PER"), ("Minh", "PER")])
    store.write_batch([a, b, c, d], [], 1)
    ia, ib, ic, idd = (_ids(store, x) for x in (a, b, c, d))
    assert ia["Trần Văn Minh"] == ia["Minh"] == "per:tran-van-minh"
    assert ia["Trần Thị Hoa"] == "per:tran-thi-hoa"
    assert ib["Lê Văn Minh"] == ib["Minh"] == "per:le-van-minh"
    # a one-word name alone never reaches a full-name entity; two full names leave "Minh" open
    assert ic["Minh"] not in {"per:tran-van-minh", "per:le-van-minh"}
    assert ic["Trần"] not in {"per:tran-van-minh", "per:tran-thi-hoa"}
    assert (idd["Trần Văn Minh"], idd["Lê Văn Minh"], idd["Minh"]) == ("per:tran-van-minh", "per:le-van-minh", None)


def test_honorifics_and_mistyped_short_forms_join_the_full_name(store):
    a = _doc("Maria Keller a parlé. Mme Keller a ensuite quitté Berlin.", "fr", "2024-01-02",
             [("Maria Keller", "PER"), ("Mme Keller", "PER"), ("Berlin", "LOC")])
    b = _doc("Lương Văn Khoa arrived; Khoa then spoke.", "en", "2024-01-03", [("Lương Văn Khoa", "PER"), ("Khoa", "LOC")])
    store.write_batch([a, b], [], 1)
    ia, ib = _ids(store, a), _ids(store, b)
    assert ia["Maria Keller"] == ia["Mme Keller"] == "per:maria-keller"
    assert ia["Berlin"] == "loc:berlin"
    assert ib["Lương Văn Khoa"] == ib["Khoa"] == "per:luong-van-khoa"


def test_ambiguous_pack_name_takes_the_person_its_title_names(store):
    d = Document(source="amb.txt", raw="x")
    d.text, d.lang = "State President Luong Cuong spoke.", "en"
    d.add_mention(0, 15, "TITLE", "titles.packs.v1", 0.9, {"person_span": [16, 27], "person_id": "luong-cuong"})
    d.add_mention(16, 27, "PER", "gazetteer.packs.v1", 0.5, {"candidates": ["phan-van-giang", "luong-cuong"]})
    store.write_batch([d], [], 1)
    assert _ids(store, d)["Luong Cuong"] == "luong-cuong"


def test_phonetic_key_does_not_merge_different_vowels(store):
    a = _doc("Phạm Văn Hiếu visited the school.", "en", "2024-01-02", [("Phạm Văn Hiếu", "PER")])
    b = _doc("زار فم فان هاو المدرسة.", "ar", "2024-01-03", [("فم فان هاو", "PER")])
    store.write_batch([a, b], [], 1)
    assert _ids(store, a)["Phạm Văn Hiếu"] == "per:pham-van-hieu"
    assert _ids(store, b)["فم فان هاو"] == "pham-van-hao"  # the pack's Phạm Văn Hào, through its Latin names


def test_pack_entities_keep_their_ids_and_get_rows(store):
    d = Document(source="p.txt", raw="x")
    d.text, d.lang = "State President Luong Cuong met Phan Van Giang.", "en"
    m = d.add_mention(16, 27, "PER", "gazetteer.packs.v1", 0.95, {"pack": "vietnam"})
    m.entity_id = "luong-cuong"
    store.write_batch([d], [], 1)
    assert _ids(store, d) == {"Luong Cuong": "luong-cuong"}
    row = store.entity("luong-cuong")
    assert row["origin"] == "pack:vietnam" and row["type"] == "PER" and row["name"] == "Lương Cường"
    names = {n["name"]: n for n in store.entity_names("luong-cuong")}
    assert names["Luong Cuong"]["seen"] == 1 and names["Luong Cuong"]["origin"] == "pack"
    assert names["梁强"]["script"] == "Hani" and names["梁强"]["seen"] == 0
    assert json.loads(store.con.execute("SELECT attrs FROM mentions").fetchone()[0]) == {"pack": "vietnam"}


def test_blocked_name_is_not_linked_again(store):
    a = _doc("Đinh Công Sáng ký văn bản.", "vi", "2024-01-02", [("Đinh Công Sáng", "PER")])
    store.write_batch([a], [], 1)
    store.con.execute("UPDATE entity_names SET blocked = 1 WHERE entity_id = 'per:dinh-cong-sang'")
    b = _doc("Dinh Cong Sang signed it.", "en", "2024-01-03", [("Dinh Cong Sang", "PER")])
    store.write_batch([b], [], 1)
    assert _ids(store, b)["Dinh Cong Sang"] == "per:dinh-cong-sang-2"


def test_learned_entity_record_and_export(store):
    a = _doc("Trần Văn Minh gặp Phan Văn Giang.", "vi", "2024-01-02", [("Trần Văn Minh", "PER")])
    b = _doc("التقى تران فان مينه بالوفد.", "ar", "2024-01-07", [("تران فان مينه", "PER")])
    pv = a.text.index("Phan Văn Giang")
    a.add_mention(pv, pv + len("Phan Văn Giang"), "PER", "gazetteer.packs.v1").entity_id = "phan-van-giang"
    store.write_batch([a, b], [], 1)
    rec = entity_record(store, "per:tran-van-minh")
    assert (rec["type"], rec["name"], rec["origin"]) == ("PER", "Trần Văn Minh", "learned")
    assert {(x["name"], x["lang"], x["script"]) for x in rec["aliases"]} == {
        ("Trần Văn Minh", "vi", "Latn"), ("تران فان مينه", "ar", "Arab")}
    assert sorted(rec["documents"]) == sorted([a.id, b.id])
    assert rec["co_mentioned"] == [{"id": "phan-van-giang", "documents": 1}]
    exported = {e["id"]: e for e in iter_entities(store)}
    assert {"per:tran-van-minh", "phan-van-giang"} <= set(exported)
    assert set(exported["per:tran-van-minh"]) == {"id", "type", "name", "aliases", "roles", "documents"}


def test_relink_all_reproduces_the_links(store):
    docs = [
        _doc("Trần Văn Minh gặp Trần Thị Hoa.", "vi", "2024-01-02", [("Trần Văn Minh", "PER"), ("Trần Thị Hoa", "PER")]),
        _doc("Tran Van Minh left. Minh waved.", "en", "2024-01-05", [("Tran Van Minh", "PER"), ("Minh", "PER")]),
        _doc("التقى تران فان مينه بالوفد.", "ar", "2024-01-07", [("تران فان مينه", "PER")]),
    ]
    store.write_batch(docs, [], 1)
    before = [_ids(store, d) for d in docs]
    names_before = store.con.execute("SELECT entity_id, name, seen FROM entity_names ORDER BY 1, 2").fetchall()
    assert relink_all(store) == 3
    assert [_ids(store, d) for d in docs] == before
    assert store.con.execute("SELECT entity_id, name, seen FROM entity_names ORDER BY 1, 2").fetchall() == names_before


# ---------------------------------------------------------------- through ingest, with NER


FILES = {
    "a-en.txt": " date 2024-03-01\n\nMinister of National Defence Tran Van Binh met the delegation from Japan "
                "in Hanoi on Friday. Tran Van Binh said cooperation would grow.\n",
    "b-fr.txt": " date 2024-03-04\n\nLe ministre de la Défense nationale, Trần Văn Bình, a reçu la délégation "
                "japonaise à Hanoï.\n",
    "c-en.txt": " date 2024-03-10\n\nChairman of the Provincial People's Committee Tran Van Binh opened the new "
                "bridge in Quang Nam province. Binh thanked the workers.\n",
    "d-en.txt": " date 2024-12-12\n\nState President Luong Cuong received Ambassador Hans Becker in Hanoi.\n",
}


def _ingest(folder: Path, db: Path) -> dict[tuple[str, str], str | None]:
    settings = newsgraph.load_settings(environ={}, overrides={"pipeline.stages": STAGES})
    with newsgraph.open(str(db), settings) as ng:
        assert ng.ingest([str(folder)]).exit_status == 0
        return {(Path(d["source"]).name, d["text"][m["start"]:m["end"]]): m["entity_id"]
                for d in ng.iter_documents() for m in d["mentions"] if m["type"] == "PER"}


def test_posts_read_from_text_for_learned_people(corpus, tmp_path):
    settings = newsgraph.load_settings(environ={}, overrides={"pipeline.stages": STAGES})
    with newsgraph.open(str(tmp_path / "r.db"), settings) as ng:
        ng.ingest([str(corpus)])
        first, second = (entity_record(ng.store, i) for i in ("per:tran-van-binh", "per:tran-van-binh-2"))
    role = {r["post_id"]: r for r in first["roles_from_text"]}["minister-of-national-defence"]
    assert (role["first_seen"], role["last_seen"], len(role["evidence"])) == ("2024-03-01", "2024-03-04", 2)
    assert [r["post_id"] for r in second["roles_from_text"]] == ["provincial-peoples-committee-chair"]
    assert {a["lang"] for a in first["aliases"]} == {"en", "fr"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory):
    return _ingest(corpus, tmp_path_factory.mktemp("db1") / "a.db")


def test_homonyms_bound_to_conflicting_posts_get_two_ids(ingested):
    first = ingested[("a-en.txt", "Tran Van Binh")]
    assert first == "per:tran-van-binh"
    assert ingested[("b-fr.txt", "Trần Văn Bình")] == first  # same post, days later: the same man
    assert ingested[("c-en.txt", "Tran Van Binh")] == "per:tran-van-binh-2"  # another post, same week
    assert ingested[("c-en.txt", "Binh")] == "per:tran-van-binh-2"


def test_pack_people_unchanged_by_linking(ingested):
    assert ingested[("d-en.txt", "Luong Cuong")] == "luong-cuong"


def test_ids_stable_across_a_fresh_reingest(corpus, ingested, tmp_path):
    assert _ingest(corpus, tmp_path / "b.db") == ingested


# ---------------------------------------------------------------- countries and other countries' institutions


def _gazetteer_doc(text: str, lang: str, date: str, settings) -> Document:
    """A stored-ready document with the gazetteer's mentions (the real stage, bundled packs)."""
    from newsgraph.pipeline.mentions.gazetteer import find_gazetteer

    d = _doc(text, lang, date, [])
    return find_gazetteer([d], settings)[0]


def _org_ids(store: SQLiteStore, doc: Document) -> dict[str, str | None]:
    return {k: v for k, v in _ids(store, doc).items() if v is None or not v.startswith("geo:")}


QUALIFIED = [
    ("Cambodia's Ministry of National Defence signed the plan.", "en"),
    ("Bộ Quốc phòng Campuchia đã ký kế hoạch.", "vi"),
    ("柬埔寨国防部签署了计划。", "zh"),
    ("وقعت وزارة الدفاع الوطني الكمبودية الخطة.", "ar"),
]


def test_another_countrys_institution_is_one_entity_across_languages(store, settings):
    docs = [_gazetteer_doc(t, lang, f"2024-05-0{i + 1}", settings) for i, (t, lang) in enumerate(QUALIFIED)]
    store.write_batch(docs, [], 1)
    ids = [_org_ids(store, d) for d in docs]
    assert [set(i.values()) for i in ids] == [{"org:vn-mod@kh"}] * 4
    row = store.entity("org:vn-mod@kh")
    assert (row["type"], row["name"], row["origin"]) == ("ORG", "Ministry of National Defence (Cambodia)", "learned")
    names = {n["name"] for n in store.entity_names("org:vn-mod@kh")}
    assert names == {"Cambodia's Ministry of National Defence", "Bộ Quốc phòng Campuchia", "柬埔寨国防部",
                     "وزارة الدفاع الوطني الكمبودية"}
    links = {json.loads(a)["link"]["by"] for (a,) in store.con.execute(
        "SELECT attrs FROM mentions WHERE entity_id = 'org:vn-mod@kh'")}
    assert links == {"qualified"}
    # the countries inside are the world pack's entity, the same in every language
    assert {v for d in docs for v in _ids(store, d).values() if v and v.startswith("geo:")} == {"geo:kh"}
    assert store.entity("geo:kh")["name"] == "Cambodia" and store.entity("geo:kh")["origin"] == "pack:world"


def test_other_qualifiers_and_institutions_get_other_ids_and_own_country_keeps_the_pack(store, settings):
    docs = [
        _gazetteer_doc("Bộ Quốc phòng Lào và Bộ Quốc phòng Việt Nam đã ký.", "vi", "2024-05-01", settings),
        _gazetteer_doc("Japan's Ministry of Foreign Affairs and the Ministry of National Defence of Japan met.",
                       "en", "2024-05-02", settings),
    ]
    store.write_batch(docs, [], 1)
    vi, en = (_org_ids(store, d) for d in docs)
    assert vi == {"Bộ Quốc phòng Lào": "org:vn-mod@la", "Bộ Quốc phòng": "vn-mod", "Việt Nam": "vn-state"}
    assert en == {"Japan's Ministry of Foreign Affairs": "org:vn-mofa@jp",
                  "Ministry of National Defence of Japan": "org:vn-mod@jp"}
    assert store.entity("org:vn-mofa@jp")["name"] == "Ministry of Foreign Affairs (Japan)"


def test_relink_all_keeps_the_qualified_and_country_ids(store, settings):
    docs = [_gazetteer_doc(t, lang, f"2024-05-0{i + 1}", settings) for i, (t, lang) in enumerate(QUALIFIED)]
    store.write_batch(docs, [], 1)
    before = [_ids(store, d) for d in docs]
    names_before = store.con.execute("SELECT entity_id, name, seen FROM entity_names ORDER BY 1, 2").fetchall()
    assert relink_all(store) == 4
    assert [_ids(store, d) for d in docs] == before
    assert store.entity("org:vn-mod@kh")["name"] == "Ministry of National Defence (Cambodia)"
    assert store.con.execute("SELECT entity_id, name, seen FROM entity_names ORDER BY 1, 2").fetchall() == names_before


def test_a_private_person_with_an_officials_name_is_not_the_official(tmp_path):
    """"Ngư dân Nguyễn Văn An (47 tuổi)" shares the name of a former National Assembly chairman
    in the pack: the gazetteer leaves it unlinked (`attrs.not`), and the linker, which would reach
    the pack person by the name's fold key, learns a new person instead; the official keeps his id."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "vi-fisher.txt").write_text(
        " date 2024-07-02\nNgư dân Nguyễn Văn An (47 tuổi, trú xã Bình Châu) cùng 4 thuyền viên đã được cứu "
        "sống. Anh An cho biết tàu bị chìm do sóng lớn.\n", encoding="utf-8")
    (folder / "vi-official.txt").write_text(
        " date 2024-07-03\nNguyên Chủ tịch Quốc hội Nguyễn Văn An dự lễ kỷ niệm tại Hà Nội.\n", encoding="utf-8")
    ids = _ingest(folder, tmp_path / "p.db")
    assert ids[("vi-fisher.txt", "Nguyễn Văn An")] == "per:nguyen-van-an"
    assert ids[("vi-fisher.txt", "An")] == "per:nguyen-van-an"
    assert ids[("vi-official.txt", "Nguyễn Văn An")] == "nguyen-van-an"


def test_a_vietnamese_name_and_its_russian_transcription_meet(store):
    a = _doc("Trần Văn Minh gặp đoàn đại biểu tại Đà Nẵng.", "vi", "2024-03-02", [("Trần Văn Minh", "PER")])
    b = _doc("Чан Ван Минь встретился с делегацией.", "ru", "2024-03-03", [("Чан Ван Минь", "PER")])
    c = _doc("Сергей Лавров прибыл в Ханой.", "ru", "2024-03-04", [("Сергей Лавров", "PER")])
    store.write_batch([a, b, c], [], 1)
    assert _ids(store, a)["Trần Văn Minh"] == _ids(store, b)["Чан Ван Минь"] == "per:tran-van-minh"
    assert _ids(store, c)["Сергей Лавров"] == "per:sergey-lavrov"
    (attrs,) = store.con.execute(
        "SELECT m.attrs FROM mentions m JOIN documents d ON d.rowid = m.doc_rowid WHERE d.id = ?", (b.id,)).fetchone()
    assert json.loads(attrs)["link"]["by"] == "viru"


def test_yo_and_ye_spellings_are_one_person(store):
    a = _doc("Михаил Горбачёв посетил Ханой.", "ru", "2024-04-01", [("Михаил Горбачёв", "PER")])
    b = _doc("Михаил Горбачев выступил в Москве.", "ru", "2024-04-02", [("Михаил Горбачев", "PER")])
    store.write_batch([a, b], [], 1)
    assert _ids(store, a)["Михаил Горбачёв"] == _ids(store, b)["Михаил Горбачев"]


def test_names_seen_keep_the_article_a_clitic_absorbed(store):
    d = _doc("وأكد الأمين العام للجنة المركزية للحزب الشيوعي الفيتنامي.", "ar", "2024-05-01", [])
    text = d.text
    start = text.index("لجنة")
    m = d.add_mention(start, text.index("."), "ORG", "gazetteer.packs.v1", 0.9,
                      attrs={"clitic": "ل", "restored": "اللجنة المركزية للحزب الشيوعي الفيتنامي"})
    m.entity_id = "cpv-central-committee"
    store.write_batch([d], [], 1)
    seen = dict(store.con.execute(
        "SELECT name, seen FROM entity_names WHERE entity_id = 'cpv-central-committee' AND seen > 0"))
    assert seen == {"اللجنة المركزية للحزب الشيوعي الفيتنامي": 1}  # the pack's own name, not "لجنة …"
