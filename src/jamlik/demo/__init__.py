"""The demo city: real geography (SCB, RegSO 2025), Göteborg's real programme and
deterministic example indicator data (exempeldata), built with ``jamlik demo``;
``write_example_reports(folder)`` writes the example annual reports (PDF, DOCX)
that the demo imports, matches and reviews."""

from ._build import DEMO_SEED, build_demo
from ._reports import write_example_reports

__all__ = ["DEMO_SEED", "build_demo", "write_example_reports"]
