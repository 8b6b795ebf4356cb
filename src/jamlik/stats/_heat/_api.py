"""Public entry point: all WHO HEAT summary measures for a HEAT Plus table."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from .._result import result_frame
from . import _disproportionality, _impact, _large_groups, _regression, _simple, _variance
from ._applicability import (
    FAILED,
    NO_POP_INTERVAL,
    NO_SE,
    NOT_SHARES_INTERVAL,
    OK,
    REASONS,
    reasons_for,
)
from ._common import Context, Estimate
from ._prepare import Block, build_strata
from ._simulate import attach, simulate
from ._validate import check_arguments, clean_frame, z_value

__all__ = ["summary_measures"]

DEFAULT_REPS = 100

_POINTS = {
    "D": _simple.difference, "R": _simple.ratio,
    "ACI": _regression.aci, "RCI": _regression.rci,
    "SII": _regression.sii, "RII": _regression.rii,
    **_variance.POINTS, **_disproportionality.POINTS, **_impact.POINTS,
    **_large_groups.POINTS,
}  # fmt: skip
_REPLICATES = {
    **_variance.REPLICATES, **_disproportionality.REPLICATES, **_large_groups.REPLICATES,
}  # fmt: skip
# Measures whose interval needs the subgroup SEs (the others need populations only).
_NEEDS_SE = {"D", "R", "BGV", "TI", "MLD", *_REPLICATES, *_large_groups.POINTS}


def summary_measures(
    df: pd.DataFrame,
    *,
    measures: object = None,
    compat: str | None = None,
    confidence: float = 0.95,
    rng: np.random.Generator | int | None = None,
    reps: int = DEFAULT_REPS,
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Summary measures of health inequality (ojämlikhetsmått) as WHO HEAT Plus.

    Parameters
    ----------
    df
        A table in the HEAT Plus upload template: ``setting, date, source,
        indicator_abbr, indicator_name, dimension, subgroup, estimate, se, ci_lb,
        ci_ub, population, flag, setting_average, iso3, favourable_indicator,
        indicator_scale, ordered_dimension, subgroup_order, reference_subgroup``.
        ``se, ci_lb, ci_ub, population, setting_average, reference_subgroup``
        (and the descriptive columns) may be left out. An empty ``se`` is taken
        from the 95 % limits: ``(ci_ub − ci_lb) / (2 · 1.959964)``.
    measures
        Codes from :data:`MEASURES` and, except with ``compat="heat"``,
        :data:`LARGE_GROUP_MEASURES` (any case). Default: the 21 and, unless
        ``compat="heat"``, jamlik's own D/R variants for dimensions with more
        than 30, 60 or 100 subgroups (``D_Q, R_Q, D_D, R_D, D_P, R_P``; not
        part of HEAT).
    compat
        ``None``/``"jamlik"`` (default): HEAT Plus's definitions with its errors
        corrected; ``"heat"``: HEAT Plus reproduced, errors included. See
        ``docs/heat-measures.md`` for every difference.
    confidence
        Level of the intervals, in (0, 1).
    rng
        A ``numpy.random.Generator`` or an integer seed for the simulation
        intervals (BGSD, COV, MDMU/W, MDBU/W, MDRU/W, IDISU/W, D_P, R_P).
    reps
        Number of simulated data sets (HEAT Plus uses 100).
    by
        Further columns that split a mätning (e.g. ``["kön"]`` when the sexes
        share indicator codes); they follow the five keys in the result.

    Returns
    -------
    pandas.DataFrame
        One row per setting × date × source × indicator × dimension (mätning)
        and measure: the keys, then ``measure, value, se, lower, upper,
        confidence, method, reason``. ``reason`` says why a value (or only its
        interval) is missing, e.g. ``"kräver ordnad dimension"``.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "setting": "Malmö", "date": 2023, "source": "SCB", "indicator_abbr": "beh",
    ...     "dimension": "Utbildning", "subgroup": ["Förgymnasial", "Gymnasial", "Eftergymnasial"],
    ...     "estimate": [60.0, 70.0, 80.0], "se": [2.0, 1.5, 1.0],
    ...     "population": [100, 200, 100], "favourable_indicator": 1,
    ...     "indicator_scale": 100, "ordered_dimension": 1, "subgroup_order": [1, 2, 3]})
    >>> out = summary_measures(df, measures=["D", "ACI"])
    >>> out[["measure", "value", "se"]].round(3).to_dict("list")
    {'measure': ['D', 'ACI'], 'value': [20.0, 3.75], 'se': [2.236, 0.0]}
    """
    names, mode, level, n_reps, generator, keys = check_arguments(
        df, measures=measures, compat=compat, confidence=confidence, reps=reps, rng=rng, by=by
    )
    ctx = Context(mode, level, z_value(level), n_reps, generator)
    clean = clean_frame(df, keys)
    if len(df) == 0:
        return result_frame(pd.DataFrame(columns=list(keys)), keys=keys)
    strata = build_strata(clean)
    n = len(strata.n_rows)
    shape = (len(names), n)
    value, se, lower, upper = (np.full(shape, np.nan) for _ in range(4))
    reason = np.stack([reasons_for(m, strata, mode) for m in names])
    methods: dict[str, int] = {}
    method = np.full(shape, -1, dtype=np.int32)

    def store(i: int, sid: np.ndarray, result: Estimate) -> None:
        value[i, sid], se[i, sid] = result.value, result.se
        lower[i, sid], upper[i, sid] = result.lower, result.upper
        if isinstance(result.method, str):
            method[i, sid] = methods.setdefault(result.method, len(methods))
            return
        uniq, inverse = np.unique(result.method.astype(str), return_inverse=True)
        codes = np.array([methods.setdefault(u, len(methods)) for u in uniq])
        method[i, sid] = codes[inverse]

    for block in strata.blocks:
        _compute_block(block, names, reason, ctx, store)

    finite = np.isfinite(value)
    reason[(reason == OK) & ~finite] = FAILED
    needs_se = np.array([m in _NEEDS_SE for m in names])[:, None]
    no_se = (reason == OK) & needs_se & strata.se_missing[None, :] & np.isnan(lower)
    reason[no_se] = NO_SE
    impact = np.array([m in ("PAF", "PAR") for m in names])[:, None]
    no_pop = (reason == OK) & impact & strata.pop_missing[None, :] & np.isnan(lower)
    reason[no_pop] = NO_POP_INTERVAL
    reason[(reason == OK) & impact & np.isnan(lower)] = NOT_SHARES_INTERVAL
    blank = (reason != OK) & ~np.isin(reason, (NO_SE, NO_POP_INTERVAL, NOT_SHARES_INTERVAL))
    for array in (value, se, lower, upper):
        array[blank] = np.nan
    method[blank] = -1
    return _assemble(strata.keys, names, value, se, lower, upper, level, method, methods, reason)


