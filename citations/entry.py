"""Bibliography entries: one format-neutral record per cited work, which every exporter
(BibTeX/BibLaTeX, CSL-JSON, RIS, formatted styles) writes and every bibliography reader gives.

An entry is built from a parsed reference and, when the link was resolved, from the page's
own metadata (original title, publication date, site); nothing is invented: an incomplete URL
stays out of ``url`` and is kept in ``url_incomplete``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from citations.models import DocumentResult, Kind, Outcome, Reference

#: Input formats that are bibliographies already (their entries keep their keys).
BIBLIOGRAPHY_FORMATS = frozenset({"bibtex", "csl-json", "ris"})
#: The kinds that make an entry (an ibid or a plain note does not).
CITABLE = frozenset({Kind.WEB_ARTICLE, Kind.GOVERNMENT_PAGE, Kind.WEB_PAGE, Kind.BOOK, Kind.ARTICLE})
_FRENCH = re.compile(r"\b(?:le|la|les|des|du|de|et|à|une|est|avec|sur|pour)\b", re.IGNORECASE)
_ENGLISH = re.compile(r"\b(?:the|and|of|to|with|on|for|is|in)\b", re.IGNORECASE)
_ACCESS_RE = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Name:
    """A person or body: ``family``/``given`` when the split is safe, else ``literal``."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None

    def text(self) -> str:
        if self.literal:
            return self.literal
        return ", ".join(x for x in (self.family, self.given) if x)


@dataclass(frozen=True)
class Entry:
    """One bibliography item.

    ``kind`` is a :class:`Kind` value; ``issued`` and ``accessed`` are date parts (year, or
    year-month-day); ``language`` is the BCP 47 code of the title as cited, ``original_title``
    the title in the page's language (``original_source`` says where it comes from: ``page``
    for a resolved page, ``reconstructed`` for a headline rebuilt from a BelTA slug).
    ``document``/``footnote``/``line`` locate the footnote; ``link`` is the link outcome when
    checked.
    """

    key: str
    kind: str
    title: str | None = None
    authors: tuple[Name, ...] = ()
    original_title: str | None = None
    original_source: str | None = None
    language: str | None = None
    original_language: str | None = None
    container: str | None = None
    publisher: str | None = None
    place: str | None = None
    issued: tuple[int, ...] = ()
    accessed: tuple[int, ...] = ()
    url: str | None = None
    url_incomplete: str | None = None
    pages: str | None = None
    #: What a received bibliography may carry and a footnote seldom does: kept through export.
    volume: str | None = None
    issue: str | None = None
    doi: str | None = None
    isbn: str | None = None
    medium: str | None = None
    note: str | None = None
    document: str | None = None
    footnote: int | None = None
    line: int | None = None
    link: str | None = None
    archive_url: str | None = None
    #: Where a bibliography reader found the entry (its first line in that file); not part of
    #: what the entry says, so two equal entries read from different places stay equal.
    source_line: int | None = field(default=None, compare=False)


