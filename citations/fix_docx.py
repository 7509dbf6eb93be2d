"""``citations fix`` for DOCX: certain, local edits inside a Word package's notes, nothing else.

Only ``word/footnotes.xml`` and ``word/endnotes.xml`` change (and their relationship parts, for
a hyperlink's address); every other zip member is copied byte for byte — its local header, data
and central record — in the same order, and a changed part keeps its name, compression method,
timestamp and attributes. What is changed in a note:

- ``homoglyph`` (Latin ``C.`` → Cyrillic ``С.``, under the Russian GOST rule of
  :mod:`citations.fix`), ``replacement-char`` (``- �. 5.`` → ``С. 5.``) and ``mixed-script``
  (a word rewritten in one script): only when the characters to change sit in one ``w:t``.
- ``url-malformed``: invisible characters removed from a URL written in one ``w:t``.
- ``link-moved``: the new address written over the URL's text (one ``w:t``) and into the
  ``Target`` of the note's hyperlink relationship that points at the old address.
- dead links, with ``archive_dead``: `` (archived copy: <URL>)`` added after the URL — as a new
  run right after the URL's run, or after its ``w:hyperlink`` (outside the link), with the URL
  run's ``w:rPr``; inside the URL's ``w:t`` when more text follows the URL there.
- ``url-split``: a URL broken by a manual line break (``w:br``/``w:cr``) or by blanks is put back
  together when the break lies in one run, or in adjacent runs of one ``w:hyperlink``; the DOCX
  reader already reads such a URL whole, so this is layout, reported only as a fix.

Everything else is refused with a reason. Each XML part is parsed safely by the reader's own
parser (no DTD, no entities, no network) and scanned again by a small tokenizer that keeps source
offsets; the two readings must agree element for element, or the part is left alone. Edits are
splices of the part's text, XML-escaped, so attribute order, prefixes and formatting stay as
they were. A plan is proved before it is offered: the rewritten package is read again by the
DOCX reader and extracted, and must give the same footnotes, texts and URLs except for the
intended changes, with the fixed finding gone; an edit that breaks this is withdrawn and refused.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import struct
import sys
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from citations import integrity, readers, urls
from citations.detect import rejoin_urls
from citations.errors import InputError, OutputError
from citations.fix import (
    _GENERIC_REASON,
    _INTEGRITY_CODES,
    _INVISIBLE_RE,
    _REASONS,
    _URLISH_RE,
    _WORD_RE,
    ARCHIVE_NOTE,
    Edit,
    FixReport,
    Refusal,
    Splice,
    _check_targets,
    _claim_backup,
    _message,
    _overlap,
    _splice,
    gost_russian,
    link_changes,
    unified_diff,
)
from citations.models import DocumentResult, Finding, Footnote, Reference, Source
from citations.output import write_bytes
from citations.pipeline import extract_source
from citations.readers import docx as docx_reader

#: The parts edited, by note kind (relationship parts follow from them).
NOTE_PARTS = {"footnote": "word/footnotes.xml", "endnote": "word/endnotes.xml"}

SPANS_RUNS = "the text to change spans formatting runs — fix in Word"
_BODY = "only footnotes and endnotes are edited in a DOCX — fix the body text in Word"
_UNMAPPED = "the note's XML could not be mapped exactly — fix in Word"
_FIELD = "the URL is inside a field (a HYPERLINK field code) — change it in Word"

_W = docx_reader._W
_R = docx_reader._R
_PKG_RELS = docx_reader._PKG_RELS
_MC = docx_reader._MC
_XML = "http://www.w3.org/XML/1998/namespace"
_T, _P, _RUN, _LINK, _RPR = (f"{{{_W}}}{n}" for n in ("t", "p", "r", "hyperlink", "rPr"))
_RSTYLE = f"{{{_W}}}rStyle"
_SPACE = f"{{{_XML}}}space"
_RID = f"{{{_R}}}id"
_FALLBACK = f"{{{_MC}}}Fallback"
_RELATIONSHIP = f"{{{_PKG_RELS}}}Relationship"
#: Elements that may sit between two runs of a hyperlink without making them non-adjacent.
_MARKERS = frozenset(
    f"{{{_W}}}{n}" for n in ("proofErr", "bookmarkStart", "bookmarkEnd", "permStart", "permEnd")
)
#: What no XML 1.0 document may hold: a fix that needs one is refused.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


# --- public data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartSplice(Splice):
    """A :class:`~citations.fix.Splice` into one XML part of the package (offsets into its text)."""

    part: str


@dataclass(frozen=True)
class DocxPlan:
    """What :func:`plan` decided: the edits and refusals, the package before and after, and the
    notes' texts as extracted before and after (what the diff shows)."""

    edits: tuple[Edit, ...]
    refusals: tuple[Refusal, ...]
    data: bytes
    fixed: bytes
    before: str
    after: str


def notes_text(source: Source) -> str:
    """The notes of a read DOCX as lines (``footnote 1: text``, ``footnote 1 link: URL``)."""
    return "".join(line + "\n" for fn in source.footnotes or () for line in _note_lines(fn))


def _note_lines(fn: Footnote) -> tuple[str, ...]:
    head = fn.label if fn.label.startswith("endnote ") else f"footnote {fn.printed}"
    return tuple(f"{head}: {frag.text}" for frag in fn.fragments) + tuple(
        f"{head} link: {link}" for link in fn.links
    )


# --- the zip container, rewritten member for member ----------------------------------------------


class _Unsupported(Exception):
    """The package cannot be rewritten member for member (the message says why)."""


_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_EOCD = struct.Struct("<4s4H2LH")
_DESCRIPTOR = b"PK\x07\x08"


@dataclass(frozen=True)
class _Member:
    name: str
    record: bytes  # its central directory record, verbatim
    offset: int
    header: int  # length of its local header
    end: int  # end of its data and data descriptor
    flags: int
    method: int
    signed: bool  # its data descriptor starts with a signature


