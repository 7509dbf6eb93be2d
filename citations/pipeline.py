"""Compose the stages: read → detect footnotes → assemble text → parse → findings.

This is the only place where per-item failures become findings: a footnote the parser
cannot handle is reported and the run goes on.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from citations import consistency, gost, integrity, readers, urls
from citations.detect import detect, rejoin_urls
from citations.errors import InputError
from citations.models import (
    Call,
    DocumentResult,
    Finding,
    Footnote,
    Kind,
    Reference,
    Severity,
    Source,
)

#: Largest run of consecutive numbers reported missing between two numbers seen.
_MAX_FILLED_GAP = 50
#: Formats in which a line break inside a URL is really in the author's file (not layout).
_TEXT_FORMATS = frozenset({"text", "markdown", "latex"})


#: The romanisation the name-variant check suggests unless told otherwise.
DEFAULT_HOUSE_SCHEME = "wikipedia"


def extract_document(
    path: str,
    input_format: str | None = None,
    encoding: str | None = None,
    house_scheme: str = DEFAULT_HOUSE_SCHEME,
) -> DocumentResult:
    """Read one document and return its references, missing footnotes and findings."""
    fmt = input_format or readers.EXTENSIONS.get(Path(path).suffix.lower())
    if fmt in readers.BIBLIOGRAPHIES:
        return extract_bibliography(path, fmt, encoding)
    return extract_source(readers.read(path, input_format, encoding), house_scheme)


def extract_bibliography(path: str, fmt: str, encoding: str | None = None) -> DocumentResult:
    """A bibliography file (BibTeX, CSL-JSON, RIS) read as references, so that ``check`` and
    ``export`` work on what an editor received instead of a manuscript. Entries that do not
    parse become ``entry-unparsed`` findings; URLs get the same checks as in footnotes."""
    import importlib

    from citations.entry import reference_of
    from citations.readers.text import decode

    data = readers.load(path)
    module_name, function = readers.BIBLIOGRAPHIES[fmt]
    reader = getattr(importlib.import_module(module_name), function)
    entries, problems = reader(decode(path, data, encoding), path)
    findings = [
        Finding("entry-unparsed", Severity.ERROR, f"{what} — fix or remove this entry", line)
        for line, what in problems
    ]
    references = [reference_of(entry, n) for n, entry in enumerate(entries, 1)]
    extra: list[Finding] = []
    for ref in references:
        for problem in urls.check(ref.url) if ref.url else ():
            severity = Severity.ERROR if problem.code == "url-truncated" else Severity.WARNING
            extra.append(
                gost.finding(
                    problem.code, severity, problem.message, ref.span.first, ref.n, problem.suggestion
                )
            )
        if ref.title:
            extra.extend(integrity.check_title(ref.title, ref.span.first, ref.n))
    extra += consistency.check(references)
    references, loose = _attach(references, extra)
    findings += loose + [f for ref in references for f in ref.findings]
    findings.sort(key=lambda f: (f.line, f.footnote or 0, f.code))
    return DocumentResult(
        path="<stdin>" if path == "-" else path,
        format=fmt,
        references=tuple(references),
        missing=(),
        findings=tuple(findings),
        footnote_count=len(references),
        call_count=0,
        entries=tuple(entries),
    )


def extract_source(source: Source, house_scheme: str = DEFAULT_HOUSE_SCHEME) -> DocumentResult:
    """Everything after reading: usable on a :class:`Source` built by any reader."""
    findings: list[Finding] = list(source.findings)
    if source.footnotes is None:
        detection = detect(source.lines, source.roles)
        footnotes = detection.footnotes
        calls = _merge_calls(detection.calls, source.calls)
        findings.extend(detection.findings)
    else:
        footnotes, calls = tuple(rejoin_urls(fn) for fn in source.footnotes), source.calls
    footnotes = tuple(_attach_links(fn, source.links) for fn in footnotes)

    references: list[Reference] = []
    for fn in footnotes:
        try:
            references.extend(build_references(fn, source.format))
        except Exception as exc:  # one bad footnote never stops the run
            findings.append(
                Finding(
                    "footnote-unparsed",
                    Severity.ERROR,
                    f"footnote {fn.printed}: could not be parsed ({type(exc).__name__}: {exc})",
                    fn.span.first,
                    fn.number,
                )
            )
    references = _link_ibids(references)
    titles = [f for r in references if r.title for f in integrity.check_title(r.title, r.span.first, r.n)]
    extra = _integrity(source, footnotes) + titles + consistency.check(references)
    extra += _name_variants(references, source, house_scheme)
    references, loose = _attach(references, extra)
    findings.extend(loose)
    missing, missing_findings = _missing(footnotes, calls, numbered_by_reader=source.footnotes is not None)
    findings.extend(missing_findings)
    for ref in references:
        findings.extend(ref.findings)
    findings.sort(key=lambda f: (f.line, f.footnote or 0, f.code))
    return DocumentResult(
        path=source.path,
        format=source.format,
        references=tuple(sorted(references, key=_order)),
        missing=tuple(missing),
        findings=tuple(findings),
        footnote_count=len(footnotes),
        call_count=len(calls),
    )


def _integrity(source: Source, footnotes: tuple[Footnote, ...]) -> list[Finding]:
    """Text-integrity findings (lost characters, mixed scripts, mojibake, MT debris) on every
    line of the document and of its footnotes, each tagged with the footnote it is in."""
    owner: dict[int, int] = {}
    for fn in footnotes:
        for frag in fn.fragments:
            owner.setdefault(frag.line, fn.number)
    lines = [(k, text, owner.get(k)) for k, text in enumerate(source.lines, 1)]
    if source.footnotes is not None:  # DOCX/Markdown/LaTeX: footnote texts are not body lines
        lines += [(frag.line, frag.text, fn.number) for fn in footnotes for frag in fn.fragments]
    return integrity.check_lines(lines)


def _name_variants(references: list[Reference], source: Source, house_scheme: str) -> list[Finding]:
    """The same person, organisation or place romanised differently across the document."""
    if not references:
        return []
    from citations import names  # pymorphy3 loads its dictionary: only when there is work

    occurrences = names.document_occurrences(references, source.lines)
    found = names.findings(names.cluster(occurrences, house_scheme))
    mixed = names.scheme_mix(occurrences)
    return [*found, *([mixed] if mixed else []), *names.slug_disagreements(references)]


def _attach(references: list[Reference], found: list[Finding]) -> tuple[list[Reference], list[Finding]]:
    """Give each reference the findings about its footnote and lines; return the others."""
    by_note: dict[int, list[Finding]] = {}
    for f in found:
        if f.footnote is not None:
            by_note.setdefault(f.footnote, []).append(f)
    out = []
    attached: set[int] = set()
    for ref in references:
        own = [
            f
            for f in by_note.get(ref.n, ())
            if id(f) not in attached and ref.span.first <= f.line <= ref.span.last
        ]
        attached.update(id(f) for f in own)
        out.append(replace(ref, findings=ref.findings + tuple(own)) if own else ref)
    return out, [f for f in found if id(f) not in attached]


def _order(ref: Reference) -> tuple[int, int, int]:
    return ref.sequence, ref.n, ref.part


def _link_ibids(references: list[Reference]) -> list[Reference]:
    """Point each ibid at the reference it repeats: the nearest earlier non-ibid one."""
    out: list[Reference] = []
    last: int | None = None
    sequence = 0
    for ref in sorted(references, key=_order):
        if ref.sequence != sequence:
            sequence, last = ref.sequence, None  # an ibid never reaches back into another chapter
        if ref.kind == Kind.IBID:
            out.append(replace(ref, same_as=last))
        else:
            out.append(ref)
            last = ref.n
    return out


def _merge_calls(found: Iterable[Call], given: Iterable[Call]) -> tuple[Call, ...]:
    return tuple(sorted(set(found) | set(given), key=lambda c: (c.line, c.number)))


def _attach_links(fn: Footnote, links: tuple[tuple[int, str], ...]) -> Footnote:
    """Give a footnote the link annotations (PDF) that lie on its lines."""
    if not links:
        return fn
    lines = {f.line for f in fn.fragments}
    mine = tuple(uri for line, uri in links if line in lines and uri not in fn.links)
    if not mine:
        return fn
    return replace(fn, links=fn.links + mine)


@dataclass(frozen=True)
class _Text:
    """A footnote's fragments joined, with a map from text offsets back to source lines."""

    text: str
    starts: tuple[int, ...]
    lines: tuple[int, ...]

    def line_at(self, offset: int) -> int:
        k = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[max(k, 0)]


