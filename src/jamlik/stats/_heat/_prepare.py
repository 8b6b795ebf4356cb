"""Turn a checked HEAT Plus table into dense blocks of strata.

A *stratum* (mätning) is one setting × date × source × indicator × dimension.
Its subgroups are sorted by ``subgroup_order`` and then by name, so every result
is the same whatever the row order of the input. Strata with the same number
of subgroups that have an estimate are stacked into one ``(n, G)`` block, so
each measure is computed for all strata of a block with whole-array numpy
operations and no Python loop over strata or subgroups.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from jamlik.errors import InputError

__all__ = ["Block", "Strata", "build_strata"]

# Subgroup values per block: blocks of about 8 MB per array keep the measures'
# temporaries small, so memory stays bounded and is reused between blocks.
BLOCK_ELEMENTS = 1_000_000
#: Code of a neutral indicator in the cleaned favourable column (0 adverse, 1 favourable);
#: its direction-independent measures are computed as for a favourable one.
NEUTRAL = 2.0
_ROW_COLUMNS = (
    "estimate", "se", "population", "setting_average", "favourable", "ordered", "scale",
    "order", "reference",
)  # fmt: skip


@dataclass
class Block:
    """All strata with ``G`` estimated subgroups; arrays are ``(n,)`` or ``(n, G)``."""

    sid: np.ndarray
    est: np.ndarray
    se: np.ndarray
    pop: np.ndarray
    order: np.ndarray
    ref: np.ndarray
    favourable: np.ndarray
    ordered: np.ndarray
    scale: np.ndarray
    average: np.ndarray
    has_pop: np.ndarray
    has_se: np.ndarray
    has_ref: np.ndarray
    ref_idx: np.ndarray
    popsh: np.ndarray
    mu: np.ndarray

    @property
    def size(self) -> int:
        """Number of subgroups ``G`` in every stratum of the block."""
        return int(self.est.shape[1])

    @cached_property
    def p(self) -> np.ndarray:
        """Population shares, 0 where the stratum has no populations."""
        return np.nan_to_num(self.popsh)

    @cached_property
    def wmean(self) -> np.ndarray:
        """Population-weighted mean of the estimates (0 without populations)."""
        return np.sum(self.p * self.est, axis=1)

    @cached_property
    def best(self) -> np.ndarray:
        """Best estimate: the highest for a favourable indicator, else the lowest."""
        return np.where(self.favourable, self.est.max(axis=1), self.est.min(axis=1))

    def take(self, rows: slice | np.ndarray) -> Block:
        """The sub-block of the given strata (rows)."""
        return Block(**{name: getattr(self, name)[rows] for name in self.__dataclass_fields__})


@dataclass
class Strata:
    """Stratum keys, stratum-level facts for the applicability rules, and blocks."""

    keys: pd.DataFrame
    n_rows: np.ndarray
    n_est: np.ndarray
    ordered: np.ndarray
    extreme_missing: np.ndarray
    ref_count: np.ndarray
    ref_missing: np.ndarray
    pop_missing: np.ndarray
    average_missing: np.ndarray
    se_missing: np.ndarray
    all_zero: np.ndarray
    outside_scale: np.ndarray
    blocks: list[Block]
    # jamlik's extension: an indicator without a better direction (favourable_indicator
    # 'neutral'); direction-dependent measures do not apply to it.
    neutral: np.ndarray | None = None
    # an estimate ≤ 0 (ratios and log scales undefined) / < 0 (the average may be ≤ 0)
    non_positive: np.ndarray | None = None
    negative: np.ndarray | None = None


def _check_constant(
    values: np.ndarray, starts: np.ndarray, sid: np.ndarray, rows: np.ndarray, column: str
) -> np.ndarray:
    """The stratum's value (its first non-empty one); InputError where another differs."""
    index = np.where(np.isnan(values), len(values), np.arange(len(values)))
    first = np.minimum.reduceat(index, starts)
    known = first < len(values)
    value = np.where(known, values[np.minimum(first, len(values) - 1)], np.nan)
    differs = ~np.isnan(values) & (values != value[sid])
    if differs.any():
        raise InputError(
            f"{column} måste vara samma för alla undergrupper i en mätning",
            row=int(rows[differs].min()),
            column=column,
        )
    return value


