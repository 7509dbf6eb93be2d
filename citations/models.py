"""Data that flows between the stages: footnotes as found, references as parsed, findings.

Every type is a frozen dataclass; stages return new values instead of mutating old ones.
Field names are snake_case; only the CSL exporter (a later stage) knows hyphenated CSL keys.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from citations.entry import Entry


class Severity(str, enum.Enum):
    """How much a finding matters; compare by :attr:`rank` (info < warning < error)."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return ("info", "warning", "error").index(self.value)


@dataclass(frozen=True)
class Span:
    """First and last 1-based source line of something (inclusive)."""

    first: int
    last: int

    def to_json(self) -> dict[str, int]:
        return {"first": self.first, "last": self.last}


@dataclass(frozen=True)
class Fragment:
    """One piece of footnote text as it stands on one source line."""

    line: int
    text: str


@dataclass(frozen=True)
class Footnote:
    """A footnote's text as found in the document, before any parsing.

    ``fragments`` keep the source lines in reading order; ``links`` are hyperlink targets the
    source itself carries (DOCX hyperlinks, PDF link annotations), used to check URL repair.
    ``url_joins`` are the fragment indexes whose text continues the URL of the fragment before
    it (decided by the detector or reader, which saw the layout); ``headless`` are fragments
    that are a piece of a URL whose beginning is lost. ``interleaved`` is true when the
    footnote continues after unrelated body lines. ``sequence`` counts numbering restarts
    (0 until the numbering starts again at 1, e.g. in a new chapter).
    """

    number: int
    fragments: tuple[Fragment, ...]
    label: str = ""
    links: tuple[str, ...] = ()
    url_joins: frozenset[int] = frozenset()
    headless: frozenset[int] = frozenset()
    interleaved: bool = False
    sequence: int = 0

    @property
    def span(self) -> Span:
        lines = [f.line for f in self.fragments] or [0]
        return Span(min(lines), max(lines))

    @property
    def printed(self) -> str:
        return self.label or str(self.number)


@dataclass(frozen=True)
class Call:
    """A footnote call marker in the body text (``laitiers"2 .``)."""

    number: int
    line: int
    sequence: int = 0


@dataclass(frozen=True)
class Finding:
    """A problem or remark about a document, with a stable kebab-case ``code``."""

    code: str
    severity: Severity
    message: str
    line: int
    footnote: int | None = None
    suggestion: str | None = None
    #: Structured extras for machines (e.g. every form of a name group with its places).
    details: tuple[tuple[str, object], ...] = ()

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "line": self.line,
        }
        if self.footnote is not None:
            out["footnote"] = self.footnote
        if self.suggestion is not None:
            out["suggestion"] = self.suggestion
        out.update(self.details)
        return out


@dataclass(frozen=True)
class BeltaRef:
    """The parts of a BelTA article URL: ``/<rubric>/view/<slug>-<id>[-<year>]/``."""

    rubric: str
    id: int
    year: int | None
    slug: str
    site: str = "www"

    def to_json(self) -> dict[str, object]:
        return {"rubric": self.rubric, "id": self.id, "year": self.year}


class Kind(str, enum.Enum):
    """What a reference points at."""

    WEB_ARTICLE = "web-article"
    GOVERNMENT_PAGE = "government-page"
    WEB_PAGE = "web-page"
    BOOK = "book"
    ARTICLE = "article"
    IBID = "ibid"
    OTHER = "other"


class Outcome(str, enum.Enum):
    """What checking one link found; every checked reference gets exactly one."""

    OK = "ok"
    REDIRECTED = "redirected"  # the same article, served from another URL
    MOVED = "moved"  # a permanent redirect to a different URL: the footnote should be updated
    REDIRECT_TO_HOME = "redirect-to-home"
    SOFT_404 = "soft-404"  # status 200, but the page says the article is not there
    NOT_FOUND = "not-found"  # 404, 410
    BLOCKED = "blocked"  # 401, 403, 451 and other refusals
    RATE_LIMITED = "rate-limited"
    SERVER_ERROR = "server-error"
    TIMEOUT = "timeout"
    DNS = "dns"
    TLS = "tls"
    CONNECTION = "connection"
    REDIRECT_LOOP = "redirect-loop"
    TOO_LARGE = "too-large"
    NOT_HTML = "not-html"
    NOT_RECORDED = "not-recorded"  # offline, and the cassette holds no answer: unknown, not dead
    SKIPPED = "skipped"  # not asked, with the reason in Link.detail

    @property
    def dead(self) -> bool:
        """The article is not (or no longer) at the cited address: look for an archived copy."""
        return self in _DEAD

    @property
    def severity(self) -> Severity | None:
        """How a footnote citing a link with this outcome is reported (None: not at all)."""
        return _OUTCOME_SEVERITY.get(self)


