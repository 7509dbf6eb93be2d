"""DOCX: footnotes and endnotes read straight from the Office Open XML package.

python-docx does not expose notes, so the zip is read by hand and defensively: each part we
read may unpack to at most :data:`MAX_PART_BYTES` (checked on the declared size and again while
reading), all parts together to at most :data:`MAX_TOTAL_BYTES`, and XML is parsed without DTDs,
entity expansion or network access (a part that declares a DTD is refused: Office XML never has one).

Numbering follows what Word prints: footnotes are numbered 1..F by the order of their first
``w:footnoteReference`` in the body; footnotes present in ``footnotes.xml`` but never referenced
come after them (with a ``footnote-unreferenced`` warning). Endnotes have their own sequence in
Word, but every note here needs a distinct ``Footnote.number``, so endnote *k* gets number F+k and
the label ``"endnote k"``. A custom reference mark (``w:customMarkFollows``) becomes the label.

Lines: ``Source.lines`` holds one entry per body paragraph (``w:body//w:p``, text boxes included,
line breaks inside a paragraph joined by a space). A note's ``line`` — on every one of its
fragments and on its ``Call`` — is the 1-based number of the body paragraph holding its reference,
so a user can find it; 0 when the note is never referenced. A note's fragments are its paragraphs,
split again at ``w:br``/``w:cr``, whitespace-normalised but otherwise verbatim (soft hyphens stay).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

from citations.errors import InputError
from citations.models import Call, Finding, Footnote, Fragment, Severity, Source

#: Largest unpacked size of one XML part we read (the manuscript text, its notes, relationships).
MAX_PART_BYTES = 50 * 1024 * 1024
#: Largest declared unpacked size of the whole package; more is a zip bomb, not a manuscript.
MAX_TOTAL_BYTES = 200 * 1024 * 1024

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# "Strict" Office XML uses other namespace names for the same vocabulary; we rename them on load.
_STRICT = {
    "http://purl.oclc.org/ooxml/wordprocessingml/main": _W,
    "http://purl.oclc.org/ooxml/officeDocument/relationships": _R,
}

_REPAIR = "re-save the document as .docx in Word or LibreOffice"
_SKIPPED_NOTE_TYPES = {"separator", "continuationSeparator", "continuationNotice"}
# Subtrees whose text is not part of the paragraph: tracked deletions and moves-away, property
# blocks (w:pPr holds tab-stop w:tab elements), and the legacy copy of alternate content.
_SKIP = {f"{{{_W}}}{n}" for n in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "p")} | {f"{{{_MC}}}Fallback"}
_CHARS = {"tab": "\t", "ptab": "\t", "noBreakHyphen": "-", "softHyphen": "\u00ad"}
_FIELD_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_SPACES = re.compile(r"[ \t\r\n]+")

El = Any  # an lxml element; lxml ships no type stubs


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


@dataclass
class _Text:
    """What one paragraph holds: text pieces split at line breaks, links, note references."""

    pieces: list[list[str]] = field(default_factory=lambda: [[]])
    links: list[str] = field(default_factory=list)
    refs: list[list[str]] = field(default_factory=list)  # [kind, id, custom mark]
    fields: list[list[str] | None] = field(default_factory=list)  # open complex fields' codes
    awaiting_mark: list[str] | None = None

    def add(self, text: str) -> None:
        self.pieces[-1].append(text)

    def texts(self) -> list[str]:
        return ["".join(piece) for piece in self.pieces]


@dataclass(frozen=True)
class _Ref:
    kind: str
    id: str
    line: int
    mark: str


class _Package:
    """The zip container, with size limits applied to everything read from it."""

    def __init__(self, path: str, data: bytes) -> None:
        self.path = path
        if data[:4] == b"\xd0\xcf\x11\xe0":
            raise InputError(
                path,
                "not a DOCX but an OLE file (password-protected DOCX or old .doc)",
                "remove the password, or save it as .docx",
            )
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
            raise InputError(path, "not a valid DOCX (zip archive is corrupt)", _REPAIR) from None
        total = sum(info.file_size for info in infos)
        if total > MAX_TOTAL_BYTES:
            raise InputError(
                path,
                f"DOCX unpacks to {total // 2**20} MB, over the {MAX_TOTAL_BYTES // 2**20} MB limit",
                "this is not a plain manuscript (zip bomb?); re-save it without embedded media",
            )
        # Part names in Office packages are case-insensitive.
        self.infos = {info.filename.lower(): info for info in infos}

    def raw(self, name: str) -> bytes | None:
        """A part's bytes, or None when the package has no such part."""
        info = self.infos.get(name.lower())
        if info is None:
            return None
        too_big = InputError(
            self.path,
            f"DOCX part {name} unpacks to more than {MAX_PART_BYTES // 2**20} MB",
            "this is not a plain manuscript (zip bomb?); " + _REPAIR,
        )
        if info.file_size > MAX_PART_BYTES:
            raise too_big
        try:
            with self.zip.open(info) as fh:
                raw = fh.read(MAX_PART_BYTES + 1)  # bounded even if the declared size lies
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
            raise InputError(self.path, f"not a valid DOCX (cannot unpack {name})", _REPAIR) from None
        except RuntimeError:  # zipfile's "File is encrypted, password required"
            raise InputError(self.path, f"DOCX part {name} is encrypted", "remove the password") from None
        if len(raw) > MAX_PART_BYTES:
            raise too_big
        return raw

    def xml(self, name: str) -> El | None:
        """A part parsed as XML (no DTD, no entities, no network), or None when absent."""
        raw = self.raw(name)
        return None if raw is None else _parse_xml(self.path, name, raw)


