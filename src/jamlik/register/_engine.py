"""Engines for register microdata: DuckDB embedded, Spark (local or a cluster), via ibis.

One ibis expression is built per area level (:mod:`._compute`); the backend compiles it
to DuckDB SQL or Spark SQL. Nothing but that expression's aggregated result leaves the
engine.
"""

from __future__ import annotations

from pathlib import Path

from jamlik.errors import ArgumentError, InputError

__all__ = ["ENGINES", "open_persons"]

ENGINES = ("duckdb", "spark")


def _spark_session(master: str | None):
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.appName("jamlik-register")
               .master(master or "local[2]")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.session.timeZone", "UTC")
               # Few, larger partitions suit aggregated output of a few hundred thousand rows.
               .config("spark.sql.shuffle.partitions", "8"))
    return builder.getOrCreate()


def open_persons(path: str | Path, *, engine: str = "duckdb", spark_master: str | None = None,
                 spark_session=None, threads: int | None = None):
    """Open a persons file (Parquet, or CSV with a header) on an engine.

    Parameters
    ----------
    path : str or Path
        A ``.parquet`` file or folder of Parquet files, or a ``.csv`` file.
    engine : {"duckdb", "spark"}
        DuckDB runs embedded; Spark runs on ``spark_master`` (default ``local[2]``), or on
        the ``spark_session`` given (a cluster session from ``spark-submit``).

    Returns
    -------
    ibis.Table
        The persons, lazily: nothing is read until an expression is executed.
    """
    import ibis

    if engine not in ENGINES:
        raise ArgumentError(f"engine: väntade {' eller '.join(ENGINES)}, fick {engine!r}")
    path = Path(path)
    if not path.exists():
        raise InputError("filen finns inte", file=str(path))
    kind = "csv" if path.suffix.lower() == ".csv" else "parquet"
    if engine == "duckdb":
        backend = ibis.duckdb.connect(threads=threads) if threads else ibis.duckdb.connect()
    else:
        backend = ibis.pyspark.connect(spark_session or _spark_session(spark_master))
    reader = backend.read_csv if kind == "csv" else backend.read_parquet
    try:
        return reader(str(path))
    except Exception as error:  # the engines raise their own types for unreadable files
        raise InputError(f"kan inte läsa filen som {kind}: {str(error).splitlines()[0]}",
                         file=str(path)) from None
