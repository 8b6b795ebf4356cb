"""Create and change organisations (nämnder, förvaltningar, bolag, externa parter) one
at a time, as a form does; :func:`jamlik.program.import_structure` loads many."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select

from jamlik.errors import ArgumentError, ConflictError
from jamlik.store import Organisation

from ._common import organisation_row, parse_code

__all__ = ["KEEP", "OrganisationInfo", "create_organisation", "update_organisation"]

KEEP: Any = object()  # update_organisation: leave the parent as it is


@dataclass(frozen=True)
class OrganisationInfo:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    is_example: bool


def _info(row) -> OrganisationInfo:
    return OrganisationInfo(row.id, row.code, row.name, row.kind, row.parent_id,
                            bool(row.is_example))


def _name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ArgumentError("name måste anges (organisationens namn)")
    return name.strip()


def _kind(kind: Any) -> str:
    code = parse_code("organisation_kind", kind) if isinstance(kind, str) else None
    if code is None:
        raise ArgumentError(f"okänd typ {kind!r}; väntade en av nämnd, förvaltning, bolag, "
                            "extern part, annan")
    return code


def _parent(conn: Connection, parent: int | str | None, own_id: int | None) -> int | None:
    if parent is None or parent == "":
        return None
    parent_id = organisation_row(conn, parent).id
    if own_id is not None:
        # walk up from the new parent: meeting the organisation itself would make a loop
        parents = dict(conn.execute(select(Organisation.id, Organisation.parent_id)).all())
        node: int | None = parent_id
        while node is not None:
            if node == own_id:
                raise ArgumentError("en organisation kan inte ligga under sig själv")
            node = parents.get(node)
    return parent_id


def create_organisation(engine: Engine, *, code: str, name: str, kind: str = "other",
                        parent: int | str | None = None,
                        example: bool = False) -> OrganisationInfo:
    """Store a new organisation; ``kind`` is a code or its Swedish or English label,
    ``parent`` the id or code of the organisation above it."""
    if not isinstance(code, str) or not code.strip():
        raise ArgumentError("code måste anges (t.ex. forskolenamnden)")
    code, name, kind = code.strip(), _name(name), _kind(kind)
    with engine.begin() as conn:
        taken = conn.execute(select(Organisation.id).where(Organisation.code == code)).first()
        if taken is not None:
            raise ConflictError(f"det finns redan en organisation med koden '{code}'")
        parent_id = _parent(conn, parent, None)
        org_id = conn.execute(Organisation.__table__.insert().values(
            code=code, name=name, kind=kind, parent_id=parent_id, is_example=example,
            details={})).inserted_primary_key[0]
        return _info(organisation_row(conn, org_id))


def update_organisation(engine: Engine, organisation: int | str, *, name: str | None = None,
                        kind: str | None = None,
                        parent: int | str | None = KEEP) -> OrganisationInfo:
    """Change an organisation's name, kind or parent (``parent=None`` puts it at the top);
    arguments left out keep their value. The code, which files refer to, stays."""
    with engine.begin() as conn:
        row = organisation_row(conn, organisation)
        values: dict[str, Any] = {}
        if name is not None:
            values["name"] = _name(name)
        if kind is not None:
            values["kind"] = _kind(kind)
        if parent is not KEEP:
            values["parent_id"] = _parent(conn, parent, row.id)
        if values:
            table = Organisation.__table__
            conn.execute(table.update().where(table.c.id == row.id).values(**values))
        return _info(organisation_row(conn, row.id))
