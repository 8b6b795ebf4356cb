"""p-median: new sites that bring people nearest, on average, to an open site.

The strong formulation of ReVelle & Swain (1970): binary ``x_j`` opens candidate
``j``; ``z_ij`` assigns point ``i`` to ``j`` with ``z_ij ≤ x_j``; each point is
assigned once; ``Σ x = p``. Existing sites are open: a point may stay with its
nearest existing site (one variable ``s_i``, at that distance), so only the
candidates nearer than it are variables, which shrinks the model a lot once
sites exist. ``radius`` (optional) forbids assignments beyond it.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from ._locate import (
    Placement, _chosen, _district_rows, _finish, _problem, _sites_count, _too_few, _why,
)
from ._milp import solve_milp

__all__ = ["p_median"]


def p_median(demand, weight, candidates, *, sites: int, existing=None, radius: float | None = None,
             candidate_district=None, existing_district=None, min_per_district: bool = False,
             metric=None, time_limit: float | None = None, mip_gap: float = 0.0) -> Placement:
    """p-median location: ``sites`` new sites minimising Σ weight × distance to the nearest.

    Parameters
    ----------
    demand : array ``(n, 2)``, weight : array ``(n,)``
        Demand points (metres) and weights.
    candidates : array ``(m, 2)``
        Candidate sites (metres); the full ``(n, m)`` distance matrix is computed.
    sites : int
        Number of new sites.
    existing : array ``(e, 2)``, optional
        Open sites that stay open.
    radius : float, optional
        Largest allowed distance to the assigned site (metres).
    candidate_district, existing_district, min_per_district, metric, time_limit, mip_gap
        As for :func:`maximal_covering`.

    Returns
    -------
    Placement
        ``objective`` is Σ weight × distance (metre-weight units) to the assigned
        site; ``covered_*`` mark points within ``radius`` (all False without it).
    """
    problem = _problem(demand, weight, candidates, existing, radius, metric,
                       candidate_district, existing_district)
    sites = _sites_count(sites, len(problem.candidates))
    limit = np.inf if problem.radius is None else problem.radius
    distance = problem.metric.matrix(problem.demand, problem.candidates)
    nearest_existing = (problem.metric.nearest(problem.demand, problem.existing)[0]
                        if len(problem.existing) else np.full(len(problem.demand), np.inf))
    stay = np.where(nearest_existing <= limit, nearest_existing, np.inf)
    useful = (distance < stay[:, None]) & (distance <= limit)
    lonely = np.flatnonzero(~useful.any(axis=1) & ~np.isfinite(stay))
    before = nearest_existing <= limit if problem.radius is not None else np.zeros(
        len(problem.demand), bool)
    if len(lonely):
        reason = (f"{len(lonely)} efterfrågepunkter har ingen plats inom {limit:g} m "
                  f"(den första är nummer {lonely[0] + 1})")
        return _finish(problem, "pmedian", None, np.zeros(0, np.int64), before, before,
                       np.nan, reason)
    if min_per_district:
        needed = _district_rows(problem, len(problem.candidates))[1]
        if len(needed) > sites:
            return _too_few(problem, "pmedian", before, needed, sites)
    rows = np.flatnonzero(useful.any(axis=1))
    fixed = float((problem.weight * np.where(useful.any(axis=1), 0, stay)).sum())
    solution = _solve(problem, distance, useful, stay, rows, sites, min_per_district,
                      time_limit, mip_gap)
    chosen = _chosen(solution, len(problem.candidates))
    objective = (solution.objective + fixed) if solution.values is not None else np.nan
    placement = _finish(problem, "pmedian", solution, chosen, before, before, objective,
                        None if solution.values is not None else _why(solution.status))
    after = (placement.distance_after <= limit if problem.radius is not None
             else np.zeros(len(problem.demand), bool))
    return Placement(**{**placement.__dict__, "covered_after": after})


def _solve(problem, distance, useful, stay, rows, sites, min_per_district, time_limit, mip_gap):
    m = len(problem.candidates)
    point, site = np.nonzero(useful[rows])
    k, r = len(point), len(rows)
    keeps = np.isfinite(stay[rows])
    s_rows = np.flatnonzero(keeps)
    n_vars = m + k + len(s_rows)
    z_cols = m + np.arange(k)
    s_cols = m + k + np.arange(len(s_rows))
    # Each point assigned once: Σ_j z_ij + s_i = 1.
    assign = sparse.csr_array(
        (np.ones(k + len(s_rows)), (np.r_[point, s_rows], np.r_[z_cols, s_cols])),
        shape=(r, n_vars))
    # z_ij ≤ x_j.
    link = sparse.csr_array(
        (np.r_[np.ones(k), -np.ones(k)], (np.r_[np.arange(k), np.arange(k)], np.r_[z_cols, site])),
        shape=(k, n_vars))
    count = sparse.csr_array((np.ones(m), (np.zeros(m, int), np.arange(m))), shape=(1, n_vars))
    blocks, lower, upper = [assign, link, count], [np.ones(r), np.full(k, -np.inf), [sites]], [
        np.ones(r), np.zeros(k), [sites]]
    if min_per_district:
        district_rows, _ = _district_rows(problem, m)
        blocks.append(sparse.hstack([district_rows,
                                     sparse.csr_array((district_rows.shape[0], n_vars - m))]))
        lower.append(np.ones(district_rows.shape[0]))
        upper.append(np.full(district_rows.shape[0], np.inf))
    weight = problem.weight[rows]
    cost = np.r_[np.zeros(m), weight[point] * distance[rows][point, site],
                 weight[s_rows] * stay[rows][s_rows]]
    integer = np.r_[np.ones(m, bool), np.zeros(n_vars - m, bool)]
    return solve_milp(cost, sparse.vstack(blocks), np.concatenate(lower), np.concatenate(upper),
                      np.zeros(n_vars), np.ones(n_vars), integer, time_limit=time_limit,
                      mip_gap=mip_gap)
