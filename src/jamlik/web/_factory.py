"""The app as uvicorn imports it (one per worker process)."""

from ._app import create_app

app = create_app()
