"""``citations fix``: apply the repairs the tool is certain of, and nothing else.

What is changed (text, Markdown and LaTeX documents; every other byte stays as it was):

- ``url-split``: a URL broken across lines is put back on the line where it starts. The
  continuation token (the URL piece with any closing punctuation glued to it, such as ``.`` or
  ``}``) moves to the end of the URL's first piece; a continuation line left with nothing but
  spaces or tabs is removed, one that holds more text keeps it (and its indentation) in place.
  A URL continued after unrelated body lines moves the same way; the lines between are not
  touched. The pieces are joined as the extractor joins them (:func:`citations.urls.join`), so a
  soft hyphen at the break or a hyphen written on both sides of it is dropped.
- ``url-malformed``: invisible characters removed from a URL and Cyrillic look-alike letters in
  its Latin parts replaced (:func:`citations.urls.clean`); other URL defects are reported only.
- ``homoglyph``: a Latin ``C.`` used as the page abbreviation becomes the Cyrillic ``С.``.
- ``replacement-char``: only where the check names the lost letter (the page abbreviation
  ``- �. 5.`` → ``С. 5``); a U+FFFD elsewhere is reported, never guessed.
- ``mixed-script``: a word mixing Latin and Cyrillic look-alikes rewritten in one script.
- ``link-moved``: the URL of a permanent redirect replaced by its new address, when the URL is
  written exactly once in the document.
- dead links (``link-not-found`` …), with ``archive_dead``: the original URL is kept (it is what
  the author consulted) and `` (archived copy: <archive URL>)`` is added right after it (after
  the closing ``>``, ``)`` or ``}`` of a Markdown or ``\\url{}`` link, written in the same markup),
  when the URL is written exactly once in the document.

Everything else is refused with a reason (:class:`Refusal`). A plan is proved before it is
offered: the fixed text is read again and must give the same footnotes and references with the
same URLs (the new one for a moved link) and no ``url-split`` on a rejoined URL; an edit that
breaks this is withdrawn and refused. Positions are character offsets into the decoded text, so
line endings, the byte-order mark and the encoding are written back as they were.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from citations import integrity, readers, urls
from citations.detect import detect, rejoin_urls
from citations.errors import InputError, OutputError
from citations.models import DocumentResult, Finding, Footnote, Outcome, Reference, Severity, Source
from citations.output import check_target, write_bytes
from citations.pipeline import extract_source
from citations.readers import latex as latex_reader
from citations.readers import markdown as markdown_reader
from citations.readers import text as text_reader

#: Formats whose source lines are the lines the findings name, so positions map exactly.
EDITABLE_FORMATS = frozenset({"text", "markdown", "latex"})
#: Added after a dead link's URL with ``archive_dead`` (the original URL is kept).
ARCHIVE_NOTE = " (archived copy: {url})"
#: Backup names tried in turn for ``--in-place``; an existing backup is never overwritten.
BACKUP_SUFFIXES = (".orig", "~")

_READERS: dict[str, Callable[..., Source]] = {
    "text": text_reader.read,
    "markdown": markdown_reader.read,
    "latex": latex_reader.read,
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # exactly what the readers split on (not \f or U+2028)
#: What may be glued after a URL piece and move with it: closing punctuation and brackets.
_CLOSERS = frozenset(".,;:!?»\"'>”’)]}")
#: Where integrity checks see a URL (their masking), so prose fixes never touch an address.
_URLISH_RE = re.compile(r"(?:https?://|www\.)\S+|\S+/\S+")
#: What :func:`citations.urls.clean` removes before it replaces look-alikes.
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_SCHEME_END_RE = re.compile(r"(?:https?|ftp)://(?:www\.)?\Z", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_LATEX_SPECIALS = frozenset("%#&_{}~$\\^ ")
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

#: Why findings of these codes are never fixed automatically.
_REASONS = {
    "url-truncated": "the URL is cut off; its missing end cannot be known — restore it from the source",
    "url-fragment": "only a piece of the URL survives; its beginning cannot be known — restore it from the source",
    "url-missing": "no address follows 'URL :'; it cannot be known — restore it from the source",
    "footnote-missing": "the footnote's text is missing; there is nothing to repair — restore it from the source",
    "footnote-truncated": "the rest of the footnote is missing — restore it from the source",
    "mojibake": "the re-decoded word is a likely reading, not a certain one — check it and replace by hand",
    "invisible-char": "invisible characters in prose may be intended (joiners in names) — remove them by hand",
    "mt-artifact": "what the placeholder stood for is unknown — restore it from the source",
    "name-variant": "which spelling to keep is the author's choice — apply it by hand",
    "scheme-mixed": "which romanisation to keep is the author's choice — apply it by hand",
}
_GENERIC_REASON = "a suggestion to review, not a certain fix — apply it by hand if it is right"
_FORMAT_REASONS = {
    "pdf": "a PDF cannot be edited safely — fix the source document and export it again",
    "docx": "positions in a DOCX file cannot be mapped safely yet — fix the source document",
}
_INTEGRITY_CODES = frozenset({"homoglyph", "replacement-char", "mixed-script"})


# --- public data ---------------------------------------------------------------------------------


#: What makes a Latin 'C.' certainly the Cyrillic page abbreviation, and what makes it doubtful.
_CYRILLIC_RE = re.compile("[А-Яа-яЁёІіЎў]")
_MEDIUM_RE = re.compile(r"\[(?:Электронный ресурс|Ressource électronique|Electronic resource)\]", re.IGNORECASE)
_ENGLISH_PAGES_RE = re.compile(r"\b(?:Vol|pp?|Pp?)\.")


@dataclass(frozen=True)
class Splice:
    """Replace ``old`` at ``start:end`` (offsets into the original decoded text) with ``new``."""

    start: int
    end: int
    old: str
    new: str


@dataclass(frozen=True)
class Edit:
    """One certain change: the lines it touches with their text before and after, why, and the
    finding codes it resolves (``codes[0]`` is the main one; a rejoined URL whose invisible
    characters are also removed resolves ``url-split`` and ``url-malformed`` at once)."""

    codes: tuple[str, ...]
    first: int
    last: int
    old: tuple[str, ...]
    new: tuple[str, ...]
    reason: str
    footnote: int | None
    splices: tuple[Splice, ...]

    @property
    def code(self) -> str:
        return self.codes[0]


@dataclass(frozen=True)
class Refusal:
    """A finding left alone, and why (uncertain, ambiguous, or not editable in this format)."""

    code: str
    line: int
    footnote: int | None
    reason: str


@dataclass(frozen=True)
class FixReport:
    """What ``fix_file`` did: the edits, the refusals, the diff and where the result went."""

    path: str
    edits: tuple[Edit, ...]
    refusals: tuple[Refusal, ...]
    diff: str
    #: The file written (the document itself for ``in_place``, ``-`` for standard output), or
    #: None when nothing was written (a dry run, or nothing to change in place).
    written: str | None
    backup: str | None
    dry_run: bool

    @property
    def counts(self) -> dict[str, int]:
        """Fixes by finding code (an edit resolving two codes counts for both)."""
        out: dict[str, int] = {}
        for edit in self.edits:
            for code in edit.codes:
                out[code] = out.get(code, 0) + 1
        return dict(sorted(out.items()))

    @property
    def refused(self) -> dict[str, int]:
        """Refusals by finding code."""
        out: dict[str, int] = {}
        for refusal in self.refusals:
            out[refusal.code] = out.get(refusal.code, 0) + 1
        return dict(sorted(out.items()))


# --- the document as text with exact positions -------------------------------------------------


@dataclass(frozen=True)
class _Document:
    path: str
    format: str
    data: bytes
    text: str
    bom: bytes
    codec: str
    starts: tuple[int, ...]  # offset of each line's first character
    ends: tuple[int, ...]  # offset of each line's terminator (the end of its content)

    def line(self, number: int) -> str:
        return self.text[self.starts[number - 1] : self.ends[number - 1]]

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(self.text[s:e] for s, e in zip(self.starts, self.ends, strict=True))

    def at(self, number: int, column: int) -> int:
        return self.starts[number - 1] + column

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.codec)


def _line_offsets(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Line starts and content ends, numbered as the readers number lines (a final line break
    opens no extra line)."""
    starts, ends = [0], []
    for m in _LINE_BREAK.finditer(text):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    if len(starts) > 1 and starts[-1] == len(text):
        starts.pop()
        ends.pop()
    return tuple(starts), tuple(ends)


