"""The bundled sample corpus (written by the newsgraph team), shared by the demo, tests and docs."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_corpus() -> Path:
    """Folder of the sample corpus inside the installed package."""
    return Path(str(resources.files("newsgraph") / "data" / "sample" / "corpus"))


def sample_config() -> Path:
    """Settings the sample needs (its CSV uses column names outside the defaults)."""
    return sample_corpus().parent / "newsgraph.toml"
