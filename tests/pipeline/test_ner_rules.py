"""pipeline/mentions/ner_rules.py: rule-based NER for Vietnamese and Chinese, and its dispatch in ner.py.

Sentences written for these tests (not taken from any gold file).
"""

from __future__ import annotations

import pytest

from newsgraph.pipeline.mentions import ner, ner_rules


def _ents(text: str, lang: str) -> set[tuple[str, str]]:
    return {(text[s:e], t) for s, e, t, _ in ner_rules.predict(text, lang)}


def test_languages_and_loading_once():
    assert {"vi", "zh"} <= set(ner_rules.languages())
    assert ner_rules.load("vi") is ner_rules.load("vi-VN")  # cached, region ignored
    assert ner_rules.load("xx") is None and ner_rules.load(None) is None
    assert ner_rules.predict_many(["Ông Trần Văn Bình"], "xx") == [[]]
    assert ner_rules.predict_many(["", "  "], "vi") == [[], []]


def test_spans_are_well_formed():
    text = "Bà Lê Thị Hồng Nhung, Giám đốc Sở Tài chính tỉnh Quảng Bình, đã đến Hà Nội."
    spans = ner_rules.predict(text, "vi")
    assert spans and all(0 <= s < e <= len(text) and t in {"PER", "ORG", "LOC", "MISC"} and 0 < c <= 1
                         for s, e, t, c in spans)
    assert spans == sorted(spans)


# -- Vietnamese ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Ông Đinh Công Sáng cho biết xã sẽ làm thêm hai con đường.", {("Đinh Công Sáng", "PER")}),
    ("Thiếu tướng Ngô Quang Vinh đã thăm hỏi bộ đội.", {("Ngô Quang Vinh", "PER")}),
    ("Cuộc họp có sự tham dự của Phó Giáo sư Trịnh Thu Hà.", {("Trịnh Thu Hà", "PER")}),
    ("Tiến sĩ Kiều Văn Lâm làm việc ở Thái Nguyên.", {("Kiều Văn Lâm", "PER"), ("Thái Nguyên", "LOC")}),
    ("Bộ Kế hoạch và Đầu tư đã gửi báo cáo.", {("Bộ Kế hoạch và Đầu tư", "ORG")}),
    ("Ủy ban nhân dân huyện Yên Lạc triển khai kế hoạch mới.", {("Ủy ban nhân dân huyện Yên Lạc", "ORG")}),
    ("Công ty cổ phần Sữa Hồng Hà mở nhà máy thứ ba.", {("Công ty cổ phần Sữa Hồng Hà", "ORG")}),
    ("Người dân thôn Khe Sanh đã di dời trước khi lũ về.", {("Khe Sanh", "LOC")}),
    ("Nước sông Lam dâng cao làm ngập nhiều cánh đồng.", {("Lam", "LOC")}),
    ("Đoàn đại biểu đã đến Nhật Bản và Hàn Quốc.", {("Nhật Bản", "LOC"), ("Hàn Quốc", "LOC")}),
    ("Phái đoàn gặp ông Martin Keller tại Berlin.", {("Martin Keller", "PER"), ("Berlin", "LOC")}),
])
def test_vietnamese_finds_names(text, expected):
    assert expected <= _ents(text, "vi")


def test_vietnamese_title_is_not_part_of_the_name_and_org_after_title():
    got = _ents("Bộ trưởng Bộ Tài chính Hồ Đức Phớc phát biểu tại Quốc hội.", "vi")
    assert ("Bộ Tài chính", "ORG") in got and ("Hồ Đức Phớc", "PER") in got and ("Quốc hội", "ORG") in got
    assert not any("Bộ trưởng" in name for name, _ in got)


def test_vietnamese_short_form_after_full_name():
    text = "Ông Lưu Quang Tiến nói rằng mùa vụ năm nay tốt. Theo ông Tiến, giá lúa sẽ tăng."
    got = _ents(text, "vi")
    assert ("Lưu Quang Tiến", "PER") in got and ("Tiến", "PER") in got


def test_vietnamese_traps():
    # sentence-initial common words, capitalised titles alone, lowercase text, a surname alone
    assert _ents("Sáng nay trời mưa to ở nhiều nơi.", "vi") == set()
    assert _ents("Chủ tịch nước đã ký quyết định.", "vi") == set()
    assert _ents("hôm qua ông ấy đi chợ mua rau và cá.", "vi") == set()
    assert _ents("nguyễn văn an đi học ở trường làng.", "vi") == set()
    assert not any(t == "PER" for _, t in _ents("Theo Trần, mọi việc vẫn ổn.", "vi"))
    assert _ents("Tuy nhiên, giá xăng tăng mạnh trong quý III.", "vi") == set()  # Roman numeral, not ORG


