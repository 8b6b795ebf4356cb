"""Peak memory of reading the biggest Excel workbooks the limits allow (issue 10, kind 2).

Two worst cases, each read by ``parse_file`` (the long format's whole path) in a
fresh process, whose peak resident memory is printed beside that of a process
that only imports jamlik (the baseline):

* most cells: ``XLSX_LIMITS.cells`` short cells (200,000 rows × 10 columns);
* most text: one long text column filling ``XLSX_LIMITS.uncompressed``.

Run: ``.venv/bin/python benchmarks/xlsx_memory.py``. The goal is < 500 MB.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "ingest"))
from xlsx_build import with_rows, workbook_bytes  # noqa: E402

from jamlik.ingest import XLSX_LIMITS  # noqa: E402

HEADER = ["indicator", "area_code", "period", "value", "population", "dimension", "subgroup",
          "unit", "indicator_source", "indicator_name"]

# The peak is VmHWM of the reading process, imports included (ru_maxrss would carry
# over the high-water mark of the parent that built the file, across exec).
READ = """
import re, sys, time
start = time.perf_counter()
from jamlik.ingest import parse_file
def peak():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1)) // 1024
if sys.argv[1] != "-":
    try:
        rows = len(parse_file(sys.argv[1], area_version="Kommun_2025")[2])
    except Exception as error:
        rows = f"refused: {str(error)[:120]}"
else:
    rows = 0
print(rows, round(time.perf_counter() - start, 1), peak())
"""


def most_cells():
    rows = XLSX_LIMITS.cells // len(HEADER) - 1
    for i in range(rows):
        yield [f"ind_{i % 50}", "1480", str(1000 + i // 50), i * 0.5, 1000, "kon", f"k{i % 3}",
               "procent", "SCB", f"Indikator {i % 50}"]


def most_text():
    width = 4000  # characters of two bytes in UTF-8: the widest text per byte of XML
    per_row = 2 * width + 400
    rows = XLSX_LIMITS.uncompressed // per_row - 10
    for i in range(rows):
        yield [f"ind_{i}", "1480", "2020", 1.0, 10, "total", "total", "procent", "SCB",
               "ö" * width]


def main() -> None:
    print("case        rows   seconds   peak MB (baseline: import only)")
    baseline = subprocess.run([sys.executable, "-c", READ, "-"], capture_output=True,
                              text=True, check=True).stdout.split()
    print(f"baseline {baseline[0]:>7} {baseline[1]:>9} {baseline[2]:>9}")
    with tempfile.TemporaryDirectory() as folder:
        for name, rows in (("most_cells", most_cells), ("most_text", most_text)):
            path = Path(folder) / f"{name}.xlsx"
            data = with_rows(workbook_bytes([HEADER]), itertools.chain([HEADER], rows()),
                             dimension="A1:J2")
            path.write_bytes(data)
            started = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", READ, str(path)], capture_output=True,
                                 text=True, check=True).stdout.rsplit(maxsplit=2)
            print(f"{name:<10} {out[0]:>7} {out[1]:>9} {out[2]:>9}   "
                  f"({len(data) / 1e6:.1f} MB file, {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