def _sort_key(parts: list[tuple[np.ndarray, int]]) -> np.ndarray | None:
    """One int64 that sorts like the tuple of codes, or None if it would overflow."""
    if np.prod([float(max(size, 1)) for _, size in parts]) >= 2.0**62:
        return None
    key = np.zeros(len(parts[0][0]), dtype=np.int64)
    for codes, size in parts:
        key = key * max(size, 1) + codes
    return key


def build_strata(clean: dict) -> Strata:
    """Group the checked columns (from :func:`clean_frame`) into strata and blocks."""
    key_columns = clean["keys"]
    keys_codes = [(clean[f"code_{k}"], len(clean[f"uniques_{k}"])) for k in key_columns]
    perm = _row_order(clean, keys_codes)

    def take(values: np.ndarray) -> np.ndarray:
        return values if perm is None else values[perm]

    sid, starts = _stratum_ids(keys_codes, take)
    keys = pd.DataFrame(
        {k: clean[f"uniques_{k}"].take(take(clean[f"code_{k}"])[starts]) for k in key_columns}
    )
    rows = take(clean["row"])
    col = {c: take(clean[c]) for c in _ROW_COLUMNS}
    _check_unique_subgroups(sid, take(clean["code_subgroup"]), rows)
    for column, name in (
        ("favourable", "favourable_indicator"),  # 2 = neutral (see clean_frame)
        ("ordered", "ordered_dimension"),
        ("scale", "indicator_scale"),
    ):
        _check_constant(col[column], starts, sid, rows, name)
    # The setting average may be given on one row only; other rows then stay empty.
    average = _check_constant(col["setting_average"], starts, sid, rows, "setting_average")
    facts = _stratum_facts(sid, starts, col, average)
    blocks = _blocks(facts["n_est"], col, average, facts["pop_missing"], facts["se_missing"])
    return Strata(keys=keys, blocks=blocks, **facts)


def _row_order(clean: dict, keys_codes: list[tuple[np.ndarray, int]]) -> np.ndarray | None:
    """The permutation that sorts rows by stratum, subgroup order and name (None: sorted)."""
    order_codes, order_values = pd.factorize(clean["order"], sort=True)
    names = clean["code_subgroup"]
    parts = [*keys_codes, (order_codes, len(order_values)), (names, len(clean["uniques_subgroup"]))]
    key = _sort_key(parts)
    if key is None:
        return np.lexsort([codes for codes, _ in reversed(parts)])
    if np.all(key[1:] > key[:-1]):
        return None  # already in order (the usual case): no copies of the columns
    return np.argsort(key)


def _stratum_ids(keys_codes, take) -> tuple[np.ndarray, np.ndarray]:
    """Stratum number of every (sorted) row and the first row of every stratum."""
    stratum = _sort_key(keys_codes)
    if stratum is None:
        stacked = np.stack([take(codes) for codes, _ in keys_codes])
        new = np.r_[True, np.any(stacked[:, 1:] != stacked[:, :-1], axis=0)]
    else:
        stratum = take(stratum)
        new = np.r_[True, stratum[1:] != stratum[:-1]]
    return np.cumsum(new) - 1, np.flatnonzero(new)


def _check_unique_subgroups(sid: np.ndarray, names: np.ndarray, rows: np.ndarray) -> None:
    """InputError on the first row that repeats a subgroup of its stratum."""
    dup = (sid[1:] == sid[:-1]) & (names[1:] == names[:-1])
    if dup.any():
        at = np.flatnonzero(dup)
        row = int(np.maximum(rows[at], rows[at + 1]).min())
        raise InputError(
            "undergruppen förekommer flera gånger i samma mätning", row=row, column="subgroup"
        )