def test_vietnamese_headline_in_capitals():
    got = _ents("PHÓ THỦ TƯỚNG LÊ THÀNH LONG THĂM ĐÀ NẴNG", "vi")
    assert got == {("LÊ THÀNH LONG", "PER"), ("ĐÀ NẴNG", "LOC")}


def test_vietnamese_organisation_boundaries():
    got = _ents("Ngân hàng TMCP Công thương Việt Nam tổ chức hội nghị ở Cần Thơ.", "vi")
    assert ("Ngân hàng TMCP Công thương Việt Nam", "ORG") in got and ("Cần Thơ", "LOC") in got
    got = _ents("Hãng Sunrise Airlines mở đường bay mới.", "vi")
    assert ("Sunrise Airlines", "ORG") in got
    assert _ents("Nghị định 15/2024/NĐ-CP có hiệu lực.", "vi") == set()  # a DOCREF, not a name


@pytest.mark.parametrize(("text", "expected"), [
    # lowercase field words inside a name, the place after a link, a function word ending it
    ("Trung tâm Kiểm soát bệnh tật tỉnh Hòa Bình phát cảnh báo mới.",
     {("Trung tâm Kiểm soát bệnh tật tỉnh Hòa Bình", "ORG")}),
    ("Cục Cảnh sát giao thông vừa ra quân kiểm tra tải trọng xe.", {("Cục Cảnh sát giao thông", "ORG")}),
    ("Công ty TNHH Cơ khí Minh Đạt tuyển thêm 300 công nhân.", {("Công ty TNHH Cơ khí Minh Đạt", "ORG")}),
    ("Đảng ủy xã Nậm Cuổi nhiệm kỳ mới có 13 ủy viên.", {("Đảng ủy xã Nậm Cuổi", "ORG")}),
    ("Tòa án nhân dân tối cao đã giám đốc thẩm vụ án.", {("Tòa án nhân dân tối cao", "ORG")}),
    ("Tổng Lãnh sự quán Việt Nam tại Osaka hỗ trợ du học sinh.", {("Tổng Lãnh sự quán Việt Nam tại Osaka", "ORG")}),
    # a school named after a person; a person after a title + organisation
    ("Trường THCS Lê Quý Đôn đạt chuẩn quốc gia.", {("Trường THCS Lê Quý Đôn", "ORG")}),
    ("Chủ tịch UBND huyện Bảo Lạc Nông Văn Sình thăm bà con.",
     {("UBND huyện Bảo Lạc", "ORG"), ("Nông Văn Sình", "PER")}),
    # titles of works, models, products, numbered roads, routes, a place after "ở"
    ("Bộ phim Hoa nắng sân trường của đạo diễn Đỗ Minh Hải ra rạp.", {("Hoa nắng sân trường", "MISC")}),
    ("Khách hàng đã nhận xe VF 6 và iPhone 15 mới.", {("VF 6", "MISC"), ("iPhone 15", "MISC")}),
    ("Cao tốc Mỹ Thuận - Cần Thơ thông xe.", {("Mỹ Thuận - Cần Thơ", "LOC")}),
    ("Tuyến đường tỉnh 291 bị sạt lở ở Lục Ngạn.", {("Lục Ngạn", "LOC")}),
    ("Đồng bào Ba Na và Xơ Đăng đón lễ mừng lúa mới.", {("Ba Na", "MISC"), ("Xơ Đăng", "MISC")}),
    ("Đội tuyển Việt Nam thắng Singapore 2 - 0.", {("Việt Nam", "LOC"), ("Singapore", "LOC")}),
    ("Hoàng Anh Gia Lai thua Hồng Lĩnh Hà Tĩnh trên sân Pleiku.",
     {("Hoàng Anh Gia Lai", "ORG"), ("Hồng Lĩnh Hà Tĩnh", "ORG")}),
    ("Ngoại trưởng Đức Johann Wadephul thăm Hà Nội.", {("Đức", "LOC"), ("Johann Wadephul", "PER")}),
])
def test_vietnamese_general_patterns(text, expected):
    assert expected <= _ents(text, "vi")


