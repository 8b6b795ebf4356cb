"""Reading the store for the pages: whole indicators as frames, cached per data version.

The public pages read the same few frames over and over; they change only when
an import, a rollback, a measure run or a programme edit happens. Every frame is
cached in the process under the store's *data version*, a tuple of a few
``max(id)`` values read in one cheap query, so a change anywhere shows at once
and an unchanged store is never read twice.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Engine, bindparam, func, select, text
from sqlalchemy.orm import aliased

from jamlik.config import get_settings
from jamlik.ingest import plain_area_name
from jamlik.program import programme_municipalities
from jamlik.stats import SMALL_DENOMINATOR, SMALL_NUMERATOR, se_from_interval, z_value
from jamlik.store import (
    Area, AreaVersion, Dimension, Indicator, IndicatorTargetArea, MeasureResult, Observation,
    Period, Programme, Subgroup, current_measures,
)

from ._i18n import gettext as _
from ._i18n import reason as stored_reason

__all__ = [
    "Z95",
    "Cache",
    "data_version",
    "default_setting",
    "indicator_frame",
    "indicators",
    "measures_frame",
    "settings",
    "translated_reasons",
]

Z95 = z_value(0.95)

_VERSION_SQL = text(
    "SELECT (SELECT max(id) FROM import_batch), "
    "(SELECT count(*) FROM import_batch WHERE status = 'active'), "
    "(SELECT max(id) FROM measure_run), (SELECT count(*) FROM indicator), "
    "(SELECT count(*) FROM area), (SELECT max(id) FROM voice_erasure), "
    "(SELECT max(id) FROM audit_log), (SELECT max(id) FROM status_report_version), "
    "(SELECT count(*) FROM activity), (SELECT max(id) FROM programme_revision), "
    "(SELECT count(*) FROM strategy), (SELECT count(*) FROM indicator_target_area), "
    "(SELECT max(id) FROM uptake_decision), "
    # residents' voices: a collection described, answers imported, an answer coded
    "(SELECT max(id) FROM voice_collection), (SELECT count(*) FROM voice_answer), "
    "(SELECT count(*) FROM voice_coding)")


def data_version(engine: Engine) -> tuple[tuple, tuple]:
    """(statistics, programme): values that change whenever what the pages show changes.

    Statistics change with imports, rollbacks, measure runs and erasures of collections;
    the programme with every status report, activity, revision, audited edit and uptake
    decision, and with residents' voices (collections, answers, codings). Keeping them apart
    means a saved status report does not throw away the cached statistics.
    """
    with engine.connect() as conn:
        values = tuple(conn.execute(_VERSION_SQL).one())
    return values[:6], values[6:]


class Cache:
    """A small thread-safe LRU cache of computed values keyed by (name, args, version).

    A value is computed once: concurrent requests for the same missing key wait
    for the first one instead of all computing it (no thundering herd after a
    start or a data change).
    """

    #: bytes of tables held at most (their ``memory_usage``, strings counted): the
    #: demo store's pages hold 119 MB, and an import of a million rows adds frames
    #: of its own; past this the least recently used go first
    LIMIT_BYTES = 160 * 1024 * 1024

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._bytes: dict[Hashable, int] = {}
        self.total = 0
        self._pending: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def _lookup(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return True, self._items[key]
            return False, None

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        found, value = self._lookup(key)
        if found:
            return value
        with self._lock:
            lock = self._pending.setdefault(key, threading.Lock())
        with lock:
            found, value = self._lookup(key)
            if found:
                return value
            value = compute()
            size = _table_bytes(value)
            with self._lock:
                self._items[key] = value
                self.total += size - self._bytes.get(key, 0)
                self._bytes[key] = size
                self._pending.pop(key, None)
                while len(self._items) > 1 and (len(self._items) > self.size
                                                or self.total > self.LIMIT_BYTES):
                    old, _ = self._items.popitem(last=False)
                    self.total -= self._bytes.pop(old, 0)
        return value

    def peek(self, key: Hashable) -> tuple[bool, Any]:
        """(True, value) when ``key`` is cached, else (False, None); never computes."""
        return self._lookup(key)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes.clear()
            self.total = 0


def _table_bytes(value: Any) -> int:
    """The bytes of the tables in a cached value (frames, and frames inside dicts,
    lists and tuples); other values count as nothing."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        used = value.memory_usage(index=True, deep=True)
        return int(used.sum() if isinstance(value, pd.DataFrame) else used)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return sum(_table_bytes(item) for item in value
                   if isinstance(item, (pd.DataFrame, pd.Series, dict, list, tuple)))
    return 0


