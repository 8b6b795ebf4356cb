"""Indicators from person-level register microdata, on DuckDB or (unchanged) on Spark.

Definitions are data (:func:`load_definitions`); :func:`compute_indicators` builds one ibis
expression per area level that DuckDB runs embedded and Spark runs on a cluster, and
returns jamlik's long format with disclosure control applied. :func:`synthesize_persons`
writes a synthetic national register for tests and benchmarks.
"""

from importlib import resources

from ._compute import aggregate_cells, compute_indicators
from ._definitions import Definitions, IndicatorDefinition, load_definitions, parse_definitions
from ._engine import ENGINES, open_persons
from ._synth import BIRTH_REGIONS, synthesize_persons

__all__ = [
    "BIRTH_REGIONS", "DEFAULT_DEFINITIONS", "Definitions", "ENGINES", "IndicatorDefinition",
    "aggregate_cells", "compute_indicators", "load_definitions", "open_persons",
    "parse_definitions", "synthesize_persons",
]

DEFAULT_DEFINITIONS = resources.files(__name__).joinpath("data", "indikatorer.yaml")
"""The definitions shipped with jamlik (employment, income support, eligibility for upper
secondary school, mean disposable income; by municipality, RegSO and DeSO, sex and region
of birth)."""