def test_vietnamese_general_pattern_traps():
    got = _ents("Đường Vành đai 4 đi qua ba tỉnh.", "vi")
    assert not any(t == "LOC" for _, t in got)
    got = _ents("Tập đoàn Sao Mai đầu tư thêm vào Đồng Tháp.", "vi")
    assert ("Tập đoàn Sao Mai", "ORG") in got and ("Đồng Tháp", "LOC") in got
    assert ("Trưởng", "PER") not in _ents("Bà Lê Hoa, Trưởng Ban Dân vận, phát biểu.", "vi")
    assert ("Ban Dân vận", "ORG") in _ents("Bà Lê Hoa, Trưởng Ban Dân vận, phát biểu.", "vi")


def test_vietnamese_without_diacritics():
    got = _ents("Chu tich nuoc Luong Cuong tiep ong Tran Van Minh tai Ha Noi.", "vi")
    assert ("Luong Cuong", "PER") in got and ("Tran Van Minh", "PER") in got and ("Ha Noi", "LOC") in got


# -- Chinese ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("外交部长王毅表示，双方将加强合作。", {("王毅", "PER")}),
    ("记者张海燕在现场报道了这一消息。", {("张海燕", "PER")}),
    ("越南国防部派出工作组前往河内。", {("越南国防部", "ORG"), ("河内", "LOC")}),
    ("四川省成都市举办了大型展览。", {("四川省", "LOC"), ("成都市", "LOC")}),
    ("中国农业银行发布了年度报告。", {("中国农业银行", "ORG")}),
    ("法国总统马克龙抵达北京。", {("法国", "LOC"), ("马克龙", "PER"), ("北京", "LOC")}),
    ("他阅读了《乡村振兴促进法》全文。", {("乡村振兴促进法", "MISC")}),
    ("据《光明日报》报道，会议圆满结束。", {("光明日报", "ORG")}),
])
def test_chinese_finds_names(text, expected):
    assert expected <= _ents(text, "zh")


def test_chinese_person_repeated_without_context():
    got = {(n, t) for n, t in _ents("部长刘振华出席会议。会后刘振华接受采访。", "zh")}
    assert ("刘振华", "PER") in got
    text = "部长刘振华出席会议。会后刘振华接受采访。"
    assert sum(1 for s, e, t, _ in ner_rules.predict(text, "zh") if text[s:e] == "刘振华") == 2


def test_chinese_traps():
    # a surname character alone or inside ordinary words, a title without a name, "部长" not an ORG
    assert _ents("今天天气很好，我们去公园散步。", "zh") == set()
    assert not any(t == "PER" for _, t in _ents("这是一个高质量发展的好例子。", "zh"))
    assert _ents("部长表示会议取得了成果。", "zh") == set()
    assert not any(t == "ORG" for _, t in _ents("研究部署下一步工作。", "zh"))


# -- dispatch in ner.py ----------------------------------------------------------------------------
def test_ner_dispatches_to_rules_when_no_spacy_model():
    assert ner.model_name("vi") == "rules:vi" and ner.model_name("zh") == "rules:zh"
    assert ner.available("vi") and {"vi", "zh"} <= set(ner.languages())
    text = "Thủ tướng Lê Minh Khải thăm tỉnh Bắc Giang."
    assert ner.predict(text, "vi") == ner_rules.predict(text, "vi")
    assert ner.predict_many(["a", "b"], "zz") == [[], []]
    assert ner.model_name("zz") is None


# -- helpers kept fast: their shortcuts must give what the plain definitions give -------------------
def test_tokens_spacing_and_reach():
    text = "Ông  Ba\ntới Hà-Nội,hôm qua \u0301x"
    toks = ner_rules._tokens(text, folded=False)
    assert [t.text for t in toks] == [m.group() for m in ner_rules._WORD.finditer(text)]
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert [(t.initial, t.joined, t.glued) for t in toks[:3]] == [(True, False, False), (False, False, False),
                                                                 (True, False, False)]
    assert [t.reach for t in toks] == [1, 1, 6, 5, 4, 3, 2, 1]  # "  " and "\n" break a phrase


def test_non_overlapping_matches_pairwise_check():
    import random

    def plain(cands, keep_order):
        order = list(cands) if keep_order else sorted(cands, key=lambda s: (-(s[1] - s[0]), s[0]))
        taken = []
        for s, e, t in order:
            if not any(s < te and ts < e for ts, te, _ in taken):
                taken.append((s, e, t))
        return sorted(set(taken))

    rng = random.Random(3)
    for _ in range(2000):
        starts = [rng.randint(0, 12) for _ in range(rng.randint(0, 8))]
        cands = [(s, s + rng.randint(0, 4), rng.choice("AB")) for s in starts]  # empty spans too
        keep = rng.random() < 0.5
        assert ner_rules._non_overlapping(cands, keep_order=keep) == plain(cands, keep)
