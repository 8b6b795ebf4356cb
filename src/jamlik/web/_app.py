"""The FastAPI application: server-rendered pages, the JSON API and the static assets."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from sqlalchemy import Engine

from jamlik.config import get_settings

from . import _docs, _errors, _i18n
from ._admin import role_label
from ._auth import CSRF_COOKIE, csrf_token, current_user
from ._cache import ResponseCache
from ._limits import BodyLimit
from ._choices import MUNICIPALITY_ALIASES
from ._service import Service
from ._tables import number

HERE = Path(__file__).parent
LANG_COOKIE = "jamlik_lang"

CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def _language(request: Request) -> str:
    wanted = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return wanted if wanted in _i18n.LANGUAGES else _i18n.DEFAULT


def link(request: Request, path: str | None = None, **params) -> str:
    """A URL with the current query state, changed by ``params`` (None removes one)."""
    query = dict(request.query_params) if path is None else {}
    query.pop("format", None)
    query.pop("tabell", None)
    for alias in MUNICIPALITY_ALIASES:  # links name the municipality by its one name
        if alias in query:
            query.setdefault("municipality", query.pop(alias))
    for key, value in params.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    if "lang" not in params:  # links keep the language; a switch link names its own
        lang = _i18n.language()
        if lang != _i18n.DEFAULT or "lang" in request.query_params:
            query["lang"] = lang
        else:
            query.pop("lang", None)
    base = request.url.path if path is None else path
    return base + ("?" + urlencode(query) if query else "")


def _templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                      extensions=["jinja2.ext.i18n"], auto_reload=False)
    templates = Jinja2Templates(env=env)
    env.install_gettext_callables(_i18n.gettext, _i18n.ngettext, newstyle=True)
    env.globals["link"] = link
    env.globals["language"] = _i18n.language
    env.globals["csrf_token"] = csrf_token
    env.globals["current_user"] = current_user
    env.globals["role_label"] = role_label
    env.filters["number"] = lambda value, digits=1: number(value, digits, _i18n.language())
    env.filters["tojson_script"] = lambda value: json.dumps(
        value, ensure_ascii=False, allow_nan=False).replace("</", "<\\/")
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return templates


def create_app(engine: Engine | None = None) -> FastAPI:
    """Build the app on ``engine`` (default: the configured database)."""
    if engine is None:
        from jamlik.store import connect

        engine = connect()
    from . import (
        _api,
        _api_cycles,
        _api_work,
        _assets,
        _routes_account,
        _routes_admin,
        _routes_cycles,
        _routes_place,
        _routes_public,
        _routes_uptake,
        _routes_work,
    )

    app = FastAPI(
        title="jamlik API", version="1", docs_url=None, redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        description="Öppna data om skillnader i livsvillkor och hälsa, programmet och "
                    "uppföljningen. Alla fel har formen {\"error\": {status, code, message, "
                    "details}}. Listor är sidindelade med page och per_page.")
    app.state.engine = engine
    app.state.base_url = get_settings().base_url.rstrip("/")
    app.state.service = Service(engine)
    app.state.templates = _templates()
    _errors.install(app)

    @app.middleware("http")
    async def language_and_headers(request: Request, call_next):
        token = _i18n.use_language(_language(request))
        try:
            response = await call_next(request)
        finally:
            _i18n.reset_language(token)
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        wanted = request.query_params.get("lang")
        if wanted in _i18n.LANGUAGES and wanted != request.cookies.get(LANG_COOKIE):
            response.set_cookie(LANG_COOKIE, wanted, max_age=365 * 86400, path="/",
                                secure=True, httponly=True, samesite="lax")
        new_csrf = getattr(request.state, "new_csrf", None)
        if new_csrf:
            response.set_cookie(CSRF_COOKIE, new_csrf, path="/", secure=True, httponly=True,
                                samesite="strict")
        return response

    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _docs.install(app)  # Swagger UI from the package, not a CDN
    app.include_router(_assets.router)
    app.include_router(_routes_public.router)
    app.include_router(_routes_account.router)
    app.include_router(_routes_work.router)
    app.include_router(_routes_cycles.router)
    app.include_router(_routes_admin.router)
    app.include_router(_routes_uptake.router)
    app.include_router(_routes_place.router)
    app.include_router(_api.router)
    app.include_router(_api_work.router)
    app.include_router(_api_cycles.router)
    # outermost: stored public responses never reach routing, queries or templates
    app.add_middleware(ResponseCache, version=app.state.service.version)
    app.add_middleware(BodyLimit)
    return app
