"""The HTTP layer: a JSON API under /api and the analysts' web UI, both over the library.

    from newsgraph.server import create_app
    app = create_app(settings)            # uvicorn.run(app, host="127.0.0.1", port=8000)

Routers (`routers/<resource>.py`) answer JSON; pages (`pages/`) serve HTML shells whose scripts
(`static/`) call the same API. Every handler gets its store through `deps.py`; every error leaves
through `errors.py` as `{"error": message, "code", "hint"}`; `security.py` holds the token rule, the
request size limits and CORS.
"""

from .app import create_app

__all__ = ["create_app"]
