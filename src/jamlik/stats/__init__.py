"""Statistics of inequality: WHO HEAT summary measures, the UK public-health
methods (Wilson, Byar, DSR, ISR, SII/RII, funnel limits), life tables and trends
in gaps; the headline gap between areas ranked by an area index, one verdict on
its trend, one interval policy, funnel flags and units.

Every public function validates its arguments with exact messages (raising
:class:`jamlik.errors.ArgumentError`) and returns results in one tidy shape:
grouping keys, then ``measure, value, se, lower, upper, confidence, method,
reason``.
"""

from ._area_gap import AREA_GAP_MEASURES, area_gap
from ._area_index import area_index
from ._benchmark import compare_with_benchmark, se_from_interval
from ._decompose import arriaga_contributions, cause_contributions, decompose_life_expectancy_gap
from ._disclosure import PRIMARY, SECONDARY, primary_suppression, secondary_suppression
from ._funnel import funnel_limits
from ._funnel_flags import funnel_flags
from ._heat import (
    DEFAULT_REPS, LARGE_GROUP_MEASURES, MEASURES, NOT_APPLICABLE, iter_summary_measures,
    summary_measures,
)
from ._intervals import proportion_ci, rate_ci, z_value
from ._lifetable import life_expectancy
from ._lifetable_input import check_confidence, expected_ages, requested_ages
from ._policy import interval_policy, small_numbers
from ._result import RESULT_COLUMNS, result_frame
from ._sii import sii
from ._standardise import ESP2013, dsr, isr
from ._trend import gap_trend, non_overlapping
from ._units import measure_unit
from ._verdict import VERDICT_WORDS, area_gap_trend, gap_verdict

__all__ = [
    "ESP2013", "LARGE_GROUP_MEASURES", "MEASURES", "RESULT_COLUMNS", "dsr", "funnel_limits",
    "gap_trend", "isr", "iter_summary_measures", "life_expectancy",
    "proportion_ci", "rate_ci", "result_frame", "sii", "summary_measures",
    # for the command line and jobs: defaults and checks shared with the functions above
    "DEFAULT_REPS", "NOT_APPLICABLE", "check_confidence", "expected_ages", "non_overlapping",
    "requested_ages",
    # issue 9: gaps between areas, the verdict, intervals, funnel flags, units
    "AREA_GAP_MEASURES",
    "area_gap",
    "area_index",
    "interval_policy",
    "small_numbers",
    "funnel_flags",
    "VERDICT_WORDS",
    "area_gap_trend",
    "gap_verdict",
    "measure_unit",
    # disclosure control of counts from microdata (register, voices)
    "PRIMARY", "SECONDARY", "primary_suppression", "secondary_suppression",
    # numeric rules of the pages, measures and reports
    "compare_with_benchmark", "se_from_interval", "z_value",
    # issue 17: what drives a life-expectancy gap (Arriaga)
    "arriaga_contributions", "cause_contributions", "decompose_life_expectancy_gap",
]
