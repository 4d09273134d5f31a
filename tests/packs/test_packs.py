"""Domain packs: bundled packs load and validate, queries answer, a new pack needs no code, bad packs say where."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.errors import ConfigError
from newsgraph.packs import (
    DATA_DIR,
    PackError,
    expand_pattern,
    find_entity,
    load_packs,
    names_index,
    pattern_institutions,
    who_held,
)
from newsgraph.text.normalise import fold

BUNDLED = sorted(p.name for p in DATA_DIR.iterdir() if (p / "pack.toml").is_file())


@pytest.fixture(scope="module")
def packs():
    return load_packs()


@pytest.fixture(scope="module")
def index(packs):
    return names_index(packs)


def people_ids(hits):
    return {pid for pid, _ in hits}


# -- the bundled packs ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_pack_loads(name):
    (pack,) = load_packs([name])
    assert pack.name == name
    assert pack.meta.sources
    assert pack.path == DATA_DIR / name


@pytest.mark.parametrize("name", ["vietnam", "un"])
def test_entity_packs_have_entities(name):
    (pack,) = load_packs([name])
    assert pack.institutions and pack.posts and pack.people and pack.acronyms


def test_bundled_packs_include_vietnam_and_un():
    assert {"vietnam", "un"} <= set(BUNDLED)


def test_load_packs_is_cached(packs):
    again = load_packs()
    assert [id(p) for p in again] == [id(p) for p in packs]


def test_vietnam_counts_and_every_person_has_a_sourced_dated_post():
    (vn,) = load_packs(["vietnam"])
    assert len(vn.people) >= 150
    sources = {s.id for s in vn.meta.sources}
    for person in vn.people.values():
        assert person.posts, person.id
        for held in person.posts:
            assert held.start and held.source in sources, person.id


def test_vietnam_has_ministries_regions_and_provinces():
    (vn,) = load_packs(["vietnam"])
    cats = [i.category for i in vn.institutions.values()]
    assert cats.count("ministry") >= 18
    assert cats.count("military-region") >= 7
    assert cats.count("province") + cats.count("city") == 63
    mod = vn.institutions["vn-mod"]
    assert {"vi", "en", "fr", "ar", "zh"} <= set(mod.names)


def test_raw_reads_any_file_and_absent_is_empty():
    (vn,) = load_packs(["vietnam"])
    assert vn.raw("pack.toml")["name"] == "vietnam"
    assert vn.raw("no-such-file.toml") == {}
    if (vn.path / "docrefs.toml").is_file():  # written by the DOCREF stage's owner
        assert isinstance(vn.raw("docrefs.toml"), dict)


# -- names index -----------------------------------------------------------------------------------
def test_luong_cuong_by_folded_latin_chinese(index):
    for form in ("luong cuong", "Lương Cường", "LUONG CUONG"):
        assert ("person", "luong-cuong") in {(k, i) for k, i, _ in index[fold(form)]}
    assert ("person", "luong-cuong", "zh") in index[fold("梁强")]


def test_arabic_forms_from_the_seed(index):
    assert ("person", "pham-van-hao", "ar") in index[fold("فام فان هاو")]
    assert ("person", "tran-quoc-nam", "ar") in index[fold("تران كووك نام")]


def test_acronyms_differing_by_language_meet(index):
    def inst(name):
        return {i for k, i, _ in index[fold(name)] if k == "institution"}

    assert inst("MINUSS") == inst("UNMISS") == {"unmiss"}
    assert inst("FISNUA") == inst("UNISFA") == {"unisfa"}
    assert inst("OTAN") == inst("NATO") == {"nato"}
    assert inst("ONU") == inst("ООН") == inst("联合国") == {"un"}


def test_institution_names_across_languages_and_spellings(index):
    for name in ("Ministry of National Defence", "Ministry of National Defense", "ministère de la Défense",
                 "وزارة الدفاع الوطني", "Bộ Quốc phòng", "bo quoc phong"):
        assert ("institution", "vn-mod") in {(k, i) for k, i, _ in index[fold(name)]}, name


def test_pattern_institutions_expand_per_place():
    (vn,) = load_packs(["vietnam"])
    names = expand_pattern(vn.institutions["vn-provincial-peoples-committee"], vn.institutions["vn-ninh-thuan"])
    assert "Ủy ban nhân dân tỉnh Ninh Thuận" in names["vi"]
    assert "Ninh Thuan Provincial People's Committee" in names["en"]


def test_every_province_and_city_has_its_filled_pattern_institutions(packs):
    (vn,) = load_packs(["vietnam"])
    filled = pattern_institutions(packs)
    places = [i.id for i in vn.institutions.values() if i.category in ("province", "city")]
    assert len(places) == 63
    for pattern in ("vn-provincial-peoples-committee", "vn-provincial-party-committee", "vn-provincial-peoples-council"):
        assert {f"{pattern}@{p}" for p in places} <= set(filled), pattern
    committee = filled["vn-provincial-peoples-committee@vn-ninh-thuan"].institution
    assert committee.type == "ORG" and committee.parent == "vn-government" and not committee.pattern
    assert "Ủy ban nhân dân tỉnh Ninh Thuận" in committee.names["vi"]
    assert "Comité populaire de la province de Ninh Thuân" in committee.names["fr"]
    assert "اللجنة الشعبية لمقاطعة نينه ثوان" in committee.names["ar"]
    assert "宁顺省人民委员会" in committee.names["zh"]
    every = [n for f in filled.values() for ns in f.institution.names.values() for n in ns]
    assert not [n for n in every if "{place}" in n]
    # a template without the slot ("اللجنة الشعبية الإقليمية") names no single place
    assert "اللجنة الشعبية الإقليمية" not in every
    # the military command is filled for provinces only (its `places`), not for Hà Nội
    assert "vn-provincial-military-command@vn-ha-noi" not in filled
    assert "vn-provincial-military-command@vn-nghe-an" in filled


def test_pattern_institutions_are_built_once(packs):
    assert pattern_institutions(packs) is pattern_institutions(packs)


@pytest.mark.parametrize(
    "name",
    [
        "Ủy ban nhân dân tỉnh Ninh Thuận",
        "UBND tinh Ninh Thuan",
        "Ninh Thuan People's Committee",
        "Comité populaire de la province de Ninh Thuân",
        "اللجنة الشعبية لمقاطعة نينه ثوان",
        "宁顺省人民委员会",
    ],
)
def test_names_index_finds_pattern_institutions_per_place(index, name):
    ids = {i for _, i, _ in index[fold(name)]}
    assert ids == {"vn-provincial-peoples-committee@vn-ninh-thuan"}


@pytest.mark.parametrize(
    ("entity_id", "type_", "name"),
    [
        ("luong-cuong", "PER", "Lương Cường"),
        ("vn-mod", "ORG", "Bộ Quốc phòng"),
        ("vn-ha-noi", "LOC", "Hà Nội"),
        ("vn-state", "LOC", "Việt Nam"),
        ("battle-of-dien-bien-phu", "MISC", "Chiến thắng Điện Biên Phủ"),
        ("vn-provincial-peoples-committee@vn-ninh-thuan", "ORG", "Ủy ban nhân dân tỉnh Ninh Thuận"),
        ("vn-provincial-party-committee@vn-ha-noi", "ORG", "Tỉnh ủy Hà Nội"),
        ("state-president", "TITLE", "Chủ tịch nước"),
    ],
)
def test_find_entity_gives_type_and_names(packs, entity_id, type_, name):
    found = find_entity(packs, entity_id, posts=True)
    assert found is not None and found.entity.id == entity_id
    assert found.type == type_ and found.entity.names["vi"][0] == name
    assert found.pack.name == "vietnam"


@pytest.mark.parametrize(
    "entity_id", ["nobody", "vn-provincial-peoples-committee@nowhere", "vn-mod@vn-ninh-thuan", "@vn-ha-noi"]
)
def test_find_entity_unknown_is_none(packs, entity_id):
    assert find_entity(packs, entity_id) is None


def test_find_entity_gives_posts_only_when_asked(packs):
    assert find_entity(packs, "state-president") is None


# -- gaps found by the tests: names state media use ---------------------------------------------------
@pytest.mark.parametrize(
    ("name", "post"),
    [
        ("président", "state-president"),
        ("président de la République", "state-president"),
        ("chef de l'État", "state-president"),
        ("Party leader", "general-secretary"),
        ("Party chief", "general-secretary"),
        ("top leader", "general-secretary"),
        ("نائب أمين اللجنة الحزبية الدائم", "provincial-party-deputy-secretary"),
        ("أمين اللجنة الحزبية", "provincial-party-secretary"),
        ("نائب رئيس اللجنة الشعبية للمقاطعة", "provincial-peoples-committee-vice-chair"),
        ("رئيس مجلس الشعب بالمقاطعة", "provincial-peoples-council-chair"),
        ("قائد القيادة العسكرية للمقاطعة", "provincial-military-commander"),
    ],
)
def test_post_names_state_media_use(index, name, post):
    assert ("post", post) in {(k, i) for k, i, _ in index[fold(name)]}


RANKS_BELOW_COLONEL = {
    "rank-lieutenant-colonel": {"vi": "Trung tá", "en": "Lieutenant Colonel", "fr": "lieutenant-colonel", "ar": "المقدم", "zh": "中校"},
    "rank-major": {"vi": "Thiếu tá", "en": "Major", "ar": "الرائد", "zh": "少校"},
    "rank-captain": {"vi": "Đại úy", "en": "Captain", "fr": "capitaine", "ar": "النقيب", "zh": "大尉"},
    "rank-senior-lieutenant": {"vi": "Thượng úy", "en": "Senior Lieutenant", "fr": "lieutenant supérieur", "zh": "上尉"},
    "rank-lieutenant": {"vi": "Trung úy", "en": "First Lieutenant", "fr": "lieutenant", "ar": "الملازم أول", "zh": "中尉"},
    "rank-second-lieutenant": {"vi": "Thiếu úy", "en": "Second Lieutenant", "fr": "sous-lieutenant", "ar": "الملازم", "zh": "少尉"},
}


@pytest.mark.parametrize("rank", sorted(RANKS_BELOW_COLONEL))
def test_ranks_below_colonel(packs, rank):
    (vn,) = load_packs(["vietnam"])
    post = vn.posts[rank]
    assert post.kind == "rank"
    for lang, name in RANKS_BELOW_COLONEL[rank].items():
        assert post.names[lang][0] == name


def test_dien_bien_phu_is_a_city_and_a_battle_not_the_province(index):
    assert {i for _, i, _ in index[fold("Diên Biên Phu")]} == {"vn-dien-bien-phu"}
    assert {i for _, i, _ in index[fold("bataille de Diên Biên Phu")]} == {"battle-of-dien-bien-phu"}
    assert {i for _, i, _ in index[fold("Chiến thắng Điện Biên Phủ")]} == {"battle-of-dien-bien-phu"}
    assert {i for _, i, _ in index[fold("Diên Biên")]} == {"vn-dien-bien"}


# -- who held a post on a date -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("post", "on", "expected"),
    [
        ("State President", "2024-12-01", {"luong-cuong"}),
        ("Minister of National Defence", "2023-07-03", {"phan-van-giang"}),
        ("General Secretary", "2023-07-03", {"nguyen-phu-trong"}),
        ("Secretary of the Central Military Commission", "2023-07-03", {"nguyen-phu-trong"}),
        ("President", "2023-07-03", {"vo-van-thuong"}),
        ("Chủ tịch nước", "2024-07-01", {"to-lam"}),
        ("国家主席", "2022-05-01", {"nguyen-xuan-phuc"}),
        ("General Secretary", "2024-08-10", {"to-lam"}),
        ("Minister of National Defense", "2019-01-01", {"ngo-xuan-lich"}),
    ],
)
def test_who_held(packs, post, on, expected):
    assert people_ids(who_held(packs, post, on)) == expected


def test_who_held_acting_president_counts_as_president(packs):
    assert people_ids(who_held(packs, "state-president", "2024-04-15")) == {"vo-thi-anh-xuan"}


def test_who_held_generic_post_with_org(packs):
    assert people_ids(who_held(packs, "minister", "2023-07-03", org="vn-mod")) == {"phan-van-giang"}
    deputies = people_ids(who_held(packs, "vice-ministre de la Défense", "2024-12-27"))
    assert "hoang-xuan-chien" in deputies


# -- a pack is data: a third pack in tmp_path needs no code ----------------------------------------
def write_pack(root: Path, name: str = "testland", **files: str) -> Path:
    d = root / name
    d.mkdir(parents=True)
    defaults = {
        "pack.toml": f'''name = "{name}"
description = "a test pack"
languages = ["en", "fr"]
licence = "CC0-1.0"
requires = ["un"]
[[sources]]
id = "t"
title = "test source"
accessed = "2025-01-02"
''',
        "institutions.toml": '''[[institution]]
id = "tl-mod"
type = "ORG"
names = { en = ["Testland Ministry of Defence"], fr = ["ministère de la Défense du Testland"] }
source = "t"
''',
        "posts.toml": '''[[post]]
id = "tl-defence-minister"
org = "tl-mod"
names = { en = ["Testland Defence Minister"], fr = ["ministre testlandais de la Défense"] }
source = "t"
''',
        "people.toml": '''[[person]]
id = "ann-example"
names = { en = ["Ann Example"] }
posts = [
  { title = "tl-defence-minister", start = "2020-05", end = "2023", source = "t" },
  { title = "Force Commander", org = "unmiss", start = "2024-02-01", source = "t" },
]
''',
        "acronyms.toml": '''[[acronym]]
institution = "tl-mod"
forms = { en = ["TMoD"], fr = ["MDT"] }
source = "t"
''',
        "docrefs.toml": 'kinds = ["order"]\n',
    }
    defaults.update({k.replace("_", "."): v for k, v in files.items()})
    for fname, text in defaults.items():
        (d / fname).write_text(text, encoding="utf-8")
    return d


def test_third_pack_from_extra_dirs_loads_without_code_changes(tmp_path):
    write_pack(tmp_path)
    packs = load_packs(["testland"], extra_dirs=[tmp_path])
    assert [p.name for p in packs] == ["testland", "un"]  # required pack comes along
    index = names_index(packs)
    assert {i for _, i, _ in index[fold("MDT")]} == {"tl-mod"}
    assert people_ids(who_held(packs, "ministre testlandais de la Défense", "2021")) == {"ann-example"}
    assert people_ids(who_held(packs, "Force Commander", "2024-03-01", org="unmiss")) == {"ann-example"}
    assert packs[0].raw("docrefs.toml") == {"kinds": ["order"]}
    every = {p.name for p in load_packs(extra_dirs=[tmp_path])}
    assert {"vietnam", "un", "testland"} <= every


def test_a_single_pack_folder_can_be_given(tmp_path):
    d = write_pack(tmp_path)
    assert load_packs(["testland"], extra_dirs=[d])[0].path == d.resolve()


# -- broken packs: a clear error naming the file ------------------------------------------------
BROKEN = {
    "missing org": ("posts.toml", 'org = "tl-mod"', 'org = "tl-nope"', "posts.toml", "tl-nope"),
    "missing person org": ("people.toml", 'org = "unmiss"', 'org = "unmis"', "people.toml", "unmis"),
    "missing acronym institution": ("acronyms.toml", 'institution = "tl-mod"', 'institution = "x"', "acronyms.toml", "'x'"),
    "bad date": ("people.toml", '"2020-05"', '"2020-13"', "people.toml", "2020-13"),
    "not a date": ("people.toml", '"2020-05"', '"May 2020"', "people.toml", "May 2020"),
    "end before start": ("people.toml", 'end = "2023"', 'end = "2019"', "people.toml", "ann-example"),
    "unknown source": ("institutions.toml", 'source = "t"', 'source = "nope"', "institutions.toml", "nope"),
    "unknown post id": ("people.toml", '"tl-defence-minister"', '"tl-defense-minister"', "people.toml", "tl-defense-minister"),
    "toml syntax": ("institutions.toml", 'type = "ORG"', "type = ORG", "institutions.toml", "TOML syntax"),
    "misspelt key": ("institutions.toml", "names =", "nmes =", "institutions.toml", "tl-mod"),
    "bad pack.toml": ("pack.toml", 'licence = "CC0-1.0"\n', "", "pack.toml", "licence"),
    "unknown required pack": ("pack.toml", 'requires = ["un"]', 'requires = ["nowhere"]', "pack.toml", "nowhere"),
    "unknown country": ("pack.toml", 'requires = ["un"]', 'requires = ["un"]\ncountry = "zz"', "pack.toml", "'zz'"),
    "country not an id": ("pack.toml", 'requires = ["un"]', 'requires = ["un"]\ncountry = "Cambodia"', "pack.toml", "country"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_pack_names_the_file(tmp_path, case):
    fname, old, new, must_name, detail = BROKEN[case]
    d = write_pack(tmp_path)
    path = d / fname
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PackError) as e:
        load_packs(["testland"], extra_dirs=[tmp_path])
    message = str(e.value)
    assert must_name in message and str(d) in message and detail in message
    assert isinstance(e.value, ConfigError) and e.value.hint


def test_pattern_post_without_place_is_an_error(tmp_path):
    d = write_pack(tmp_path)
    people = d / "people.toml"
    people.write_text(people.read_text(encoding="utf-8") + '''
[[person]]
id = "bob"
names = { en = ["Bob"] }
posts = [{ title = "provincial-peoples-committee-chair", start = "2020", source = "t" }]
''', encoding="utf-8")
    (d / "pack.toml").write_text(
        (d / "pack.toml").read_text(encoding="utf-8").replace('["un"]', '["un", "vietnam"]'), encoding="utf-8"
    )
    with pytest.raises(PackError, match="give `place`"):
        load_packs(["testland"], extra_dirs=[tmp_path])


def test_places_only_on_a_pattern_and_common_names_among_the_names(tmp_path):
    d = write_pack(tmp_path)
    inst = d / "institutions.toml"
    base = inst.read_text(encoding="utf-8")
    inst.write_text(base.replace('source = "t"', 'places = ["town"]\nsource = "t"'), encoding="utf-8")
    with pytest.raises(PackError, match="places"):
        load_packs(["testland"], extra_dirs=[tmp_path])
    inst.write_text(base.replace('source = "t"', 'common_names = ["Ministry"]\nsource = "t"'), encoding="utf-8")
    with pytest.raises(PackError, match="common_names"):
        load_packs(["testland"], extra_dirs=[tmp_path])


def test_a_pattern_in_another_pack_is_filled_for_its_places(tmp_path):
    """The expansion is data-driven: a new pack's pattern, its own place category, no code."""
    write_pack(tmp_path, institutions_toml='''[[institution]]
id = "tl-mod"
type = "ORG"
names = { en = ["Testland Ministry of Defence"] }
source = "t"

[[institution]]
id = "tl-town-hall"
type = "ORG"
pattern = true
places = ["town"]
names = { en = ["{place} Town Hall", "Town Hall of {place}"], fr = ["mairie de {place}"] }
source = "t"

[[institution]]
id = "tl-north"
type = "LOC"
category = "town"
names = { en = ["Northby"], fr = ["Nordville"] }
source = "t"

[[institution]]
id = "tl-south"
type = "LOC"
category = "town"
names = { en = ["Southby"] }
source = "t"

[[institution]]
id = "tl-region"
type = "LOC"
category = "region"
names = { en = ["Westland"] }
source = "t"
''')
    packs = load_packs(["testland"], extra_dirs=[tmp_path])
    filled = pattern_institutions(packs)
    assert set(filled) == {"tl-town-hall@tl-north", "tl-town-hall@tl-south"}
    assert filled["tl-town-hall@tl-north"].institution.names == {
        "en": ["Northby Town Hall", "Town Hall of Northby"],
        "fr": ["mairie de Nordville"],
    }
    assert filled["tl-town-hall@tl-south"].institution.names == {"en": ["Southby Town Hall", "Town Hall of Southby"]}
    assert {i for _, i, _ in names_index(packs)[fold("mairie de Nordville")]} == {"tl-town-hall@tl-north"}
    assert find_entity(packs, "tl-town-hall@tl-south").type == "ORG"
    assert find_entity(packs, "tl-town-hall@tl-region") is None


