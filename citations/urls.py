"""URL finding, line-break repair decisions and BelTA URL anatomy.

A PDF-to-text extractor breaks long URLs across lines, and typesetters break them at the
hyphens BelTA slugs are made of. The hyphen at a line end is therefore part of the URL
(``alejnik-`` + ``rasskazal``); only a soft hyphen (U+00AD) is typographic and dropped.
Whether a URL is complete is decided with evidence: a BelTA article URL must end with
``-<id>-<year>/`` (or ``-<id>/`` in the yearless rubrics); any URL ending in a hyphen is cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit

from citations.models import BeltaRef

#: Cyrillic letters that look like Latin ones: a URL typed on a Russian keyboard layout may hold
#: them, so they are read as part of the URL (and then reported and replaced).
CONFUSABLES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "һ": "h", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H",
    "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X",
}  # fmt: skip
_INVISIBLE = "\u00ad\u200b-\u200d\u2060\ufeff"
#: URL characters: RFC 3986 plus any letter (internationalised hosts such as торговля.бел and
#: Cyrillic paths are written unencoded in manuscripts) and the invisible debris we report.
_URL_CHARS = r"\w\-.~:/?#\[\]@!$&'()*+,;=%" + _INVISIBLE
URL_RE = re.compile(rf"(?:https?|ftp)://[{_URL_CHARS}]+|www\.[\w-]+\.[{_URL_CHARS}]+", re.IGNORECASE)
#: A piece of a URL on its own line: nothing but URL characters.
_PIECE_RE = re.compile(rf"^[{_URL_CHARS}]+$")
_TRAILING_PUNCT = ".,;:!?»\"'>”’"

BELTA_HOST_RE = re.compile(r"^(?:(?P<site>www|eng|blr|pol|deu|esp|chn|m)\.)?belta\.by$", re.IGNORECASE)
#: Rubrics whose URLs carry no year and use their own id sequence (GUIDE §3).
YEARLESS_RUBRICS = frozenset({"comments", "interview", "opinions"})
_BELTA_YEAR_RE = re.compile(
    r"^/(?P<rubric>[a-z_-]+)/view/(?P<slug>[a-z0-9.-]*?)-?(?P<id>\d{1,9})-(?P<year>(?:19|20)\d\d)/?$"
)
_BELTA_NOYEAR_RE = re.compile(r"^/(?P<rubric>[a-z_-]+)/view/(?P<slug>[a-z0-9.-]*?)-?(?P<id>\d{1,9})/?$")
#: Before 2015: ``/ru/all_news/<rubric>/<Slug>_i_<id>.html`` (and other sections, e.g. ``dose_menu``).
_BELTA_OLD_RE = re.compile(
    r"^/(?:ru|en|by|be)/[a-z_]+/(?P<rubric>[a-z0-9_-]+)/(?P<slug>[^/]*?)_i_(?P<id>\d{1,9})\.html$",
    re.IGNORECASE,
)
_BELTA_ARTICLE_PREFIX_RE = re.compile(r"^/[a-z_-]+/view/")
#: Longest path an article URL can have: rubric and "/view/" plus the 114-character slug-id-year.
_BELTA_MAX_PATH = 200
_BELTA_TAIL_RE = re.compile(r"-\d+(?:-(?:19|20)\d\d)?/*$")


_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_CONFUSABLE_RE = re.compile("[" + "".join(CONFUSABLES) + "]")
_LATIN_RE = re.compile("[A-Za-z]")


def _latinize(url: str) -> str:
    """Replace Cyrillic look-alikes in every host label or path segment that also holds Latin
    letters (a mixed-script segment is never meant; an all-Cyrillic one may be a real IDN)."""
    if not _CONFUSABLE_RE.search(url):
        return url
    parts = re.split(r"([./?#&=_-])", url)
    return "".join(
        _CONFUSABLE_RE.sub(lambda m: CONFUSABLES[m.group()], p) if _LATIN_RE.search(p) else p for p in parts
    )


def clean(url: str) -> str:
    """``url`` without invisible characters (soft hyphen, zero-width space/joiners, BOM) and
    with Cyrillic look-alikes in Latin segments replaced: debris, never part of an address."""
    return _latinize(_INVISIBLE_RE.sub("", url))


def _split(url: str) -> SplitResult:
    """``urlsplit`` that also reads a scheme-less ``www.…`` address as one with a host."""
    return urlsplit(url if "://" in url else "http://" + url)


def is_url_piece(token: str) -> bool:
    """Could ``token`` (no spaces) be a URL or a piece of one?"""
    return bool(_PIECE_RE.match(token))


def find_urls(text: str) -> list[tuple[int, int, str]]:
    """Every URL in ``text`` as (start, end, url), trailing sentence punctuation removed."""
    found = []
    for m in URL_RE.finditer(text):
        url = strip_trailing(m.group())
        found.append((m.start(), m.start() + len(url), url))
    return found


def strip_trailing(url: str) -> str:
    """Drop punctuation that ends the sentence rather than the URL (and unbalanced ``)``)."""
    balance = url.count("(") - url.count(")")
    end = len(url)
    while end and (url[end - 1] in _TRAILING_PUNCT or (url[end - 1] == ")" and balance < 0)):
        if url[end - 1] == ")":
            balance += 1
        end -= 1
    return url[:end]


@lru_cache(maxsize=4096)
def host_of(url: str) -> str | None:
    """Lower-case host of ``url`` (``None`` when it has none)."""
    try:
        host = _split(url).hostname
    except ValueError:
        return None
    return host.lower() if host else None


def is_belta(url: str) -> bool:
    host = host_of(url)
    return bool(host and BELTA_HOST_RE.match(host))


@lru_cache(maxsize=4096)  # the detector asks about the same growing URL many times
def belta_parts(url: str) -> BeltaRef | None:
    """Decompose a BelTA article URL; ``None`` for other hosts or non-article paths."""
    host = host_of(url)
    m_host = BELTA_HOST_RE.match(host or "")
    if not m_host:
        return None
    site = (m_host.group("site") or "www").lower()
    path = _split(url).path
    if len(path) > _BELTA_MAX_PATH:
        return None
    path = re.sub(r"/{2,}$", "/", path)
    m = _BELTA_YEAR_RE.match(path)
    if m and m.group("rubric") not in YEARLESS_RUBRICS:
        return BeltaRef(m.group("rubric"), int(m.group("id")), int(m.group("year")), m.group("slug"), site)
    m = _BELTA_NOYEAR_RE.match(path)
    if m:
        return BeltaRef(m.group("rubric"), int(m.group("id")), None, m.group("slug"), site)
    m = _BELTA_OLD_RE.match(path)
    if m:
        return BeltaRef(m.group("rubric").lower(), int(m.group("id")), None, m.group("slug"), site)
    return None


@dataclass(frozen=True)
class UrlProblem:
    """Something wrong with a URL as written: a finding code, what, and a fix when certain."""

    code: str
    message: str
    suggestion: str | None = None


#: What may follow the last piece of a URL on its line: an access date, in any of its wordings.
_CLOSING_RE = re.compile(
    r"^(?:[(\[]\s*|[-–—]\s*)?(?:дата|date|consulté|accessed|access|last\s+accessed)", re.IGNORECASE
)


def is_open(url: str) -> bool:
    """Could the next line continue this URL? (It ends mid-path, or a BelTA tail is missing.)"""
    url = url.rstrip("\u00ad")
    if url.endswith(("-", "_", "/", ".", "=", "?", "&", "%")) and not _belta_complete(url):
        return True
    if is_belta(url):
        path = urlsplit(url).path
        return bool(_BELTA_ARTICLE_PREFIX_RE.match(path)) and not _belta_complete(url)
    return False


def _belta_complete(url: str) -> bool:
    return belta_parts(url) is not None and not url.endswith("-")


def continues(url: str, line: str) -> str | None:
    """The leading token of ``line`` if it continues ``url`` across a line break, else None.

    Evidence, not guesswork: the URL must be open (see :func:`is_open`) and the token must be
    made only of URL characters, not start a new URL, and not be a footnote number followed by
    text. For BelTA, a token that completes the ``-<id>-<year>/`` tail is accepted even when it
    holds only digits.
    """
    stripped = line.strip()
    if not stripped:
        return None
    token = stripped.split()[0]
    # A query string or fragment always continues the address it follows: ".../legal" + "?sort=1".
    if not is_open(url) and not (token[:1] in "?#" and len(token) > 1 and token[:1] not in url):
        return None
    rest = stripped[len(token) :].strip()
    token_clean = strip_trailing(token)
    # What may follow a URL's last piece on its line: nothing, an access date, a GOST area, or
    # more text after punctuation that ended the URL ("…&lang=en; see also …").
    ended_by_punct = token != token_clean and token[-1] in ";," and bool(re.search(r"[=&/?#%]", token_clean))
    closing = not rest or bool(_CLOSING_RE.match(rest)) or ended_by_punct
    new_url = token_clean.lower().startswith(("http://", "https://", "www.")) and not url.endswith("://")
    if new_url or not _PIECE_RE.match(token_clean):
        return None
    if token_clean.isdigit() and not closing:
        return None  # "12 Le Belarus …": a footnote number, not a URL piece
    # A URL piece followed by prose is only believable if it closes a BelTA URL.
    followed_by_prose = not closing and not token_clean.endswith("/")
    if followed_by_prose and not (is_belta(url) and _belta_complete(join(url, token_clean))):
        return None
    if not any(c.isalnum() for c in token_clean):
        return None
    path = _split(url).path
    if url.endswith("-") and path == path.lower() and token_clean != token_clean.lower():
        return None  # a lower-case slug does not go on with a capitalised word
    if url.isascii() and not token_clean.isascii() and not url.endswith("/"):
        return None  # a Latin slug does not go on in Cyrillic

    path_like = (
        url.endswith("-")
        or bool(re.search(r"[-/=&?#\d]", token_clean))
        or (bool(rest) and closing)  # the access date right after it: the word ends the address
    )
    # A bare word after a URL ending in '/' is much more likely prose than a path.
    if not path_like and not url.endswith(("_", "=", "?", "&", ".", "%")):
        return None
    return token_clean


def join(head: str, tail: str) -> str:
    """Join two pieces of one URL broken at a line end.

    The line-end hyphen stays (BelTA slugs break at their own hyphens); a soft hyphen goes;
    a hyphen at both ends of the break is one hyphen written twice.
    """
    head = head.rstrip()
    if head.endswith("\u00ad"):
        head = head.rstrip("\u00ad")
    if head.endswith("-") and tail.startswith("-"):
        tail = tail[1:]
    return head + tail


def check(url: str) -> list[UrlProblem]:
    """Problems with a (joined) URL as it is written."""
    problems: list[UrlProblem] = []
    if _INVISIBLE_RE.search(url):
        url = _INVISIBLE_RE.sub("", url)
        problems.append(
            UrlProblem("url-malformed", "URL contains invisible characters (soft hyphen or zero-width)", url)
        )
    latin = _latinize(url)
    if latin != url:
        letters = sorted({c for c, d in zip(url, latin, strict=True) if c != d})
        shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in letters)
        problems.append(UrlProblem("url-malformed", f"URL holds Cyrillic look-alike letters {shown}", latin))
        url = latin
    parts = _split(url)
    if re.search(r"/{2,}$", parts.path) and parts.path != "/":
        slashes = "/" * (len(url) - len(url.rstrip("/")))
        problems.append(UrlProblem("url-malformed", f"URL ends with {slashes!r}", url.rstrip("/") + "/"))
    if "\ufffd" in url:
        problems.append(UrlProblem("url-malformed", "URL contains U+FFFD (a character lost in extraction)"))
    if url.endswith("-"):
        problems.append(UrlProblem("url-truncated", "URL is cut off (it ends with a hyphen)"))
    elif is_belta(url) and _BELTA_ARTICLE_PREFIX_RE.match(parts.path) and belta_parts(url) is None:
        odd = sorted(set(re.sub(r"[a-z0-9./-]", "", parts.path)))
        if odd and _BELTA_TAIL_RE.search(parts.path):
            shown = " ".join(repr(c) for c in odd)
            problems.append(
                UrlProblem("url-malformed", f"BelTA slug holds characters its slugs never have: {shown}")
            )
        else:
            problems.append(
                UrlProblem("url-truncated", "BelTA article URL lacks its '-<id>-<year>/' tail: it is cut off")
            )
    else:
        ref = belta_parts(url)
        if ref and ref.year is None and ref.rubric not in YEARLESS_RUBRICS and "all_news" not in parts.path:
            problems.append(
                UrlProblem("url-malformed", f"BelTA {ref.rubric} URL has no year after its id {ref.id}")
            )
    return problems
