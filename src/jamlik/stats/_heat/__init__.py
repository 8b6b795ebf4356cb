"""The 21 WHO HEAT summary measures of health inequality (ojämlikhetsmått).

:func:`summary_measures` computes them for every setting × date × source ×
indicator × dimension of a table in the WHO HEAT Plus upload template, either
as HEAT Plus and the WHO ``healthequal`` R package do (``compat="heat"``) or
with their errors corrected (the default). ``docs/heat-measures.md`` gives the
formulas, applicability, interval methods and every difference.
"""

from ._api import summary_measures
from ._validate import MEASURES

__all__ = ["MEASURES", "summary_measures"]
