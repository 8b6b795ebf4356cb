"""Reports: the annual summary (årsbokslut) of a follow-up cycle as HTML, PDF and Word.

``annual_report(engine, output, format=None, programme_id=None, cycle_id=None,
lang="sv", municipality=None)`` writes it; ``collect`` reads its content and ``render_annual``
writes collected content, so several formats can share one read. Texts come from
:mod:`jamlik.program.catalogue`.
"""

from ._annual import FORMATS, annual_report, render_annual
from ._annual_data import AnnualData, collect

__all__ = ["FORMATS", "AnnualData", "annual_report", "collect", "render_annual"]
