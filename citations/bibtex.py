"""BibTeX and BibLaTeX: the writer (on bibtexparser v2's model and writer) and the ``.bib`` reader.

:func:`write_bibtex` turns :class:`~citations.entry.Entry` records into a ``.bib`` file in one of
two dialects: ``biblatex`` (for biber: UTF-8, ``@online``, ``date``, ``urldate``, ``origtitle``,
``langid``) or ``bibtex`` (classic BibTeX: ``@misc`` with ``howpublished = {\\url{…}}``, ``year``,
the access date in ``note``, no biblatex-only field). :func:`read_bibtex` reads any ``.bib`` back
into entries, and reads ours losslessly for every field the dialect carries.

Escaping, and why it is safe. Every text field goes through :func:`escape`, which writes each
of the ten LaTeX specials as a fixed escape: ``% # & _ $`` as ``\\%`` …, and ``\\ { } ^ ~`` as
``{\\textbackslash}``, ``{\\textbraceleft}``, ``{\\textbraceright}``, ``{\\textasciicircum}``,
``{\\textasciitilde}``. Hence a written field holds no backslash but those of the escapes (no
``\\input``, ``\\write18``, ``\\def``, ``\\csname`` can come from the data), no ``^`` at all (so
no ``^^5c``-style TeX escape), no brace but balanced pairs (BibTeX and biber count every brace,
even after a backslash, so ``\\{`` would not do), no ``%`` that could comment out the closing
brace, and no ``\\`` directly before a delimiter. Braced macros (``{\\textbackslash}``) are
BibTeX "special characters": ``change.case$`` leaves their names alone and ``purify$`` drops
them. Control characters and line/paragraph separators become spaces, and runs of spaces one.

URL fields are written as given except ``{ } \\ ^``, whitespace and control characters, which
are percent-encoded (RFC 3986 allows none of them unencoded, so the URL means the same): an
unbalanced brace would end the field, and ``\\`` or ``^^`` could form a command where a style
reads the URL as an ordinary macro argument. ``%``, ``#``, ``&``, ``_`` and ``~`` stay: biber
reads ``url`` verbatim and ``\\url`` reads its argument verbatim too.

``ascii=True`` (for classic BibTeX, which knows no UTF-8) writes every other character as
LaTeX: Cyrillic as the T2A macros that ``\\usepackage[T2A]{fontenc}`` (or babel's russian)
defines, ``{\\CYRA}{\\cyrb}`` — the form pylatexenc writes and reads too; accented letters as
``{\\'e}``, ``{\\v{c}}`` from their canonical decomposition; ``« » – — ’ №`` and other typography
as their text macros; a no-break space as ``~``. A character with no LaTeX text form (an emoji,
CJK, U+FFFD) becomes ``?``, and a combining mark with no letter under it or no LaTeX accent is
dropped: that mode is lossy there, and says so here. URLs are percent-encoded as UTF-8 outside
ASCII. Classic titles are wrapped in one more brace group, since classic styles lower-case them.

What each dialect carries: ``biblatex`` every :class:`Entry` field (the kind through
``entrysubtype`` where the type alone cannot tell); ``bibtex`` neither the languages nor the
kind of a web page (``@misc`` for all), and the month but not the day of ``issued``. Pages are
written with ``--`` and read back with an en dash. Ligatures are data: a ``--`` in a title is
written and read as two hyphens.

Provenance goes to ``note`` in a fixed order, each piece separated by ``"; "``: the medium
designation (``[Ressource électronique]``), ``footnote N of DOC, line L``, where the original
title comes from, ``URL incomplete in the manuscript: …`` (an incomplete URL never goes to
``url``), ``link not-found`` for a dead link and ``archived copy: …``; classic BibTeX adds the
original title and ``Accessed YYYY-MM-DD``. An entry's own free ``note`` goes to biblatex's
``addendum`` (and last in ``note`` for classic BibTeX).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from bibtexparser import model as bib
from bibtexparser.entrypoint import parse_string, write_string
from bibtexparser.library import Library
from bibtexparser.middlewares.enclosing import RemoveEnclosingMiddleware
from bibtexparser.writer import BibtexFormat

from citations.entry import Entry, Name, base_key, entries, unique_keys
from citations.models import DocumentResult, Kind, Outcome, Reference

#: The dialects :func:`write_bibtex` writes.
DIALECTS = ("biblatex", "bibtex")

# bibtexparser logs every failed block as a warning; we return them as data instead, and a
# library should not print through logging's last-resort handler.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

# ---------------------------------------------------------------------------------------------
# Tables (data, not code): languages, entry types, LaTeX forms of characters.

#: BCP 47 code → babel/polyglossia name, as biblatex's ``langid`` wants it.
LANGIDS = {
    "ru": "russian",
    "be": "belarusian",
    "uk": "ukrainian",
    "fr": "french",
    "en": "english",
    "de": "ngerman",
    "pl": "polish",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "zh": "chinese",
    "lt": "lithuanian",
    "lv": "latvian",
    "kk": "kazakh",
}
_LANGUAGE_CODES = {name: code for code, name in LANGIDS.items()} | {
    "german": "de",
    "austrian": "de",
    "naustrian": "de",
    "american": "en",
    "british": "en",
    "ukenglish": "en",
    "usenglish": "en",
    "canadian": "en",
    "australian": "en",
    "francais": "fr",
    "acadian": "fr",
    "canadien": "fr",
    "byelorussian": "be",
    "portuges": "pt",
    "brazil": "pt",
    "brazilian": "pt",
}
_BIBLATEX_TYPES = {
    Kind.WEB_ARTICLE.value: "online",
    Kind.GOVERNMENT_PAGE.value: "online",
    Kind.WEB_PAGE.value: "online",
    Kind.BOOK.value: "book",
    Kind.ARTICLE.value: "article",
    "report": "report",
}
_BIBTEX_TYPES = {Kind.BOOK.value: "book", Kind.ARTICLE.value: "article", "report": "techreport"}
#: The field of the container (the site, journal or institution) by entry type; else organization.
_CONTAINERS = {"article": "journaltitle", "report": "institution"}
_CLASSIC_CONTAINERS = {"article": "journal", "techreport": "institution"}
#: Kinds the reader accepts from ``entrysubtype`` (ours: the type alone cannot tell them apart).
_KINDS = frozenset(k.value for k in Kind) | {"report"}
_READ_TYPES = {
    "online": Kind.WEB_PAGE.value,
    "www": Kind.WEB_PAGE.value,
    "webpage": Kind.WEB_PAGE.value,
    "electronic": Kind.WEB_PAGE.value,
    "book": Kind.BOOK.value,
    "mvbook": Kind.BOOK.value,
    "inbook": Kind.BOOK.value,
    "bookinbook": Kind.BOOK.value,
    "booklet": Kind.BOOK.value,
    "collection": Kind.BOOK.value,
    "mvcollection": Kind.BOOK.value,
    "proceedings": Kind.BOOK.value,
    "article": Kind.ARTICLE.value,
    "periodical": Kind.ARTICLE.value,
    "incollection": Kind.ARTICLE.value,
    "inproceedings": Kind.ARTICLE.value,
    "conference": Kind.ARTICLE.value,
    "report": "report",
    "techreport": "report",
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June", "July", "August", "September"),
    *("October", "November", "December"),
)

#: The ten LaTeX specials and their escapes (braced macros count as one BibTeX character).
_SPECIALS = {
    "\\": "{\\textbackslash}",
    "{": "{\\textbraceleft}",
    "}": "{\\textbraceright}",
    "%": "\\%",
    "#": "\\#",
    "&": "\\&",
    "_": "\\_",
    "$": "\\$",
    "^": "{\\textasciicircum}",
    "~": "{\\textasciitilde}",
}
_ESCAPES = str.maketrans(_SPECIALS)

# T2A names: А → \CYRA, а → \cyra (the lower-case name is "cyr" + the suffix in lower case).
_CYRILLIC = dict(
    zip(
        "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЁІЎЄЇҐЂЋЈЉЊЏЅ",
        (
            *("A", "B", "V", "G", "D", "E", "ZH", "Z", "I", "ISHRT", "K", "L", "M", "N", "O", "P"),
            *("R", "S", "T", "U", "F", "H", "C", "CH", "SH", "SHCH", "HRDSN", "ERY", "SFTSN", "EREV"),
            *("YU", "YA", "YO", "II", "USHRT", "IE", "YI", "GUP", "DJE", "TSHE", "JE", "LJE", "NJE"),
            *("DZHE", "DZE"),
        ),
        strict=True,
    )
)
#: Character → LaTeX text macro name (written ``{\\name}``) for ``ascii=True``.
MACROS: dict[str, str] = {
    **{upper: "CYR" + suffix for upper, suffix in _CYRILLIC.items()},
    **{upper.lower(): "cyr" + suffix.lower() for upper, suffix in _CYRILLIC.items()},
    "«": "guillemotleft",
    "»": "guillemotright",
    "‹": "guilsinglleft",
    "›": "guilsinglright",
    "–": "textendash",
    "—": "textemdash",
    "‘": "textquoteleft",
    "’": "textquoteright",
    "“": "textquotedblleft",
    "”": "textquotedblright",
    "„": "quotedblbase",
    "‚": "quotesinglbase",
    "…": "textellipsis",
    "№": "textnumero",
    "°": "textdegree",
    "€": "texteuro",
    "£": "textsterling",
    "¢": "textcent",
    "¥": "textyen",
    "§": "textsection",
    "¶": "textparagraph",
    "©": "textcopyright",
    "®": "textregistered",
    "™": "texttrademark",
    "•": "textbullet",
    "·": "textperiodcentered",
    "¡": "textexclamdown",
    "¿": "textquestiondown",
    "×": "texttimes",
    "÷": "textdiv",
    "±": "textpm",
    "¬": "textlnot",
    "µ": "textmu",
    "ª": "textordfeminine",
    "º": "textordmasculine",
    "¹": "textonesuperior",
    "²": "texttwosuperior",
    "³": "textthreesuperior",
    "¼": "textonequarter",
    "½": "textonehalf",
    "¾": "textthreequarters",
    "†": "textdagger",
    "‡": "textdaggerdbl",
    "‰": "textperthousand",
    "ł": "l",
    "Ł": "L",
    "ø": "o",
    "Ø": "O",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ß": "ss",
    "ı": "i",
    "đ": "dj",
    "Đ": "DJ",
    "þ": "th",
    "Þ": "TH",
    "ð": "dh",
    "Ð": "DH",
    "ŋ": "ng",
    "Ŋ": "NG",
}
#: Combining mark → LaTeX accent command (written ``\\'{e}``).
ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0328": "k",
    "\u0331": "b",
}
# Control symbols that stand for a space-like character in ASCII output.
_ASCII_SPACES = {"\u00a0": "~", "\u202f": "\\,"}

# Reading: macro name → text. Ours first, then the usual ones of other .bib files.
_SYMBOLS: dict[str, str] = {name: char for char, name in MACROS.items()} | {
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciicircum": "^",
    "textasciitilde": "~",
    "textunderscore": "_",
    "textdollar": "$",
    "textpercent": "%",
    "textampersand": "&",
    "textquotedbl": '"',
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "guillemetleft": "«",
    "guillemetright": "»",
    "S": "§",
    "P": "¶",
    "pounds": "£",
    "dag": "†",
    "ddag": "‡",
    "copyright": "©",
    "dots": "…",
    "ldots": "…",
    "textendash": "–",
    "textemdash": "—",
    "aa": "å",
    "AA": "Å",
    "j": "ȷ",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "slash": "/",
}
_CONTROL_SYMBOLS = {
    ",": "\u202f",
    " ": " ",
    "\\": " ",
    "-": "",
    "/": "",
    "@": "",
    "!": "",
    ";": " ",
    ":": " ",
}
# Commands whose argument is ordinary text (dropped, the argument kept) or that print nothing.
_TRANSPARENT = frozenset(
    (
        *("emph", "textit", "textbf", "textsc", "textsl", "textup", "textmd", "texttt", "textrm"),
        *("textsf", "textnormal", "mbox", "hbox", "text", "enquote", "mkbibquote", "mkbibemph"),
        *("mkbibitalic", "mkbibbold", "NoCaseChange", "MakeUppercase", "MakeLowercase", "url"),
        *("nolinkurl", "path", "cyrchar", "relax", "protect", "ignorespaces", "xspace", "nobreak"),
        *("allowbreak", "noopsort"),
    )
)
# Commands whose first argument is not text (a language, a colour, a link target).
_SKIP_FIRST_ARGUMENT = frozenset(("foreignlanguage", "hyphenrules", "textcolor", "href"))
_SPACING_ACCENTS = {
    "`": "`",
    "'": "´",
    "^": "^",
    "~": "~",
    "=": "¯",
    "u": "˘",
    ".": "˙",
    '"': "¨",
    "r": "˚",
    "H": "˝",
    "v": "ˇ",
    "d": ".",
    "c": "¸",
    "k": "˛",
    "b": "_",
}
_MARKS = {command: mark for mark, command in ACCENTS.items()}

_WS = " \t\r\n"  # TeX's white space; a no-break space is text
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_SPACES_RE = re.compile(" {2,}")
_TEX_SPACES_RE = re.compile(r"[ \t\r\n\f\v]+")
_DASHES_RE = re.compile("[-\u2010-\u2015\u2212]+")
_KEY_UNSAFE_RE = re.compile(r"[^A-Za-z0-9_:.+/\-]")
_URL_UNSAFE = frozenset("{}\\^")


# ---------------------------------------------------------------------------------------------
# Escaping.


def _clean(text: str) -> str:
    """Control characters and line separators as spaces, runs of spaces as one, white space at
    the ends (no-break spaces too) trimmed: TeX would read them so anyway, some (DEL, ``^^@``)
    are invalid TeX input, and a part of a name that is only a no-break space is no name."""
    return _SPACES_RE.sub(" ", _CONTROL_RE.sub(" ", text)).strip()


def escape(text: str, *, ascii: bool = False) -> str:
    """``text`` as the value of a BibTeX text field (see the module notes for why it is safe)."""
    text = _clean(text)
    if not ascii or text.isascii():
        return text.translate(_ESCAPES)
    return _escape_ascii(text)


class _AsciiTable(dict[int, str]):
    """``str.translate`` table filled on first use: one character → its ASCII LaTeX; a combining
    mark → NUL, which sends the text to the slower path that puts marks on their letters."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = "\0" if unicodedata.category(char)[0] == "M" else _ascii_cluster(char, "")
        self[code] = value
        return value


