"""The equality report of the demo city in each format: wall time and peak memory.

Builds the demo store once (in a temporary folder), then writes the report as HTML,
PDF and Word in a fresh process each, so that each figure is the whole cost of one
report (reading the store, the verdicts, the figures, rendering, the data appendix).
Prints one line per format with seconds, peak RSS of the process and the page count.

``python benchmarks/equality_report.py [DATABASE_URL]`` uses an already built demo store
instead (its build is not timed then).

Measured 2026-11-29 on the demo store (DEMO_VERSION 4: Göteborg, three periods, 7
indicators in 4 target areas, 7 maps, 1 intersection table, the life-expectancy
decomposition; 20 PDF pages), 2 shared cores at load 9.5–11.5 (other sessions running),
so the times are upper bounds:

    format  lang  seconds  peak RSS (MB)  pages  size (KB)
    html    sv    30.0     517            -      2544
    html    en    29.6     514            -      2561
    pdf     sv    50.8     570            20     1082
    pdf     en    60.3     570            20     1086
    docx    sv    30.9     523            -      1163
    docx    en    35.3     523            -      1168

Before the maps, intersections and decomposition (issue 17, first round) no figures
were recorded here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import resource, sys, time
from jamlik.store import connect
from jamlik.reports import equality_report
start = time.perf_counter()
report, appendix = equality_report(connect(sys.argv[1]), sys.argv[2], lang=sys.argv[3])
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
pages = "-"
if report.suffix == ".pdf":
    import pypdfium2
    document = pypdfium2.PdfDocument(str(report))
    pages = len(document)
    document.close()
print(f"{seconds:.1f}\\t{peak:.0f}\\t{pages}\\t{report.stat().st_size // 1024}")
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(folder) / 'demo.db'}"
        if len(sys.argv) == 1:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "jamlik", "demo", "--no-serve"], check=True,
                           env={**os.environ, "JAMLIK_DATABASE_URL": url},
                           stdout=subprocess.DEVNULL)
            print(f"demo store built in {time.perf_counter() - started:.0f} s")
        print(f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print("format\tlang\tseconds\tpeak RSS (MB)\tpages\tsize (KB)")
        for suffix in ("html", "pdf", "docx"):
            for lang in ("sv", "en"):
                out = Path(folder) / f"rapport-{lang}.{suffix}"
                done = subprocess.run([sys.executable, "-c", CHILD, url, str(out), lang],
                                      check=True, capture_output=True, text=True)
                print(f"{suffix}\t{lang}\t{done.stdout.strip()}\tload "
                      f"{os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