def followed_indicators(engine: Engine) -> set[str]:
    """Codes of the indicators a programme follows (linked to one of its target areas)."""
    with engine.connect() as conn:
        return set(conn.execute(select(Indicator.code).join(
            IndicatorTargetArea, IndicatorTargetArea.indicator_id == Indicator.id)).scalars())


def indicators(engine: Engine) -> pd.DataFrame:
    """Every indicator with its metadata, ordered by name.

    Metadata a file did not give (only the minimum columns indicator, area_code,
    period, value are required) is None, never NaN: the pages say "okänd" and the
    API sends null.
    """
    with engine.connect() as conn:
        result = conn.execute(select(
            Indicator.id, Indicator.code, Indicator.name, Indicator.name_en, Indicator.description,
            Indicator.unit, Indicator.scale, Indicator.polarity, Indicator.kind, Indicator.source,
            Indicator.is_example).order_by(Indicator.name))
        frame = pd.DataFrame(result.all(), columns=list(result.keys()))
    frame = frame.astype(object)
    frame = frame.where(frame.notna(), None)
    frame["is_example"] = frame["is_example"].fillna(False).astype(bool)
    return frame


def _interval(frame: pd.DataFrame, kind: str | None,
              scale: float | None) -> tuple[np.ndarray, np.ndarray]:
    """The 95 % interval every page, download and API answer shows, by the one rule of
    :func:`jamlik.stats.interval_policy`: from the counts when numerator and denominator
    exist (Wilson for proportions, Byar/exact Poisson for rates), else the source's limits,
    else a Wald interval kept within the possible range and never of zero width; NaN
    ("interval unknown") when none can be given."""
    from jamlik.stats import interval_policy

    value = frame["value"].to_numpy(dtype=float)
    se = frame["se"].to_numpy(dtype=float)
    lower = frame["lower"].to_numpy(dtype=float)
    upper = frame["upper"].to_numpy(dtype=float)
    level = frame["confidence"].to_numpy(dtype=float)
    # limits at another level are rescaled to 95 % through their implied se
    se = se_from_interval(se, lower, upper, level)
    at_95 = ~np.isnan(lower) & (np.isnan(level) | np.isclose(level, 0.95))
    policy_kind = kind if kind in ("proportion", "rate") else "mean"
    chosen = interval_policy(
        value, numerator=frame["numerator"].to_numpy(dtype=float),
        denominator=frame["denominator"].to_numpy(dtype=float),
        lower=np.where(at_95, lower, np.nan), upper=np.where(at_95, upper, np.nan), se=se,
        kind=policy_kind, multiplier=float(scale) if scale and policy_kind != "mean" else 100)
    return chosen["lower"].to_numpy(dtype=float), chosen["upper"].to_numpy(dtype=float)