_DEAD = frozenset({Outcome.NOT_FOUND, Outcome.SOFT_404, Outcome.REDIRECT_TO_HOME, Outcome.DNS})
_OUTCOME_SEVERITY = {
    **{outcome: Severity.ERROR for outcome in _DEAD},
    Outcome.REDIRECT_LOOP: Severity.ERROR,
    Outcome.MOVED: Severity.WARNING,
    Outcome.BLOCKED: Severity.WARNING,
    Outcome.RATE_LIMITED: Severity.WARNING,
    Outcome.SERVER_ERROR: Severity.WARNING,
    Outcome.TIMEOUT: Severity.WARNING,
    Outcome.TLS: Severity.WARNING,
    Outcome.CONNECTION: Severity.WARNING,
    Outcome.TOO_LARGE: Severity.INFO,
    Outcome.NOT_HTML: Severity.INFO,
    Outcome.REDIRECTED: Severity.INFO,
}


@dataclass(frozen=True)
class Page:
    """Metadata recovered from a fetched page (only ever from a real or recorded response).

    ``published`` is ISO 8601 with the UTC offset of the site's zone when the page gives a
    time (``2015-07-22T10:26:00+03:00``), or a bare date. ``looks_missing`` is the adapter's
    judgement that the page is an error page served with status 200 (a soft 404).
    """

    title: str | None = None
    published: str | None = None
    modified: str | None = None
    rubric: str | None = None
    tags: tuple[str, ...] = ()
    canonical_url: str | None = None
    language: str | None = None
    site: str | None = None
    adapter: str = "generic"
    looks_missing: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "published": self.published,
            "modified": self.modified,
            "rubric": self.rubric,
            "tags": list(self.tags),
            "language": self.language,
            "site": self.site,
            "canonical_url": self.canonical_url,
            "adapter": self.adapter,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Page:
        return cls(
            title=data.get("title"),
            published=data.get("published"),
            modified=data.get("modified"),
            rubric=data.get("rubric"),
            tags=tuple(data.get("tags") or ()),
            canonical_url=data.get("canonical_url"),
            language=data.get("language"),
            site=data.get("site"),
            adapter=data.get("adapter") or "generic",
            looks_missing=bool(data.get("looks_missing")),
        )


@dataclass(frozen=True)
class Hop:
    """One response on the way to the final URL."""

    url: str
    status: int


@dataclass(frozen=True)
class Link:
    """The outcome of checking one URL, with what it is based on.

    ``checked_at`` is when the answer was obtained (UTC, ISO 8601): a dead link today may
    live again, so the date is always reported. ``source`` says where the answer came from:
    ``live``, ``cassette``, ``cache`` or ``none`` (not asked).
    """

    url: str
    outcome: Outcome
    http_status: int | None = None
    final_url: str | None = None
    checked_at: str | None = None
    archive_url: str | None = None
    detail: str = ""
    hops: tuple[Hop, ...] = ()
    source: str = "none"
    page: Page | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "outcome": self.outcome.value,
            "http_status": self.http_status,
            "final_url": self.final_url,
            "checked_at": self.checked_at,
            "archive_url": self.archive_url,
            "detail": self.detail,
            "redirects": [{"url": hop.url, "status": hop.status} for hop in self.hops],
            "source": self.source,
        }

    @classmethod
    def from_json(cls, url: str, data: dict[str, Any], page: dict[str, Any] | None) -> Link:
        return cls(
            url=url,
            outcome=Outcome(data["outcome"]),
            http_status=data.get("http_status"),
            final_url=data.get("final_url"),
            checked_at=data.get("checked_at"),
            archive_url=data.get("archive_url"),
            detail=data.get("detail") or "",
            hops=tuple(Hop(h["url"], h["status"]) for h in data.get("redirects") or ()),
            source=data.get("source") or "none",
            page=Page.from_json(page) if page else None,
        )