def test_unknown_pack_name_and_missing_folder(tmp_path):
    with pytest.raises(PackError, match="unknown pack 'atlantis'"):
        load_packs(["atlantis"])
    with pytest.raises(PackError, match="not found"):
        load_packs(extra_dirs=[tmp_path / "nope"])


def test_duplicate_ids_across_packs_are_an_error(tmp_path):
    write_pack(tmp_path, institutions_toml='''[[institution]]
id = "tl-mod"
type = "ORG"
names = { en = ["Testland Ministry of Defence"] }
source = "t"

[[institution]]
id = "unmiss"
type = "ORG"
names = { en = ["Another UNMISS"] }
source = "t"
''')
    with pytest.raises(PackError, match="'unmiss' is also defined by pack"):
        load_packs(["testland"], extra_dirs=[tmp_path])


# -- a pack's own country (`country`, ids of data/geo/countries.toml) -------------------------------


def test_vietnam_declares_its_country_and_the_un_none(packs):
    country = {p.name: p.meta.country for p in packs}
    assert country["vietnam"] == "vn" and country["un"] is None and country["eu"] is None


def test_a_pack_may_declare_a_known_country(tmp_path):
    d = write_pack(tmp_path)
    meta = d / "pack.toml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('requires = ["un"]', 'requires = ["un"]\ncountry = "kh"'), encoding="utf-8")
    assert load_packs(["testland"], extra_dirs=[tmp_path])[0].meta.country == "kh"


