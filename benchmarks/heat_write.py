"""Writing a WHO HEAT Plus template from a tidy table: the row checks, set-wise vs row by row.

Issue 8 measured ``write_heat_template`` spending 98 % of its time in the row-by-row
checks of ``_check_writable``. This prints, for the same 20,000-row table, the time of
jamlik's set-wise checks, of a plain row-by-row baseline doing the same checks, and of
the whole ``write_heat_template``.

    .venv/bin/python benchmarks/heat_write.py [--rows 20000]
"""

from __future__ import annotations

import argparse
import re
import time

import numpy as np
import pandas as pd

from jamlik.ingest import complete_frame, write_heat_template
from jamlik.ingest._heat import _check_writable


def tidy(rows: int, rng: np.random.Generator) -> pd.DataFrame:
    index = np.arange(rows)
    return pd.DataFrame({
        "indicator": [f"ind{i % 20}" for i in index], "indicator_name": "X",
        "area_code": [f"{1000 + (i // 20) % 50}" for i in index],
        "period": [str(2000 + (i // 1000) % 20) for i in index], "dimension": "inkomst",
        "dimension_name": "Inkomst", "dimension_ordered": pd.array([True] * rows, "boolean"),
        "subgroup": [f"q{i % 5}" for i in index],
        "subgroup_order": pd.array(index % 5 + 1, dtype="Int64"),
        "value": rng.random(rows), "se": rng.random(rows) / 10, "polarity": "higher_better",
        "scale": 100.0, "source": "test", "confidence": 0.95,
    })


def row_by_row(rows: pd.DataFrame, source: pd.Series) -> None:
    """The baseline: the same checks, one row at a time (jamlik before issue 8)."""
    for position in range(len(rows)):
        row = rows.iloc[position]
        bad = (not re.fullmatch(r"[0-9]{4}", str(row["period"]))
               or pd.isna(source.iloc[position])
               or row["polarity"] not in ("higher_better", "lower_better")
               or pd.isna(row["scale"]) or row["scale"] <= 0
               or row["scale"] != np.floor(row["scale"])
               or (pd.notna(row["confidence"]) and not np.isclose(row["confidence"], 0.95))
               or (pd.notna(row["dimension_ordered"]) and bool(row["dimension_ordered"])
                   and pd.isna(row["subgroup_order"])))
        if bad:
            raise ValueError(position)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    rows = parser.parse_args().rows
    frame = tidy(rows, np.random.default_rng(1))
    full = complete_frame(frame)
    timings = {}
    for name, check in (("set-wise (jamlik)", _check_writable), ("row by row (baseline)",
                                                                  row_by_row)):
        start = time.perf_counter()
        check(full, full["source"])
        timings[name] = time.perf_counter() - start
    start = time.perf_counter()
    write_heat_template(frame)
    whole = time.perf_counter() - start
    print(f"{rows:,} rows of a HEAT Plus template")
    for name, seconds in timings.items():
        print(f"  checks {name:<22} {seconds:8.3f} s")
    print(f"  write_heat_template (whole)   {whole:8.3f} s")


if __name__ == "__main__":
    main()
