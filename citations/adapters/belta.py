"""The BelTA adapter: belta.by and its language sites, in the layouts GUIDE §3 describes.

Headline ``.content_margin > h1`` (else the first ``h1``, ``og:title``, ``<title>``); date
``article:published_time`` (local Minsk time without zone), else the printed ``div.date_full``
(month names in the site's language), else the 2015 ``div.sp_date`` (``22.07.2015 | 10:26``);
rubric ``og:section``, ``a.rubric``, the link in the date block, or the URL's first segment;
tags ``.news_tags_block a`` and ``article:tag``.
"""

from __future__ import annotations

from urllib.parse import unquote

from bs4 import Comment, Tag

from citations.adapters.dates import MINSK, parse_machine_date, parse_printed_date
from citations.adapters.generic import (
    Document,
    clean,
    dedupe,
    language_code,
    split_url,
    strip_site_suffix,
)
from citations.models import Page

__all__ = ["SITE_LANGUAGES", "handles", "read"]

#: Language of each BelTA host's first label; the apex, ``www`` and ``m`` are Russian.
SITE_LANGUAGES: dict[str, str] = {
    "": "ru",
    "www": "ru",
    "m": "ru",
    "eng": "en",
    "blr": "be",
    "pol": "pl",
    "deu": "de",
    "esp": "es",
    "chn": "zh",
}
# Names the agency may add to a page title; only a whole " | "/" - " part equal to one is dropped.
_NAMES = (
    "БелТА",
    "BelTA",
    "Белорусское телеграфное агентство",
    "Belarusian Telegraph Agency",
    "Беларускае тэлеграфнае агенцтва",
    "Новости Беларуси",
    "News of Belarus",
)
_DATE_BLOCKS = ("date_full", "sp_date")  # classes, current layout first


def handles(url: str) -> bool:
    """True for belta.by and any ``*.belta.by`` host (also inside a Wayback Machine address)."""
    host = _host(url)
    return host == "belta.by" or host.endswith(".belta.by")


def _host(url: str) -> str:
    parts = split_url(url)
    return ((parts.hostname if parts else None) or "").lower().rstrip(".")


def _subsite(url: str) -> str:
    """``eng`` for eng.belta.by, ``""`` for the apex; ``m.eng.belta.by`` counts as ``eng``."""
    labels = _host(url).removesuffix("belta.by").rstrip(".").split(".")
    labels = [label for label in labels if label and label != "m"]
    return labels[-1] if labels else ""


def _headline(doc: Document) -> str | None:
    for tag in doc.by_name.get("h1", ()):
        classes = tag.parent.get("class") if tag.parent is not None else None
        if isinstance(classes, list) and "content_margin" in classes:  # .content_margin > h1
            text = clean(tag.get_text(" "))
            if text:
                return text
    return doc.first_h1()


def _date_block(doc: Document) -> Tag | None:
    for name in _DATE_BLOCKS:
        found = doc.by_class.get(name)
        if found:
            return found[0]
    return None


def _block_date(doc: Document) -> str | None:
    for name in _DATE_BLOCKS:
        for tag in doc.by_class.get(name, [])[:3]:
            # The block's own text first: the rubric link and share buttons are not the date
            # (but some layouts put the date itself in a link, hence the second try).
            parsed = parse_printed_date(_own_text(tag), MINSK) or parse_printed_date(tag.get_text(" "), MINSK)
            if parsed:
                return parsed
    return None


def _own_text(block: Tag) -> str:
    """The block's text outside links and share widgets."""
    parts: list[str] = []
    for string in block.find_all(string=True):
        if isinstance(string, Comment):
            continue
        parent = string.parent
        while parent is not None and parent is not block:
            classes = parent.get("class")
            if parent.name == "a" or (isinstance(classes, list) and "share" in classes):
                break
            parent = parent.parent
        else:
            parts.append(str(string))
    return " ".join(parts)


def _rubric(doc: Document) -> str | None:
    found = doc.meta("og:section", "article:section")
    if found:
        return found
    for tag in doc.by_class.get("rubric", ()):
        text = clean(tag.get_text(" ")) if tag.name == "a" else None
        if text:
            return text
    block = _date_block(doc)
    link = block.find("a") if block is not None else None
    if isinstance(link, Tag):
        text = clean(link.get_text(" ")) or clean(link.get("title"))
        if text:
            return text
    return _path_rubric(doc.url)


def _path_rubric(url: str) -> str | None:
    """``regions`` from ``/regions/view/...``; ``economics`` from ``/ru/all_news/economics/...``."""
    parts = split_url(url)
    if parts is None:
        return None
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if len(segments) >= 3 and segments[1] == "all_news":
        return segments[2]
    if len(segments) >= 2 and segments[1] == "view":
        return segments[0]
    return None


def _title(doc: Document, headline: str | None, site: str) -> str | None:
    names = [site, *_NAMES]
    for candidate in (headline, doc.meta("og:title"), doc.title_tag()):
        if candidate:
            return strip_site_suffix(candidate, names)
    return None


def read(doc: Document) -> Page:
    """Recover a BelTA article page's metadata."""
    site = doc.meta("og:site_name") or "BelTA"
    published = parse_machine_date(doc.meta("article:published_time"), MINSK) or _block_date(doc)
    headline = _headline(doc)
    parts = split_url(doc.url)
    # An article address that serves neither a headline nor a date got an index or search page
    # instead of the article.
    served_other = bool(parts and "/view/" in parts.path) and headline is None and published is None
    missing = served_other or doc.looks_missing()
    tags = [
        clean(a.get_text(" "))
        for block in doc.by_class.get("news_tags_block", ())
        for a in block.find_all("a")
    ]
    language = (
        doc.html_lang()
        or language_code(doc.meta("og:locale"))
        or language_code(doc.meta("content-language"))
        or SITE_LANGUAGES.get(_subsite(doc.url))
    )
    return Page(
        title=_title(doc, headline, site),
        published=published,
        modified=parse_machine_date(doc.meta("article:modified_time"), MINSK),
        rubric=_rubric(doc),
        tags=dedupe([*tags, *doc.meta_all("article:tag")]),
        canonical_url=doc.canonical(),
        language=language,
        site=site,
        adapter="belta",
        looks_missing=missing,
    )
