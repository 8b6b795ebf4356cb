"""Shared types for the measure modules: the run context and a block result."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Context", "Estimate", "normal_interval", "point_only"]


@dataclass(frozen=True)
class Context:
    """Options of one :func:`summary_measures` call."""

    compat: str
    confidence: float
    z: float
    reps: int
    rng: np.random.Generator

    @property
    def heat(self) -> bool:
        """True when HEAT Plus is reproduced quirks included."""
        return self.compat == "heat"


@dataclass
class Estimate:
    """Value, standard error and interval for every stratum of a block."""

    value: np.ndarray
    se: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    method: str | np.ndarray


def normal_interval(
    value: np.ndarray, se: np.ndarray, z: float, method: str | np.ndarray
) -> Estimate:
    """``value ± z·se`` (a Wald interval)."""
    return Estimate(value, se, value - z * se, value + z * se, method)


def point_only(value: np.ndarray, method: str = "simulering") -> Estimate:
    """A value whose interval is filled in later (by simulation)."""
    nan = np.full_like(value, np.nan)
    return Estimate(value, nan, nan.copy(), nan.copy(), method)
