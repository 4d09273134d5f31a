"""Stories over the whole sample corpus, as `newsgraph ingest` + `newsgraph embed` make them, against
the MANIFEST's stories: several stories must come together across three or more languages, and the
unrelated stories that share a day with a defence story (the Tết fair, the cold spell, the CMC
conference the day before the diplomacy review) must stay apart from it."""

from __future__ import annotations

from collections import defaultdict

import pytest

import newsgraph
from newsgraph.eval.metrics import clustering_scores
from newsgraph.fixtures import sample_config, sample_corpus, sample_stories

FOLDERS = ("txt", "html", "feeds", "tabular", "archives", "encodings", "near-duplicates")
APART = [("tet-fair-2024", "defdip-review-2024"), ("cold-spell-2024-12", "expo-2024"),
         ("cmc-conference-2024", "defdip-review-2024")]


@pytest.fixture(scope="module")
def clustered(tmp_path_factory):
    db = tmp_path_factory.mktemp("stories") / "s.db"
    settings = newsgraph.load_settings(config_file=sample_config(), environ={})
    gold_of = sample_stories()
    with newsgraph.open(str(db), settings) as ng:
        ng.ingest([str(sample_corpus() / f) for f in FOLDERS])
        ng.embed()
        rows = ng.store.con.execute("""SELECT d.source, d.lang, m.story_id FROM documents d
                                       JOIN story_members m ON m.doc_rowid = d.rowid""").fetchall()
    docs = [(gold_of.get(src.split("corpus/", 1)[-1]), lang, story) for src, lang, story in rows]
    return docs


def test_every_stored_document_has_a_story_and_gold(clustered):
    assert len(clustered) >= 60
    assert sum(1 for gold, _, _ in clustered if gold) >= 55  # the four story-less articles excepted


def test_stories_come_together_across_languages(clustered):
    langs: dict[str, set[str]] = defaultdict(set)
    for _, lang, story in clustered:
        langs[story].add(lang)
    assert sum(1 for ls in langs.values() if len(ls) >= 3) >= 3


def test_same_day_unrelated_stories_stay_apart(clustered):
    stories_of: dict[str, set[str]] = defaultdict(set)
    for gold, _, story in clustered:
        if gold:
            stories_of[gold].add(story)
    for a, b in APART:
        assert not stories_of[a] & stories_of[b], (a, b)


def test_bcubed_against_the_manifest(clustered):
    gold = [g or f"none-{i}" for i, (g, _, _) in enumerate(clustered)]
    scores = clustering_scores(gold, [s for _, _, s in clustered])
    assert scores["bcubed_precision"] >= 0.9
    assert scores["bcubed_f1"] >= 0.6, scores
