"""Online story clustering on known vectors: joins, new stories, the time window, stable numbers,
and the per-language-pair normalisation that lets a cross-lingual pair through."""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np

from newsgraph.stories import OnlineClusterer, StoryParams


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def test_raw_cosine_single_link_and_window():
    oc = OnlineClusterer(StoryParams(threshold=0.9, window_hours=24, normalise=False, link_k=1))
    a, b = _unit(np.array([1.0, 0, 0])), _unit(np.array([0, 1.0, 0]))
    near_a = _unit(np.array([1.0, 0.1, 0]))
    assert oc.add(a, 0, "en") == 0
    assert oc.add(b, 1, "en") == 1
    assert oc.add(near_a, 2, "fr") == 0  # joins a's story
    assert oc.add(near_a, 40, "en") == 2  # a and its twin are out of the 24 h window: a new story
    assert oc.stories == 3


def test_language_pair_normalisation_lets_a_translation_join():
    """Each document = a language direction + its content. Unrelated same-language documents are then
    ≈ 0.69 similar, unrelated cross-language ones ≈ 0, a translation (same content, other language)
    ≈ 0.31: no raw threshold can join the translation without merging every same-language pair; the
    z-score per language pair can."""
    rng = np.random.default_rng(7)
    dim = 64
    direction = {"en": np.eye(dim)[0], "fr": np.eye(dim)[1]}

    def doc(lang: str, content: np.ndarray) -> np.ndarray:
        return _unit(1.5 * direction[lang] + content)

    def content() -> np.ndarray:
        c = rng.normal(size=dim)
        c[:2] = 0
        return c / np.linalg.norm(c)

    def run(params: StoryParams) -> tuple[int, int, int]:
        oc = OnlineClusterer(params)
        for i in range(400):  # history, 2 h apart: nothing links within the 1 h window, statistics learn
            oc.add(doc("en" if i % 2 else "fr", content()), 2.0 * i, "en" if i % 2 else "fr")
        c = content()
        x = oc.add(doc("en", c), 1000.0, "en")
        y = oc.add(doc("fr", c), 1000.2, "fr")  # its translation
        z = oc.add(doc("en", content()), 1000.4, "en")  # unrelated, same language as x
        return x, y, z

    x, y, z = run(StoryParams(threshold=2.9, window_hours=1.0, min_pair_observations=50))
    assert y == x and z != x
    x, y, z = run(StoryParams(threshold=0.5, window_hours=1.0, normalise=False, link_k=1))
    assert y != x  # raw cosine 0.31 < 0.5 …
    x, y, z = run(StoryParams(threshold=0.3, window_hours=1.0, normalise=False, link_k=1))
    assert z == x  # … and a threshold low enough for it merges unrelated same-language news


def test_story_numbers_are_stable_as_documents_arrive():
    oc = OnlineClusterer(StoryParams(threshold=0.95, normalise=False))
    vs = [_unit(np.eye(4)[i % 4] + 0.01 * i) for i in range(8)]
    first = [oc.add(v, float(i), "en") for i, v in enumerate(vs)]
    assert first[:4] == [0, 1, 2, 3] and first[4:] == [0, 1, 2, 3]


def test_sentence_spans_keep_offsets():
    from newsgraph.stories.summary import sentence_spans

    text = "  First sentence here. Second one!  Third?\nFourth without end"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["First sentence here.", "Second one!", "Third?", "Fourth without end"]
    assert sentence_spans("   ") == []


def test_summary_skips_a_translation_of_a_chosen_sentence():
    from newsgraph.embed import get_encoder
    from newsgraph.stories.summary import summarise

    members = [
        ("a", "en", "The defence expo opened in Hanoi on Thursday with 250 companies from 30 countries."),
        ("b", "fr", "Le salon de la défense s'est ouvert jeudi à Hanoï avec 250 entreprises de 30 pays."),
        ("c", "en", "Organisers expect more than 100,000 visitors over the four days of the exhibition."),
    ]
    got = summarise(members, get_encoder(), size=2)
    assert len(got) == 2 and {g["document"] for g in got} in ({"a", "c"}, {"b", "c"})