def _codec(data: bytes, encoding: str | None) -> tuple[bytes, str]:
    """The byte-order mark and codec that read ``data`` as :func:`readers.text.decode` does."""
    if encoding:
        return b"", encoding
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return bom, codec
    return b"", "utf-8"


def _load(path: str, fmt: str, encoding: str | None) -> _Document:
    if path == "-":
        raise InputError("<stdin>", "standard input cannot be fixed", "pass the document's path")
    data = readers.load(path)
    text = text_reader.decode(path, data, encoding)
    bom, codec = _codec(data, encoding)
    try:
        same = bom + text.encode(codec) == data
    except (UnicodeError, LookupError):
        same = False
    if not same:
        raise InputError(
            path, f"cannot be written back byte for byte as {codec}", "re-save it as UTF-8 and run again"
        )
    starts, ends = _line_offsets(text)
    return _Document(path, fmt, data, text, bom, codec, starts, ends)


# --- planning ------------------------------------------------------------------------------------


def plan(
    path: str,
    result: DocumentResult,
    *,
    archive_dead: bool = False,
    input_format: str | None = None,
    encoding: str | None = None,
) -> tuple[list[Edit], list[Refusal]]:
    """The certain edits for ``path`` (whose extraction is ``result``) and the refusals."""
    fmt = input_format or result.format
    if fmt not in EDITABLE_FORMATS:
        return [], _format_refusals(result, fmt)
    return _Planner(_load(path, fmt, encoding), result, archive_dead).run()


