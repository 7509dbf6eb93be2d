"""Findings that compare a fetched page with what its footnote claims (needs a resolved link).

- ``published-year-mismatch`` — the footnote's year is not the page's publication year;
- ``url-date-mismatch`` — a BelTA URL's year (or, for a yearless news URL, its id) does not fit
  the page's publication date;
- ``slug-headline-mismatch`` — the BelTA slug is not a romanisation of the page headline. Always a
  warning: headlines are edited after publication while slugs stay frozen (GUIDE §3);
- ``title-mismatch`` — a footnote title in the headline's own script and language that reads
  differently from it;
- ``title-numbers-mismatch`` — a number in one title that the other lacks (the one thing a
  translation keeps);
- ``title-name-unmatched`` (info) — capitalised names of a translated footnote title that no
  romanisation of any headline word resembles.

:func:`likely_target` picks, among full URLs known elsewhere, the one a truncated or mangled
cited URL stands for — and declines to choose between two.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from citations import urls
from citations.consistency import id_range
from citations.models import BeltaRef, Finding, Link, Page, Reference, Severity
from citations.translit import belta_slug, belta_slug_pre2015, transliterate

__all__ = [
    "NAME_MATCH",
    "NAME_SCHEMES",
    "SLUG_MATCH",
    "TITLE_MATCH",
    "likely_target",
    "slug_similarity",
    "verify",
]

#: Below this token-set similarity a slug and the romanised headline are different articles.
#: Calibrated on 75 real headline/URL pairs (lowest 0.98) against 5 550 shuffled ones (highest
#: 0.67, apart from two different articles whose headlines differ only in a number, which the
#: number rule catches): see ``bench/verify.py``.
SLUG_MATCH = 0.8
#: Below this token-set similarity a same-language footnote title is not the page's headline.
TITLE_MATCH = 0.8
#: A footnote-title name matches a romanised headline word from this ``fuzz.ratio`` up (0–100).
NAME_MATCH = 75.0
#: A word this frequent (wordfreq Zipf, French or English) is vocabulary, not a name: its
#: translation need not resemble the Russian word (Chine/Китай, Biélorussie/Беларусь).
_COMMON_ZIPF = 3.0
#: A title's first word is capitalised by the sentence; it is taken for a name only when neither
#: French nor English knows it at all (Aleinik, Zalesky).
_UNKNOWN_ZIPF = 1.0

_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def verify(ref: Reference, link: Link) -> tuple[Finding, ...]:
    """Findings from comparing ``ref`` with the page ``link`` recovered (none without a page).

    A page judged missing (a soft 404) or reached through a dead outcome (e.g. a redirect to the
    home page) describes no article, so nothing is compared with it.
    """
    page = link.page
    if page is None or page.looks_missing or link.outcome.dead:
        return ()
    published = _published(page)
    found: list[Finding] = []
    if published is not None:
        found += _published_year(ref, published)
        found += _url_date(ref, page, published)
    if page.title:
        found += _slug_headline(ref, page, page.title)
        if ref.title:
            found += _title_findings(ref, page.title, page.language)
    return tuple(found)


def _finding(ref: Reference, code: str, severity: Severity, message: str, **extra: object) -> Finding:
    suggestion = extra.pop("suggestion", None)
    return Finding(
        code,
        severity,
        f"footnote {ref.n}: {message}",
        ref.span.first,
        ref.n,
        None if suggestion is None else str(suggestion),
        tuple(extra.items()),
    )


def _published(page: Page) -> date | None:
    """The page's publication date as the site shows it (its own zone, not converted to UTC)."""
    m = _ISO_DATE_RE.match(page.published or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


# --- years and dates ---------------------------------------------------------------------------


def _published_year(ref: Reference, published: date) -> list[Finding]:
    if ref.year is None or ref.year == published.year:
        return []
    access = _YEAR_RE.search(ref.access_date or "")
    if access and int(access.group()) == ref.year:
        return []  # GOST footnotes sometimes give the year of access, which is not an error
    return [
        _finding(
            ref,
            "published-year-mismatch",
            Severity.WARNING,
            f"cites {ref.year} but the page was published on {published.isoformat()}: "
            f"the year should be {published.year}",
            suggestion=published.year,
            published=published.isoformat(),
        )
    ]


def _news_sequence(b: BeltaRef, url: str | None) -> bool:
    """Whether ``b`` (parsed from ``url``) has an id of www.belta.by's one rising news
    sequence (GUIDE §3): not the yearless rubrics', not a language site's, not a pre-2015 one."""
    old = bool(url and "_i_" in url)
    return b.site == "www" and b.rubric not in urls.YEARLESS_RUBRICS and not old


def _url_date(ref: Reference, page: Page, published: date) -> list[Finding]:
    b = ref.belta
    if b is None:
        return []
    pub = published.year
    # consistency.ID_ANCHORS start in July 2015, so 2015 ranges would be extrapolation.
    judged = _news_sequence(b, ref.url) and pub >= 2016
    id_fits, low, high = None, 0, 0
    if judged:
        low, high = id_range(pub)
        id_fits = low <= b.id <= high
    if b.year is not None and b.year != pub:
        problem = f"its BelTA URL says {b.year} but the page was published on {published.isoformat()}"
        if id_fits is not None:
            problem += (
                f"; id {b.id} fits {pub}, so the URL's year is the wrong part"
                if id_fits
                else f"; id {b.id} is outside {pub}'s range {low:,}–{high:,} too"
            )
        fix = _canonical(ref, page)
        if fix is None and id_fits is not False and ref.url:
            fix = re.sub(rf"-{b.id}-{b.year}(/*)$", rf"-{b.id}-{pub}\1", ref.url.rstrip())
            fix = None if fix == ref.url else fix
        return [_finding(ref, "url-date-mismatch", Severity.WARNING, problem, suggestion=fix)]
    # With the URL's year equal to the page's, consistency's ``id-year-mismatch`` already
    # judges the id against that year; only a yearless news URL is left for us to judge.
    if b.year is None and id_fits is False:
        message = (
            f"BelTA id {b.id} is outside the range {low:,}–{high:,} of {pub}, when the page was "
            f"published ({published.isoformat()}): check the URL's digits"
        )
        return [
            _finding(ref, "url-date-mismatch", Severity.WARNING, message, suggestion=_canonical(ref, page))
        ]
    return []


def _canonical(ref: Reference, page: Page) -> str | None:
    """The page's own URL when it names another address than the footnote (a concrete fix)."""
    if not page.canonical_url or not ref.url:
        return None
    return None if _key(page.canonical_url) == _key(ref.url) else page.canonical_url


# --- slug against headline ---------------------------------------------------------------------

_DIGITS_RE = re.compile(r"\d+")


def _slug_words(slug: str) -> list[str]:
    """Slug words with case and periods (kept in 2015, dropped later) out of the comparison."""
    return [w for w in re.split(r"-+", slug.lower().replace(".", "")) if w]


def _replaced_numbers(cited: Sequence[str], expected: Sequence[str]) -> bool:
    """A number swapped for another (20 → 21), not merely dropped or added with a word."""
    ours = {n for w in cited for n in _DIGITS_RE.findall(w)}
    theirs = {n for w in expected for n in _DIGITS_RE.findall(w)}
    return bool(ours - theirs) and bool(theirs - ours)


def _slug_compare(headline: str, b: BeltaRef, *, old: bool) -> tuple[float, str, bool]:
    """(similarity, expected slug, numbers replaced) of ``b.slug`` against ``headline``."""
    if old:
        expected = belta_slug_pre2015(headline)
        if expected == b.slug:
            return 1.0, expected, False
        cited, wanted = _slug_words(b.slug), _slug_words(expected)
    else:
        tail = f"-{b.id}" + (f"-{b.year}" if b.year is not None else "")
        expected = belta_slug(headline, year=b.year, id=b.id).removesuffix(tail)
        if expected == b.slug:
            return 1.0, expected, False
        # Against the whole headline, uncut: token-set similarity scores a slug whose words are
        # a subset of the headline's as identical, which already covers the cut at 114
        # characters (even when the headline has grown since) and dropped words alike.
        cited, wanted = _slug_words(b.slug), _slug_words(belta_slug(headline, year=b.year))
    if not cited or not wanted:
        return 0.0, expected, False
    score = fuzz.token_set_ratio(" ".join(cited), " ".join(wanted)) / 100
    return score, expected, _replaced_numbers(cited, wanted)


def slug_similarity(headline: str, url: str) -> float | None:
    """How well the slug of BelTA article ``url`` matches ``headline`` in 0..1 (1.0: exactly
    the slug BelTA would build), or None when ``url`` has no slug to compare (not a BelTA
    article, or chn.belta.by's empty slugs)."""
    b = urls.belta_parts(url)
    if b is None or not b.slug:
        return None
    return _slug_compare(headline, b, old="_i_" in url)[0]


def _slug_headline(ref: Reference, page: Page, headline: str) -> list[Finding]:
    b = ref.belta
    if b is None or not b.slug or ref.url_complete is False:
        return []
    score, expected, numbers = _slug_compare(headline, b, old=bool(ref.url and "_i_" in ref.url))
    if score >= SLUG_MATCH and not numbers:
        return []
    why = "a number differs" if score >= SLUG_MATCH else f"similarity {score:.2f}"
    message = (
        f"the URL slug {b.slug!r} does not spell the page headline «{headline}» ({why}; it would "
        f"give {expected!r}). Headlines are edited after publication, slugs are not: check that "
        "the URL cites the intended article"
    )
    return [
        _finding(
            ref,
            "slug-headline-mismatch",
            Severity.WARNING,
            message,
            suggestion=_canonical(ref, page),
            similarity=round(score, 3),
            expected_slug=expected,
        )
    ]


# --- titles ------------------------------------------------------------------------------------

_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
#: Stop words enough to tell the languages of BelTA's Latin-script sites (and French) apart.
_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the of and in to for with on is at by from has will says",
        "fr": "le la les des du de et en à au aux pour avec sur est dans une un a",
        "de": "der die das und mit für von den im ist zu auf dem ein eine",
        "es": "el los las del y en con para por una que se al",
        "pl": "i w z na do się od jest za przez dla oraz",
    }.items()
}