def language_of(text: str) -> str:
    """The BCP 47 code of a title, from its script and function words (ru, be, fr or en)."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum("CYRILLIC" in unicodedata.name(c, "") for c in letters) > len(letters) / 2:
        return "be" if re.search(r"[іўІЎ]", text) else "ru"
    if _FRENCH.search(text) and len(_FRENCH.findall(text)) >= len(_ENGLISH.findall(text)):
        return "fr"
    return "en"


def split_name(author: str) -> Name:
    """``Pivovar, E.`` / ``E. Pivovar`` / ``Пивовар Е. А.`` → family and given; anything else
    (an organisation, a name with more words than a person's) stays literal."""
    text = " ".join(author.split())
    if "," in text:
        family, _, given = text.partition(",")
        family, given = family.strip(), given.strip()
        if family and len(family.split()) <= 2 and len(given.split()) <= 3:
            return Name(family=family, given=given or None)
        return Name(literal=text)
    words = text.split()
    initials = [w for w in words if re.fullmatch(r"(?:\w\.-?)+", w)]
    if len(words) >= 2 and initials and len(words) - len(initials) == 1:
        family = next(w for w in words if w not in initials)
        return Name(family=family, given=" ".join(initials))
    return Name(literal=text)


def _ascii_word(text: str) -> str:
    word = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", word.encode("ascii", "ignore").decode().lower())


def base_key(ref: Reference) -> str:
    """``belta2023_567456`` for BelTA, else the first author's or the host's ASCII name and the
    year, else ``fn<n>``."""
    if ref.belta:
        return f"belta{ref.belta.year or ''}_{ref.belta.id}"
    year = str(ref.year or "")
    name = ""
    if ref.authors:
        name = _ascii_word(ref.authors[0].split(",")[0].split()[0])
    if not name and ref.host:
        name = _ascii_word(ref.host.removeprefix("www.").split(".")[0])
    return name + year if name else f"fn{ref.n}"


def unique_keys(bases: Sequence[str]) -> list[str]:
    """Unique keys in order: a base used more than once gets a, b, c… in order, skipping any
    key already taken (a base may itself end in a letter)."""
    total = Counter(bases)
    taken = {b for b, count in total.items() if count == 1}
    seen: Counter[str] = Counter()
    out = []
    for b in bases:
        key = b
        while total[b] > 1 and (key == b or key in taken):
            key = f"{b}{_suffix(seen[b])}"
            seen[b] += 1
        taken.add(key)
        out.append(key)
    return out


def _suffix(k: int) -> str:
    letters = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        letters = chr(97 + r) + letters
    return letters


def _date_parts(iso: str | None) -> tuple[int, ...]:
    m = _ISO_DATE_RE.match(iso or "")
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else ()


def access_parts(access_date: str | None) -> tuple[int, ...]:
    """``01.06.2023`` → (2023, 6, 1); anything unreadable → ()."""
    m = _ACCESS_RE.search(access_date or "")
    if not m:
        return ()
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return (year, month, day) if 1 <= month <= 12 and 1 <= day <= 31 else ()


def _original(ref: Reference, language: str | None) -> tuple[str | None, str | None, str | None]:
    """(original title, its source, its language): the resolved page's headline when the
    footnote cites a translation, else for BelTA the headline rebuilt from the slug."""
    page = ref.link.page if ref.link else None
    if (
        page
        and page.title
        and ref.link
        and not ref.link.outcome.dead
        and ref.link.outcome is not Outcome.SOFT_404
    ):
        page_language = page.language or language_of(page.title)
        if page_language != language:
            return page.title, "page", page_language
        return None, None, None
    if not ref.belta or not ref.belta.slug or not ref.title or language in ("ru", "be"):
        return None, None, None
    from citations.translit.reverse import reconstruct

    names = [a.split(",")[0] for a in ref.authors] + ref.title.split()
    return reconstruct(ref.belta.slug, hints=names).text, "reconstructed", "ru"


def entry_of(ref: Reference, key: str, document: str | None = None) -> Entry:
    """The entry of one reference (with its resolved page, if any)."""
    language = language_of(ref.title) if ref.title else None
    original, source, original_language = _original(ref, language)
    page = ref.link.page if ref.link else None
    issued = _date_parts(page.published) if page and source == "page" else ()
    if not issued and ref.year:
        issued = (ref.year,)
    belta = ref.belta is not None or (ref.host or "").removeprefix("www.").endswith("belta.by")
    container = "BelTA" if belta else (page.site if page and source == "page" else None) or ref.container
    complete = bool(ref.url and ref.url_complete is not False)
    return Entry(
        key=key,
        kind=ref.kind.value,
        title=ref.title,
        authors=tuple(split_name(a) for a in ref.authors),
        original_title=original,
        original_source=source,
        language=language,
        original_language=original_language,
        container=container,
        publisher=ref.publisher,
        place=ref.place,
        issued=issued,
        accessed=access_parts(ref.access_date) or _checked_on(ref),
        url=ref.url if complete else None,
        url_incomplete=None if complete else ref.url,
        pages=ref.pages,
        medium=ref.medium,
        note=_remarks(ref),
        document=document,
        footnote=ref.n,
        line=ref.span.first,
        link=ref.link.outcome.value if ref.link and ref.link.source != "none" else None,
        archive_url=ref.link.archive_url if ref.link else None,
    )


def _checked_on(ref: Reference) -> tuple[int, ...]:
    """The day the link was checked, for an access date the footnote does not give (a
    cassette's recorded date keeps the output the same on every replay)."""
    link = ref.link
    if link is None or link.source == "none" or not link.checked_at or link.outcome.dead:
        return ()
    return _date_parts(link.checked_at)


def _remarks(ref: Reference) -> str | None:
    """What the editor must know that no field says: a URL missing, a letter lost."""
    remarks = []
    if ref.url is None and ref.url_complete is False:
        remarks.append("URL missing in the manuscript")
    if any("\ufffd" in text for text in (ref.title or "", *ref.authors)):
        remarks.append("a character was lost in the manuscript (U+FFFD in the title)")
    return "; ".join(remarks) or None


def citable(ref: Reference) -> bool:
    """Whether a reference makes a bibliography entry."""
    return ref.kind in CITABLE or (ref.kind == Kind.OTHER and bool(ref.title and ref.url))


def entries(results: Iterable[DocumentResult]) -> list[Entry]:
    """Every citable reference of every document, in document and footnote order, keyed. A
    bibliography file gives every entry it holds, as read, with what checking added."""
    items: list[tuple[str, Callable[[str], Entry]]] = []
    for result in results:
        document = result.path.replace("\\", "/").rsplit("/", 1)[-1]
        if result.format in BIBLIOGRAPHY_FORMATS:
            checked = {r.label: r for r in result.references}
            for original in result.entries:
                ref = checked.get(original.key)
                items.append((original.key, partial(_from_bibliography, original, ref, document)))
        else:
            items.extend(
                (base_key(r), partial(_from_reference, r, document)) for r in result.references if citable(r)
            )
    keys = unique_keys([base for base, _ in items])
    return [build(key) for (_, build), key in zip(items, keys, strict=True)]


def _from_reference(ref: Reference, document: str, key: str) -> Entry:
    return entry_of(ref, key, document)


def _from_bibliography(original: Entry, ref: Reference | None, document: str, key: str) -> Entry:
    return _update(original, entry_of(ref, key, document)) if ref else replace(original, key=key)


def _update(original: Entry, checked: Entry) -> Entry:
    """An entry read from a bibliography, with what checking its link added (the outcome, an
    archived copy, the page's own title and date); everything else stays as the editor had it."""
    changes: dict[str, object] = {"key": checked.key}
    if checked.link:
        changes.update(link=checked.link, archive_url=checked.archive_url or original.archive_url)
    if checked.original_source == "page" and not original.original_title:
        changes.update(
            original_title=checked.original_title,
            original_source="page",
            original_language=checked.original_language,
        )
        if len(checked.issued) > len(original.issued):
            changes["issued"] = checked.issued
    return replace(original, **changes)  # type: ignore[arg-type]


_KINDS = {k.value: k for k in Kind}


def reference_of(entry: Entry, n: int) -> Reference:
    """A reference to check, from an entry of a bibliography file (a .bib, CSL-JSON or RIS
    file an editor received instead of a manuscript); ``n`` numbers it in file order."""
    from citations import urls
    from citations.models import Span

    url = entry.url or entry.url_incomplete
    line = entry.source_line or entry.line or n
    year = entry.issued[0] if entry.issued else None
    access = (
        f"{entry.accessed[2]:02d}.{entry.accessed[1]:02d}.{entry.accessed[0]}"
        if len(entry.accessed) == 3
        else None
    )
    raw = " ".join(x for x in (", ".join(a.text() for a in entry.authors), entry.title, url) if x)
    return Reference(
        n=entry.footnote or n,
        raw=raw,
        kind=_KINDS.get(entry.kind, Kind.WEB_ARTICLE if url else Kind.OTHER),
        span=Span(line, line),
        authors=tuple(a.text() for a in entry.authors),
        title=entry.title,
        medium=entry.medium,
        container=entry.container,
        year=year,
        url=url,
        url_complete=bool(entry.url) if url else None,
        host=urls.host_of(url) if url else None,
        publisher=entry.publisher,
        place=entry.place,
        pages=entry.pages,
        access_date=access,
        belta=urls.belta_parts(url) if url else None,
        label=entry.key,
    )
