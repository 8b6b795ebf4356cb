"""Where new sites do most good: maximal covering, set covering and p-median.

The models are the classic ones, built directly as sparse matrices and solved
exactly by HiGHS (:mod:`._milp`):

* maximal covering location (MCLP; Church & ReVelle 1974, *Papers of the
  Regional Science Association* 32: 101–118): choose ``p`` new sites to maximise
  the need-weighted population within ``radius`` of an open site;
* location set covering (LSCP; Toregas et al. 1971, *Operations Research* 19:
  1363–1373): the fewest new sites so that everyone is within ``radius``;
* p-median (Hakimi 1964; ReVelle & Swain 1970, *Geographical Analysis* 2:
  30–42): choose ``p`` new sites to minimise the weighted distance to the
  nearest open site.

Existing sites are open and fixed: demand they already cover drops out of the
covering models, and in p-median each point may stay with its nearest existing
site. The equity constraint planners ask for, "at least one site within every
district", is ``min_per_district``: every district named among the candidates
gets at least one chosen candidate unless an existing site lies in it.
``min_coverage`` asks instead that at least that share of each demand district's
weight be covered (MCLP). Before solving, the MCLP is reduced exactly
(:mod:`._reduce`: merged demand rows, rows of one candidate folded into its
objective, dominated candidates left out) and HiGHS starts from the greedy
solution improved by swaps; set covering merges its demand rows the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import sparse

from jamlik.errors import ArgumentError

from ._distance import StraightLine, _points, _radius
from ._milp import solve_milp
from ._reduce import greedy, local_search, merge_rows, reduce_covering

__all__ = ["Placement", "coverage_by_district", "maximal_covering", "p_median", "set_covering"]


@dataclass(frozen=True)
class Placement:
    """The answer of a location model.

    Attributes
    ----------
    model : str
        ``mclp``, ``lscp`` or ``pmedian``.
    chosen : numpy.ndarray of int
        Positions of the chosen candidates, ascending.
    status : str
        The solver's status: ``optimal``, ``infeasible``, ``time_limit``, ...
    gap : float
        Relative optimality gap (0 when proven optimal).
    objective : float
        Covered weight (MCLP, existing coverage included), number of new sites
        (LSCP), or total weighted distance in metres (p-median).
    total_weight : float
        Σ weight of all demand.
    covered_before, covered_after : numpy.ndarray of bool, shape ``(n,)``
        Whether each demand point is within ``radius`` of an existing site,
        and of an existing or chosen one (all False for p-median without radius).
    distance_before, distance_after : numpy.ndarray, shape ``(n,)``
        Distance to the nearest existing, and nearest open, site (metres).
    reason : str or None
        Why there is no solution, when there is none.
    seconds : float
        Solver time.
    """

    model: str
    chosen: np.ndarray
    status: str
    gap: float
    objective: float
    total_weight: float
    covered_before: np.ndarray
    covered_after: np.ndarray
    distance_before: np.ndarray
    distance_after: np.ndarray
    reason: str | None
    seconds: float


@dataclass
class _Problem:
    demand: np.ndarray
    weight: np.ndarray
    candidates: np.ndarray
    existing: np.ndarray
    radius: float | None
    metric: object
    candidate_district: np.ndarray | None
    existing_district: np.ndarray | None


def _problem(demand, weight, candidates, existing, radius, metric,
             candidate_district, existing_district) -> _Problem:
    demand = _points(demand, "demand")
    candidates = _points(candidates, "candidates")
    existing = _points(np.zeros((0, 2)) if existing is None else existing, "existing")
    weight = np.asarray(weight, dtype=float)
    if weight.shape != (len(demand),) or not np.isfinite(weight).all() or (weight < 0).any():
        raise ArgumentError(f"weight måste vara {len(demand)} ändliga tal ≥ 0")
    for name, values, size in (("candidate_district", candidate_district, len(candidates)),
                               ("existing_district", existing_district, len(existing))):
        if values is not None and len(values) != size:
            raise ArgumentError(f"{name} måste ha {size} värden, fick {len(values)}")
    return _Problem(demand, weight, candidates, existing,
                    None if radius is None else _radius(radius), metric or StraightLine(),
                    None if candidate_district is None else np.asarray(candidate_district, object),
                    None if existing_district is None else np.asarray(existing_district, object))


def _sites_count(sites: int, candidates: int) -> int:
    if isinstance(sites, bool) or int(sites) != sites or not 0 <= sites <= candidates:
        raise ArgumentError(f"sites måste vara ett heltal 0–{candidates} (antal kandidater), "
                            f"fick {sites!r}")
    return int(sites)


def _district_rows(problem: _Problem, width: int) -> tuple[sparse.csr_array, list[str]]:
    """One row per district without an existing site: Σ chosen candidates in it ≥ 1."""
    names = problem.candidate_district
    if names is None:
        raise ArgumentError("min_per_district kräver candidate_district (distrikt per kandidat)")
    present = {str(d) for d in names if str(d).strip() not in ("", "nan", "None")}
    served = set() if problem.existing_district is None else {
        str(d) for d in problem.existing_district}
    needed = sorted(present - served)
    rows, cols = [], []
    for row, district in enumerate(needed):
        members = np.flatnonzero(names.astype(str) == district)
        rows.extend([row] * len(members))
        cols.extend(members.tolist())
    matrix = sparse.csr_array((np.ones(len(rows)), (rows, cols)), shape=(len(needed), width))
    return matrix, needed


def _coverage(problem: _Problem) -> tuple[sparse.csr_array, np.ndarray]:
    """Candidate coverage (n × m) and whether existing sites already cover each point."""
    cover = problem.metric.pairs(problem.demand, problem.candidates, problem.radius).coverage()
    existing = problem.metric.pairs(problem.demand, problem.existing, problem.radius).coverage()
    return cover, np.asarray(existing.sum(axis=1) > 0).ravel()


def _nearest(problem: _Problem, points: np.ndarray) -> np.ndarray:
    if len(points) == 0:
        return np.full(len(problem.demand), np.inf)
    return problem.metric.nearest(problem.demand, points)[0]


def _finish(problem, model, solution, chosen, before, after, objective, reason=None):
    open_sites = np.concatenate([problem.existing, problem.candidates[chosen]])
    return Placement(
        model=model, chosen=chosen, status=solution.status if solution else "infeasible",
        gap=solution.gap if solution else np.inf, objective=objective,
        total_weight=float(problem.weight.sum()), covered_before=before, covered_after=after,
        distance_before=_nearest(problem, problem.existing),
        distance_after=_nearest(problem, open_sites), reason=reason,
        seconds=solution.seconds if solution else 0.0)


def _chosen(solution, count: int) -> np.ndarray:
    if solution is None or solution.values is None:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(solution.values[:count] > 0.5).astype(np.int64)


def maximal_covering(demand, weight, candidates, *, radius: float, sites: int, existing=None,
                     candidate_district=None, existing_district=None,
                     min_per_district: bool = False, demand_district=None,
                     min_coverage: float | None = None, metric=None,
                     time_limit: float | None = None, mip_gap: float = 0.0) -> Placement:
    """Maximal covering location: ``sites`` new sites covering the most weight.

    Parameters
    ----------
    demand : array ``(n, 2)``, weight : array ``(n,)``
        Demand points (metres) and their need-weighted population.
    candidates : array ``(m, 2)``
        Candidate sites (metres).
    radius : float
        Coverage threshold in metres (a point within ``radius`` is covered).
    sites : int
        Number of new sites ``p`` (exactly ``p`` are chosen).
    existing : array ``(e, 2)``, optional
        Open sites that stay open.
    candidate_district, existing_district : sequences of str, optional
        District of each candidate / existing site (``min_per_district``).
    min_per_district : bool
        At least one chosen candidate in every district named among the
        candidates that has no existing site.
    demand_district : sequence of str, optional, and min_coverage : float in [0, 1]
        At least this share of each demand district's weight covered.
    metric
        Distance metric (straight line by default).
    time_limit, mip_gap
        Solver limits; with the defaults the optimum is proven.

    Returns
    -------
    Placement
        ``objective`` is the covered weight including existing coverage.

    Raises
    ------
    jamlik.errors.ArgumentError
        For inconsistent shapes, a negative weight or ``sites`` out of range.
    """
    problem = _problem(demand, weight, candidates, existing, radius, metric,
                       candidate_district, existing_district)
    sites = _sites_count(sites, len(problem.candidates))
    cover, before = _coverage(problem)
    district = None if demand_district is None else np.asarray(demand_district, object)
    if min_coverage is not None and (district is None or not 0 <= min_coverage <= 1):
        raise ArgumentError("min_coverage kräver demand_district och ett värde mellan 0 och 1")
    open_rows = np.flatnonzero(~before & (np.diff(cover.indptr) > 0) & (problem.weight > 0))
    if min_per_district:
        _rows, needed = _district_rows(problem, len(problem.candidates))
        if len(needed) > sites:
            return _too_few(problem, "mclp", before, needed, sites)
    reduced = reduce_covering(cover, problem.weight, open_rows, district=district,
                              candidate_key=problem.candidate_district if min_per_district
                              else None, fold=min_coverage is None)
    solution = _solve_reduced(problem, reduced, sites, district, before, min_per_district,
                              min_coverage, time_limit, mip_gap)
    chosen = reduced.keep[_chosen(solution, len(reduced.keep))]
    if solution.values is not None:
        chosen = _pad(chosen, sites, len(problem.candidates))
    after = before | (np.asarray(cover[:, chosen].sum(axis=1)).ravel() > 0)
    covered = float(problem.weight[after].sum()) if solution.values is not None else np.nan
    return _finish(problem, "mclp", solution, chosen, before, after, covered,
                   None if solution.values is not None else _why(solution.status))


def _solve_reduced(problem, reduced, sites, district, before, min_per_district, min_coverage,
                   time_limit, mip_gap):
    """The reduced MCLP: max bonus·x + w·y, y_g ≤ Σ_{j reaches g} x_j, Σ x = p, side rows."""
    k, g = len(reduced.keep), len(reduced.weight)
    count = min(sites, k)  # dominated candidates only pad the choice (see _pad)
    link = sparse.hstack([-reduced.groups, sparse.eye_array(g)])
    blocks = [link, sparse.csr_array(np.r_[np.ones(k), np.zeros(g)][None, :])]
    lower, upper = [np.full(g, -np.inf), [count]], [np.zeros(g), [count]]
    if min_per_district:
        rows, _needed = _district_rows(problem, len(problem.candidates))
        rows = sparse.csr_array(sparse.csc_array(rows)[:, reduced.keep])
        blocks.append(sparse.hstack([rows, sparse.csr_array((rows.shape[0], g))]))
        lower.append(np.ones(rows.shape[0]))
        upper.append(np.full(rows.shape[0], np.inf))
    if min_coverage is not None:
        rows, need = _coverage_rows(problem, district, before, reduced, min_coverage)
        blocks.append(sparse.hstack([sparse.csr_array((rows.shape[0], k)), rows]))
        lower.append(need)
        upper.append(np.full(rows.shape[0], np.inf))
    free = not (min_per_district or min_coverage is not None)
    start = _full(reduced, local_search(reduced, greedy(reduced, count))) if free else None
    solution = solve_milp(np.r_[reduced.bonus, reduced.weight], sparse.vstack(blocks),
                          np.concatenate(lower), np.concatenate(upper), np.zeros(k + g),
                          np.ones(k + g), np.r_[np.ones(k, bool), np.zeros(g, bool)],
                          maximise=True, time_limit=time_limit, mip_gap=mip_gap, start=start)
    if free and solution.status != "optimal" and solution.values is not None:
        # stopped by a limit: polish the incumbent by swaps; HiGHS' bound still holds
        polished = _full(reduced, local_search(reduced, solution.values[:k] > 0.5))
        value = float(np.r_[reduced.bonus, reduced.weight] @ polished)
        if value > solution.objective:
            gap = max(0.0, (solution.bound - value) / max(abs(value), 1e-12))
            solution = replace(solution, values=polished, objective=value, gap=gap)
    return solution


def _full(reduced, chosen: np.ndarray) -> np.ndarray:
    """The model's columns for a choice of kept candidates: x, then y (row reached)."""
    return np.r_[chosen, (reduced.groups @ chosen.astype(float)) > 0].astype(float)


