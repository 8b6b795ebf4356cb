"""Signing in: sessions, roles, CSRF tokens and login rate limiting.

* The session cookie (``jamlik_session``) holds a random token; the store keeps only
  its SHA-256. The cookie is ``Secure``, ``HttpOnly`` and ``SameSite=Lax``
  (browsers accept Secure cookies on http://localhost and 127.0.0.1, which are
  treated as secure contexts).
* CSRF: every form carries a token that must match: the session's own token when
  signed in, else a random ``jamlik_csrf`` cookie (double submit). API calls that
  change something send it in the ``X-CSRF-Token`` header.
* Rate limiting: at most 5 failed logins per user name and 20 per client address
  in 15 minutes; after that every attempt is refused (429) until the window moves.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass, field
from functools import lru_cache

from fastapi import Request
from sqlalchemy import Engine, delete, func, insert, select, update

from jamlik.store import (
    Account, AccountOrganisation, LoginAttempt, WebSession, audit, hash_password, new_token,
    session_key, utcnow, verify_password,
)

from ._errors import ApiError
from ._i18n import gettext as _

__all__ = [
    "CSRF_COOKIE",
    "SESSION_COOKIE",
    "SESSION_HOURS",
    "User",
    "check_csrf",
    "csrf_token",
    "current_user",
    "login",
    "logout",
    "require",
]

SESSION_COOKIE = "jamlik_session"
CSRF_COOKIE = "jamlik_csrf"
SESSION_HOURS = 8
WINDOW = dt.timedelta(minutes=15)
MAX_PER_USER = 5
MAX_PER_ADDRESS = 20


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # verifying against this hash when the user does not exist keeps the timing the same
    return hash_password(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    role: str
    organisations: tuple[int, ...] = field(default_factory=tuple)
    csrf: str = ""

    def has(self, *roles: str) -> bool:
        return self.role == "admin" or self.role in roles


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def user_for_token(engine: Engine, token: str) -> User | None:
    """The active, unexpired account whose session has this cookie token."""
    with engine.connect() as conn:
        row = conn.execute(
            select(Account.id, Account.username, Account.display_name, Account.role,
                   WebSession.csrf_token, WebSession.expires_at)
            .join(WebSession, WebSession.account_id == Account.id)
            .where(WebSession.id == session_key(token), Account.active.is_(True))).first()
        if row is None or _aware(row.expires_at) <= utcnow():
            return None
        organisations = tuple(conn.execute(select(AccountOrganisation.organisation_id).where(
            AccountOrganisation.account_id == row.id)).scalars())
    return User(row.id, row.username, row.display_name, row.role, organisations,
                row.csrf_token)


def current_user(request: Request) -> User | None:
    """The signed-in user of this request, or None (looked up once per request)."""
    if hasattr(request.state, "user"):
        return request.state.user
    token = request.cookies.get(SESSION_COOKIE)
    user = user_for_token(request.app.state.engine, token) if token else None
    request.state.user = user
    return user


def require(request: Request, *roles: str) -> User:
    """The signed-in user if they have one of ``roles`` (admin always); else 401/403."""
    user = current_user(request)
    if user is None:
        raise ApiError(401, _("Du behöver logga in."))
    if roles and not user.has(*roles):
        raise ApiError(403, _("Du har inte behörighet till detta."))
    return user


def client_address(request: Request) -> str:
    return (request.client.host if request.client else "okänd")[:64]


def _rate_limited(conn, username: str, address: str) -> bool:
    since = utcnow() - WINDOW
    by_user = conn.execute(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.username == username, LoginAttempt.success.is_(False),
        LoginAttempt.at >= since)).scalar()
    by_address = conn.execute(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.address == address, LoginAttempt.success.is_(False),
        LoginAttempt.at >= since)).scalar()
    return by_user >= MAX_PER_USER or by_address >= MAX_PER_ADDRESS


def login(request: Request, username: str, password: str) -> str:
    """Check the credentials and open a session; return the cookie token.

    Raises ApiError 429 when rate limited and 401 when the credentials are wrong.
    """
    engine: Engine = request.app.state.engine
    username = (username or "").strip().lower()[:80]
    address = client_address(request)
    with engine.begin() as conn:
        if _rate_limited(conn, username, address):
            raise ApiError(429, _("För många misslyckade inloggningar. Vänta 15 minuter och "
                                  "försök igen."), headers={"Retry-After": "900"})
        row = conn.execute(select(Account.id, Account.password_hash, Account.active).where(
            Account.username == username)).first()
        ok = verify_password(row.password_hash if row else _dummy_hash(), password or "")
        ok = ok and row is not None and row.active
        conn.execute(insert(LoginAttempt).values(at=utcnow(), username=username,
                                                 address=address, success=ok))
        if not ok:
            audit(conn, None, "login.failed", "account", username, username)
    if not ok:
        raise ApiError(401, _("Fel användarnamn eller lösenord."))
    token = new_token()
    with engine.begin() as conn:
        now = utcnow()
        conn.execute(delete(WebSession).where(WebSession.expires_at < now))
        conn.execute(insert(WebSession).values(
            id=session_key(token), account_id=row.id, csrf_token=secrets.token_urlsafe(32),
            created_at=now, expires_at=now + dt.timedelta(hours=SESSION_HOURS)))
        conn.execute(update(Account).where(Account.id == row.id).values(last_login_at=now))
        audit(conn, username, "login", "account", username, username)
    return token


def logout(request: Request) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    user = current_user(request)
    if not token:
        return
    with request.app.state.engine.begin() as conn:
        conn.execute(delete(WebSession).where(WebSession.id == session_key(token)))
        if user is not None:
            audit(conn, user.username, "logout", "account", user.username, user.username)


def set_session_cookie(response, token: str) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=SESSION_HOURS * 3600, path="/",
                        secure=True, httponly=True, samesite="lax")


def clear_session_cookie(response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="lax")


def csrf_token(request: Request) -> str:
    """The token the forms of this request must carry."""
    user = current_user(request)
    if user is not None:
        return user.csrf
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = request.state.new_csrf = secrets.token_urlsafe(32)
    return token


def check_csrf(request: Request, sent: str | None) -> None:
    """Refuse (403) a change whose token does not match."""
    user = current_user(request)
    expected = user.csrf if user is not None else request.cookies.get(CSRF_COOKIE)
    if not expected or not sent or not hmac.compare_digest(str(expected), str(sent)):
        raise ApiError(403, _("Formuläret har gått ut eller kom inte från den här sidan. "
                              "Ladda om sidan och försök igen."))