_ASCII_TABLE = _AsciiTable()


def _escape_ascii(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    fast = text.translate(_ASCII_TABLE)
    if "\0" not in fast:  # _clean removed every NUL of the data: this one marks a mark
        return fast
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.category(text[j])[0] == "M":
            j += 1
        # A mark with no letter under it has nothing LaTeX could put it on: dropped.
        if unicodedata.category(text[i])[0] != "M":
            out.append(_ascii_cluster(text[i], text[i + 1 : j]))
        i = j
    return "".join(out)


def _ascii_char(char: str) -> str | None:
    """One character as LaTeX without the outer braces, or None when it has no text form."""
    if char in _SPECIALS:
        return _SPECIALS[char]
    if char.isascii():
        return char
    if unicodedata.category(char) == "Zs" and char not in _ASCII_SPACES:
        return " "  # TeX has no other widths of space in text: a plain one
    if char in _ASCII_SPACES:
        return _ASCII_SPACES[char]
    if char in MACROS:
        return "\\" + MACROS[char]
    return None


def _ascii_cluster(char: str, marks: str) -> str:
    inner = _ascii_char(char)
    if inner is None:
        decomposed = unicodedata.normalize("NFD", char)
        if decomposed != char:
            char, marks = decomposed[0], decomposed[1:] + marks
            inner = _ascii_char(char)
        else:
            compatible = unicodedata.normalize("NFKD", char)
            if compatible.isascii() and compatible.isprintable() and compatible.strip():
                return compatible.translate(_ESCAPES)
    if inner is None:
        return "?"
    accented = False
    for mark in marks:
        command = ACCENTS.get(mark)
        if command is not None:  # a mark LaTeX has no accent for is lost
            # \'e as usual for a letter; a group where the command is a letter (\v{c}) or nests.
            simple = not command.isalpha() and len(inner) == 1 and inner.isalpha()
            inner = f"\\{command}{inner}" if simple else f"\\{command}{{{inner}}}"
            accented = True
    # Braced, a macro is one BibTeX "special character" and cannot swallow the next letter.
    if accented or (inner.startswith("\\") and inner[1:2].isalpha()):
        return "{" + inner + "}"
    return inner


def url_value(url: str, *, ascii: bool = False) -> str:
    """A URL as a field value: as given, but for ``{ } \\ ^``, whitespace and control characters
    (and, with ``ascii``, anything outside ASCII) percent-encoded as UTF-8."""
    url = url.strip()
    if url.isascii() and url.isprintable() and " " not in url and not _URL_UNSAFE.intersection(url):
        return url
    out = []
    for char in url:
        if char in _URL_UNSAFE or char.isspace() or not char.isprintable() or (ascii and not char.isascii()):
            out.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass")))
        else:
            out.append(char)
    return "".join(out)


def _braced(value: str) -> str:
    return "{" + value + "}"


def _one_group(value: str) -> bool:
    """Whether the whole of ``value`` is one brace group ``{…}``."""
    if not (value.startswith("{") and value.endswith("}")):
        return False
    depth = 0
    for i, char in enumerate(value):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and i < len(value) - 1:
            return False
    return depth == 0


_AND_RE = re.compile(r"(?:^|\s)and(?:\s|$)", re.IGNORECASE)


def _name_part(text: str, ascii: bool) -> str:
    value = escape(text, ascii=ascii)
    # A comma or a word "and" would split the name: such a part is protected by braces.
    return _braced(value) if "," in value or _AND_RE.search(value) else value


def name_value(name: Name, *, ascii: bool = False) -> str:
    """One name as BibTeX reads it: ``Family, Given``; a literal (an organisation) braced so
    that it is never split into parts; ``""`` for a name with no text."""
    family = _clean(name.family or "")
    given = _clean(name.given or "")
    if not family:
        literal = _clean(name.literal or "") or given
        if not literal:
            return ""
        # BibTeX's own "others" (et al.) stays a keyword, everything else stays whole.
        return literal if literal == "others" else _braced(escape(literal, ascii=ascii))
    part = _name_part(family, ascii)
    if given:
        return f"{part}, {_name_part(given, ascii)}"
    # Alone, several words would read as given + family, and one group as a literal.
    return f"{part}," if " " in part or _one_group(part) or part.lower() == "others" else part


# ---------------------------------------------------------------------------------------------
# Writing.


def _date(parts: tuple[int, ...]) -> str | None:
    if not parts or not 0 < parts[0] <= 9999:
        return None
    text = f"{parts[0]:04d}"
    if len(parts) > 1 and 1 <= parts[1] <= 12:
        text += f"-{parts[1]:02d}"
        if len(parts) > 2 and 1 <= parts[2] <= 31:
            text += f"-{parts[2]:02d}"
    return text


def _dead(link: str | None) -> bool:
    try:
        return link is not None and Outcome(link).dead
    except ValueError:
        return False


_SOURCES = {"reconstructed": "reconstructed from the URL", "page": "from the page"}


def _note_pieces(entry: Entry, classic: bool) -> list[str]:
    pieces = []
    medium = _clean(entry.medium or "")
    if medium:
        pieces.append(medium)
    place = ""
    if entry.footnote is not None:
        place = f"footnote {entry.footnote}"
        if entry.document:
            place += f" of {_clean(entry.document)}"
    elif entry.document:
        place = f"cited in {_clean(entry.document)}"
    if place and entry.line is not None:
        place += f", line {entry.line}"
    if place:
        pieces.append(place)
    original = _clean(entry.original_title or "")
    if original and (classic or entry.original_source in _SOURCES):
        piece = "original title"
        if entry.original_source in _SOURCES:
            piece += " " + _SOURCES[entry.original_source]
        pieces.append(f"{piece}: {original}" if classic else piece)
    if entry.url_incomplete and _clean(entry.url_incomplete):
        pieces.append(f"URL incomplete in the manuscript: {_clean(entry.url_incomplete)}")
    if _dead(entry.link):
        pieces.append(f"link {entry.link}")
    if entry.archive_url and _clean(entry.archive_url):
        pieces.append(f"archived copy: {_clean(entry.archive_url)}")
    accessed = _date(entry.accessed)
    if classic and accessed:
        pieces.append(f"Accessed {accessed}")
    if classic and entry.note and _clean(entry.note):
        pieces.append(_clean(entry.note))
    return pieces


def _safe_key(key: str, unicode: bool = False) -> str:
    """A key a ``.bib`` can hold. Biber reads UTF-8 keys, so an editor's ``ключ1`` stays as it
    is for biblatex; classic BibTeX and ``--ascii`` get ``[A-Za-z0-9_:.+/-]`` only."""
    if unicode:
        return _KEY_SEPARATORS_RE.sub("", key) or "entry"
    key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    return _KEY_UNSAFE_RE.sub("", key) or "entry"


#: What ends or breaks a key in BibTeX syntax, whatever the script of the rest.
_KEY_SEPARATORS_RE = re.compile(r"[\s,{}()\"#%'=\\~]")


def _fields(entry: Entry, dialect: str, ascii: bool) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and the fields (name, written value) in their fixed order."""
    classic = dialect == "bibtex"
    entry_type = (_BIBTEX_TYPES if classic else _BIBLATEX_TYPES).get(entry.kind, "misc")
    fields: list[tuple[str, str]] = []

    def text(name: str, value: str | None, protect: bool = False) -> None:
        if value and _clean(value):
            escaped = escape(value, ascii=ascii)
            # Classic styles lower-case titles: the extra group keeps the title as cited.
            fields.append((name, _braced(_braced(escaped) if protect else escaped)))

    names = [value for value in (name_value(n, ascii=ascii) for n in entry.authors) if value]
    if names:
        fields.append(("author", _braced(" and ".join(names))))
    text("title", entry.title, protect=classic)
    if not classic:
        text("origtitle", entry.original_title)
        if entry.original_title and entry.original_language in LANGIDS:
            fields.append(("origlanguage", _braced(LANGIDS[entry.original_language])))
        if entry.language in LANGIDS:
            fields.append(("langid", _braced(LANGIDS[entry.language])))
        if entry_type in ("online", "misc") and entry.kind != _default_kind(entry_type, entry):
            fields.append(("entrysubtype", _braced(escape(entry.kind, ascii=True))))
    text((_CLASSIC_CONTAINERS if classic else _CONTAINERS).get(entry_type, "organization"), entry.container)
    text("publisher", entry.publisher)
    text("address" if classic else "location", entry.place)
    issued = _date(entry.issued)
    if issued and classic:
        fields.append(("year", _braced(issued[:4])))
        if len(issued) > 4:
            # The month macro, unbraced, so that each style prints it its own way.
            fields.append(("month", _MONTHS[int(issued[5:7]) - 1]))
    elif issued:
        fields.append(("date", _braced(issued)))
    text("volume", entry.volume)
    text("number", entry.issue)
    if entry.pages and _clean(entry.pages):
        fields.append(("pages", _braced(escape(_DASHES_RE.sub("--", entry.pages), ascii=ascii))))
    text("isbn", entry.isbn)
    if entry.doi and url_value(entry.doi):
        fields.append(("doi", _braced(url_value(entry.doi, ascii=ascii))))  # verbatim, like url
    if entry.url and url_value(entry.url):
        if classic:
            fields.append(("howpublished", _braced(f"\\url{{{url_value(entry.url, ascii=ascii)}}}")))
        else:
            fields.append(("url", _braced(url_value(entry.url, ascii=ascii))))
    accessed = _date(entry.accessed)
    if accessed and not classic:
        fields.append(("urldate", _braced(accessed)))
    pieces = _note_pieces(entry, classic)
    if pieces:
        fields.append(("note", _braced(escape("; ".join(pieces), ascii=ascii))))
    if not classic:
        text("addendum", entry.note)
    return entry_type, fields


def write_bibtex(entries: Sequence[Entry], *, dialect: str = "biblatex", ascii: bool = False) -> str:
    """The ``.bib`` text of ``entries``, in the order given, fields in a fixed order: the same
    entries give the same bytes. ``dialect`` is ``biblatex`` (biber) or ``bibtex`` (classic);
    ``ascii`` writes every non-ASCII character as LaTeX. Keys unsafe in a ``.bib`` are reduced
    to ``[A-Za-z0-9_:.+/-]`` and made unique again."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown BibTeX dialect {dialect!r}: use one of {', '.join(DIALECTS)}")
    unicode = dialect == "biblatex" and not ascii
    written_keys = unique_keys([_safe_key(e.key, unicode) for e in entries])
    blocks: list[bib.Block] = []
    for entry, key in zip(entries, written_keys, strict=True):
        entry_type, fields = _fields(entry, dialect, ascii)
        blocks.append(bib.Entry(entry_type, key, [bib.Field(name, value) for name, value in fields]))
    if not blocks:
        return ""
    fmt = BibtexFormat()  # type: ignore[no-untyped-call]
    fmt.indent = "  "
    fmt.block_separator = "\n"
    # Values are enclosed above (month macros must stay bare); an empty unparse stack also
    # spares the per-entry deep copy of the default one.
    text = write_string(Library(blocks), unparse_stack=[], bibtex_format=fmt)
    return text.rstrip("\n") + "\n"


