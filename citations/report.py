"""Rendering extraction results: the JSON contract and a line-numbered text listing."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from citations import __version__
from citations.models import DocumentResult, Finding, Link, Reference, Severity

_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Version of the JSON layout; bumped only on incompatible changes.
JSON_SCHEMA_VERSION = 1


def to_json(results: Sequence[DocumentResult], errors: Sequence[str] = ()) -> str:
    """The stable JSON contract: ``{"documents": [...]}`` (plus tool info and read errors)."""
    payload: dict[str, object] = {
        "tool": {"name": "citations", "version": __version__, "schema": JSON_SCHEMA_VERSION},
        "documents": [r.to_json() for r in results],
    }
    if errors:
        payload["errors"] = list(errors)
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _summary(result: DocumentResult) -> str:
    counts = Counter(f.severity for f in result.findings)
    parts = [
        f"{result.footnote_count} footnotes",
        f"{result.call_count} calls",
        f"{len(result.references)} references",
        f"{len(result.missing)} missing",
    ]
    sev = ", ".join(
        f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    return f"{result.path}: " + ", ".join(parts) + f" — {sev}"


def _describe(ref: Reference) -> list[str]:
    head = f"[{ref.n}{'' if ref.part == 1 else '.' + str(ref.part)}] {ref.kind.value}"
    if ref.year:
        head += f", {ref.year}"
    lines = [head]
    if ref.authors:
        lines.append("authors: " + "; ".join(ref.authors))
    if ref.title:
        lines.append("title:   " + ref.title)
    if ref.publisher:
        lines.append("publ.:   " + ", ".join(x for x in (ref.place, ref.publisher) if x))
    if ref.pages:
        lines.append("pages:   " + ref.pages)
    if ref.url:
        state = "" if ref.url_complete else "  (incomplete)"
        lines.append("url:     " + ref.url + state)
    if ref.belta:
        b = ref.belta
        lines.append(f"belta:   rubric {b.rubric}, id {b.id}" + (f", year {b.year}" if b.year else ""))
    if ref.access_date:
        lines.append("access:  " + ref.access_date)
    if ref.link and ref.url:
        lines.extend(link_lines(ref.link))
    return lines


def to_text(results: Sequence[DocumentResult], verbose: bool = True, raw: bool = False) -> str:
    """A listing people read: each reference under ``path:line`` with its own findings below it,
    then the document's other findings (missing footnotes, layout). With ``verbose=False`` only
    the findings, one per line, in line order; with ``raw`` each reference also shows its
    footnote text as found. Read errors go to standard error, not here."""
    out: list[str] = []
    for result in results:
        out.append(_summary(result))
        if not verbose:
            out.extend(_finding_line(result.path, f) for f in result.findings)
            out.append("")
            continue
        attached: set[int] = set()
        for ref in result.references:
            lines = _describe(ref)
            if raw:
                lines.insert(1, "text:    " + " ".join(ref.raw.split()))
            out.append(f"{result.path}:{ref.span.first}: {lines[0]}")
            out.extend("    " + x for x in lines[1:])
            out.extend("    " + _finding_line(result.path, f) for f in ref.findings)
            attached.update(id(f) for f in ref.findings)
        if result.missing:
            out.append(f"{result.path}: missing footnote texts: {ranges(result.missing)}")
        rest = [f for f in result.findings if id(f) not in attached]
        if rest:
            out.append("document findings:")
            out.extend("    " + _finding_line(result.path, f) for f in rest)
        out.append("")
    # A document's control characters (an ESC sequence) must not reach the reader's terminal.
    return _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", "\n".join(out).rstrip("\n")) + "\n"


def _finding_line(path: str, f: Finding) -> str:
    return f"{path}:{f.line}: {f.severity.value} {f.code}: {f.message}"


def ranges(numbers: Iterable[int]) -> str:
    """1,2,3,5 → '1–3, 5'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def links_json(links: Sequence[Link]) -> str:
    """``citations resolve`` as JSON: each URL with its ``link`` and ``resolved`` objects."""
    payload = {
        "tool": {"name": "citations", "version": __version__, "schema": JSON_SCHEMA_VERSION},
        "links": [
            {"url": link.url, "link": link.to_json(), "resolved": link.page.to_json() if link.page else None}
            for link in links
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def link_lines(link: Link) -> list[str]:
    """How a link outcome reads in a listing (without the URL itself)."""
    facts = [f"HTTP {link.http_status}"] if link.http_status else []
    if link.checked_at:
        facts.append(f"checked {link.checked_at}")
    if link.source != "none":
        facts.append(f"from {link.source}")
    lines = [f"link:    {link.outcome.value}" + (f" ({', '.join(facts)})" if facts else "")]
    if link.detail and link.source != "none":  # offline runs say why once, as a finding
        lines.append(f"         {link.detail}")
    if link.final_url and link.final_url != link.url:
        lines.append("final:   " + link.final_url)
    if link.archive_url:
        lines.append("archive: " + link.archive_url)
    page = link.page
    if page:
        for label, value in (
            ("title", page.title),
            ("date", page.published),
            ("rubric", page.rubric),
            ("lang", page.language),
            ("site", page.site),
            ("canon.", page.canonical_url),
        ):
            if value:
                lines.append(f"{label + ':':9s}{value}")
    return lines


def links_text(links: Sequence[Link]) -> str:
    out: list[str] = []
    for link in links:
        out.append(link.url)
        out.extend("    " + line for line in link_lines(link))
    return "\n".join(out) + "\n"