@dataclass(frozen=True)
class Reference:
    """One bibliographic reference parsed from a footnote (CSL-shaped, snake_case).

    ``n`` is the footnote number, ``label`` its mark as printed, ``part`` the position of this
    reference within a footnote citing several works; ``same_as`` is, for an ibid, the footnote
    number of the reference it repeats; ``sequence`` counts footnote numbering restarts.
    """

    n: int
    raw: str
    kind: Kind
    span: Span
    part: int = 1
    authors: tuple[str, ...] = ()
    responsibility: str | None = None
    title: str | None = None
    medium: str | None = None
    container: str | None = None
    year: int | None = None
    url: str | None = None
    url_complete: bool | None = None
    host: str | None = None
    publisher: str | None = None
    place: str | None = None
    pages: str | None = None
    access_date: str | None = None
    belta: BeltaRef | None = None
    label: str = ""
    same_as: int | None = None
    sequence: int = 0
    findings: tuple[Finding, ...] = field(default=())
    #: Set by ``check``: what the cited URL gave (its ``page`` is the recovered metadata).
    link: Link | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "n": self.n,
            "label": self.label or str(self.n),
            "sequence": self.sequence,
            "part": self.part,
            "raw": self.raw,
            "kind": self.kind.value,
            "authors": list(self.authors),
            "responsibility": self.responsibility,
            "title": self.title,
            "medium": self.medium,
            "container": self.container,
            "year": self.year,
            "url": self.url,
            "url_complete": self.url_complete,
            "host": self.host,
            "publisher": self.publisher,
            "place": self.place,
            "pages": self.pages,
            "access_date": self.access_date,
            "belta": self.belta.to_json() if self.belta else None,
            "same_as": self.same_as,
            "span": self.span.to_json(),
            "findings": [f.to_json() for f in self.findings],
            **self._link_json(),
        }

    def _link_json(self) -> dict[str, object]:
        if self.link is None:
            return {}
        page = self.link.page
        return {"link": self.link.to_json(), "resolved": page.to_json() if page else None}


class LineRole(str, enum.Enum):
    """Layout hint a reader may give for one extracted line (PDF knows it from font and position)."""

    BODY = "body"
    NOTE = "note"
    PAGE_NUMBER = "page-number"
    SEPARATOR = "separator"


@dataclass(frozen=True)
class Source:
    """What every reader returns.

    Line-based formats give ``lines`` and leave ``footnotes`` as None, so the detector finds
    them; formats with real footnote structure (DOCX, Markdown, LaTeX) give ``footnotes`` and
    ``calls`` directly. PDF gives lines plus ``roles`` from the page layout, ``links`` (line,
    URI) from its link annotations and ``calls`` from superscript digits.
    """

    path: str
    format: str
    lines: tuple[str, ...]
    footnotes: tuple[Footnote, ...] | None = None
    calls: tuple[Call, ...] = ()
    roles: tuple[LineRole, ...] | None = None
    links: tuple[tuple[int, str], ...] = ()
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class DocumentResult:
    """Everything ``extract`` learned about one document."""

    path: str
    format: str
    references: tuple[Reference, ...]
    missing: tuple[int, ...]
    findings: tuple[Finding, ...]
    footnote_count: int
    call_count: int
    #: For a bibliography file (BibTeX, CSL-JSON, RIS): its entries as read, keyed like the
    #: references' ``label``, so exporting it again keeps what the editor had.
    entries: tuple[Entry, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "format": self.format,
            "footnotes": self.footnote_count,
            "calls": self.call_count,
            "references": [r.to_json() for r in self.references],
            "missing": list(self.missing),
            "findings": [f.to_json() for f in self.findings],
        }