def _pad(chosen: np.ndarray, sites: int, m: int) -> np.ndarray:
    """Exactly ``sites`` candidates: when fewer were kept than asked for, the first
    left-out ones fill up (they add nothing, being dominated, but ``p`` is ``p``)."""
    if len(chosen) >= sites:
        return chosen
    rest = np.setdiff1d(np.arange(m), chosen)[:sites - len(chosen)]
    return np.sort(np.r_[chosen, rest]).astype(np.int64)


def _coverage_rows(problem, district, before, reduced, share):
    """Rows Σ_{rows in D} w_g y_g ≥ share·W_D − (weight in D already covered)."""
    names = sorted({str(d) for d in district})
    text = district.astype(str)
    group_district = text[reduced.rows]
    rows, cols, values, need = [], [], [], []
    for row, name in enumerate(names):
        members = np.flatnonzero(group_district == name)
        rows.extend([row] * len(members))
        cols.extend(members.tolist())
        values.extend(reduced.weight[members].tolist())
        inside = text == name
        need.append(share * problem.weight[inside].sum()
                    - problem.weight[inside & before].sum())
    matrix = sparse.csr_array((values, (rows, cols)), shape=(len(names), len(reduced.weight)))
    return matrix, np.asarray(need) - 1e-9


def _too_few(problem, model, before, needed, sites) -> Placement:
    shown = ", ".join(needed[:5]) + (" …" if len(needed) > 5 else "")
    reason = (f"{len(needed)} distrikt saknar plats ({shown}) men bara {sites} nya platser "
              "får väljas; öka antalet eller släpp kravet på en plats per distrikt")
    return _finish(problem, model, None, np.zeros(0, np.int64), before, before, np.nan, reason)


