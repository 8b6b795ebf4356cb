"""A synthetic national register of persons, for tests and benchmarks (labelled synthetic).

Real geography, invented people: persons live in Statistics Sweden's real RegSO areas
(2022 area types, ``jamlik/data/regso_omradestyp_2022.csv``), spread over areas as the
areas' count per municipality suggests, and their outcomes follow the area type (1 = major
socioeconomic challenges … 5 = very good conditions) and region of birth, with
magnitudes of the order Statistics Sweden publishes (employment 20–64 about 80 %,
income support a few per cent, eligibility for upper secondary school about 85 %).
DeSO codes are invented (letter ``X``, which no real DeSO code has) because the RegSO→DeSO
key is not shipped. Deterministic: the same ``seed`` gives the same file.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from jamlik.errors import ArgumentError

__all__ = ["BIRTH_REGIONS", "synthesize_persons"]

BIRTH_REGIONS = {1: "Sverige", 2: "Norden utom Sverige", 3: "EU utom Norden",
                 4: "Europa utom EU och Norden", 5: "Utanför Europa"}
# Share born outside Europe by area type 1..5, and the other regions' shares.
_OUTSIDE_EUROPE = np.array([0.45, 0.25, 0.14, 0.08, 0.05])
_EMPLOYMENT_LOGIT = np.array([0.1, 0.9, 1.5, 1.9, 2.2])          # 52 % … 90 %
_BIRTH_EMPLOYMENT = np.array([0.0, -0.1, -0.2, -0.4, -0.9])
_INCOME_MEDIAN = np.array([190_000, 240_000, 280_000, 320_000, 380_000])
_SUPPORT = np.array([0.15, 0.07, 0.03, 0.015, 0.008])
_ELIGIBLE = np.array([0.70, 0.80, 0.87, 0.92, 0.95])


def _areas() -> pd.DataFrame:
    with resources.files("jamlik.data").joinpath("regso_omradestyp_2022.csv").open(
            encoding="utf-8") as handle:
        areas = pd.read_csv(handle, dtype=str)
    areas["type"] = areas["omradestyp_2022"].astype(int)
    return areas[["regsokod", "type"]]


def _chunk(rng: np.random.Generator, first_id: int, size: int, years: range,
           areas: pd.DataFrame, weights: np.ndarray) -> pd.DataFrame:
    area = rng.choice(len(areas), size=size, p=weights)
    kind = areas["type"].to_numpy()[area] - 1
    regso = areas["regsokod"].to_numpy()[area]
    age0 = np.minimum(rng.gamma(2.2, 19.0, size).astype(int), 104)
    birth_year = years.start - age0
    outside = rng.random(size) < _OUTSIDE_EUROPE[kind]
    other = rng.choice([1, 2, 3, 4], size=size, p=[0.82, 0.05, 0.07, 0.06])
    region = np.where(outside, 5, other)
    sex = rng.integers(1, 3, size)
    # Death year from a Gompertz hazard; persons appear only while alive.
    hazard = 0.00005 * np.exp(0.095 * np.maximum(age0 - 20, 0)) + 0.0002
    death = years.start + rng.geometric(np.minimum(hazard, 0.9)) - 1
    deso = np.char.add(np.char.add(np.array([c[:4] for c in regso]), "X"),
                       np.char.zfill((area * 2 + rng.integers(0, 2, size)).astype(str), 4))
    person = pd.DataFrame({"person_id": np.arange(first_id, first_id + size, dtype=np.int64),
                           "sex": sex.astype(np.int8), "birth_year": birth_year.astype(np.int16),
                           "birth_region": region.astype(np.int8),
                           "municipality": [c[:4] for c in regso], "regso": regso, "deso": deso,
                           "_kind": kind, "_death": death})
    rows = person.loc[person.index.repeat(len(years))].reset_index(drop=True)
    rows.insert(1, "year", np.tile(np.arange(years.start, years.stop), size).astype(np.int16))
    rows = rows[rows["year"] <= rows["_death"]].reset_index(drop=True)
    return _outcomes(rng, rows)


def _outcomes(rng: np.random.Generator, rows: pd.DataFrame) -> pd.DataFrame:
    kind = rows.pop("_kind").to_numpy()
    death = rows.pop("_death").to_numpy()
    age = rows["year"].to_numpy() - rows["birth_year"].to_numpy()
    region = rows["birth_region"].to_numpy() - 1
    working = (age >= 16) & (age <= 74)
    logit = _EMPLOYMENT_LOGIT[kind] + _BIRTH_EMPLOYMENT[region] - 0.002 * (age - 42) ** 2
    employed = rng.random(len(rows)) < 1 / (1 + np.exp(-logit))
    rows["employed"] = np.where(working, employed, False)
    income = _INCOME_MEDIAN[kind] * np.exp(rng.normal(0, 0.55, len(rows)))
    rows["disposable_income"] = np.where(age >= 20, np.round(income, -2), np.nan)
    rows["income_support"] = (age >= 18) & (rng.random(len(rows)) < _SUPPORT[kind] *
                                            np.where(region == 4, 2.0, 1.0))
    eligible = rng.random(len(rows)) < _ELIGIBLE[kind]
    rows["upper_secondary_eligible"] = pd.array(np.where(age == 16, eligible, pd.NA),
                                                dtype="boolean")
    rows["died"] = rows["year"].to_numpy() == death
    return rows


def synthesize_persons(path: str | Path, *, persons: int, years: range, seed: int,
                       chunk_persons: int = 250_000, progress=None) -> int:
    """Write a synthetic persons file (Parquet) and return the number of rows written.

    Parameters
    ----------
    path : str or Path
        The Parquet file to write (replaced atomically when done).
    persons : int
        Persons alive at the start of ``years``.
    years : range
        Calendar years, e.g. ``range(2019, 2024)``; one row per person and year alive.
    seed : int
        Seed of :func:`numpy.random.default_rng`; persons are generated in chunks, each
        from its own child generator, so memory stays bounded by ``chunk_persons``.

    Columns: person_id, year, sex (1 man, 2 woman), birth_year, birth_region (1–5, see
    :data:`BIRTH_REGIONS`), municipality, regso, deso, employed, disposable_income (kr,
    20 and older), income_support, upper_secondary_eligible (only at age 16), died.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if isinstance(persons, bool) or not isinstance(persons, int) or persons < 1:
        raise ArgumentError(f"persons måste vara ett heltal ≥ 1, fick {persons!r}")
    if not isinstance(years, range) or len(years) < 1:
        raise ArgumentError(f"years måste vara ett icke-tomt range, fick {years!r}")
    areas = _areas()
    weights = np.random.default_rng(seed).lognormal(0, 0.3, len(areas))
    weights /= weights.sum()
    children = np.random.SeedSequence(seed).spawn(-(-persons // chunk_persons))
    path = Path(path)
    temporary = path.with_name(path.name + ".part")
    written = 0
    writer = None
    try:
        for number, child in enumerate(children):
            first = number * chunk_persons
            size = min(chunk_persons, persons - first)
            frame = _chunk(np.random.default_rng(child), first, size, years, areas, weights)
            table = pa.Table.from_pandas(frame, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(temporary, table.schema, compression="zstd")
            writer.write_table(table)
            written += len(frame)
            if progress is not None:
                progress(first + size)
        writer.close()
        writer = None
        temporary.replace(path)
    finally:
        if writer is not None:
            writer.close()
        temporary.unlink(missing_ok=True)
    return written