def to_bibtex(results: Iterable[DocumentResult], *, dialect: str = "biblatex", ascii: bool = False) -> str:
    """The bibliography of parsed documents (every citable reference, in footnote order)."""
    return write_bibtex(entries(results), dialect=dialect, ascii=ascii)


def keys(refs: Sequence[Reference]) -> list[str]:
    """Unique stable keys for references in order (``belta2023_567456``, ``zaleskii2022a`` …)."""
    return unique_keys([base_key(r) for r in refs])


# ---------------------------------------------------------------------------------------------
# Reading LaTeX text back.


@dataclass(frozen=True)
class _Macro:
    name: str
    space: str = ""


_Node: TypeAlias = "str | _Macro | list[_Node]"
_TOKEN_RE = re.compile(r"\\([A-Za-z]+)([ \t\r\n]*)|\\(.)|([{}])|(~)|([^\\{}~]+)", re.DOTALL)
_MAX_DEPTH = 64


def _tokens(text: str) -> list[_Node]:
    """LaTeX text as a tree: strings, macros and brace groups (lists). Unbalanced braces are
    tolerated: a stray ``}`` is dropped, an unclosed ``{`` closes at the end."""
    root: list[_Node] = []
    stack = [root]
    flat = 0  # groups opened beyond _MAX_DEPTH are not nested (no recursion limit to hit)
    for m in _TOKEN_RE.finditer(text):
        word, space, symbol, brace, tie, plain = m.groups()
        if word:
            stack[-1].append(_Macro(word, space))
        elif symbol is not None:
            stack[-1].append(_Macro(symbol))
        elif brace == "{":
            if len(stack) > _MAX_DEPTH:
                flat += 1
                continue
            group: list[_Node] = []
            stack[-1].append(group)
            stack.append(group)
        elif brace == "}":
            if flat:
                flat -= 1
            elif len(stack) > 1:
                stack.pop()
        elif tie:
            stack[-1].append("\u00a0")
        else:
            stack[-1].append(plain)
    return root