def _format_refusals(result: DocumentResult, fmt: str) -> list[Refusal]:
    reason = _FORMAT_REASONS.get(
        fmt, f"{fmt} files are not fixed here (only text, Markdown and LaTeX) — edit the entry by hand"
    )
    return [
        Refusal(f.code, f.line, f.footnote, _REASONS.get(f.code, reason))
        for f in result.findings
        if f.suggestion or f.code in _REASONS or f.code in _INTEGRITY_CODES or f.code == "url-split"
    ]


@dataclass(frozen=True)
class _Piece:
    """A URL's continuation on a later line: the token as written (the piece plus glued closing
    punctuation), where it starts, and what the line holds after it."""

    line: int
    column: int
    token: str
    piece: str
    rest: int  # column where the line's other text starts (-1: nothing else on the line)


@dataclass(frozen=True)
class _Place:
    """Where a reference's URL is written: its head on one line and its continuation pieces."""

    line: int
    start: int
    end: int
    pieces: tuple[_Piece, ...]
    written: str  # the URL as the extractor reads it (pieces joined)

    @property
    def extra(self) -> str:
        return self.pieces[-1].token[len(self.pieces[-1].piece) :] if self.pieces else ""


@dataclass
class _Candidate:
    edit: Edit
    key: tuple[int, int, int] | None  # (sequence, footnote, part) of the reference it fixes
    moved_to: str | None = None
    rejoined: bool = False


