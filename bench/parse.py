"""Benchmark of the report parser (issue 6): reports per second on one core.

    PYTHONPATH=src python bench/parse.py [--seconds 5]

Reads every text/HTML fixture under src/gongkai/reportcheck/tests/fixtures, the DOCX and PDF
renderings of the fixture data, and the published samples in ../shared/samples/reports when they are
present, and whole reports on one line with every cell separator lost ("run-together", issue 16;
target 20 reports/s).  Each input is parsed and checked (``parse_bytes``) repeatedly for a fixed time; the figures
go into docs/benchmarks.md ("Report parser").
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gongkai.reportcheck.api import parse_bytes  # noqa: E402
from gongkai.reportformats.normalize import compact  # noqa: E402
from gongkai.testing import reportdata as fd  # noqa: E402


def inputs() -> dict[str, list[tuple[str, bytes]]]:
    groups: dict[str, list[tuple[str, bytes]]] = {"text": [], "html": [], "docx": [], "pdf": []}
    for path in sorted(fd.FIXTURES.iterdir()):
        kind = "html" if path.suffix == ".html" else "text"
        groups[kind].append((path.name, path.read_bytes()))
    shared = Path(os.environ.get("GONGKAI_SHARED_DIR", ROOT.parent / "shared")) / "samples" / "reports"
    if shared.is_dir():
        for path in sorted(shared.iterdir()):
            if path.suffix in {".txt", ".pdf", ".docx"}:
                kind = path.suffix.lstrip(".").replace("txt", "text")
                groups[kind].append((path.name, path.read_bytes()))
    for data, prose in ((fd.DATASET_A, fd.PROSE_A), (fd.DATASET_C, fd.PROSE_C)):
        groups["docx"].append((f"{data['agency']}.docx", fd.render_docx(data, prose)))
    groups["pdf"].append(("yunling.pdf", fd.render_pdf(fd.render_html(fd.DATASET_C, fd.PROSE_C, layout=False))))
    # Issue 16: whole reports on one line, every cell separator lost.
    groups["run-together"] = [
        (f"{data['agency']}-flat.txt", fd.render_run_together(data, prose).replace("\n", "").replace("\t", "").encode())
        for data, prose in ((fd.DATASET_A, fd.PROSE_A), (fd.DATASET_C, fd.PROSE_C))
    ]
    return groups


def measure(items: list[tuple[str, bytes]], seconds: float, cold: bool = False) -> tuple[float, float, int]:
    """(reports per second, median ms per report, reports parsed).  ``cold`` empties the label cache
    before every report, as if each report printed labels never seen before."""
    timings: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or not timings:
        for name, data in items:
            if cold:
                compact.cache_clear()
            started = time.perf_counter()
            parse_bytes(data, name)
            timings.append(time.perf_counter() - started)
    return len(timings) / sum(timings), statistics.median(timings) * 1000, len(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="time per input kind")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    print(f"Python {platform.python_version()} on {platform.machine()}, one core")
    print(f"{'kind':<12} {'files':>5} {'reports/s':>10} {'median ms':>10} {'parsed':>7}")
    ok = True
    for kind, items in inputs().items():
        if not items:
            continue
        for cold in (False, True) if kind == "text" else (False,):
            rate, median, count = measure(items, args.seconds, cold=cold)
            label = kind + (" (cold)" if cold else "")
            print(f"{label:<12} {len(items):>5} {rate:>10.1f} {median:>10.2f} {count:>7}")
            if (kind == "text" and rate < 50) or (kind == "run-together" and rate < 20):
                ok = False
    if not ok:
        print("below the target (text 50, run-together 20 reports per second)", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