def _script(text: str) -> str | None:
    cyrillic, latin = len(_CYRILLIC_RE.findall(text)), len(_LATIN_RE.findall(text))
    if cyrillic > latin:
        return "cyrl"
    return "latn" if latin else None


def _language(text: str, script: str) -> str | None:
    """A cheap guess, only as sure as the letters or stop words make it (None: can't tell)."""
    if script == "cyrl":
        lower = text.lower()
        belarusian, russian = bool(re.search("[іў]", lower)), bool(re.search("[иъщ]", lower))
        return None if belarusian == russian else ("be" if belarusian else "ru")
    words = re.findall(r"[^\W\d_]+", text.lower())
    hits = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    best = max(hits.values())
    winners = [lang for lang, n in hits.items() if n == best]
    return winners[0] if best and len(winners) == 1 else None


def _same_language(title: str, headline: str, page_language: str | None) -> bool:
    """Whether ``title`` can be compared with ``headline`` word for word."""
    script = _script(title)
    if script is None or script != _script(headline):
        return False
    page_lang = (page_language or "")[:2].lower() or None
    guess = _language(title, script)
    theirs = page_lang or _language(headline, script)
    if script == "latn":  # French and English titles are both Latin: only stop words tell them apart
        return guess is not None and guess == theirs
    ours = guess or page_lang  # a Cyrillic title without и or і: take it for the page's language
    return ours is None or theirs is None or ours == theirs