def _argument(nodes: list[_Node], i: int) -> tuple[list[_Node], int]:
    """The argument of a macro at ``nodes[i-1]``: a group, a macro or one character."""
    while i < len(nodes) and isinstance(nodes[i], str) and not str(nodes[i]).strip(_WS):
        i += 1
    if i >= len(nodes):
        return [], i
    node = nodes[i]
    if isinstance(node, list):
        return node, i + 1
    if isinstance(node, _Macro):
        return [node], i + 1
    text = node.lstrip(_WS)
    nodes[i] = text[1:]  # the rest of the text stays to be read
    return [text[0]], i


def _accent(text: str, command: str) -> str:
    if not text:
        return _SPACING_ACCENTS[command]
    end = 1
    while end < len(text) and unicodedata.category(text[end])[0] == "M":
        end += 1
    base = {"ı": "i", "ȷ": "j"}.get(text[0], text[0])  # \'\i is an accented i
    return unicodedata.normalize("NFC", base + text[1:end] + _MARKS[command]) + text[end:]


def _render(nodes: list[_Node]) -> str:
    out: list[str] = []
    nodes = list(nodes)
    i = 0
    while i < len(nodes):
        node = nodes[i]
        i += 1
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, list):
            out.append(_render(node))
        elif node.name in _MARKS:
            argument, i = _argument(nodes, i)
            out.append(_accent(_render(argument), node.name))
        elif node.name in _SYMBOLS:
            out.append(_SYMBOLS[node.name])
        elif node.name in _CONTROL_SYMBOLS:
            out.append(_CONTROL_SYMBOLS[node.name])
        elif node.name in _SKIP_FIRST_ARGUMENT:
            _, i = _argument(nodes, i)
        elif node.name in _TRANSPARENT:
            pass
        elif len(node.name) == 1 and not node.name.isalpha():
            out.append(node.name)  # \% \& \# \_ \$ \{ \}
        else:
            out.append("\\" + node.name + node.space)  # unknown: kept as written, never lost
    return "".join(out)


