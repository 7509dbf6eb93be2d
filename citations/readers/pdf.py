"""PDF: text lines with layout roles, link annotations and superscript calls, via pdfminer.six.

Lines are pdfminer text lines, page after page, each page top to bottom and left to right; pieces
pdfminer splits off the same visual row (a footnote number set apart by a wide gap) are joined
with one space, as pdftotext does. Nothing else is inserted: no form feeds, no page markers.
``Source.lines[i]`` is line ``i + 1`` everywhere (roles, links, calls).

Roles come from the layout. The body size is the most common character size of the document;
a line whose median size is at most 0.92 × that and which lies below the page's lowest body-size
line is a NOTE (the footnote zone); a line that is only a number and the first or last line of its
page is a PAGE_NUMBER; a line of only rule characters (``____``) is a SEPARATOR; the rest is BODY.
Calls are runs of digits in BODY lines set smaller (≤ 0.8 × the line's median size) or raised
above its baseline, or written as Unicode superscript digits; they stay in the line text.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import statistics
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from citations.errors import InputError
from citations.models import Call, LineRole, Source
from citations.readers.text import MAX_LINE_CHARS

#: All FlateDecode streams of one PDF together may inflate to at most this many bytes.
MAX_INFLATED_BYTES = 128 * 1024 * 1024

NOTE_SIZE_RATIO = 0.92
SUPERSCRIPT_SIZE_RATIO = 0.8
#: How far above the line's baseline (in line-size units) a digit must sit to count as raised.
RAISED_RATIO = 0.25

_REPAIR = "re-export the PDF, or pass the DOCX or text version"
_NO_TEXT = "run OCR first or pass the DOCX/text"
_PAGE_NUMBER = re.compile(r"[\s\-–—]*\d{1,4}[\s\-–—]*")
#: A running title with its page number: "– 14 – Chapter title", "Chapter title 14". A plain
#: "3 Title" is how a footnote starts, so a leading number needs its dashes.
_RUNNING = re.compile(r"\s*[-–—]\s*\d{1,4}\s*[-–—]\s+\S.*|.*\S\s+[-–—]?\s*\d{1,4}\s*[-–—]?\s*")
_RULE = re.compile(r"\s*[_\-–—]{3,}\s*")
_SUPERSCRIPT_DIGITS = {c: str(k) for k, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")}

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class _Char:
    text: str
    size: float  # 0 for the spaces pdfminer inserts
    y0: float


@dataclass
class _Line:
    page: int
    bbox: Rect
    chars: list[_Char]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars).replace("\n", " ").rstrip()

    @property
    def size(self) -> float:
        """Median size of the visible characters."""
        sizes = [c.size for c in self.chars if c.size and c.text.strip()]
        return statistics.median(sizes) if sizes else 0.0


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _text_lines(item: Any) -> Iterator[Any]:
    """pdfminer's text lines anywhere under a layout item (boxes, figures)."""
    from pdfminer.layout import LTTextLine

    for child in item:
        if isinstance(child, LTTextLine):
            yield child
        elif hasattr(child, "__iter__"):
            yield from _text_lines(child)


def _to_line(page: int, obj: Any) -> _Line:
    from pdfminer.layout import LTChar

    chars = [
        _Char(c.get_text(), c.size, c.y0) if isinstance(c, LTChar) else _Char(c.get_text(), 0.0, 0.0)
        for c in obj
    ]
    return _Line(page, (obj.x0, obj.y0, obj.x1, obj.y1), chars)


def _join_rows(lines: list[_Line]) -> list[_Line]:
    """Join pieces of one visual row (vertical overlap ≥ half the smaller height, side by side)."""
    rows: list[_Line] = []
    for line in sorted(lines, key=lambda ln: (-(ln.bbox[1] + ln.bbox[3]), ln.bbox[0])):
        x0, y0, x1, y1 = line.bbox
        for row in rows:
            r0, s0, r1, s1 = row.bbox
            same_row = _overlap(y0, y1, s0, s1) >= 0.5 * min(y1 - y0, s1 - s0)
            if same_row and _overlap(x0, x1, r0, r1) <= 0:
                left, right = (row, line) if r0 <= x0 else (line, row)
                row.chars = [*left.chars, _Char(" ", 0.0, 0.0), *right.chars]
                row.bbox = (min(x0, r0), min(y0, s0), max(x1, r1), max(y1, s1))
                break
        else:
            rows.append(_Line(line.page, line.bbox, list(line.chars)))
    rows = [row for row in rows if row.text.strip()]
    return sorted(rows, key=lambda ln: (-ln.bbox[1], ln.bbox[0]))


