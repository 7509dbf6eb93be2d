"""The generic adapter: article metadata from the standard markup any site may carry.

Sources, most specific first: Open Graph (``og:*``, ``article:*``), Highwire ``citation_*``
meta, JSON-LD (``NewsArticle``/``Article``/``WebPage`` nodes, ``@graph`` and lists included),
Dublin Core (``DC.*``, ``DCTERMS.*``), ``itemprop`` microdata, ``<time datetime>``, then
``<title>`` and ``<html lang>``. Dates keep the offset the page gives; a date without one stays
without one, since the zone of an unknown site is not ours to guess.

This module also holds what the BelTA adapter shares with it: :class:`Document` (one parsed
page with its meta index), text cleaning, language codes, title suffixes and the soft-404 test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from citations.adapters.dates import parse_machine_date
from citations.adapters.decode import repair_text
from citations.models import Page

__all__ = [
    "Document",
    "clean",
    "dedupe",
    "language_code",
    "read",
    "says_missing",
    "split_url",
    "strip_site_suffix",
    "unwrap_archive",
]

_SPACE = re.compile(r"\s+")
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[0-9a-z_*]+/(?P<url>https?://.+)$", re.IGNORECASE)
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_].*)?$", re.IGNORECASE)
# Codes sites use that are not ISO 639 ("by" is the country; Belarusian is "be").
_LANGUAGE_FIXES = {
    "by": "be",
    "ua": "uk",
    "cn": "zh",
    "cz": "cs",
    "gr": "el",
    "jp": "ja",
    "rus": "ru",
    "bel": "be",
    "eng": "en",
    "pol": "pl",
    "deu": "de",
    "ger": "de",
    "spa": "es",
    "zho": "zh",
    "chi": "zh",
    "fra": "fr",
    "fre": "fr",
}
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]{1,2}\s+|\s*[|·•»]\s*")
_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "socialmediaposting",
    }
)
_PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "contactpage", "qapage", "faqpage"})
_SITE_TYPES = frozenset(
    {"website", "organization", "newsmediaorganization", "governmentorganization", "corporation"}
)
_MAX_JSONLD_NODES = 500


# -- soft 404 ----------------------------------------------------------------------------------

# Phrases distinctive enough to mean "missing" wherever they stand in a heading.
_MISSING_ANYWHERE = re.compile(
    r"страница не найдена|запрашиваемая страница не существует|страница не существует"
    r"|запрашиваемая страница не найдена|такой страницы не существует|старонка не знойдзена"
    r"|старонка не існуе|page not found|page does not exist|page introuvable|seite nicht gefunden"
    r"|página no encontrada|pagina no encontrada|strona nie (?:została )?znaleziona"
    r"|nie znaleziono strony|页面不存在|找不到页面|页面未找到|您访问的页面不存在",
    re.IGNORECASE,
)
# Short phrases that mean "missing" only as a whole heading or one " | "-separated part of it,
# once error words and the code are removed: "Not Found" is an error page, "Plane not found" news.
_MISSING_WHOLE = frozenset(
    {
        "not found",
        "page not found",
        "file not found",
        "document not found",
        "не найдено",
        "не найдена",
        "ничего не найдено",
        "страница не найдена",
        "документ не найден",
        "не знойдзена",
        "старонка не знойдзена",
        "nie znaleziono",
        "nicht gefunden",
        "no encontrado",
        "no encontrada",
        "introuvable",
        "未找到",
        "不存在",
        "页面不存在",
    }
)
_ERROR_WORDS = re.compile(
    r"\b(?:ошибка|памылка|error|erreur|fehler|błąd|http|код|code)\b|404|错误", re.IGNORECASE
)
_ERROR_CODE = re.compile(r"(?<!\d)404(?!\d)")
_PUNCTUATION = re.compile(r"[^\w\s]+")


def says_missing(heading: str | None) -> bool:
    """True when a page title or main heading says the page does not exist (a soft 404).

    Bare "404" and short phrases such as "Not Found" count only as the whole heading or one
    separated part of it, so news headlines that merely contain the words or the number pass.
    """
    if not heading:
        return False
    text = _SPACE.sub(" ", heading).strip()
    if _MISSING_ANYWHERE.search(text):
        return True
    for part in _TITLE_SEPARATORS.split(text):
        core = _SPACE.sub(" ", _PUNCTUATION.sub(" ", _ERROR_WORDS.sub(" ", part.lower()))).strip()
        if core in _MISSING_WHOLE or (not core and _ERROR_CODE.search(part)):
            return True
    return False


# -- text helpers ------------------------------------------------------------------------------


def clean(text: object) -> str | None:
    """Whitespace collapsed, mojibake repaired; None for anything empty or not a string."""
    if not isinstance(text, str):
        return None
    text = _SPACE.sub(" ", text.replace("\u00ad", "").replace("\ufeff", "")).strip()
    if not text:
        return None
    return repair_text(text)


def language_code(value: str | None) -> str | None:
    """``ru-RU``/``ru_RU``/``RU`` → ``ru``; common non-ISO codes fixed (``by`` → ``be``)."""
    if not value:
        return None
    match = _LANGUAGE.match(value.strip())
    if match is None:
        return None
    code = match.group(1).lower()
    return _LANGUAGE_FIXES.get(code, code)


def strip_site_suffix(title: str, names: Iterable[str]) -> str:
    """Drop leading or trailing `` | Site``/`` - Site`` parts naming the site; keep the rest.

    A part counts as the site name when it equals one of ``names`` (case-insensitively). If
    nothing but the site name is left, the title is returned unchanged.
    """
    wanted = {n.casefold().strip() for n in names if n and n.strip()}
    if not wanted:
        return title
    separators = list(_TITLE_SEPARATORS.finditer(title))
    if not separators:
        return title
    bounds = [0, *(p for m in separators for p in (m.start(), m.end())), len(title)]
    parts = [title[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)]
    first, last = 0, len(parts)
    while last - first > 1 and parts[last - 1].casefold().strip() in wanted:
        last -= 1
    while last - first > 1 and parts[first].casefold().strip() in wanted:
        first += 1
    if (first, last) == (0, len(parts)):
        return title
    start = bounds[2 * first]
    end = bounds[2 * last - 1]
    return title[start:end].strip()


def split_url(url: str) -> SplitResult | None:
    """``urlsplit`` of the original (unarchived) URL, or None for a malformed one."""
    try:
        return urlsplit(unwrap_archive(url))
    except ValueError:  # e.g. an unclosed IPv6 bracket: "http://[::1"
        return None


def unwrap_archive(url: str) -> str:
    """The original URL of a Wayback Machine capture, or ``url`` itself."""
    match = _ARCHIVED.match(url)
    return match.group("url") if match else url


# -- the parsed page ---------------------------------------------------------------------------


@dataclass
class Document:
    """One parsed page, indexed in a single pass: elements by name, class and ``itemprop``,
    meta contents by ``property``/``name``/``itemprop``/``http-equiv`` (keys lower-cased).

    Every lookup goes through the indexes, because each bs4 ``find`` walks the whole tree and a
    hostile page may hold hundreds of thousands of elements.
    """

    url: str
    soup: BeautifulSoup
    metas: dict[str, list[str]] = field(default_factory=dict)
    #: ``<html lang>``, when the caller read it apart from ``soup`` (a strained tree lacks ``<html>``).
    lang: str | None = None
    by_name: dict[str, list[Tag]] = field(default_factory=dict)
    by_class: dict[str, list[Tag]] = field(default_factory=dict)
    by_itemprop: dict[str, list[Tag]] = field(default_factory=dict)
    _jsonld: list[dict[str, Any]] | None = None

    @classmethod
    def parse(cls, url: str, soup: BeautifulSoup, lang: str | None = None) -> Document:
        by_name: dict[str, list[Tag]] = {}
        by_class: dict[str, list[Tag]] = {}
        by_itemprop: dict[str, list[Tag]] = {}
        for element in soup.descendants:
            if not isinstance(element, Tag):
                continue
            by_name.setdefault(element.name, []).append(element)
            classes = element.get("class")
            for name in classes if isinstance(classes, list) else ():
                by_class.setdefault(name, []).append(element)
            prop = element.get("itemprop")
            for name in prop.split() if isinstance(prop, str) else ():
                by_itemprop.setdefault(name, []).append(element)
        metas: dict[str, list[str]] = {}
        for tag in by_name.get("meta", ()):
            content = tag.get("content")
            if not isinstance(content, str):
                continue
            for attribute in ("property", "name", "itemprop", "http-equiv"):
                key = tag.get(attribute)
                if isinstance(key, str) and key.strip():
                    metas.setdefault(key.strip().lower(), []).append(content)
        return cls(url, soup, metas, lang, by_name, by_class, by_itemprop)

    def first(self, name: str) -> Tag | None:
        """The first element called ``name`` in document order."""
        found = self.by_name.get(name)
        return found[0] if found else None

    def meta(self, *keys: str) -> str | None:
        """The first non-empty content among the meta tags named by ``keys``, in key order."""
        for key in keys:
            for value in self.metas.get(key.lower(), ()):
                text = clean(value)
                if text:
                    return text
        return None

    def meta_all(self, *keys: str) -> list[str]:
        """Every non-empty content of the meta tags named by ``keys``, in key then page order."""
        return [t for key in keys for t in (clean(v) for v in self.metas.get(key.lower(), ())) if t]

    def html_lang(self) -> str | None:
        value: object = self.lang
        html = self.first("html")
        if value is None and isinstance(html, Tag):
            value = html.get("lang") or html.get("xml:lang")
        return language_code(value) if isinstance(value, str) else None

    def title_tag(self) -> str | None:
        tag = self.first("title")
        return clean(tag.get_text()) if tag is not None else None

    def first_h1(self) -> str | None:
        tag = self.first("h1")
        return clean(tag.get_text(" ")) if tag is not None else None

    def main_heading(self) -> str | None:
        """The first ``h1``, or the first ``h2`` on pages without one (error pages often)."""
        for name in ("h1", "h2"):
            tag = self.first(name)
            if tag is not None:
                return clean(tag.get_text(" "))
        return None

    def canonical(self) -> str | None:
        """``link[rel=canonical]`` made absolute, else ``og:url`` exactly as given."""
        for tag in self.by_name.get("link", ()):
            rel = tag.get("rel")
            rels = rel if isinstance(rel, list) else [rel] if isinstance(rel, str) else []
            href = tag.get("href")
            if any(isinstance(r, str) and r.lower() == "canonical" for r in rels) and isinstance(href, str):
                href = href.strip()
                if href:
                    return unwrap_archive(_join(self.url, href))
        og = self.meta("og:url")
        return unwrap_archive(og) if og else None

    def looks_missing(self) -> bool:
        return any(says_missing(h) for h in (self.title_tag(), self.meta("og:title"), self.main_heading()))

    def jsonld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object with an ``@type`` on the page, ``@graph`` and nesting flattened."""
        if self._jsonld is None:
            nodes: list[dict[str, Any]] = []
            for script in self.by_name.get("script", ()):
                kind = script.get("type")
                if not isinstance(kind, str) or kind.split(";")[0].strip().lower() != "application/ld+json":
                    continue
                data = _load_json(script.string or script.get_text())
                if data is not None:
                    nodes.extend(_walk(data))
                if len(nodes) > _MAX_JSONLD_NODES:
                    break
            self._jsonld = nodes[:_MAX_JSONLD_NODES]
        return self._jsonld