class _Planner:
    def __init__(self, doc: _Document, result: DocumentResult, archive_dead: bool) -> None:
        self.doc = doc
        self.result = result
        self.archive_dead = archive_dead
        self.refusals: list[Refusal] = []
        self.candidates: list[_Candidate] = []
        self.source = _READERS[doc.format](doc.path, doc.text.encode("utf-8"), encoding="utf-8")
        footnotes = (
            detect(self.source.lines, self.source.roles).footnotes
            if self.source.footnotes is None
            else tuple(rejoin_urls(fn) for fn in self.source.footnotes)
        )
        self.footnotes = {(fn.sequence, fn.number): fn for fn in footnotes}
        self.mapped = self.source.lines == doc.lines

    def refuse(self, f: Finding, reason: str) -> None:
        self.refusals.append(Refusal(f.code, f.line, f.footnote, reason))

    def run(self) -> tuple[list[Edit], list[Refusal]]:
        for ref in self.result.references:
            self.reference(ref)
        for f in self.result.findings:
            if f.code in ("url-split", "url-malformed") or f.code.startswith("link-"):
                continue  # decided with their reference
            if f.code in _INTEGRITY_CODES:
                self.integrity(f)
            elif f.code in _REASONS:
                self.refuse(f, _REASONS[f.code])
            elif f.suggestion:
                self.refuse(f, _GENERIC_REASON)
        accepted = self.without_overlaps()
        if accepted:
            accepted = _Prover(self.doc, self.source).prove(accepted, self.refusals)
        edits = sorted((c.edit for c in accepted), key=lambda e: (e.first, e.splices[0].start))
        self.refusals.sort(key=lambda r: (r.line, r.code))
        return edits, self.refusals

    def without_overlaps(self) -> list[_Candidate]:
        """Drop (and refuse) a candidate whose splices overlap one already kept."""
        kept: list[_Candidate] = []
        taken: list[tuple[int, int]] = []
        for cand in sorted(self.candidates, key=lambda c: c.edit.splices[0].start):
            spans = [(s.start, s.end) for s in cand.edit.splices]
            if any(_overlap(a, b) for a in spans for b in taken):
                for code in cand.edit.codes:
                    self.refusals.append(
                        Refusal(
                            code, cand.edit.first, cand.edit.footnote, "overlaps another fix — apply by hand"
                        )
                    )
                continue
            kept.append(cand)
            taken.extend(spans)
        return kept

    def add(
        self,
        codes: Sequence[str],
        splices: Sequence[Splice],
        reason: str,
        footnote: int | None,
        key: tuple[int, int, int] | None = None,
        moved_to: str | None = None,
        rejoined: bool = False,
    ) -> None:
        for s in splices:
            try:
                s.new.encode(self.doc.codec)
            except UnicodeError:
                line = self.line_of(s.start)
                for code in codes:
                    self.refusals.append(
                        Refusal(
                            code,
                            line,
                            footnote,
                            f"the file's encoding ({self.doc.codec}) cannot hold the fix",
                        )
                    )
                return
        ordered = tuple(sorted(splices, key=lambda s: s.start))
        first = self.line_of(ordered[0].start)
        last = self.line_of(max(s.end - 1 if s.end > s.start else s.start for s in ordered))
        old, new = _lines_before_after(self.doc, first, last, ordered)
        edit = Edit(tuple(codes), first, last, old, new, reason, footnote, ordered)
        self.candidates.append(_Candidate(edit, key, moved_to, rejoined))

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.doc.starts, offset)

    # -- URLs -------------------------------------------------------------------------------------
    def reference(self, ref: Reference) -> None:
        """The URL fixes of one reference, made as one edit: rejoined, cleaned, replaced by its
        permanent redirect, followed by an archived copy — whichever of them apply."""
        split = [f for f in ref.findings if f.code == "url-split"]
        malformed = [f for f in ref.findings if f.code == "url-malformed"]
        link = ref.link
        moved_to, archive, link_finding = link_changes(ref, self.archive_dead, self.refuse)
        link_wanted = [link_finding] if link_finding and (moved_to or archive) else []
        if not ref.url or not (split or malformed or link_wanted):
            return
        if not self.mapped:
            why = "the document's lines could not be matched to the extraction — fix by hand"
            for f in [*split, *malformed, *link_wanted]:
                self.refuse(f, why)
            return
        place, why = self.place(ref, split[0] if split else None)
        if place is None:
            for f in [*split, *malformed, *link_wanted]:
                self.refuse(f, why)
            return
        between = self.footnote_between(ref, place)
        if between is not None:
            why = (
                f"footnote {between.n} starts between the URL's pieces (line {between.span.first}): "
                "the continuation may be that footnote's — rejoin by hand"
            )
            for f in [*split, *malformed, *link_wanted]:
                self.refuse(f, why)
            return
        written = place.written
        new_url = cleaned = urls.clean(written)
        codes: list[str] = []
        reasons: list[str] = []
        if place.pieces:
            codes.append("url-split")
            reasons.append(self.split_reason(place))
        if cleaned != written:
            codes.append("url-malformed")
            reasons.append("invisible or look-alike characters removed from the URL")
        if moved_to and link_finding:
            why_not = self.replaceable(ref, place, moved_to)
            if why_not:
                self.refuse(link_finding, why_not)
                moved_to = None
            else:
                new_url = moved_to
                codes.append(link_finding.code)
                reasons.append(f"permanently moved: cited as {moved_to}")
        if not moved_to:  # a new address makes the old one's defects moot
            resolved = {_INVISIBLE_RE.sub("", written), cleaned} if cleaned != written else set()
            for f in malformed:
                if f.suggestion not in resolved:
                    self.refuse(f, f"not a certain repair ({_message(f)}) — edit by hand if it is right")
        if archive and link and link_finding:
            why_not = self.replaceable(ref, place, archive)
            if why_not:
                self.refuse(link_finding, why_not)
                archive = None
            else:
                codes.append(link_finding.code)
                when = f", checked {link.checked_at[:10]}" if link.checked_at else ""
                reasons.append(f"dead link ({link.outcome.value}{when}): archived copy added after the URL")
        if not codes:
            return
        splices = self.url_splices(place, new_url, archive)
        if splices is None:
            why = "the new address cannot be written safely in this markup — edit by hand"
            for code in codes:
                self.refusals.append(Refusal(code, place.line, ref.n, why))
            return
        if not splices:
            return  # the "new" address is the one already written
        key = (ref.sequence, ref.n, ref.part)
        self.add(codes, splices, "; ".join(reasons), ref.n, key, moved_to, rejoined=bool(place.pieces))

    def footnote_between(self, ref: Reference, place: _Place) -> Reference | None:
        """Another footnote starting between the URL's first line and its last piece: then the
        extractor's guess of whose continuation that piece is cannot be proved, only trusted."""
        if not place.pieces or self.result.format != "text":
            return None  # Markdown, LaTeX: the reader knows each footnote's extent, no guess
        last = max(p.line for p in place.pieces)
        return next(
            (
                other
                for other in self.result.references
                if (other.sequence, other.n) != (ref.sequence, ref.n) and place.line < other.span.first <= last
            ),
            None,
        )

    def split_reason(self, place: _Place) -> str:
        lines = [place.line, *(p.line for p in place.pieces)]
        gap = any(b - a > 1 for a, b in itertools.pairwise(lines))
        where = f"lines {lines[0]}–{lines[-1]}" if len(lines) == 2 else "lines " + ", ".join(map(str, lines))
        note = " (the lines between are untouched)" if gap else ""
        return f"URL broken across {where} rejoined on line {place.line}{note}"

    def place(self, ref: Reference, split: Finding | None) -> tuple[_Place | None, str]:
        """Where the reference's URL is written, or why that cannot be known for certain."""
        fn = self.footnotes.get((ref.sequence, ref.n))
        if fn is None or fn.span != ref.span:
            return None, "the footnote could not be found again in the document — fix by hand"
        if split is None:
            return self.plain_place(ref)
        for chain in _chains(fn):
            place = self.map_chain(fn, chain)
            if place is None:
                continue
            if urls.clean(place.written) == split.suggestion and place.line == split.line:
                return place, ""
        return None, "the URL's pieces cannot be located exactly in the source lines — rejoin it by hand"

    def plain_place(self, ref: Reference) -> tuple[_Place | None, str]:
        found = [
            (n, s, e, u)
            for n in range(ref.span.first, ref.span.last + 1)
            for s, e, u in urls.find_urls(self.doc.line(n))
            if urls.clean(u) == ref.url
        ]
        if len(found) != 1:
            what = "is not written as such" if not found else f"is written {len(found)} times"
            return None, f"the URL {what} in the footnote's lines — edit by hand"
        n, s, e, u = found[0]
        return _Place(n, s, e, (), u), ""

    def map_chain(self, fn: Footnote, chain: list[int]) -> _Place | None:
        """Map a chain of fragments (the head, then its URL continuations) onto source lines;
        None unless every piece is found exactly as the extractor read it."""
        head = fn.fragments[chain[0]]
        text = head.text
        if chain[0] in fn.url_joins:  # a continuation whose rest starts another URL
            first = text.strip().split()[0] if text.strip() else ""
            text = text.strip()[len(first) :]
        found = urls.find_urls(text)
        stripped = text.strip()
        if found and not text[found[-1][1] :].strip(" .,;"):
            tail = found[-1][2]
        elif scheme := _SCHEME_END_RE.search(stripped):
            tail = scheme.group()  # the break fell right after the scheme ("URL:https://")
        else:
            return None
        line = self.doc.line(head.line).rstrip()
        if not line.endswith(tail):
            return None  # e.g. punctuation between the head and the break: not reproducible
        written = tail
        pieces: list[_Piece] = []
        seen = {head.line}
        for position, index in enumerate(chain[1:], 1):
            frag = fn.fragments[index]
            if frag.line in seen or frag.line < head.line:
                return None
            seen.add(frag.line)
            token = frag.text.strip().split()[0]
            piece = urls.strip_trailing(token)
            source = self.doc.line(frag.line)
            column = len(source) - len(source.lstrip())
            raw = source.split()[0] if source.split() else ""
            if not raw.startswith(piece) or not set(raw[len(piece) :]) <= _CLOSERS:
                return None
            after = source[column + len(raw) :]
            rest = column + len(raw) + len(after) - len(after.lstrip()) if after.strip() else -1
            if position < len(chain) - 1 and (raw != piece or rest >= 0):
                return None
            written = urls.join(written, piece)
            pieces.append(_Piece(frag.line, column, raw, piece, rest))
        start = len(line) - len(tail)
        return _Place(head.line, start, len(line), tuple(pieces), written)

    def replaceable(self, ref: Reference, place: _Place, new: str) -> str:
        """Why ``ref``'s URL may not be replaced or annotated ('' when it may)."""
        same_refs = sum(1 for r in self.result.references if r.url == ref.url)
        tokens = sum(
            1 for line in self.doc.lines for _, _, u in urls.find_urls(line) if urls.clean(u) == ref.url
        )
        count = max(same_refs, tokens + (1 if place.pieces else 0))
        if count > 1:
            return (
                f"the URL appears {count} times in the document; which to change is ambiguous — edit by hand"
            )
        if any(c.isspace() for c in new) or "<" in new or ">" in new:
            return "the new address holds characters that cannot stand in a URL — edit by hand"
        return ""

    def url_splices(self, place: _Place, new_url: str, archive: str | None) -> list[Splice] | None:
        """The splices writing ``new_url`` (and the archive note) in place of the URL's pieces."""
        doc = self.doc
        head_line = doc.line(place.line)
        fmt = doc.format
        before = head_line[: place.start]
        after = head_line[place.end :]
        wrapper = ""
        if fmt == "latex":
            wrapped = bool(re.search(r"\\(?:url|href)\s*\{$", before))
            if wrapped:
                if (new_url != place.written and not _latex_url_ok(new_url)) or (
                    archive and not _latex_url_ok(archive)
                ):
                    return None
                new_url = (
                    new_url.replace("%", "\\%").replace("#", "\\#") if new_url != place.written else new_url
                )
                if archive and not before.endswith("\\url{"):
                    return None  # \href{url}{text}: the note would land inside the command
                wrapper = "}" if archive and after.startswith("}") else ""
            elif (new_url != place.written and _LATEX_SPECIALS & set(new_url)) or (
                archive and _LATEX_SPECIALS & set(archive)
            ):
                return None
        elif fmt == "markdown":
            if before.endswith("<") and after.startswith(">"):
                wrapper = ">"
            elif before.endswith("](") and after.startswith(")"):
                if re.search(r"[()]", new_url):
                    return None
                wrapper = ")"
        note = ""
        if archive:
            shown = archive
            if fmt == "markdown":
                shown = f"<{archive}>"
            elif fmt == "latex" and wrapper == "}":
                shown = "\\url{" + archive.replace("%", "\\%").replace("#", "\\#") + "}"
            note = ARCHIVE_NOTE.format(url=shown)
        old = head_line[place.start : place.end]
        start = doc.at(place.line, place.start)
        splices = []
        if place.pieces:
            # The blanks ending the last continuation line stay at the end of the joined line,
            # unless the first line has its own.
            last = place.pieces[-1]
            keep = ""
            if self.whole_line(last) and not after:
                line = doc.line(last.line)
                keep = line[len(line.rstrip(" \t")) :]
            splices.append(Splice(start, start + len(old), old, new_url + note + place.extra + keep))
        else:
            if new_url != old:
                splices.append(Splice(start, start + len(old), old, new_url))
            if note:
                at = doc.at(place.line, place.end + len(wrapper))
                splices.append(Splice(at, at, "", note))
        for piece in place.pieces:
            splices.append(self.piece_removal(piece))
        return splices

    def whole_line(self, piece: _Piece) -> bool:
        """Does the continuation line hold nothing but the token and spaces or tabs?"""
        line = self.doc.line(piece.line)
        lead, trail = line[: piece.column], line[piece.column + len(piece.token) :]
        return piece.rest < 0 and not lead.strip(" \t") and not trail.strip(" \t")

    def piece_removal(self, piece: _Piece) -> Splice:
        """Remove a moved continuation: the whole line when nothing but blanks is left, else the
        token and the blanks after it (a page break or other text keeps its place)."""
        doc = self.doc
        if self.whole_line(piece):
            # The line goes with the break before it (so several removed lines never share one,
            # and a last line without a terminator leaves none dangling).
            index = piece.line - 1
            start, end = doc.ends[index - 1], doc.ends[index]
            return Splice(start, end, doc.text[start:end], "")
        start = doc.at(piece.line, piece.column)
        end = doc.at(piece.line, piece.rest if piece.rest >= 0 else piece.column + len(piece.token))
        return Splice(start, end, doc.text[start:end], "")

    # -- integrity --------------------------------------------------------------------------------
    def integrity(self, f: Finding) -> None:
        if not self.mapped or not 1 <= f.line <= len(self.doc.starts):
            self.refuse(f, "the line cannot be matched to the document — fix by hand")
            return
        line = self.doc.line(f.line)
        masked = [(m.start(), m.end()) for m in _URLISH_RE.finditer(line)]

        def free(start: int, end: int) -> bool:
            return not any(_overlap((start, end), span) for span in masked)

        s = f.suggestion
        if f.code == "homoglyph":
            if not s or not s.startswith("С."):
                self.refuse(f, _GENERIC_REASON)
                return
            if not gost_russian(self.result, f):
                self.refuse(
                    f,
                    "the reference is not written the Russian GOST way (no Cyrillic, no '/ author' "
                    "area, or English 'Vol.'/'P.'): 'C.' may be meant — fix by hand",
                )
                return
            old = "C" + s[1:]
            at = [
                m.start()
                for m in re.finditer(re.escape(old), line)
                if free(m.start(), m.end()) and (m.start() == 0 or re.search(r"[-–—]\s\Z", line[: m.start()]))
            ]
            if len(at) != 1:
                self.refuse(f, "the Latin 'C.' cannot be located exactly once on its line — fix by hand")
                return
            start = self.doc.at(f.line, at[0])
            reason = "Latin 'C.' → Cyrillic 'С.' (the page abbreviation)"
            self.add([f.code], [Splice(start, start + 1, "C", "С")], reason, f.footnote)
        elif f.code == "replacement-char":
            if not s or not s.startswith("С"):
                self.refuse(
                    f, "the lost character cannot be known from its context — restore it from the source"
                )
                return
            old = "\ufffd" + s[1:]
            at = [
                m.start()
                for m in re.finditer(re.escape(old), line)
                if m.start() == 0 or re.search(r"[-–—]\s*\Z", line[: m.start()])
            ]
            if len(at) != 1:
                self.refuse(f, "the lost page abbreviation cannot be located exactly once — fix by hand")
                return
            start = self.doc.at(f.line, at[0])
            reason = "U+FFFD → 'С' (the page abbreviation 'С.')"
            self.add([f.code], [Splice(start, start + 1, "\ufffd", "С")], reason, f.footnote)
            others = line.count("\ufffd") - 1
            if others:
                self.refuse(
                    f, f"{others} other lost character(s) on this line cannot be known — restore them"
                )
        else:  # mixed-script
            words = [
                m
                for m in _WORD_RE.finditer(line)
                if s
                and free(m.start(), m.end())
                and m.group() != s
                and len(m.group()) == len(s)
                and any(
                    g.code == f.code and g.suggestion == s for g in integrity.check_line(f.line, m.group())
                )
            ]
            if not s or not words:
                self.refuse(f, "the mixed-script word cannot be located on its line — fix by hand")
                return
            splices = [
                Splice(self.doc.at(f.line, m.start()), self.doc.at(f.line, m.end()), m.group(), s)
                for m in words
            ]
            reason = f"{words[0].group()!r} → {s!r} (one script)"
            self.add([f.code], splices, reason, f.footnote)



