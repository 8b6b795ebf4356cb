"""Disclosure control for tables of counts: primary and secondary cell suppression.

Statistics from person-level data must not reveal a small group. The primary rule
withholds a cell whose count (or the count of its complement) is between 1 and
``min_count − 1``; the secondary rule then withholds further cells wherever a sum would
let a reader recover a withheld one by subtraction: in every additive relation (a total
and its subgroups; a municipality and the areas within it), a single withheld member
is joined by the member with the smallest count, until no relation has exactly one.

This is the "at least two suppressed cells per marginal" heuristic of Statistics
Sweden's and Eurostat's guidance (Hundepool et al., *Statistical Disclosure Control*,
Wiley 2012, §4.2 and §5.4); it protects against recovery from one relation at a time,
not against linear programming over many (for that, use τ-ARGUS). For small tables,
:func:`recoverable_cells` finds every withheld cell that the relations *together* still
determine exactly (a linear-algebra audit), so that a caller can withhold more.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

__all__ = [
    "PRIMARY", "SECONDARY", "SMALL_DENOMINATOR", "SMALL_NUMERATOR", "apply_small_numbers",
    "primary_suppression", "recoverable_cells", "secondary_suppression", "small_counts",
    "small_numbers",
]

PRIMARY = "färre än {k} personer (primär röjandekontroll)"
SECONDARY = "skyddar en undertryckt cell i samma summa (sekundär röjandekontroll)"
SMALL_NUMERATOR = "färre än {k:g} i täljaren (regeln om små tal)"
SMALL_DENOMINATOR = "färre än {k:g} i nämnaren (regeln om små tal)"
#: What the small-number rule removes from a row of the long format.
_WITHHELD = ("value", "se", "lower", "upper", "numerator", "denominator", "population")


def small_counts(counts: np.ndarray, minimum: float, *,
                 complements: np.ndarray | None = None) -> np.ndarray:
    """The one small-count test behind both the disclosure rules and the small-number rule.

    A count from 1 up to (not including) ``minimum`` is small; 0 is not (an empty cell
    reveals nobody), nor is an unknown (NaN) count. Where ``complements`` are given
    (for a proportion: denominator − numerator) a small complement makes the cell
    small too: 98 % of 100 reveals the two who are not counted.

    Parameters
    ----------
    counts, complements : array of shape (n,)
    minimum : float
        The smallest count that may be shown.

    Returns
    -------
    numpy.ndarray of bool, shape (n,)

    Examples
    --------
    >>> small_counts([0, 1, 4, 5, np.nan], 5).tolist()
    [False, True, True, False, False]
    >>> small_counts([98], 5, complements=[2]).tolist()
    [True]
    """
    counts = np.asarray(counts, dtype=float)
    with np.errstate(invalid="ignore"):
        small = (counts > 0) & (counts < minimum)
        if complements is not None:
            complements = np.asarray(complements, dtype=float)
            small |= (complements > 0) & (complements < minimum)
    return small


def primary_suppression(counts: np.ndarray, *, min_count: int = 5,
                        complements: np.ndarray | None = None) -> np.ndarray:
    """Which cells the primary rule withholds.

    Parameters
    ----------
    counts : array of shape (n,)
        Persons behind each cell (a denominator, or a numerator).
    min_count : int
        The threshold: counts ``1 … min_count − 1`` are withheld; 0 is not (an empty cell
        reveals nobody), but a cell whose ``complements`` count is ``1 … min_count − 1``
        is (a share of 98 % among 100 reveals the two who are not counted).
    complements : array of shape (n,), optional
        For proportions: denominator − numerator.

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
    """
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ArgumentError(f"min_count måste vara ett heltal ≥ 1, fick {min_count!r}")
    return small_counts(counts, min_count, complements=complements)


def secondary_suppression(members: pd.DataFrame, counts: np.ndarray,
                          suppressed: np.ndarray, *, max_rounds: int = 50) -> np.ndarray:
    """Extend a suppression pattern so that no additive relation reveals a withheld cell.

    Parameters
    ----------
    members : DataFrame with columns ``relation``, ``cell``, ``role``
        One row per membership: ``cell`` is a position in ``counts``, ``relation`` any
        hashable id of an additive relation, ``role`` ``"total"`` or ``"part"``. A cell can
        belong to many relations (a DeSO's women are parts of the DeSO's total and of the
        municipality's women).
    counts : array of shape (n,)
        Persons behind each cell; the smallest unsuppressed part is withheld next.
    suppressed : array of bool, shape (n,)
        The primary pattern.

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
        The pattern after secondary suppression (a superset of ``suppressed``).
    """
    missing = {"relation", "cell", "role"} - set(members.columns)
    if missing:
        raise ArgumentError(f"members saknar kolumnerna {sorted(missing)}")
    result = np.asarray(suppressed, dtype=bool).copy()
    counts = np.asarray(counts, dtype=float)
    totals = members[members["role"] == "total"].drop_duplicates("relation")
    # A relation without a known total is no equation: nothing can be recovered from it.
    members = members[members["relation"].isin(totals["relation"])]
    relation = members["relation"].to_numpy()
    cell = members["cell"].to_numpy().astype(int)
    is_part = (members["role"] == "part").to_numpy()
    for _ in range(max_rounds):
        hidden = result[cell]
        unknowns = pd.Series(hidden).groupby(relation).sum()
        exposed = unknowns[unknowns == 1].index.to_numpy()
        if not len(exposed):
            return result
        # Withhold the smallest visible part of each exposed relation (its total if none).
        open_ = np.isin(relation, exposed) & ~hidden
        candidates = pd.DataFrame({"relation": relation[open_], "cell": cell[open_],
                                   "total": ~is_part[open_], "count": counts[cell[open_]]})
        if candidates.empty:
            return result
        chosen = candidates.sort_values(["relation", "total", "count", "cell"]).drop_duplicates(
            "relation")["cell"].to_numpy()
        result[chosen] = True
    raise ArgumentError(f"sekundär röjandekontroll blev inte klar på {max_rounds} varv")


def _minimum(name: str, given: object) -> float | None:
    if given is None:
        return None
    if isinstance(given, bool) or not isinstance(given, (int, float, np.number)) \
            or not np.isfinite(given) or given < 0:
        raise ArgumentError(f"{name} måste vara None eller ett tal ≥ 0, fick {given!r}")
    return float(given) if given > 0 else None


def _counts(name: str, values: object, size: int | None) -> np.ndarray:
    try:
        array = np.atleast_1d(np.asarray(values, dtype=float))
    except (TypeError, ValueError):
        raise ArgumentError(f"{name} måste vara en följd av tal") from None
    if array.ndim != 1 or (size is not None and array.size != size):
        raise ArgumentError(f"{name} måste vara en följd av tal lika lång som numerator")
    return array


def small_numbers(
    numerator: object,
    denominator: object,
    *,
    min_numerator: float | None = None,
    min_denominator: float | None = None,
    proportion: object = False,
) -> pd.DataFrame:
    """The small-number rule: which values are not shown or downloaded, and why.

    The same test as the disclosure rules (:func:`small_counts`): a count from 1 up
    to its minimum is small, 0 and unknown counts are not.

    Parameters
    ----------
    numerator, denominator
        Counts, shape (n,); NaN where not known (an unknown count never causes
        suppression by itself: the rule cannot be checked, and the row is kept).
    min_numerator, min_denominator
        The smallest numerator and denominator that may be shown (e.g. 5 and 30);
        None or 0 switches that part of the rule off.
    proportion
        bool or array of bool, shape (n,): rows that are proportions, whose
        complement (denominator − numerator) must reach ``min_numerator`` too.

    Returns
    -------
    pandas.DataFrame
        ``suppressed`` (bool), ``reason`` (Swedish text, None when shown: it names
        the threshold, never the count), ``rule`` (``"numerator"``,
        ``"denominator"`` or None) and ``minimum`` (the threshold broken), one row
        per input. A small denominator is given as the reason before a small
        numerator.

    Raises
    ------
    ArgumentError
        Minimums that are not None or a number ≥ 0; arrays of different lengths.

    Notes
    -----
    Statistics Sweden and the Swedish regions suppress cells below a few persons
    (often 3 or 5) and survey estimates below about 30 respondents; the limits are
    settings of the city (``JAMLIK_SMALL_NUMBER_MIN_NUMERATOR`` and
    ``…_MIN_DENOMINATOR``), not fixed here.

    Examples
    --------
    >>> small_numbers([2, 40], [20, 100], min_numerator=5, min_denominator=30)["reason"].tolist()
    ['färre än 30 i nämnaren (regeln om små tal)', None]
    """
    lowest_x = _minimum("min_numerator", min_numerator)
    lowest_n = _minimum("min_denominator", min_denominator)
    x = _counts("numerator", numerator, None)
    n = _counts("denominator", denominator, x.size)
    share = np.broadcast_to(np.asarray(proportion, dtype=bool), x.shape)
    rule = np.full(x.size, None, dtype=object)
    minimum = np.full(x.size, np.nan)
    reason = np.full(x.size, None, dtype=object)
    for name, lowest, small, text in (
        ("numerator", lowest_x, lambda k: small_counts(
            x, k, complements=np.where(share, n - x, np.nan)), SMALL_NUMERATOR),
        ("denominator", lowest_n, lambda k: small_counts(n, k), SMALL_DENOMINATOR),
    ):
        if lowest is not None:
            hit = small(lowest)
            rule[hit], minimum[hit], reason[hit] = name, lowest, text.format(k=lowest)
    return pd.DataFrame({"suppressed": rule != None,  # noqa: E711
                         "reason": pd.Series(reason, dtype=object),
                         "rule": pd.Series(rule, dtype=object), "minimum": minimum})


def apply_small_numbers(frame: pd.DataFrame, *, min_numerator: float | None = None,
                        min_denominator: float | None = None) -> pd.DataFrame:
    """A long-format table with the small-number rule applied, for showing or downloading.

    Rows under a threshold (:func:`small_numbers`; a row whose ``kind`` is
    ``proportion`` checks its complement too) lose their value, se, limits, counts
    and population, get ``suppressed`` True and the rule's reason as
    ``suppression_reason``; a row already suppressed keeps its own reason.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long-format rows with ``numerator`` and ``denominator`` (others optional).
    min_numerator, min_denominator
        As for :func:`small_numbers`.

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself when nothing is withheld, else a copy.
    """
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"frame måste vara en pandas.DataFrame, fick {type(frame).__name__}")
    if frame.empty or not {"numerator", "denominator"} <= set(frame.columns):
        _minimum("min_numerator", min_numerator), _minimum("min_denominator", min_denominator)
        return frame
    share = (frame["kind"] == "proportion").to_numpy(dtype=bool) if "kind" in frame else False
    rule = small_numbers(frame["numerator"].to_numpy(dtype=float, na_value=np.nan),
                         frame["denominator"].to_numpy(dtype=float, na_value=np.nan),
                         min_numerator=min_numerator, min_denominator=min_denominator,
                         proportion=share)
    hit = rule["suppressed"].to_numpy()
    if not hit.any():
        return frame
    out = frame.copy()
    for column in _WITHHELD:
        if column in out.columns:
            out.loc[hit, column] = np.nan
    already = (out["suppressed"].fillna(False).to_numpy(dtype=bool) if "suppressed" in out
               else np.zeros(len(out), dtype=bool))
    reason = out["suppression_reason"] if "suppression_reason" in out else pd.Series(
        None, index=out.index, dtype=object)
    reason = reason.astype(object).where(~hit | already, rule["reason"].to_numpy())
    out["suppression_reason"] = reason.where(reason.notna(), None)
    suppressed = already | hit
    out["suppressed"] = (pd.array(suppressed, dtype="boolean")
                         if "suppressed" in frame and str(frame["suppressed"].dtype) == "boolean"
                         else suppressed)
    return out
def recoverable_cells(members: pd.DataFrame, suppressed: np.ndarray, *,
                      tolerance: float = 1e-9) -> np.ndarray:
    """Which withheld cells the published cells and all relations together determine.

    Every relation says ``total − Σ parts = 0``. With the visible cells known, the
    withheld ones are the unknowns of a linear system; a withheld cell is recovered
    exactly when it takes the same value in every solution, i.e. when its coordinate
    is zero in every vector of the null space of the system's matrix.

    Parameters
    ----------
    members : DataFrame with columns ``relation``, ``cell``, ``role``
        As for :func:`secondary_suppression`.
    suppressed : array of bool, shape (n,)
        The pattern to audit.
    tolerance : float
        Below this a null-space coordinate counts as zero.

    Returns
    -------
    numpy.ndarray of bool, shape (n,)
        True for withheld cells that can be recovered by differencing (any number of
        relations at once).

    Notes
    -----
    Dense singular value decomposition: meant for the tables of one survey question
    (hundreds of cells), not for registers of millions.
    """
    hidden = np.flatnonzero(np.asarray(suppressed, dtype=bool))
    result = np.zeros(len(suppressed), dtype=bool)
    if not len(hidden):
        return result
    totals = set(members.loc[members["role"] == "total", "relation"])
    members = members[members["relation"].isin(totals)]
    column = {cell: i for i, cell in enumerate(hidden)}
    relations = {relation: i for i, relation in enumerate(pd.unique(members["relation"]))}
    matrix = np.zeros((max(len(relations), 1), len(hidden)))
    for relation, cell, role in members[["relation", "cell", "role"]].itertuples(index=False):
        if int(cell) in column:
            matrix[relations[relation], column[int(cell)]] += 1.0 if role == "total" else -1.0
    _u, singular, vt = np.linalg.svd(matrix, full_matrices=True)
    rank = int((singular > tolerance * max(1.0, singular.max(initial=0.0))).sum())
    null = vt[rank:]
    free = np.abs(null).max(axis=0, initial=0.0) > 1e-7 if len(null) else np.zeros(len(hidden),
                                                                                     dtype=bool)
    result[hidden[~free]] = True
    return result