class _Zip:
    """A zip archive's layout, read from its central directory (no ZIP64, no encryption): enough
    to copy untouched members verbatim and write changed ones in their place."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        at = data.rfind(b"PK\x05\x06", max(0, len(data) - _EOCD.size - 0xFFFF))
        if at < 0 or len(data) - at < _EOCD.size:
            raise _Unsupported("no end of central directory")
        _, disk, cd_disk, here, count, cd_size, cd_offset, comment = _EOCD.unpack_from(data, at)
        if at + _EOCD.size + comment != len(data) or cd_offset + cd_size != at:
            raise _Unsupported("data before, inside or after the archive")
        if disk or cd_disk or here != count or data[max(0, at - 20) : at - 16] == b"PK\x06\x07":
            raise _Unsupported("a ZIP64 or multi-part archive")
        self.eocd = data[at:]
        self.members: list[_Member] = []
        pos = cd_offset
        for _ in range(count):
            if data[pos : pos + 4] != b"PK\x01\x02" or pos + _CENTRAL.size > at:
                raise _Unsupported("a damaged central directory")
            fields = _CENTRAL.unpack_from(data, pos)
            flags, method, csize, usize = fields[5], fields[6], fields[10], fields[11]
            name_len, extra_len, comment_len, offset = fields[12], fields[13], fields[14], fields[18]
            raw_name = data[pos + _CENTRAL.size : pos + _CENTRAL.size + name_len]
            record = data[pos : pos + _CENTRAL.size + name_len + extra_len + comment_len]
            pos += len(record)
            if flags & 1:
                raise _Unsupported("an encrypted member")
            if 0xFFFFFFFF in (csize, usize, offset):
                raise _Unsupported("a ZIP64 member")
            if offset + _LOCAL.size > cd_offset or data[offset : offset + 4] != b"PK\x03\x04":
                raise _Unsupported("a local header that does not match its directory entry")
            local = _LOCAL.unpack_from(data, offset)
            if data[offset + _LOCAL.size : offset + _LOCAL.size + local[10]] != raw_name:
                raise _Unsupported("a local header that does not match its directory entry")
            header = _LOCAL.size + local[10] + local[11]
            end = offset + header + csize
            signed = bool(flags & 8) and data[end : end + 4] == _DESCRIPTOR
            end += (16 if signed else 12) if flags & 8 else 0
            if end > cd_offset:
                raise _Unsupported("a member running into the central directory")
            name = raw_name.decode("utf-8" if flags & 0x800 else "cp437")
            self.members.append(_Member(name, record, offset, header, end, flags, method, signed))
        if pos != at:
            raise _Unsupported("a damaged central directory")
        ordered = sorted(self.members, key=lambda m: m.offset)
        if any(a.end > b.offset for a, b in itertools.pairwise(ordered)):
            raise _Unsupported("overlapping members")
        names = [m.name for m in self.members]
        if len(set(names)) != len(names):
            raise _Unsupported("two members of the same name")
        try:
            listed = [info.filename for info in zipfile.ZipFile(io.BytesIO(data)).infolist()]
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
            raise _Unsupported(str(exc)) from None
        if listed != names:
            raise _Unsupported("member names read differently")
        self.ordered = ordered
        self.start = ordered[0].offset if ordered else cd_offset

    def rebuild(self, changed: dict[str, bytes]) -> bytes:
        """The archive with the members named in ``changed`` replaced by new contents."""
        data = self.data
        out = bytearray(data[: self.start])  # anything before the first member, as it was
        offsets: dict[str, int] = {}
        sums: dict[str, tuple[int, int, int]] = {}
        for m in self.ordered:
            offsets[m.name] = len(out)
            content = changed.get(m.name)
            if content is None:
                out += data[m.offset : m.end]
                continue
            if m.method == zipfile.ZIP_DEFLATED:
                packer = zlib.compressobj(6, zlib.DEFLATED, -15)
                packed = packer.compress(content) + packer.flush()
            elif m.method == zipfile.ZIP_STORED:
                packed = content
            else:
                raise _Unsupported(f"{m.name} is compressed with method {m.method}")
            sums[m.name] = (zlib.crc32(content), len(packed), len(content))
            header = bytearray(data[m.offset : m.offset + m.header])
            if not m.flags & 8 or any(struct.unpack_from("<3L", header, 14)):
                struct.pack_into("<3L", header, 14, *sums[m.name])
            out += header + packed
            if m.flags & 8:
                out += (_DESCRIPTOR if m.signed else b"") + struct.pack("<3L", *sums[m.name])
        directory = len(out)
        for m in self.members:
            record = bytearray(m.record)
            struct.pack_into("<L", record, 42, offsets[m.name])
            if m.name in sums:
                struct.pack_into("<3L", record, 16, *sums[m.name])
            out += record
        end = bytearray(self.eocd)
        struct.pack_into("<2L", end, 12, len(out) - directory, directory)
        out += end
        if len(out) >= 0xFFFFFFFF:
            raise _Unsupported("the archive would need ZIP64")
        return bytes(out)


# --- XML with source offsets ---------------------------------------------------------------------


class _Unmappable(Exception):
    """A part the tokenizer cannot read exactly as the XML parser does."""


_NAME = r"[^\s/<>=\"']+"
_TAG_RE = re.compile(rf"<(/?)({_NAME})((?:\s+{_NAME}\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_ATTR_RE = re.compile(rf"({_NAME})\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF_RE = re.compile(r"&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(lt|gt|amp|quot|apos));|\r\n?")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_ENCODING_RE = re.compile(r"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)")


def _unescape(raw: str, base: int, attribute: bool = False) -> tuple[str, tuple[int, ...]]:
    """XML character data → text, and where each character starts in the source (then the end).

    A line end (CR LF or a lone CR) reads as LF; in an attribute, a literal tab or line end
    reads as a space — as an XML parser reads them."""
    out: list[str] = []
    bounds: list[int] = []

    def literal(start: int, stop: int) -> None:
        for k in range(start, stop):
            ch = raw[k]
            out.append(" " if attribute and ch in "\t\n" else ch)
            bounds.append(base + k)

    at = 0
    for m in _REF_RE.finditer(raw):
        literal(at, m.start())
        hexa, decimal, name = m.groups()
        if name:
            ch = _NAMED[name]
        elif hexa or decimal:
            try:
                ch = chr(int(hexa, 16) if hexa else int(decimal))
            except (ValueError, OverflowError):
                raise _Unmappable from None
        else:
            ch = " " if attribute else "\n"
        out.append(ch)
        bounds.append(base + m.start())
        at = m.end()
    literal(at, len(raw))
    bounds.append(base + len(raw))
    return "".join(out), tuple(bounds)


def _escape(text: str, quote: str = "") -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        entity = "&quot;" if quote == '"' else "&apos;"
        text = text.replace(quote, entity).replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")
    return text


@dataclass(eq=False)
class _El:
    """An element of a scanned part: its name, attributes and where it stands in the text."""

    qname: str  # as written, with its prefix
    tag: str  # {namespace}local, Strict namespaces renamed as the reader renames them
    start: int  # '<' of the start tag
    inner: int  # just after the start tag
    close: int  # '<' of the end tag (``inner`` for an empty element)
    end: int  # just after the end tag
    attrs: dict[str, tuple[str, int, int]]  # name → (value, raw start, raw end inside the quotes)
    parent: _El | None
    children: list[_El] = field(default_factory=list)
    mixed: bool = False  # a comment, CDATA section or processing instruction directly inside

    def get(self, name: str) -> str | None:
        found = self.attrs.get(name)
        return found[0] if found else None

    def iter(self) -> Iterator[_El]:
        yield self
        for child in self.children:
            yield from child.iter()

    def under(self, tag: str) -> bool:
        parent = self.parent
        while parent is not None:
            if parent.tag == tag:
                return True
            parent = parent.parent
        return False

    @property
    def prefix(self) -> str:
        return self.qname.rpartition(":")[0] + ":" if ":" in self.qname else ""


def _resolve(qname: str, scope: dict[str, str], element: bool) -> str:
    prefix, _, local = qname.rpartition(":")
    if not prefix and not element:
        return qname  # an unprefixed attribute has no namespace
    uri = scope.get(prefix)
    if uri is None:
        if prefix:
            raise _Unmappable
        return local
    uri = docx_reader._STRICT.get(uri, uri)
    return f"{{{uri}}}{local}"


def _scan(text: str) -> _El:
    """The element tree of a well-formed part (already accepted by the XML parser), with offsets."""
    stack: list[_El] = []
    scopes: list[dict[str, str]] = [{"xml": _XML}]
    root: _El | None = None
    pos = 0
    while True:
        lt = text.find("<", pos)
        if lt < 0:
            if stack or text[pos:].strip():
                raise _Unmappable
            break
        if not stack and text[pos:lt].strip():
            raise _Unmappable
        special = next(
            (
                (opener, closer)
                for opener, closer in (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>"))
                if text.startswith(opener, lt)
            ),
            None,
        )
        if special:
            end = text.find(special[1], lt + len(special[0]))
            if end < 0:
                raise _Unmappable
            if stack:
                stack[-1].mixed = True
            pos = end + len(special[1])
            continue
        m = _TAG_RE.match(text, lt)
        if m is None or text.startswith("<!", lt):
            raise _Unmappable  # a DOCTYPE, or markup this scanner does not know
        closing, qname, attr_text, empty = m.groups()
        if closing:
            if not stack or stack[-1].qname != qname or attr_text or empty:
                raise _Unmappable
            el = stack.pop()
            scopes.pop()
            el.close, el.end = lt, m.end()
            pos = m.end()
            continue
        if root is not None and not stack:
            raise _Unmappable
        scope = dict(scopes[-1])
        raw_attrs: list[tuple[str, str, int, int]] = []
        base = m.start(3)
        for a in _ATTR_RE.finditer(attr_text):
            group = 2 if a.group(2) is not None else 3
            start, stop = base + a.start(group), base + a.end(group)
            value = _unescape(text[start:stop], start, attribute=True)[0]
            name = a.group(1)
            if name == "xmlns":
                scope[""] = value
            elif name.startswith("xmlns:"):
                scope[name[6:]] = value
            else:
                raw_attrs.append((name, value, start, stop))
        attrs: dict[str, tuple[str, int, int]] = {}
        for name, value, start, stop in raw_attrs:
            key = _resolve(name, scope, element=False)
            if key in attrs:
                raise _Unmappable
            attrs[key] = (value, start, stop)
        parent = stack[-1] if stack else None
        el = _El(qname, _resolve(qname, scope, element=True), lt, m.end(), m.end(), m.end(), attrs, parent)
        if parent is not None:
            parent.children.append(el)
        root = root or el
        if not empty:
            stack.append(el)
            scopes.append(scope)
        pos = m.end()
    if root is None:
        raise _Unmappable
    return root


def _t_text(el: _El, text: str) -> tuple[str, tuple[int, ...], bool]:
    """A ``w:t``'s text as the reader reads it (``.text``: up to any markup inside), the offsets
    of its characters, and whether it is plain text that may be edited."""
    raw = text[el.inner : el.close]
    cut = raw.find("<")
    value, bounds = _unescape(raw if cut < 0 else raw[:cut], el.inner)
    return value, bounds, cut < 0


def _agrees(mine: _El, theirs: docx_reader.El, text: str) -> bool:
    """The scanned tree and the parser's tree hold the same elements, attributes and texts."""
    parsed = [el for el in theirs.iter() if isinstance(el.tag, str)]
    scanned = list(mine.iter())
    if len(parsed) != len(scanned):
        return False
    for ours, their in zip(scanned, parsed, strict=True):
        if ours.tag != their.tag or {k: v for k, (v, _, _) in ours.attrs.items()} != dict(their.attrib):
            return False
        if ours.tag == _T and _t_text(ours, text)[0] != (their.text or ""):
            return False
    return True


