"""The FastAPI application: server-rendered pages over the store."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

from . import _queries

HERE = Path(__file__).parent


def create_app(engine: Engine | None = None) -> FastAPI:
    """Build the app on ``engine`` (default: the configured database)."""
    if engine is None:
        from jamlik.store import connect

        engine = connect()
    app = FastAPI(title="jamlik", docs_url="/api/docs", openapi_url="/api/v1/openapi.json")
    templates = Jinja2Templates(directory=HERE / "templates")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def number(value, digits=1):
        return "–" if value is None else f"{value:,.{digits}f}".replace(",", " ").replace(".", ",")

    templates.env.filters["number"] = number

    @app.get("/", response_class=HTMLResponse)
    def overview(request: Request):
        return templates.TemplateResponse(request, "overview.html", _queries.overview(engine))

    @app.get("/indikatorer/{code}", response_class=HTMLResponse)
    def indicator(request: Request, code: str, indelning: str | None = None):
        data = _queries.indicator_table(engine, code, indelning)
        if data is None:
            raise HTTPException(404, "Indikatorn finns inte")
        return templates.TemplateResponse(request, "indicator.html", data)

    @app.get("/api/v1/health")
    def health():
        return {"status": "ok"}

    return app
