"""Signing in: sessions, roles, CSRF tokens and login rate limiting.

* The session cookie (``jamlik_session``) holds a random token; the store keeps only
  its SHA-256. The cookie is ``Secure``, ``HttpOnly`` and ``SameSite=Lax``
  (browsers accept Secure cookies on http://localhost and 127.0.0.1, which are
  treated as secure contexts).
* CSRF: every form carries a token that must match: the session's own token when
  signed in, else a random ``jamlik_csrf`` cookie (double submit). API calls that
  change something send it in the ``X-CSRF-Token`` header.
* Sessions end after 30 minutes without a request (idle timeout) and 8 hours after
  signing in, whichever comes first (OWASP ASVS 3.3.2).
* Rate limiting (OWASP: throttle by account *and* address without locking the owner
  out): in any 15 minutes at most 5 failed logins to one account from one address,
  20 from one address in all, and 50 to one account from all addresses; the last
  limit does not apply from an address the account has signed in from in the last
  30 days, so a stranger guessing cannot lock the real user out. An attempt is
  recorded (as failed) *before* its password is checked and the limits count it,
  so parallel guesses are counted too: of N at once, at most the limit are checked.
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
IDLE = dt.timedelta(minutes=30)
#: a session's idle deadline is moved at most this often (one write a minute, not per request)
IDLE_STEP = dt.timedelta(minutes=1)
WINDOW = dt.timedelta(minutes=15)
MAX_PER_USER_ADDRESS = 5
MAX_PER_ADDRESS = 20
MAX_PER_USER = 50
KNOWN_ADDRESS = dt.timedelta(days=30)


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
                   WebSession.csrf_token, WebSession.expires_at, WebSession.created_at)
            .join(WebSession, WebSession.account_id == Account.id)
            .where(WebSession.id == session_key(token), Account.active.is_(True))).first()
        now = utcnow()
        if row is None or _aware(row.expires_at) <= now:
            return None
    _keep_alive(engine, session_key(token), row, now)
    with engine.connect() as conn:
        organisations = tuple(conn.execute(select(AccountOrganisation.organisation_id).where(
            AccountOrganisation.account_id == row.id)).scalars())
    return User(row.id, row.username, row.display_name, row.role, organisations,
                row.csrf_token)


def _keep_alive(engine: Engine, key: str, row, now: dt.datetime) -> None:
    """Move the idle deadline of a used session (never past its absolute end)."""
    wanted = min(now + IDLE, _aware(row.created_at) + dt.timedelta(hours=SESSION_HOURS))
    if wanted - _aware(row.expires_at) < IDLE_STEP:
        return
    with engine.begin() as conn:
        conn.execute(update(WebSession).where(WebSession.id == key).values(expires_at=wanted))


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


def _failures(conn, *conditions) -> int:
    return conn.execute(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.success.is_(False), LoginAttempt.at >= utcnow() - WINDOW,
        *conditions)).scalar()


def _rate_limited(conn, username: str, address: str) -> bool:
    """Whether the attempts so far (this one included) are over a limit."""
    if _failures(conn, LoginAttempt.username == username,
                 LoginAttempt.address == address) > MAX_PER_USER_ADDRESS:
        return True
    if _failures(conn, LoginAttempt.address == address) > MAX_PER_ADDRESS:
        return True
    if _failures(conn, LoginAttempt.username == username) <= MAX_PER_USER:
        return False
    known = conn.execute(select(LoginAttempt.id).where(
        LoginAttempt.username == username, LoginAttempt.address == address,
        LoginAttempt.success.is_(True), LoginAttempt.at >= utcnow() - KNOWN_ADDRESS)).first()
    return known is None


def login(request: Request, username: str, password: str) -> str:
    """Check the credentials and open a session; return the cookie token.

    Raises ApiError 429 when rate limited and 401 when the credentials are wrong.
    """
    engine: Engine = request.app.state.engine
    username = (username or "").strip().lower()[:80]
    address = client_address(request)
    with engine.begin() as conn:  # counted before it is checked (committed at once)
        attempt = conn.execute(insert(LoginAttempt).values(
            at=utcnow(), username=username, address=address, success=False)
        ).inserted_primary_key[0]
    with engine.begin() as conn:
        if _rate_limited(conn, username, address):
            raise ApiError(429, _("För många misslyckade inloggningar. Vänta 15 minuter och "
                                  "försök igen."), headers={"Retry-After": "900"})
        row = conn.execute(select(Account.id, Account.password_hash, Account.active).where(
            Account.username == username)).first()
    ok = verify_password(row.password_hash if row else _dummy_hash(), password or "")
    ok = ok and row is not None and row.active
    with engine.begin() as conn:
        if ok:
            conn.execute(update(LoginAttempt).where(LoginAttempt.id == attempt)
                         .values(success=True))
        else:
            audit(conn, None, "login.failed", "account", username, username)
    if not ok:
        raise ApiError(401, _("Fel användarnamn eller lösenord."))
    token = new_token()
    with engine.begin() as conn:
        now = utcnow()
        conn.execute(delete(WebSession).where(WebSession.expires_at < now))
        conn.execute(insert(WebSession).values(
            id=session_key(token), account_id=row.id, csrf_token=secrets.token_urlsafe(32),
            created_at=now, expires_at=min(now + IDLE,
                                           now + dt.timedelta(hours=SESSION_HOURS))))
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
