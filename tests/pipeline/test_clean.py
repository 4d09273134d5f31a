"""Tests for pipeline/clean.py and the boilerplate rules in data/boilerplate/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsgraph.config import Settings
from newsgraph.errors import EmptyInput
from newsgraph.model.document import Document
from newsgraph.pipeline import boilerplate
from newsgraph.pipeline.clean import (
    clean,
    normalise_whitespace,
    split_sentences,
    strip_site_name,
    title_from_text,
)

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
BODY = (
    "The ministry held its annual review on Monday in the capital.\n\n"
    "Officials said the results met the targets set for the year."
)
PAGE = """<html><head><title>Ministry reviews the year in defence | Daily Example</title>
<meta property="og:title" content="Ministry reviews the year in defence">
<script>var tracking = "SECRET_SCRIPT_TEXT";</script><style>.x{color:red}</style></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">NAVIGATION_MENU</a></nav>
<header><div class="logo">Daily Example</div></header>
<article>
<h1>Ministry reviews the year in defence</h1>
<p>The Ministry of National Defence held a conference on Friday to review the results of its work
during the past year and to set out the main tasks for the coming year.</p>
<p>Speaking at the conference, the minister said the army had completed all its training tasks
and had taken part in search and rescue operations in several provinces.</p>
<script>document.write("INLINE_SCRIPT_TEXT");</script>
<p>He asked units to improve the quality of training and to keep a close watch on the situation,
so that they can respond in time to natural disasters and other emergencies.</p>
<p>The conference closed the same day.</p>
<div class="share"><a href="#">Share</a> <a href="#">Print</a></div>
</article>
<aside><h3>Most popular</h3><ul><li><a href="/a">SIDEBAR_LINK one</a></li><li><a href="/b">SIDEBAR_LINK two</a></li></ul></aside>
<footer><p>FOOTER_TEXT Copyright 2024 Daily Example. All rights reserved.</p></footer>
</body></html>"""


def make_doc(raw: str, kind: str = "text", **meta) -> Document:
    return Document(source="test", raw=raw, kind=kind, meta=meta)  # type: ignore[arg-type]


def cleaned(raw: str, kind: str = "text", **meta) -> Document:
    return clean([make_doc(raw, kind, **meta)], Settings())[0]


def rules_removed(doc: Document) -> list[str]:
    return [r.rule for r in doc.removed]


# -- rule files ------------------------------------------------------------------------------
def test_clean_rule_files_cover_the_languages():
    files = {p.stem for p in boilerplate.RULES_DIR.glob("*.toml")}
    assert {"any", "en", "fr", "ar", "vi", "zh", "ru", "de", "es"} <= files


def test_clean_rules_load_once_and_generic_file_comes_last():
    rules = boilerplate.load_rules()
    assert boilerplate.load_rules() is rules
    assert rules.rules[-1].id.startswith("any.")
    assert all(r.where in boilerplate.WHERE for r in rules.rules)


def test_clean_rule_errors_name_the_rule():
    with pytest.raises(ValueError, match=r"xx\.broken"):
        boilerplate.parse_rules("xx", "[[rules]]\nid = 'broken'\nwhere = 'line'\npattern = '(unclosed'\n")
    with pytest.raises(ValueError, match="where must be"):
        boilerplate.parse_rules("xx", "[[rules]]\nid = 'w'\nwhere = 'middle'\npattern = 'x'\n")


def test_clean_rule_words_placeholder():
    (rule,) = boilerplate.parse_rules("xx", "[[rules]]\nid='s'\nwhere='inline'\npattern='{words}'\nwords=['a.b','c']\n")
    assert rule.matches_line("a.b") and rule.matches_line("C") and not rule.matches_line("axb")


def test_clean_rule_named_lists_rule_file_then_shared():
    text = ("[lists]\nnets = ['a.b']\n[[rules]]\nid='s'\nwhere='inline'\npattern='{verbs}:{nets}|\\p{Lu}{2}'\n"
            "verbs = ['x']\n")
    (rule,) = boilerplate.parse_rules("xx", text, {"nets": ["zz"], "other": ["q"]})
    assert rule.matches_line("x:a.b") and not rule.matches_line("x:zz") and rule.matches_line("AB")
    (rule,) = boilerplate.parse_rules("xx", "[[rules]]\nid='s'\nwhere='line'\npattern='{nets}'\n", {"nets": ["zz"]})
    assert rule.matches_line("zz")
    with pytest.raises(ValueError, match=r"xx\.s: no word list named 'nets'"):
        boilerplate.parse_rules("xx", "[[rules]]\nid='s'\nwhere='line'\npattern='{nets}'\n")


def test_clean_shared_lists_come_from_the_generic_file():
    share = {r.id: r for r in boilerplate.load_rules().rules}["de.share_networks"]
    assert share.matches_line("Teilen: Facebook | X | WhatsApp")  # networks from any.toml [lists]


# -- trailing boilerplate per language --------------------------------------------------------
@pytest.mark.parametrize("tail,rule", [
    ("Comment (0)", "en.comment_counter"),
    ("Comments (12)", "en.comment_counter"),
    ("Bình luận (0)", "vi.comment_counter"),
    ("تعليق (0)", "ar.comment_counter"),
    ("Commentaires (3)", "fr.comment_counter"),
    ("评论 (0)", "zh.comment_counter"),
    ("Комментарии (0)", "ru.comment_counter"),
    ("Kommentare (5)", "de.comment_counter"),
    ("Comentarios (2)", "es.comment_counter"),
    ("Source", "en.source"),
    ("Source: VNA", "en.source"),
    ("Nguồn: Báo Quân đội nhân dân", "vi.source"),
    ("مصدر", "ar.source"),
    ("المصدر: وكالة الأنباء", "ar.source"),
    ("Источник: ТАСС", "ru.source"),
    ("来源：新华社", "zh.source"),
    ("Quelle: dpa", "de.source"),
    ("Fuente: EFE", "es.source"),
    ("By John Smith", "en.byline"),
    ("Par Marie Dupont", "fr.byline"),
    ("Von Hans Müller", "de.byline"),
    ("Por Juan Pérez", "es.byline"),
    ("Bài, ảnh: Thu Hà", "vi.byline"),
    ("Thu Hà", "any.byline_name"),
    ("ديم ماي", "any.byline_uncased"),
    ("责任编辑：张三", "zh.editor"),
    ("(Photo: VNA)", "en.photo_credit"),
    ("(Ảnh: TTXVN)", "vi.photo_credit"),
    ("Theo TTXVN", "vi.according_to"),
    ("VNA", "any.agency_line"),
    ("(AFP)", "any.agency_line"),
    ("© 2024 Example News", "any.copyright"),
    ("Copyright 2024 Example News. All rights reserved.", "en.copyright"),
    ("Tous droits réservés", "fr.copyright"),
    ("Tags: defence, diplomacy, army", "en.tags"),
    ("Từ khóa: quốc phòng, ngoại giao", "vi.tags"),
    ("Mots-clés : défense, diplomatie", "fr.tags"),
    ("Теги: армия, оборона", "ru.tags"),
    ("标签：国防", "zh.tags"),
])
def test_clean_removes_trailing_line(tail, rule):
    doc = cleaned(f"{BODY}\n{tail}")
    assert doc.text == BODY
    assert [(r.text, r.rule) for r in doc.removed] == [(tail, rule)]


@pytest.mark.parametrize("paragraph,tag,rule", [
    ("It was agreed in 2024.", "— VNS", "any.agency_dash"),
    ("It was agreed in 2024.", "- VNA", "any.agency_dash"),
    ("It was agreed in 2024.", "(AFP)", "any.agency_paren"),
    ("It was agreed in 2024.", "(Reuters)", "any.agency_paren"),
    ("Hội nghị đã kết thúc tốt đẹp.", "/TTXVN", "any.agency_slash"),
    ("Hội nghị đã kết thúc tốt đẹp.", "Theo TTXVN", "vi.according_to_tail"),
    ('He said it was "the root".', "— VNS", "any.agency_dash"),
    ("The ships docked at noon.", "(Photo: VNA)", "en.photo_credit_tail"),
])
def test_clean_removes_agency_tag_at_paragraph_end(paragraph, tag, rule):
    doc = cleaned(f"{BODY}\n\n{paragraph} {tag}")
    assert doc.text == f"{BODY}\n\n{paragraph}"
    assert [(r.text, r.rule) for r in doc.removed] == [(tag, rule)]


def test_clean_removes_stacked_trailing_boilerplate_bottom_up():
    doc = cleaned(f"{BODY} — VNS\nThu Hà\nSource\nShare\nTags: army\nComment (0)")
    assert doc.text == BODY
    assert rules_removed(doc) == ["en.share", "en.comment_counter", "en.tags", "en.source",
                                  "any.byline_name", "any.agency_dash"]


@pytest.mark.parametrize("marker", [
    "Read more:", "Related", "Related articles", "Xem thêm:", "Tin liên quan", "Lire aussi",
    "À lire aussi :", "اقرأ أيضا", "Читайте также:", "相关新闻", "Lesen Sie auch", "Noticias relacionadas",
])
def test_clean_removes_read_more_block_at_the_end(marker):
    links = "Minister visits the northern provinces\nNew training centre opens in Hanoi"
    doc = cleaned(f"{BODY}\n\n{marker}\n{links}")
    assert doc.text == BODY
    assert doc.removed[-1].text == f"{marker}\n{links}"
    assert doc.removed[-1].rule.endswith("read_more")


def test_clean_read_more_marker_with_title_on_one_line():
    doc = cleaned(f"{BODY}\nRead more: Minister visits the northern provinces")
    assert doc.text == BODY


@pytest.mark.parametrize("line", ["Share", "Print", "Share | Print | Email", "Chia sẻ", "In bài",
                                  "Imprimer", "Partager", "Teilen", "Поделиться", "分享"])
def test_clean_removes_lone_share_lines_anywhere(line):
    doc = cleaned(f"First paragraph of the story.\n{line}\n{BODY}")
    assert doc.text == f"First paragraph of the story.\n{BODY}"
    assert [r.text for r in doc.removed] == [line]


@pytest.mark.parametrize("line,rule", [
    ("Teilen: Facebook | X | WhatsApp", "de.share_networks"),
    ("Поделиться: ВКонтакте | Telegram | Одноклассники", "ru.share_networks"),
    ("分享到：微信 | 微博 | QQ空间", "zh.share_networks"),
    ("شارك: فيسبوك | واتساب | تويتر", "ar.share_networks"),
    ("Share on: Facebook, LinkedIn, Email", "en.share_networks"),
])
def test_clean_removes_share_bars_listing_networks_anywhere(line, rule):
    doc = cleaned(f"First paragraph of the story.\n{line}\n{BODY}\n{line}")
    assert doc.text == f"First paragraph of the story.\n{BODY}"
    assert [(r.text, r.rule) for r in doc.removed] == [(line, rule), (line, rule)]


def test_clean_removes_source_line_above_a_share_bar():
    doc = cleaned(f"{BODY}\nQuelle: dpa\nTeilen: Facebook | X")
    assert doc.text == BODY
    assert rules_removed(doc) == ["de.share_networks", "de.source"]


@pytest.mark.parametrize("tail,rule", [
    ("Voice of Vietnam", "any.name_with_particles"),
    ("La Voz de Galicia", "any.name_with_particles"),
    ("Agence vietnamienne d'information", "fr.agency_name"),
    ("Agencia Vietnamita de Noticias", "es.agency_name"),
    ("Vietnam News Agency", "en.agency_name"),
    ("Thông tấn xã Việt Nam", "vi.agency_name"),
    ("Vietnamesische Nachrichtenagentur", "de.agency_name"),
    ("越南通讯社", "zh.agency_name"),
    ("وكالة الأنباء الفيتنامية", "ar.agency_name"),
    ("(via Reuters) -- anyone got the full text? pm me", "en.credit_and_remark"),
    ("(Source: AFP)", "en.credit_and_remark"),
    ("(Theo VOV) - ai can ban day du thi nhan tin nhe", "vi.credit_and_remark"),
    ("(END)", "en.end_marker_line"),
    ("Enditem", "en.end_marker_line"),
    ("(完)", "zh.end_marker_line"),
    ("(Fin)", "es.end_marker_line"),
])
def test_clean_removes_outlet_names_credits_and_end_marks(tail, rule):
    doc = cleaned(f"{BODY}\n\n{tail}\nComment (0)")
    assert doc.text == BODY
    assert [(r.text, r.rule) for r in doc.removed] == [("Comment (0)", "en.comment_counter"), (tail, rule)]


@pytest.mark.parametrize("paragraph,tag,rule", [
    ("The talks ended on Monday.", "(END)", "en.end_marker"),
    ("The talks ended on Monday.", "Enditem", "en.end_marker"),
    ("Las conversaciones terminaron el lunes.", "(FIN)", "es.end_marker"),
    ("會談於週一結束。", "(完)", "zh.end_marker"),
])
def test_clean_removes_end_mark_glued_to_last_sentence(paragraph, tag, rule):
    doc = cleaned(f"{BODY}\n\n{paragraph}{' ' if paragraph.isascii() else ''}{tag}")
    assert doc.text == f"{BODY}\n\n{paragraph}"
    assert [(r.text, r.rule) for r in doc.removed] == [(tag, rule)]


# -- counter-examples: article text that looks like boilerplate survives ----------------------
@pytest.mark.parametrize("last", [
    "The source of the leak was never found.",
    "Comment is free, he said.",
    "The plan was outlined by the VNS correspondent in Hanoi, said the VNS correspondent",
    "The conference closed the same day.",
    "Sources close to the ministry said the talks would resume.",
    "Read more about the plan in the annex, the minister said.",
    "Copyright law was amended in 2019.",
    "Related talks will be held next month.",
    "By the end of the year, the army had completed all its tasks.",
    "Par ailleurs, la conférence a pris fin le même jour.",
    "Theo kế hoạch, hội nghị sẽ kết thúc vào ngày mai.",
    "عندما تشرب الماء تذكر مصدره.",
    "Источник утечки так и не был найден.",
    "The minister, speaking to AFP, said the deal would hold.",
    "He met officials from the U.S. and the EU.",
    "The talks ended. Both sides will meet again in March",
    # share_networks, name_with_particles, agency_name, credit_and_remark, end_marker lookalikes
    "Share: 45% of voters backed the plan",
    "Facebook and X were fined, the minister said.",
    "Chia sẻ với báo chí, Thứ trưởng cho biết hội nghị đã thành công tốt đẹp.",
    "Thanks to the people of Vietnam",
    "Vietnam and Laos signed the deal",
    "Vietnam Defence Ministry Holds Annual Review",
    "Информационное агентство сообщило об этом",
    "The news agency said talks would resume",
    "L'agence de presse a confirmé la nouvelle",
    "新华通讯社报道",
    "(via Reuters) - The talks will resume next week.",
    "(Theo VOV) - Sáng 9/1, hội nghị đã kết thúc tốt đẹp.",
    "Press the key marked (END)",
    "比赛还没有完",
])
def test_clean_keeps_real_last_paragraph(last):
    doc = cleaned(f"{BODY}\n\n{last}")
    assert doc.text == f"{BODY}\n\n{last}"
    assert doc.removed == []


def test_clean_keeps_mid_text_lookalikes():
    text = (
        "Ministry reviews the year\n\n"
        "Source\n\n"
        "Read more about the plan in the annex, which was published on Monday.\n\n"
        "Comment (0)\n\n"
        "Thu Hà\n\n"
        "Related\n\n"
        f"{BODY}"
    )
    doc = cleaned(text)
    assert doc.text == text
    assert doc.removed == []


def test_clean_keeps_related_heading_followed_by_paragraphs():
    text = (f"{BODY}\n\nRelated developments\n\nThe navy held an exercise on Tuesday.\n\n"
            "The air force will hold one next week.")
    assert cleaned(text).text == text


def test_clean_keeps_short_heading_in_the_middle():
    text = f"Defence review\n\n{BODY}\n\nTraining results\n\nAll units completed their training on time."
    assert cleaned(text).text == text


def test_clean_never_empties_a_text_by_rules():
    assert cleaned("Comment (0)").text == "Comment (0)"
    assert cleaned("Thu Hà\nSource").text == "Thu Hà"


# -- seeds ------------------------------------------------------------------------------------
SEED_LEFTOVERS = re.compile(r"Comment \(0\)|تعليق \(0\)|\nمصدر$|ديم ماي$|— VNS$")


@pytest.mark.seeds
@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds")
@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [], ids=lambda p: p.name)
def test_clean_seed_endings(path):
    raw = re.sub(r"^ date \d{4}-\d{2}(?:-\d{2})? ", "", path.read_text(encoding="utf-8"))
    doc = cleaned(raw)
    assert not SEED_LEFTOVERS.search(doc.text)
    last_sentence = normalise_whitespace(raw).split("\n")
    real = [line for line in last_sentence if len(line) > 60][-1]
    assert doc.text.endswith(re.sub(r"\s*— VNS$", "", real))
    assert doc.title and doc.text.startswith(doc.title.rstrip("…"))


# -- HTML -------------------------------------------------------------------------------------
def test_clean_html_keeps_paragraphs_and_drops_page_furniture():
    doc = cleaned(PAGE, kind="html")
    assert "held a conference on Friday" in doc.text
    assert "The conference closed the same day." in doc.text
    for furniture in ("NAVIGATION_MENU", "SIDEBAR_LINK", "FOOTER_TEXT", "SECRET_SCRIPT_TEXT",
                      "INLINE_SCRIPT_TEXT", "color:red"):
        assert furniture not in doc.text
    assert "\nShare" not in doc.text and "\nPrint" not in doc.text
    assert "\n\n" in doc.text and "\n\n\n" not in doc.text
    assert doc.title == "Ministry reviews the year in defence"
    assert doc.meta["extractor"] == "trafilatura"


def test_clean_html_script_inside_article_is_never_text():
    page = ("<html><body><article><p>A short note on army training.</p><script>alert('SCRIPT_TEXT')</script>"
            "<noscript>NOSCRIPT_TEXT</noscript></article></body></html>")
    doc = cleaned(page, kind="html")
    assert "A short note on army training." in doc.text
    assert "SCRIPT_TEXT" not in doc.text


def test_clean_html_falls_back_when_trafilatura_finds_too_little():
    page = "<html><body><div><span>Tiny page, only a line.</span></div></body></html>"
    doc = cleaned(page, kind="html")
    assert doc.text == "Tiny page, only a line."
    assert doc.meta["extractor"]


def test_clean_html_with_only_navigation_is_empty_input():
    page = ('<html><body><nav><a href="/">Home</a> <a href="/p">Politics</a> <a href="/w">World</a></nav>'
            "<div id=root></div><noscript>Please enable JavaScript.</noscript></body></html>")
    with pytest.raises(EmptyInput):
        cleaned(page, kind="html")


def test_clean_html_without_text_is_empty_input():
    with pytest.raises(EmptyInput):
        cleaned("<html><head><script>var a = 1;</script></head><body></body></html>", kind="html")


def test_clean_html_title_from_title_tag_without_site_name():
    page = PAGE.replace('<meta property="og:title" content="Ministry reviews the year in defence">', "")
    assert cleaned(page, kind="html").title == "Ministry reviews the year in defence"


def test_clean_declared_title_wins():
    assert cleaned(PAGE, kind="html", title="Declared").title == "Declared"


# -- feed entries -----------------------------------------------------------------------------
def test_clean_feed_fragment_strips_tags_keeps_paragraphs():
    raw = ("<p>The minister arrived on <b>Monday</b>.</p><p>Talks &amp; dinner followed.<br>Then he left.</p>"
           "<script>x()</script><p>Share</p>")
    doc = cleaned(raw, kind="feed-entry", title="Minister arrives")
    assert doc.text == "The minister arrived on Monday.\n\nTalks & dinner followed.\nThen he left."
    assert doc.title == "Minister arrives"
    assert "extractor" not in doc.meta


def test_clean_feed_plain_text_passes_through():
    doc = cleaned("Plain summary, no tags.  Two  spaces.", kind="feed-entry")
    assert doc.text == "Plain summary, no tags. Two spaces."


def test_clean_feed_text_with_a_less_than_sign_is_not_html():
    doc = cleaned("Inflation stayed < 3% for a year.", kind="feed-entry")
    assert doc.text == "Inflation stayed < 3% for a year."


def test_clean_record_kind_is_cleaned_like_text():
    doc = cleaned(f"{BODY}\nComment (0)", kind="record")
    assert doc.text == BODY


def test_clean_empty_text_raises():
    with pytest.raises(EmptyInput):
        cleaned(" \n\t\n ")


# -- whitespace -------------------------------------------------------------------------------
def test_clean_normalises_whitespace_keeps_paragraphs():
    raw = "  Title \t here  \r\n\r\n\r\n\r\nFirst\u00a0 para.  \nsame para.\n\n\n\nSecond."
    assert cleaned(raw).text == "Title here\n\nFirst para.\nsame para.\n\nSecond."


# -- titles -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text,title", [
    ("Defence review opens\nThe review opened on Monday.", "Defence review opens"),
    ("Hội nghị tổng kết công tác quốc phòng\nHội nghị diễn ra hôm qua.", "Hội nghị tổng kết công tác quốc phòng"),
    ("مؤتمر الدفاع\nعقد المؤتمر يوم الاثنين.", "مؤتمر الدفاع"),
    ("国防会议召开\n会议于周一举行。", "国防会议召开"),
    ("The review opened on Monday. It will last a week.", "The review opened on Monday."),
    ("عقد المؤتمر يوم الاثنين؟ نعم، واستمر أسبوعا.", "عقد المؤتمر يوم الاثنين؟"),
    ("会议于周一举行。会议持续一周。", "会议于周一举行。"),
    ("Officials from the U.S. met on Monday. Talks went on.", "Officials from the U.S. met on Monday."),
    ("The minister said that,\nafter the talks, both sides agreed.", "The minister said that,"),
])
def test_clean_title_from_text(text, title):
    assert title_from_text(text, 200) == title


def test_clean_title_cut_at_word_boundary():
    text = "word " * 100
    got = title_from_text(text.strip(), 50)
    assert got.endswith("…") and len(got) <= 50 and "wor…" not in got


def test_clean_title_cut_without_spaces():
    got = title_from_text("国" * 300, 50)
    assert got == "国" * 49 + "…"


def test_clean_title_stays_in_text():
    doc = cleaned("Defence review opens\nThe review opened on Monday.")
    assert doc.title == "Defence review opens"
    assert doc.text.startswith(doc.title)


@pytest.mark.parametrize("title,expected", [
    ("Minister visits Hanoi | VnExpress", "Minister visits Hanoi"),
    ("Tổng Bí thư làm việc với Bộ Quốc phòng - Nhân Dân", "Tổng Bí thư làm việc với Bộ Quốc phòng"),
    ("VnExpress | Minister visits Hanoi", "Minister visits Hanoi"),
    ("Vietnam - China talks", "Vietnam - China talks"),
    ("No separator here", "No separator here"),
])
def test_clean_strips_site_name(title, expected):
    assert strip_site_name(title) == expected


def test_clean_splits_sentences_in_several_scripts():
    assert split_sentences("One. Two? Three!") == ["One.", "Two?", "Three!"]
    assert split_sentences("واحد. اثنان؟ ثلاثة") == ["واحد.", "اثنان؟", "ثلاثة"]
    assert split_sentences("一。二！三？") == ["一。", "二！", "三？"]


# -- offsets: doc.text is what later stages get -----------------------------------------------
def test_clean_text_is_final_for_offsets():
    doc = cleaned(f"Minister visits\n\n{BODY}\nComment (0)")
    start = doc.text.index("annual review")
    m = doc.add_mention(start, start + len("annual review"), "MISC", "test")
    assert doc.mention_text(m) == "annual review"
    again = clean([Document.from_dict(doc.to_dict())], Settings())[0]
    assert again.text == doc.text  # re-cleaning the stored text changes nothing


def test_clean_batch_returns_every_document_in_order():
    docs = [make_doc(f"Paragraph {i} of the batch.") for i in range(3)]
    out = clean(docs, Settings())
    assert [d.text for d in out] == [f"Paragraph {i} of the batch." for i in range(3)]


def test_clean_is_registered_with_its_contract():
    from newsgraph.pipeline.runner import check_chain, load_stage

    stage = load_stage("clean.v1")
    assert stage.fn is clean
    assert stage.requires == ("raw", "kind", "meta")
    assert stage.assigns == ("text", "title", "removed")
    check_chain([stage])
