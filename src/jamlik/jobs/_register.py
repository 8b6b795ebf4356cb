"""The use case "register": indicators from person-level microdata (:mod:`jamlik.register`),
written as jamlik's long format to a file or as one batch in the store."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from jamlik.ingest import check_frame, complete_frame
from jamlik.register import compute_indicators, load_definitions, open_persons
from jamlik.store import BatchResult, write_batch

from ._export import write_export

__all__ = ["RegisterResult", "run_register"]


@dataclass
class RegisterResult:
    """What a register run produced: the rows, where they went, and what was withheld."""

    frame: pd.DataFrame
    output: Path | None
    batch: BatchResult | None
    suppressed: int
    secondary: int


def run_register(definitions: str | Path, persons: str | Path, *, engine: str = "duckdb",
                 spark_master: str | None = None, output: str | Path | None = None,
                 store: Engine | None = None,
                 progress: Callable[[str], None] | None = None) -> RegisterResult:
    """Compute the indicators of ``definitions`` from the ``persons`` file.

    Parameters
    ----------
    definitions, persons : path
        A definitions file (YAML, :func:`jamlik.register.load_definitions`) and a persons
        file (Parquet or CSV).
    engine : {"duckdb", "spark"}
        Where the microdata is aggregated; ``spark_master`` names a cluster (default
        ``local[2]``).
    output : path, optional
        A CSV in jamlik's long format (then ``jamlik import`` it, or pass ``store``).
    store : sqlalchemy.Engine, optional
        Write the rows as one batch (a repeated run with the same result is a no-op).

    Raises
    ------
    jamlik.errors.InputError
        A definitions entry, a missing column or an unreadable persons file (named).
    """
    rules = load_definitions(definitions)
    table = open_persons(persons, engine=engine, spark_master=spark_master)
    frame = compute_indicators(table, rules, file=str(persons), progress=progress)
    written = write_export(frame, output, format="csv") if output is not None else None
    batch = None
    if store is not None:
        tidy = complete_frame(frame.assign(_row=[f"rad {n + 2}" for n in range(len(frame))]))
        tidy = check_frame(tidy, file=str(persons))
        # The same result is the same batch: hash the rows' content, not the persons file.
        content = pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()
        batch = write_batch(store, tidy, format="register", source=str(definitions),
                            file_hash=hashlib.sha256(content).hexdigest(),
                            details={"definitions": str(definitions), "persons": str(persons),
                                     "engine": engine, "min_count": rules.min_count},
                            file=str(persons))
    reasons = frame["suppression_reason"].fillna("")
    return RegisterResult(frame, written, batch, int(frame["suppressed"].sum()),
                          int(reasons.str.startswith("skyddar").sum()))