def test_country_ids_are_iso_alpha2_and_cover_the_news():
    from newsgraph.packs.loader import country_ids

    ids = country_ids()
    assert len(ids) >= 90 and all(len(i) == 2 and i.islower() for i in ids)
    asean = {"bn", "kh", "id", "la", "my", "mm", "ph", "sg", "th", "vn"}
    p5, g20 = {"cn", "fr", "ru", "gb", "us"}, {"ar", "au", "br", "ca", "de", "in", "it", "jp", "kr", "mx", "sa", "za", "tr"}
    assert asean | p5 | g20 <= ids


# -- the built-in pack "world": every country of data/geo/countries.toml as an entity -------------


def test_world_pack_comes_with_every_pack_and_on_request(packs):
    assert packs[-1].name == "world"
    assert [p.name for p in load_packs(["vietnam"])] == ["vietnam"]  # named packs: only on request
    assert [p.name for p in load_packs(["un", "world"])] == ["un", "world"]


def test_world_entries_are_countries_with_names_not_adjectives(packs):
    from newsgraph.packs.loader import country_ids

    world = packs[-1]
    jp = world.institutions["geo:jp"]
    assert (jp.type, jp.category) == ("GPE", "country")
    assert jp.names["en"] == ["Japan"] and jp.names["zh"] == ["日本"] and "Японии" in jp.names["ru"]
    assert all("Japanese" not in ns for ns in jp.names.values())  # a demonym is not the country's name
    assert "美" not in world.institutions["geo:us"].names["zh"]  # one Han character: a qualifier only
    assert len(world.institutions) == len(country_ids()) - 1  # all but vn, the vietnam pack's country


