"""pipeline/langid.py: the fallback chain, mixed-language documents, and no network."""

from __future__ import annotations

import socket
import sys

import pytest

from newsgraph.pipeline import langid
from newsgraph.pipeline.langid import detect_language, guess, identify, predict

NEWS = {
    "en": "The defence minister met the Japanese ambassador in Hanoi on Tuesday to discuss maritime security.",
    "fr": "Le ministre de la Défense a reçu mardi l'ambassadeur du Japon à Hanoï pour parler de sécurité maritime.",
    "ar": "استقبل وزير الدفاع يوم الثلاثاء سفير اليابان في هانوي لبحث التعاون في مجال الأمن البحري.",
    "vi": "Bộ trưởng Quốc phòng đã tiếp Đại sứ Nhật Bản tại Hà Nội hôm thứ Ba để bàn về an ninh biển.",
    "zh": "国防部长周二在河内会见了日本驻越南大使，双方讨论了海上安全合作问题。",
    "ru": "Министр обороны во вторник принял в Ханое посла Японии и обсудил вопросы морской безопасности.",
    "de": "Der Verteidigungsminister empfing am Dienstag in Hanoi den japanischen Botschafter zu Gesprächen.",
    "es": "El ministro de Defensa recibió el martes en Hanói al embajador de Japón para hablar de seguridad marítima.",
}


@pytest.mark.parametrize("lang", sorted(NEWS))
def test_langid_core_languages_news_sentences(settings, lang):
    found, confidence = identify(NEWS[lang], settings)
    assert found == lang
    assert 0.5 <= confidence <= 1.0


@pytest.mark.parametrize(
    "title,lang",
    [
        ("Defence minister visits Japan", "en"),
        ("Le président reçoit l'ambassadeur", "fr"),
        ("Bundesregierung beschließt Haushalt", "de"),
        ("Президент встретился с послом", "ru"),
        ("El Gobierno aprueba los presupuestos", "es"),
    ],
)
def test_langid_short_titles(settings, title, lang):
    assert identify(title, settings)[0] == lang


@pytest.mark.parametrize(
    "text",
    [
        "Chu tich nuoc Luong Cuong tiep Dai su Nhat Ban tai Ha Noi",
        "Thu tuong Chinh phu chu tri hoi nghi ve phat trien kinh te xa hoi",
        "Bo Quoc phong to chuc le ky niem ngay thanh lap Quan doi nhan dan",
    ],
)
def test_langid_vietnamese_without_diacritics(settings, text):
    g = guess(text, settings)
    assert (g.lang, g.method) == ("vi", "vi-syllables")


@pytest.mark.parametrize(
    "text",
    ["The man sat on a mat in the sun", "He pai te ra i tenei ra", "Tom and Ann met in Hanoi to talk"],
)
def test_langid_vietnamese_rule_leaves_other_ascii_text_alone(settings, text):
    assert guess(text, settings).method != "vi-syllables"


@pytest.mark.parametrize("text", ["12345 678", "2024-12-26 — 14:30 (+84) 3.5%", "", "   \n  "])
def test_langid_no_letters_is_no_language(settings, text):
    assert identify(text, settings) == (None, 0.0)
    assert predict(text, settings) == (None, 0.0, [])


