"""Settings: one frozen object, defaults in `default_config.toml`, passed explicitly.

Layers, each overriding only what it sets: default_config.toml → ./newsgraph.toml (or
$NEWSGRAPH_CONFIG) → NEWSGRAPH_<SECTION>__<FIELD> environment variables → CLI flags.
No stage reads the environment or a global: they receive `settings`.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError

DEFAULT_FILE = Path(__file__).with_name("default_config.toml")


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IngestSettings(_Section):
    batch_size: int = Field(200, description="documents per pipeline batch and per store transaction")
    workers: int = Field(1, description="processes for the pipeline stages; 0 = all cores")
    max_item_bytes: int = Field(20_000_000, description="an item larger than this is rejected (NG104)")
    max_archive_members: int = Field(100_000, description="members read from one .zip")
    near_duplicate_bits: int = Field(3, description="SimHash Hamming distance at or under which two texts are near-duplicates")
    encoding: str | None = Field(None, description="force an input encoding instead of detecting it")


class TabularSettings(_Section):
    text: list[str] = Field(["text", "body", "content", "article"], description="JSONL/CSV field names for the text, first present wins")
    title: list[str] = Field(["title", "headline"], description="field names for the title")
    date: list[str] = Field(["date", "published", "published_at", "pubdate", "datetime"], description="field names for the date")
    url: list[str] = Field(["url", "link", "uri"], description="field names for the URL")
    lang: list[str] = Field(["lang", "language"], description="field names for a declared language")
    id: list[str] = Field(["id", "guid", "doc_id"], description="field names for a declared id")
    html: list[str] = Field(["html"], description="field names holding HTML instead of text")


class CleanSettings(_Section):
    html_favor_precision: bool = Field(True, description="trafilatura favor_precision for HTML main text")
    title_max_chars: int = Field(200, description="a first line longer than this is not taken as the title")


class LangidSettings(_Section):
    short_text_chars: int = Field(200, description="under this many letters, ask the second opinion too")
    min_confidence: float = Field(0.5, description="below this the second opinion is asked")
    segment_min_chars: int = Field(40, description="paragraphs shorter than this join their neighbour for mixed-language detection")


class DatesSettings(_Section):
    min_confidence: float = Field(0.4, description="a date found with less confidence is not stored (a year guessed only from the years an article mentions scores 0.3)")
    future_tolerance_days: int = Field(1, description="a date later than ingestion time + this is flagged, not stored")


class SearchSettings(_Section):
    limit: int = Field(20, description="hits per page")
    snippet_tokens: int = Field(24, description="tokens in a highlighted snippet")


class StoreSettings(_Section):
    keep_raw: bool = Field(True, description="keep the decoded input (compressed) so documents can be re-processed")


class EmbedSettings(_Section):
    model: str = Field("e5-small.v1", description="encoder (registered name) for document and query vectors")
    threads: int = Field(0, description="threads of the encoder engine; 0 = its default (all cores)")
    batch_size: int = Field(32, description="texts per encoder call")
    passage_words: int = Field(64, description="words per embedded passage of a document (the first is prefixed with the title)")
    max_passages: int = Field(1, description="passages embedded per document: 1 = title + lead only (fastest)")
    second_model: str = Field("use-m3.v1", description="second encoder for matching translations, used where it knows both languages (empty: none)")
    second_weight: float = Field(0.4, description="weight of the second encoder's z-scored similarities (the first gets the rest)")
    margin_k: int = Field(2, description="neighbours in the ratio margin for matching translations (0: plain cosine)")


class ServeSettings(_Section):
    host: str = Field("127.0.0.1", description="address `newsgraph serve` binds; any other than loopback needs NEWSGRAPH_TOKEN")
    port: int = Field(8000, description="port `newsgraph serve` listens on")
    max_body_bytes: int = Field(65536, description="largest request body accepted (corrections are small JSON)")
    max_page: int = Field(100, description="most items one API page returns, whatever `limit` asks")
    handles: int = Field(4, description="store connections shared by the request threads")
    workers: int = Field(1, ge=1, description="processes answering requests: more use more cores (Python runs one thread "
                         "of a process at a time), each with its own copy of the vectors in memory (≈ 1.5 KB per passage)")
    cors_origins: list[str] = Field([], description="origins allowed to call the API from a browser (empty: CORS off)")


class PipelineSettings(_Section):
    stages: list[str] = Field(
        ["clean.v1", "langid.v1", "dates.v1", "mentions.docrefs.v1", "mentions.gazetteer.v1", "mentions.ner.v1",
         "mentions.coref.v1", "mentions.titles.v1"],
        description="stages run by ingest, in order (registered names; drop mentions.ner.v1 for pack names only, ≈ 2× faster)",
    )


class Settings(_Section):
    db: str = Field("newsgraph.db", description="SQLite file; also set by NEWSGRAPH_DB")
    ingest: IngestSettings = IngestSettings()
    tabular: TabularSettings = TabularSettings()
    clean: CleanSettings = CleanSettings()
    langid: LangidSettings = LangidSettings()
    dates: DatesSettings = DatesSettings()
    search: SearchSettings = SearchSettings()
    store: StoreSettings = StoreSettings()
    pipeline: PipelineSettings = PipelineSettings()
    embed: EmbedSettings = EmbedSettings()
    serve: ServeSettings = ServeSettings()

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with dotted-name overrides: settings.with_overrides(**{"ingest.workers": 2})."""
        return load_settings(overrides=changes, base=self.model_dump())


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _dotted(changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if value is None:
            continue
        parts = key.replace("__", ".").split(".")
        cur = out
        for p in parts[:-1]:
            cur = cur.setdefault(p, {})
        cur[parts[-1]] = value
    return out


def _env_layer(environ: dict[str, str]) -> dict[str, Any]:
    layer: dict[str, Any] = {}
    if environ.get("NEWSGRAPH_DB"):
        layer["db"] = environ["NEWSGRAPH_DB"]
    for key, value in environ.items():
        if key.startswith("NEWSGRAPH_") and "__" in key:
            name = key[len("NEWSGRAPH_"):].lower()
            layer = _merge(layer, _dotted({name: _parse_env_value(value)}))
    return layer


def _parse_env_value(value: str) -> Any:
    try:
        return tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        return value


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"cannot read config {path}: {e}") from None


def load_settings(
    config_file: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
    base: dict[str, Any] | None = None,
) -> Settings:
    """Build Settings from the layers; `overrides` uses dotted names ("ingest.workers")."""
    environ = dict(os.environ) if environ is None else environ
    data = base if base is not None else _read_toml(DEFAULT_FILE)
    if base is None:
        user = Path(config_file or environ.get("NEWSGRAPH_CONFIG") or "newsgraph.toml")
        if user.is_file():
            data = _merge(data, _read_toml(user))
        elif config_file:
            raise ConfigError(f"config file not found: {config_file}")
        data = _merge(data, _env_layer(environ))
    data = _merge(data, _dotted(overrides or {}))
    try:
        return Settings(**data)
    except ValidationError as e:
        raise ConfigError(f"invalid settings: {e}") from None
