"""Link classification: what a fetch result means for the footnote that cites the URL."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import unquote, urlsplit

from citations import urls
from citations.models import Link, Outcome, Page
from citations.net.fetch import Fetched, is_html
from citations.net.politeness import host_key

PERMANENT = frozenset({301, 308})
#: Paths that are a site's front page rather than an article.
_HOME_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.php", "/main", "/home"})
_LANGUAGE_ROOTS = frozenset({"ru", "by", "be", "en", "eng", "fr", "de", "pl", "es", "zh", "all_news"})


def _identity(url: str) -> tuple[str, str, str]:
    """What makes two URLs the same page to a reader: host without ``www.``/``m.``, the path
    without its trailing slash and percent-escapes, and the query (scheme ignored)."""
    parts = urlsplit(url)
    return host_key(parts.netloc), unquote(parts.path).rstrip("/").lower(), parts.query


def same_article(cited: str, final: str) -> bool:
    """Whether ``final`` serves the article ``cited`` names (BelTA: the same site and id)."""
    if _identity(cited) == _identity(final):
        return True
    a, b = urls.belta_parts(cited), urls.belta_parts(final)
    return bool(a and b and a.id == b.id and a.site == b.site and a.rubric == b.rubric)


def _segments(url: str) -> list[str]:
    return [s for s in unquote(urlsplit(url).path).lower().split("/") if s]


def is_home(url: str, cited: str | None = None) -> bool:
    """A front page or a language root (``/ru/``); with ``cited``, also the section index the
    cited article sits in (``/politics/view/…`` sent to ``/politics/``)."""
    parts = urlsplit(url)
    if unquote(parts.path).lower() in _HOME_PATHS:
        return True
    segments = _segments(url)
    if len(segments) != 1 or parts.query:
        return False
    origin = _segments(cited) if cited else []
    return segments[0] in _LANGUAGE_ROOTS or (len(origin) > 1 and origin[0] == segments[0])


def _status_outcome(status: int) -> tuple[Outcome, str]:
    if status in (404, 410):
        return Outcome.NOT_FOUND, f"HTTP {status}: the page is gone"
    if status in (401, 403, 407, 451):
        return Outcome.BLOCKED, f"HTTP {status}: the server refuses to show the page to us"
    if status == 429:
        return Outcome.RATE_LIMITED, "HTTP 429: the server asks us to slow down; try again later"
    if status >= 500:
        return Outcome.SERVER_ERROR, f"HTTP {status}: the server failed; try again later"
    if 300 <= status < 400:
        return Outcome.SERVER_ERROR, f"HTTP {status} without a Location to follow"
    if status in (400, 414):
        return Outcome.NOT_FOUND, f"HTTP {status}: the server rejects this address as malformed"
    return Outcome.BLOCKED, f"HTTP {status}: the server does not serve this page"


def classify(fetched: Fetched, page: Page | None) -> Link:
    """Exactly one outcome for one fetch, with the evidence (status, final URL, hops, date)."""
    link = Link(
        url=fetched.url,
        outcome=Outcome.OK,
        http_status=fetched.status,
        final_url=fetched.final_url,
        checked_at=fetched.checked_at,
        hops=fetched.hops,
        source=fetched.source,
    )
    if fetched.error is not None:
        return _with(link, fetched.error, fetched.detail)
    status = fetched.status or 0
    if not 200 <= status < 300:
        return _with(link, *_status_outcome(status))
    final = fetched.final_url or fetched.url
    if not is_html(fetched.content_type):
        kind = (fetched.content_type or "").split(";")[0].strip()
        return _with(link, Outcome.NOT_HTML, f"the address serves {kind}, not a web page")
    link = _with(link, Outcome.OK, "", page)
    if page is not None and page.looks_missing:
        return _with(link, Outcome.SOFT_404, "the page answers 200 but says it does not exist", page)
    if not fetched.hops:
        return link
    if is_home(final, fetched.url) and not is_home(fetched.url):
        return _with(link, Outcome.REDIRECT_TO_HOME, f"redirected to {final}, not to the article", page)
    if same_article(fetched.url, final):
        return _with(link, Outcome.REDIRECTED, f"the same page is now served at {final}", page)
    if any(hop.status in PERMANENT for hop in fetched.hops):
        return _with(link, Outcome.MOVED, f"permanently moved to {final}: update the footnote", page)
    return _with(link, Outcome.REDIRECTED, f"temporarily redirected to {final}", page)


def _with(link: Link, outcome: Outcome, detail: str, page: Page | None = None) -> Link:
    return replace(link, outcome=outcome, detail=detail, page=page)
