"""Site adapters: article metadata recovered from a fetched HTML page.

:func:`read_page` decodes the body, parses it once and hands it to the adapter for the host:
:mod:`~citations.adapters.belta` for belta.by and its language sites, else
:mod:`~citations.adapters.generic`. It never raises: a page that cannot be read gives an empty
:class:`~citations.models.Page`, because one odd response must not stop a run.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from bs4 import BeautifulSoup
from bs4.filter import SoupStrainer

from citations.adapters import belta, generic
from citations.adapters.decode import decode_html
from citations.models import Page

__all__ = ["decode_html", "read_page"]

# Scripts (except JSON-LD), styles, comments and inline SVG carry no metadata but are often
# most of a page's bytes; dropping them before parsing keeps a 2 MB page well under a second.
_NOISE_OPEN = re.compile(r"<(script|style|svg|noscript|template)\b[^>]{0,2000}>|<!--", re.IGNORECASE)
# Only these elements (with their whole subtrees) are built into the tree: building a bs4 object
# for every tag of a 2 MB page costs more than everything else together.
_KEEP_TAGS = frozenset({"head", "title", "meta", "link", "h1", "h2", "time", "article", "script"})
_KEEP_CLASSES = frozenset({"content_margin", "date_full", "sp_date", "rubric", "news_tags_block"})
_HTML_TAG = re.compile(r"<html\b[^>]{0,2000}>", re.IGNORECASE)
_CLOSERS = {
    name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
    for name in ("script", "style", "svg", "noscript", "template")
} | {"": re.compile("-->")}
_LD_JSON = re.compile(r"""type\s*=\s*["']?application/ld\+json""", re.IGNORECASE)


def read_page(url: str, body: bytes, content_type: str | None) -> Page:
    """Metadata of the page at ``url`` (the final URL after redirects) from its raw ``body``.

    ``content_type`` is the response's Content-Type header (its charset is one piece of
    evidence for decoding). Never raises.
    """
    adapter = "belta" if _is_belta(url) else "generic"
    try:
        return _read(url, body, content_type, adapter)
    except Exception:  # lxml/bs4 on hostile input (deep nesting, odd bytes): no metadata
        return Page(adapter=adapter)


def _read(url: str, body: bytes, content_type: str | None, adapter: str) -> Page:
    """:func:`read_page` without its safety net (the fuzz tests call this to see real errors)."""
    text = _strip_noise(decode_html(body, content_type))
    with warnings.catch_warnings():
        # bs4 warns about input that looks like a URL or a file name; for us it is a page.
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(text, "lxml", parse_only=_Relevant())
        lang = _html_lang(text)
    doc = generic.Document.parse(url, soup, lang)
    return belta.read(doc) if adapter == "belta" else generic.read(doc)


class _Relevant(SoupStrainer):
    """Keeps the elements adapters read (see ``_KEEP_TAGS``/``_KEEP_CLASSES``), drops the rest.

    bs4 asks this only for elements outside an already kept one, so a kept element keeps its
    subtree (``.content_margin > h1``, the rubric link inside ``div.sp_date``) intact.
    """

    def allow_tag_creation(self, nsprefix: str | None, name: str, attrs: Any) -> bool:
        return self._relevant(name, attrs)

    @staticmethod
    def _relevant(name: str, attrs: Any) -> bool:
        if name in _KEEP_TAGS:
            return True
        if not attrs:
            return False
        if "itemprop" in attrs:
            return True
        classes = attrs.get("class")
        words = classes.split() if isinstance(classes, str) else classes if isinstance(classes, list) else ()
        return not _KEEP_CLASSES.isdisjoint(words)

    def allow_string_creation(self, string: str) -> bool:
        return False


def _html_lang(text: str) -> str | None:
    """``lang`` of the page's ``<html>`` start tag (the strainer drops that element itself)."""
    match = _HTML_TAG.search(text, 0, 65536)
    if match is None:
        return None
    html = BeautifulSoup(match.group(0), "lxml").find("html")
    value = (html.get("lang") or html.get("xml:lang")) if html is not None else None
    return value if isinstance(value, str) else None


def _is_belta(url: str) -> bool:
    try:
        return belta.handles(url)
    except Exception:  # a malformed URL is simply not BelTA's
        return False


def _strip_noise(html: str) -> str:
    """``html`` without comments and non-JSON-LD ``script``/``style``/``svg`` elements.

    Forward-only searches rather than one lazy regex over the page, so many unclosed
    ``<script`` tags in a hostile page cannot make it quadratic.
    """
    out: list[str] = []
    position = 0
    while True:
        match = _NOISE_OPEN.search(html, position)
        if match is None:
            break
        name = (match.group(1) or "").lower()
        closing = _CLOSERS[name].search(html, match.end())
        if closing is None:
            break  # unclosed: leave the rest to the parser
        keep = name == "script" and _LD_JSON.search(match.group(0)) is not None
        out.append(html[position : closing.end() if keep else match.start()])
        position = closing.end()
    out.append(html[position:])
    return "".join(out)