def _why(status: str) -> str:
    if status == "infeasible":
        return ("inget val uppfyller villkoren (t.ex. fler distrikt som måste få en plats "
                "än antalet nya platser, eller en täckning som inte kan nås)")
    return f"lösaren gav ingen lösning ({status})"


def set_covering(demand, candidates, *, radius: float, existing=None, weight=None,
                 candidate_district=None, existing_district=None,
                 min_per_district: bool = False, metric=None,
                 time_limit: float | None = None, mip_gap: float = 0.0) -> Placement:
    """Location set covering: the fewest new sites putting every point within ``radius``.

    Parameters are as for :func:`maximal_covering`; ``weight`` (default 1 each)
    only enters the coverage figures: points with weight 0 need no cover.
    When some point has no candidate and no existing site within ``radius``,
    no solution exists: ``status`` is ``infeasible`` and ``reason`` names how
    many points and the first of them.

    Returns
    -------
    Placement
        ``objective`` is the number of new sites.
    """
    demand_points = _points(demand, "demand")
    weight = np.ones(len(demand_points)) if weight is None else weight
    problem = _problem(demand_points, weight, candidates, existing, radius, metric,
                       candidate_district, existing_district)
    cover, before = _coverage(problem)
    need = ~before & (problem.weight > 0)
    lonely = np.flatnonzero(need & (np.diff(cover.indptr) == 0))
    if len(lonely):
        reason = (f"{len(lonely)} efterfrågepunkter har ingen kandidat inom {radius:g} m "
                  f"(den första är nummer {lonely[0] + 1})")
        return _finish(problem, "lscp", None, np.zeros(0, np.int64), before, before,
                       np.nan, reason)
    rows = np.flatnonzero(need)
    _, first = merge_rows(cover[rows])
    m = len(problem.candidates)
    blocks = [cover[rows[first]].astype(float)]
    lower, upper = [np.ones(len(first))], [np.full(len(first), np.inf)]
    if min_per_district:
        district_rows, _ = _district_rows(problem, m)
        blocks.append(district_rows)
        lower.append(np.ones(district_rows.shape[0]))
        upper.append(np.full(district_rows.shape[0], np.inf))
    solution = solve_milp(np.ones(m), sparse.vstack(blocks), np.concatenate(lower),
                          np.concatenate(upper), np.zeros(m), np.ones(m), np.ones(m, bool),
                          time_limit=time_limit, mip_gap=mip_gap)
    chosen = _chosen(solution, m)
    after = before | (np.asarray(cover[:, chosen].sum(axis=1)).ravel() > 0)
    return _finish(problem, "lscp", solution, chosen, before, after,
                   float(len(chosen)) if solution.values is not None else np.nan,
                   None if solution.values is not None else _why(solution.status))


