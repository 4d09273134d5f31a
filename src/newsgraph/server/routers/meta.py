"""Health and store statistics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ... import __version__
from ..deps import Ng

router = APIRouter(tags=["meta"])


@router.get("/health")
def health() -> dict[str, Any]:
    """The server is up (does not touch the store)."""
    return {"status": "ok", "version": __version__}


@router.get("/stats")
def stats(ng: Ng) -> dict[str, Any]:
    """What the store holds: documents by language and month, runs, rejections."""
    return ng.stats()