#: Words of the GOST apparatus that a line-end hyphen may split ("[Ressource électro-" /
#: "nique]", "(дата обраще-" / "ния:"); rejoined without the hyphen they are recognised again.
_GOST_WORDS = frozenset(
    {
        "электронный", "электронны", "ресурс", "рэсурс", "обращения", "доступа", "доступу", "звароту",
        "électronique", "electronique", "ressource", "electronic", "resource", "consultation", "consulté",
        "access",
    }
)  # fmt: skip
_WORD_BREAK_RE = re.compile(r"([^\W\d_]+)-$")


def assemble(fn: Footnote, *, skip_headless: bool = False) -> _Text:
    """Join a footnote's fragments: a space between lines, nothing inside a rejoined URL, and
    nothing after a word broken by a line-end hyphen (the hyphen is kept — "Biélorussie-Chine"
    is a compound — except inside the GOST apparatus words, which are known)."""
    text = ""
    starts: list[int] = []
    lines: list[int] = []
    for i, frag in enumerate(fn.fragments):
        piece = frag.text.strip()
        if not piece or (skip_headless and i in fn.headless):
            continue
        broken = (
            _WORD_BREAK_RE.search(text[-80:])
            if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and piece[:1].islower()
            else None
        )
        if i in fn.url_joins and i not in fn.headless and text:
            joined = urls.join(text, piece)
            starts.append(len(joined) - len(piece))
            text = joined
        elif broken:
            head = broken.group(1)
            tail = re.match(r"[^\W\d_]*", piece).group()  # type: ignore[union-attr]
            if (head + tail).lower() in _GOST_WORDS:
                text = text[:-1]
            starts.append(len(text))
            text += piece
        else:
            if text:
                text += " "
            starts.append(len(text))
            text += piece
        lines.append(frag.line)
    return _Text(text, tuple(starts), tuple(lines))


