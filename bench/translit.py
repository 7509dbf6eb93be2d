"""Transliteration benchmark: how exactly and how fast the BelTA slug scheme runs.

Prints the exact-match rate of ``belta_slug`` on the real post-2015 headline/URL pairs and of
``belta_slug_pre2015`` on the pre-2015 ones (from ../shared/data/belta, skipped when absent),
then the time to slug N headlines (the real ones, cycled) next to a ``str.lower`` pass over
the same headlines in the same process: the floor any per-character pass stands on.

    python bench/translit.py [--headlines 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import timed  # noqa: E402

from citations.translit import belta_slug, belta_slug_pre2015  # noqa: E402

BELTA_DATA = ROOT.parent / "shared" / "data" / "belta"
_VIEW_TAIL_RE = re.compile(r"/view/(?P<tail>[a-z0-9.-]*?-(?P<id>\d+)(?:-(?P<year>\d{4}))?)/?$")
_OLD_SLUG_RE = re.compile(r"/(?P<slug>[^/]*)_i_\d+\.html$")
#: Used when the real pairs are absent, so the timing still runs.
_FALLBACK = [
    "Лукашенко обучил Депардье навыкам ручной косьбы",
    "В Минске водитель под кайфом разогнался на МКАД до 200 км/ч",
    "Минимальная заработная плата за июль индексируется на 5,1% - Минтруда",
]


def load(name: str) -> list[dict[str, str]]:
    path = BELTA_DATA / name
    if not path.is_file():
        return []
    pairs: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return pairs


def post2015_rate(pairs: list[dict[str, str]]) -> tuple[int, list[str]]:
    """Exact matches of ``belta_slug`` with id and year against the URL tail, and the misses."""
    hits, misses = 0, []
    for pair in pairs:
        m = _VIEW_TAIL_RE.search(pair["url"])
        if m is None:
            misses.append(f"unparsed URL {pair['url']}")
            continue
        year = int(m["year"]) if m["year"] else None
        got = belta_slug(pair["headline"], year=year, id=int(m["id"]))
        if got == m["tail"]:
            hits += 1
        else:
            misses.append(f"{m['tail']}\n      ours: {got}")
    return hits, misses


def pre2015_rate(pairs: list[dict[str, str]]) -> tuple[int, list[str]]:
    hits, misses = 0, []
    for pair in pairs:
        m = _OLD_SLUG_RE.search(pair["url"])
        got = belta_slug_pre2015(pair["headline"])
        if m is not None and got == m["slug"]:
            hits += 1
        else:
            misses.append(f"{pair['url']}\n      ours: {got}")
    return hits, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--headlines", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    post, pre = load("slug_pairs.json"), load("slug_pairs_pre2015.json")
    for label, pairs, rate in (
        ("post-2015 /view/ pairs", post, post2015_rate),
        ("pre-2015 _i_ pairs", pre, pre2015_rate),
    ):
        if not pairs:
            print(f"{label}: not present under {BELTA_DATA}, skipped")
            continue
        hits, misses = rate(pairs)
        print(f"{label}: {hits}/{len(pairs)} exact ({100 * hits / len(pairs):.1f} %)")
        for miss in misses:
            print(f"    miss: {miss}")
    if post and pre:
        both = post2015_rate(post)[0] + pre2015_rate(pre)[0]
        print(f"all pairs: {both}/{len(post) + len(pre)} exact ({100 * both / (len(post) + len(pre)):.1f} %)")

    source = [p["headline"] for p in post + pre] or _FALLBACK
    headlines = list(itertools.islice(itertools.cycle(source), args.headlines))
    ids = range(700_000, 700_000 + len(headlines))
    slug = timed(lambda: [belta_slug(h) for h in headlines], args.runs)
    tail = timed(
        lambda: [belta_slug(h, year=2026, id=i) for h, i in zip(headlines, ids, strict=True)], args.runs
    )
    old = timed(lambda: [belta_slug_pre2015(h) for h in headlines], args.runs)
    base = timed(lambda: [h.lower() for h in headlines], args.runs)
    n = len(headlines)
    print(f"\n{n} headlines (median of {args.runs} runs):")
    print(
        f"  belta_slug               {slug * 1000:8.1f} ms  {n / slug:10,.0f}/s   ratio {slug / base:,.0f}x"
    )
    print(
        f"  belta_slug id+year       {tail * 1000:8.1f} ms  {n / tail:10,.0f}/s   ratio {tail / base:,.0f}x"
    )
    print(f"  belta_slug_pre2015       {old * 1000:8.1f} ms  {n / old:10,.0f}/s   ratio {old / base:,.0f}x")
    print(f"  baseline str.lower       {base * 1000:8.1f} ms  {n / base:10,.0f}/s")


if __name__ == "__main__":
    main()
    # The reverse direction's figures belong beside the forward ones (issue: "print both").
    import runpy

    print("\nreverse (slug → headline):")
    sys.argv = [sys.argv[0], "--runs", "3"]
    runpy.run_path(str(Path(__file__).with_name("reverse.py")), run_name="__main__")
