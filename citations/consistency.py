"""Offline consistency checks across a document's references (no network needed):

- ``year-mismatch`` — the year a footnote cites differs from the year in its BelTA URL;
- ``id-year-mismatch`` — a BelTA article id that the site's rising id sequence could not have
  given in the URL's year (a digit dropped or doubled by a bad line join, or the wrong year);
- ``duplicate-reference`` — the same URL, or the same BelTA article by id, cited under two
  footnote numbers;
- ``slug-invalid`` — a BelTA slug word that no Russian word gives under BelTA's scheme, but
  that becomes one without a doubled letter (``sotrudnichestvve``): a bad line join.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from datetime import date

from citations import urls
from citations.models import Finding, Reference, Severity

#: Observed BelTA news ids on www.belta.by (GUIDE §3): (date, id). One sequence rises across the
#: news rubrics; comments, interviews, opinions and the language sites count separately.
ID_ANCHORS: tuple[tuple[date, int], ...] = (
    (date(2015, 7, 15), 153_000),
    (date(2021, 10, 15), 465_900),
    (date(2022, 3, 15), 493_000),
    (date(2023, 6, 15), 572_000),
    (date(2024, 4, 15), 626_600),
    (date(2026, 2, 15), 762_800),
)
#: Slack around the interpolated range: the anchors are approximate and the rate varies.
ID_SLACK = 0.06


def _id_on(day: date) -> float:
    """The id BelTA was issuing on ``day``, interpolated (or extrapolated) from the anchors."""
    ordinals = [d.toordinal() for d, _ in ID_ANCHORS]
    x = day.toordinal()
    k = min(max(bisect.bisect_left(ordinals, x), 1), len(ID_ANCHORS) - 1)
    (d0, i0), (d1, i1) = ID_ANCHORS[k - 1], ID_ANCHORS[k]
    return i0 + (i1 - i0) * (x - d0.toordinal()) / (d1.toordinal() - d0.toordinal())


def id_range(year: int) -> tuple[int, int]:
    """The ids a www.belta.by news article of ``year`` can plausibly have."""
    low, high = _id_on(date(year, 1, 1)), _id_on(date(year, 12, 31))
    return int(low * (1 - ID_SLACK)), int(high * (1 + ID_SLACK))


def _plausible_year(article_id: int) -> int | None:
    for year in range(2015, date.today().year + 2):
        low, high = id_range(year)
        if low <= article_id <= high:
            return year
    return None


def _url_key(url: str) -> str:
    clean = urls.clean(url).lower().split("://", 1)[-1].removeprefix("www.")
    return clean.rstrip("/")


def check(references: Sequence[Reference]) -> list[Finding]:
    """Consistency findings for one document's references."""
    out: list[Finding] = []
    for ref in references:
        b = ref.belta
        if b is None or b.year is None:
            continue
        if ref.year and ref.year != b.year:
            out.append(
                Finding(
                    "year-mismatch",
                    Severity.WARNING,
                    f"footnote {ref.n}: cites {ref.year} but its BelTA URL is from {b.year}",
                    ref.span.first,
                    ref.n,
                )
            )
        if b.site == "www" and b.year >= 2016:
            low, high = id_range(b.year)
            if not low <= b.id <= high:
                guess = _plausible_year(b.id)
                hint = f" (an id of {guess})" if guess else ""
                out.append(
                    Finding(
                        "id-year-mismatch",
                        Severity.WARNING,
                        f"footnote {ref.n}: BelTA id {b.id} is outside {b.year}'s range {low:,}–{high:,}{hint}: "
                        "check the URL's digits and year",
                        ref.span.last,
                        ref.n,
                    )
                )
    out.extend(_duplicates(references))
    out.extend(_slug_words(references))
    return out


def _slug_words(references: Sequence[Reference]) -> list[Finding]:
    """Slug words that are no Russian word under BelTA's scheme until a doubled letter goes."""
    slugged = [r for r in references if r.belta and r.belta.slug and r.url and r.url_complete]
    if not slugged:
        return []
    from citations.translit.reverse import candidates  # loads the Russian dictionary

    out = []
    for ref in slugged:
        assert ref.belta is not None and ref.url is not None
        for word in ref.belta.slug.split("-"):
            if not word.isalpha() or candidates(word):
                continue
            fixes = sorted(
                {
                    fixed
                    for m in re.finditer(r"(.)\1", word)
                    if candidates(fixed := word[: m.start()] + word[m.start() + 1 :])
                }
            )
            if len(fixes) == 1:
                out.append(
                    Finding(
                        "slug-invalid",
                        Severity.WARNING,
                        f"footnote {ref.n}: slug word {word!r} is no Russian word under BelTA's scheme; "
                        f"{fixes[0]!r} is (a letter doubled where the URL was rejoined?)",
                        ref.span.last,
                        ref.n,
                        ref.url.replace(f"-{word}-", f"-{fixes[0]}-", 1).replace(
                            f"/{word}-", f"/{fixes[0]}-", 1
                        ),
                    )
                )
    return out


def _duplicates(references: Sequence[Reference]) -> list[Finding]:
    seen_url: dict[str, Reference] = {}
    seen_id: dict[tuple[str, int], Reference] = {}
    out = []
    for ref in references:
        if not ref.url or not ref.url_complete:
            continue
        key = _url_key(ref.url)
        first = seen_url.get(key)
        if first is None and ref.belta and ref.belta.year is not None:
            first = seen_id.get((ref.belta.site, ref.belta.id))
            same = f"the same BelTA article (id {ref.belta.id}) as" if first else ""
        else:
            same = "the same URL as"
        if first is not None and first.n != ref.n:
            out.append(
                Finding(
                    "duplicate-reference",
                    Severity.INFO,
                    f"footnote {ref.n} cites {same} footnote {first.n}",
                    ref.span.first,
                    ref.n,
                )
            )
        seen_url.setdefault(key, ref)
        if ref.belta and ref.belta.year is not None:
            seen_id.setdefault((ref.belta.site, ref.belta.id), ref)
    return out
