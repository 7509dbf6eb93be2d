"""Page-verification benchmark: how often the slug and title checks of :mod:`citations.verify`
fire where they should not, and where they should, and what a check costs.

1. Slug against headline, on the real headline/URL pairs (../shared/data/belta/slug_pairs.json
   and slug_pairs_pre2015.json): how many real pairs fire ``slug-headline-mismatch`` (false
   alarms, aim 0) and how many of all shuffled pairs (headline of one, URL of another) fire
   (aim: nearly all), with the lowest real and highest shuffled similarity.
2. Titles, on the seed manuscript: each BelTA footnote's translated title against the Russian
   headline rebuilt offline from its slug (:func:`citations.translit.reverse.reconstruct`, an
   approximation: a cut slug loses the headline's tail). Footnote titles are translations of
   the real headlines, so every ``title-*`` finding is a likely false alarm unless the footnote
   cites the wrong article; each is listed for inspection.
3. Time per ``verify`` call (every check, a French title against each real headline), against ``belta_slug`` of the same headline as a baseline.

    python bench/verify.py [--runs 5]
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

from citations import verify as v  # noqa: E402
from citations.models import Kind, Link, Outcome, Page, Reference, Span  # noqa: E402
from citations.translit import belta_slug  # noqa: E402
from citations.urls import belta_parts  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "belta"
SEED = ROOT.parent / "shared" / "seed" / "000_51fac137fd3ceaee.txt"


def pairs() -> list[tuple[str, str]]:
    """(headline, url) of every real pair with a slug to compare."""
    out = []
    for name in ("slug_pairs.json", "slug_pairs_pre2015.json"):
        path = DATA / name
        if path.is_file():
            for pair in json.loads(path.read_text(encoding="utf-8")):
                b = belta_parts(pair["url"])
                if b is not None and b.slug:
                    out.append((pair["headline"], pair["url"]))
    return out


def reference(url: str, title: str | None = None) -> Reference:
    return Reference(1, url, Kind.WEB_ARTICLE, Span(1, 1), title=title, url=url, url_complete=True,
                     belta=belta_parts(url))  # fmt: skip


def fires(headline: str, url: str, code: str = "slug-headline-mismatch") -> bool:
    link = Link(url, Outcome.OK, page=Page(title=headline))
    return any(f.code == code for f in v.verify(reference(url), link))


def slug_section(real: list[tuple[str, str]]) -> None:
    n = len(real)
    false_alarms = [(h, u) for h, u in real if fires(h, u)]
    shuffled = [(h, u2) for i, (h, _) in enumerate(real) for j, (_, u2) in enumerate(real) if i != j]
    caught = sum(fires(h, u) for h, u in shuffled)
    real_scores = [v.slug_similarity(h, u) or 0.0 for h, u in real]
    shuffled_scores = sorted(v.slug_similarity(h, u) or 0.0 for h, u in shuffled)
    print(f"slug-headline-mismatch on {n} real pairs: {len(false_alarms)} fire (false alarms)")
    for h, u in false_alarms:
        print(f"    {h}\n    {u}")
    print(f"  on {len(shuffled)} shuffled pairs: {caught} fire ({100 * caught / len(shuffled):.2f} %)")
    print(f"  lowest real similarity {min(real_scores):.3f}; highest shuffled {shuffled_scores[-1]:.3f}, "
          f"then {shuffled_scores[-3]:.3f} (threshold {v.SLUG_MATCH})")  # fmt: skip


def title_section() -> None:
    if not SEED.is_file():
        print(f"\n{SEED} absent: title section skipped")
        return
    from citations.pipeline import extract_document
    from citations.translit.reverse import reconstruct

    refs = [r for r in extract_document(str(SEED)).references if r.belta and r.belta.slug and r.title]
    counts: dict[str, int] = {}
    print(f"\ntitles of {len(refs)} seed BelTA footnotes against headlines rebuilt from their slugs:")
    for ref in refs:
        assert ref.belta is not None and ref.url is not None
        headline = reconstruct(ref.belta.slug).text
        for f in v.verify(ref, Link(ref.url, Outcome.OK, page=Page(title=headline))):
            if f.code.startswith("title"):
                counts[f.code] = counts.get(f.code, 0) + 1
                print(f"  [{f.code}] {f.message}")
    for code in ("title-mismatch", "title-numbers-mismatch", "title-name-unmatched"):
        print(f"  {code}: {counts.get(code, 0)} of {len(refs)}")


def timing_section(real: list[tuple[str, str]], runs: int) -> None:
    title = "Aleinik a expliqué comment la Biélorussie coopère avec 17 pays d'Amérique latine en 2023"
    cases = [
        (reference(u, title), Link(u, Outcome.OK, page=Page(title=h, published="2023-05-04T10:00:00+03:00")))
        for h, u in real
    ]
    t0 = time.perf_counter()
    v.verify(*cases[0])  # loads iuliia's tables and wordfreq's lists
    load = time.perf_counter() - t0
    full = timed(lambda: [v.verify(r, link) for r, link in cases], runs)
    base = timed(lambda: [belta_slug(h) for h, _ in real], runs)
    n = len(cases)
    print(
        f"\nverify with every check, {n} references (median of {runs} runs; first call {load * 1e3:.0f} ms):"
    )
    print(f"  verify      {full / n * 1e3:8.3f} ms/reference   ratio {full / base:,.0f}x belta_slug")
    print(f"  belta_slug  {base / n * 1e3:8.4f} ms/headline")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    real = pairs()
    if not real:
        print(f"no slug pairs under {DATA}: nothing to measure")
        return
    slug_section(real)
    timing_section(real, args.runs)  # before the titles, so its first call loads the tables
    title_section()


if __name__ == "__main__":
    main()
