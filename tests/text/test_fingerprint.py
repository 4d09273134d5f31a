from newsgraph.text.fingerprint import band_keys, minhash, similarity

BASE = (
    "The Ministry of National Defence held a conference on December 27 to review defence diplomacy in 2024 "
    "and set tasks for 2025. Deputy Minister Hoang Xuan Chien praised the efforts of units and soldiers. "
    "Delegates discussed peacekeeping officers in South Sudan and Abyei, where engineers and a field hospital serve."
)


def test_small_edit_is_similar_and_shares_a_band():
    edited = BASE.replace("praised", "commended").replace("discussed", "reviewed")
    a, b = minhash(BASE), minhash(edited)
    assert similarity(a, b) >= 0.6
    assert set(band_keys(a)) & set(band_keys(b))


def test_unrelated_texts_are_not_similar():
    other = "A typhoon hit the central coast on Tuesday, damaging houses and crops in three provinces overnight."
    assert similarity(minhash(BASE), minhash(other)) < 0.2


def test_fingerprint_is_stable_and_diacritics_insensitive():
    assert (minhash("Lương Cường tiếp đại sứ Nhật Bản tại Hà Nội") == minhash("Luong Cuong tiep dai su Nhat Ban tai Ha Noi")).all()


def test_empty_text_matches_nothing():
    assert similarity(minhash(""), minhash("a b c")) == 0.0