def build_references(fn: Footnote, source_format: str = "text") -> list[Reference]:
    """Parse one footnote into one reference (or several, for ``;``-separated footnotes)."""
    raw = assemble(fn)
    body = assemble(fn, skip_headless=True)
    parts = gost.split_references(body.text)
    refs = []
    offset = 0
    for k, part in enumerate(parts, 1):
        at = body.text.find(part, offset)
        offset = max(at, 0)
        refs.append(
            _reference(fn, raw.text if len(parts) == 1 else part, part, body, offset, k, source_format)
        )
        offset += len(part)
    return refs


@dataclass(frozen=True)
class _Locator:
    """Finds the source line of a piece of one reference's text."""

    body: _Text
    offset: int

    def line_of(self, needle: str | None) -> int:
        if needle:
            at = self.body.text.find(needle, self.offset)
            if at >= 0:
                return self.body.line_at(at)
        return self.body.line_at(self.offset)


def _reference(
    fn: Footnote, raw: str, text: str, body: _Text, offset: int, part: int, source_format: str
) -> Reference:
    parsed = gost.parse(text)
    n = fn.number
    where = _Locator(body, offset)
    findings: list[Finding] = []
    for code, severity, message, suggestion in parsed.problems:
        line = where.line_of("URL" if code == "url-missing" else parsed.medium)
        if code == "medium-duplicated":
            line = _second_medium_line(fn, parsed.medium) or line
        findings.append(gost.finding(code, severity, message, line, n, suggestion))
    for other in parsed.other_urls:
        message = f"also cites {other} (kept in raw; only the first URL is the reference's)"
        findings.append(gost.finding("url-additional", Severity.INFO, message, where.line_of(other), n))

    kind = parsed.kind
    url: str | None
    url_complete: bool | None
    if parsed.url:
        url, url_complete, more = _url_from_text(fn, parsed.url, where, source_format)
    elif part == 1 and _web_links(fn):
        url, url_complete, more = _url_from_links(fn, where, source_format)
        findings = [f for f in findings if f.code != "url-missing"]
        if kind in (Kind.OTHER, Kind.WEB_ARTICLE, Kind.WEB_PAGE):
            kind = gost.kind_of_url(url, urls.host_of(url) or "")
    elif part == 1 and fn.headless:
        url, url_complete, more = _url_from_fragment(fn)
        if kind == Kind.OTHER:
            kind = Kind.WEB_ARTICLE
    else:
        url, more = None, []
        url_complete = False if any(f.code == "url-missing" for f in findings) else None
    findings.extend(more)
    findings.extend(_shape_findings(fn, parsed, text, kind, url))
    belta = urls.belta_parts(url) if url and url_complete else None
    return Reference(
        n=n,
        part=part,
        raw=raw,
        kind=kind,
        span=fn.span,
        authors=parsed.authors,
        responsibility=parsed.responsibility,
        title=parsed.title,
        medium=parsed.medium,
        container=parsed.container,
        year=parsed.year,
        url=url,
        url_complete=url_complete,
        host=urls.host_of(url) if url and ("://" in url or url.startswith("www.")) else None,
        publisher=parsed.publisher,
        place=parsed.place,
        pages=parsed.pages,
        access_date=parsed.access_date,
        belta=belta,
        label=fn.printed,
        sequence=fn.sequence,
        findings=tuple(findings),
    )


