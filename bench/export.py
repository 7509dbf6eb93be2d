"""Benchmark: export 10,000 references in every format, printing time and peak memory.

    python bench/export.py [--count 10000] [--styles gost,chicago,apa]

The entries are the bundled example's, repeated with unique keys and footnote numbers, so the
text is real-world (French titles, Cyrillic, long BelTA URLs). Each format is timed once from
entries to the finished string; peak memory is the Python allocation peak (tracemalloc) of a
second, traced run of that export. Reading back (.bib, CSL-JSON, RIS) is timed too, since editors import these files.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citations.entry import Entry, entries  # noqa: E402
from citations.pipeline import extract_document  # noqa: E402


def many(count: int) -> list[Entry]:
    base = entries([extract_document(str(ROOT / "citations" / "examples" / "manuscript.txt"))])
    return [
        replace(base[i % len(base)], key=f"{base[i % len(base)].key}_{i}", footnote=i + 1) for i in range(count)
    ]


def measure(func: Callable[[], str]) -> tuple[float, float, str]:
    """Wall time of one untraced run, then the allocation peak of a traced one (tracing slows
    Python down, so the two are never taken from the same run)."""
    started = time.perf_counter()
    out = func()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return elapsed, peak, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--styles", default="gost")
    args = parser.parse_args()

    from citations.bibtex import read_bibtex, write_bibtex
    from citations.csl import csl_item, read_csl, write_csl
    from citations.formatted import render
    from citations.ris import read_ris, write_ris

    items = many(args.count)
    writers: dict[str, Callable[[], str]] = {
        "biblatex": lambda: write_bibtex(items, dialect="biblatex"),
        "bibtex (ASCII)": lambda: write_bibtex(items, dialect="bibtex", ascii=True),
        "csl-json": lambda: write_csl(items),
        "ris": lambda: write_ris(items),
    }
    for style in args.styles.split(","):
        writers[f"text, {style}"] = lambda style=style: render([csl_item(e) for e in items], style, "text", True)  # type: ignore[misc]
    readers = {"biblatex": read_bibtex, "csl-json": read_csl, "ris": read_ris}
    print(f"{args.count} references")
    print(f"{'format':18s} {'write s':>8s} {'peak MB':>8s} {'size MB':>8s} {'read s':>8s} {'read back':>10s}")
    for name, write in writers.items():
        seconds, peak, text = measure(write)
        row = f"{name:18s} {seconds:8.2f} {peak:8.1f} {len(text.encode()) / 2**20:8.1f}"
        if name in readers:
            started = time.perf_counter()
            back, problems = readers[name](text, name)
            row += f" {time.perf_counter() - started:8.2f} {len(back):6d} ok" if not problems else " problems"
        print(row)


if __name__ == "__main__":
    main()
