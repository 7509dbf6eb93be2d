"""RIS: the tagged format every reference manager imports (Zotero, EndNote, Mendeley, JabRef), and back.

Choices, where RIS leaves them open or has no tag for what we carry:

- Lines are ``XX  - value`` ending in CRLF, as the RIS specification says (Zotero writes CRLF
  too; every importer we know, and our reader, also takes LF). A blank line separates records.
  Values are one line: whitespace runs, newlines included, fold to one space.
- ``TY``: ``NEWS`` for a news article (BelTA and other agencies; Zotero's newspaper article,
  EndNote's Newspaper Article), ``ELEC`` for other web pages (Zotero's web page), ``BOOK``,
  ``JOUR``, else ``GEN``. A government page is ``ELEC`` with ``M3  - Government website``
  (``M3`` is the type of work: Zotero's website type).
- The original title goes to ``OP``, "original publication", which EndNote uses for the
  original of a translated work. ``TI`` is the title as cited, which is the translation; ``TT``
  ("translated title") would say the opposite.
- ``PY`` is the year; ``DA`` (``YYYY/MM/DD/``) is added when a month is known; ``Y2``, the access
  date, has the same form. Pages ``5-7`` are ``SP``/``EP``; anything else is ``SP`` alone.
- A name is ``Family, Given``, ``Family,`` when there is no given name, or the literal name. A
  literal name that itself contains a comma reads back as family and given (same text).
- What has no tag goes to one ``N1`` note of labelled facts, ``URL incomplete in the
  manuscript: …; Medium: …; Document: …; Footnote: 12; Line: …``, what an editor must act on
  first (one note, not one per fact: Zotero makes every ``N1`` a separate note). Folded values
  never hold two spaces in a row, so a value's own "; " is written ";  " and the facts always
  read back exactly. The user's own note is a separate ``N1`` before it, written ``Note: …``
  only when it could be taken for facts.

The reader takes LF, CRLF or CR, a byte-order mark, one or two spaces before the hyphen and
indented tags; it skips tags it does not use. Problems (a record without ``ER`` at the end of the
file, whose entry is kept; text outside any record; an unreadable date) carry line numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from citations.entry import Entry, Name, unique_keys
from citations.models import Kind

#: RIS reference type of each entry kind; any other kind is ``GEN``.
TYPES: dict[str, str] = {
    Kind.WEB_ARTICLE.value: "NEWS",
    Kind.GOVERNMENT_PAGE.value: "ELEC",
    Kind.WEB_PAGE.value: "ELEC",
    Kind.BOOK.value: "BOOK",
    Kind.ARTICLE.value: "JOUR",
}
_KIND_OF_TYPE = {
    "NEWS": Kind.WEB_ARTICLE.value,
    "ELEC": Kind.WEB_PAGE.value,
    "WEB": Kind.WEB_PAGE.value,
    "BLOG": Kind.WEB_PAGE.value,
    "BOOK": Kind.BOOK.value,
    "EBOOK": Kind.BOOK.value,
    "EDBOOK": Kind.BOOK.value,
    "JOUR": Kind.ARTICLE.value,
    "EJOUR": Kind.ARTICLE.value,
    "JFULL": Kind.ARTICLE.value,
    "MGZN": Kind.ARTICLE.value,
}
GOVERNMENT_WEBSITE = "Government website"
#: Labels of the facts RIS has no tag for, in the order they are written (entry attributes).
_LABELS = (
    ("URL incomplete in the manuscript", "url_incomplete"),
    ("Link checked", "link"),
    ("Archived copy", "archive_url"),
    ("Medium", "medium"),
    ("Original title source", "original_source"),
    ("Original language", "original_language"),
    ("Document", "document"),
    ("Footnote", "footnote"),
    ("Line", "line"),
)
_NOTE_PREFIX = "Note: "
_INT_FIELDS = frozenset({"footnote", "line"})
#: A whole number (ASCII digits: str.isdigit also takes "²", which int() refuses).
_NUMBER_RE = re.compile(r"-?[0-9]+")
_SEPARATOR = "; "
#: Folded values never hold two spaces in a row, so "; " inside a value is written ";  ".
_ESCAPED_SEPARATOR = ";  "
_FACT_SPLIT_RE = re.compile("; (?=(?:" + "|".join(re.escape(label) for label, _ in _LABELS) + "): )")
_FACT_RE = re.compile("(" + "|".join(re.escape(label) for label, _ in _LABELS) + "): (.+)")
_ORDER = {label: (n, attr) for n, (label, attr) in enumerate(_LABELS)}
_TAG_RE = re.compile(r"\s*([A-Z][A-Z0-9]) {1,2}- ?(.*)")
_LINE_SPLIT_RE = re.compile(r"\r\n|\r|\n")
_PAGES_RE = re.compile(r"(\w+)-(\w+)")
_DATE_RE = re.compile(r"(\d{4})(?:[/-](\d{0,2})(?:[/-](\d{0,2}))?)?(?:[/ T].*)?")
#: Tags the reader uses; other tags are skipped silently (RIS files carry many: KW, AB, SN…).
_TITLE_TAGS = ("TI", "T1")
_CONTAINER_TAGS = ("T2", "JF", "JO")
_AUTHOR_TAGS = frozenset({"AU", "A1"})
_MULTILINE_TAGS = frozenset({"N1", "AB"})


def write_ris(entries: Sequence[Entry]) -> str:
    """RIS records of the entries in their order (CRLF lines, a blank line between records).
    Keys that are empty or repeated are made unique, so every ``ID`` is."""
    keys = unique_keys([e.key or f"item{n}" for n, e in enumerate(entries, 1)])
    return "\r\n".join(
        _record(e if e.key == k else replace(e, key=k)) for e, k in zip(entries, keys, strict=True)
    )


def ris_record(entry: Entry) -> list[tuple[str, str]]:
    """The (tag, value) lines of one entry, ``TY`` first and ``ER`` last, values folded."""
    lines: list[tuple[str, str]] = [("TY", TYPES.get(entry.kind, "GEN")), ("ID", _fold(entry.key))]
    lines += [("AU", _ris_name(name)) for name in entry.authors]
    lines += [("TI", _fold(entry.title)), ("OP", _fold(entry.original_title)), ("T2", _fold(entry.container))]
    if entry.issued:
        lines.append(("PY", f"{entry.issued[0]:04d}"))
        if len(entry.issued) > 1:
            lines.append(("DA", _ris_date(entry.issued)))
    if entry.accessed:
        lines.append(("Y2", _ris_date(entry.accessed)))
    lines += [("PB", _fold(entry.publisher)), ("CY", _fold(entry.place))]
    pages = _fold(entry.pages)
    if m := _PAGES_RE.fullmatch(pages):
        lines += [("SP", m.group(1)), ("EP", m.group(2))]
    else:
        lines.append(("SP", pages))
    lines += [("VL", _fold(entry.volume)), ("IS", _fold(entry.issue))]
    lines += [("DO", _fold(entry.doi)), ("SN", _fold(entry.isbn))]
    lines.append(("LA", _fold(entry.language)))
    if entry.kind == Kind.GOVERNMENT_PAGE.value:
        lines.append(("M3", GOVERNMENT_WEBSITE))
    lines.append(("UR", _fold(entry.url)))
    note = _fold(entry.note)
    if note.startswith(_NOTE_PREFIX) or _facts(note) is not None:
        note = _NOTE_PREFIX + note
    lines.append(("N1", note))
    facts = [(label, _fold(str(v))) for label, attr in _LABELS if (v := getattr(entry, attr)) is not None]
    # Escaped after folding: the doubled space is what tells a value's "; " from the separator.
    escaped = [f"{label}: {v.replace(_SEPARATOR, _ESCAPED_SEPARATOR)}" for label, v in facts if v]
    lines.append(("N1", _SEPARATOR.join(escaped)))
    return [(tag, value) for tag, value in lines if value] + [("ER", "")]


def read_ris(text: str, path: str = "<string>") -> tuple[list[Entry], list[tuple[int, str]]]:
    """The entries of a RIS file and the problems found, each as (line, what).

    Never raises on bad data. A record missing its ``ER`` (before the next ``TY`` or the end of
    the file) is a problem but its entry is kept; tags before any ``TY`` start a ``GEN`` record.
    Records without ``ID`` get ``item<n>`` (n: position); repeated ids are made unique.
    ``path`` is accepted like every reader's; problems carry only the line, and the caller
    names the file.
    """
    problems: list[tuple[int, str]] = []
    records: list[_Record] = []
    current: _Record | None = None
    stray = 0  # first line of a run of text outside any record
    for number, raw in enumerate(_LINE_SPLIT_RE.split(text.removeprefix("\ufeff")), 1):
        m = _TAG_RE.fullmatch(raw)
        if m is None:
            if current is not None and current.tags and raw.strip():
                current.continue_with(raw.strip())
            elif raw.strip() and not stray:
                stray = number
            continue
        if stray:
            problems.append((stray, "text outside any record (ignored)"))
            stray = 0
        tag, value = m.group(1), m.group(2).strip()
        if tag == "ER" and current is None:
            problems.append((number, "ER without a record before it (ignored)"))
            continue
        if tag == "TY" or current is None:
            if current is not None:
                problems.append((current.line, f"record has no ER line before the next TY on line {number}"))
                records.append(current)
            current = _Record(number)
            if tag != "TY":
                problems.append((number, f"{tag} before any TY: read as a generic (GEN) record"))
        if tag == "ER":
            records.append(current)
            current = None
        else:
            current.tags.append((tag, value, number))
    if stray:
        problems.append((stray, "text outside any record (ignored)"))
    if current is not None:
        problems.append((current.line, "record has no ER line before the end of the file (kept)"))
        records.append(current)
    found = [(_entry(record, n, problems), record) for n, record in enumerate(records, 1)]
    keys = unique_keys([e.key for e, _ in found])
    out = []
    for (entry, record), key in zip(found, keys, strict=True):
        if key != entry.key:
            if record.first("ID"):
                problems.append(
                    (record.line, f"ID {entry.key!r} is used by more than one record: read as {key!r}")
                )
            entry = replace(entry, key=key)
        out.append(entry)
    problems.sort(key=lambda p: p[0])
    return out, problems


@dataclass
class _Record:
    """The (tag, value, line) lines of one record as read."""

    line: int
    tags: list[tuple[str, str, int]] = field(default_factory=list)

    def continue_with(self, text: str) -> None:
        # Other tools wrap long values (notes, abstracts) onto lines without a tag.
        tag, value, line = self.tags[-1]
        joiner = "\n" if tag in _MULTILINE_TAGS else " "
        self.tags[-1] = (tag, f"{value}{joiner}{text}" if value else text, line)

    def first(self, *names: str) -> tuple[str, int] | None:
        for name in names:
            for tag, value, line in self.tags:
                if tag == name and value:
                    return value, line
        return None


def _record(entry: Entry) -> str:
    return "".join(f"{tag}  - {value}\r\n" for tag, value in ris_record(entry))


def _fold(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _ris_name(name: Name) -> str:
    if name.literal:
        return _fold(name.literal)
    family, given = _fold(name.family or ""), _fold(name.given or "")
    if not given:
        # The comma keeps a lone family name a family name (without it, it reads as literal).
        return f"{family}," if family else ""
    return f"{family}, {given}"


def _ris_date(parts: tuple[int, ...]) -> str:
    year, month, day = (*parts[:3], None, None)[:3]
    return f"{year:04d}/{'' if month is None else f'{month:02d}'}/{'' if day is None else f'{day:02d}'}/"


def _entry(record: _Record, n: int, problems: list[tuple[int, str]]) -> Entry:
    def text(*tags: str) -> str | None:
        found = record.first(*tags)
        return found[0] if found else None

    fields: dict[str, Any] = {attr: None for _, attr in _LABELS}
    notes = []
    for tag, value, _ in record.tags:
        if tag != "N1" or not value:
            continue
        facts = None if value.startswith(_NOTE_PREFIX) else _facts(value)
        if facts is None:
            notes.append(value.removeprefix(_NOTE_PREFIX))
        else:
            fields.update(facts)
    ris_type = (text("TY") or "GEN").upper()
    kind = _KIND_OF_TYPE.get(ris_type, Kind.OTHER.value)
    if kind == Kind.WEB_PAGE.value and (text("M3") or "").casefold() == GOVERNMENT_WEBSITE.casefold():
        kind = Kind.GOVERNMENT_PAGE.value
    start, end = text("SP"), text("EP")
    return Entry(
        key=text("ID") or f"item{n}",
        kind=kind,
        title=text(*_TITLE_TAGS),
        authors=tuple(_name(v) for t, v, _ in record.tags if t in _AUTHOR_TAGS and v),
        original_title=text("OP"),
        language=text("LA"),
        container=text(*_CONTAINER_TAGS),
        publisher=text("PB"),
        place=text("CY"),
        issued=_issued(record, problems),
        accessed=_date(record.first("Y2"), problems),
        url=text("UR"),
        pages=f"{start}-{end}" if start and end else start or end,
        volume=text("VL"),
        issue=text("IS"),
        doi=text("DO"),
        isbn=text("SN"),
        note="\n".join(notes) or None,
        source_line=record.line,
        **fields,
    )


def _facts(text: str) -> dict[str, object] | None:
    """The facts of a note written by :func:`ris_record`, or None when it is not such a note
    (each label once, in the writer's order, whole numbers where they must be)."""
    facts: dict[str, object] = {}
    last = -1
    for piece in _FACT_SPLIT_RE.split(text):
        m = _FACT_RE.fullmatch(piece)
        if m is None:
            return None
        order, attr = _ORDER[m.group(1)]
        value = m.group(2).replace(_ESCAPED_SEPARATOR, _SEPARATOR)
        if order <= last or (attr in _INT_FIELDS and not _NUMBER_RE.fullmatch(value)):
            return None
        last = order
        facts[attr] = int(value) if attr in _INT_FIELDS else value
    return facts


def _name(value: str) -> Name:
    if "," not in value:
        return Name(literal=value)
    family, _, given = value.partition(",")
    return Name(family=family.strip() or None, given=given.strip() or None)


def _issued(record: _Record, problems: list[tuple[int, str]]) -> tuple[int, ...]:
    date = _date(record.first("DA"), problems)
    year = _date(record.first("PY", "Y1"), problems)
    # PY is often the year alone: the fuller date wins.
    return date if len(date) >= len(year) else year


def _date(found: tuple[str, int] | None, problems: list[tuple[int, str]]) -> tuple[int, ...]:
    if found is None:
        return ()
    value, line = found
    m = _DATE_RE.fullmatch(value.strip())
    if m is None:
        problems.append((line, f"date {value!r} is not YYYY/MM/DD/ (ignored)"))
        return ()
    parts = [int(m.group(1))]
    for group in (m.group(2), m.group(3)):
        if not group:
            break
        parts.append(int(group))
    out = parts[:1]
    if len(parts) > 1 and 1 <= parts[1] <= 12:
        out.append(parts[1])
        if len(parts) > 2 and 1 <= parts[2] <= 31:
            out.append(parts[2])
    return tuple(out)