@pytest.mark.parametrize(
    "text,lang",
    [
        ("대통령이 일본 대사를 접견했다", "ko"),
        ("首相は火曜日に大使と会談した", "ja"),
        ("国家主席会见日本大使", "zh"),
        ("นายกรัฐมนตรีพบเอกอัครราชทูตญี่ปุ่น", "th"),
        ("პრემიერ-მინისტრი შეხვდა ელჩს", "ka"),
        ("Ο πρωθυπουργός συναντήθηκε με τον πρέσβη", "el"),
        ("ראש הממשלה נפגש עם השגריר", "he"),
        ("Վարչապետը հանդիպեց դեսպանին", "hy"),
    ],
)
def test_langid_script_shortcut(settings, text, lang):
    g = guess(text, settings)
    assert (g.lang, g.method) == (lang, "script")


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Nakon sastanka, premijer je rekao da će vlada uskoro donijeti odluku o tome.", "hr"),
        ("Kerajaan akan membentangkan bajet baharu pada bulan hadapan, kata menteri kewangan.", "ms"),
        ("Pemerintah akan mengumumkan anggaran baru bulan depan, kata menteri keuangan.", "id"),
        ("Eg trur ikkje at regjeringa kjem til å leggje fram budsjettet før jul.", "nn"),
        ("Jeg tror ikke at regjeringen kommer til å legge frem budsjettet før jul.", "nb"),
    ],
)
def test_langid_confusable_pairs_go_to_lingua(settings, text, lang):
    g = guess(text, settings)
    assert g.lang == lang
    assert g.method == "fasttext+lingua"  # fastText alone never decides a confusable pair


@pytest.mark.parametrize(
    "text,dropped,kept",
    [
        ("Сцена вторая.", {"mk", "sr"}, {"ru", "bg", "uk"}),  # я: not Macedonian or Serbian
        ("Він сказав так.", {"ru", "bg", "mk", "sr", "mn"}, {"uk", "be", "kk"}),  # і
        ("Мы были дома.", {"uk", "be", "bg", "mk", "sr"}, {"ru", "kk", "mn"}),  # ы; и is not Belarusian
        ("Ён ўстаў рана.", {"ru", "uk", "bg", "mk", "sr", "kk", "mn"}, {"be"}),  # ў
        ("Љубав и њега.", {"ru", "uk", "be", "bg", "kk", "mn"}, {"mk", "sr"}),  # љ њ
    ],
)
def test_langid_cyrillic_alphabet_drops_languages_lacking_a_letter(text, dropped, kept):
    cyrillic = langid.SHARED_SCRIPT_LANGS["\u0400-\u04ff"]
    found = langid.by_alphabet(cyrillic, text)
    assert kept <= found
    assert not dropped & found


def test_langid_cyrillic_alphabet_keeps_all_when_none_fits_and_ignores_latin():
    assert langid.by_alphabet(frozenset({"ru", "mk"}), "ў ѓ") == {"ru", "mk"}  # no alphabet has both
    assert langid.by_alphabet(frozenset({"es", "pt"}), "я") == {"es", "pt"}


def test_langid_cyrillic_alphabets_cover_the_cyrillic_candidates():
    alphabets = langid.cyrillic_alphabets()
    assert set(alphabets) == langid.SHARED_SCRIPT_LANGS["\u0400-\u04ff"]
    assert all(langid.CYRILLIC_LETTER.fullmatch(c) and c.islower() for a in alphabets.values() for c in a)


@pytest.mark.parametrize(
    "lingua_ru,lingua_uk,lang",
    [(0.45, 0.55, "ru"), (0.2, 0.8, "uk")],  # a close call goes to the news language; clear evidence does not
)
def test_langid_news_prior_settles_close_calls_only(monkeypatch, settings, lingua_ru, lingua_uk, lang):
    monkeypatch.setattr(langid, "shortlist", lambda sample, text: frozenset({"ru", "uk"}))
    monkeypatch.setattr(langid, "lingua_high", lambda names: None)
    monkeypatch.setattr(langid, "lingua_scores", lambda detector, text: {"ru": lingua_ru, "uk": lingua_uk})
    sample = langid.Sample("Коротка фраза тут.", langid.SHARED_SCRIPT_LANGS["\u0400-\u04ff"], 15)
    sample.__dict__["fasttext"] = {"ru": 0.5, "uk": 0.5}
    assert langid.by_lingua(sample, settings).lang == lang


