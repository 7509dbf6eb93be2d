"""Reverse-slug benchmark: how well and how fast a BelTA slug becomes its headline again.

On the real post-2015 headline/URL pairs (../shared/data/belta/slug_pairs.json; a few built-in
slugs when absent) prints the word accuracy of :func:`reconstruct` (slug words whose reading
equals the headline's word, case, punctuation and ё aside), the exact-headline rate (every word
right), the round-trip rate (``belta_slug`` of the reading gives the slug back) and each miss;
then the time per slug with cold caches and warm ones next to the forward ``belta_slug`` of the
same headlines as the baseline, and the one-off cost of loading pymorphy3 and wordfreq.

    python bench/reverse.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import timed  # noqa: E402

from citations.translit import belta_slug, reverse  # noqa: E402
from citations.translit.reverse import align, reconstruct, word_key  # noqa: E402
from citations.urls import belta_parts  # noqa: E402

PAIRS = ROOT.parent / "shared" / "data" / "belta" / "slug_pairs.json"
#: Used when the real pairs are absent, so the timing still runs.
_FALLBACK = [
    ("lukashenko-obuchil-depardje-navykam-ruchnoj-kosby", "Лукашенко обучил Депардье навыкам ручной косьбы", None),
    ("v-minske-voditel-pod-kajfom-razognalsja-na-mkad-do-200-kmch",
     "В Минске водитель под кайфом разогнался на МКАД до 200 км/ч", None),
]  # fmt: skip


def load() -> list[tuple[str, str, int | None]]:
    """(slug, headline, year) of every real pair, or the fallback."""
    if not PAIRS.is_file():
        print(f"{PAIRS} absent: built-in slugs only")
        return _FALLBACK
    out = []
    for pair in json.loads(PAIRS.read_text(encoding="utf-8")):
        ref = belta_parts(pair["url"])
        if ref is not None:
            out.append((ref.slug, pair["headline"], ref.year))
    return out


def _cold() -> None:
    """Forget every per-word result, keeping the loaded dictionary and frequency tables."""
    for cached in (reverse.candidates, reverse._zipf, reverse._zipf_en):
        cached.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pairs = load()

    t0 = time.perf_counter()
    reconstruct("belarus")  # loads pymorphy3's dictionary and wordfreq's Russian table
    load_time = time.perf_counter() - t0

    right = words = exact = back = 0
    misses: list[str] = []
    for slug, headline, year in pairs:
        got = reconstruct(slug)
        aligned = align(slug, headline)
        ok = [
            want is not None and word_key(want) == word_key(w)
            for (_, want), w in zip(aligned, got.words, strict=True)
        ]
        right += sum(ok)
        words += len(ok)
        exact += all(ok)
        back += belta_slug(got.text, year=year) == slug
        misses += [
            f"{s:22} {w:22} {want}"
            for (s, want), w, hit in zip(aligned, got.words, ok, strict=True)
            if not hit
        ]
    n = len(pairs)
    print(f"word accuracy   {right}/{words} ({100 * right / words:.1f} %)")
    print(f"exact headlines {exact}/{n} ({100 * exact / n:.1f} %)  (slug words only, case aside)")
    print(f"round trip      {back}/{n} ({100 * back / n:.1f} %)")
    print("misses (slug word, ours, headline's):")
    for miss in misses:
        print(f"    {miss}")

    slugs = [s for s, _, _ in pairs]
    headlines = [h for _, h, _ in pairs]
    cold = timed(lambda: [reconstruct(s) for s in slugs], args.runs, _cold)
    warm = timed(lambda: [reconstruct(s) for s in slugs], args.runs)
    base = timed(lambda: [belta_slug(h) for h in headlines], args.runs)
    print(
        f"\n{n} slugs (median of {args.runs} runs); one-off load of pymorphy3 + wordfreq {load_time * 1000:.0f} ms"
    )
    for label, t in (("reconstruct, cold caches", cold), ("reconstruct, warm caches", warm)):
        print(f"  {label:28} {t / n * 1e3:8.2f} ms/slug   ratio {t / base:,.0f}x")
    print(f"  {'belta_slug (forward)':28} {base / n * 1e3:8.4f} ms/headline")


if __name__ == "__main__":
    main()
