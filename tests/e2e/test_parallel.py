"""The process-pool path stores exactly what the in-process path stores."""

from __future__ import annotations

import newsgraph
from newsgraph.fixtures import sample_config, sample_corpus


def _ingest(db, workers):
    settings = newsgraph.load_settings(config_file=sample_config(), environ={}).with_overrides(
        **{"ingest.workers": workers, "ingest.batch_size": 7}
    )
    with newsgraph.open(str(db), settings) as ng:
        report = ng.ingest([str(sample_corpus())])
        docs = {d["source"]: (d["id"], d["lang"], d["published"], d["text"]) for d in ng.iter_documents()}
        also = {d: ng.document(i, detail=True)["detail"]["also_seen_at"] for d, (i, *_rest) in docs.items()}
    return report, docs, also


def test_two_workers_equal_one(tmp_path):
    serial, docs1, also1 = _ingest(tmp_path / "one.db", 1)
    parallel, docs2, also2 = _ingest(tmp_path / "two.db", 2)
    assert docs1 == docs2
    assert also1 == also2 and any(also1.values())
    assert sorted((r.source, r.code) for r in serial.rejected) == sorted((r.source, r.code) for r in parallel.rejected)
    assert (serial.stored, len(serial.duplicates), len(serial.near_duplicates)) == (
        parallel.stored, len(parallel.duplicates), len(parallel.near_duplicates))
