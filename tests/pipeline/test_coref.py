"""Short forms within one document: "Trong" → Nguyen Phu Trong; never across documents or shared names."""

from __future__ import annotations

import re

import pytest

from newsgraph.model.document import Document
from newsgraph.pipeline.mentions.coref import METHOD, find_short_forms
from newsgraph.pipeline.mentions.gazetteer import find_gazetteer
from tests.conftest import SEEDS

HEADER = re.compile(r"^ date \S+ ")


def run(make_doc, settings, text: str, lang: str = "en", extra=()) -> Document:
    doc = make_doc(text, lang)
    for start, end in extra:  # PER mentions of another stage (NER), by hand
        doc.add_mention(start, end, "PER", "ner.test", 0.8)
    doc = find_short_forms(find_gazetteer([doc], settings), settings)[0]
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == doc.mention_text(m)
    return doc


def shorts(doc: Document) -> list[tuple[str, str | None]]:
    return [(doc.text[m.start : m.end], m.entity_id) for m in doc.mentions if m.method == METHOD]


def test_given_name_after_the_full_name(make_doc, settings):
    doc = run(
        make_doc, settings, "Nguyen Phu Trong chaired the session. In his remarks, Trong urged the army."
    )
    assert shorts(doc) == [("Trong", "nguyen-phu-trong")]
    m = next(m for m in doc.mentions if m.method == METHOD)
    assert m.type == "PER" and m.confidence < 0.9
    assert doc.text[slice(*m.attrs["antecedent"])] == "Nguyen Phu Trong"


def test_vietnamese_with_diacritics(make_doc, settings):
    doc = run(make_doc, settings, "Chủ tịch nước Lương Cường phát biểu. Chủ tịch nước Cường nhấn mạnh.", "vi")
    assert shorts(doc) == [("Cường", "luong-cuong")]


def test_short_form_before_the_full_name_is_not_resolved(make_doc, settings):
    assert shorts(run(make_doc, settings, "Trong arrived. Then Nguyen Phu Trong spoke.")) == []


def test_never_across_documents(make_doc, settings):
    a = make_doc("Nguyen Phu Trong chaired the session.", "en")
    b = make_doc("In his remarks, Trong urged the army.", "en")
    find_short_forms(find_gazetteer([a, b], settings), settings)
    assert [m for m in b.mentions if m.method == METHOD] == []


def test_two_earlier_people_sharing_the_token_block_it(make_doc, settings):
    """Phan Van Giang and a second Giang (from NER, unlinked): "Giang" alone is ambiguous."""
    text = "Phan Van Giang met Le Thi Giang. Later Giang spoke."
    doc = run(make_doc, settings, text, extra=[(19, 31)])
    assert shorts(doc) == []


def test_sharing_only_a_surname_is_not_merged(make_doc, settings):
    """Vietnamese family names come first: "Nguyen" alone is not a short form of Nguyen Phu Trong."""
    doc = run(make_doc, settings, "Nguyen Phu Trong chaired. Nguyen Van A and Nguyen came later.")
    assert shorts(doc) == []


def test_western_surname_from_a_ner_mention(make_doc, settings):
    doc = run(make_doc, settings, "Emmanuel Macron arrived. Later, Macron left.", extra=[(0, 15)])
    assert shorts(doc) == [("Macron", None)]


def test_lowercase_and_sentence_initial_common_word(make_doc, settings):
    """Vietnamese "trong" (in): lowercase never; sentence-initial "Trong" not when "trong" is a word here."""
    text = "Nguyễn Phú Trọng chủ trì. Trong năm 2024, trong quân đội, Trọng nhấn mạnh."
    doc = run(make_doc, settings, text, "vi")
    assert shorts(doc) == [("Trọng", "nguyen-phu-trong")]


def test_inside_another_mention_or_word(make_doc, settings):
    doc = run(make_doc, settings, "Nguyen Phu Trong spoke. Nguyen Phu Trong again. Trongsa is a town.")
    assert shorts(doc) == []


def test_one_arabic_word_alone_is_too_weak(make_doc, settings):
    doc = run(make_doc, settings, "ألقى فام فان هاو كلمة. وقال هاو إن", "ar")
    assert shorts(doc) == []  # three letters


def test_one_arabic_word_stands_for_a_linked_persons_full_name(make_doc, settings):
    text = "أشاد الأمين العام أنطونيو غوتيريش بقوات حفظ السلام. وقال غوتيريش إن المستشفيات عالجت المرضى."
    assert shorts(run(make_doc, settings, text, "ar")) == [("غوتيريش", "antonio-guterres")]


def test_one_arabic_word_of_an_unlinked_name_stays_alone(make_doc, settings):
    text = "قال سامي الكبير إن الاجتماع انتهى. وأكد الكبير أن"
    start = text.index("سامي الكبير")
    doc = run(make_doc, settings, text, "ar", extra=[(start, start + len("سامي الكبير"))])
    assert shorts(doc) == []  # a learned name's last word may be a common word ("the big one")


def test_rerun_replaces(make_doc, settings):
    doc = run(make_doc, settings, "Nguyen Phu Trong chaired. Trong urged.")
    find_short_forms([doc], settings)
    assert len(shorts(doc)) == 1


@pytest.mark.seeds
@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds")
def test_seed_001_trong_resolves(make_doc, settings):
    path = next(SEEDS.glob("001_*.txt"))
    doc = run(make_doc, settings, HEADER.sub("", path.read_text(encoding="utf-8")), "en")
    assert shorts(doc) == [("Trong", "nguyen-phu-trong")]