def lookups(engine: Engine) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The area, period and subgroup tables that :func:`indicator_frame` joins to
    (read once per data version for every indicator, not once per indicator)."""
    with engine.connect() as conn:
        return _lookups(conn)


def _lookups(conn) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    parent = aliased(Area)
    areas = conn.execute(
        select(Area.id.label("area_id"), AreaVersion.code.label("version"),
               AreaVersion.level.label("level"), Area.code.label("area"),
               Area.name.label("area_name"), parent.code.label("parent"))
        .join(AreaVersion, AreaVersion.id == Area.version_id)
        .join(parent, parent.id == Area.parent_id, isouter=True))
    periods = conn.execute(select(Period.id.label("period_id"), Period.code.label("period"),
                                  Period.start_date, Period.end_date))
    groups = conn.execute(
        select(Subgroup.id.label("subgroup_id"), Dimension.code.label("dimension"),
               Dimension.name.label("dimension_name"), Dimension.ordered,
               Subgroup.code.label("subgroup"), Subgroup.name.label("subgroup_name"),
               Subgroup.sort_order).join(Dimension, Dimension.id == Subgroup.dimension_id))
    areas, periods, groups = (pd.DataFrame([tuple(x) for x in r], columns=list(r.keys()))
                              for r in (areas, periods, groups))
    # stores loaded before names were cleaned keep SCB's machine prefix; never shown
    areas["area_name"] = areas["area_name"].map(plain_area_name)
    return areas, periods, groups


_SELECT_OBSERVATIONS = (
    "SELECT indicator_id, area_id, period_id, subgroup_id, value, se, lower, upper, "
    "confidence, population, numerator, denominator, suppressed, suppression_reason "
    "FROM observation WHERE indicator_id IN :indicators AND superseded_by_batch_id IS NULL")
# the order of the index of current rows (free on SQLite, which reads it so anyway): one
# order on every database, whichever areas are read
_ORDER = " ORDER BY indicator_id, area_id, period_id, subgroup_id"


def _observations_query(areas: bool, groups: bool):
    sql = (_SELECT_OBSERVATIONS + (" AND area_id IN :areas" if areas else "")
           + (" AND subgroup_id IN :groups" if groups else "") + _ORDER)
    names = ["indicators"] + ["areas"] * areas + ["groups"] * groups
    return text(sql).bindparams(*(bindparam(n, expanding=True) for n in names))


_OBSERVATION_COLUMNS = ["indicator_id", "area_id", "period_id", "subgroup_id", "value", "se",
                        "lower", "upper", "confidence", "population", "numerator",
                        "denominator", "suppressed", "suppression_reason"]


def indicator_frame(engine: Engine, code: str, *, area_ids: list[int] | None = None,
                    subgroup_ids: list[int] | None = None,
                    tables: tuple | None = None) -> pd.DataFrame:
    """All current observations of one indicator with readable keys and the 95 % interval
    of :func:`_interval` (from counts where they exist); see :func:`indicator_frames`."""
    return indicator_frames(engine, [code], area_ids=area_ids, subgroup_ids=subgroup_ids,
                            tables=tables)[code]


def indicator_frames(engine: Engine, codes: list[str], *, area_ids: list[int] | None = None,
                     subgroup_ids: list[int] | None = None,
                     tables: tuple | None = None) -> dict[str, pd.DataFrame]:
    """:func:`indicator_frame` of several indicators, read in one query.

    The observations are read as plain ids and numbers and joined to the small
    area, period and subgroup tables in pandas (``tables``, :func:`lookups`, read
    here when not given): several times faster than a join in SQL that builds a
    Python object per cell. With ``area_ids`` (``subgroup_ids``) only those areas'
    (subgroups') rows are read: the same rows, in the same order, as the whole frame
    filtered to them (every step after reading works row by row), for pages that show
    one city of every indicator (the overview, an area's profile).
    """
    with engine.connect() as conn:
        meta = conn.execute(select(Indicator.code, Indicator.id, Indicator.kind, Indicator.scale)
                            .where(Indicator.code.in_(list(codes)))).all()
        found = {code: (indicator_id, kind, scale) for code, indicator_id, kind, scale in meta}
        ids = [found[c][0] for c in codes if c in found] or [-1]
        query = _observations_query(area_ids is not None, subgroup_ids is not None)
        values = {"indicators": ids}
        if area_ids is not None:
            values["areas"] = list(area_ids) or [-1]
        if subgroup_ids is not None:
            values["groups"] = list(subgroup_ids) or [-1]
        result = conn.execute(query, values)
        rows = _plain_rows(result)
        areas, periods, groups = tables if tables is not None else _lookups(conn)
    frame = pd.DataFrame.from_records(rows, columns=_OBSERVATION_COLUMNS)
    frame = (frame.merge(areas, on="area_id", how="left")
             .merge(periods, on="period_id", how="left")
             .merge(groups, on="subgroup_id", how="left"))
    for column in ("value", "se", "lower", "upper", "confidence", "population", "numerator",
                   "denominator"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    # the city's small-number rule, before anything is shown or downloaded
    from jamlik.jobs import publishable  # on first use: the jobs load what they need

    kinds = {indicator_id: kind for indicator_id, kind, _scale in found.values()}
    frame = publishable(frame.assign(kind=frame["indicator_id"].map(kinds))).drop(
        columns="kind")
    parts = dict(tuple(frame.groupby("indicator_id", sort=False))) if len(frame) else {}
    return {code: _finished(parts.get(found.get(code, (None,))[0], frame.iloc[:0]),
                            *found.get(code, (None, None, None))[1:]) for code in codes}


def _finished(frame: pd.DataFrame, kind: str | None, scale: float | None) -> pd.DataFrame:
    """One indicator's rows with the interval shown, sorted by period."""
    frame = frame.drop(columns="indicator_id")
    frame["lower"], frame["upper"] = (_interval(frame, kind, scale) if len(frame)
                                      else (np.array([]),) * 2)
    frame["suppressed"] = frame["suppressed"].fillna(False).astype(bool)
    frame["ordered"] = frame["ordered"].fillna(False).astype(bool)
    # None when there is no reason, whatever the other rows read with it held
    reasons = frame["suppression_reason"].astype(object)
    frame["suppression_reason"] = reasons.where(reasons.notna(), None)
    return frame.sort_values(["start_date", "end_date"], kind="stable").reset_index(drop=True)


def _plain_rows(result) -> list[tuple]:
    """The rows of a text query as the driver's own tuples (no Row object per row)."""
    cursor = getattr(result, "cursor", None)
    if cursor is not None and hasattr(cursor, "fetchall"):
        return cursor.fetchall()
    return [tuple(row) for row in result]


def translated_reasons(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the small-number rule's reasons in the language of the request.

    The rule writes its reasons in Swedish (:data:`jamlik.stats.SMALL_NUMERATOR`,
    filled in with the city's thresholds); a page or API answer in English shows them
    in English.
    """
    if "suppression_reason" not in frame or not frame["suppressed"].any():
        return frame
    settings = get_settings()
    texts = {}
    for template, message, minimum in (
            (SMALL_NUMERATOR, _("färre än %(k)s i täljaren (regeln om små tal)"),
             settings.small_number_min_numerator),
            (SMALL_DENOMINATOR, _("färre än %(k)s i nämnaren (regeln om små tal)"),
             settings.small_number_min_denominator)):
        if minimum:
            texts[template.format(k=minimum)] = message % {"k": f"{minimum:g}"}
    # other stored reasons (e.g. the disclosure control of survey answers) through the catalogue
    return frame.assign(suppression_reason=frame["suppression_reason"].map(
        lambda reason: texts.get(reason, stored_reason(reason))))


def measures_frame(engine: Engine, code: str) -> pd.DataFrame:
    """The newest gap measures of one indicator (see :func:`current_measures`)."""
    return current_measures(engine, indicators=[code])


def settings(engine: Engine) -> pd.DataFrame:
    """The areas whose sub-areas have values (cities with districts): code, name, version."""
    child = aliased(Area)
    with engine.connect() as conn:
        ids = set(conn.execute(select(MeasureResult.area_id).where(
            MeasureResult.dimension_code == "omrade").distinct()).scalars())
        # and those without measures yet: parents of at least two observed areas (the
        # observed areas first, distinct per indicator: read from the index of current
        # observations instead of joining every observation to its area)
        observed = (select(Observation.indicator_id, Observation.area_id)
                    .where(Observation.superseded_by_batch_id.is_(None)).distinct().subquery())
        counts = (select(child.parent_id, func.count(func.distinct(child.id)).label("n"))
                  .join(observed, observed.c.area_id == child.id)
                  .where(child.parent_id.is_not(None))
                  .group_by(child.parent_id).subquery())
        ids |= set(conn.execute(select(counts.c.parent_id).where(counts.c.n >= 2)).scalars())
        if not ids:
            return pd.DataFrame(columns=["area_id", "code", "name", "version"])
        result = conn.execute(select(Area.id.label("area_id"), Area.code, Area.name,
                                     AreaVersion.code.label("version"))
                              .join(AreaVersion).where(Area.id.in_(ids)).order_by(Area.name))
        return pd.DataFrame(result.all(), columns=list(result.keys()))


def default_setting(engine: Engine, options: pd.DataFrame) -> str | None:
    """The municipality of the (first) programme when it has areas, else the first."""
    if options.empty:
        return None
    owners = [code for code in programme_municipalities(engine).values() if code]
    for code in owners:
        if code in set(options["code"]):
            return code
    return str(options["code"].iloc[0])


def sub_areas(engine: Engine, setting: str) -> pd.DataFrame:
    """The sub-areas of a setting with their geometry (GeoJSON) and version."""
    parent = aliased(Area)
    with engine.connect() as conn:
        result = conn.execute(
            select(Area.code, Area.name, AreaVersion.code.label("version"), Area.geometry)
            .join(AreaVersion, AreaVersion.id == Area.version_id)
            .join(parent, parent.id == Area.parent_id).where(parent.code == setting)
            .order_by(Area.code))
        frame = pd.DataFrame(result.all(), columns=list(result.keys()))
    frame["name"] = frame["name"].map(plain_area_name)
    return frame


def area_row(engine: Engine, version: str, code: str):
    """One area with its parent's code and name, or None."""
    parent = aliased(Area)
    with engine.connect() as conn:
        return conn.execute(
            select(Area.id, Area.code, Area.name, AreaVersion.code.label("version"),
                   AreaVersion.name.label("version_name"), AreaVersion.attribution,
                   parent.code.label("parent"), parent.name.label("parent_name"))
            .join(AreaVersion, AreaVersion.id == Area.version_id)
            .join(parent, parent.id == Area.parent_id, isouter=True)
            .where(AreaVersion.code == version, Area.code == code)).first()