def unescape(value: str) -> str:
    """The text of a LaTeX field value: escapes, accents, T2A Cyrillic and text macros decoded,
    grouping braces dropped, white space collapsed as TeX does. Ligatures (``--``) stay."""
    if not any(c in value for c in "\\{}~"):
        return _TEX_SPACES_RE.sub(" ", value).strip(" ")
    # The common forms ({\cyra}, {\'e}, {\v{c}}, \%) first, by one regex: most fields then
    # need no parse at all.
    value = _SIMPLE_RE.sub(_simple, value)
    if any(c in value for c in "\\{}~"):
        value = _render(_tokens(value))
    return _TEX_SPACES_RE.sub(" ", value).strip(" ")


# Replacements that yield none of \ { } ~, so the text stays the same LaTeX for the full parse.
_SIMPLE = {name: char for name, char in _SYMBOLS.items() if char not in "\\{}~" and len(char) == 1}
_SIMPLE_RE = re.compile(
    r"(?<!\\)\{\\([A-Za-z]+)\}|(?<!\\)\{\\([`'^~=.\"])([A-Za-z])\}"
    r"|(?<!\\)\{\\([uvHckdrb])\{([A-Za-z])\}\}|(?<!\\)\\([%#&_$])"
)


def _simple(m: re.Match[str]) -> str:
    name, symbol, letter, command, argument, special = m.groups()
    if name is not None:
        return _SIMPLE.get(name, m.group())
    if symbol is not None:
        return _accent(letter, symbol)
    if command is not None:
        return _accent(argument, command)
    return str(special)


