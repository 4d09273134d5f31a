"""Registered names are a public contract (configs and databases name them): renames must be deliberate."""

from newsgraph.registry import encoders, eval_tasks, exporters, stages

SNAPSHOT = {
    "stages": ["clean.v1", "dates.v1", "langid.v1", "mentions.coref.v1", "mentions.docrefs.v1", "mentions.gazetteer.v1",
               "mentions.ner.v1",
               "mentions.titles.v1"],
    "exporters": ["csv.v1", "jsonl.v1", "parquet.v1"],
    "eval_tasks": ["clustering.v1", "dates.v1", "extraction.v1", "langid.v1", "linking.v1", "ner.v1", "retrieval.v1"],
    "encoders": ["e5-small.v1", "use-m3.v1"],
}


def test_registry_snapshot():
    assert {"stages": stages.names(), "exporters": exporters.names(), "eval_tasks": eval_tasks.names(),
            "encoders": encoders.names()} == SNAPSHOT


def test_every_registered_name_resolves():
    for reg in (stages, exporters, eval_tasks, encoders):
        for name in reg.names():
            assert callable(reg.get(name))


def test_bare_name_gets_latest_version():
    assert stages.get("clean") is stages.get("clean.v1")
