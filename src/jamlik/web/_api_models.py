"""Pydantic models of the JSON API (they make the OpenAPI schema)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")

Cell = str | float | int | bool | dict[str, str] | None


def clean(value: Any) -> Any:
    """Plain JSON values: NaN → None, numpy scalars → Python, nested lists and dicts."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class Page(BaseModel, Generic[T]):
    items: list[T]
    page: int = Field(description="Sidnummer, från 1.")
    per_page: int
    total: int = Field(description="Antal poster totalt.")
    pages: int


def paginate(items: list, page: int, per_page: int) -> dict:
    total = len(items)
    start = (page - 1) * per_page
    return {"items": items[start:start + per_page], "page": page, "per_page": per_page,
            "total": total, "pages": max((total + per_page - 1) // per_page, 1)}


class ColumnOut(BaseModel):
    key: str
    label: str
    kind: str


class TableOut(BaseModel):
    name: str
    caption: str
    columns: list[ColumnOut]
    rows: list[dict[str, Cell]]
    note: str | None = None
    example: bool = Field(description="Värdena är exempeldata (påhittade).")


class Health(BaseModel):
    status: str


class IndicatorOut(BaseModel):
    code: str
    name: str
    unit: str | None
    polarity: str | None
    kind: str | None
    source: str | None
    is_example: bool
    url: str


class Setting(BaseModel):
    code: str
    name: str


class Municipality(BaseModel):
    """A municipality (city) whose areas have values."""

    code: str = Field(description="Kommunkod, t.ex. 1480.", examples=["1480"])
    name: str = Field(examples=["Göteborg"])


class Verdict(BaseModel):
    measure: str
    measure_name: str
    unit: str = Field("", description="Måttets enhet, t.ex. procentenheter eller kvot.")
    verdict: str = Field(description="closing, widening eller none (jamlik.stats.gap_verdict: "
                         "trenden över perioder som inte överlappar).")
    text: str
    slope: float | None = Field(None, description="Lutning per år (kvoter: ln-enheter per år).")
    lower: float | None = None
    upper: float | None = None
    slope_unit: str = Field("", description="Lutningens enhet, t.ex. procentenheter per år.")
    n_periods: int | None = Field(None, description="Perioder som inte överlappar i trenden.")
    period_first: str | None = None
    period_last: str | None = None


class IndicatorView(BaseModel):
    indicator: IndicatorOut
    setting: str | None
    city: str
    period: str | None
    periods: list[str]
    dimension: str | None
    dimensions: list[Setting]
    city_value: float | None
    ranking: str | None = Field(None, description="Vad områdena rangordnades efter "
                                "(skillnad mellan områden).")
    verdicts: list[Verdict]
    methods: list[dict[str, str]]
    comparison_test: str
    tables: dict[str, TableOut]
    charts: dict[str, dict[str, Any]] = Field(description="Vega-Lite-specifikationer.")
    permalink: str


class OverviewOut(BaseModel):
    programme: dict[str, Any] | None
    setting: str | None
    city: str
    headlines: TableOut


class AreaOut(BaseModel):
    code: str
    name: str
    version: str
    url: str


class AreaProfile(BaseModel):
    area: dict[str, Cell]
    comparison_test: str
    table: TableOut


class ProgrammeOut(BaseModel):
    programme: dict[str, Any] | None
    targets: list[dict[str, Any]]
    preconditions: list[str]
    activities: TableOut | None


class LoginIn(BaseModel):
    username: str = Field(max_length=200)
    password: str = Field(max_length=1000)


class SessionOut(BaseModel):
    username: str
    display_name: str
    role: str
    organisations: list[int]
    csrf_token: str = Field(description="Skicka i X-CSRF-Token vid ändringar.")


class RequestOut(BaseModel):
    report_id: int
    cycle_name: str
    activity_code: str
    activity_name: str
    state: str | None
    state_label: str
    version: int
    organisation_name: str | None = None
    deadline: str | None = None


class VersionOut(BaseModel):
    version: int
    action: str
    state: str
    state_label: str
    action_label: str
    status: str | None
    progress: int | None
    goal_attainment: str | None
    narrative: str | None
    examples: list[dict[str, str | None]]
    evidence_links: list[str]
    comment: str | None
    author: str
    created_at: str | None


class ReportOut(BaseModel):
    id: int
    cycle_id: int
    cycle_name: str
    cycle_status: str
    deadline: str | None
    activity_id: int
    activity_code: str
    activity_name: str
    activity_description: str | None
    is_example: bool
    organisation_id: int
    organisation_name: str
    version: int
    state: str | None
    current: VersionOut | None
    history: list[VersionOut]
    can_edit: bool
    can_review: bool
    can_send_back: bool


class Example(BaseModel):
    quote: str = Field(min_length=1, max_length=5000)
    document: str | None = Field(None, max_length=500)
    page: str | None = Field(None, max_length=50)
    link: str | None = Field(None, max_length=2000)


class SaveIn(BaseModel):
    expected_version: int = Field(ge=0, le=1_000_000,
                                  description="Versionen du läste (0 före första sparandet).")
    status: str | None = None
    progress: int | None = Field(None, ge=0, le=100)
    goal_attainment: str | None = None
    narrative: str | None = Field(None, max_length=20000)
    examples: list[Example] | None = None
    evidence_links: list[str] | None = None


class SubmitIn(BaseModel):
    expected_version: int = Field(ge=0, le=1_000_000)


class ReviewIn(BaseModel):
    expected_version: int = Field(ge=0, le=1_000_000)
    send_back: bool = False
    comment: str | None = Field(None, max_length=5000)


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    email: str | None
    role: str
    active: bool
    is_example: bool
    organisations: list[int]
    last_login_at: str | None


class AuditOut(BaseModel):
    id: int
    at: str
    username: str | None
    action: str
    object_type: str | None
    object_id: str | None
    summary: str | None


class ImportError_(BaseModel):
    file: str | None
    row: int | str | None
    column: str | None
    problem: str


class ImportOut(BaseModel):
    ok: bool
    message: str | None = None
    errors: list[ImportError_] = []
    file: str | None = None
    batch_id: int | None = None
    rows_read: int | None = None
    rows_inserted: int | None = None
    rows_revised: int | None = None
    rows_unchanged: int | None = None
    already_imported: bool | None = None
    warnings: list[str] = []


class CycleOut(BaseModel):
    id: int
    code: str
    name: str
    year: int
    deadline: str | None = None
    status: str = Field(description="open eller closed.")
    opened_by: str | None = None
    opened_at: str | None = None
    closed_by: str | None = None
    closed_at: str | None = None
    is_example: bool
    organisations: int = Field(description="Antal organisationer som ska rapportera.")
    reports: int = Field(description="Antal statusrapporter som ska lämnas.")
    reported: int = Field(description="Antal inskickade eller granskade.")


class CycleIn(BaseModel):
    year: int = Field(ge=1900, le=2200, examples=[2025])
    organisations: list[Annotated[int, Field(ge=1, le=2_147_483_647)]] = Field(
        min_length=1, max_length=10_000,
                                     description="Id för organisationerna som ska rapportera.")
    deadline: dt.date | None = Field(None, description="Sista dag att rapportera.")
    name: str | None = Field(None, max_length=200)
