"""Reports: the annual summary (årsbokslut) of a follow-up cycle as HTML, PDF and Word.

``annual_report(engine, output, format=None, programme_id=None, cycle_id=None,
lang="sv", municipality=None)`` writes it; ``collect`` reads its content and ``render_annual``
writes collected content, so several formats can share one read. Texts come from
:mod:`jamlik.program.catalogue`. ``equality_report(engine, output, periods=…,
municipality=…, lang=…)`` writes the equality report (jämlikhetsrapport) and its
data appendix beside it (``appendix_path``); ``equality_sections`` lists the sections
an analyst can comment on (key, heading); ``gap_finding`` writes its sentence on
how a gap moved, with the verb its verdict allows; ``watermark`` writes "Exempeldata"
inside a chart (used by the web app's charts and maps too); ``CSP`` is the policy
every report's HTML carries (nothing loaded from anywhere, no script).
"""

from ._annual import FORMATS, annual_report, render_annual
from ._annual_data import AnnualData, collect
from ._charts import watermark
from ._equality import appendix_path, equality_report
from ._equality_extra import equality_sections
from ._findings import Finding, gap_finding
from ._html import CSP

__all__ = ["CSP", "FORMATS", "AnnualData", "Finding", "annual_report", "appendix_path", "collect",
           "equality_report", "equality_sections", "gap_finding", "render_annual", "watermark"]