def _compute_block(
    block: Block,
    names: tuple[str, ...],
    reason: np.ndarray,
    ctx: Context,
    store: Callable[[int, np.ndarray, Estimate], None],
) -> None:
    """Compute the applicable measures of every stratum of ``block`` and ``store`` them."""
    ok_all = reason[:, block.sid] == OK
    sim_rows = [i for i, m in enumerate(names) if m in _REPLICATES]
    simulated: dict[str, tuple[np.ndarray, ...]] = {}
    sim_mask = ok_all[sim_rows].any(axis=0) if sim_rows else np.zeros(len(block.sid), bool)
    if sim_mask.any():
        sim_block = block.take(np.flatnonzero(sim_mask))
        # Only measures that apply somewhere in the block (D_P needs > 100 subgroups).
        replicates = {names[i]: _REPLICATES[names[i]] for i in sim_rows if ok_all[i].any()}
        simulated = simulate(sim_block, ctx, replicates)
    position = np.cumsum(sim_mask) - 1
    for i, name in enumerate(names):
        ok = ok_all[i]
        if not ok.any():
            continue
        rows = np.flatnonzero(ok)
        sub = block if rows.size == len(block.sid) else block.take(rows)
        with np.errstate(all="ignore"):
            result = _POINTS[name](sub, ctx)
        if name in simulated:
            result = attach(result, tuple(a[position[rows]] for a in simulated[name]), ctx)
        store(i, sub.sid, result)


def _assemble(
    keys: pd.DataFrame,
    names: tuple[str, ...],
    value: np.ndarray,
    se: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    confidence: float,
    method: np.ndarray,
    methods: dict[str, int],
    reason: np.ndarray,
) -> pd.DataFrame:
    n_measures, n = value.shape
    stratum = np.repeat(np.arange(n), n_measures)
    out = keys.take(stratum).reset_index(drop=True)
    out["measure"] = np.tile(np.array(names, dtype=object), n)
    for column, array in (("value", value), ("se", se), ("lower", lower), ("upper", upper)):
        out[column] = array.T.reshape(-1)
    out["confidence"] = confidence
    labels = np.array([None, *sorted(methods, key=methods.get)], dtype=object)
    out["method"] = labels[method.T.reshape(-1) + 1]
    texts = np.array([None if r == "" else r for r in REASONS], dtype=object)
    out["reason"] = texts[reason.T.reshape(-1)]
    return result_frame(out, keys=list(keys.columns))