@dataclass(eq=False)
class _Part:
    """One XML part of the package: its text, its scanned tree, and how to encode it back."""

    name: str  # the zip member name as stored
    bom: bytes
    text: str
    root: _El

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode("utf-8")


def _load_part(path: str, pkg: docx_reader._Package, name: str) -> _Part | None:
    """The part ``name`` (None if the package has none); _Unmappable unless the scan is exact."""
    info = pkg.infos.get(name.lower())
    raw = pkg.raw(name)
    if info is None or raw is None:
        return None
    parsed = docx_reader._parse_xml(path, name, raw)
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    try:
        text = raw[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        raise _Unmappable from None  # UTF-16 parts are valid but rare: not edited
    declared = _ENCODING_RE.match(text)
    if declared and declared.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise _Unmappable
    root = _scan(text)
    if not _agrees(root, parsed, text):
        raise _Unmappable
    return _Part(info.filename, bom, text, root)


# --- the notes as text with positions ------------------------------------------------------------


@dataclass(eq=False)
class _Item:
    """What one element adds to a paragraph's text: a ``w:t``'s text, a break, a tab and the like."""

    kind: str  # "t", "br" (w:br, w:cr) or "char"
    el: _El
    text: str
    bounds: tuple[int, ...]  # "t": where each character starts in the part, then where the last ends
    editable: bool
    run: _El | None
    link: _El | None
    field: bool
    start: int = 0  # offset in the paragraph's text


@dataclass(eq=False)
class _Para:
    items: list[_Item]
    links: list[_El]
    text: str = ""
    owner: list[int] = field(default_factory=list)  # item index of each character of ``text``

    def seal(self) -> None:
        parts = []
        at = 0
        for k, item in enumerate(self.items):
            item.start = at
            parts.append(item.text)
            self.owner.extend([k] * len(item.text))
            at += len(item.text)
        self.text = "".join(parts)

    def one_text(self, start: int, end: int) -> _Item | None:
        """The editable ``w:t`` holding all of ``text[start:end]``, if one does."""
        if start >= end or end > len(self.owner):
            return None
        owners = set(self.owner[start:end])
        item = self.items[self.owner[start]]
        return item if len(owners) == 1 and item.kind == "t" and item.editable else None

    def why_not_one(self, start: int, end: int) -> str:
        """Why :meth:`one_text` finds no ``w:t`` for ``text[start:end]``."""
        if len(set(self.owner[start:end])) > 1:
            return SPANS_RUNS
        return "the text sits in a w:t holding a comment or CDATA section — fix in Word"

    def items_in(self, start: int, end: int) -> list[_Item]:
        return [self.items[k] for k in sorted(set(self.owner[start:end]))]


class _Walker:
    """Collects a paragraph's items exactly as the DOCX reader's walk collects its text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.items: list[_Item] = []
        self.links: list[_El] = []
        self.fields = 0  # complex fields open (between fldChar begin and end)

    def walk(self, el: _El, run: _El | None, link: _El | None, simple_field: bool) -> None:
        for child in el.children:
            tag = child.tag
            if tag in docx_reader._SKIP:
                continue
            name = tag[len(_W) + 2 :] if tag.startswith(f"{{{_W}}}") else ""
            in_field = simple_field or self.fields > 0
            if name == "t":
                value, bounds, editable = _t_text(child, self.text)
                self.items.append(_Item("t", child, value, bounds, editable, run, link, in_field))
            elif name in docx_reader._CHARS:
                self.items.append(
                    _Item("char", child, docx_reader._CHARS[name], (), False, run, link, in_field)
                )
            elif name in ("br", "cr"):
                self.items.append(_Item("br", child, "\n", (), False, run, link, in_field))
            elif name in ("footnoteReference", "endnoteReference", "instrText"):
                continue
            elif name == "hyperlink":
                self.links.append(child)
                self.walk(child, run, child, simple_field)
            elif name == "fldSimple":
                self.walk(child, run, link, True)
            elif name == "fldChar":
                kind = child.get(_w("fldCharType"))
                if kind == "begin":
                    self.fields += 1
                elif kind == "end" and self.fields:
                    self.fields -= 1
            else:
                self.walk(child, child if tag == _RUN else run, link, simple_field)


@dataclass(eq=False)
class _Note:
    kind: str
    id: str
    el: _El
    part: _Part
    paras: list[_Para]
    #: Each fragment as the reader gives it: (normalised text, paragraph index, start, end).
    fragments: list[tuple[str, int, int, int]]

    @property
    def text(self) -> str:
        return " ".join(f[0] for f in self.fragments)


def _normalise(text: str) -> str:
    return docx_reader._normalise(text)


def _note(kind: str, note_id: str, el: _El, part: _Part) -> _Note:
    paras: list[_Para] = []
    fragments: list[tuple[str, int, int, int]] = []
    for p in (p for p in el.iter() if p.tag == _P and not p.under(_FALLBACK)):
        walker = _Walker(part.text)
        walker.walk(p, None, None, False)
        para = _Para(walker.items, walker.links)
        para.seal()
        start = 0
        for item in [*para.items, None]:
            if item is None or item.kind == "br":
                stop = item.start if item else len(para.text)
                piece = _normalise(para.text[start:stop])
                if piece:
                    fragments.append((piece, len(paras), start, stop))
                start = stop + 1
        paras.append(para)
    return _Note(kind, note_id, el, part, paras, fragments)


def _same_fragments(note: _Note, fn: Footnote) -> bool:
    """The scanned note reads as the reader read it (a custom mark is cut off its first fragment)."""
    mine = [f[0] for f in note.fragments]
    theirs = [f.text for f in fn.fragments]
    if mine == theirs:
        return True
    return bool(mine and theirs and mine[1:] == theirs[1:] and mine[0].endswith(theirs[0]))


# --- planning ------------------------------------------------------------------------------------


@dataclass
class _Candidate:
    codes: list[str]
    number: int  # the note's number
    line: int
    reason: str
    splices: list[PartSplice]
    changes: list[tuple[str, str]]  # what the note's extracted text must show instead
    key: tuple[int, int, int] | None = None
    moved: tuple[frozenset[str], str] | None = None  # (links to the old address, new address)
    moved_to: str | None = None
    gone: list[Finding] = field(default_factory=list)  # findings that must not be found again
    whole: str | None = None  # a URL that must be written whole in one fragment after

    def ordered(self) -> tuple[PartSplice, ...]:
        return tuple(sorted(self.splices, key=_place))


def plan(path: str, result: DocumentResult, *, archive_dead: bool = False) -> DocxPlan:
    """The certain edits for the DOCX ``path`` (whose extraction is ``result``), the refusals,
    and the package with the edits applied. A package the DOCX reader cannot read raises its
    :class:`~citations.errors.InputError`."""
    if path == "-":
        raise InputError("<stdin>", "standard input cannot be fixed", "pass the document's path")
    return _Planner(path, readers.load(path), result, archive_dead).run()


def apply(data: bytes, edits: Sequence[Edit]) -> bytes:
    """The package ``data`` (as :func:`plan` read it) with ``edits`` applied.

    Raises ValueError if an edit does not fit (the package changed, or two edits overlap)."""
    pkg = docx_reader._Package("<docx>", data)
    try:
        layout = _Zip(data)
    except _Unsupported as exc:
        raise ValueError(f"the package cannot be rewritten ({exc})") from None
    by_part: dict[str, list[PartSplice]] = {}
    for edit in edits:
        for s in edit.splices:
            if not isinstance(s, PartSplice):
                raise ValueError("not a DOCX edit")
            by_part.setdefault(s.part, []).append(s)
    changed: dict[str, bytes] = {}
    for name, splices in sorted(by_part.items()):
        raw = pkg.raw(name)
        if raw is None:
            raise ValueError(f"the package has no part {name}")
        bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
        changed[name] = bom + _splice(raw[len(bom) :].decode("utf-8"), splices).encode("utf-8")
    return layout.rebuild(changed) if changed else data


class _Planner:
    def __init__(self, path: str, data: bytes, result: DocumentResult, archive_dead: bool) -> None:
        self.path = path
        self.data = data
        self.result = result
        self.archive_dead = archive_dead
        self.source = docx_reader.read(path, data)  # the reader's InputError for a bad package
        self.baseline = extract_source(self.source)
        self.refusals: list[Refusal] = []
        self.candidates: list[_Candidate] = []
        self.problem = ""
        self.parts: dict[str, _Part] = {}
        self.notes: dict[int, list[_Note | None]] = {}  # None: a note that could not be mapped
        self.fns: dict[int, list[Footnote]] = {}
        for fn in self.source.footnotes or ():
            self.fns.setdefault(fn.number, []).append(fn)
        if [_key(r) for r in result.references] != [_key(r) for r in self.baseline.references]:
            self.problem = "the document is not the one that was checked (read it again) — run fix again"
            return
        try:
            self.layout = _Zip(data)
        except _Unsupported as exc:
            self.problem = f"the package cannot be rewritten member for member ({exc}) — fix in Word"
            return
        self.map_notes()

    def map_notes(self) -> None:
        pkg = docx_reader._Package(self.path, self.data)
        numbers = _numbers(pkg)
        for kind, name in NOTE_PARTS.items():
            try:
                part = _load_part(self.path, pkg, name)
                rels = _load_part(self.path, pkg, _rels_name(name))
            except _Unmappable:
                part = rels = None
                for (k, _), unmapped in numbers.items():
                    if k == kind:
                        self.notes.setdefault(unmapped, []).append(None)
                continue
            if part is None:
                continue
            self.parts[name] = part
            if rels is not None:
                self.parts[_rels_name(name)] = rels
            seen: dict[str, _El | None] = {}
            for el in part.root.iter():
                if (
                    el.tag == _w(kind)
                    and (el.get(_w("type")) or "normal") not in docx_reader._SKIPPED_NOTE_TYPES
                ):
                    note_id = el.get(_w("id")) or ""
                    seen[note_id] = None if note_id in seen else el  # a repeated id: which one is read?
            for note_id, note_el in seen.items():
                number = numbers.get((kind, note_id))
                if number is None:
                    continue
                mapped: _Note | None = _note(kind, note_id, note_el, part) if note_el is not None else None
                fns = self.fns.get(number, [])
                if mapped is not None and (len(fns) != 1 or not _same_fragments(mapped, fns[0])):
                    mapped = None
                self.notes.setdefault(number, []).append(mapped)

    def note(self, number: int | None) -> tuple[_Note | None, str]:
        """The mapped note numbered ``number``, or why there is none."""
        if number is None:
            return None, _BODY
        found = self.notes.get(number, [])
        if len(found) != 1:
            why = (
                "two notes share this number (custom marks)"
                if found
                else "the note is not in the notes parts"
            )
            return None, f"{why} — fix in Word"
        return (found[0], "") if found[0] is not None else (None, _UNMAPPED)

    def refuse(self, f: Finding, reason: str) -> None:
        self.refusals.append(Refusal(f.code, f.line, f.footnote, reason))

    def run(self) -> DocxPlan:
        before = notes_text(self.source)
        if self.problem:
            for f in self.result.findings:
                if (
                    f.suggestion
                    or f.code in _REASONS
                    or f.code in _INTEGRITY_CODES
                    or f.code.startswith("link-")
                ):
                    self.refuse(f, _REASONS.get(f.code, self.problem))
            return DocxPlan(
                (), tuple(sorted(self.refusals, key=_order)), self.data, self.data, before, before
            )
        for ref in self.result.references:
            self.reference(ref)
        for f in self.result.findings:
            if f.code in ("url-malformed",) or f.code.startswith("link-"):
                continue  # decided with their reference
            if f.code in _INTEGRITY_CODES:
                self.integrity(f)
            elif f.code in _REASONS:
                self.refuse(f, _REASONS[f.code])
            elif f.suggestion and f.code != "url-split":
                self.refuse(f, _GENERIC_REASON)
        handled: set[int | None] = {c.number for c in self.candidates if "url-split" in c.codes}
        handled |= {r.footnote for r in self.refusals if r.code == "url-split"}
        for f in self.result.findings:
            if f.code == "url-split" and f.footnote not in handled:
                self.refuse(f, "the URL's pieces cannot be located exactly — rejoin it in Word")
        accepted = self.without_overlaps()
        prover = _Prover(self)
        accepted = prover.prove(accepted, self.refusals)
        fixed, after = prover.final(accepted)
        old = {fn.number: _note_lines(fn) for fn in self.source.footnotes or ()}
        new = {fn.number: _note_lines(fn) for fn in after.footnotes or ()}
        edits = tuple(
            Edit(
                tuple(c.codes),
                c.line,
                c.line,
                old.get(c.number, ()),
                new.get(c.number, ()),
                c.reason,
                c.number,
                c.ordered(),
            )
            for c in sorted(accepted, key=lambda c: (c.number, c.line, min(map(_place, c.splices))))
        )
        refusals = tuple(sorted(self.refusals, key=_order))
        return DocxPlan(edits, refusals, self.data, fixed, before, notes_text(after))

    def without_overlaps(self) -> list[_Candidate]:
        kept: list[_Candidate] = []
        taken: list[tuple[str, int, int]] = []
        for cand in sorted(self.candidates, key=lambda c: min(map(_place, c.splices))):
            spans = [(s.part, s.start, s.end) for s in cand.splices]
            if any(p == q and _overlap((a, b), (c, d)) for p, a, b in spans for q, c, d in taken):
                why = "overlaps another fix in the same place — run fix again"
                self.refusals.extend(Refusal(code, cand.line, cand.number, why) for code in cand.codes)
                continue
            kept.append(cand)
            taken.extend(spans)
        return kept

    # -- splices ----------------------------------------------------------------------------------
    def text_splices(self, item: _Item, changes: Sequence[tuple[int, int, str]]) -> list[PartSplice]:
        """Splices changing ``item``'s text (``(start, end, new)`` in its characters), escaped;
        ``xml:space="preserve"`` added when the new text starts or ends with a blank."""
        part = self.part_of(item.el)
        out = []
        text = item.text
        for start, end, new in sorted(changes, reverse=True):
            text = text[:start] + new + text[end:]
        for start, end, new in changes:
            a, b = item.bounds[start], item.bounds[end]
            out.append(PartSplice(a, b, part.text[a:b], _escape(new), part.name))
        if text != text.strip(" \t\n\r") and item.el.get(_SPACE) != "preserve":
            # Word drops a w:t's leading and trailing blanks unless told to keep them
            if _SPACE in item.el.attrs:
                _, a, b = item.el.attrs[_SPACE]
                out.append(PartSplice(a, b, part.text[a:b], "preserve", part.name))
            else:
                at = item.el.inner - 1  # the '>' of the start tag (a w:t with text is never empty)
                out.append(PartSplice(at, at, "", ' xml:space="preserve"', part.name))
        return out

    def part_of(self, el: _El) -> _Part:
        root = el
        while root.parent is not None:
            root = root.parent
        return next(p for p in self.parts.values() if p.root is root)

    def add(self, cand: _Candidate) -> None:
        for s in cand.splices:
            if _NOT_XML.search(s.new):
                why = "the fix holds characters XML cannot hold — fix by hand"
                self.refusals.extend(Refusal(code, cand.line, cand.number, why) for code in cand.codes)
                return
        self.candidates.append(cand)

    # -- integrity --------------------------------------------------------------------------------
    def integrity(self, f: Finding) -> None:
        note, why = self.note(f.footnote)
        if note is None:
            self.refuse(f, why)
            return
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
            self.one_letter(
                f, note, "C" + s[1:], r"[-–—]\s\Z", "Latin 'C.' → Cyrillic 'С.' (the page abbreviation)"
            )
        elif f.code == "replacement-char":
            if not s or not s.startswith("С"):
                self.refuse(
                    f, "the lost character cannot be known from its context — restore it from the source"
                )
                return
            if self.one_letter(
                f, note, "\ufffd" + s[1:], r"[-–—]\s*\Z", "U+FFFD → 'С' (the page abbreviation 'С.')"
            ):
                others = note.text.count("\ufffd") - 1
                if others:
                    self.refuse(
                        f, f"{others} other lost character(s) in this note cannot be known — restore them"
                    )
        else:
            self.mixed(f, note)

    def one_letter(self, f: Finding, note: _Note, old: str, before: str, reason: str) -> bool:
        """Replace the first letter of ``old`` (written once in the note, after ``before`` or at
        the start of a line) by the suggestion's, when ``old``'s first two characters share a ``w:t``."""
        s = f.suggestion or ""
        hits = []
        for para in note.paras:
            masked = [(m.start(), m.end()) for m in _URLISH_RE.finditer(para.text)]
            for m in re.finditer(re.escape(old), para.text):
                prefix = para.text[: m.start()]
                if any(_overlap((m.start(), m.end()), span) for span in masked):
                    continue
                if re.search(r"(?:\A|\n)[ \t]*\Z", prefix) or re.search(before, prefix):
                    hits.append((para, m.start()))
        if len(hits) != 1:
            what = "the Latin 'C.'" if old.startswith("C") else "the lost page abbreviation"
            self.refuse(f, f"{what} cannot be located exactly once in the note — fix by hand")
            return False
        para, at = hits[0]
        item = para.one_text(at, at + 2)
        if item is None:
            self.refuse(f, para.why_not_one(at, at + 2))
            return False
        offset = at - item.start
        splices = self.text_splices(item, [(offset, offset + 1, s[0])])
        assert f.footnote is not None
        self.add(_Candidate([f.code], f.footnote, f.line, reason, splices, [(old, s)], gone=[f]))
        return True

    def mixed(self, f: Finding, note: _Note) -> None:
        s = f.suggestion
        found = []
        for para in note.paras:
            masked = [(m.start(), m.end()) for m in _URLISH_RE.finditer(para.text)]
            for m in _WORD_RE.finditer(para.text):
                if (
                    s
                    and m.group() != s
                    and len(m.group()) == len(s)
                    and not any(_overlap((m.start(), m.end()), span) for span in masked)
                    and any(
                        g.code == f.code and g.suggestion == s
                        for g in integrity.check_line(f.line, m.group())
                    )
                ):
                    found.append((para, m))
        if not s or not found:
            self.refuse(f, "the mixed-script word cannot be located in the note — fix by hand")
            return
        by_item: dict[int, tuple[_Item, list[tuple[int, int, str]]]] = {}
        for para, m in found:
            item = para.one_text(m.start(), m.end())
            if item is None:
                self.refuse(f, para.why_not_one(m.start(), m.end()))
                return
            by_item.setdefault(id(item), (item, []))[1].append(
                (m.start() - item.start, m.end() - item.start, s)
            )
        splices = [sp for item, changes in by_item.values() for sp in self.text_splices(item, changes)]
        changes = [(m.group(), s) for _, m in found]
        assert f.footnote is not None
        reason = f"{found[0][1].group()!r} → {s!r} (one script)"
        self.add(_Candidate([f.code], f.footnote, f.line, reason, splices, changes, gone=[f]))

    # -- URLs -------------------------------------------------------------------------------------
    def reference(self, ref: Reference) -> None:
        """The URL fixes of one reference: its breaks rejoined; or its text cleaned, replaced by
        a permanent redirect's address (with the hyperlink's target), or followed by an
        archived copy."""
        malformed = [f for f in ref.findings if f.code == "url-malformed"]
        moved_to, archive, link_finding = link_changes(ref, self.archive_dead, self.refuse)
        wanted = [*malformed, *([link_finding] if link_finding and (moved_to or archive) else [])]
        if not ref.url:
            return
        note, why = self.note(ref.n)
        if note is None:
            for f in wanted:
                self.refuse(f, why)
            if self.broken(ref):
                self.refusals.append(Refusal("url-split", ref.span.first, ref.n, why))
            return
        gaps, why = self.gaps(ref, note)
        if gaps is not None or why:
            rejoined = gaps is not None and self.rejoin(ref, *gaps)
            if gaps is None:
                self.refusals.append(Refusal("url-split", ref.span.first, ref.n, why))
            reason = (
                "the URL is broken in the note; it is rejoined first — run fix again for this"
                if rejoined
                else "the URL is broken across lines or runs — fix it in Word"
            )
            for f in wanted:
                self.refuse(f, reason)
            return
        if wanted:
            self.rewrite(ref, note, malformed, link_finding, moved_to, archive)

    def broken(self, ref: Reference) -> bool:
        fns = self.fns.get(ref.n, [])
        return len(fns) == 1 and bool(rejoin_urls(fns[0]).url_joins)

    def gaps(
        self, ref: Reference, note: _Note
    ) -> tuple[tuple[_Para, list[tuple[int, int]], int, int, str] | None, str]:
        """Where ``ref``'s URL is broken in the note: (paragraph, gaps in its text, the URL's
        start and end there, the URL written whole); or None and why it cannot be rejoined
        ('' when the URL is not broken)."""
        fns = self.fns.get(ref.n, [])
        joins = sorted(rejoin_urls(fns[0]).url_joins) if len(fns) == 1 else []
        candidates: list[tuple[_Para, list[tuple[int, int]]]] = []
        for k in joins:  # a line break the reader read through
            if k >= len(note.fragments) or k == 0:
                return None, _UNMAPPED
            _, p1, _, e1 = note.fragments[k - 1]
            _, p2, s2, _ = note.fragments[k]
            if p1 != p2:
                return None, "the URL is broken across paragraphs — rejoin it in Word"
            para = note.paras[p1]
            a = len(para.text[:e1].rstrip(" \t\n\r"))
            b = s2 + len(para.text[s2:]) - len(para.text[s2:].lstrip(" \t\n\r"))
            middle = len(note.fragments[k - 1][0].split()) == 1  # a piece with nothing else on its line
            if k - 1 in joins and middle and candidates and candidates[-1][0] is para:
                candidates[-1][1].append((a, b))  # the same URL, broken once more
            else:
                candidates.append((para, [(a, b)]))
        for para in note.paras:  # blanks inside a hyperlink's text that the link proves are debris
            for el in para.links:
                items = [i for i in para.items if i.link is el]
                if not items:
                    continue
                start, end = items[0].start, items[-1].start + len(items[-1].text)
                shown = para.text[start:end]
                target = self.target(el)
                core = shown.strip(" \t\n\r")
                spaces = list(re.finditer(r"[ \t\n\r]+", core))
                if target and spaces and re.sub(r"[ \t\n\r]+", "", core) == target:
                    lead = start + len(shown) - len(shown.lstrip(" \t\n\r"))
                    candidates.append((para, [(lead + m.start(), lead + m.end()) for m in spaces]))
        for para, spans in candidates:
            found = self.joined(para, spans, ref)
            if found:
                return (para, spans, *found), ""
        if joins and len([r for r in self.result.references if r.n == ref.n]) == 1:
            return None, "the URL's pieces cannot be located exactly — rejoin it in Word"
        return None, ""

    def joined(
        self, para: _Para, spans: list[tuple[int, int]], ref: Reference
    ) -> tuple[int, int, str] | None:
        """The URL start and end in ``para.text`` and the URL, when removing ``spans`` writes
        ``ref``'s URL whole across every one of them."""
        kept: list[str] = []
        where: list[int] = []
        at = 0
        for a, b in sorted(spans):
            kept.append(para.text[at:a])
            where.extend(range(at, a))
            at = b
        kept.append(para.text[at:])
        where.extend(range(at, len(para.text)))
        text = "".join(kept)
        joints = []
        removed = 0
        for a, b in sorted(spans):
            joints.append(a - removed)
            removed += b - a
        for s, e, u in urls.find_urls(text):
            if urls.clean(u) == ref.url and all(s < j < e for j in joints):
                return where[s], where[e - 1] + 1, u
        return None

    def rejoin(
        self, ref: Reference, para: _Para, spans: list[tuple[int, int]], start: int, end: int, url: str
    ) -> bool:
        """Remove the breaks and blanks inside the URL, when they lie in one run or in adjacent
        runs of one hyperlink (False, and refused, otherwise)."""
        line, n = ref.span.first, ref.n
        by_item: dict[int, tuple[_Item, list[tuple[int, int, str]]]] = {}
        removals: list[_Item] = []
        for a, b in spans:
            involved = para.items_in(a - 1, b + 1)
            if not self.together(involved):
                self.refusals.append(
                    Refusal("url-split", line, n, "the URL's pieces sit in separate runs — rejoin it in Word")
                )
                return False
            for item in para.items_in(a, b):
                if item.kind == "br" and (item.el.get(_w("type")) or "textWrapping") == "textWrapping":
                    removals.append(item)
                elif item.kind == "t" and item.editable:
                    lo, hi = max(a, item.start) - item.start, min(b, item.start + len(item.text)) - item.start
                    by_item.setdefault(id(item), (item, []))[1].append((lo, hi, ""))
                else:
                    self.refusals.append(
                        Refusal(
                            "url-split",
                            line,
                            n,
                            "not only a line break or blanks (a page break, a tab, a comment) breaks the URL — rejoin it in Word",
                        )
                    )
                    return False
        splices = [sp for item, changes in by_item.values() for sp in self.text_splices(item, changes)]
        for item in removals:
            part = self.part_of(item.el)
            splices.append(
                PartSplice(item.el.start, item.el.end, part.text[item.el.start : item.el.end], "", part.name)
            )
        old = " ".join(para.text[start:end].split())
        reason = "URL broken by a line break or blanks rejoined"
        self.add(
            _Candidate(["url-split"], n, line, reason, splices, [(old, url)], key=_key(ref), whole=ref.url)
        )
        return True

    @staticmethod
    def together(items: list[_Item]) -> bool:
        """Items in one run, or in adjacent runs of one hyperlink."""
        runs = list(dict.fromkeys(i.run for i in items))
        if any(r is None for r in runs):
            return False
        if len(runs) == 1:
            return True
        links = {id(i.link) for i in items}
        if len(links) != 1 or items[0].link is None:
            return False
        for a, b in itertools.pairwise(runs):
            assert a is not None and b is not None
            parent = a.parent
            if parent is None or b.parent is not parent:
                return False
            siblings = parent.children
            between = siblings[siblings.index(a) + 1 : siblings.index(b)]
            if siblings.index(b) < siblings.index(a) or any(el.tag not in _MARKERS for el in between):
                return False
        return True

    def target(self, el: _El) -> str | None:
        """The external address a ``w:hyperlink`` points at (None: none, or with an anchor)."""
        rel = self.relationship(el)
        if rel is None or el.get(_w("anchor")):
            return None
        return rel.get("Target")

    def relationship(self, el: _El) -> _El | None:
        rid = el.get(_RID)
        part = self.part_of(el)
        rels = self.parts.get(_rels_name(part.name))
        if not rid or rels is None:
            return None
        found = [r for r in rels.root.iter() if r.tag == _RELATIONSHIP and r.get("Id") == rid]
        if len(found) != 1 or (found[0].get("TargetMode") or "").lower() != "external":
            return None
        return found[0]

    def rewrite(
        self,
        ref: Reference,
        note: _Note,
        malformed: list[Finding],
        link_finding: Finding | None,
        moved_to: str | None,
        archive: str | None,
    ) -> None:
        """Clean the URL's text, write a moved link's new address (text and hyperlink target),
        or add the archived copy after it."""
        line, n = ref.span.first, ref.n
        shown = [
            (para, s, e, u)
            for para in note.paras
            for s, e, u in urls.find_urls(para.text)
            if urls.clean(u) == ref.url
        ]
        links = [
            el
            for para in note.paras
            for el in para.links
            if self.target(el) and urls.clean(self.target(el) or "") == ref.url
        ]
        wanted = [*malformed, *([link_finding] if link_finding and (moved_to or archive) else [])]
        if (moved_to or archive) and link_finding:
            why = self.ambiguous(ref, archive or moved_to or "")
            if why:
                self.refuse(link_finding, why)
                wanted.remove(link_finding)
                moved_to = archive = None
        if not wanted:
            return
        if len(shown) > 1 or (not shown and not (moved_to and links)):
            what = f"is written {len(shown)} times" if shown else "is not written as such"
            for f in wanted:
                self.refuse(f, f"the URL {what} in the note — edit by hand")
            return
        item = shown[0][0].one_text(shown[0][1], shown[0][2]) if shown else None
        if shown and (item is None or item.field):
            for f in wanted:
                self.refuse(
                    f, _FIELD if item is not None else shown[0][0].why_not_one(shown[0][1], shown[0][2])
                )
            return
        written = shown[0][3] if shown else ""
        cleaned = urls.clean(written) if written else ref.url or ""
        new_url: str = cleaned
        codes: list[str] = []
        reasons: list[str] = []
        splices: list[PartSplice] = []
        moved = None
        if cleaned != written and shown:
            codes.append("url-malformed")
            reasons.append("invisible or look-alike characters removed from the URL")
        if moved_to and link_finding:
            why = self.movable(ref, note, links)
            if why:
                self.refuse(link_finding, why)
                moved_to = None
            else:
                new_url = moved_to
                codes.append(link_finding.code)
                reasons.append(f"permanently moved: cited as {moved_to}")
                moved = (frozenset(self.target(el) or "" for el in links), moved_to)
                for rel in {id(r): r for el in links if (r := self.relationship(el)) is not None}.values():
                    _, a, b = rel.attrs["Target"]
                    part = self.part_of(rel)
                    quote = part.text[a - 1]
                    splices.append(PartSplice(a, b, part.text[a:b], _escape(moved_to, quote), part.name))
        gone: list[Finding] = []
        if not moved_to:  # a new address makes the old one's defects moot
            resolved = {_INVISIBLE_RE.sub("", written), cleaned} if cleaned != written else set()
            for f in malformed:
                if f.suggestion in resolved:
                    gone.append(f)
                else:
                    self.refuse(f, f"not a certain repair ({_message(f)}) — edit by hand if it is right")
        note_text = ""
        link = ref.link
        if archive and link and link_finding and item is not None:
            placed = self.archive_splices(item, shown[0][0], shown[0][2], archive)
            if isinstance(placed, str):
                self.refuse(link_finding, placed)
            else:
                splices.extend(placed)
                note_text = ARCHIVE_NOTE.format(url=archive)
                codes.append(link_finding.code)
                when = f", checked {link.checked_at[:10]}" if link.checked_at else ""
                reasons.append(f"dead link ({link.outcome.value}{when}): archived copy added after the URL")
        if not codes:
            return
        changes = []
        if item is not None:
            s, e = shown[0][1], shown[0][2]
            if new_url != written:
                splices.extend(self.text_splices(item, [(s - item.start, e - item.start, new_url)]))
            if new_url != written or note_text:
                changes.append((written, new_url + note_text))
        if not splices:
            return
        cand = _Candidate(codes, n, line, "; ".join(reasons), splices, changes, key=_key(ref), moved=moved)
        cand.moved_to = moved_to
        cand.gone = gone
        self.add(cand)

    def ambiguous(self, ref: Reference, new: str) -> str:
        """Why ``ref``'s URL may not be replaced or annotated ('' when it may)."""
        same_refs = sum(1 for r in self.result.references if r.url == ref.url)
        texts = [*self.source.lines, *(f.text for fn in self.source.footnotes or () for f in fn.fragments)]
        tokens = sum(1 for text in texts for _, _, u in urls.find_urls(text) if urls.clean(u) == ref.url)
        linked = sum(
            1 for fn in self.source.footnotes or () if any(urls.clean(k) == ref.url for k in fn.links)
        )
        count = max(same_refs, tokens, linked)
        if count > 1:
            return (
                f"the URL appears {count} times in the document; which to change is ambiguous — edit by hand"
            )
        if any(c.isspace() for c in new) or "<" in new or ">" in new or _NOT_XML.search(new):
            return "the new address holds characters that cannot stand in a URL — edit by hand"
        return ""

    def movable(self, ref: Reference, note: _Note, links: list[_El]) -> str:
        """Why the note's hyperlinks to ``ref``'s URL cannot follow it to the new address."""
        fns = self.fns.get(ref.n, [])
        if not links and fns and any(urls.clean(k) == ref.url for k in fns[0].links):
            return _FIELD
        for el in links:
            rid = el.get(_RID)
            users = [x for x in self.part_of(el).root.iter() if x.get(_RID) == rid]
            if any(x not in links for x in users):
                return "the hyperlink's relationship is shared with other links — change it in Word"
        return ""

    def archive_splices(self, item: _Item, para: _Para, end: int, archive: str) -> list[PartSplice] | str:
        """Where the archive note goes: a new run after the URL's run (or after its hyperlink),
        or inside the URL's ``w:t`` when more text follows the URL there; or why nowhere."""
        note = ARCHIVE_NOTE.format(url=archive)
        offset = end - item.start
        run = item.run
        if item.link is not None:
            rest = [i for i in para.items if i.link is item.link and i.start >= end]
            if para.text[end : max((i.start + len(i.text) for i in rest), default=end)].strip(" \t\n\r"):
                return "the URL does not end its hyperlink's text — add the archived copy in Word"
            after = item.link
        elif offset < len(item.text) or run is None or run.children[-1] is not item.el:
            return self.text_splices(item, [(offset, offset, note)])
        else:
            after = run
        if run is None:
            return "the URL is not in a run — add the archived copy in Word"
        part = self.part_of(run)
        props = next((c for c in run.children if c.tag == _RPR), None)
        rpr = ""
        if props is not None:
            rpr = part.text[props.start : props.end]
            if item.link is not None:  # the hyperlink character style would dress the note as a link
                for style in (c for c in props.children if c.tag == _RSTYLE):
                    cut = part.text[style.start : style.end]
                    rpr = rpr.replace(cut, "", 1)
        w = run.prefix
        new = f'<{w}r>{rpr}<{w}t xml:space="preserve">{_escape(note)}</{w}t></{w}r>'
        return [PartSplice(after.end, after.end, "", new, part.name)]


