"""Simulation (parametric bootstrap) intervals, vectorised over strata and draws.

HEAT Plus draws every subgroup estimate ``reps`` times from a normal
distribution with the subgroup's SE, redrawing values below 0 (and above 100
when ``indicator_scale`` is 100) — i.e. from a truncated normal — recomputes
the measure on each simulated data set, and takes the 2.5th and 97.5th
percentiles (R's ``quantile`` type 7) as the 95 % interval
(``do_simulation`` in WHOequity/HEAT-Measures ``R/utils.R``; 100 draws, one
set of draws shared by all measures of a stratum).

Here the draws for a chunk of strata are one array of shape
``(strata, reps, G)``; out-of-range values are redrawn the same way, and the
few that stay out after a number of rounds are drawn by inverting the
truncated normal CDF (the same distribution). The chunk size bounds memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property

import numpy as np
from scipy import special

from ._common import Context, Estimate
from ._prepare import Block

__all__ = ["Draws", "attach", "quantiles", "simulate"]

# Floats per chunk of draws (4 MB): small enough that the allocator reuses the
# memory of one chunk for the next instead of asking the kernel for fresh pages.
CHUNK_FLOATS = 1_000_000
_REDRAW_ROUNDS = 8
_THREADS = min(2, os.cpu_count() or 1)


class Draws:
    """Simulated estimates ``x`` of shape ``(m, reps, G)`` and their shared sums.

    The draws are single precision: the percentile limits need far fewer digits
    than float32 has, and it halves the memory traffic of the largest arrays.
    Sums that several measures share are computed once (cached).
    """

    def __init__(self, block: Block, ctx: Context, rng: np.random.Generator) -> None:
        self.block = block
        self.ctx = ctx
        self.x = _truncated_normal(block, ctx.reps, rng)
        size = block.size
        # Weights for one matmul that gives the unweighted mean and the weighted sum.
        self.pu = np.empty((len(block.sid), size, 2), dtype=np.float32)
        self.pu[:, :, 0] = 1 / size
        self.pu[:, :, 1] = np.nan_to_num(block.popsh)
        self.p = self.pu[:, :, 1:]
        self._dev: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def weighted(self, values: np.ndarray) -> np.ndarray:
        """``Σ_j p_j v_j`` over subgroups, shape ``(m, reps)``."""
        return np.matmul(values, self.p)[..., 0]

    def both(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Unweighted mean and population-weighted sum over subgroups, in one pass."""
        out = np.matmul(values, self.pu)
        return out[..., 0], out[..., 1]

    @cached_property
    def _means(self) -> tuple[np.ndarray, np.ndarray]:
        return self.both(self.x)

    @property
    def wmean(self) -> np.ndarray:
        """Population-weighted mean of each simulated data set."""
        return self._means[1]

    @property
    def umean(self) -> np.ndarray:
        """Unweighted mean of each simulated data set."""
        return self._means[0]

    @cached_property
    def maximum(self) -> np.ndarray:
        """Highest simulated subgroup value."""
        return self.x.max(axis=2)

    @cached_property
    def best(self) -> np.ndarray:
        """Best simulated subgroup value (highest if favourable, else lowest)."""
        return np.where(self.block.favourable[:, None], self.maximum, self.x.min(axis=2))

    @cached_property
    def reference(self) -> np.ndarray:
        """Simulated value of the reference subgroup."""
        idx = np.broadcast_to(self.block.ref_idx[:, None, None], (*self.x.shape[:2], 1))
        return np.take_along_axis(self.x, idx, 2)[..., 0]

    @cached_property
    def observed_mean(self) -> np.ndarray:
        """The observed setting average μ, repeated for every draw."""
        return np.broadcast_to(self.block.mu[:, None], self.x.shape[:2]).astype(np.float32)

    def centre(self, name: str) -> np.ndarray:
        """A named centre: ``"mean"`` (observed μ), ``"wmean"``, ``"reference"``."""
        if name == "mean":
            return self.observed_mean
        if name == "wmean":
            return self.wmean
        if name == "reference":
            return self.reference
        # "estimated": the draw's own weighted mean where it can be re-estimated.
        return np.where(self.block.has_pop[:, None], self.wmean, self.observed_mean)

    def _deviation(self, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if name not in self._dev:
            dev = np.subtract(self.x, self.centre(name)[..., None])
            squared = self.weighted(np.square(dev))
            np.abs(dev, out=dev)
            self._dev[name] = (*self.both(dev), squared)
        return self._dev[name]

    def absolute(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Unweighted mean and weighted sum of ``|x − centre|``."""
        return self._deviation(name)[:2]

    def squared(self, name: str) -> np.ndarray:
        """Weighted sum of ``(x − centre)²``."""
        return self._deviation(name)[2]


def _truncated_normal(block: Block, reps: int, rng: np.random.Generator) -> np.ndarray:
    m, size = block.est.shape
    shape = (m, reps, size)
    mean = block.est[:, None, :].astype(np.float32)
    sd = block.se[:, None, :].astype(np.float32)
    upper = np.where(block.scale == 100, 100.0, np.inf).astype(np.float32)[:, None, None]
    x = rng.standard_normal(shape, dtype=np.float32)
    x *= sd
    x += mean
    # Most chunks have nothing to redraw; two reductions tell without a mask.
    capped = bool(np.isfinite(upper).any())
    if x.min() >= 0 and (not capped or x.max() <= 100):
        return x
    flat = x.reshape(-1)
    bad = np.flatnonzero((x < 0) | (x > upper))
    mu = np.broadcast_to(mean, shape).reshape(-1)[bad]
    s = np.broadcast_to(sd, shape).reshape(-1)[bad]
    hi = np.broadcast_to(upper, shape).reshape(-1)[bad]
    todo = np.arange(bad.size)
    for _ in range(_REDRAW_ROUNDS):
        if not todo.size:
            break
        new = mu[todo] + s[todo] * rng.standard_normal(todo.size, dtype=np.float32)
        flat[bad[todo]] = new
        todo = todo[(new < 0) | (new > hi[todo])]
    if todo.size:
        # Far in the tail rejection is slow; invert the truncated CDF instead.
        mu64, s64, hi64 = (a[todo].astype(float) for a in (mu, s, hi))
        with np.errstate(all="ignore"):
            a = special.ndtr(-mu64 / s64)
            b = special.ndtr((hi64 - mu64) / s64)
            value = mu64 + s64 * special.ndtri(a + (b - a) * rng.random(todo.size))
        value = np.where(np.isfinite(value), value, mu64)
        flat[bad[todo]] = np.clip(value, 0, hi64)
    return x


def quantiles(values: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Type-7 quantiles at ``(1 ± confidence)/2`` along axis 1, ignoring NaN."""
    ordered = np.sort(values, axis=1)
    count = np.sum(~np.isnan(values), axis=1)
    out = []
    for q in ((1 - confidence) / 2, (1 + confidence) / 2):
        h = (count - 1) * q
        low = np.floor(h).astype(int)
        high = np.minimum(low + 1, np.maximum(count - 1, 0))
        low = np.maximum(low, 0)
        a = np.take_along_axis(ordered, low[:, None], 1)[:, 0]
        b = np.take_along_axis(ordered, high[:, None], 1)[:, 0]
        value = a + (h - np.floor(h)) * (b - a)
        out.append(np.where(count > 0, value, np.nan))
    return out[0], out[1]


Replicate = Callable[[Draws], np.ndarray]


def simulate(
    block: Block, ctx: Context, replicates: dict[str, Replicate]
) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """``(se, lower, upper)`` per measure for every stratum of ``block``.

    Strata without a usable SE for every subgroup get NaN. Chunks of strata run
    on up to two threads (numpy releases the GIL in its loops).
    """
    n, size = block.est.shape
    out = {name: tuple(np.full(n, np.nan) for _ in range(3)) for name in replicates}
    rows = np.flatnonzero(block.has_se)
    chunk = max(1, CHUNK_FLOATS // (ctx.reps * size))
    parts = [rows[i : i + chunk] for i in range(0, rows.size, chunk)]
    if not parts:
        return out
    # One generator per chunk, seeded from ctx.rng: the same results whichever
    # thread runs which chunk. SFC64 draws normals about a quarter faster than PCG64.
    seeds = ctx.rng.integers(0, 2**63, size=len(parts))
    generators = [np.random.Generator(np.random.SFC64(int(seed))) for seed in seeds]

    def run(part: np.ndarray, rng: np.random.Generator) -> None:
        draws = Draws(block.take(part), ctx, rng)
        for name, replicate in replicates.items():
            with np.errstate(all="ignore"):
                values = replicate(draws).astype(float)
                lower, upper = quantiles(values, ctx.confidence)
                valid = np.sum(~np.isnan(values), axis=1)
                mean = np.nansum(values, axis=1) / valid
                spread = np.nansum((values - mean[:, None]) ** 2, axis=1)
                se = np.where(valid > 1, np.sqrt(spread / (valid - 1)), np.nan)
            for target, result in zip(out[name], (se, lower, upper)):
                target[part] = result

    if len(parts) == 1:
        run(parts[0], generators[0])
    else:
        with ThreadPoolExecutor(max_workers=_THREADS) as pool:
            list(pool.map(run, parts, generators))
    return out


def attach(point: Estimate, simulated: tuple[np.ndarray, ...], ctx: Context) -> Estimate:
    """Point estimate with simulated interval (and, by default, simulated SE)."""
    se, lower, upper = simulated
    method = f"simulering ({ctx.reps} dragningar, percentilintervall)"
    return Estimate(point.value, np.full_like(se, np.nan) if ctx.heat else se, lower, upper, method)