def test_a_country_a_pack_declares_is_not_duplicated(packs, index):
    world = packs[-1]
    assert "geo:vn" not in world.institutions
    assert {i for _, i, _ in index[fold("Việt Nam")]} == {"vn-state"}
    # names the pack lacks (a Russian case form) come from countries.toml, for the pack's entity
    assert {i for _, i, _ in index[fold("Вьетнама")]} == {"vn-state"}
    assert {i for _, i, _ in index[fold("Japan")]} == {"geo:jp"}
    # without the vietnam pack, Viet Nam is a country of the world like any other
    alone = load_packs(["un", "world"])
    assert "geo:vn" in alone[-1].institutions


def test_find_entity_finds_countries(packs):
    found = find_entity(packs, "geo:jp")
    assert found is not None and found.type == "LOC" and found.pack.name == "world"
    assert found.entity.names["vi"][0] == "Nhật Bản"
    vn = find_entity(packs, "geo:vn")  # the country a pack holds: that pack's state
    assert vn is not None and vn.entity.id == "vn-state" and vn.pack.name == "vietnam"
    assert find_entity(packs, "geo:zz") is None


STATE_INSTITUTIONS = """[[institution]]
id = "tl-mod"
type = "ORG"
names = { en = ["Testland Ministry of Defence"] }
source = "t"

[[institution]]
id = "tl-state"
type = "GPE"
names = { en = ["Cambodia", "Kingdom of Cambodia"] }
source = "t"
"""