def _plain(text: str) -> str:
    """Lower-case words only: ё as е, quotes, dashes and punctuation out."""
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    return " ".join(re.findall(r"[^\W_]+", text))


def _title_findings(ref: Reference, headline: str, language: str | None) -> list[Finding]:
    assert ref.title is not None
    title = ref.title
    if _same_language(title, headline, language):
        score = fuzz.token_set_ratio(_plain(title), _plain(headline)) / 100
        if score < TITLE_MATCH:
            message = f"the title differs from the page headline (similarity {score:.2f}): it should be «{headline}»"
            return [
                _finding(
                    ref,
                    "title-mismatch",
                    Severity.WARNING,
                    message,
                    suggestion=headline,
                    similarity=round(score, 3),
                )
            ]
        same = True
    else:
        same = False
    found = []
    only_title, only_headline = _number_difference(title, headline)
    if only_title or only_headline:
        parts = []
        if only_title:
            parts.append(f"the footnote title has {', '.join(only_title)}")
        if only_headline:
            parts.append(f"the page headline «{headline}» has {', '.join(only_headline)}")
        message = " and ".join(parts) + " with no counterpart in the other"
        found.append(
            _finding(
                ref,
                "title-numbers-mismatch",
                Severity.WARNING,
                message,
                suggestion=headline if same else None,
                title_only=only_title,
                headline_only=only_headline,
            )
        )
    if not same and _script(title) == "latn":
        names = _unmatched_names(title, headline)
        if names:
            message = (
                f"the title names {', '.join(names)}, which no romanisation of the page headline "
                f"«{headline}» resembles: check that the footnote cites this article"
            )
            found.append(_finding(ref, "title-name-unmatched", Severity.INFO, message, names=names))
    return found


