"""Writing a tidy table back as WHO's HEAT Plus upload template.

The reader (:mod:`._heat`) and this writer share the template's columns and their
types (:data:`jamlik.heat.TEMPLATE_COLUMNS`, the reader's integer and text columns),
so a table read and written again is the same template.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError
from jamlik.heat import heat_rows

from ._heat import _INTEGERS, _TEXT
from ._heat_rules import TEMPLATE_COLUMNS
from ._tidy import TOTAL, complete_frame

__all__ = ["write_heat_template"]


def write_heat_template(frame: pd.DataFrame, *, iso3: Mapping[str, str] | None = None
                        ) -> pd.DataFrame:
    """Turn a tidy table back into HEAT Plus template rows (:data:`TEMPLATE_COLUMNS`).

    Observations of dimension ``total`` become the ``setting_average`` of the rows
    with the same area, period, source and indicator; a total without such rows has
    no place in the template and is left out. ``setting`` is the area name (else its
    code), ``iso3`` is looked up per setting in ``iso3`` (e.g. the ``details["iso3"]``
    of :func:`read_heat_template`).
    """
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"frame måste vara en pandas.DataFrame, fick {type(frame).__name__}")
    if iso3 is not None and not isinstance(iso3, Mapping):
        raise ArgumentError(f"iso3 måste vara en mappning setting → landskod, fick "
                            f"{type(iso3).__name__}")
    absent = [c for c in ("indicator", "area_code", "period") if c not in frame.columns]
    if absent:
        raise ArgumentError(f"frame saknar kolumnerna {', '.join(absent)}")
    full = complete_frame(frame).reset_index(drop=True)
    setting = full["area_name"].where(full["area_name"].notna(), full["area_code"])
    source = full["source"].where(full["source"].notna(), full["indicator_source"])
    total = (full["dimension"] == TOTAL).to_numpy()
    _check_writable(full[~total], source[~total])
    out = heat_rows(full, setting=setting, source=source, labels="names")
    lookup = dict(iso3 or {})
    out["iso3"] = [lookup.get(name) for name in out["setting"]]
    out["date"] = out["date"].astype(int)
    for column in TEMPLATE_COLUMNS:
        if column in _INTEGERS:
            out[column] = out[column].astype("Int64")
        elif column in _TEXT:
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out[list(TEMPLATE_COLUMNS)].reset_index(drop=True)


def _check_writable(rows: pd.DataFrame, source: pd.Series) -> None:
    """Refuse the first row (in order) that the template cannot hold, with its first problem.

    Each rule is one vectorised mask; only the message of the first failing row is built.
    """
    period = rows["period"].astype(str)
    scale = rows["scale"].to_numpy(dtype=float, na_value=np.nan)
    confidence = rows["confidence"].to_numpy(dtype=float, na_value=np.nan)
    ordered = rows["dimension_ordered"].fillna(False).to_numpy(dtype=bool)
    with np.errstate(invalid="ignore"):
        problems = (
            ~period.str.fullmatch(r"[0-9]{4}").to_numpy(dtype=bool),
            source.isna().to_numpy(),
            ~rows["polarity"].isin(("higher_better", "lower_better")).to_numpy(),
            np.isnan(scale) | (scale <= 0) | (scale != np.floor(scale)),
            ~np.isnan(confidence) & ~np.isclose(confidence, 0.95),
            ordered & rows["subgroup_order"].isna().to_numpy(),
        )
    failing = np.logical_or.reduce(problems)
    if not failing.any():
        return
    position = int(np.flatnonzero(failing)[0])
    row = rows.iloc[position]
    name = f"indikatorn '{row['indicator']}' ({row['area_code']}, {row['period']})"
    rule = next(index for index, mask in enumerate(problems) if mask[position])
    if rule == 0:
        raise ArgumentError(f"HEAT Plus-mallen har bara år med fyra siffror; {name} har "
                            f"perioden '{row['period']}'")
    if rule == 1:
        raise ArgumentError(f"HEAT Plus-mallen kräver source; {name} saknar både source "
                            "och indicator_source")
    if rule == 2:
        raise ArgumentError(f"HEAT Plus-mallen kräver favourable_indicator; {name} har "
                            f"polariteten {row['polarity']!r}, behöver higher_better "
                            "eller lower_better")
    if rule == 3:
        shown = "saknas" if pd.isna(row["scale"]) else f"{row['scale']:g}"
        raise ArgumentError("HEAT Plus-mallen kräver ett heltal > 0 som indicator_scale; "
                            f"{name} har scale {shown}")
    if rule == 4:
        raise ArgumentError(f"HEAT Plus-mallen har 95 % konfidensintervall; {name} har "
                            f"confidence {row['confidence']:g}")
    raise ArgumentError(f"subgroup_order saknas för subgruppen '{row['subgroup']}' i "
                        f"den ordnade dimensionen '{row['dimension']}' ({name})")
