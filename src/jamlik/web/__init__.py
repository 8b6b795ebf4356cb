"""The web app (FastAPI, server-rendered Jinja2 pages)."""

from ._app import create_app
from ._assets import ensure_bundle

__all__ = ["create_app", "ensure_bundle"]
