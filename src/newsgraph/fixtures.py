"""The bundled sample corpus (written by the newsgraph team), shared by the demo, tests and docs."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any


def sample_corpus() -> Path:
    """Folder of the sample corpus inside the installed package."""
    return Path(str(resources.files("newsgraph") / "data" / "sample" / "corpus"))


def sample_config() -> Path:
    """Settings the sample needs (its CSV uses column names outside the defaults)."""
    return sample_corpus().parent / "newsgraph.toml"


def sample_manifest() -> dict[str, Any]:
    """What a correct system finds in each sample item (see the sample's README.md)."""
    return json.loads((sample_corpus().parent / "MANIFEST.json").read_text(encoding="utf-8"))


def manifest_source(item: dict[str, Any]) -> str:
    """The `source` a stored document of this manifest item carries, relative to the corpus folder
    (`txt/a.txt`, `feeds/x.rss#entry-2`, `tabular/a.jsonl:line-3`, `archives/b.zip!m.txt`); a CSV row
    is named by the physical line where it starts, which the item's notes give."""
    base, key = item["path"], item["item"]
    if key is None:
        return base
    if key.startswith("entry-"):
        return f"{base}#{key}"
    if key.startswith("line-"):
        return f"{base}:{key}"
    if key.startswith("row-"):
        return f"{base}:line-" + re.search(r"physical line (\d+)", item["notes"]).group(1)
    return f"{base}!{key}"


def sample_stories() -> dict[str, str]:
    """Relative source → MANIFEST story of every good sample item that belongs to one."""
    return {manifest_source(i): i["story"] for i in sample_manifest()["items"] if not i["bad"] and i["story"]}