def _web_links(fn: Footnote) -> list[str]:
    return [link for link in fn.links if link.startswith(("http://", "https://"))]


def _url_from_text(
    fn: Footnote, written: str, where: _Locator, source_format: str
) -> tuple[str, bool, list[Finding]]:
    """The URL the footnote's text shows: checked, compared with the document's own links."""
    n = fn.number
    findings = []
    url, recovered = _recover_from_links(written, fn.links)
    if recovered:
        message = f"URL taken from the document's own link: {url}"
        findings.append(gost.finding("url-recovered", Severity.INFO, message, where.line_of(None), n))
    elif _link_disagrees(written, fn.links):
        message = (
            f"the text shows {written} but the document's hyperlink points to {', '.join(fn.links)}: "
            "one of them is wrong"
        )
        findings.append(
            gost.finding("url-link-mismatch", Severity.WARNING, message, where.line_of(written), n)
        )
    findings.extend(_url_findings(fn, url, where.body, where.offset, source_format))
    complete = not any(f.code == "url-truncated" for f in findings)
    return urls.clean(url), complete, findings


def _url_from_links(fn: Footnote, where: _Locator, source_format: str) -> tuple[str, bool, list[Finding]]:
    """No URL in the text, but the footnote links somewhere (a LaTeX \\href, a DOCX hyperlink)."""
    url = _web_links(fn)[0]
    message = f"URL taken from the document's own link: {url}"
    findings = [gost.finding("url-recovered", Severity.INFO, message, fn.span.first, fn.number)]
    findings += [
        f for f in _url_findings(fn, url, where.body, where.offset, source_format) if f.code != "url-split"
    ]
    return url, True, findings


def _url_from_fragment(fn: Footnote) -> tuple[str, bool, list[Finding]]:
    """Only a headless piece of a URL survives: reported, never completed."""
    first = fn.fragments[min(fn.headless)]
    piece = first.text.strip()
    message = f"only a piece of a URL survives ({piece!r}); its beginning is lost — restore the full address"
    return piece, False, [gost.finding("url-fragment", Severity.ERROR, message, first.line, fn.number)]


def _shape_findings(
    fn: Footnote, parsed: gost.Parsed, text: str, kind: Kind, url: str | None
) -> list[Finding]:
    """Findings about the footnote's shape: two footnotes merged, a text cut mid-sentence."""
    findings = []
    seam = _second_medium_line(fn, parsed.medium) if parsed.medium else None
    if seam and seam != fn.span.first and any(p[0] == "medium-duplicated" for p in parsed.problems):
        message = (
            f"looks like two footnotes run together: the medium designation starts again on line {seam}, "
            "so the URL may belong to another footnote whose number and title were lost"
        )
        findings.append(gost.finding("footnote-merged", Severity.WARNING, message, seam, fn.number))
    if not url and not fn.headless and kind == Kind.OTHER and text and text[-1].isalpha():
        message = f"text ends mid-sentence (…{text[-30:]!r}): the rest of the footnote is missing"
        findings.append(
            gost.finding("footnote-truncated", Severity.WARNING, message, fn.span.last, fn.number)
        )
    return findings


def _second_medium_line(fn: Footnote, medium: str | None) -> int | None:
    """The line where a repeated medium designation begins a fragment (the seam of a merge)."""
    if not medium:
        return None
    seen = 0
    for frag in fn.fragments:
        count = len(gost.MEDIUM_RE.findall(frag.text))
        if seen and count and gost.MEDIUM_RE.match(frag.text.strip()):
            return frag.line
        seen += count
    return None


