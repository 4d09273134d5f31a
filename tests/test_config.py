"""Settings layers: defaults file → newsgraph.toml → NEWSGRAPH_* → overrides; bad values are clear errors."""

import pytest

from newsgraph.config import load_settings
from newsgraph.errors import ConfigError


def test_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = load_settings(environ={})
    assert s.db == "newsgraph.db" and s.ingest.batch_size == 200


def test_layers_override_in_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newsgraph.toml").write_text("[ingest]\nbatch_size = 50\nworkers = 2\n")
    s = load_settings(environ={"NEWSGRAPH_INGEST__WORKERS": "3", "NEWSGRAPH_DB": "x.db"})
    assert (s.ingest.batch_size, s.ingest.workers, s.db) == (50, 3, "x.db")
    assert s.with_overrides(**{"ingest.workers": 4}).ingest.workers == 4
    assert s.ingest.workers == 3  # frozen: overrides make a copy


def test_invalid_values_are_config_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError):
        load_settings(environ={"NEWSGRAPH_INGEST__BATCH_SIZE": "many"})
    (tmp_path / "bad.toml").write_text("[ingest\n")
    with pytest.raises(ConfigError):
        load_settings(config_file=tmp_path / "bad.toml", environ={})
    with pytest.raises(ConfigError):
        load_settings(environ={}, overrides={"nosuch.field": 1})
