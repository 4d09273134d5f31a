"""Pack people in an Arabic spelling the pack does not list, found by their consonant skeleton."""

from __future__ import annotations

import pytest

from newsgraph.model.document import Document
from newsgraph.packs import load_packs
from newsgraph.pipeline.mentions.gazetteer import METHOD, find_gazetteer
from newsgraph.pipeline.mentions.soundalike import find_sound_alikes, person_index


def _run(text: str, settings) -> list[tuple[str, str | None, str | None]]:
    doc = Document(source="t", raw=text, text=text, lang="ar")
    find_gazetteer([doc], settings)
    return [(text[m.start:m.end], m.entity_id, m.attrs.get("by")) for m in doc.mentions]


def test_unlisted_arabic_spelling_links_by_sound(settings):
    spelling = "فان فان جيانغ"  # Phan Văn Giang, not among the pack's Arabic names
    assert not any(spelling in names for p in load_packs() if "phan-van-giang" in p.people
                   for names in p.people["phan-van-giang"].names.values())
    found = _run(f"قال الجنرال {spelling} إن التعاون مستمر.", settings)
    assert (spelling, "phan-van-giang", "phonetic") in found


@pytest.mark.parametrize("text", [
    "قال لي من هنا إن الأمر انتهى.",  # common words; a two-word skeleton is too short to trust
    "وصل الوفد إلى المدينة صباح اليوم.",
])
def test_common_words_do_not_sound_like_a_person(text, settings):
    assert [m for m in _run(text, settings) if m[2] == "phonetic"] == []


def test_vowels_must_fit(settings):
    # same consonants as Phạm Văn Hào (ف م ف ن ه), but the written long vowel ي does not fit "Hào"
    assert [m for m in _run("قال فام فان هيو إن المشروع سيكتمل.", settings) if m[1] == "pham-van-hao"] == []


def test_never_over_an_existing_mention_and_only_names_of_two_words():
    text = "قال فان فان جيانغ ذلك."
    doc = Document(source="t", raw=text, text=text, lang="ar")
    doc.add_mention(4, 17, "PER", "other")
    find_sound_alikes(doc, METHOD, load_packs())
    assert len(doc.mentions) == 1
    assert all(len(name.split()) >= 2 for entries in person_index(load_packs()).values() for _, name in entries)
