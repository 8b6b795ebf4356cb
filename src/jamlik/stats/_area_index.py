"""A city's own socioeconomic area index, built from its indicators with
documented weights, for ranking areas in :func:`jamlik.stats.area_gap`.

The construction is the usual composite-index recipe (OECD/JRC Handbook on
Constructing Composite Indicators, 2008, ch. 5–6; as Statistics Sweden's
socioeconomic index of RegSO/DeSO areas): standardise each indicator across the
areas (z-scores with population weights), turn it so that a higher score means
better socioeconomic conditions (a ``lower_better`` indicator changes sign), and
take the weighted mean of the scores. A neutral indicator has no direction and
cannot enter.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

__all__ = ["area_index"]


def _weights(weights: Mapping[str, float], polarity: Mapping[str, str], columns) -> dict:
    if not isinstance(weights, Mapping) or not weights:
        raise ArgumentError("weights måste vara en icke-tom ordlista indikator → vikt")
    out = {}
    for name, weight in weights.items():
        if name not in columns:
            raise ArgumentError(f"indikatorn {name!r} i weights finns inte som kolumn i df")
        if isinstance(weight, bool) or not isinstance(weight, (int, float, np.number)) \
                or not np.isfinite(weight) or weight <= 0:
            raise ArgumentError(f"vikten för {name!r} måste vara ett tal > 0, fick {weight!r}")
        direction = polarity.get(name) if isinstance(polarity, Mapping) else None
        if direction not in ("higher_better", "lower_better"):
            raise ArgumentError(
                f"polarity för {name!r} måste vara 'higher_better' eller 'lower_better' "
                f"(ett neutralt mått har ingen riktning i ett index), fick {direction!r}"
            )
        out[name] = (float(weight), 1.0 if direction == "higher_better" else -1.0)
    return out


def area_index(
    df: pd.DataFrame,
    *,
    weights: Mapping[str, float],
    polarity: Mapping[str, str],
    population: str | None = None,
) -> pd.Series:
    """A standardised, polarity-respecting, weighted socioeconomic index per area.

    Parameters
    ----------
    df
        One row per area, one column per indicator (values in their own units);
        the index of ``df`` identifies the areas and is kept.
    weights
        Indicator column → weight > 0; the weights are normalised to sum to 1 and
        should be published with the index.
    polarity
        Indicator column → ``"higher_better"`` or ``"lower_better"``.
    population
        Optional column of populations: the weights of the mean and standard
        deviation in the standardisation (so the city's average person scores 0).

    Returns
    -------
    pandas.Series
        The index per area (higher = better socioeconomic conditions; use
        ``most_deprived="low"`` in :func:`area_gap`), named ``"area_index"``,
        with the units of a weighted mean of z-scores. NaN for an area lacking a
        value of any weighted indicator.

    Raises
    ------
    ArgumentError
        Empty or non-positive weights, an unknown column, a neutral or missing
        polarity, an indicator without spread across the areas, a population ≤ 0.

    Examples
    --------
    >>> d = pd.DataFrame({"employed": [60.0, 70, 80], "assistance": [9.0, 5, 1]})
    >>> area_index(d, weights={"employed": 1, "assistance": 1},
    ...            polarity={"employed": "higher_better", "assistance": "lower_better"}).round(3).tolist()
    [-1.225, 0.0, 1.225]
    """
    if not isinstance(df, pd.DataFrame):
        raise ArgumentError(f"df måste vara en pandas DataFrame, fick {type(df).__name__}")
    chosen = _weights(weights, polarity, df.columns)
    if population is not None:
        if population not in df.columns:
            raise ArgumentError(f"kolumnen '{population}' finns inte i df")
        pop = pd.to_numeric(df[population], errors="coerce").to_numpy(dtype=float)
        if not (pop > 0).all():
            raise ArgumentError(f"kolumnen '{population}' måste vara ett tal > 0 för varje område")
    else:
        pop = np.ones(len(df))
    total_weight = sum(w for w, _ in chosen.values())
    score = np.zeros(len(df))
    for name, (weight, sign) in chosen.items():
        values = pd.to_numeric(df[name], errors="coerce").to_numpy(dtype=float)
        seen = np.isfinite(values)
        mean = np.average(values[seen], weights=pop[seen])
        spread = np.sqrt(np.average((values[seen] - mean) ** 2, weights=pop[seen]))
        if not spread > 0:
            raise ArgumentError(f"indikatorn {name!r} varierar inte mellan områdena")
        score += weight / total_weight * sign * (values - mean) / spread
    return pd.Series(score, index=df.index, name="area_index")