def _rels_name(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels"


def _numbers(pkg: docx_reader._Package) -> dict[tuple[str, str], int]:
    """(kind, id) → the number the reader gives each note (its own numbering code, run again)."""
    doc = pkg.xml("word/document.xml")
    body = doc.find(_w("body")) if doc is not None else None
    if body is None:
        return {}
    refs = [
        docx_reader._Ref(kind, nid, line, mark)
        for line, p in enumerate(docx_reader._paragraphs(body), 1)
        for kind, nid, mark in docx_reader._read(p, {}).refs
    ]
    return docx_reader._number_notes(pkg, refs, docx_reader._deleted_refs(body))[2]


def _place(s: PartSplice) -> tuple[str, int, int]:
    return s.part, s.start, s.end


def _key(ref: Reference) -> tuple[int, int, int]:
    return ref.sequence, ref.n, ref.part


def _order(r: Refusal) -> tuple[int, int, str, str]:
    return r.line, r.footnote or 0, r.code, r.reason


# --- proving a plan ------------------------------------------------------------------------------


class _Prover:
    """Reads the rewritten package again and withdraws edits that change what the notes say."""

    def __init__(self, planner: _Planner) -> None:
        self.planner = planner
        #: The package and its reading from the last check that found nothing wrong, by candidates.
        self.last: tuple[tuple[int, ...], bytes, Source] | None = None

    def build(self, candidates: Sequence[_Candidate]) -> bytes:
        planner = self.planner
        by_part: dict[str, list[PartSplice]] = {}
        for c in candidates:
            for s in c.splices:
                by_part.setdefault(s.part, []).append(s)
        changed = {}
        for name, splices in sorted(by_part.items()):
            part = next(p for p in planner.parts.values() if p.name == name)
            changed[name] = part.encode(_splice(part.text, splices))
        return planner.layout.rebuild(changed)

    def final(self, accepted: Sequence[_Candidate]) -> tuple[bytes, Source]:
        if not accepted:
            return self.planner.data, self.planner.source
        if self.last is None or self.last[0] != tuple(id(c) for c in accepted):
            data = self.build(accepted)
            return data, docx_reader.read(self.planner.path, data)
        return self.last[1], self.last[2]

    def prove(self, candidates: list[_Candidate], refusals: list[Refusal]) -> list[_Candidate]:
        accepted = list(candidates)
        for _ in range(3):
            if not accepted:
                return accepted
            bad = self.failures(accepted)
            if not bad:
                return accepted
            suspects = [c for c in accepted if c.number in bad]
            if None in bad or not suspects:
                suspects = accepted
            # those that fail alone; if none does, they fail only together: all of them go
            guilty = [c for c in suspects if self.failures([c])] if len(suspects) > 1 else suspects
            for c in guilty or suspects:
                self.withdraw(c, refusals)
            accepted = [c for c in accepted if c not in (guilty or suspects)]
        if accepted and self.failures(accepted):
            for c in accepted:
                self.withdraw(c, refusals)
            return []
        return accepted

    @staticmethod
    def withdraw(c: _Candidate, refusals: list[Refusal]) -> None:
        reason = "read again, the fixed document gives different notes or URLs — fix in Word"
        refusals.extend(Refusal(code, c.line, c.number, reason) for code in c.codes)

    def failures(self, candidates: Sequence[_Candidate]) -> set[int | None]:
        """Notes whose reading differs from what the edits promise (None: the package itself)."""
        planner = self.planner
        try:
            data = self.build(candidates)
            source = docx_reader.read(planner.path, data)
        except (InputError, ValueError, _Unsupported):
            return {None}
        before_notes = planner.source.footnotes or ()
        after_notes = source.footnotes or ()
        if source.lines != planner.source.lines or [(f.number, f.label) for f in after_notes] != [
            (f.number, f.label) for f in before_notes
        ]:
            return {None}
        after = extract_source(source)
        old = {_key(r): r for r in planner.baseline.references}
        new = {_key(r): r for r in after.references}
        if after.footnote_count != planner.baseline.footnote_count or old.keys() != new.keys():
            return {None}
        bad: set[int | None] = set()
        mine: dict[int, list[_Candidate]] = {}
        for c in candidates:
            mine.setdefault(c.number, []).append(c)
        for fn, read_again in zip(before_notes, after_notes, strict=True):
            text = " ".join(f.text for f in fn.fragments)
            links = list(fn.links)
            for c in mine.get(fn.number, []):
                for was, now in c.changes:
                    if was not in text:
                        bad.add(fn.number)
                    text = text.replace(was, now, 1)
                if c.moved:
                    links = [c.moved[1] if k in c.moved[0] else k for k in links]
            if " ".join(f.text for f in read_again.fragments) != text or list(read_again.links) != list(
                dict.fromkeys(links)
            ):
                bad.add(fn.number)
        moved = {c.key: c.moved_to for c in candidates if c.moved_to}
        for key, ref in old.items():
            got = new[key]
            want = urls.clean(moved[key]) if key in moved else ref.url
            if got.url != want or (key not in moved and got.url_complete != ref.url_complete):
                bad.add(ref.n)
        found = {(f.code, f.footnote, f.suggestion) for f in after.findings}
        by_number = {fn.number: fn for fn in after_notes}
        for c in candidates:
            if any((f.code, f.footnote, f.suggestion) in found for f in c.gone):
                bad.add(c.number)
            note = by_number.get(c.number)
            written = [u for f in (note.fragments if note else ()) for _, _, u in urls.find_urls(f.text)]
            if c.whole and c.whole not in map(urls.clean, written):
                bad.add(c.number)
        if not bad:
            self.last = (tuple(id(c) for c in candidates), data, source)
        return bad


# --- writing -------------------------------------------------------------------------------------


def fix_docx(
    path: str,
    result: DocumentResult,
    *,
    output: str | None,
    in_place: bool,
    dry_run: bool,
    archive_dead: bool = False,
) -> FixReport:
    """Plan and apply the certain fixes to the DOCX ``path``, as :func:`citations.fix.fix_file`
    does for text: ``dry_run`` writes nothing; otherwise the fixed package goes to ``output``
    (``-``: standard output) atomically, or with ``in_place`` replaces the document atomically
    after its original bytes are saved as a backup (``.orig``, else ``~``; never overwritten).
    The diff is of the notes' texts as extracted before and after, not of the XML."""
    if path == "-":
        raise InputError("<stdin>", "standard input cannot be fixed", "pass the document's path")
    if not dry_run:
        _check_targets(path, output, in_place)
    done = plan(path, result, archive_dead=archive_dead)
    diff = unified_diff(path, done.before, done.after)
    report = FixReport(path, done.edits, done.refusals, diff, None, None, dry_run)
    if dry_run:
        return report
    if in_place:
        if not done.edits:
            return report
        target = Path(os.path.realpath(path))
        backup = _claim_backup(path, target, done.data)
        try:
            write_bytes(target, done.fixed, expect=done.data)
        except BaseException:
            Path(backup).unlink(missing_ok=True)  # the document is unchanged: the copy is not needed
            raise
        return replace(report, written=path, backup=backup)
    assert output is not None  # _check_targets demands one
    if output == "-":
        try:
            sys.stdout.buffer.write(done.fixed)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(
                f"cannot write to standard output ({exc.strerror})", "check where it goes"
            ) from None
    else:
        write_bytes(Path(output), done.fixed)
    return replace(report, written=output)