def coverage_by_district(placement: Placement, weight, *, district=None,
                         group=None) -> pd.DataFrame:
    """Coverage before and after per district and group.

    Parameters
    ----------
    placement : Placement
        A model's answer.
    weight : array ``(n,)``
        The weight of each demand point (as given to the model, or another
        measure such as the number of children, to report by).
    district, group : sequences of str, optional
        Each demand point's district and group (one row per point and group).

    Returns
    -------
    DataFrame
        ``district, group, weight, covered_before, covered_after,
        share_before, share_after, mean_distance_before, mean_distance_after``;
        a last row ``district = "alla"`` sums every district of a group.
    """
    weight = np.asarray(weight, dtype=float)
    size = len(weight)
    frame = pd.DataFrame({
        "district": np.asarray(district, object) if district is not None else ["alla"] * size,
        "group": np.asarray(group, object) if group is not None else ["alla"] * size,
        "weight": weight,
        "covered_before": np.where(placement.covered_before, weight, 0.0),
        "covered_after": np.where(placement.covered_after, weight, 0.0),
        "distance_before": weight * placement.distance_before,
        "distance_after": weight * placement.distance_after,
    })
    if district is not None:
        frame = pd.concat([frame, frame.assign(district="alla")], ignore_index=True)
    sums = frame.groupby(["district", "group"], sort=True).sum(numeric_only=True).reset_index()
    total = sums["weight"].where(sums["weight"] > 0)
    sums["share_before"] = sums["covered_before"] / total
    sums["share_after"] = sums["covered_after"] / total
    sums["mean_distance_before"] = sums.pop("distance_before") / total
    sums["mean_distance_after"] = sums.pop("distance_after") / total
    return sums
