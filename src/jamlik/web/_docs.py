"""The API documentation (Swagger UI) served from the package, never from a CDN.

The assets come from ``swagger-ui-py`` (Swagger UI 5's own distribution, which
reads OpenAPI 3.1; Apache licence 2.0, the licence file among the assets, shipped
inside the wheel); the page loads them and one small script of
ours from this host, so it works offline and under the site's Content Security
Policy (no inline script).
"""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

__all__ = ["ASSETS", "install"]

ASSETS = "/api/docs/assets"

_PAGE = """<!doctype html>
<html lang="sv">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title}</title>
  <link rel="stylesheet" href="{assets}/swagger-ui.css">
  <link rel="icon" type="image/png" href="{assets}/favicon-32x32.png">
</head>
<body>
  <main id="swagger-ui" data-openapi="{openapi}"></main>
  <script src="{assets}/swagger-ui-bundle.js"></script>
  <script src="/static/api-docs.js"></script>
</body>
</html>
"""


def install(app: FastAPI) -> None:
    """Serve ``/api/docs`` and its assets on ``app`` (created with ``docs_url=None``)."""
    from importlib.resources import files

    assets = files("swagger_ui") / "static"
    app.mount(ASSETS, StaticFiles(directory=str(assets)), name="swagger-ui")
    router = APIRouter(include_in_schema=False)
    page = _PAGE.format(title=escape(app.title), assets=ASSETS,
                        openapi=escape(app.openapi_url or "/openapi.json"))

    @router.get("/api/docs", response_class=HTMLResponse)
    def docs():
        return HTMLResponse(page)

    app.include_router(router)