def _split_top(value: str, separator: re.Pattern[str]) -> list[str]:
    """``value`` split where ``separator`` matches outside braces."""
    parts, depth, start = [], 0, 0
    i = 0
    while i < len(value):
        char = value[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            m = separator.match(value, i)
            if m and m.end() > i:
                parts.append(value[start:i])
                start = i = m.end()
                continue
        i += 1
    parts.append(value[start:])
    return parts


_CONCAT_RE = re.compile(r"\s*#\s*")
_AND_SPLIT_RE = re.compile(r"\s+and\s+", re.IGNORECASE)
_COMMA_RE = re.compile(r",")
_WORD_RE = re.compile(r"[ \t\r\n~]+")


def read_name(value: str) -> Name:
    """One BibTeX name: ``{Literal}``, ``von Last, First``, ``von Last, Jr, First`` or
    ``First von Last``."""
    value = value.strip(_WS)
    if _one_group(value):
        return Name(literal=unescape(value[1:-1]) or None)
    if value.lower() == "others":
        return Name(literal="others")
    parts = [p.strip(_WS) for p in _split_top(value, _COMMA_RE)]
    if len(parts) > 1:
        # von Last, Jr, First: the suffix stays with the family name (Name has no field for it).
        family = ", ".join(x for x in (unescape(p) for p in parts[:-1]) if x)
        return Name(family=family or None, given=unescape(parts[-1]) or None)
    words = [w for w in _split_top(value, _WORD_RE) if w]
    if len(words) == 1:
        return Name(family=unescape(words[0]) or None)
    # The family name starts at the first lower-case ("von") word, else it is the last word.
    start = len(words) - 1
    for k, word in enumerate(words[:-1]):
        if unescape(word)[:1].islower():
            start = k
            break
    given = unescape(" ".join(words[:start]))
    return Name(family=unescape(" ".join(words[start:])) or None, given=given or None)


# ---------------------------------------------------------------------------------------------
# Reading .bib files.

_FOOTNOTE_RE = re.compile(r"footnote (\d+)(?: of (.+?))?(?:, line (\d+))?")
_IN_RE = re.compile(r"cited in (.+?)(?:, line (\d+))?")
_ORIGINAL_RE = re.compile(
    r"original title(?: (reconstructed from the URL|from the page))?(?:: (.*))?", re.DOTALL
)
_DATE_RE = re.compile(r"\s*(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_YEAR_RE = re.compile(r"\d{4}")
_URL_MACRO_RE = re.compile(r"\s*\\(?:url|href)\s*\{([^{}]*)\}", re.DOTALL)
_NOTE_MARKERS = (
    *("footnote ", "cited in ", "original title", "URL incomplete in the manuscript: ", "link "),
    *("archived copy: ", "Accessed "),
)
_UNENCLOSE = RemoveEnclosingMiddleware(allow_inplace_modification=True)


@dataclass
class _Note:
    medium: str | None = None
    footnote: int | None = None
    document: str | None = None
    line: int | None = None
    original_source: str | None = None
    original_title: str | None = None
    url_incomplete: str | None = None
    link: str | None = None
    archive_url: str | None = None
    accessed: tuple[int, ...] = ()
    free: str | None = None


def _marker(piece: str) -> int | None:
    """The position of the piece's kind in the note's fixed order, or None if not ours."""
    for k, marker in enumerate(_NOTE_MARKERS):
        if piece.startswith(marker):
            if k == 0 and not _FOOTNOTE_RE.fullmatch(piece):
                return None
            if k == 4 and not _dead(piece[5:]):
                return None
            if k == 6 and not _parse_date(piece[9:]):
                return None
            return k
    return None


def _parse_note(note: str) -> _Note:
    """Our provenance pieces back from a note (the reverse of :func:`_note_pieces`); text that
    is not ours, and all that follows it, is the free note."""
    out = _Note()
    pieces = note.split("; ") if note else []
    if pieces and pieces[0].startswith("[") and pieces[0].endswith("]"):
        out.medium = pieces.pop(0)
    position = -1
    k = 0
    while k < len(pieces):
        piece = pieces[k]
        kind = _marker(piece)
        if kind is None or kind <= position:
            out.free = "; ".join(pieces[k:])
            break
        position = kind
        k += 1
        if kind == 0 and (m := _FOOTNOTE_RE.fullmatch(piece)):
            out.footnote, out.document = int(m.group(1)), m.group(2)
            out.line = int(m.group(3)) if m.group(3) else None
        elif kind == 1 and (m := _IN_RE.fullmatch(piece)):
            out.document, out.line = m.group(1), int(m.group(2)) if m.group(2) else None
        elif kind == 2 and (m := _ORIGINAL_RE.fullmatch(piece)):
            out.original_source = {v: s for s, v in _SOURCES.items()}.get(m.group(1) or "")
            if m.group(2) is not None:
                # A title may itself hold "; ": it runs up to the next piece of ours.
                rest = k
                while rest < len(pieces):
                    later = _marker(pieces[rest])
                    if later is not None and later > kind:
                        break
                    rest += 1
                out.original_title = "; ".join([m.group(2), *pieces[k:rest]])
                k = rest
        elif kind == 3:
            out.url_incomplete = piece.split(": ", 1)[1]
        elif kind == 4:
            out.link = piece[5:]
        elif kind == 5:
            out.archive_url = piece.split(": ", 1)[1]
        elif kind == 6:
            out.accessed = _parse_date(piece[9:])
    return out


def _parse_date(value: str) -> tuple[int, ...]:
    m = _DATE_RE.match(value)
    if not m or len(m.group(1)) != 4:
        return ()
    parts = tuple(int(g) for g in m.groups() if g)
    if (len(parts) > 1 and not 1 <= parts[1] <= 12) or (len(parts) > 2 and not 1 <= parts[2] <= 31):
        return parts[:1]
    return parts


def _month(value: str) -> int | None:
    value = value.strip().lower()
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    return _MONTHS.index(value[:3]) + 1 if value[:3] in _MONTHS else None


def _evaluate(value: str, strings: dict[str, str], key: str, problems: list[str]) -> str:
    """An unbraced value: a number, a @string name, a month macro, or a ``#`` concatenation."""
    out = []
    for part in _split_top(value, _CONCAT_RE):
        part = part.strip(_WS)
        if len(part) >= 2 and part[0] + part[-1] in ('""', "{}"):
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        elif part.lower() in strings:
            out.append(strings[part.lower()])
        elif key == "month" and _month(part):
            out.append(str(_month(part)))
        elif part.lower() in _MONTHS:
            out.append(_MONTH_NAMES[_MONTHS.index(part.lower())])
        else:
            problems.append(f"field {key}: undefined @string {part!r} — define it or brace the value")
            out.append(part)
    return "".join(out)


def _read_kind(entry_type: str, subtype: str | None, url: str | None, container: str | None) -> str:
    if subtype in _KINDS:
        return subtype
    kind = _READ_TYPES.get(entry_type)
    if kind is None:
        kind = Kind.WEB_PAGE.value if entry_type == "misc" and url else Kind.OTHER.value
    if kind == Kind.WEB_PAGE.value and container == "BelTA":
        return Kind.WEB_ARTICLE.value
    return kind


def _default_kind(entry_type: str, entry: Entry) -> str:
    """The kind the reader infers from what is written without ``entrysubtype``."""
    url = entry.url if entry.url and url_value(entry.url) else None
    container = unescape(escape(entry.container)) if entry.container else None
    return _read_kind(entry_type, None, url, container)


def _language(value: str | None) -> str | None:
    if not value:
        return None
    first = re.split(r"[\s,;]+| and ", value.strip())[0].lower()
    return _LANGUAGE_CODES.get(first) or (first if first in LANGIDS else None)


def _read_entry(block: bib.Entry, strings: dict[str, str], path: str) -> tuple[Entry, list[str]]:
    problems: list[str] = []
    enclosings = block.parser_metadata.get("removed_enclosing") or {}
    raw: dict[str, str] = {}
    for field in block.fields:
        name = field.key.lower()
        if name in raw or not isinstance(field.value, str):
            continue  # a field given twice: the first value counts (reported by the caller)
        value = field.value
        if enclosings.get(field.key) == "no-enclosing":
            value = _evaluate(value, strings, name, problems)
        raw[name] = value

    def text(*names: str) -> str | None:
        for name in names:
            if raw.get(name, "").strip(_WS):
                return unescape(raw[name]) or None
        return None

    authors = tuple(
        read_name(part) for part in _split_top(raw.get("author", ""), _AND_SPLIT_RE) if part.strip(_WS)
    )
    url = _bare_url(raw.get("url", "")) or None
    howpublished = raw.get("howpublished", "")
    if url is None and (m := _URL_MACRO_RE.match(howpublished)):
        url = m.group(1).strip() or None
    container = text("journaltitle", "journal", "institution", "organization", "school")
    if container is None and howpublished.strip(_WS) and not _URL_MACRO_RE.match(howpublished):
        container = unescape(howpublished) or None
    note = _parse_note(text("note") or "")
    addendum = text("addendum")
    free = "; ".join(x for x in (note.free, addendum) if x) or None
    issued: tuple[int, ...] = ()
    if raw.get("date", "").strip(_WS):
        issued = _parse_date(raw["date"])
        if not issued:
            problems.append(f"date {raw['date']!r} not understood — write it as YYYY, YYYY-MM or YYYY-MM-DD")
    if not issued and (m := _YEAR_RE.search(raw.get("year", ""))):
        month = _month(raw.get("month", "")) if raw.get("month") else None
        issued = (int(m.group()), month) if month else (int(m.group()),)
    accessed = _parse_date(raw.get("urldate", "")) or note.accessed
    pages = text("pages")
    ours = note.footnote is not None or note.document is not None
    original_title = text("origtitle") or note.original_title
    entry = Entry(
        key=block.key,
        kind=_read_kind(block.entry_type.lower(), text("entrysubtype"), url, container),
        title=text("title"),
        authors=tuple(a for a in authors if a.family or a.given or a.literal),
        original_title=original_title,
        original_source=note.original_source,
        language=_language(raw.get("langid") or raw.get("language")),
        original_language=_language(raw.get("origlanguage")) if original_title else None,
        container=container,
        publisher=text("publisher"),
        place=text("location", "address"),
        issued=issued,
        accessed=accessed,
        url=url,
        url_incomplete=note.url_incomplete,
        pages=pages.replace("--", "–") if pages else None,
        volume=text("volume"),
        issue=text("number", "issue"),
        doi=_bare_url(raw.get("doi", "")) or None,
        isbn=text("isbn"),
        medium=note.medium,
        note=free,
        # A foreign entry names no manuscript: the file it was read from is not one.
        document=note.document if ours else None,
        footnote=note.footnote,
        line=note.line if ours else (block.start_line or 0) + 1,
        link=note.link,
        archive_url=note.archive_url,
        source_line=(block.start_line or 0) + 1,
    )
    return entry, problems


def read_bibtex(text: str, path: str = "<string>") -> tuple[list[Entry], list[tuple[int, str]]]:
    """Entries of a ``.bib`` text, and ``(line, problem)`` for what could not be read (a block
    that does not parse, a duplicate key, a field given twice, an undefined @string): failures
    are data, never raised. An entry we wrote gives back its footnote's document, number and
    line from ``note``; any other entry is located by ``path`` and its own 1-based line."""
    try:
        library = parse_string(text)
    except Exception as exc:  # a parser bug must not stop a run: the file is reported instead
        return [], [(1, f"the file could not be read ({type(exc).__name__}: {exc}) — check its syntax")]
    strings = {key.lower(): str(s.value) for key, s in library.strings_dict.items()}
    problems: list[tuple[int, str]] = []
    blocks: list[bib.Entry] = list(library.entries)
    first_line = {e.key: (e.start_line or 0) + 1 for e in library.entries}
    for failed in library.failed_blocks:
        line = (failed.start_line or 0) + 1
        if isinstance(failed, bib.DuplicateBlockKeyBlock):
            where = first_line.get(failed.key)
            problems.append(
                (
                    line,
                    f"key {failed.key!r} is used again (first at line {where}) — entry skipped; make keys unique",
                )
            )
        elif isinstance(failed, bib.DuplicateFieldKeyBlock):
            names = ", ".join(sorted(failed.duplicate_keys))
            problems.append((line, f"field {names} given twice — the first value is read; remove the other"))
            # A failed block skipped the parse stack: its values still carry their braces.
            duplicated = failed.ignore_error_block
            if isinstance(duplicated, bib.Entry):
                blocks.append(_UNENCLOSE.transform_entry(duplicated, library))
        else:
            reason = getattr(failed.error, "abort_reason", None) or str(failed.error)
            problems.append((line, f"entry not read: {reason.strip()} — check its braces, commas and quotes"))
    blocks.sort(key=lambda b: b.start_line or 0)
    out: list[Entry] = []
    for block in blocks:
        line = (block.start_line or 0) + 1
        if not block.key:
            problems.append((line, "entry without a key — give it one"))
        entry, entry_problems = _read_entry(block, strings, path)
        out.append(entry)
        problems.extend((line, p) for p in entry_problems)
    problems.sort(key=lambda p: p[0])
    return out, problems


_URL_ESCAPE_RE = re.compile(r"\{\\([_%&#~$])\}|\\([_%&#~$])")


def _bare_url(value: str) -> str:
    """A ``url`` field as other tools write it: Mendeley and JabRef escape ``_ % & # ~ $``
    (``{\\_}``, ``\\%``) although biber reads URLs verbatim; undo that, and grouping braces."""
    value = _URL_ESCAPE_RE.sub(lambda m: m.group(1) or m.group(2), value.strip())
    return value.replace("{", "").replace("}", "") if value.startswith(("http", "{")) else value
