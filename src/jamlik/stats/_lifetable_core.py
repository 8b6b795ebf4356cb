"""Numeric core of the Chiang II life table, vectorised over groups (areas × sexes × ...).

Every function here takes and returns plain numpy arrays shaped ``(groups, ages)``;
checking the data and building the matrices is the job of :mod:`._lifetable`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["LifeTable", "chiang_life_table", "interval_widths", "separation_factors"]

# Fraction of the first year of life lived by infants who die in it (a_0), the value
# ONS and PHE use for local life tables.
A0 = 0.1


class LifeTable(NamedTuple):
    """Columns of the life table that the callers need, each ``(groups, ages)``."""

    l: np.ndarray  # survivors at the start of each interval, l_0 = 1
    e: np.ndarray  # life expectancy at the start of each interval
    var_e: np.ndarray  # its variance (Chiang, Silcocks et al. for the open interval)
    years_lived: np.ndarray  # L_x, person-years lived in the interval (per l_0 = 1)
    years_to_live: np.ndarray  # T_x, person-years lived from the interval's start on


def interval_widths(ages: np.ndarray) -> np.ndarray:
    """Widths n_x of the closed intervals starting at ``ages[:-1]``; the last is open."""
    ages = np.asarray(ages, dtype=float)
    return np.diff(ages)


def separation_factors(ages: np.ndarray) -> np.ndarray:
    """The a_x of each interval: 0.1 for age 0, 0.5 for every other interval."""
    ages = np.asarray(ages, dtype=float)
    return np.where(ages == 0, A0, 0.5)


def chiang_life_table(
    population: np.ndarray, deaths: np.ndarray, ages: np.ndarray
) -> LifeTable:
    r"""Complete a Chiang II life table for every row of ``population``/``deaths``.

    Parameters
    ----------
    population, deaths
        Arrays ``(groups, k)``: population (person-years) P_x and deaths D_x in the
        intervals starting at ``ages``; the last interval is open (ω+). Every P_x must
        be > 0 and D_ω > 0; the caller masks groups where that does not hold (their
        results are then NaN or inf, never used).
    ages
        The ``k`` interval starts, increasing, the first 0.

    Returns
    -------
    LifeTable
        ``l``, ``e``, ``var_e``, ``years_lived`` (L_x) and ``years_to_live`` (T_x) as
        ``(groups, k)`` arrays.

    Notes
    -----
    With M_x = D_x / P_x, interval width n_x and a_x (0.1 at age 0, else 0.5):

    .. math::

        q_x = \frac{n_x M_x}{1 + n_x (1 - a_x) M_x}
              \quad(q_x = 1 \text{ if } D_x > P_x / (n_x a_x)),\qquad q_\omega = 1,

        l_{x+n} = l_x (1 - q_x),\quad d_x = l_x - l_{x+n},\quad
        L_x = n_x (l_{x+n} + a_x d_x),\quad L_\omega = l_\omega / M_\omega,

        e_x = \frac{\sum_{y \ge x} L_y}{l_x},\qquad
        \operatorname{Var}(e_x) = \frac{1}{l_x^2}\Big(\sum_{x \le y < \omega}
            l_y^2 \big[(1 - a_y) n_y + e_{y+n}\big]^2 \frac{q_y^2 (1 - q_y)}{D_y}
            + \frac{l_\omega^2}{D_\omega M_\omega^2}\Big).

    The last term is Silcocks et al.'s variance of the open interval, 1 / (D_ω M_ω²)
    being the Poisson variance of its mean survival 1 / M_ω; Chiang's own method
    gives that interval zero variance. e_x is 0 where l_x = 0. The same formulas
    serve single-year tables (n_x = 1).

    References
    ----------
    Chiang CL. Introduction to Stochastic Processes in Biostatistics. Wiley, 1968,
    189-214. Silcocks PBS, Jenner DA, Reza R. Life expectancy as a summary of
    mortality in a population. J Epidemiol Community Health 2001;55:38-43.

    Examples
    --------
    >>> t = chiang_life_table(np.array([[1000.0, 500.0]]), np.array([[10.0, 100.0]]),
    ...                       np.array([0, 1]))
    >>> round(float(t.e[0, 1]), 6)  # open interval: 1 / M = 500 / 100
    5.0
    """
    pop = np.asarray(population, dtype=float)
    dth = np.asarray(deaths, dtype=float)
    ages = np.asarray(ages, dtype=float)
    n = interval_widths(ages)
    a = separation_factors(ages)[:-1]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        m = dth / pop
        m_closed = m[:, :-1]
        q_closed = n * m_closed / (1.0 + n * (1.0 - a) * m_closed)
        # Past D = P / (n a) the formula gives q > 1: everyone alive at x dies.
        q_closed = np.where(dth[:, :-1] <= pop[:, :-1] / (n * a), q_closed, 1.0)

        l = np.concatenate(
            [np.ones((pop.shape[0], 1)), np.cumprod(1.0 - q_closed, axis=1)], axis=1
        )
        l_next = np.concatenate([l[:, 1:], np.zeros((pop.shape[0], 1))], axis=1)
        d = l - l_next
        big_l = np.empty_like(l)
        big_l[:, :-1] = n * (l_next[:, :-1] + a * d[:, :-1])
        big_l[:, -1] = l[:, -1] / m[:, -1]
        big_t = np.cumsum(big_l[:, ::-1], axis=1)[:, ::-1]
        e = np.where(l > 0, big_t / l, 0.0)

        var_q = np.where(d[:, :-1] > 0, q_closed**2 * (1.0 - q_closed) / dth[:, :-1], 0.0)
        weighted = np.empty_like(l)
        weighted[:, :-1] = var_q * l[:, :-1] ** 2 * ((1.0 - a) * n + e[:, 1:]) ** 2
        weighted[:, -1] = l[:, -1] ** 2 / (dth[:, -1] * m[:, -1] ** 2)
        var_e = np.cumsum(weighted[:, ::-1], axis=1)[:, ::-1] / l**2
    return LifeTable(l=l, e=e, var_e=var_e, years_lived=big_l, years_to_live=big_t)