def _page_transform(page: Any) -> tuple[float, float, float, float, float, float]:
    """The matrix pdfminer applies to user space, so annotation rects land in layout coordinates."""
    x0, y0, x1, y1 = page.mediabox
    return {
        90: (0, -1, 1, 0, -y0, x1),
        180: (-1, 0, 0, -1, x1, y1),
        270: (0, 1, -1, 0, y1, -x0),
    }.get(page.rotate, (1, 0, 0, 1, -x0, -y0))


def _name(obj: Any) -> str:
    name = getattr(obj, "name", obj)
    return name.decode("latin-1") if isinstance(name, bytes) else str(name)


def _decode_uri(uri: Any) -> str:
    if isinstance(uri, str):
        return uri
    if not isinstance(uri, bytes):
        return ""
    if uri[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return uri.decode("utf-16", "replace")
    try:
        return uri.decode("utf-8")
    except UnicodeDecodeError:
        return uri.decode("latin-1")


def _uri_links(page: Any) -> list[tuple[Rect, str]]:
    """(rect in layout coordinates, URI) of the page's /Link annotations with a /URI action."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import apply_matrix_pt

    matrix = _page_transform(page)
    out: list[tuple[Rect, str]] = []
    annots = resolve1(page.annots)
    for annot in annots if isinstance(annots, list) else []:
        annot = resolve1(annot)
        if not isinstance(annot, dict) or _name(resolve1(annot.get("Subtype"))) != "Link":
            continue
        action = resolve1(annot.get("A"))
        if not isinstance(action, dict) or _name(resolve1(action.get("S"))) != "URI":
            continue
        uri = _decode_uri(resolve1(action.get("URI")))
        rect = [resolve1(v) for v in resolve1(annot.get("Rect")) or ()]
        if not uri or len(rect) != 4 or not all(isinstance(v, int | float) for v in rect):
            continue
        (ax, ay) = apply_matrix_pt(matrix, (rect[0], rect[1]))
        (bx, by) = apply_matrix_pt(matrix, (rect[2], rect[3]))
        out.append(((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)), uri))
    return out


def _extract(data: bytes) -> tuple[list[_Line], list[tuple[int, Rect, str]]]:
    """All lines (page by page, in reading order) and the link annotations as (page, rect, uri)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    manager = PDFResourceManager()
    # all_texts: some producers put the whole page in a form XObject, which pdfminer calls a figure.
    device = PDFPageAggregator(manager, laparams=LAParams(all_texts=True))
    interpreter = PDFPageInterpreter(manager, device)
    lines: list[_Line] = []
    links: list[tuple[int, Rect, str]] = []
    for number, page in enumerate(PDFPage.create_pages(document), 1):
        interpreter.process_page(page)
        layout = device.get_result()
        lines += _join_rows([_to_line(number, obj) for obj in _text_lines(layout)])
        links += [(number, rect, uri) for rect, uri in _uri_links(page)]
    return lines, links


class _InflateLimit(Exception):
    """The PDF's compressed streams inflate past the budget."""


class _BoundedZlib:
    """Stands in for the ``zlib`` module inside pdfminer while one PDF is read: the same calls,
    but all FlateDecode output together may not exceed a budget (pdfminer inflates unbounded)."""

    error = zlib.error

    def __init__(self, budget: int) -> None:
        self.left = budget

    def _take(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise _InflateLimit

    def decompress(self, data: bytes, *args: Any, **kwargs: Any) -> bytes:
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, self.left + 1)
        self._take(len(out))
        return out

    def decompressobj(self, *args: Any, **kwargs: Any) -> Any:
        inflater = zlib.decompressobj(*args, **kwargs)
        outer = self

        class Bounded:
            def decompress(self, data: bytes, max_length: int = 0) -> bytes:
                out = inflater.decompress(
                    data, outer.left + 1 if not max_length else min(max_length, outer.left + 1)
                )
                outer._take(len(out))
                return out

            def flush(self, *a: Any) -> bytes:
                out = inflater.flush(*a)
                outer._take(len(out))
                return out

        return Bounded()


@contextlib.contextmanager
def _bounded_inflate(budget: int) -> Iterator[None]:
    import pdfminer.pdftypes as pdftypes

    # pdfminer calls its module-level ``zlib`` when it inflates a stream; swapping that name for
    # the duration of one read is the one seam it offers to bound decompression.
    original = getattr(pdftypes, "zlib")  # noqa: B009
    setattr(pdftypes, "zlib", _BoundedZlib(budget))  # noqa: B010
    try:
        yield
    finally:
        setattr(pdftypes, "zlib", original)  # noqa: B010


@contextlib.contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """pdfminer logs every oddity of a damaged file; the user gets one InputError instead."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _body_size(lines: list[_Line]) -> float:
    """The character-count-weighted mode of character sizes (to 0.1 pt) in the upper part of each
    page: footnotes sit at the bottom, and on a page heavy with notes they may outnumber the body."""
    pages: dict[int, list[_Line]] = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line)
    upper: list[_Line] = []
    for page in pages.values():
        # Footnotes sit in the lower part of the text block: only lines above 40 % of its height
        # vote (a running header there is one short line against the body's many long ones).
        bottom = min(line.bbox[1] for line in page)
        top = max(line.bbox[3] for line in page)
        floor = bottom + 0.4 * (top - bottom)
        upper += [line for line in page if (line.bbox[1] + line.bbox[3]) / 2 >= floor]
    sizes = Counter(round(c.size, 1) for line in upper for c in line.chars if c.size and c.text.strip())
    return max(sizes.items(), key=lambda item: (item[1], item[0]))[0] if sizes else 0.0


def _running_title(lines: list[_Line], index: list[int], k: int) -> bool:
    """A running header or footer: a short line with the page number at one end, set apart from
    the text next to it by a wider gap than the lines' own spacing."""
    line = lines[k]
    if len(index) < 3 or len(line.text.split()) > 14 or not _RUNNING.fullmatch(line.text):
        return False
    if k == index[0]:
        below, next_below = lines[index[1]], lines[index[2]]
        gap, spacing = line.bbox[1] - below.bbox[3], below.bbox[1] - next_below.bbox[3]
    else:
        above, next_above = lines[index[-2]], lines[index[-3]]
        gap, spacing = above.bbox[1] - line.bbox[3], next_above.bbox[1] - above.bbox[3]
    return gap > 1.5 * max(spacing, 0.0) + 0.5


def _roles(lines: list[_Line]) -> list[LineRole]:
    body = _body_size(lines)
    roles = [LineRole.BODY] * len(lines)
    pages: dict[int, list[int]] = {}
    for k, line in enumerate(lines):
        pages.setdefault(line.page, []).append(k)
    for index in pages.values():
        for k in (index[0], index[-1]):
            if _PAGE_NUMBER.fullmatch(lines[k].text) or _running_title(lines, index, k):
                roles[k] = LineRole.PAGE_NUMBER
        for k in index:
            if _RULE.fullmatch(lines[k].text):
                roles[k] = LineRole.SEPARATOR
        small = {k for k in index if lines[k].size <= NOTE_SIZE_RATIO * body}
        body_lines = [k for k in index if k not in small and roles[k] is LineRole.BODY]
        # With no body-size line at all the page is footnotes run over from the page before.
        floor = min((lines[k].bbox[1] for k in body_lines), default=float("inf"))
        for k in small:
            _, y0, _, y1 = lines[k].bbox
            if roles[k] is LineRole.BODY and (y0 + y1) / 2 < floor:
                roles[k] = LineRole.NOTE
    return roles


def _calls(line: _Line, number: int) -> list[Call]:
    """Superscript digit runs of one body line."""
    size = line.size
    full = [c.y0 for c in line.chars if c.size > SUPERSCRIPT_SIZE_RATIO * size and c.text.strip()]
    baseline = statistics.median(full) if full else 0.0

    def superscript(c: _Char) -> str:
        if c.text in _SUPERSCRIPT_DIGITS:
            return _SUPERSCRIPT_DIGITS[c.text]
        small = c.size <= SUPERSCRIPT_SIZE_RATIO * size
        raised = bool(full) and c.y0 > baseline + RAISED_RATIO * size
        digit = len(c.text) == 1 and c.text in "0123456789"
        return c.text if digit and c.size and (small or raised) else ""

    calls, run = [], ""
    for c in [*line.chars, _Char("", 0.0, 0.0)]:
        digit = superscript(c)
        if digit:
            run += digit
            continue
        if run and len(run) <= 4:
            calls.append(Call(int(run), number))
        run = ""
    return calls


def _line_links(lines: list[_Line], links: list[tuple[int, Rect, str]]) -> tuple[tuple[int, str], ...]:
    """(line number, URI) for each line a link rectangle covers (≥ 30 % of its height)."""
    by_page: dict[int, list[tuple[int, _Line]]] = {}
    for number, line in enumerate(lines, 1):
        by_page.setdefault(line.page, []).append((number, line))
    out: dict[tuple[int, str], None] = {}
    for page, (ax0, ay0, ax1, ay1), uri in links:
        for number, line in by_page.get(page, []):
            x0, y0, x1, y1 = line.bbox
            if _overlap(x0, x1, ax0, ax1) > 0 and _overlap(y0, y1, ay0, ay1) >= 0.3 * (y1 - y0):
                out[(number, uri)] = None
    return tuple(sorted(out, key=lambda pair: pair[0]))


def read(path: str, data: bytes) -> Source:
    """A PDF → its text lines with layout roles, link annotations and superscript calls."""
    if b"%PDF-" not in data[:1024]:
        raise InputError(path, "not a PDF (no %PDF- header)", "pass a PDF, or name the right --input-format")
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psexceptions import PSException

    try:
        with _quiet_pdfminer(), _bounded_inflate(MAX_INFLATED_BYTES):
            lines, links = _extract(data)
    except _InflateLimit:
        raise InputError(
            path,
            f"PDF streams inflate to more than {MAX_INFLATED_BYTES // (1024 * 1024)} MB",
            "this is not a manuscript PDF (or it is a decompression bomb); pass the DOCX/text",
        ) from None
    except PDFPasswordIncorrect:
        raise InputError(
            path, "encrypted PDF (needs a password)", "remove the password or pass the DOCX/text"
        ) from None
    except PDFEncryptionError:
        raise InputError(path, "encrypted PDF (encryption not supported)", _REPAIR) from None
    except PSException:  # PDFSyntaxError, PSEOF and the rest of pdfminer's tree
        raise InputError(path, "not a valid PDF (damaged or truncated)", _REPAIR) from None
    except Exception as exc:  # pdfminer lets plain TypeError, KeyError … out of broken files
        raise InputError(path, f"cannot read the PDF ({type(exc).__name__})", _REPAIR) from None
    if not lines:
        raise InputError(path, "PDF has no text layer (scanned image?)", _NO_TEXT)
    for number, line in enumerate(lines, 1):
        if len(line.text) > MAX_LINE_CHARS:
            raise InputError(path, f"text line is {len(line.text):,} characters long", _REPAIR, line=number)
    roles = _roles(lines)
    calls = [
        call
        for number, (line, role) in enumerate(zip(lines, roles, strict=True), 1)
        if role is LineRole.BODY
        for call in _calls(line, number)
    ]
    return Source(
        path=path,
        format="pdf",
        lines=tuple(line.text for line in lines),
        roles=tuple(roles),
        links=_line_links(lines, links),
        calls=tuple(calls),
    )