# Numbers: "9,7" and "9.7", "1 000" and "1,000" are the same number; a date's parts count singly.
#: A space groups thousands only after a 1–3 digit head ("1 000"), so "2023 100" stays two numbers.
_NUMBER_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3}(?!\d))+(?:[.,]\d+)?|\d+(?:[.,]\d+)*")
_NUMBER_WORDS: dict[int, tuple[str, ...]] = {
    # French and English words, whole; Russian stems, as a prefix (the word inflects).
    1: ("un", "une", "premier", "première", "one", "first", "один", "одн", "перв"),
    2: ("deux", "deuxième", "second", "seconde", "two", "два", "две", "двух", "двум", "дво", "втор"),
    3: ("trois", "troisième", "three", "third", "три", "трех", "трёх", "трем", "трём", "трое", "трет"),
    4: ("quatre", "quatrième", "four", "fourth", "четыр", "четвер"),
    5: ("cinq", "cinquième", "five", "fifth", "пят"),
    6: ("six", "sixième", "sixth", "шест"),
    7: ("sept", "septième", "seven", "seventh", "сем", "седьм"),
    8: ("huit", "huitième", "eight", "eighth", "восем", "восьм"),
    9: ("neuf", "neuvième", "nine", "ninth", "девят"),
    10: ("dix", "dixième", "ten", "tenth", "десят"),
}


def _readings(number: str) -> set[str]:
    """Every value ``number`` may stand for: digits alone (1 000 = 1,000 = 1000), the last
    comma or period as a decimal point (9,7 = 9.7), and a date's or range's parts (22.07.2015)."""
    digits = re.sub(r"\D", "", number).lstrip("0") or "0"
    out = {digits}
    groups = re.split(r"[.,]", re.sub(r"[\s\u00a0\u202f]", "", number))
    if len(groups) >= 2:
        whole = "".join(groups[:-1]).lstrip("0") or "0"
        fraction = groups[-1].rstrip("0")
        out.add(f"{whole}.{fraction}" if fraction else whole)
    if len(groups) >= 3:
        out |= {g.lstrip("0") or "0" for g in groups}
    return out


def _spelled(value: str, words: Sequence[str]) -> bool:
    """Whether a small number ``value`` is written out in ``words`` (trois, третьего)."""
    if not value.isdigit() or int(value) not in _NUMBER_WORDS:
        return False
    forms = _NUMBER_WORDS[int(value)]
    latin = {f for f in forms if not _CYRILLIC_RE.search(f)}
    stems = tuple(f for f in forms if _CYRILLIC_RE.search(f))
    return any(w in latin or (_CYRILLIC_RE.match(w) and w.startswith(stems)) for w in words)


