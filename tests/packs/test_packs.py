"""Domain packs: bundled packs load and validate, queries answer, a new pack needs no code, bad packs say where."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.errors import ConfigError
from newsgraph.packs import DATA_DIR, PackError, expand_pattern, load_packs, names_index, who_held
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
