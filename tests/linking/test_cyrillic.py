"""Vietnamese names in Russian: the practical transcription and the coarse keys where variants meet."""

from __future__ import annotations

import pytest

from newsgraph.linking.cyrillic import (
    ASCII_GROUPS,
    VOWEL_GROUPS,
    _strip_quality,
    cyrillic_key,
    declined_keys,
    stems,
    vi_key,
    vi_to_cyrillic,
)
from newsgraph.packs import load_packs


@pytest.mark.parametrize(("latin", "russian"), [
    ("Nguyễn Phú Trọng", "Нгуен Фу Чонг"),
    ("Lương Cường", "Лыонг Кыонг"),
    ("Phan Văn Giang", "Фан Ван Зянг"),
    ("Trần Thanh Mẫn", "Чан Тхань Ман"),
    ("Đỗ Văn Chiến", "До Ван Тьен"),
    ("Bùi Thanh Sơn", "Буй Тхань Шон"),
    ("Hồ Đức Phớc", "Хо Дык Фок"),
    ("Phạm Minh Chính", "Фам Минь Тьинь"),
    ("Võ Văn Thưởng", "Во Ван Тхыонг"),
    ("Nguyễn Xuân Phúc", "Нгуен Суан Фук"),
    ("Võ Nguyên Giáp", "Во Нгуен Зяп"),
    ("Điện Biên Phủ", "Дьен Бьен Фу"),
    ("Nguyễn Thiện Nhân", "Нгуен Тхиен Нян"),
    ("Châu Đốc", "Тяу Док"),
    ("Quốc Hội", "Куок Хой"),
    ("Văn Tiến Dũng", "Ван Тиен Зунг"),
    ("Bạch Đằng", "Бать Данг"),
])
def test_transcription(latin, russian):
    assert vi_to_cyrillic(latin) == russian


@pytest.mark.parametrize("name", [
    "Vladimir Putin",  # not Vietnamese syllables
    "Sergei Lavrov",
    "Nguyễn Phú Trọngx",
    "Nguyen Phu Trong",  # no diacritics: ambiguous (d/đ, u/ư), read only through vi_key
    "Nguyễn 2",
])
def test_not_a_vietnamese_name_with_diacritics(name):
    assert vi_to_cyrillic(name) is None


def test_two_tone_marks_are_not_a_syllable():
    assert vi_to_cyrillic("Trọ́ng Phú") is None


@pytest.mark.parametrize(("a", "b"), [
    ("Фан Ван Зянг", "Фан Ван Жанг"),      # gi: з (Концевич) / ж (press)
    ("Фан Ван Зянг", "Фан Ван Зианг"),     # the glide written as и
    ("Нгуен Тан Зунг", "Нгуен Тан Дунг"),  # d read as written
    ("Фам Минь Тьинь", "Фам Минь Чинь"),   # ch: ть / ч
    ("Чыонг Тан Шанг", "Труонг Тан Санг"),  # tr: ч / тр, s: ш / с, ư: ы / у
    ("Хо Тьи Минь", "Хо Ши Мин"),          # the French-era ch as ш, ь dropped
    ("Нгуен Фу Чонг", "НГУЕН ФУ ЧОНГ"),
    ("Лыонг Кыонг", "Луонг Куонг"),
    ("Во Нгуен Зяп", "Во Нгуйен Зяп"),
])
def test_press_variants_meet(a, b):
    assert cyrillic_key(a) == cyrillic_key(b)


@pytest.mark.parametrize(("latin", "plain"), [
    ("Nguyễn Phú Trọng", "Nguyen Phu Trong"),
    ("Lương Cường", "Luong Cuong"),
    ("Đỗ Văn Chiến", "Do Van Chien"),
    ("Trần Thanh Mẫn", "Tran Thanh Man"),
    ("Tây Ninh", "Tay Ninh"),
])
def test_latin_with_and_without_diacritics_meet(latin, plain):
    assert vi_key(latin) == vi_key(plain) == cyrillic_key(vi_to_cyrillic(latin))


def test_vowel_groups_without_diacritics_read_alike():
    """Each bare vowel group stands for groups whose transcriptions have one key (so vi_key of a
    name without diacritics is the key of the name with them)."""
    for bare in ASCII_GROUPS:
        keys = {cyrillic_key("т" + cyr.replace("ИЕ", "ие")) for g, (cyr, _) in VOWEL_GROUPS.items()
                if _strip_quality(g) == bare}
        assert len(keys) == 1, (bare, keys)


def _pack_people():
    """People with a Vietnamese name written with diacritics (not Ban Ki-moon, António Guterres)."""
    return [person for pack in load_packs() for person in pack.people.values()
            if any(vi_to_cyrillic(n) for n in person.names.get("vi", []))]


def test_every_russian_name_of_the_packs_meets_its_vietnamese_name():
    checked = 0
    for person in _pack_people():
        for ru in person.names.get("ru", []):
            vi_keys = {vi_key(n) for n in person.names["vi"]} - {None}
            assert cyrillic_key(ru) in vi_keys, (person.id, ru, vi_keys)
            checked += 1
    assert checked >= 8


def test_each_pack_name_with_and_without_diacritics_has_one_key():
    for person in _pack_people():
        keys = {vi_key(n) for n in person.names["vi"] + person.names.get("en", []) if vi_to_cyrillic(n) or n.isascii()}
        keys.discard(None)
        assert len(keys) <= 1, (person.id, keys)


@pytest.mark.parametrize(("declined", "bare"), [
    ("Нгуен Фу Чонга", "Нгуен Фу Чонг"),
    ("Нгуен Фу Чонгу", "Нгуен Фу Чонг"),
    ("Нгуен Фу Чонгом", "Нгуен Фу Чонг"),
    ("Нгуен Фу Чонге", "Нгуен Фу Чонг"),
    ("Фам Минь Тьинем", "Фам Минь Тьинь"),
    ("Фам Минь Тьиня", "Фам Минь Тьинь"),
    ("Нгуен Тхань Хаем", "Нгуен Тхань Хай"),
    ("То Ламом", "То Лам"),
])
def test_case_endings(declined, bare):
    assert cyrillic_key(bare) in declined_keys(declined)


def test_no_ending_off_a_word_that_is_not_one_syllable_after():
    assert stems("Вьетнама") == ()
    assert stems("Президент") == ()
    assert stems("Фу") == ()


@pytest.mark.parametrize("text", [
    "Владимир Путин", "Сергей Лавров", "Министерство обороны", "Сергей Шойгу", "Мария Захарова",
    "Антониу Гутерриш", "Пан Ги Мун", "Москва", "Ханой", "Вьетнама",
])
def test_russian_words_and_names_meet_no_pack_person(text):
    keys = {vi_key(n) for person in _pack_people() for names in person.names.values() for n in names}
    assert cyrillic_key(text) not in keys
    assert not set(declined_keys(text)) & keys