def gost_russian(result: DocumentResult, f: Finding) -> bool:
    """Whether the footnote of ``f`` follows Russian GOST conventions, so that a Latin 'C.' can
    only be the Cyrillic page abbreviation 'С.' (an English reference may mean 'C.')."""
    text = " ".join(
        r.raw for r in result.references if r.n == f.footnote and r.span.first <= f.line <= r.span.last
    )
    if not text or _ENGLISH_PAGES_RE.search(text):
        return False
    return bool(_CYRILLIC_RE.search(text) or " / " in text or _MEDIUM_RE.search(text))


def link_changes(
    ref: Reference, archive_dead: bool, refuse: Callable[[Finding, str], None]
) -> tuple[str | None, str | None, Finding | None]:
    """What a reference's link asks of its URL: a permanent redirect's new address, an archived
    copy to add (only with ``archive_dead``), and the link finding they resolve; a dead link
    that cannot be helped is refused through ``refuse``."""
    link = ref.link
    if link is None:
        return None, None, None
    moved_to = link.final_url if link.outcome is Outcome.MOVED else None
    archive = link.archive_url if link.outcome.dead else None
    code = f"link-{link.outcome.value}"
    # a result whose link findings were not attached still names the outcome
    finding = next((f for f in ref.findings if f.code == code), None) or Finding(
        code, link.outcome.severity or Severity.INFO, "", ref.span.first, ref.n
    )
    if link.outcome.dead:
        if not archive:
            refuse(finding, "no archived copy is known — cite another source or mark it unavailable")
        elif not archive_dead:
            refuse(finding, "an archived copy exists; pass --archive-dead to add it after the URL")
            archive = None
    return moved_to, archive, finding

