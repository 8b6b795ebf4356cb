"""The web app (FastAPI, server-rendered Jinja2 pages)."""

from ._app import create_app

__all__ = ["create_app"]