def _join(base: str, href: str) -> str:
    try:
        return urljoin(base, href)
    except ValueError:  # malformed base or href (e.g. a bad IPv6 host): keep what the page says
        return href


# -- JSON-LD -----------------------------------------------------------------------------------


def _load_json(text: str | None) -> Any:
    if not text:
        return None
    text = text.strip()
    # Some CMSs wrap the JSON in an HTML comment or CDATA, or end it with a semicolon.
    for junk in ("<!--", "-->", "<![CDATA[", "]]>", "//<![CDATA[", "//]]>"):
        text = text.replace(junk, "")
    text = text.strip().rstrip(";")
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None


def _walk(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 12:
        return
    if isinstance(data, list):
        for item in data[:_MAX_JSONLD_NODES]:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        for key, value in data.items():
            if isinstance(value, (dict, list)) and key != "@context":
                yield from _walk(value, depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {re.split(r"[/:#]", v)[-1].lower() for v in values if isinstance(v, str)}


def _first_text(value: Any) -> str | None:
    if isinstance(value, list):
        for item in value:
            text = _first_text(item)
            if text:
                return text
        return None
    if isinstance(value, dict):
        return _first_text(value.get("@value") or value.get("name"))
    return clean(value)


@dataclass(frozen=True)
class _LinkedData:
    """What the page's JSON-LD says about its article and its publisher."""

    title: str | None = None
    published: str | None = None
    modified: str | None = None
    language: str | None = None
    site: str | None = None
    section: str | None = None
    keywords: tuple[str, ...] = ()


def _linked_data(doc: Document) -> _LinkedData:
    nodes = doc.jsonld()
    if not nodes:
        return _LinkedData()
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    article = next((n for n in nodes if _types(n) & _ARTICLE_TYPES), None)
    page = next((n for n in nodes if _types(n) & _PAGE_TYPES), None)
    main = article or page
    if main is None:
        website = next((n for n in nodes if _types(n) & _SITE_TYPES), None)
        return _LinkedData(site=_first_text(website.get("name")) if website else None)

    def resolve(value: Any) -> Any:
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in by_id:
            return by_id[value["@id"]]
        if isinstance(value, str) and value in by_id:
            return by_id[value]
        return value

    def pick(key: str) -> Any:
        for node in (article, page):
            if node is not None and node.get(key) not in (None, "", []):
                return node.get(key)
        return None

    publisher = resolve(pick("publisher"))
    site = _first_text(publisher.get("name")) if isinstance(publisher, dict) else None
    if site is None:
        part_of = resolve(pick("isPartOf"))
        if isinstance(part_of, dict) and _types(part_of) & _SITE_TYPES:
            site = _first_text(part_of.get("name"))
    if site is None:
        website = next((n for n in nodes if "website" in _types(n)), None)
        site = _first_text(website.get("name")) if website else None
    language = pick("inLanguage")
    if isinstance(language, dict):
        language = language.get("alternateName") or language.get("name")
    return _LinkedData(
        title=_first_text(pick("headline")) or _first_text(main.get("name")),
        published=_first_text(pick("datePublished")),
        modified=_first_text(pick("dateModified")),
        language=language_code(_first_text(language)),
        site=site,
        section=_first_text(pick("articleSection")),
        keywords=_keywords(pick("keywords")),
    )


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        return ()
    return tuple(t for t in (_first_text(i) for i in items) if t)


# -- the adapter -------------------------------------------------------------------------------


def dedupe(values: Iterable[str | None]) -> tuple[str, ...]:
    """Non-empty values in first-seen order, repeats (ignoring case) dropped."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return tuple(out)


def _itemprop(doc: Document, name: str) -> str | None:
    """A microdata value (``content``/``datetime`` attribute, else text) for ``itemprop=name``."""
    found = doc.by_itemprop.get(name)
    if not found:
        return None
    tag = found[0]
    for attribute in ("content", "datetime"):
        value = tag.get(attribute)
        if isinstance(value, str) and value.strip():
            return value
    return tag.get_text(" ")


def _time_element(doc: Document) -> str | None:
    """The publication ``<time datetime>``: marked ``pubdate``, else inside ``<article>``, else first."""
    candidates = [t for t in doc.by_name.get("time", ()) if isinstance(t.get("datetime"), str)]
    for tag in candidates:
        if tag.has_attr("pubdate"):
            return str(tag["datetime"])
    for tag in candidates:
        if tag.find_parent("article") is not None:
            return str(tag["datetime"])
    return str(candidates[0]["datetime"]) if candidates else None


def _first_date(values: Iterable[str | None]) -> str | None:
    for value in values:
        parsed = parse_machine_date(value)
        if parsed:
            return parsed
    return None


def read(doc: Document) -> Page:
    """Recover a page's metadata from standard markup alone."""
    linked = _linked_data(doc)
    site = doc.meta("og:site_name") or linked.site or doc.meta("dc.publisher", "dcterms.publisher")
    parts = split_url(doc.url)
    host = (parts.hostname if parts else None) or ""
    names = [n for n in (site, host, host.removeprefix("www.")) if n]
    title = (
        doc.meta("citation_title")
        or linked.title
        or doc.meta("og:title", "twitter:title")
        or doc.meta("dc.title", "dcterms.title")
    )
    if title is None:
        whole = doc.title_tag()
        stripped = strip_site_suffix(whole, names) if whole else None
        # A <title> that is nothing but the site name says nothing about this page.
        title = (
            doc.first_h1()
            if stripped is None or stripped.casefold() in {n.casefold() for n in names}
            else stripped
        )
    elif names:
        title = strip_site_suffix(title, names)
    published = _first_date(
        [
            *doc.meta_all("article:published_time"),
            linked.published,
            *doc.meta_all("citation_publication_date", "citation_date", "citation_online_date"),
            *doc.meta_all("dcterms.issued", "dc.date.issued", "dc.date", "dcterms.date", "dcterms.created"),
            _itemprop(doc, "datePublished"),
            _time_element(doc),
        ]
    )
    modified = _first_date(
        [
            *doc.meta_all("article:modified_time", "og:updated_time"),
            linked.modified,
            *doc.meta_all("dcterms.modified", "dc.date.modified"),
            _itemprop(doc, "dateModified"),
        ]
    )
    language = (
        doc.html_lang()
        or linked.language
        or language_code(doc.meta("dc.language", "dcterms.language", "citation_language"))
        or language_code(doc.meta("og:locale"))
        or language_code(doc.meta("content-language"))
    )
    return Page(
        title=title,
        published=published,
        modified=modified,
        rubric=doc.meta("article:section", "og:section") or linked.section,
        tags=dedupe([*doc.meta_all("article:tag"), *linked.keywords]),
        canonical_url=doc.canonical(),
        language=language,
        site=site,
        adapter="generic",
        looks_missing=doc.looks_missing(),
    )
