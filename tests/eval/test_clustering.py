"""`newsgraph eval clustering`: the metrics on known partitions, and a small stream through the CLI."""

from __future__ import annotations

import json

from newsgraph.eval.metrics import clustering_scores


def test_bcubed_and_pairwise_on_known_partitions():
    perfect = clustering_scores(list("aabb"), list("xxyy"))
    assert perfect["bcubed_f1"] == 1.0 and perfect["pairwise_f1"] == 1.0
    singletons = clustering_scores(list("aabb"), list("wxyz"))
    assert singletons["bcubed_precision"] == 1.0 and singletons["bcubed_recall"] == 0.5
    assert singletons["pairwise_f1"] == 0.0
    one = clustering_scores(list("aabb"), list("xxxx"))
    assert one["bcubed_precision"] == 0.5 and one["bcubed_recall"] == 1.0
    assert one["pairwise_precision"] == round(2 / 6, 4) and one["pairwise_recall"] == 1.0


def test_eval_clustering_cli_streams_in_date_order(tmp_path, cli):
    rows = [
        {"id": "3", "lang": "fr", "title": "Séisme de magnitude 7 au Japon : des dizaines de blessés",
         "date": "2021-07-02T09:00:00Z", "cluster": "quake"},
        {"id": "1", "lang": "en", "title": "Magnitude 7 earthquake hits Japan, dozens injured",
         "date": "2021-07-02T08:00:00Z", "cluster": "quake"},
        {"id": "2", "lang": "en", "title": "Central bank raises interest rates by half a point",
         "date": "2021-07-02T08:30:00Z", "cluster": "rates"},
    ]
    data = tmp_path / "stream.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    got = cli("eval", "clustering", "--data", str(data), "--baseline").json
    assert got["task"] == "clustering" and got["n"] == 3 and got["clusters_gold"] == 2
    for key in ("bcubed_precision", "bcubed_recall", "bcubed_f1", "pairwise_f1", "clusters_pred", "docs_per_s",
                "by_lang", "cross_lingual", "method"):
        assert key in got
    assert got["cross_lingual"]["gold_pairs"] == 1
    assert got["bcubed_f1"] == 1.0  # the translation joins, the unrelated story stays apart


def test_daily_repair_merges_what_online_assignment_left_apart():
    import numpy as np

    from newsgraph.eval.clustering import _cluster
    from newsgraph.stories import RepairParams, StoryParams

    rng = np.random.default_rng(2)
    event, other = rng.normal(size=32), rng.normal(size=32)
    vecs, hours = [], []
    for i in range(300):  # background on earlier days: the statistics learn what ordinary is
        vecs.append(rng.normal(size=32))
        hours.append(float(i) * 0.2)
    for i in range(8):  # day 3: two unrelated stories of 4 titles each
        vecs.append((event if i % 2 else other) + 0.3 * rng.normal(size=32))
        hours.append(72.0 + i)
    unit = np.stack([v / np.linalg.norm(v) for v in vecs]).astype(np.float32)
    langs, keys = ["en"] * len(vecs), [frozenset()] * len(vecs)
    strict = StoryParams(threshold=50.0, min_pair_observations=20)  # online never links
    alone, merges = _cluster(unit, hours, langs, keys, strict, None)
    assert merges == 0 and len(set(alone[300:])) == 8
    got, merges = _cluster(unit, hours, langs, keys, strict, RepairParams(threshold=2.5))
    day = got[300:]
    assert len(set(day[1::2])) == 1 and len(set(day[0::2])) == 1 and day[0] != day[1]
    assert day[1] == alone[301]  # the older story's number is kept
