"""HTML pages of the web UI (shells whose scripts in static/ call /api)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