def _number_difference(title: str, headline: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Numbers written in one title and in no form in the other (as written, in order)."""
    title_numbers = [m.group() for m in _NUMBER_RE.finditer(title)]
    headline_numbers = [m.group() for m in _NUMBER_RE.finditer(headline)]
    title_words, headline_words = _plain(title).split(), _plain(headline).split()

    def missing(numbers: list[str], others: list[str], other_words: list[str]) -> tuple[str, ...]:
        known = set().union(*map(_readings, others)) if others else set()
        return tuple(
            n
            for n in dict.fromkeys(numbers)
            if not _readings(n) & known and not any(_spelled(r, other_words) for r in _readings(n))
        )

    return (
        missing(title_numbers, headline_numbers, headline_words),
        missing(headline_numbers, title_numbers, title_words),
    )


# Names: capitalised title words against every headline word in several romanisations.
#: Schemes a translator's spelling of a Russian name most often follows: BelTA's own, English
#: (Wikipedia, BGN/PCGN), passports (ICAO, French MVD), scholarly, and the Belarusian ones for
#: Belarusian-national place names (Homiel, Mahiliou).
NAME_SCHEMES = (
    "belta-slug",
    "wikipedia",
    "bgn-pcgn",
    "icao",
    "mvd-310-fr",
    "scientific",
    "ala-lc-alt",
    "be-national-2007",
    "be-bgn-pcgn",
)
#: Russian letters the Belarusian alphabet lacks, as Belarusian spells them; the Belarusian
#: schemes pass them through unchanged otherwise.
_RU_TO_BE = str.maketrans({"и": "і", "И": "І", "щ": "шч", "Щ": "Шч", "ъ": "'", "Ъ": "'"})
_BE_VOWELS = "аеёиоуыэюяіАЕЁИОУЫЭЮЯІ"
_FINAL_V_RE = re.compile(f"(?<=[{_BE_VOWELS}])в(?![{_BE_VOWELS}])")


def _belarusian_spellings(headline: str) -> tuple[str, ...]:
    """A Russian headline respelt the Belarusian way, to meet national-system place names:
    letter for letter, and with akanye (unstressed о written а; stress is unknown, so every о)
    and ``в`` → ``ў`` after a vowel (Могилев → Магілеў → Mahilieŭ, against Mahilioŭ)."""
    letters = headline.translate(_RU_TO_BE)
    akanye = _FINAL_V_RE.sub("ў", letters.replace("о", "а").replace("О", "А"))
    return letters, akanye


_ELISION_RE = re.compile(r"^(?:[ldjmnst]|qu)['’]", re.IGNORECASE)


def _fold(text: str) -> str:
    """ASCII letters only, lower-case: accents and the prime/apostrophe signs out."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c.isspace() or c == "-"))


@lru_cache(maxsize=512)
def _headline_forms(headline: str) -> frozenset[str]:
    """Every romanised form of every headline word, and its stems without up to 3 letters of
    ending (the headline inflects: Залесского, Гомеле)."""
    if _script(headline) == "cyrl":
        texts = [
            transliterate(spelling, scheme)
            for scheme in NAME_SCHEMES
            for spelling in (_belarusian_spellings(headline) if scheme.startswith("be-") else (headline,))
        ]
    else:
        texts = [headline]
    forms: set[str] = set()
    for text in texts:
        for word in re.split(r"[^a-z0-9]+", _fold(text)):
            forms.update(word[: len(word) - cut] for cut in range(4) if len(word) - cut >= 3)
    return frozenset(forms)


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # lazily: it loads its word lists on first use

    return max(zipf_frequency(word, "fr"), zipf_frequency(word, "en"))


def _title_names(title: str) -> tuple[str, ...]:
    """Capitalised words of a Latin title that are names, not vocabulary or acronyms."""
    names = []
    for index, token in enumerate(re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", title)):
        word = _ELISION_RE.sub("", token)
        if len(word) < 3 or not word[0].isupper() or sum(c.isupper() for c in word) > 1:
            continue
        if not _LATIN_RE.match(word):
            continue
        zipf = _zipf(word.lower())
        if zipf >= _COMMON_ZIPF or (index == 0 and word == token and zipf >= _UNKNOWN_ZIPF):
            continue
        names.append(word)
    return tuple(dict.fromkeys(names))


def _unmatched_names(title: str, headline: str) -> tuple[str, ...]:
    forms = _headline_forms(headline)
    if not forms:
        return ()
    return tuple(
        name
        for name in _title_names(title)
        if not any(fuzz.ratio(_fold(name), form, score_cutoff=NAME_MATCH) for form in forms)
    )


# --- the likely target of a truncated or mangled URL -------------------------------------------


def _key(url: str) -> str:
    """``url`` compared loosely: no scheme, no ``www.``, host lower-case, no trailing slash."""
    cleaned = urls.clean(url.strip())
    parts = urlsplit(cleaned if "://" in cleaned else "http://" + cleaned)
    host = (parts.hostname or "").removeprefix("www.")
    rest = parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else "")
    return host + rest


def _host(url: str) -> str:
    return _key(url).split("/", 1)[0]


def _slug_of(url: str) -> str:
    """The last path segment without BelTA's ``-id-year`` / ``_i_id.html`` tail, lower-case."""
    segment = urlsplit(urls.clean(url.strip())).path.rstrip("/").rsplit("/", 1)[-1]
    segment = re.sub(r"(?:_i_\d+)?\.html?$", "", segment, flags=re.IGNORECASE)
    return re.sub(r"-\d+(?:-(?:19|20)\d\d)?$", "", segment).lower()


def _worth_extending(key: str) -> bool:
    """A cut URL names something only if it goes past a BelTA article prefix (or the root)."""
    path = key.split("/", 1)[1] if "/" in key else ""
    m = re.match(r"[a-z_-]+/view/?", path)
    return bool(path) and (m is None or len(path) > m.end())


def _only(found: Iterable[str]) -> str | None:
    unique = list(dict.fromkeys(found))
    return unique[0] if len(unique) == 1 else None


def likely_target(ref: Reference, candidates: Iterable[str]) -> str | None:
    """The one URL among ``candidates`` that ``ref``'s truncated or mangled URL stands for.

    A cut URL (``url_complete is False``) must be a prefix of the candidate, compared without
    scheme, ``www.`` and trailing slash. Otherwise the candidate must be on the same host and
    hold the same BelTA id (in the same id sequence, with a slug not unlike the cited one), or,
    failing that, a slug at most two edits from the cited one. A candidate equal to the cited
    URL is no repair and is ignored. None when no candidate, or more than one equally good,
    remains: this never guesses between two.
    """
    if not ref.url:
        return None
    cited = _key(ref.url)
    by_key: dict[str, str] = {}
    for url in candidates:
        by_key.setdefault(_key(url), url)
    by_key.pop(cited, None)
    if ref.url_complete is False:
        if not _worth_extending(cited):
            return None
        return _only(url for key, url in by_key.items() if key.startswith(cited))
    host = _host(ref.url)
    local = [url for key, url in by_key.items() if key.split("/", 1)[0] == host]
    cited_slug = _slug_of(ref.url)
    b = ref.belta or urls.belta_parts(urls.clean(ref.url))
    if b is not None:
        same_id = []
        for url in local:
            c = urls.belta_parts(url)
            if c is None or c.id != b.id or _news_sequence(b, ref.url) != _news_sequence(c, url):
                continue
            if cited_slug and c.slug and fuzz.token_set_ratio(cited_slug, c.slug.lower()) < 50:
                continue  # the same number in another article: the id itself is the mangled part
            same_id.append(url)
        if same_id:
            return _only(same_id)
    if len(cited_slug) < 10:
        return None  # too short for two edits to mean "the same slug"
    distances: dict[int, list[str]] = {}
    for url in local:
        d = Levenshtein.distance(cited_slug, _slug_of(url), score_cutoff=2)
        if d <= 2:
            distances.setdefault(d, []).append(url)
    return _only(distances[min(distances)]) if distances else None