def _message(f: Finding) -> str:
    return re.sub(r"^footnote \S+: ", "", f.message)


def _latex_url_ok(url: str) -> bool:
    return not any(c in url for c in "{}\\ ")


def _chains(fn: Footnote) -> list[list[int]]:
    """Fragment indexes of each URL broken across lines: its head, then its continuations (a
    continuation with more text after it ends the URL)."""
    chains: list[list[int]] = []
    current: list[int] | None = None
    for k in sorted(fn.url_joins - fn.headless):
        if k - 1 in fn.headless:
            current = None
            continue  # continues a headless piece: an url-fragment, never fixed
        if current is not None and current[-1] == k - 1 and _only_token(fn.fragments[k - 1].text):
            current.append(k)
        else:
            current = [k - 1, k]
            chains.append(current)
    return chains


def _only_token(text: str) -> bool:
    return len(text.split()) == 1


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two half-open spans overlap (an insertion at a span's edge does not, inside it does)."""
    if a[0] == a[1]:
        return b[0] < a[0] < b[1]
    if b[0] == b[1]:
        return a[0] < b[0] < a[1]
    return a[0] < b[1] and b[0] < a[1]


def _lines_before_after(
    doc: _Document, first: int, last: int, splices: Sequence[Splice]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The lines ``first``…``last`` before and after ``splices`` alone (for showing an edit)."""
    begin = doc.starts[first - 1]
    end = doc.starts[last] if last < len(doc.starts) else len(doc.text)
    end = max(end, max(s.end for s in splices))
    segment = doc.text[begin:end]
    shifted = [Splice(s.start - begin, s.end - begin, s.old, s.new) for s in splices]
    old = tuple(_LINE_BREAK.split(segment.rstrip("\r\n")))
    new = tuple(_LINE_BREAK.split(_splice(segment, shifted).rstrip("\r\n")))
    return old, new


# --- proving a plan ------------------------------------------------------------------------------


class _Prover:
    """Reads the fixed text again and withdraws edits that change what the document says."""

    def __init__(self, doc: _Document, source: Source) -> None:
        self.doc = doc
        self.baseline = extract_source(source)

    def prove(self, candidates: list[_Candidate], refusals: list[Refusal]) -> list[_Candidate]:
        accepted = list(candidates)
        for _ in range(3):
            if not accepted:
                return accepted
            bad = self.failures(accepted)
            if not bad:
                return accepted
            guilty = [c for c in accepted if c.key is not None and c.key in bad]
            if None in bad or not guilty:
                guilty = [c for c in accepted if self.failures([c])]
            if not guilty:
                break
            for c in guilty:
                self.withdraw(c, refusals)
            accepted = [c for c in accepted if c not in guilty]
        if accepted and self.failures(accepted):
            for c in accepted:
                self.withdraw(c, refusals)
            return []
        return accepted

    def withdraw(self, c: _Candidate, refusals: list[Refusal]) -> None:
        reason = "read again, the fixed text gives different footnotes or URLs — fix by hand"
        refusals.extend(Refusal(code, c.edit.first, c.edit.footnote, reason) for code in c.edit.codes)

    def failures(self, candidates: Sequence[_Candidate]) -> set[tuple[int, int, int] | None]:
        """References whose reading differs from what the edits promise (None: the footnotes
        themselves changed)."""
        text = _splice(self.doc.text, [s for c in candidates for s in c.edit.splices])
        source = _READERS[self.doc.format](self.doc.path, text.encode("utf-8"), encoding="utf-8")
        after = extract_source(source)
        before = self.baseline
        old = {_key(r): r for r in before.references}
        new = {_key(r): r for r in after.references}
        if after.footnote_count != before.footnote_count or old.keys() != new.keys():
            return {None}
        moved = {c.key: c.moved_to for c in candidates if c.moved_to}
        rejoined = {c.key for c in candidates if c.rejoined}
        bad: set[tuple[int, int, int] | None] = set()
        for key, ref in old.items():
            got = new[key]
            want = urls.clean(moved[key]) if key in moved else ref.url
            split_before = any(f.code == "url-split" for f in ref.findings)
            split_after = any(f.code == "url-split" for f in got.findings)
            still_split = split_after and (key in rejoined or not split_before)
            completeness = key not in moved and got.url_complete != ref.url_complete
            if got.url != want or still_split or completeness:
                bad.add(key)
        return bad


def _key(ref: Reference) -> tuple[int, int, int]:
    return ref.sequence, ref.n, ref.part


# --- applying ------------------------------------------------------------------------------------


def _splice(text: str, splices: Iterable[Splice]) -> str:
    ordered = sorted(splices, key=lambda s: (s.start, s.end))
    out: list[str] = []
    at = 0
    for s in ordered:
        if s.start < at or text[s.start : s.end] != s.old:
            raise ValueError(f"edit at offset {s.start} does not fit the text (overlapping or stale)")
        out.append(text[at : s.start])
        out.append(s.new)
        at = s.end
    out.append(text[at:])
    return "".join(out)


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` (the document as :func:`plan` read it) with ``edits`` applied.

    Raises ValueError if an edit does not fit (the text changed, or two edits overlap)."""
    return _splice(text, [s for edit in edits for s in edit.splices])


def _with_ends(text: str) -> list[str]:
    lines: list[str] = []
    at = 0
    for m in _LINE_BREAK.finditer(text):
        lines.append(text[at : m.end()])
        at = m.end()
    if at < len(text):
        lines.append(text[at:])
    return lines


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff from ``before`` to ``after`` (empty when they are equal), ``patch``-ready."""
    out = []
    for line in difflib.unified_diff(_with_ends(before), _with_ends(after), fromfile=path, tofile=path):
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


# --- writing -------------------------------------------------------------------------------------


def fix_file(
    path: str,
    result: DocumentResult,
    *,
    output: str | None,
    in_place: bool,
    dry_run: bool,
    archive_dead: bool = False,
    input_format: str | None = None,
    encoding: str | None = None,
) -> FixReport:
    """Plan and apply the certain fixes to ``path``; return the edits, refusals and diff.

    ``dry_run`` writes nothing. Otherwise the fixed document goes to ``output`` (``-``: standard
    output), atomically, in the document's own encoding; or, with ``in_place``, replaces the
    document atomically after its original bytes are saved to ``path + ".orig"`` (or
    ``path + "~"`` if that exists; an existing backup is never overwritten). A failed write
    leaves the document as it was, with no temporary file and no new backup.
    """
    if path == "-":
        raise InputError("<stdin>", "standard input cannot be fixed", "pass the document's path")
    if not dry_run:
        _check_targets(path, output, in_place)
    fmt = input_format or result.format
    if fmt == "docx":  # edits inside the notes' XML: a module of its own
        from citations.fix_docx import fix_docx

        return fix_docx(
            path, result, output=output, in_place=in_place, dry_run=dry_run, archive_dead=archive_dead
        )
    if fmt not in EDITABLE_FORMATS:
        refusals = _format_refusals(result, fmt)
        return FixReport(path, (), tuple(refusals), "", None, None, dry_run)
    doc = _load(path, fmt, encoding)
    edits, refusals = _Planner(doc, result, archive_dead).run()
    after = apply(doc.text, edits)
    diff = unified_diff(path, doc.text, after)
    report = FixReport(path, tuple(edits), tuple(refusals), diff, None, None, dry_run)
    if dry_run:
        return report
    data = doc.encode(after)
    if in_place:
        if not edits:
            return report
        target = Path(os.path.realpath(path))
        backup = _claim_backup(path, target, doc.data)
        try:
            write_bytes(target, data, expect=doc.data)
        except BaseException:
            Path(backup).unlink(missing_ok=True)  # the document is unchanged: the copy is not needed
            raise
        return FixReport(path, tuple(edits), tuple(refusals), diff, path, backup, dry_run)
    assert output is not None  # _check_targets demands one
    if output == "-":
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(
                f"cannot write to standard output ({exc.strerror})", "check where it goes"
            ) from None
    else:
        write_bytes(Path(output), data)
    return FixReport(path, tuple(edits), tuple(refusals), diff, output, None, dry_run)


def _check_targets(path: str, output: str | None, in_place: bool) -> None:
    if in_place and output and output != path:
        raise OutputError("both an output file and --in-place were given", "choose one")
    if in_place:
        return
    if not output:
        raise OutputError("no output named", "pass -o OUT, --in-place (keeps a backup) or --dry-run")
    if output == "-":
        return
    target = check_target(output)
    if target.exists() and Path(path).exists() and os.path.samefile(target, path):
        raise OutputError(
            f"{output}: is the document itself", "pass --in-place to overwrite it (a backup is kept)"
        )


def _claim_backup(path: str, target: Path, data: bytes) -> str:
    """Save the original bytes under the first free backup name (created exclusively, so a
    backup that appears meanwhile is not overwritten either)."""
    names = [path + suffix for suffix in BACKUP_SUFFIXES]
    for name in names:
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(
                f"{name}: cannot create the backup ({exc.strerror})", "check permissions"
            ) from None
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            shutil.copymode(target, name)
        except BaseException as exc:
            Path(name).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise OutputError(
                    f"{name}: cannot write the backup ({exc.strerror})", "free space or check permissions"
                ) from None
            raise
        return name
    raise OutputError(
        f"{path}: backups {' and '.join(names)} already exist",
        "move them away first; a backup is never overwritten",
    )


