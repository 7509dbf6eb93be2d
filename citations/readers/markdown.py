"""Markdown with pandoc / CommonMark-extension footnotes.

Definitions ``[^label]: text`` (continued by indented or lazy lines), calls ``[^label]`` and
pandoc inline notes ``^[text]``. Footnotes are numbered as pandoc renders them: by first call,
inline notes counting at their position, uncalled definitions last.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from citations.models import Call, Finding, Footnote, Fragment, Severity, Source
from citations.readers.text import decode, split_lines

_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]{1,200})\]:[ \t]*(.*)$")
#: A reference-style link definition: ``[id]: https://… "title"`` (not a footnote's ``[^id]:``).
_LINK_DEFINITION = re.compile(
    r"^ {0,3}\[(?!\^)([^\]\n]{1,200})\]:[ \t]*<?([^\s<>]+)>?(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$"
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_CALL = re.compile(r"\[\^([^\]\s]{1,200})\]")  # bounded: a label is short, and "[^[^[^…" stays linear
_TICKS = re.compile(r"`+")

# Link-like spans whose characters must survive untouched; first match wins, left to right.
_PROTECTED = re.compile(
    r"""(?P<code>(?<!`)(?P<ticks>`+)(?!`)(?P<codetext>(?:(?!\n[ \t]*\n).){1,2000}?)(?<!`)(?P=ticks)(?!`))
    | <(?P<auto>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>
    | (?P<image>!?)\[(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]
      \([ \t]*<?(?P<url>[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)>?
      (?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'))?[ \t]*\)
    | (?P<refimage>!?)\[(?P<reftext>(?:[^\[\]\\]|\\.){1,500})\]\[(?P<refid>[^\]\n]{0,200})\]
    | (?P<bare>(?:https?|ftp)://[^\s<>\]]+|www\.[^\s<>\]]+)
    | \\(?P<escape>[!-/:-@\[-`{-~])
    | (?P<hardbreak>\\(?=\n))""",
    re.X | re.S,
)
#: ``[id]`` alone, a shortcut reference link (only when ``id`` is defined: "[Электронный ресурс]"
#: is a medium designation, not a link).
_SHORTCUT = re.compile(r"\[([^\[\]\n]{1,200})\](?![\[(:])")
# Emphasis may cross a line break but never a blank line (a paragraph break inside a note); its
# length is bounded so that many unpaired markers cannot make the search quadratic.
_SPAN = r"((?:(?!\n[ \t]*\n).){1,300}?)"
_STAR = re.compile(r"(?<!\*)(\*{1,3})(?=[^\s*])" + _SPAN + r"(?<=[^\s*])\1(?!\*)", re.S)
_UNDERSCORE = re.compile(r"(?<![\w_])(_{1,3})(?=[^\s_])" + _SPAN + r"(?<=[^\s_])\1(?![\w_])", re.S)


@dataclass
class _Definition:
    label: str
    line: int
    pieces: list[tuple[int, str]] = field(default_factory=list)


def read(path: str, data: bytes, encoding: str | None = None) -> Source:
    """Read a Markdown manuscript: its lines, footnotes, calls and footnote findings."""
    lines = split_lines(path, decode(path, data, encoding))
    definitions, body, findings, targets = _blocks(lines)
    footnotes, calls, more = _number(lines, definitions, body, targets)
    return Source(
        path=path,
        format="markdown",
        lines=lines,
        footnotes=tuple(sorted(footnotes, key=lambda f: f.number)),
        calls=tuple(calls),
        findings=tuple(sorted(findings + more, key=lambda f: f.line)),
    )


# --- block structure ------------------------------------------------------------------------


def _indented(line: str) -> bool:
    """At least four columns of indentation (a tab counts as reaching the next stop of four)."""
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" ")) >= 4


def _blocks(lines: tuple[str, ...]) -> tuple[list[_Definition], list[bool], list[Finding], dict[str, str]]:
    """Split lines into footnote definitions and body; fenced code and reference-style link
    definitions (collected as label → target) are neither."""
    definitions: dict[str, _Definition] = {}
    targets: dict[str, str] = {}
    findings: list[Finding] = []
    body = [False] * len(lines)
    fence: tuple[str, int] | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if fence is not None:
            if re.match(rf"^ {{0,3}}{re.escape(fence[0])}{{{fence[1]},}}[ \t]*$", line):
                fence = None
        elif (m := _FENCE.match(line)) and not (m[1][0] == "`" and "`" in m[2]):
            fence = (m[1][0], len(m[1]))
        elif m := _DEFINITION.match(line):
            definition, i = _definition(lines, i, m)
            if definition.label in definitions:
                # pandoc warns and keeps the last definition
                findings.append(
                    Finding(
                        "footnote-duplicate",
                        Severity.WARNING,
                        f"footnote [^{definition.label}] is defined twice; the later definition is used",
                        definition.line,
                    )
                )
                del definitions[definition.label]
            definitions[definition.label] = definition
            continue
        elif m := _LINK_DEFINITION.match(line):
            targets.setdefault(_normal_label(m[1]), m[2])  # CommonMark: the first definition wins
        else:
            body[i] = True
        i += 1
    return list(definitions.values()), body, findings, targets


def _normal_label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _definition(lines: tuple[str, ...], start: int, m: re.Match[str]) -> tuple[_Definition, int]:
    """A definition from ``start``; returns it and the index of the first line after it.

    Like pandoc: lines up to a blank line belong to it (indented or lazy), and after blank lines
    it goes on only where the next line is indented.
    """
    definition = _Definition(m[1], start + 1, [(start + 1, m[2])])
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            nxt = i
            while nxt < len(lines) and not lines[nxt].strip():
                nxt += 1
            if nxt == len(lines) or not _indented(lines[nxt]):
                break
            i = nxt
            continue
        if _DEFINITION.match(line):
            break
        definition.pieces.append((i + 1, line.strip()))
        i += 1
    return definition, i


# --- body: calls and inline notes -----------------------------------------------------------


@dataclass
class _Event:
    line: int
    label: str | None = None  # a call to a definition
    pieces: list[tuple[int, str]] = field(default_factory=list)  # an inline note


def _paragraphs(lines: tuple[str, ...], body: list[bool]) -> list[tuple[int, list[str]]]:
    """Runs of consecutive non-blank body lines as (first line number, lines)."""
    runs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        if body[i] and line.strip():
            if not current:
                runs.append((i + 1, current))
            current.append(line)
        else:
            current = []
    return runs


class _Code:
    """The backtick runs of a paragraph, so a code span's end is found without rescanning."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.runs: dict[int, list[int]] = {}
        for m in _TICKS.finditer(text):
            self.runs.setdefault(len(m[0]), []).append(m.start())

    def skip(self, i: int) -> int:
        """Index after the code span opening at ``i``, or after the backtick run if it never closes."""
        m = _TICKS.match(self.text, i)
        assert m is not None
        length = m.end() - i
        starts = self.runs.get(length, [])
        k = bisect.bisect_left(starts, m.end())
        return starts[k] + length if k < len(starts) else m.end()


def _brackets(text: str, code: _Code) -> dict[int, int]:
    """Offset of each ``[`` → offset of its ``]``, outside code spans and escapes (one pass)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            i = code.skip(i)
            continue
        if c == "[":
            stack.append(i)
        elif c == "]" and stack:
            pairs[stack.pop()] = i
        i += 1
    return pairs


def _scan(first: int, lines: list[str]) -> list[_Event]:
    """Calls and inline notes of one paragraph, in order, skipping code spans and escapes."""
    text = "\n".join(lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def line_of(offset: int) -> int:
        return first + bisect.bisect_right(starts, offset) - 1

    code = _Code(text)
    pairs = _brackets(text, code)
    events: list[_Event] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
        elif c == "`":
            i = code.skip(i)
        elif text.startswith("^[", i) and (end := pairs.get(i + 1, -1)) > 0:
            event = _Event(line_of(i))
            offset = i + 2
            for piece in text[i + 2 : end].split("\n"):
                event.pieces.append((line_of(offset), piece))
                offset += len(piece) + 1
            events.append(event)
            i = end + 1
        elif c == "[" and (m := _CALL.match(text, i)):
            events.append(_Event(line_of(i), label=m[1]))
            i = m.end()
        else:
            i += 1
    return events


# --- numbering ------------------------------------------------------------------------------


def _number(
    lines: tuple[str, ...], definitions: list[_Definition], body: list[bool], targets: dict[str, str]
) -> tuple[list[Footnote], list[Call], list[Finding]]:
    """Number footnotes the way pandoc renders them and pair calls with them."""
    by_label = {d.label: d for d in definitions}
    numbers: dict[str, int] = {}
    footnotes: list[Footnote] = []
    calls: list[Call] = []
    findings: list[Finding] = []
    for first, paragraph in _paragraphs(lines, body):
        for event in _scan(first, paragraph):
            if event.label is None:
                footnotes.append(_footnote(len(footnotes) + 1, "", event.pieces, targets))
                calls.append(Call(len(footnotes), event.line))
            elif event.label in by_label:
                if event.label not in numbers:
                    numbers[event.label] = len(footnotes) + 1
                    footnotes.append(
                        _footnote(len(footnotes) + 1, event.label, by_label[event.label].pieces, targets)
                    )
                calls.append(Call(numbers[event.label], event.line))
            else:
                # pandoc prints an undefined [^x] literally, so it gets no number and no Call
                message = f"footnote [^{event.label}] is called but never defined"
                findings.append(Finding("footnote-missing", Severity.ERROR, message, event.line))
    for definition in definitions:
        if definition.label not in numbers:
            number = len(footnotes) + 1
            footnotes.append(_footnote(number, definition.label, definition.pieces, targets))
            message = f"footnote [^{definition.label}] is defined but never called"
            findings.append(
                Finding("footnote-unreferenced", Severity.WARNING, message, definition.line, footnote=number)
            )
    return footnotes, calls, findings


def _footnote(number: int, label: str, pieces: list[tuple[int, str]], targets: dict[str, str]) -> Footnote:
    """A footnote from its raw (line, text) pieces, converted to plain text."""
    text, links = plain("\n".join(text for _, text in pieces), targets)
    fragments = tuple(
        Fragment(line, converted.strip())
        for (line, _), converted in zip(pieces, text.split("\n"), strict=True)
        if converted.strip()
    )
    return Footnote(number=number, fragments=fragments, label=label, links=tuple(links))


# --- inline markup → plain text -------------------------------------------------------------


def _sentinel(text: str) -> str:
    """A private-use character absent from ``text``, to mark protected spans."""
    return next(chr(c) for c in range(0xE000, 0x10FFFF) if chr(c) not in text)


def plain(text: str, targets: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """Markdown inline markup → plain text (same number of lines) and the link targets.

    ``[t](u)`` becomes ``t (u)`` (just ``u`` when ``t`` is ``u``), and so do the reference forms
    ``[t][id]``, ``[t][]`` and ``[id]`` whose ``id`` is defined in ``targets``; ``<u>`` becomes
    ``u``, code spans lose their backticks, escapes their backslash, and emphasis markers that
    wrap words are dropped. URLs and code are set aside first, so their ``_`` and ``*`` are
    never touched.
    """
    targets = targets or {}
    mark = _sentinel(text)
    kept: list[str] = []
    links: list[str] = []

    def keep(s: str) -> str:
        kept.append(s)
        return f"{mark}{len(kept) - 1}{mark}"

    def protect(m: re.Match[str]) -> str:
        if m["code"]:
            return keep(m["codetext"].strip(" ") or m["codetext"])
        if m["auto"]:
            links.append(m["auto"])
            return keep(m["auto"])
        if m["bare"]:
            return keep(m["bare"])
        if m["escape"]:
            return keep(m["escape"])
        if m["hardbreak"]:
            return ""
        if m["reftext"] is not None:
            shown = m["reftext"]
            url = targets.get(_normal_label(m["refid"] or shown), "")
            if not url:
                return m.group()  # an undefined reference is plain text, as in CommonMark
            return link(shown, url, image=bool(m["refimage"]))
        return link(m["text"], m["url"], image=bool(m["image"]))

    def link(shown: str, url: str, *, image: bool) -> str:
        label = _PROTECTED.sub(protect, shown)
        if image:
            return label  # an image's alt text, not a link
        if not url:
            return label
        links.append(url)
        return keep(url) if shown.strip() == url else f"{label} ({keep(url)})"

    def shortcut(m: re.Match[str]) -> str:
        url = targets.get(_normal_label(m[1]))
        return link(m[1], url, image=False) if url else m.group()

    out = _PROTECTED.sub(protect, text)
    if targets:
        out = _SHORTCUT.sub(shortcut, out)
    for pattern in (_STAR, _UNDERSCORE, _STAR):  # emphasis nests at most three deep
        out = pattern.sub(r"\2", out)
    out = re.sub(f"{mark}(\\d+){mark}", lambda m: kept[int(m[1])], out)
    return out, links
