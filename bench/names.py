"""Name-variant clustering time for 100 and 10,000 synthetic references, side by side.

Each synthetic reference has an author romanised under one of several schemes, the same
person's name in its title under another, and a BelTA slug: about three occurrences per
reference and many distinct names, as in a long bibliography. Caches are cleared before each
run so both sizes pay for their own candidate enumeration. Run:
``.venv/bin/python bench/names.py``.
"""

from __future__ import annotations

import random
import time

from citations import names
from citations.names import NameOccurrence, cluster, findings
from citations.translit import transliterate

_STARTS = [
    "Ка",
    "Ле",
    "Ви",
    "Ро",
    "Шу",
    "Жа",
    "Хо",
    "Це",
    "Че",
    "Щу",
    "Бе",
    "Га",
    "Ды",
    "Ми",
    "Па",
    "Ю",
    "Я",
    "Зо",
]
_MIDDLES = ["ле", "ви", "ро", "ша", "жи", "хо", "це", "ня", "ре", "ка", "ти", "йн", "сн", "до", "бу", "лё"]
_ENDS = ["ов", "ев", "ин", "ский", "цкий", "ко", "ник", "енко", "ич", "ук", "ый", "ёв"]
_SCHEMES = ["wikipedia", "bgn-pcgn", "icao", "gost-7.79-b", "mvd-782", "scientific"]


def _references(count: int, seed: int = 7) -> tuple[list[NameOccurrence], dict[int, str]]:
    """Occurrences, and the Cyrillic name behind each line (to count wrong merges)."""
    rng = random.Random(seed)
    people = max(10, count // 3)  # each person cited about three times
    pool = [rng.choice(_STARTS) + rng.choice(_MIDDLES) + rng.choice(_ENDS) for _ in range(people)]
    out: list[NameOccurrence] = []
    truth: dict[int, str] = {}
    for n in range(1, count + 1):
        person = rng.choice(pool)
        line = n * 3
        # ё and е are one letter to a romanisation (and to most Russian writers).
        truth.update(dict.fromkeys((line, line + 1, line + 2), person.replace("ё", "е")))
        out.append(NameOccurrence(transliterate(person, rng.choice(_SCHEMES)), n, line, "author"))
        out.append(NameOccurrence(transliterate(person, rng.choice(_SCHEMES)), n, line + 1, "title"))
        out.append(NameOccurrence(transliterate(person, "belta-slug"), n, line + 2, "slug"))
    return out, truth


def _clear_caches() -> None:
    for fn in (names.name_key, names._word_candidates, names._known):
        fn.cache_clear()


def main() -> None:
    rows = []
    for count in (100, 10_000):
        occurrences, truth = _references(count)
        _clear_caches()
        start = time.perf_counter()
        groups = cluster(occurrences)
        found = findings(groups)
        elapsed = time.perf_counter() - start
        # A group holding two different Cyrillic names is a wrong merge; the few left are
        # -иов/-иёв pairs (Rotiov), which no romanisation tells apart.
        mixed = sum(len({truth[o.line] for o in g.occurrences}) > 1 for g in groups)
        rows.append((count, len(occurrences), len(groups), len(found), mixed, elapsed))
    head = f"{'references':>10} {'occurrences':>11} {'groups':>7} {'findings':>8} {'mixed':>5}"
    print(f"{head} {'seconds':>8} {'µs/occ':>7}")
    for count, occs, groups_n, found_n, mixed, elapsed in rows:
        cells = f"{count:>10} {occs:>11} {groups_n:>7} {found_n:>8} {mixed:>5}"
        print(f"{cells} {elapsed:>8.3f} {elapsed / occs * 1e6:>7.1f}")
    small, large = rows
    print(f"scaling: ×{large[1] / small[1]:.0f} occurrences → ×{large[5] / small[5]:.0f} time")


if __name__ == "__main__":
    main()