def test_the_pack_state_gets_the_country_names_instead_of_a_rival(tmp_path):
    from newsgraph.packs import country_entity, state_of

    d = write_pack(tmp_path, institutions_toml=STATE_INSTITUTIONS)
    meta = d / "pack.toml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('requires = ["un"]', 'requires = ["un"]\ncountry = "kh"'), encoding="utf-8")
    packs = load_packs(["testland", "world"], extra_dirs=[tmp_path])
    assert state_of(packs[0]) == "tl-state"  # found by a shared name: no `state` needed
    assert country_entity(packs, "kh") == "tl-state" and country_entity(packs, "jp") == "geo:jp"
    assert "geo:kh" not in packs[-1].institutions
    index = names_index(packs)
    assert {i for _, i, _ in index[fold("Campuchia")]} == {"tl-state"}
    assert {i for _, i, _ in index[fold("Камбоджи")]} == {"tl-state"}


def test_state_must_be_an_institution_of_the_pack(tmp_path):
    d = write_pack(tmp_path, institutions_toml=STATE_INSTITUTIONS)
    meta = d / "pack.toml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace('requires = ["un"]', 'requires = ["un"]\ncountry = "kh"\nstate = "tl-mod"'), encoding="utf-8")
    packs = load_packs(["testland", "world"], extra_dirs=[tmp_path])
    assert find_entity(packs, "geo:kh").entity.id == "tl-mod"  # as declared
    meta.write_text(text.replace('requires = ["un"]', 'requires = ["un"]\ncountry = "kh"\nstate = "tl-nope"'), encoding="utf-8")
    with pytest.raises(PackError, match="state: 'tl-nope' is not an institution"):
        load_packs(["testland"], extra_dirs=[d])


def test_a_pack_may_not_be_called_world(tmp_path):
    d = write_pack(tmp_path)
    meta = d / "pack.toml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('name = "testland"', 'name = "world"'), encoding="utf-8")
    with pytest.raises(PackError, match="built-in pack of countries"):
        load_packs(extra_dirs=[tmp_path])