def _stratum_facts(sid: np.ndarray, starts: np.ndarray, col: dict[str, np.ndarray],
                   average: np.ndarray) -> dict[str, np.ndarray]:
    """The stratum-level facts of :class:`Strata` that the applicability rules read."""
    n_strata = len(starts)
    n_rows = np.bincount(sid, minlength=n_strata)
    est = col["estimate"]
    has_est = ~np.isnan(est)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(sid, weights=mask, minlength=n_strata)

    ordered = col["ordered"][starts] == 1 if n_strata else np.zeros(0, bool)
    last = starts + n_rows - 1
    ref = col["reference"]
    ref_count = count(ref).astype(int)
    pop = col["population"]
    pop_total = np.bincount(
        sid, weights=np.where(has_est, np.nan_to_num(pop), 0.0), minlength=n_strata
    )
    return dict(
        n_rows=n_rows, n_est=count(has_est).astype(int), ordered=ordered,
        extreme_missing=ordered & (np.isnan(est[starts]) | np.isnan(est[last])),
        ref_count=ref_count, ref_missing=(ref_count == 1) & (count(ref & ~has_est) == 1),
        pop_missing=(count(has_est & np.isnan(pop)) > 0) | (pop_total <= 0),
        average_missing=np.isnan(average),
        se_missing=count(has_est & np.isnan(col["se"])) > 0,
        all_zero=count(has_est & (est != 0)) == 0,
        outside_scale=count(has_est & ((est < 0) | (est > col["scale"]))) > 0,
        neutral=col["favourable"][starts] == NEUTRAL,
        non_positive=count(has_est & (est <= 0)) > 0,
        negative=(count(has_est & (est < 0)) > 0) | (average <= 0),
    )  # fmt: skip


def _blocks(n_est: np.ndarray, col: dict[str, np.ndarray], average: np.ndarray,
            pop_missing: np.ndarray, se_missing: np.ndarray) -> list[Block]:
    """Strata with the same number of estimates stacked, at most ``BLOCK_ELEMENTS`` a block."""
    keep = np.flatnonzero(~np.isnan(col["estimate"]))
    kstarts = np.cumsum(n_est) - n_est
    blocks = []
    for size in np.unique(n_est[n_est > 0]):
        same = np.flatnonzero(n_est == size)
        step = max(1, BLOCK_ELEMENTS // int(size))
        for members in np.split(same, np.arange(step, len(same), step)):
            idx = keep[kstarts[members][:, None] + np.arange(size)]
            blocks.append(_block(members, idx, col, average, pop_missing, se_missing))
    return blocks


def _block(
    members: np.ndarray,
    idx: np.ndarray,
    col: dict[str, np.ndarray],
    average: np.ndarray,
    pop_missing: np.ndarray,
    se_missing: np.ndarray,
) -> Block:
    est = col["estimate"][idx]
    pop = col["population"][idx]
    ref = col["reference"][idx]
    has_pop = ~pop_missing[members]
    with np.errstate(invalid="ignore", divide="ignore"):
        popsh = pop / pop.sum(axis=1, keepdims=True)
    popsh[~has_pop] = np.nan
    avg = average[members]
    # HEAT's get_weighted_mean: the population-weighted mean of the estimates when
    # every subgroup has a population, otherwise the reported setting average.
    mu = np.where(has_pop, np.sum(np.nan_to_num(popsh) * est, axis=1), avg)
    return Block(
        sid=members, est=est, se=col["se"][idx], pop=pop, order=col["order"][idx], ref=ref,
        favourable=col["favourable"][idx[:, 0]] >= 1, ordered=col["ordered"][idx[:, 0]] == 1,
        scale=col["scale"][idx[:, 0]], average=avg, has_pop=has_pop,
        has_se=~se_missing[members], has_ref=ref.sum(axis=1) == 1,
        ref_idx=np.argmax(ref, axis=1), popsh=popsh, mu=mu,
    )  # fmt: skip