@pytest.mark.parametrize(
    "text,lang",
    [
        ("No se nada.", "es"),  # Spanish without its accent: lingua leans pt, the prior settles it
        ("Я тебе кохаю.", "uk"),  # clearly Ukrainian stays Ukrainian
        ("Він їде додому.", "uk"),
        ("Não sei o que fazer.", "pt"),  # clearly Portuguese stays Portuguese
        ("Bon dia a tothom.", "ca"),
    ],
)
def test_langid_news_prior_on_short_sentences(settings, text, lang):
    assert identify(text, settings)[0] == lang


def test_langid_arabic_script_chooses_between_ar_fa_ur(settings):
    assert identify("وزیر امور خارجه ایران روز سه‌شنبه با سفیر ژاپن در تهران دیدار کرد.", settings)[0] == "fa"
    assert identify("وزیر اعظم نے منگل کو جاپان کے سفیر سے ملاقات کی اور تعاون پر بات کی۔", settings)[0] == "ur"


def test_langid_mixed_english_with_vietnamese_quote(settings):
    en = NEWS["en"] + " Officials said the talks were constructive and that both sides agreed to meet again."
    vi = (
        "Chúng tôi luôn coi Nhật Bản là đối tác chiến lược quan trọng hàng đầu của Việt Nam, "
        "và sẵn sàng cùng nhau thúc đẩy hợp tác quốc phòng đi vào chiều sâu, thiết thực và hiệu quả."
    )
    lang, confidence, langs = predict(f"{en}\n\n{vi}\n\n{en}", settings)
    assert lang == "en" and 0.5 <= confidence <= 1.0
    assert [code for code, _ in langs] == ["en", "vi"]
    assert 0.2 < dict(langs)["vi"] < 0.5
    assert sum(share for _, share in langs) == pytest.approx(1.0, abs=0.01)


def test_langid_mixed_french_with_arabic_paragraph(settings, make_doc):
    fr = NEWS["fr"] + " Les deux parties ont convenu de renforcer leur coopération dans la formation."
    ar = NEWS["ar"]
    doc = make_doc(f"{fr}\n{ar}\n{fr}")
    [doc] = detect_language([doc], settings)
    assert doc.lang == "fr"
    assert [code for code, _ in doc.langs] == ["fr", "ar"]
    assert 0.0 < doc.lang_confidence <= 1.0


def test_langid_dominant_language_wins_even_when_it_comes_second(settings):
    en_line = "Source: Vietnam News Agency, reported on Tuesday."
    ru = " ".join([NEWS["ru"]] * 4)
    lang, _, langs = predict(f"{en_line}\n{ru}\n{ru}", settings)
    assert lang == "ru" and langs[0][0] == "ru"


def test_langid_short_paragraphs_merge_into_segments():
    parts = langid.segments("Hanoi.\nTuesday.\n" + "x" * 50 + "\nEnd.", min_chars=40)
    assert len(parts) == 1
    assert parts[0].endswith("End.")


def test_langid_stage_declares_its_fields():
    assert langid.REQUIRES == ("text",)
    assert langid.ASSIGNS == ("lang", "lang_confidence", "langs")


def test_langid_fasttext_is_built_offline():
    det = langid.fasttext_model()
    assert det.config.model == "lite"
    assert det.config.max_input_length is None


def test_langid_uses_no_network(settings):
    """An audit hook refuses every socket: detection (lingua included) must not notice."""
    refused: list[str] = []

    def refuse(event: str, args: tuple) -> None:
        if event in {"socket.connect", "socket.getaddrinfo", "urllib.Request"} and not refused_off[0]:
            refused.append(event)
            raise OSError(f"network refused in tests: {event}")

    refused_off = [False]
    sys.addaudithook(refuse)  # audit hooks cannot be removed; the flag turns it off after the test
    try:
        langid.fasttext_model.cache_clear()
        for text in (*NEWS.values(), "Vlada je usvojila prijedlog zakona o proračunu."):
            assert guess(text, settings).lang is not None
        with pytest.raises(OSError):
            socket.getaddrinfo("example.org", 80)  # the hook really refuses
    finally:
        refused_off[0] = True
    assert refused == ["socket.getaddrinfo"]
