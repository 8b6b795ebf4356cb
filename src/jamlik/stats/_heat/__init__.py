"""The 21 WHO HEAT summary measures of health inequality (ojämlikhetsmått).

:func:`summary_measures` computes them for every setting × date × source ×
indicator × dimension of a table in the WHO HEAT Plus upload template (or, with
:func:`iter_summary_measures`, of a national table given in parts), either
as HEAT Plus and the WHO ``healthequal`` R package do (``compat="heat"``) or
with their errors corrected (the default). ``docs/heat-measures.md`` gives the
formulas, applicability, interval methods and every difference.
:data:`LARGE_GROUP_MEASURES` are jamlik's own variants of D and R for
dimensions with many subgroups (not HEAT's), computed in the default mode only.
"""

from ._api import DEFAULT_REPS, summary_measures
from ._applicability import NOT_APPLICABLE
from ._large_groups import LARGE_GROUP_MEASURES
from ._stream import iter_summary_measures
from ._validate import MEASURES

__all__ = [
    "DEFAULT_REPS", "LARGE_GROUP_MEASURES", "MEASURES", "NOT_APPLICABLE", "iter_summary_measures",
    "summary_measures",
]