def _parse_xml(path: str, name: str, raw: bytes) -> El:
    from lxml import etree

    no_dtd = InputError(path, f"DOCX part {name} declares a DTD, which Office XML never does", _REPAIR)
    if b"<!DOCTYPE" in raw[:65536]:
        raise no_dtd  # refused before the parser sees it; the check after parsing covers UTF-16 parts
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(raw, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        lineno = getattr(exc, "lineno", None)
        where = f" at line {lineno}" if lineno else ""
        raise InputError(path, f"DOCX part {name} is not well-formed XML{where}", _REPAIR) from None
    if root is None:
        raise InputError(path, f"DOCX part {name} is empty", _REPAIR)
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise no_dtd
    _to_transitional(root)
    return root


def _to_transitional(root: El) -> None:
    """Rename Strict Office XML namespaces to the Transitional ones the rest of the code uses."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for old, new in _STRICT.items():
            if el.tag.startswith(f"{{{old}}}"):
                el.tag = f"{{{new}}}" + el.tag[len(old) + 2 :]
            for key in [k for k in el.attrib if k.startswith(f"{{{old}}}")]:
                el.attrib[f"{{{new}}}" + key[len(old) + 2 :]] = el.attrib.pop(key)


def _external_targets(pkg: _Package, name: str) -> dict[str, str]:
    """Relationship id → target, for external targets (hyperlinks) of one part."""
    root = pkg.xml(name)
    if root is None:
        return {}
    out: dict[str, str] = {}
    for rel in root.iter(f"{{{_PKG_RELS}}}Relationship"):
        rid, target = rel.get("Id"), rel.get("Target")
        if rid and target and (rel.get("TargetMode") or "").lower() == "external":
            out[rid] = target
    return out


def _field_link(instr: str) -> str | None:
    """The URL of a ``HYPERLINK "url" [\\l "anchor"] [\\o "tip"]`` field code, else None."""
    tokens = [(m.group(1) is not None, m.group(1) or m.group(2) or "") for m in _FIELD_TOKEN.finditer(instr)]
    if not tokens or tokens[0][1].upper() != "HYPERLINK":
        return None
    url = anchor = ""
    k = 1
    while k < len(tokens):
        quoted, token = tokens[k]
        if not quoted and len(token) == 2 and token.startswith("\\"):
            takes_arg = token[1].lower() in "lot"
            if token[1].lower() == "l" and k + 1 < len(tokens):
                anchor = tokens[k + 1][1]
            k += 2 if takes_arg else 1
            continue
        url = url or token
        k += 1
    if not url:
        return None  # \l alone: a link to a bookmark inside the document
    return f"{url}#{anchor}" if anchor else url


def _walk(el: El, out: _Text, rels: dict[str, str]) -> None:
    """Collect the text, links and note references under ``el`` in document order."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue  # comments, processing instructions, skipped subtrees
        name = tag[len(_W) + 2 :] if tag.startswith(f"{{{_W}}}") else ""
        if name == "t":
            if out.awaiting_mark is not None:  # the run text right after the reference is its mark
                out.awaiting_mark[2] = (child.text or "").strip()
                out.awaiting_mark = None
            out.add(child.text or "")
        elif name in _CHARS:
            out.add(_CHARS[name])
        elif name in ("br", "cr"):
            out.pieces.append([])
        elif name in ("footnoteReference", "endnoteReference"):
            ref = [name[:-9], child.get(_w("id")) or "", ""]
            out.refs.append(ref)
            if child.get(_w("customMarkFollows")) in ("1", "true", "on"):
                out.awaiting_mark = ref
        elif name == "hyperlink":
            target = rels.get(child.get(f"{{{_R}}}id") or "")
            if target:
                anchor = child.get(_w("anchor"))
                out.links.append(f"{target}#{anchor}" if anchor else target)
            _walk(child, out, rels)
        elif name == "fldSimple":
            link = _field_link(child.get(_w("instr")) or "")
            if link:
                out.links.append(link)
            _walk(child, out, rels)
        elif name == "fldChar":
            _field_char(child.get(_w("fldCharType")), out)
        elif name == "instrText":
            if out.fields and out.fields[-1] is not None:
                out.fields[-1].append(child.text or "")
        else:
            _walk(child, out, rels)


def _field_char(kind: str | None, out: _Text) -> None:
    """Track complex fields: the code sits between ``begin`` and ``separate`` (or ``end``)."""
    if kind == "begin":
        out.fields.append([])
        return
    if not out.fields:
        return
    code = out.fields[-1]
    if code is not None:  # first separate/end of this field: its code is complete
        link = _field_link("".join(code))
        if link:
            out.links.append(link)
        out.fields[-1] = None
    if kind == "end":
        out.fields.pop()


def _paragraphs(root: El) -> list[El]:
    """All paragraphs under ``root`` in document order, minus legacy fallback copies."""
    fallback = f"{{{_MC}}}Fallback"
    return [p for p in root.iter(_w("p")) if not any(a.tag == fallback for a in p.iterancestors())]


def _read(p: El, rels: dict[str, str]) -> _Text:
    out = _Text()
    _walk(p, out, rels)
    return out


def _normalise(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _notes(pkg: _Package, kind: str) -> tuple[dict[str, El], dict[str, str]]:
    """Real (non-separator) notes of one kind by id, and their part's hyperlink targets."""
    root = pkg.xml(f"word/{kind}s.xml")
    if root is None:
        return {}, {}
    notes = {
        note.get(_w("id")) or "": note
        for note in root.iter(_w(kind))
        if note.get(_w("type"), "normal") not in _SKIPPED_NOTE_TYPES
    }
    return notes, _external_targets(pkg, f"word/_rels/{kind}s.xml.rels")


def _deleted_refs(body: El) -> set[tuple[str, str]]:
    """Notes whose references only sit in tracked deletions are gone, not unreferenced."""
    out: set[tuple[str, str]] = set()
    for gone in (*body.iter(_w("del")), *body.iter(_w("moveFrom"))):
        for ref in (*gone.iter(_w("footnoteReference")), *gone.iter(_w("endnoteReference"))):
            out.add((ref.tag.rsplit("}", 1)[1][:-9], ref.get(_w("id")) or ""))
    return out


def _build_note(note: El, rels: dict[str, str], number: int, ref: _Ref | None, label: str) -> Footnote:
    line = ref.line if ref else 0
    fragments: list[Fragment] = []
    links: list[str] = []
    for p in _paragraphs(note):
        text = _read(p, rels)
        fragments += [Fragment(line, t) for t in map(_normalise, text.texts()) if t]
        links += text.links
    if ref and ref.mark and fragments and fragments[0].text.startswith(ref.mark):
        # A custom mark is typed into the note text itself; it is carried by the label instead.
        rest = fragments[0].text[len(ref.mark) :].strip()
        fragments = ([Fragment(line, rest)] if rest else []) + fragments[1:]
    return Footnote(number=number, fragments=tuple(fragments), label=label, links=tuple(dict.fromkeys(links)))


def read(path: str, data: bytes) -> Source:
    """A DOCX file → body paragraphs as lines, plus its footnotes, endnotes and their calls."""
    pkg = _Package(path, data)
    doc = pkg.xml("word/document.xml")
    if doc is None:
        raise InputError(
            path,
            "not a Word document (word/document.xml is missing)",
            "if this is .odt, .xlsx or .pptx, save it as .docx first",
        )
    body = doc.find(_w("body"))
    if body is None:
        raise InputError(path, "word/document.xml has no body", _REPAIR)
    doc_rels = _external_targets(pkg, "word/_rels/document.xml.rels")
    paragraphs = [_read(p, doc_rels) for p in _paragraphs(body)]
    lines = tuple(" ".join(text.texts()) for text in paragraphs)
    refs = [
        _Ref(kind, nid, line, mark)
        for line, text in enumerate(paragraphs, 1)
        for kind, nid, mark in text.refs
    ]
    footnotes, findings, numbers = _number_notes(pkg, refs, _deleted_refs(body))
    calls = tuple(Call(numbers[(r.kind, r.id)], r.line) for r in refs)
    return Source(
        path=path,
        format="docx",
        lines=lines,
        footnotes=tuple(footnotes),
        calls=calls,
        findings=tuple(findings),
    )


def _number_notes(
    pkg: _Package, refs: list[_Ref], deleted: set[tuple[str, str]]
) -> tuple[list[Footnote], list[Finding], dict[tuple[str, str], int]]:
    """Footnotes then endnotes, numbered by first reference, unreferenced ones last in each kind.

    As in Word, a note with a custom mark (``*``) takes no number from the sequence: it is
    numbered 0 and labelled with its mark, and the next automatic note gets the next number.
    """
    footnotes: list[Footnote] = []
    findings: list[Finding] = []
    numbers: dict[tuple[str, str], int] = {}
    counter = 0
    for kind in ("footnote", "endnote"):
        notes, rels = _notes(pkg, kind)
        kind_refs = [r for r in refs if r.kind == kind]
        order = list(dict.fromkeys(r.id for r in kind_refs))
        unreferenced = [nid for nid in notes if nid not in order and (kind, nid) not in deleted]
        first = {r.id: r for r in reversed(kind_refs)}
        k = 0
        for nid in order + unreferenced:
            ref = first.get(nid)
            if ref and ref.mark:
                number, label = 0, ref.mark
            else:
                counter += 1
                k += 1
                number, label = counter, (f"endnote {k}" if kind == "endnote" else "")
            numbers[(kind, nid)] = number
            if nid in notes:
                footnotes.append(_build_note(notes[nid], rels, number, ref, label))
            if ref is None:
                findings.append(
                    Finding(
                        code="footnote-unreferenced",
                        severity=Severity.WARNING,
                        message=f"{kind} {number} (id {nid} in {kind}s.xml) is never referenced in the text",
                        line=0,
                        footnote=number,
                    )
                )
    return footnotes, findings, numbers
