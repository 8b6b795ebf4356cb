"""A mixed-integer programme handed to HiGHS as sparse matrices (no modelling layer).

HiGHS (Huangfu & Hall 2018, *Mathematical Programming Computation* 10: 119–142)
is an exact branch-and-cut MIP solver; highspy passes the constraint matrix in
compressed-column form, which is what scipy builds, so models of millions of
non-zeros are built in a fraction of a second.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import numpy as np
from scipy import sparse

__all__ = ["Solution", "solve_milp"]

_STATUS = {
    "kOptimal": "optimal", "kInfeasible": "infeasible", "kUnbounded": "unbounded",
    "kUnboundedOrInfeasible": "infeasible", "kTimeLimit": "time_limit",
    "kIterationLimit": "iteration_limit", "kSolutionLimit": "solution_limit",
    "kInterrupt": "interrupted", "kMemoryLimit": "memory_limit", "kModelEmpty": "optimal",
}


@dataclass(frozen=True)
class Solution:
    """What HiGHS answered.

    Attributes
    ----------
    status : str
        ``optimal``, ``infeasible``, ``time_limit``, ... (HiGHS model status).
    values : numpy.ndarray or None
        The best solution found, or None when there is none.
    objective : float
        Its objective value (``nan`` without a solution).
    gap : float
        Relative MIP gap between the solution and the best bound (0 when proven
        optimal; ``inf`` without a solution).
    bound : float
        HiGHS' dual bound on the objective.
    seconds : float
        Solver run time.
    """

    status: str
    values: np.ndarray | None
    objective: float
    gap: float
    bound: float
    seconds: float


_BANNER_SHOWN = False


def _new_highs(highspy):
    """A Highs object; the first one prints a banner on the C stdout, which is not ours
    to write to (the CLI writes JSON there), so it goes to /dev/null."""
    global _BANNER_SHOWN
    if _BANNER_SHOWN:
        return highspy.Highs()
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            highs = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _BANNER_SHOWN = True
    return highs


def solve_milp(cost, matrix, row_lower, row_upper, col_lower, col_upper, integer, *,
               maximise: bool = False, time_limit: float | None = None,
               mip_gap: float = 0.0, threads: int | None = None, start=None) -> Solution:
    """Solve ``min/max cost·x`` s.t. ``row_lower ≤ matrix·x ≤ row_upper`` and bounds.

    ``matrix`` is any scipy sparse matrix of shape ``(rows, cols)``; ``integer``
    a boolean array marking integer columns. ``mip_gap`` is HiGHS'
    ``mip_rel_gap`` (0 asks for a proven optimum). ``start``, a feasible value for
    every column, is handed to HiGHS as its first incumbent.
    """
    import highspy

    csc = sparse.csc_array(matrix)
    csc.sort_indices()
    highs = _new_highs(highspy)
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("mip_rel_gap", float(mip_gap))
    if time_limit is not None:
        highs.setOptionValue("time_limit", float(time_limit))
    if threads is not None:
        highs.setOptionValue("threads", int(threads))
    model = highspy.HighsLp()
    model.num_col_, model.num_row_ = int(csc.shape[1]), int(csc.shape[0])
    model.col_cost_ = np.asarray(cost, dtype=float)
    model.col_lower_ = np.asarray(col_lower, dtype=float)
    model.col_upper_ = np.asarray(col_upper, dtype=float)
    model.row_lower_ = np.asarray(row_lower, dtype=float)
    model.row_upper_ = np.asarray(row_upper, dtype=float)
    model.sense_ = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = csc.indptr.astype(np.int32)
    model.a_matrix_.index_ = csc.indices.astype(np.int32)
    model.a_matrix_.value_ = csc.data.astype(float)
    kinds = np.where(np.asarray(integer, dtype=bool), highspy.HighsVarType.kInteger,
                     highspy.HighsVarType.kContinuous)
    model.integrality_ = list(kinds)
    highs.passModel(model)
    if start is not None:
        incumbent = highspy.HighsSolution()
        incumbent.col_value = np.asarray(start, dtype=float)
        incumbent.value_valid = True
        highs.setSolution(incumbent)
    highs.run()
    name = highs.getModelStatus().name
    status = _STATUS.get(name, name.removeprefix("k").lower())
    info = highs.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    values = np.asarray(highs.getSolution().col_value, dtype=float) if has_solution else None
    gap = float(info.mip_gap) if has_solution and integer.any() else (0.0 if has_solution
                                                                       else np.inf)
    if status == "optimal":
        gap = max(0.0, gap)
    return Solution(status=status, values=values,
                    objective=float(info.objective_function_value) if has_solution else np.nan,
                    gap=gap, bound=float(info.mip_dual_bound), seconds=float(highs.getRunTime()))
