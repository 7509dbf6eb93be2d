"""Footnote detection in text extracted from a PDF (or typed as plain text).

The extractor has flattened the page: footnote blocks sit between body paragraphs, URLs are
broken across lines, a footnote may continue on the next page after unrelated body text, and
the body's call markers are glued to words (``laitiers"2 .``, ``"56Il``, ``a déclaré87 .``).
The detector walks the lines once, deciding for each line whether it starts a footnote,
continues the open one, continues an earlier footnote's URL, or belongs to the body. Every
decision is made on evidence a reader would use: the footnote numbering sequence, separator
lines, bibliographic marks (medium designation, ``URL :``, `` // ``), the URL's own shape,
indentation, and body call markers. Layout roles from a PDF reader override the guesses.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from citations import gost, urls
from citations.models import Call, Finding, Footnote, Fragment, LineRole, Severity

#: How far the numbering may jump between consecutive footnote texts (texts do go missing).
MAX_GAP = 20
#: How far consecutive body calls may jump (a marker the extractor garbled is skipped).
MAX_CALL_GAP = 12

_START_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<n>\d{1,5})(?:[ \t]*\.(?=[ \t])|\))?[ \t]+(?P<text>\S.*)$")
_BRACKET_START_RE = re.compile(r"^(?P<indent>[ \t]*)\[(?P<n>\d{1,5})\][ \t]*(?P<text>\S.*)$")
_GLUED_START_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<n>\d{1,5})(?P<text>[A-ZА-ЯЁ«\"“„\ufffd][^\d].*)$")
_SEPARATOR_RE = re.compile(r"^(?:[ \t]{20,}|[ \t]*[_—–\-=]{5,}[ \t]*)$")
_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:(?:Page|Стр\.|С\.|p\.)\s*)?\d{1,4}(?:\s*[-–—])?\s*$", re.IGNORECASE
)
#: A line that is nothing but a slug-like URL piece: lower-case words joined by hyphens.
_SLUG_PIECE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){2,}-?/?$")
#: Call marker in body text: digits glued after a word, quote or period, before punctuation,
#: space, a capital or the line end; never after a digit-and-comma ("1,5") or a hyphen.
CALL_RE = re.compile(
    r"(?<=[^\s\d\-/+=#№§$€*.(\[])(?<!\d[.,])(?P<n>\d{1,5})(?=[ \t]*[.,;:)!?»\"]|[ \t]|$|[A-ZÀ-ÖØ-ÞА-ЯЁ«\"])"
    r"|(?<=[A-Za-zÀ-ÿА-Яа-яЁё\"»”)])\.(?P<n2>\d{1,5})(?=[ \t]*[.,;:]|[ \t]|$)"
    # glued to the next sentence after a space or at the line start: ". 56Il est", "12En novembre"
    r"|(?:(?<=[ \t])|^)(?P<n3>\d{1,5})(?=[A-ZÀ-ÖØ-ÞА-ЯЁ][a-zà-ÿа-яё])"
    # alone after the closing punctuation, at the line end: 'pays" . 97'
    r"|(?<=[.!?»\"”][ \t])(?P<n4>\d{1,5})(?=[ \t]*$)"
    # in brackets or parentheses, numeric-style: "[3]", "[4, с. 12]", "(2)"
    r"|\[(?P<n5>\d{1,5})(?:[,;][^\]\d][^\]]{0,30})?\]|\((?P<n6>\d{1,5})\)"
)
#: The strict form used to tell a body line from a footnote line: ``"2 .``, ``déclaré87 .``, ``"56Il``.
_STRICT_CALL_RE = re.compile(
    r"(?:(?<=[\"»”’'])|(?<=[^\W\d_])|(?<=[^\d]\.))(?P<n>\d{1,5})(?:[ \t]?[.,;:](?!\d)|(?=[A-ZÀ-ÖØ-ÞА-ЯЁ][a-zà-ÿа-яё]))"
)
_ACCESS_LABEL_END_RE = re.compile(gost.ACCESS_WORDS + r"\s*:?$", re.IGNORECASE)
_ACCESS_START_RE = re.compile(r"[-–—(]?\s*" + gost.ACCESS_WORDS + r"\s*:", re.IGNORECASE)
_BIBLIOGRAPHY_RE = re.compile(
    r"^\s*(?:Список\s+(?:использованн(?:ой|ых)\s+|цитируемой\s+)?(?:литературы|источников)|Литература|"
    r"Библиография|Спіс\s+(?:выкарыстанай\s+)?(?:літаратуры|крыніц)|Bibliograph(?:y|ie)|References|"
    r"Works\s+cited|Sources(?:\s+et\s+bibliographie)?|Références(?:\s+bibliographiques)?)\s*:?\s*$",
    re.IGNORECASE,
)
_URLISH_TOKEN_RE = re.compile(r"(?<!\S)(?:\S*[/@]\S*|\S+\.(?:html?|php|aspx?)\b\S*)")
#: A line ending with "URL :" (any wording): its address is on the next line, or lost.
_URL_LABEL_END_RE = re.compile(f"(?:{gost.URL_LABEL_RE.pattern})\\s*$", re.IGNORECASE)
_TERMINAL_RE = re.compile(
    r"(?:\)\s*\.?|(?:^|\s)(?:[СCсc\ufffd]|[PpSs]|pp)\.\s*\d+(?:\s*[-–]\s*\d+)?\s*\.|\b(?:1[89]|20)\d\d\s*\.)\s*$"
)
_EMBEDDED_START_RE = re.compile(r"(?:(?<=[/.)])[ \t]+|(?<=\d/))(?P<n>\d{1,5})[ \t]+(?=[A-ZА-ЯЁ«\"“„\ufffd])")


#: A footnote longer than this many lines without any bibliographic mark is not one footnote.
_MAX_PLAIN_FRAGMENTS = 50

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@dataclass
class _Builder:
    number: int
    sequence: int
    indent: int
    text_column: int
    fragments: list[Fragment] = field(default_factory=list)
    url_joins: set[int] = field(default_factory=set)
    headless: set[int] = field(default_factory=set)
    interleaved: bool = False
    url_tail: str | None = None
    label_pending: bool = False
    cont_indent: int | None = None
    # Kept up to date fragment by fragment: re-reading the whole text on every line is quadratic.
    has_url: bool = False
    url_started: bool = False
    reference_like: bool = False
    last_text: str = ""
    open_parens: int = 0
    url_open: bool = False

    def add(self, line: int, text: str, *, url_join: bool = False, headless: bool = False) -> None:
        index = len(self.fragments)
        self.fragments.append(Fragment(line, text.rstrip()))
        if url_join:
            self.url_joins.add(index)
        if headless:
            self.headless.add(index)
        found = self._update_url_state(text, url_join, headless)
        self.has_url = self.has_url or headless or self.url_tail is not None or bool(found)
        self.url_started = self.url_started or self.has_url or self.label_pending
        if found and ";" in text[found[-1][1] :]:
            self.url_started = False  # "…-2023/ ; Дорожная карта …": a second reference begins
        if not self.reference_like:
            self.reference_like = gost.is_reference_like(text)
        self.last_text = text.strip()
        self.open_parens = max(0, self.open_parens + text.count("(") - text.count(")"))
        self.url_open = self.url_tail is not None and urls.is_open(self.url_tail)

    def _update_url_state(self, text: str, url_join: bool, headless: bool) -> list[tuple[int, int, str]]:
        """Track the URL that ends the footnote so far; returns the URLs found in ``text``."""
        stripped = text.strip()
        if url_join and self.url_tail is not None:
            token = stripped.split()[0] if stripped else ""
            joined = urls.join(self.url_tail, urls.strip_trailing(token))
            rest = stripped[len(token) :].strip()
            self.label_pending = False
            if not rest:
                self.url_tail = joined
                return []
            text = rest  # the rest of the line may hold another URL that goes on below
        elif url_join:
            return []
        if headless:
            self.url_tail = stripped
            self.label_pending = False
            return []
        found = urls.find_urls(text)
        if found and not text[found[-1][1] :].strip(" .,;"):
            self.url_tail = found[-1][2]
        elif stripped.endswith(("://", "://www.")):
            self.url_tail = stripped.split()[-1]  # the break fell right after the scheme
        else:
            self.url_tail = None
        self.label_pending = bool(_URL_LABEL_END_RE.search(stripped))
        return found

    @property
    def waiting_for_url(self) -> bool:
        """Ends with "URL :" and nothing, or with a URL that is visibly cut."""
        return self.label_pending or self.url_open

    @property
    def complete(self) -> bool:
        """The reference has reached a natural end: a whole URL, an access date or a page."""
        if self.url_tail is not None:
            return not self.url_open
        if self.label_pending:
            return False
        return self.reference_like and bool(_TERMINAL_RE.search(self.last_text))

    def freeze(self) -> Footnote:
        return Footnote(
            number=self.number,
            fragments=tuple(self.fragments),
            label=str(self.number),
            url_joins=frozenset(self.url_joins),
            headless=frozenset(self.headless),
            interleaved=self.interleaved,
            sequence=self.sequence,
        )


@dataclass(frozen=True)
class Detection:
    """What the detector found: footnotes in number order, body calls, and layout findings."""

    footnotes: tuple[Footnote, ...]
    calls: tuple[Call, ...]
    findings: tuple[Finding, ...]


def rejoin_urls(fn: Footnote) -> Footnote:
    """Mark the fragments of a reader-given footnote (Markdown, LaTeX, DOCX) that continue a URL
    broken across its source lines, with the same evidence the detector uses."""
    if len(fn.fragments) < 2 or fn.url_joins:
        return fn
    b = _Builder(number=fn.number, sequence=fn.sequence, indent=0, text_column=0)
    for k, frag in enumerate(fn.fragments):
        joins = k > 0 and b.url_tail is not None and urls.continues(b.url_tail, frag.text) is not None
        b.add(frag.line, frag.text, url_join=joins)
    return replace(fn, url_joins=frozenset(b.url_joins)) if b.url_joins else fn


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def detect(lines: tuple[str, ...] | list[str], roles: tuple[LineRole, ...] | None = None) -> Detection:
    """Find footnotes and body calls in extracted text lines (``lines[0]`` is line 1)."""
    return _Detector(list(lines), roles).run()


class _Detector:
    def __init__(self, lines: list[str], roles: tuple[LineRole, ...] | None) -> None:
        # pdftotext marks page breaks with a form feed and many extractors keep footnote numbers
        # as superscript digits; both are read as plain text of the same length.
        self.lines = [line.replace("\f", " ").translate(_SUPERSCRIPTS) for line in lines]
        self.roles = roles
        self.notes: list[_Builder] = []
        self.current: _Builder | None = None
        self.expected = 1
        self.sequence = 0
        self.seen: set[tuple[int, int]] = set()
        self.bibliography = False
        self.in_zone = False
        self.zone_fresh = False
        self.body_lines: list[int] = []
        self.findings: list[Finding] = []
        self.last_footnote_line = 0

    def role(self, i: int) -> LineRole | None:
        return self.roles[i] if self.roles is not None and i < len(self.roles) else None

    # -- the walk ----------------------------------------------------------------------------
    def run(self) -> Detection:
        i = 0
        n_lines = len(self.lines)
        while i < n_lines:
            i = self.step(i)
        for b in self.notes:
            if b.interleaved:
                joined = [f.line for f in b.fragments]
                gaps = [(a, c) for a, c in itertools.pairwise(joined) if c - a > 1]
                if gaps:
                    a, c = max(gaps, key=lambda g: g[1] - g[0])
                    self.findings.append(
                        Finding(
                            "footnote-interleaved",
                            Severity.INFO,
                            f"footnote {b.number} continues on line {c} after unrelated lines {a + 1}–{c - 1}; rejoined",
                            c,
                            b.number,
                        )
                    )
        calls = self.find_calls()
        notes = sorted(self.notes, key=lambda b: (b.sequence, b.number))
        return Detection(tuple(b.freeze() for b in notes), tuple(calls), tuple(self.findings))

    def step(self, i: int) -> int:
        line = self.lines[i]
        number = i + 1
        role = self.role(i)
        if self.bibliography:
            return i + 1
        if self.notes and _BIBLIOGRAPHY_RE.match(line):
            # After footnotes, a "Список литературы" is the bibliography, not more footnotes.
            self.close()
            self.bibliography = True
            self.findings.append(
                Finding(
                    "bibliography-section",
                    Severity.INFO,
                    f"the list under {line.strip()!r} is read as the bibliography, not as footnotes",
                    number,
                )
            )
            return i + 1
        if role == LineRole.SEPARATOR or (role is None and _SEPARATOR_RE.match(line)):
            self.close()
            self.in_zone = self.zone_fresh = True
            return i + 1
        if not line.strip():
            self.close()
            return i + 1
        if role == LineRole.NOTE and (i == 0 or self.role(i - 1) != LineRole.NOTE):
            self.in_zone = self.zone_fresh = True  # the PDF's footnote zone begins (its rule is a drawing)
        if role == LineRole.PAGE_NUMBER or (role is None and _PAGE_NUMBER_RE.match(line)):
            after = self.start_on_next_line(i)
            if after is not None:
                return after
            self.close()  # the page ends here; a footnote that goes on resumes in the next zone
            return i + 1

        start = self.match_start(i)
        fresh, self.zone_fresh = self.zone_fresh, False
        if start is not None:
            n, indent, column, text = start
            self.open(n, indent, column, number, text)
            return i + 1

        if self.current is not None and self.continue_current(i):
            return i + 1
        if self.continue_pending(i):
            return i + 1
        if fresh and self.continue_across_page(i):
            return i + 1
        self.close()
        if role != LineRole.NOTE:
            self.in_zone = False
            self.body_lines.append(i)
        return i + 1

    # -- starts ------------------------------------------------------------------------------
    def match_start(self, i: int) -> tuple[int, int, int, str] | None:
        line = self.lines[i]
        m = _START_RE.match(line) or _GLUED_START_RE.match(line) or _BRACKET_START_RE.match(line)
        if not m:
            return None
        n = int(m.group("n"))
        role = self.role(i)
        if role == LineRole.BODY:
            return None
        text = m.group("text")
        reference_like = gost.is_reference_like(self.lookahead(i, text))
        if n == 1 and self.expected > 2 and reference_like:
            # The numbering starts again (a new chapter): a new sequence.
            self.sequence += 1
            self.expected = 1
            self.findings.append(
                Finding(
                    "footnote-numbering-restart",
                    Severity.INFO,
                    "footnote numbering starts again at 1",
                    i + 1,
                    1,
                )
            )
        # An excerpt may start at any footnote number, but a line opening with a year is prose.
        first_of_excerpt = not self.notes and reference_like and (self.zone_fresh or not 1800 <= n <= 2099)
        # A footnote printed just before its predecessor ("156 …" then "155 …") on the same page.
        out_of_order = (
            self.expected - 4 <= n < self.expected
            and (self.sequence, n) not in self.seen
            and reference_like
            and (self.in_zone or self.current is not None)
        )
        if not (self.expected <= n <= self.expected + MAX_GAP or first_of_excerpt or out_of_order):
            return None
        if out_of_order:
            self.findings.append(
                Finding(
                    "footnote-order",
                    Severity.WARNING,
                    f"footnote {n} is printed after footnote {self.expected - 1}",
                    i + 1,
                    n,
                )
            )
        if role != LineRole.NOTE:
            near = self.in_zone or self.current is not None or (i > 0 and self.last_footnote_line == i)
            plausible_next = near and n == self.expected and not _STRICT_CALL_RE.search(text)
            if not (reference_like or self.zone_fresh or plausible_next):
                return None
        indent = len(m.group("indent"))
        column = m.start("text")
        return n, indent, column, text

    def lookahead(self, i: int, text: str) -> str:
        """This line's text plus the following lines up to a blank line or the next footnote start."""
        parts = [text]
        for j in range(i + 1, min(i + 4, len(self.lines))):
            nxt = self.lines[j]
            if not nxt.strip() or _SEPARATOR_RE.match(nxt):
                break
            if _START_RE.match(nxt) or _GLUED_START_RE.match(nxt) or _BRACKET_START_RE.match(nxt):
                break
            parts.append(nxt.strip())
        return " ".join(parts)

    def start_on_next_line(self, i: int) -> int | None:
        """A footnote number alone on its line, its text on the next one (pdfminer and Tika
        extractions do this, sometimes with a blank line between): the index after the text."""
        bare = re.fullmatch(r"\s*([0-9]{1,5})\s*", self.lines[i])
        if not bare:
            return None  # "— 5 —", "Page 5": decorated, a page number
        n = int(bare.group(1))
        j = i + 1
        if j < len(self.lines) and not self.lines[j].strip():
            j += 1
        if j >= len(self.lines) or self.role(j) == LineRole.BODY or not self.lines[j].strip():
            return None
        nxt = self.lines[j]
        expected = n == self.expected or (not self.notes and n > 0)
        ahead = self.lookahead(j, nxt.strip())
        if not expected or _START_RE.match(nxt) or not gost.is_reference_like(ahead):
            return None
        if self.role(j) != LineRole.NOTE and CALL_RE.search(_URLISH_TOKEN_RE.sub(" ", ahead)):
            return None  # text after a page number that carries call markers is the body
        self.open(n, _indent(nxt), _indent(nxt), j + 1, nxt.strip())
        return j + 1

    def open(self, n: int, indent: int, column: int, line: int, text: str) -> None:
        self.close()
        b = _Builder(number=n, sequence=self.sequence, indent=indent, text_column=column)
        self.notes.append(b)
        self.seen.add((self.sequence, n))
        self.current = b
        self.expected = max(self.expected, n + 1)
        self.in_zone = True
        self.add_text(b, line, text)

    def add_text(self, b: _Builder, line: int, text: str, **kw: bool) -> None:
        """Add a fragment, splitting off a next footnote run into the same line ("…2022/ 12 Le …")."""
        m = None
        for cand in _EMBEDDED_START_RE.finditer(text):
            if int(cand.group("n")) == b.number + 1:
                head = text[: cand.start()]
                if urls.find_urls(head) or _TERMINAL_RE.search(head):
                    m = cand
                    break
        if m is None:
            b.add(line, text, **kw)
            self.last_footnote_line = line
            return
        b.add(line, text[: m.start()], **kw)
        n = int(m.group("n"))
        self.findings.append(
            Finding(
                "footnote-merged",
                Severity.WARNING,
                f"footnotes {b.number} and {n} run together on one line; split",
                line,
                n,
            )
        )
        nb = _Builder(number=n, sequence=b.sequence, indent=b.indent, text_column=b.text_column)
        self.notes.append(nb)
        self.current = nb
        self.expected = n + 1
        self.add_text(nb, line, text[m.end() :])

    def close(self) -> None:
        self.current = None

    # -- continuation ------------------------------------------------------------------------
    def continue_current(self, i: int) -> bool:
        b = self.current
        assert b is not None
        line = self.lines[i]
        number = i + 1
        role = self.role(i)
        stripped = line.strip()
        if b.url_tail is not None and urls.continues(b.url_tail, line):
            self.add_text(b, number, stripped, url_join=True)
            return True
        if role == LineRole.BODY:
            return False
        if b.label_pending and stripped.lower().startswith(("http://", "https://", "www.")):
            self.add_text(b, number, stripped)
            return True
        if _SLUG_PIECE_RE.match(stripped) and not b.has_url:
            self.add_text(b, number, stripped, headless=True)
            return True
        if role == LineRole.NOTE:
            self.add_text(b, number, stripped)
            return True
        if self.has_body_call(stripped, b.number):
            return False
        starts_reference_part = bool(
            re.match(r"^(?:\(|URL\b|\[|[-–—]\s|/\s|//)", stripped)
            or gost.MEDIUM_RE.match(stripped)
            or (b.open_parens and ")" in stripped)  # "(дата обращения:" closed on the next line
            or bool(_ACCESS_LABEL_END_RE.search(b.last_text))  # "– Дата доступу:", its date below
            or bool(_ACCESS_START_RE.match(stripped))  # "Дата доступу: 10.11.2013."
        )
        if (
            b.complete or b.url_started or len(b.fragments) >= _MAX_PLAIN_FRAGMENTS
        ) and not starts_reference_part:
            return False  # after the URL only an access date may follow; prose is the body again
        marks = gost.is_reference_like(stripped) or starts_reference_part
        indent = _indent(line)
        allowed = {b.cont_indent} if b.cont_indent is not None else {b.indent, b.text_column}
        if not marks and indent not in allowed:
            return False
        if b.cont_indent is None:
            b.cont_indent = indent
        self.add_text(b, number, stripped)
        return True

    def continue_pending(self, i: int) -> bool:
        """A URL (or URL piece) on a line of its own continues an earlier footnote's URL."""
        line = self.lines[i]
        stripped = line.strip()
        first = stripped.split()[0] if stripped else ""
        if self.role(i) == LineRole.BODY or not urls.is_url_piece(urls.strip_trailing(first)):
            return False
        is_url = stripped.lower().startswith(("http://", "https://", "www."))
        for b in reversed(self.notes[-8:]):
            if not b.waiting_for_url or b is self.current:
                continue
            if b.label_pending and is_url:
                b.interleaved = True
                self.add_text(b, i + 1, stripped)
                self.current = b
                return True
            if b.url_tail is not None and urls.continues(b.url_tail, line):
                b.interleaved = True
                self.add_text(b, i + 1, stripped, url_join=True)
                self.current = b
                return True
        return False

    def continue_across_page(self, i: int) -> bool:
        """The first line of a footnote zone that is not a new footnote but bibliographic text
        continues the last footnote when that one stopped before its reference was complete."""
        if not self.notes or self.role(i) == LineRole.BODY:
            return False
        last = self.notes[-1]
        stripped = self.lines[i].strip()
        unfinished = bool(
            re.search(r"[^\W\d_,;:-]$|[,;:-]$", last.last_text)
        ) and not last.last_text.endswith(".")
        if (
            last.complete
            or last.has_url
            or not (unfinished or gost.is_reference_like(self.lookahead(i, stripped)))
        ):
            return False
        last.interleaved = True
        self.add_text(last, i + 1, stripped)
        self.current = last
        return True

    # -- body calls --------------------------------------------------------------------------
    def has_body_call(self, text: str, near: int) -> bool:
        text = _URLISH_TOKEN_RE.sub(" ", text)  # "a1b2c3.html" holds no call marker
        for m in _STRICT_CALL_RE.finditer(text):
            n = int(m.group("n"))
            if near - 10 <= n <= near + 40 and n != 0:
                return True
        return False

    def find_calls(self) -> list[Call]:
        """Body call markers, kept only where they form a rising sequence (a chain of numbers
        in reading order with small gaps): stray digits such as "G20" fall out."""
        cands: list[tuple[int, int]] = []
        for i in self.body_lines:
            for m in CALL_RE.finditer(self.lines[i]):
                n = int(next(g for g in m.groups() if g))
                if n > 0:
                    cands.append((n, i + 1))
        if not cands:
            return []
        first_note = min((b.number for b in self.notes), default=1)
        window = 64
        best = [0] * len(cands)
        prev = [-1] * len(cands)
        restarts = self.sequence > 0
        for k, (n, _) in enumerate(cands):
            best[k] = 1 if n <= first_note + MAX_CALL_GAP else 0
            for j in range(max(0, k - window), k):
                nj = cands[j][0]
                if best[j] and (nj < n <= nj + MAX_CALL_GAP or (restarts and n == 1 and nj >= 2)):
                    score = best[j] + 1
                    if score > best[k] or (
                        score == best[k] and prev[k] >= 0 and n - nj < n - cands[prev[k]][0]
                    ):
                        best[k] = score
                        prev[k] = j
        k = max(range(len(cands)), key=lambda x: (best[x], -x))
        if best[k] == 0:
            return []
        picked = []
        while k >= 0:
            picked.append(cands[k])
            k = prev[k]
        chain: list[Call] = []
        sequence = 0
        for n, line in reversed(picked):
            if chain and n < chain[-1].number:
                sequence += 1
            chain.append(Call(n, line, sequence))
        return chain
