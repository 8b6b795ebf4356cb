"""Query results as DataFrames, fast."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection


def query_frame(conn: Connection, query) -> pd.DataFrame:
    """Run ``query`` and return its rows as a DataFrame with the query's column names.

    The rows are taken as plain tuples: building a DataFrame from SQLAlchemy
    ``Row`` objects makes pandas probe every row's attributes, which took most of
    the time of reading a few hundred thousand rows.
    """
    result = conn.execute(query)
    columns = list(result.keys())
    return pd.DataFrame.from_records([tuple(row) for row in result.fetchall()], columns=columns)
