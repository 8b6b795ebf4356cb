"""Statistics of inequality: WHO HEAT summary measures, the UK public-health
methods (Wilson, Byar, DSR, ISR, SII/RII, funnel limits), life tables and trends
in gaps; the headline gap between areas ranked by an area index, one verdict on
its trend, one interval policy, funnel flags and units.

Every public function validates its arguments with exact messages (raising
:class:`jamlik.errors.ArgumentError`) and returns results in one tidy shape:
grouping keys, then ``measure, value, se, lower, upper, confidence, method,
reason``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jamlik.lazy import lazy_names

if TYPE_CHECKING:
    from ._agreement import cohen_kappa, fleiss_kappa
    from ._area_gap import AREA_GAP_MEASURES, area_gap
    from ._area_index import area_index
    from ._benchmark import compare_with_benchmark, se_from_interval
    from ._decompose import (
        arriaga_contributions, cause_contributions, decompose_life_expectancy_gap,
    )
    from ._disclosure import (
        PRIMARY, SECONDARY, SMALL_DENOMINATOR, SMALL_NUMERATOR, apply_small_numbers,
        primary_suppression, recoverable_cells, secondary_suppression, small_counts,
        small_numbers,
    )
    from ._funnel import funnel_limits
    from ._funnel_flags import funnel_flags
    from ._heat import (
        DEFAULT_REPS, LARGE_GROUP_MEASURES, MEASURES, NOT_APPLICABLE, iter_summary_measures,
        summary_measures,
    )
    from ._intervals import proportion_ci, rate_ci, z_value
    from ._lifetable import life_expectancy
    from ._lifetable_input import check_confidence, expected_ages, requested_ages
    from ._policy import interval_policy
    from ._reasons import reason_templates
    from ._result import RESULT_COLUMNS, result_frame
    from ._sii import sii
    from ._standardise import ESP2013, dsr, isr
    from ._trend import gap_trend, non_overlapping
    from ._units import measure_unit
    from ._verdict import VERDICT_WORDS, area_gap_trend, gap_verdict

# Names are loaded on first use (PEP 562), so that ``from jamlik.stats import
# summary_measures`` loads the HEAT measures without the rest (scipy.stats is slow to
# import). Each name's module is written once, here.
_MODULES = {
    "._agreement": ("cohen_kappa", "fleiss_kappa"),
    "._area_gap": ("AREA_GAP_MEASURES", "area_gap"),
    "._area_index": ("area_index",),
    "._benchmark": ("compare_with_benchmark", "se_from_interval"),
    "._decompose": ("arriaga_contributions", "cause_contributions",
                    "decompose_life_expectancy_gap"),
    "._disclosure": ("PRIMARY", "SECONDARY", "SMALL_DENOMINATOR", "SMALL_NUMERATOR",
                     "apply_small_numbers", "primary_suppression", "recoverable_cells",
                     "secondary_suppression", "small_counts", "small_numbers"),
    "._funnel": ("funnel_limits",),
    "._reasons": ("reason_templates",),
    "._funnel_flags": ("funnel_flags",),
    "._heat": ("DEFAULT_REPS", "LARGE_GROUP_MEASURES", "MEASURES", "NOT_APPLICABLE",
               "iter_summary_measures", "summary_measures"),
    "._intervals": ("proportion_ci", "rate_ci", "z_value"),
    "._lifetable": ("life_expectancy",),
    "._lifetable_input": ("check_confidence", "expected_ages", "requested_ages"),
    "._policy": ("interval_policy",),
    "._result": ("RESULT_COLUMNS", "result_frame"),
    "._sii": ("sii",),
    "._standardise": ("ESP2013", "dsr", "isr"),
    "._trend": ("gap_trend", "non_overlapping"),
    "._units": ("measure_unit",),
    "._verdict": ("VERDICT_WORDS", "area_gap_trend", "gap_verdict"),
}
_LAZY = {name: module for module, names in _MODULES.items() for name in names}

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
    "PRIMARY", "SECONDARY", "primary_suppression", "recoverable_cells", "secondary_suppression",
    "SMALL_DENOMINATOR", "SMALL_NUMERATOR", "apply_small_numbers", "small_counts",
    # agreement between coders (voices)
    "cohen_kappa", "fleiss_kappa",
    # numeric rules of the pages, measures and reports
    "compare_with_benchmark", "se_from_interval", "z_value",
    # issue 17: what drives a life-expectancy gap (Arriaga)
    "arriaga_contributions", "cause_contributions", "decompose_life_expectancy_gap",
    # every reason stored with an unpublished value, for pages in another language
    "reason_templates",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
