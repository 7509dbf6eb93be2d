"""Extraction benchmark: a large document built from the bundled example's footnote patterns.

Prints footnotes/second and peak memory for a ≥10,000-footnote document, the time for the
bundled example (and the real seed when ../shared is present), each next to a baseline run in
the same process (reading and splitting the file: the I/O floor), and the cold start of
``citations --help`` as a ratio to ``python -c "import click"``.

    python bench/extract.py [--footnotes 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import timed  # noqa: E402

from citations.detect import detect  # noqa: E402
from citations.pipeline import extract_document  # noqa: E402

EXAMPLE = ROOT / "citations" / "examples" / "manuscript.txt"
SEED = ROOT.parent / "shared" / "seed" / "000_51fac137fd3ceaee.txt"


def build_document(target: int) -> str:
    """Pages of body lines with call markers and footnote zones, reusing the example's footnote
    texts (split, truncated, missing and interleaved URLs included) renumbered 1…target."""
    lines = EXAMPLE.read_text(encoding="utf-8").split("\n")
    blocks = []
    for fn in detect(lines).footnotes:
        texts = [f.text for f in fn.fragments]
        first = texts[0]
        blocks.append([first, *texts[1:]])
    out: list[str] = []
    n = 0
    while n < target:
        for start in range(0, len(blocks), 3):
            page = blocks[start : start + 3]
            for k in range(len(page)):
                out += [f'Texte du corps de la page qui cite une source"{n + k + 1} . Suite du texte ', ""]
            out.append(" " * 49)
            for k, block in enumerate(page):
                out.append(f"{n + k + 1} {block[0]}")
                out.extend(block[1:])
            n += len(page)
            if n >= target:
                break
    return "\n".join(out) + "\n"


def baseline_read(path: str) -> None:
    Path(path).read_bytes().decode("utf-8").split("\n")


def cold_start(runs: int) -> tuple[float, float]:
    def spawn(args: list[str]) -> float:
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        return time.perf_counter() - t0

    script = Path(sys.executable).with_name("citations")  # the installed console script
    exe = [str(script), "--help"] if script.exists() else [sys.executable, str(ROOT / "cli.py"), "--help"]
    os.chdir(ROOT)
    cli = statistics.median(spawn(exe) for _ in range(runs))
    click = statistics.median(spawn([sys.executable, "-c", "import click"]) for _ in range(runs))
    return cli, click


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--footnotes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "large.txt")
        Path(big).write_text(build_document(args.footnotes), encoding="utf-8")
        size = os.path.getsize(big)
        extract_document(big)  # warm imports and caches
        base = timed(lambda: baseline_read(big), args.runs)
        took = timed(lambda: extract_document(big), args.runs)
        tracemalloc.start()
        result = extract_document(big)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"large document: {result.footnote_count:,} footnotes, {result.call_count:,} calls, {size / 1e6:.1f} MB"
        )
        print(
            f"  extract   {took:8.3f} s  {result.footnote_count / took:10,.0f} footnotes/s  peak {peak / 1e6:.1f} MB (tracemalloc)"
        )
        print(f"  baseline  {base:8.3f} s  (read + decode + split lines)   ratio {took / base:,.0f}x")

    for label, path in (("bundled example", EXAMPLE), ("seed", SEED)):
        if not path.is_file():
            print(f"{label}: not present, skipped")
            continue
        took = timed(lambda p=str(path): extract_document(p), args.runs)  # type: ignore[misc]
        base = timed(lambda p=str(path): baseline_read(p), args.runs)  # type: ignore[misc]
        print(f"{label}: extract {took * 1000:.1f} ms, baseline read {base * 1000:.2f} ms")

    cli, click = cold_start(max(args.runs, 5))
    print(
        f"cold start: citations --help {cli * 1000:.0f} ms, python -c 'import click' {click * 1000:.0f} ms, ratio {cli / click:.2f}x"
    )


if __name__ == "__main__":
    main()
