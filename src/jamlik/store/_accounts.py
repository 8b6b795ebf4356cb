"""Accounts of the web app: users (konton) with a role, their organisations, sessions,
login attempts (for rate limiting) and the audit log (vem ändrade vad).

Passwords are stored as argon2id hashes (``argon2-cffi``), never in clear; a
session cookie carries a random token whose SHA-256 is the session's key, so a
copy of the database does not give away live sessions.

Roles: ``admin`` (everything), ``analyst`` (imports, indicators), ``coordinator``
(programme, follow-up cycles, review) and ``reporter`` (status reports of the
activities of their own organisations).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    String,
    Text,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from jamlik.errors import ArgumentError, ConflictError

from ._models import Base, BigId, utcnow

__all__ = [
    "ROLES",
    "Account",
    "AccountOrganisation",
    "AuditEntry",
    "LoginAttempt",
    "WebSession",
    "audit",
    "create_account",
    "hash_password",
    "session_key",
    "verify_password",
]

ROLES = ("admin", "analyst", "coordinator", "reporter")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
MIN_PASSWORD = 10


class Account(Base):
    """A user account (konto) of the web app."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AccountOrganisation(Base):
    """An organisation a (reporter) account reports for."""

    __tablename__ = "account_organisation"

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"),
                                                 primary_key=True, index=True)


class WebSession(Base):
    """A signed-in session; ``id`` is the SHA-256 of the cookie's token."""

    __tablename__ = "web_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    """A login attempt, kept for rate limiting by user name and by client address."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    username: Mapped[str] = mapped_column(String(80))
    address: Mapped[str] = mapped_column(String(64))
    success: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntry(Base):
    """One entry of the audit log: who did what to which object, and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    username: Mapped[str | None] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(60))
    object_id: Mapped[str | None] = mapped_column(String(120))
    summary: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()  # argon2id with the library's RFC 9106 "low memory" profile


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (with a random salt)."""
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when ``password`` matches ``stored_hash``."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def session_key(token: str) -> str:
    """The stored key of a session token (its SHA-256, hex)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def check_account(username: str, password: str | None, role: str) -> None:
    """Validate the fields of a new or changed account (exact messages)."""
    if not isinstance(username, str) or not _USERNAME.match(username):
        raise ArgumentError(
            "användarnamnet får bara ha små bokstäver a–z, siffror, punkt, bindestreck och "
            f"understreck (2–80 tecken), fick {username!r}")
    if role not in ROLES:
        raise ArgumentError(f"okänd roll {role!r}; välj en av {', '.join(ROLES)}")
    if password is not None and len(password) < MIN_PASSWORD:
        raise ArgumentError(f"lösenordet måste ha minst {MIN_PASSWORD} tecken")
    if password is not None and _guessable(password, username):
        raise ArgumentError(
            "lösenordet är ett av de vanligaste eller lätt att gissa (som 'password123' "
            "eller användarnamnet); välj en längre fras som bara du känner till")


def _guessable(password: str, username: str) -> bool:
    """Whether ``password`` is on the list of common passwords or cracked in under 10⁶
    guesses (OWASP ASVS 2.1.7: check against breached and common passwords).

    The list and the guess estimate are zxcvbn's (Dropbox, MIT licence): its 30,000
    most common passwords from leaked sets, plus dictionary, keyboard, repeat and
    sequence patterns; the user name counts as a dictionary word.
    """
    from zxcvbn import zxcvbn
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    common = _common_passwords(tuple(FREQUENCY_LISTS["passwords"]))
    if password.lower() in common or password.lower().strip() == username.lower():
        return True
    return zxcvbn(password[:100], user_inputs=[username])["guesses_log10"] < 6


@functools.cache
def _common_passwords(passwords: tuple[str, ...]) -> frozenset[str]:
    return frozenset(passwords)


def _organisation_ids(conn, organisations) -> list[int]:
    """Each organisation once; an id that names none is refused (not a database error)."""
    from ._programme import Organisation

    wanted = list(dict.fromkeys(int(o) for o in organisations))
    if not wanted:
        return wanted
    found = set(conn.execute(select(Organisation.id).where(
        Organisation.id.in_(wanted))).scalars())
    missing = [o for o in wanted if o not in found]
    if missing:
        raise ArgumentError(f"organisation {', '.join(map(str, missing))} finns inte")
    return wanted


def create_account(
    engine: Engine, username: str, password: str, *, role: str, display_name: str | None = None,
    email: str | None = None, organisations: list[int] = (), is_example: bool = False,
    actor: str | None = None,
) -> int:
    """Create an account; return its id. Raises ConflictError if the user name is taken."""
    check_account(username, password, role)
    with engine.begin() as conn:
        if conn.execute(select(Account.id).where(Account.username == username)).first():
            raise ConflictError(f"användarnamnet {username!r} finns redan")
        organisations = _organisation_ids(conn, organisations)
        account_id = conn.execute(insert(Account).values(
            username=username, display_name=display_name or username, email=email,
            password_hash=hash_password(password), role=role, active=True,
            is_example=is_example, created_at=utcnow())).inserted_primary_key[0]
        for organisation_id in organisations:
            conn.execute(insert(AccountOrganisation).values(
                account_id=account_id, organisation_id=organisation_id))
        audit(conn, actor, "account.create", "account", username,
              f"{username} ({role})", {"organisations": list(organisations)})
    return account_id


def update_account(
    engine: Engine, account_id: int, *, role: str, display_name: str, active: bool,
    organisations: list[int], password: str | None = None, actor: str | None = None,
) -> None:
    """Change an account's role, name, state, organisations and (optionally) password."""
    with engine.begin() as conn:
        username = conn.execute(select(Account.username).where(
            Account.id == account_id)).scalar()
        if username is None:
            from jamlik.errors import NotFoundError

            raise NotFoundError(f"kontot {account_id} finns inte")
        check_account(username, password, role)
        if actor is not None and actor == username and not active:
            raise ArgumentError("du kan inte stänga av ditt eget konto")
        organisations = _organisation_ids(conn, organisations)
        values: dict[str, Any] = {"role": role, "display_name": display_name, "active": active}
        if password is not None:
            values["password_hash"] = hash_password(password)
        conn.execute(update(Account).where(Account.id == account_id).values(**values))
        conn.execute(delete(AccountOrganisation).where(
            AccountOrganisation.account_id == account_id))
        for organisation_id in organisations:
            conn.execute(insert(AccountOrganisation).values(
                account_id=account_id, organisation_id=organisation_id))
        if not active or password is not None:
            conn.execute(delete(WebSession).where(WebSession.account_id == account_id))
        audit(conn, actor, "account.update", "account", username,
              f"{username}: roll {role}, {'aktiv' if active else 'avstängd'}"
              + (", nytt lösenord" if password else ""),
              {"organisations": list(organisations)})


def audit(conn, actor: str | None, action: str, object_type: str | None,
          object_id: str | int | None, summary: str | None = None,
          details: dict | None = None) -> None:
    """Write an audit-log entry on an open connection (inside the change's transaction)."""
    account_id = None
    if actor is not None:
        account_id = conn.execute(select(Account.id).where(Account.username == actor)).scalar()
    conn.execute(insert(AuditEntry).values(
        at=utcnow(), account_id=account_id, username=actor, action=action,
        object_type=object_type, object_id=None if object_id is None else str(object_id),
        summary=summary, details=details or {}))
