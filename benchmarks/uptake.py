"""Uptake matching benchmark: 500 annual reports of 50 pages against Göteborg's programme.

Builds passages as the extraction yields them (five per page: report passages
from the project's labelled set, varied, and passages about budget, staff and
premises), then times, in one run:

* jamlik's matcher (explicit + reuse + theme, top 3 per passage), and
* the plain baseline: BM25 over strategy names only (bm25s, same batching),

and, unless ``--no-extract``, PDF extraction of one generated 50-page report
(pages per second; the 500-document figure is extrapolated and says so).

    .venv/bin/python benchmarks/uptake.py [--documents 500] [--pages 50] [--no-extract]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
FILLER = [
    "Resultatet blev ett överskott på {n} miljoner kronor, främst beroende på vakanser.",
    "Nämnden har haft {n} sammanträden under året.",
    "Lokalkostnaderna ökade med {n} procent till följd av indexuppräkning av hyrorna.",
    "Sjukfrånvaron bland medarbetarna var {n} procent, i nivå med föregående år.",
    "Investeringarna i it-system har försenats på grund av upphandlingen.",
    "Den interna kontrollen har följts upp enligt plan och inga väsentliga brister har upptäckts.",
    "Antalet ärenden till registraturen ökade med {n} procent.",
]


def passages(documents: int, pages: int, rng: np.random.Generator) -> list[tuple[str, str]]:
    from jamlik.jobs import read_labels

    labelled = [item.text for item in read_labels(ROOT / "tests/fixtures/uptake/labels.csv")]
    out = []
    for doc in range(documents):
        for page in range(pages):
            for slot in range(5):
                if rng.random() < 0.4:
                    text = FILLER[rng.integers(len(FILLER))].format(n=rng.integers(2, 40))
                else:
                    # two labelled passages joined: longer, mixed paragraphs as in real reports
                    first, second = rng.integers(len(labelled), size=2)
                    text = f"{labelled[first]} {labelled[second]}"
                out.append((f"{doc}-{page}-{slot}", text))
    return out


def extraction(pages: int) -> float:
    import weasyprint

    from jamlik.text import read_document

    body = "".join(
        f"<h2 style='page-break-before: always'>Avsnitt {page}</h2>" + "".join(
            f"<p>{text} {text}</p>" for text in FILLER[:5]) for page in range(pages))
    css = ("@page { size: A4; margin: 2cm; @bottom-center { content: 'Sida ' counter(page) } }")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rapport.pdf"
        weasyprint.HTML(string=f"<html><head><style>{css}</style></head><body>{body}</body>"
                        "</html>").write_pdf(str(path))
        start = time.perf_counter()
        document = read_document(path)
        seconds = time.perf_counter() - start
    assert document.pages == pages
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--no-extract", action="store_true")
    args = parser.parse_args()

    from jamlik.jobs import uptake_matcher
    from jamlik.text import Matcher, Weights

    rng = np.random.default_rng(13)
    items = passages(args.documents, args.pages, rng)
    start = time.perf_counter()
    matcher = uptake_matcher()
    built = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    matches = matcher.match(items, top=3)
    jamlik_seconds = time.perf_counter() - start
    jamlik_cpu = time.process_time() - cpu

    plain = [replace(target, description="") for target in matcher.targets]
    baseline = Matcher(plain, weights=Weights(explicit=0, reuse=0, chars=0, area=0, names=1))
    start, cpu = time.perf_counter(), time.process_time()
    baseline.score_matrix([text for _, text in items])
    baseline_seconds = time.perf_counter() - start
    baseline_cpu = time.process_time() - cpu

    print(f"{args.documents} documents × {args.pages} pages = {len(items):,} passages")
    # CPU seconds too: on a shared machine the wall clock mostly measures the neighbours
    print(f"{'':28s}{'seconds':>10s}{'CPU s':>8s}{'passages/s':>14s}")
    print(f"{'jamlik uptake (top 3)':28s}{jamlik_seconds:10.1f}{jamlik_cpu:8.1f}"
          f"{len(items) / jamlik_seconds:14,.0f}"
          f"   ({len(matches):,} matches; matcher built in {built:.2f} s)")
    print(f"{'baseline: BM25 on names':28s}{baseline_seconds:10.1f}{baseline_cpu:8.1f}"
          f"{len(items) / baseline_seconds:14,.0f}")
    verdict = "under" if jamlik_seconds < 60 else "OVER"
    print(f"matching: {verdict} a minute of wall-clock time (load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    if not args.no_extract:
        seconds = extraction(args.pages)
        per_page = seconds / args.pages
        print(f"PDF extraction: {args.pages} pages in {seconds:.2f} s ({1 / per_page:,.0f} pages/s);"
              f" extrapolated to {args.documents} documents: "
              f"{per_page * args.pages * args.documents:,.0f} s on one core")


if __name__ == "__main__":
    main()
