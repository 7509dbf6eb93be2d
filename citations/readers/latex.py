"""LaTeX: ``\\footnote``, ``\\endnote``, ``\\footnotemark`` / ``\\footnotetext`` pairs.

A small tokenizer (comments, ``\\verb``, verbatim environments and raw ``\\url`` / ``\\href``
targets handled as TeX would read them) feeds a scanner that numbers footnotes like LaTeX's
footnote counter, and a converter that turns each footnote's markup into plain text per line.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from citations.models import Call, Finding, Footnote, Fragment, Severity, Source
from citations.readers.text import decode, split_lines

_NOTE_COMMANDS = frozenset({"footnote", "endnote", "footnotetext"})
_VERBATIM_ENVIRONMENTS = ("verbatim", "Verbatim", "lstlisting", "minted", "comment")
_URL_ESCAPES = "%#&_{}~$\\"
_MAX_URL = 2048
_MAX_OPTION = 256  # tokens; an optional argument is a number or a short key, never a paragraph

#: Commands that stand for a character or a space.
_SYMBOLS = {
    "&": "&",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    ",": " ",
    " ": " ",
    "\n": " ",
    ";": " ",
    ":": " ",
    "\\": " ",
    "quad": " ",
    "qquad": " ",
    "enspace": " ",
    "thinspace": " ",
    "newline": " ",
    "linebreak": " ",
    "par": " ",
    "guillemotleft": "«",
    "guillemotright": "»",
    "guillemetleft": "«",
    "guillemetright": "»",
    "flqq": "«",
    "frqq": "»",
    "og": "« ",
    "fg": " »",
    "glqq": "„",
    "grqq": "“",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textendash": "–",
    "textemdash": "—",
    "dots": "…",
    "ldots": "…",
    "textellipsis": "…",
    "No": "№",
    "textnumero": "№",
    "S": "§",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textunderscore": "_",
    "textpercent": "%",
    "oe": "œ",
    "OE": "Œ",
    "ae": "æ",
    "AE": "Æ",
    "o": "ø",
    "O": "Ø",
    "ss": "ß",
    "i": "ı",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
}
#: Accent commands → the combining character they put on the next letter.
_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    '"': "\u0308",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "c": "\u0327",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "k": "\u0328",
    "r": "\u030a",
}
#: Commands whose (last) argument is not text: dropped with it.
_DROP_ARGUMENT = frozenset(
    {"label", "index", "hspace", "vspace", "phantom", "hphantom", "vphantom", "ref", "pageref"}
)
#: ``\\foreignlanguage{lang}{text}`` and kin: the first argument is dropped, the second kept.
_DROP_FIRST = frozenset({"foreignlanguage", "textcolor", "colorbox", "textlang"})
_CITE = re.compile(r"[a-z]*cite[a-z]*", re.I)
_TEXT_RUN = re.compile(r"[^\\{}%\n \t\[\]]+")
_CONTROL = re.compile(r"\\([A-Za-z]+\*?|.?)", re.S)
_VERBATIM_BEGIN = re.compile(r"[ \t]*\{(" + "|".join(_VERBATIM_ENVIRONMENTS) + r")\*?\}")
_BARE_URL = re.compile(r"(?:https?|ftp)://\S+|www\.\S+")
_LIGATURES = (("---", "—"), ("--", "–"), ("<<", "«"), (">>", "»"), ("``", "“"), ("''", "”"), ("~", " "))


class _Token(NamedTuple):
    kind: str  # cmd, text, space, par, open, close, url, href, verb
    value: str
    line: int


# --- tokenizer ------------------------------------------------------------------------------


def _raw_group(text: str, i: int) -> int:
    """Index after the ``}`` closing the raw ``\\url`` group whose ``{`` is at ``i``, or -1.

    A URL holds no control word and is never longer than ``_MAX_URL``: meeting either means
    the brace is unclosed, and stopping there keeps many unclosed ``\\url{`` linear."""
    depth = 0
    stop = min(len(text), i + _MAX_URL)
    while i < stop:
        c = text[i]
        if c == "\\":
            if text[i + 1 : i + 2].isalpha():
                return -1
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def _url(raw: str) -> str:
    """A raw ``\\url`` argument as the URL it prints: ``%``, ``_``, ``~`` stay; ``\\%`` → ``%``.

    The url package ignores spaces and line breaks in the argument."""
    raw = re.sub(r"\\([" + re.escape(_URL_ESCAPES) + "])", r"\1", raw)
    return re.sub(r"\s+", "", raw)


def _tokenize(text: str) -> list[_Token]:
    """TeX-like tokens; comments are dropped, verbatim environments skipped."""
    tokens: list[_Token] = []
    line = 1
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "%":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c == "\\":
            i, line = _control(text, i, line, tokens)
        elif c == "{":
            tokens.append(_Token("open", c, line))
            i += 1
        elif c == "}":
            tokens.append(_Token("close", c, line))
            i += 1
        elif c == "\n":
            # a line holding only blanks ends the paragraph (a comment-only line does not)
            j = i + 1
            blank = False
            while True:
                k = j
                while k < n and text[k] in " \t":
                    k += 1
                if k < n and text[k] == "\n":
                    blank, j = True, k + 1
                    continue
                break
            tokens.append(_Token("par" if blank else "space", " ", line))
            line += text.count("\n", i, j) if blank else 1
            i = j if blank else i + 1
        elif c in " \t":
            while i < n and text[i] in " \t":
                i += 1
            tokens.append(_Token("space", " ", line))
        elif c in "[]":
            tokens.append(_Token("text", c, line))
            i += 1
        else:
            m = _TEXT_RUN.match(text, i)
            assert m is not None  # c is none of the characters the pattern excludes
            tokens.append(_Token("text", m[0], line))
            i = m.end()
    return tokens


def _control(text: str, i: int, line: int, tokens: list[_Token]) -> tuple[int, int]:
    """Read the control sequence at ``i``; returns the next index and line."""
    m = _CONTROL.match(text, i)
    assert m is not None
    name = m[1]
    i = m.end()
    if name in ("verb", "verb*") and i < len(text) and text[i] not in " \t\n":
        newline = text.find("\n", i)
        end = text.find(text[i], i + 1, len(text) if newline < 0 else newline)
        if end > 0:
            tokens.append(_Token("verb", text[i + 1 : end], line))
            return end + 1, line
    if name in ("url", "href", "nolinkurl"):
        j = i
        while j < len(text) and text[j] in " \t":
            j += 1
        if j < len(text) and text[j] == "{" and (end := _raw_group(text, j)) > 0:
            tokens.append(_Token("href" if name == "href" else "url", _url(text[j + 1 : end - 1]), line))
            return end, line + text.count("\n", i, end)
    if name == "begin":
        env = _VERBATIM_BEGIN.match(text, i)
        if env:
            close = text.find(f"\\end{{{env[1]}", env.end())
            end = len(text) if close < 0 else close
            return end, line + text.count("\n", i, end)
    tokens.append(_Token("cmd", name.rstrip("*") if len(name) > 1 else name, line))
    return i, line + (name == "\n")


# --- structure helpers ----------------------------------------------------------------------


def _matches(tokens: list[_Token]) -> dict[int, int]:
    """Index of each ``{`` → index of its ``}``; unmatched braces are left out."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for i, token in enumerate(tokens):
        if token.kind == "open":
            stack.append(i)
        elif token.kind == "close" and stack:
            pairs[stack.pop()] = i
    return pairs


def _skip_space(tokens: list[_Token], i: int, end: int) -> int:
    while i < end and tokens[i].kind == "space":
        i += 1
    return i


def _optional(tokens: list[_Token], i: int, end: int) -> tuple[str | None, int]:
    """An optional ``[arg]`` at ``i`` (after blanks): its text and the index after it."""
    j = _skip_space(tokens, i, end)
    if j >= end or tokens[j].kind != "text" or tokens[j].value != "[":
        return None, i
    depth = 0
    for k in range(j + 1, min(end, j + _MAX_OPTION)):
        kind, value, _ = tokens[k]
        if kind == "par":
            break
        depth += (kind == "open") - (kind == "close")
        if depth == 0 and kind == "text" and value == "]":
            return "".join(t.value for t in tokens[j + 1 : k] if t.kind in ("text", "space")).strip(), k + 1
    return None, i


def _group_text(tokens: list[_Token], pairs: dict[int, int], i: int, end: int) -> tuple[str | None, int]:
    """The plain token text of a ``{group}`` at ``i`` (after blanks) and the index after it."""
    j = _skip_space(tokens, i, end)
    if j < end and tokens[j].kind == "open" and pairs.get(j, end) < end:
        close = pairs[j]
        return "".join(t.value for t in tokens[j + 1 : close]).strip(), close + 1
    return None, i


def _document(tokens: list[_Token]) -> tuple[int, int]:
    """Token range of the document body: inside ``\\begin{document}``…``\\end{document}`` if any."""
    start, end = 0, len(tokens)
    for i in range(len(tokens) - 3):
        if (
            tokens[i].kind == "cmd"
            and tokens[i].value in ("begin", "end")
            and [(t.kind, t.value) for t in tokens[i + 1 : i + 4]]
            == [("open", "{"), ("text", "document"), ("close", "}")]
        ):
            if tokens[i].value == "begin" and start == 0:
                start = i + 4
            elif tokens[i].value == "end" and i >= start:
                return start, i
    return start, end


# --- scanner: footnotes, calls and the footnote counter --------------------------------------


def read(path: str, data: bytes, encoding: str | None = None) -> Source:
    """Read a LaTeX manuscript: its raw lines, footnotes, calls and footnote findings."""
    lines = split_lines(path, decode(path, data, encoding))
    tokens = _tokenize("\n".join(lines))
    scanner = _Scanner(tokens)
    footnotes, calls, findings = scanner.run()
    findings += _pairing(footnotes, scanner.note_lines, calls)
    return Source(
        path=path,
        format="latex",
        lines=lines,
        footnotes=tuple(sorted(footnotes, key=lambda f: f.number)),
        calls=tuple(calls),
        findings=tuple(sorted(findings, key=lambda f: f.line)),
    )


class _Scanner:
    """Walks the document body once, simulating LaTeX's footnote counter."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pairs = _matches(tokens)
        self.start, self.end = _document(tokens)
        self.counter = 0
        self.footnotes: list[Footnote] = []
        self.note_lines: list[int] = []  # the line of each footnote's command
        self.calls: list[Call] = []
        self.findings: list[Finding] = []

    def run(self) -> tuple[list[Footnote], list[Call], list[Finding]]:
        i = self.start
        while i < self.end:
            token = self.tokens[i]
            if token.kind != "cmd":
                i += 1
            elif token.value in _NOTE_COMMANDS:
                i = self._note(i)
            elif token.value == "footnotemark":
                explicit, i = self._explicit(i + 1)
                self.calls.append(Call(explicit if explicit is not None else self._step(), token.line))
            elif token.value in ("setcounter", "addtocounter", "stepcounter", "refstepcounter"):
                i = self._counter(i)
            else:
                i += 1
        return self.footnotes, self.calls, self.findings

    def _step(self) -> int:
        self.counter += 1
        return self.counter

    def _explicit(self, i: int) -> tuple[int | None, int]:
        """An explicit ``[num]``; a non-numeric one is ignored, as it names no number."""
        value, after = _optional(self.tokens, i, self.end)
        if value is None:
            return None, i
        return (int(value) if re.fullmatch(r"[0-9]{1,6}", value) else None), after

    def _counter(self, i: int) -> int:
        """``\\setcounter{footnote}{n}`` and kin, used with footnotemark / footnotetext tricks."""
        command = self.tokens[i].value
        name, j = _group_text(self.tokens, self.pairs, i + 1, self.end)
        if name != "footnote":
            return i + 1
        if command.endswith("stepcounter"):
            self.counter += 1
            return j
        value, k = _group_text(self.tokens, self.pairs, j, self.end)
        if value is None or not re.fullmatch(r"[+-]?[0-9]{1,6}", value):
            return i + 1
        self.counter = int(value) + (self.counter if command == "addtocounter" else 0)
        return k

    def _note(self, i: int) -> int:
        """One ``\\footnote``-like command at ``i``; returns the index after its argument."""
        command = self.tokens[i]
        explicit, j = self._explicit(i + 1)
        j = _skip_space(self.tokens, j, self.end)
        if j >= self.end or self.tokens[j].kind != "open":
            return i + 1  # no braced argument: nothing we can read as a note
        close = self.pairs.get(j, self.end)
        after = close + 1
        if close >= self.end:
            close = after = self._paragraph_end(j + 1)
            self.findings.append(
                Finding(
                    "footnote-unclosed",
                    Severity.ERROR,
                    f"\\{command.value}{{ is never closed; read up to the end of its paragraph",
                    command.line,
                    suggestion="add the missing }",
                )
            )
        if command.value == "footnotetext":
            number = explicit if explicit is not None else self.counter
        else:
            number = explicit if explicit is not None else self._step()
            self.calls.append(Call(number, command.line))
        fragments, links = _convert(self.tokens, self.pairs, j + 1, close)
        label = str(explicit) if explicit is not None else ""
        self.footnotes.append(Footnote(number=number, fragments=fragments, label=label, links=links))
        self.note_lines.append(command.line)
        return after

    def _paragraph_end(self, i: int) -> int:
        """Where an unclosed note is taken to end: the paragraph break or the next note."""
        while i < self.end:
            token = self.tokens[i]
            if token.kind == "par" or (token.kind == "cmd" and token.value in _NOTE_COMMANDS):
                return i
            i += 1
        return self.end


def _pairing(footnotes: list[Footnote], lines: list[int], calls: list[Call]) -> list[Finding]:
    """Marks without text and texts without marks (``\\footnote`` always has both)."""
    texts = {f.number for f in footnotes}
    called = {c.number for c in calls}
    findings = [
        Finding("footnote-missing", Severity.ERROR, f"\\footnotemark {c.number} has no text", c.line)
        for c in calls
        if c.number not in texts
    ]
    findings += [
        Finding(
            "footnote-unreferenced",
            Severity.WARNING,
            f"\\footnotetext {f.number} has no \\footnotemark",
            line,
            footnote=f.number,
        )
        for f, line in zip(footnotes, lines, strict=True)
        if f.number not in called
    ]
    return findings


# --- converter: footnote markup → plain text per line ----------------------------------------


class _Text:
    """Plain text collected per source line, with pending accents applied to the next letter."""

    def __init__(self) -> None:
        self.lines: dict[int, list[str]] = {}
        self.accent = ""

    def add(self, line: int, text: str) -> None:
        if self.accent and text.strip():
            text = text.lstrip()
            text = text[0] + self.accent + text[1:]
            self.accent = ""
        self.lines.setdefault(line, []).append(text)

    def fragments(self) -> tuple[Fragment, ...]:
        out = []
        for line in sorted(self.lines):
            text = re.sub(r"[ \t\n]+", " ", unicodedata.normalize("NFC", "".join(self.lines[line]))).strip()
            if text:
                out.append(Fragment(line, text))
        return tuple(out)


def _ligatures(text: str) -> str:
    """TeX input ligatures (``--``, ``<<``, ``~``…), leaving bare URLs in the text untouched."""
    parts = _BARE_URL.split(text)
    urls = _BARE_URL.findall(text)
    out = []
    for k, part in enumerate(parts):
        for source, target in _LIGATURES:
            part = part.replace(source, target)
        out.append(part + (urls[k] if k < len(urls) else ""))
    return "".join(out)


def _convert(
    tokens: list[_Token], pairs: dict[int, int], start: int, end: int
) -> tuple[tuple[Fragment, ...], tuple[str, ...]]:
    """Plain-text fragments and link targets of ``tokens[start:end]``.

    Groups are transparent (their content is read in place), so this is one linear pass;
    commands that must drop or rewrite an argument jump over it.
    """
    out = _Text()
    links: list[str] = []
    i = start
    while i < end:
        kind, value, line = tokens[i]
        i += 1
        if kind == "text":
            out.add(line, _ligatures(value).replace("$", ""))
        elif kind == "space":
            out.add(line, " ")
        elif kind == "verb":
            out.add(line, value)
        elif kind == "url":
            links.append(value)
            out.add(line, value)
        elif kind == "href":
            links.append(value)
            j = _skip_space(tokens, i, end)
            if j >= end or tokens[j].kind != "open":
                out.add(line, value)  # \href without link text prints nothing useful but the URL
        elif kind == "cmd":
            i = _command(tokens, pairs, i, end, value, line, out)
    return out.fragments(), tuple(links)


def _command(
    tokens: list[_Token], pairs: dict[int, int], i: int, end: int, name: str, line: int, out: _Text
) -> int:
    """Render one command whose arguments start at ``i``; returns where reading goes on."""
    if name in _SYMBOLS:
        out.add(line, _SYMBOLS[name])
        if name == "\\":  # \\* and \\[length], glued to it
            if i < end and tokens[i].kind == "text" and tokens[i].value.startswith("*"):
                out.add(tokens[i].line, tokens[i].value[1:])
                i += 1
            return _glued_option(tokens, i, end)
        # a control word eats the blank after it (\No 5 → №5, as TeX prints it)
        return _skip_space(tokens, i, end) if name.isalpha() else i
    if name in _ACCENTS:
        out.accent = _ACCENTS[name]
        return _skip_space(tokens, i, end) if name.isalpha() else i
    if _CITE.fullmatch(name):
        i = _optional(tokens, i, end)[1]
        i = _optional(tokens, i, end)[1]
        key, after = _group_text(tokens, pairs, i, end)
        if key is not None:
            out.add(line, "[cite:" + re.sub(r"\s+", "", key) + "]")
            return after
        return i
    if name in _DROP_ARGUMENT:
        i = _optional(tokens, i, end)[1]
        return _group_text(tokens, pairs, i, end)[1]
    if name in _DROP_FIRST:
        i = _optional(tokens, i, end)[1]
        return _group_text(tokens, pairs, i, end)[1]
    # anything else (\emph, \textbf, \mbox, unknown macros): drop the command and an optional
    # argument glued to it, and read its braced arguments in place; zero-argument commands vanish
    return _glued_option(tokens, i, end)


def _glued_option(tokens: list[_Token], i: int, end: int) -> int:
    """Skip an optional argument right after a command. A "[" after a blank is left alone:
    there it is far likelier the text "[Электронный ресурс]" than an option."""
    if i < end and tokens[i].kind == "text" and tokens[i].value == "[":
        return _optional(tokens, i, end)[1]
    return i
