"""Demo accounts of the web app, one per role (documented in docs/web.md).

| user name  | role        | organisations                              |
|------------|-------------|--------------------------------------------|
| admin      | admin       |                                            |
| analytiker | analyst     |                                            |
| samordnare | coordinator |                                            |
| rapportor  | reporter    | Socialnämnden Sydväst (and its förvaltning) |

Every demo account has the password :data:`DEMO_PASSWORD` and is marked
``is_example``. Never use them outside a demo.
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from jamlik.store import Account, Organisation, create_account

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "create_demo_users"]

DEMO_PASSWORD = "jamlik-demo"
#: user name → (role, display name, organisation codes)
DEMO_USERS = {
    "admin": ("admin", "Demo Administratör", ()),
    "analytiker": ("analyst", "Demo Analytiker", ()),
    "samordnare": ("coordinator", "Maria Lind (demo)", ()),
    "rapportor": ("reporter", "Hanna Berg (demo)", ("sn-sydvast",)),
}


def create_demo_users(engine: Engine) -> int:
    """Create the demo accounts that are missing; return how many were created."""
    with engine.connect() as conn:
        existing = set(conn.execute(select(Account.username)).scalars())
        organisations = dict(conn.execute(select(Organisation.code, Organisation.id)).all())
    created = 0
    for username, (role, name, codes) in DEMO_USERS.items():
        if username in existing:
            continue
        create_account(engine, username, DEMO_PASSWORD, role=role, display_name=name,
                       organisations=[organisations[c] for c in codes if c in organisations],
                       is_example=True, actor="jamlik demo")
        created += 1
    return created