def _link_disagrees(url: str, links: tuple[str, ...]) -> bool:
    """The footnote links to another page of the same site than the URL its text shows (a link
    on a site's name to its home page is no disagreement)."""
    head = urls.clean(url).rstrip("/")
    host = urls.host_of(head)
    if any(urls.clean(link).rstrip("/").startswith(head) for link in links):
        return False
    return any(
        urls.host_of(link) == host and urlsplit(link).path.strip("/")
        for link in links
        if link.startswith("http")
    )


def _recover_from_links(url: str, links: tuple[str, ...]) -> tuple[str, bool]:
    """Prefer the document's own hyperlink when the text layer lost part of the URL."""
    shown = urls.clean(url)
    if shown in links or (not urls.is_open(shown) and any(link.split("#")[0] == shown for link in links)):
        return url, False  # the same address (a link to an anchor in it is no recovery)
    head = shown.rstrip("-/")
    for link in links:
        if len(link) > len(url) and link.startswith(head) and link.split("#")[0] != shown:
            return link, True
    return url, False


def _url_findings(fn: Footnote, url: str, body: _Text, offset: int, source_format: str) -> list[Finding]:
    n = fn.number
    at = body.text.find(url, offset)
    first = body.line_at(at) if at >= 0 else fn.span.first
    last = body.line_at(at + len(url) - 1) if at >= 0 else first
    out: list[Finding] = []
    if last > first:
        severity = Severity.ERROR if source_format in _TEXT_FORMATS else Severity.INFO
        out.append(
            gost.finding(
                "url-split",
                severity,
                f"URL broken across lines {first}–{last}; rejoined as {urls.clean(url)}",
                first,
                n,
                urls.clean(url),
            )
        )
    for problem in urls.check(url):
        severity = Severity.ERROR if problem.code == "url-truncated" else Severity.WARNING
        message = problem.message + (f"; likely {problem.suggestion}" if problem.suggestion else "")
        out.append(gost.finding(problem.code, severity, message, last, n, problem.suggestion))
    return out


def _missing(
    footnotes: tuple[Footnote, ...], calls: tuple[Call, ...], *, numbered_by_reader: bool = False
) -> tuple[list[int], list[Finding]]:
    """Numbers called in the body (or, in extracted text, skipped by the numbering) that have no
    footnote text, per numbering sequence. The range starts at the first number seen, so an
    excerpt starting at footnote 98 is not missing 1–97; a reader's own numbering (DOCX,
    Markdown, LaTeX) has no gaps to guess at, only calls without notes."""
    missing: list[int] = []
    findings: list[Finding] = []
    for seq in sorted({fn.sequence for fn in footnotes} | {c.sequence for c in calls}):
        notes = [fn for fn in footnotes if fn.sequence == seq]
        have = {fn.number for fn in notes}
        call_lines: dict[int, int] = {}
        for c in calls:
            if c.sequence == seq:
                call_lines.setdefault(c.number, c.line)
        if numbered_by_reader:
            absent = sorted(k for k in call_lines if k not in have)
        else:
            seen = sorted({*have, *call_lines})
            # Fill only plausible gaps: a jump of hundreds is a misread number, not lost notes.
            absent = [
                k for a, b in itertools.pairwise(seen) if b - a <= _MAX_FILLED_GAP for k in range(a + 1, b)
            ]
            absent = sorted({*absent, *(k for k in call_lines if k not in have)})
        for k in absent:
            if k in call_lines:
                msg, line = (
                    f"footnote {k} is called on line {call_lines[k]} but its text is missing",
                    call_lines[k],
                )
            else:
                before = max((fn.span.last for fn in notes if fn.number < k), default=1)
                msg, line = f"footnote {k} has no text (the numbering skips it) and no call was found", before
            findings.append(Finding("footnote-missing", Severity.ERROR, msg, line, k))
        missing.extend(absent)
    return missing, findings


def extract_many(
    paths: Iterable[str],
    input_format: str | None = None,
    encoding: str | None = None,
    house_scheme: str = DEFAULT_HOUSE_SCHEME,
) -> Iterable[DocumentResult | InputError]:
    """Extract several documents; a document that cannot be read yields its error instead."""
    for path in paths:
        try:
            yield extract_document(path, input_format, encoding, house_scheme)
        except InputError as exc:
            yield exc
        except RecursionError:
            yield InputError(path, "document nests too deeply to read", "simplify or re-export it")
        except Exception as exc:  # a bug of ours must not cost the other documents their results
            what = f"internal error while reading ({type(exc).__name__}: {exc})"
            yield InputError(path, what, "please report it with the document")