def test_shared_rare_keys_join_documents_their_vectors_alone_would_not():
    def run(keys_b):
        oc = OnlineClusterer(StoryParams(threshold=0.9, normalise=False, key_weight=1.0, key_scale=1.0))
        for i in range(20):  # a background where "e:vn-mod" is common and "e:per:rare" unseen
            oc.observe(_unit(np.array([0, 0, 1.0 + i])), "en", ["e:vn-mod"])
        a = oc.add(_unit(np.array([1.0, 0.6, 0])), 0, "en", ["e:per:rare", "e:vn-mod"])
        return a, oc.add(_unit(np.array([1.0, -0.6, 0])), 1, "fr", keys_b)  # cosine ≈ 0.47 to a

    a, b = run(None)
    assert a != b  # vectors alone: apart
    a, b = run(["e:vn-mod"])
    assert a != b  # a key most documents have says nothing
    a, b = run(["e:per:rare", "e:vn-mod"])
    assert a == b  # a rare shared entity adds enough


def test_idf_learns_from_the_stream():
    oc = OnlineClusterer(StoryParams(key_weight=1.0))
    for _ in range(9):
        oc.observe(_unit(np.ones(3)), "en", ["common"])
    oc.observe(_unit(np.ones(3)), "en", ["common", "rare"])
    assert oc.idf("rare") > oc.idf("common") >= 0  # a key every document has tells nothing
    assert oc.key_evidence(frozenset({"common"}), frozenset()) == 0.0


def _stream(n: int, seed: int) -> list[tuple[np.ndarray, float, str]]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(12, 32))
    return [(_unit(centres[i % 12] + 0.8 * rng.normal(size=32)), 0.5 * i, "en" if i % 3 else "fr") for i in range(n)]


def test_without_shared_keys_the_stories_are_those_of_keys_none():
    docs = _stream(300, 11)
    plain = OnlineClusterer()
    unshared = OnlineClusterer()
    a = [plain.add(v, h, lang) for v, h, lang in docs]
    b = [unshared.add(v, h, lang, [f"e:only-{i}"]) for i, (v, h, lang) in enumerate(docs)]
    assert a == b and len(set(a)) > 1 and plain.stories < len(docs)  # it links some, not all


def test_a_story_is_joined_on_several_good_links_not_one_chance_link():
    def run(k: int) -> Hashable:
        oc = OnlineClusterer(StoryParams(threshold=0.9, normalise=False, link_k=k))
        for v in ([1.0, 0, 0, 0], [1.0, 0.4, 0, 0], [1.0, -0.4, 0, 0]):
            oc.remember(_unit(np.array(v)), 0, "en", "S")
        return oc.add(_unit(np.array([1.0, 0, 0.4, 0])), 1, "en")  # cosine 0.93 to one member, 0.86 to two

    assert run(1) == "S"  # single link: one member close enough is enough
    assert run(3) != "S"  # the mean of its three best links (0.88) is not


def test_time_decay_lowers_old_links():
    rng = np.random.default_rng(9)

    def run(gap: float) -> tuple[int, int]:
        oc = OnlineClusterer(StoryParams(window_hours=100, min_pair_observations=20, hub_weight=0.0))
        for _ in range(200):
            oc.observe(_unit(rng.normal(size=16)), "en")
        v = _unit(rng.normal(size=16))
        first = oc.add(v, 0, "en")
        near = _unit(v + 0.25 * _unit(rng.normal(size=16)))  # cosine ≈ 0.97: z ≈ 3.9 against random vectors
        return first, oc.add(near, gap, "en")

    a, b = run(1.0)
    assert a == b
    a, b = run(72.0)  # three days later: 3 z less, under the threshold
    assert a != b


def test_hubness_takes_generic_titles_down():
    rng = np.random.default_rng(5)
    hub_dir = _unit(rng.normal(size=24))
    oc = OnlineClusterer(StoryParams(min_pair_observations=20))
    for i in range(300):  # a third of the background leans towards one generic direction
        oc.observe(_unit(rng.normal(size=24) + (2.0 * hub_dir if i % 3 == 0 else 0)), "en")
    generic, specific = _unit(hub_dir + 0.2 * rng.normal(size=24)), _unit(rng.normal(size=24))
    h = oc.hubness(np.stack([generic, specific]), ["en", "en"])
    assert h[0] > h[1] + 0.3
    z = oc.zscores(generic[None], ["en"], generic[None], ["en"])[0, 0]
    assert oc.link_scores(generic[None], ["en"], generic[None], ["en"])[0, 0] < z - 0.5  # less hub_weight 0.3 × its hubness (≈ 2)


def test_rename_sends_later_documents_to_the_kept_story():
    oc = OnlineClusterer(StoryParams(threshold=0.9, normalise=False))
    v = _unit(np.array([1.0, 0, 0]))
    oc.remember(v, 0, "en", "st-late")
    oc.rename({"st-late": "st-early"})
    assert oc.add(_unit(np.array([1.0, 0.05, 0])), 1, "en") == "st-early"
