"""The GOST R 7.0.5-2008 / 7.0.100-2018 footnote grammar, in Russian, French and English wording.

A footnote reference is, in order and with most parts optional::

    [Author, I. O.] Title [Medium] [/ responsibility] [// Container]. - [Place : Publisher,] Year.
    - [Pages.] - URL : address (access date).

Areas are separated by ". - " (any dash). Translations keep the punctuation but not the words,
so the designations are matched in each language. Nothing here guesses a value that is not
written: fields that cannot be found stay ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from citations import urls
from citations.models import Finding, Kind, Severity

MEDIUM_RE = re.compile(
    r"\[\s*(?:Электронный\s+ресурс|Электронны\s+рэсурс|Ressource\s+électronique|Ressource\s+electronique|"
    r"Electronic\s+resource|Recurso\s+electrónico|Elektronische\s+Ressource|Zasób\s+elektroniczny|"
    r"Текст|Text|Texte|Видео|Video)\s*\]"
    r"|(?:Текст|Тэкст|Text|Texte)\s*:\s*(?:электронный|электронны|electronic|électronique|непосредственный|"
    r"непасрэдны|unmediated)",
    re.IGNORECASE,
)
URL_LABEL_RE = re.compile(
    r"\b(?:URL|Режим\s+доступа|Рэжым\s+доступу|Mode\s+d['’]accès|Access\s+mode|Mode\s+of\s+access|Available\s+(?:at|from)|"
    r"Disponible\s+(?:sur|à\s+l['’]adresse))\s*:",
    re.IGNORECASE,
)
ACCESS_WORDS = (
    r"(?:дата\s+обращения|дата\s+доступа|дата\s+доступу|дата\s+звароту|date\s+of\s+access|accessed(?:\s+on)?|access\s+date|"
    r"last\s+accessed|consulté\s+le|date\s+de\s+consultation)"
)
#: "(дата обращения: 12.03.2023)" (GOST 7.0.5) or ". – Дата доступа: 14.09.2023." (GOST 7.1-2003).
ACCESS_RE = re.compile(
    rf"\(\s*{ACCESS_WORDS}\s*:?\s*(?P<date>[^)]{{4,40}}?)\s*\)"
    rf"|\b{ACCESS_WORDS}\s*:?\s*(?P<date2>\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|\d{{1,2}}\s+\w+\s+\d{{4}})\.?",
    re.IGNORECASE,
)
#: A date written with a month name, for the year of a reference in a non-GOST style.
DATE_WORDS_RE = re.compile(
    r"\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|mai|juin|juil|août|sept|"
    r"oct|nov|déc|январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*\.?\s+"
    r"(?P<year>1[89]\d\d|20\d\d)\b",
    re.IGNORECASE,
)
#: What introduces a reference inside prose: "See", "Voir aussi", "См.", "Cf." …
LEAD_IN_RE = re.compile(
    r"^(?:See(?:\s+also)?|Voir(?:\s+aussi)?|Cf\.|См\.(?:\s+также)?|Подробнее\s+см\.)\s*:?\s+", re.IGNORECASE
)
#: Words that make "X, 2020" a publisher rather than a place.
PUBLISHER_WORDS_RE = re.compile(
    r"Publish|Press|Verlag|[EÉ]dition|Издательств|Изд|University|Universit|Academic|GmbH|Ltd|Inc\b|LLC|Books",
    re.IGNORECASE,
)
#: "The same work as the previous footnote" (not "op. cit." or "idem", which name other things).
IBID_RE = re.compile(r"^(?:Ibid(?:em)?|Там\s+же|Тамсама)\b\.?", re.IGNORECASE)
#: GOST area separator: ". - " with any dash (hyphen, en dash, em dash).
AREA_SEP_RE = re.compile(r"\.?\s+[-–—]\s+")
#: "Surname, I." or "Surname, I. O." at the head of a reference ("Иванов И. И." without comma too).
HEAD_AUTHOR_RE = re.compile(
    r"^(?P<author>[A-ZА-ЯЁІЎ\ufffd][\w'’\-]+(?:\s[A-ZА-ЯЁІЎ][\w'’\-]+)?"
    r"(?:,\s*(?:[A-ZА-ЯЁІЎ\ufffd][a-zа-яёіў]?\.\s?){1,2}|\s(?:[A-ZА-ЯЁІЎ][a-zа-яёіў]?\.\s?){2}))\s+(?=\S)"
)
#: A personal name as a responsibility statement writes it: "E. Pivovar", "Yu. V. Shevtsov", "Pivovar, E.".
NAME_RE = re.compile(
    r"(?:[A-ZА-ЯЁІЎ][a-zа-яёіў]?\.\s?){1,2}\s?[A-ZА-ЯЁІЎ][\w'’\-]+|[A-ZА-ЯЁІЎ][\w'’\-]+,?\s(?:[A-ZА-ЯЁІЎ][a-zа-яёіў]?\.\s?){1,2}"
)
PAGES_RE = re.compile(r"^(?:[СCсc\ufffd]|[PpSs]|pp|Pp)\.\s*(?P<pages>\d+(?:\s*[-–]\s*\d+)?)\.?$")
YEAR_RE = re.compile(r"(?<!\d)(?P<year>1[89]\d\d|20\d\d)(?!\d)")
PUBLICATION_RE = re.compile(
    r"^(?:(?P<place>[^:,\d][^:,]{0,40}?)\s*:\s*)?(?P<publisher>[^,]{2,}?),\s*(?P<year>1[89]\d\d|20\d\d)\.?$"
)
GOVERNMENT_HOSTS = ("gov.by", "government.by", "president.gov.by")


@dataclass(frozen=True)
class Parsed:
    """Fields of one reference parsed from text (the pipeline adds number, span and raw)."""

    kind: Kind
    authors: tuple[str, ...] = ()
    responsibility: str | None = None
    title: str | None = None
    medium: str | None = None
    container: str | None = None
    year: int | None = None
    url: str | None = None
    host: str | None = None
    publisher: str | None = None
    place: str | None = None
    pages: str | None = None
    access_date: str | None = None
    other_urls: tuple[str, ...] = ()
    problems: tuple[tuple[str, Severity, str, str | None], ...] = field(default=())


def split_references(text: str) -> list[str]:
    """One footnote may cite several works separated by ``;`` — split only where each side
    is itself a reference (has a URL, a medium, an ibid or a year)."""
    parts = re.split(r";\s+(?=[A-ZА-ЯЁІЎ«\"]|Там|Ibid)", text)
    if len(parts) == 1:
        return parts
    if all(is_reference_like(p) for p in parts):
        return [p.strip() for p in parts]
    return [text]


def _looks_like_reference(text: str) -> bool:
    return bool(
        URL_LABEL_RE.search(text)
        or urls.URL_RE.search(text)
        or MEDIUM_RE.search(text)
        or IBID_RE.match(text.strip())
        or (YEAR_RE.search(text) and AREA_SEP_RE.search(text))
    )


def is_reference_like(text: str) -> bool:
    """Does this text carry any mark of a bibliographic reference? (Used by the detector.)"""
    if "  " in text or "\t" in text or "\n" in text:
        text = _clean(text)  # runs of blanks would make the separator patterns quadratic
    return _looks_like_reference(text) or " // " in text or bool(re.search(r"\s/\s\S", text))


def parse(text: str) -> Parsed:
    """Parse one reference. Never raises: unparseable text gives ``Kind.OTHER`` with a title."""
    problems: list[tuple[str, Severity, str, str | None]] = []
    t = _clean(text)
    # A stray ". " or "- " before the text: extraction debris ("54 . Nikolai Snopkov").
    t = re.sub(r"^[.\-–—,:;]\s+", "", t)
    if IBID_RE.match(t):
        mp = re.search(r"(?:^|\s)(?:[СCсc\ufffd]|[PpSs]|pp)\.\s*(\d+(?:\s*[-–]\s*\d+)?)", t)
        return Parsed(kind=Kind.IBID, pages=re.sub(r"\s+", "", mp.group(1)) if mp else None)

    t = _strip_commentary(LEAD_IN_RE.sub("", t))
    access = None
    m = ACCESS_RE.search(t)
    if m:
        access = (m.group("date") or m.group("date2")).strip()
        t = (t[: m.start()].rstrip(" .-–—") + " " + t[m.end() :]).strip()

    url = None
    every_url = [u for _, _, u in urls.find_urls(t)]
    m = URL_LABEL_RE.search(t)
    if m:
        after = t[m.end() :]
        found = urls.find_urls(after)
        if found:
            url = found[0][2]
        else:
            problems.append(
                ("url-missing", Severity.ERROR, f"'{m.group().strip()}' is followed by no address", None)
            )
        t = t[: m.start()].rstrip(" .-–—")
    else:
        found = urls.find_urls(t)
        if found:
            start, end, url = found[0]
            t = (t[:start] + t[end:]).strip()

    mediums = [mm for mm in MEDIUM_RE.finditer(t)]
    medium = mediums[0].group() if mediums else None
    if len(mediums) > 1:
        problems.append(
            (
                "medium-duplicated",
                Severity.WARNING,
                f"the medium designation {medium} is written {len(mediums)} times",
                None,
            )
        )

    # The title ends at the first of: medium, " / " (responsibility), " // " (container), area separator.
    ends = [mm.start() for mm in mediums[:1]]
    for pat in (r"\s/\s", r"\s//\s", r"\s//$"):
        mm = re.search(pat, t)
        if mm:
            ends.append(mm.start())
    if not ends:
        mm = AREA_SEP_RE.search(t)
        if mm:
            ends.append(mm.start())
    head_end = min(ends) if ends else len(t)
    head, tail = t[:head_end], t[head_end:]

    authors: list[str] = []
    ma = HEAD_AUTHOR_RE.match(head)
    if ma and len(head) > ma.end() + 3:
        authors.append(ma.group("author").strip())
        head = head[ma.end() :]
    title = head.strip(" .,:;-–—") or None

    tail = _clean(MEDIUM_RE.sub(" ", tail))
    responsibility = None
    container = None
    mr = re.search(r"(?:^|\s)/\s+(?P<resp>[^/]+?)(?=\s//|\.\s+[-–—]\s|\s*$)", tail)
    if mr and not tail[mr.start() :].lstrip().startswith("//"):
        responsibility = mr.group("resp").strip(" .")
    short_areas: list[str] = []
    mc = re.search(r"//\s*(?P<cont>.*?)(?=\.\s+[-–—]\s|$)", tail)
    if mc and mc.group("cont").strip(" .-–—"):
        container = mc.group("cont").strip(" .")
        # The short form separates areas with periods only: "// Вестник. 2019. № 2. С. 10–15."
        short = re.match(r"(?P<c>.+?)\.\s+(?P<rest>(?:1[89]|20)\d\d\b.*)$", container)
        if short:
            container = short.group("c")
            short_areas = re.split(r"\.\s+(?!\d)", short.group("rest"))
    if not authors and responsibility:
        names = [
            a.strip() for a in re.split(r",\s+(?=[A-ZА-ЯЁІЎ])|\s+и\s+|\s+and\s+|\s+et\s+", responsibility)
        ]
        # Only names become authors; "интервью подготовил И. Петров" stays a responsibility statement.
        authors = [a for a in names if NAME_RE.fullmatch(a)]

    areas = [a.strip(" .") for a in [*AREA_SEP_RE.split(tail)[1:], *short_areas] if a.strip(" .")]
    year = publisher = place = None
    for area in areas:
        mp = PUBLICATION_RE.match(area)
        if mp and not YEAR_RE.fullmatch(area.strip(" .")):
            publisher, place = mp.group("publisher").strip(), (mp.group("place") or "").strip() or None
            if place is None and not PUBLISHER_WORDS_RE.search(publisher):
                place, publisher = publisher, None  # GOST "Минск, 2023": place and year, no publisher
            year = int(mp.group("year"))
            break
    if year is None:
        for area in areas:
            my = YEAR_RE.fullmatch(area.strip(" ."))
            if my:
                year = int(my.group("year"))
                break
    if year is None:
        for area in areas:
            my = YEAR_RE.search(area)
            if my and not PAGES_RE.match(area):
                year = int(my.group("year"))
                break
    if year is None:
        dated = DATE_WORDS_RE.search(text if url is None else text.replace(url, " "))
        if dated:
            year = int(dated.group("year"))
            if title:
                title = title[: title.find(dated.group())].rstrip(" .,;") if dated.group() in title else title
                title = re.sub(r"[.,]\s*(?:BelTA|БелТА|Belta)\s*$", "", title) or title
    pages = _find_pages(areas)

    host = urls.host_of(url) if url else None
    kind = _kind(url, host, medium, publisher, container, pages, title, year, bool(URL_LABEL_RE.search(text)))
    return Parsed(
        kind=kind,
        authors=tuple(authors),
        responsibility=responsibility,
        title=title,
        medium=medium,
        container=container,
        year=year,
        url=url,
        host=host,
        publisher=publisher,
        place=place,
        pages=pages,
        access_date=access,
        other_urls=tuple(u for u in every_url if u != url),
        problems=tuple(problems),
    )


#: "… see: <reference>", "… Подробнее см.: <reference>" inside a commentary footnote.
_LEAD_IN_MID_RE = re.compile(
    r"(?:(?<=\s)|^)(?:see(?:\s+also)?|voir(?:\s+aussi)?|cf\.|см\.(?:\s+также)?|подробнее\s+см\.|гл\.(?:\s+таксама)?)"
    r"(?:\s+[^\s:]+){0,4}?\s*:\s*",
    re.IGNORECASE,
)
#: A sentence end followed by "Surname, I." — where a reference starts after commentary.
_AUTHOR_AFTER_SENTENCE_RE = re.compile(
    r"(?<=[.!?])\s+(?=[A-ZА-ЯЁІЎ][\w'’\-]+,\s*(?:[A-ZА-ЯЁІЎ][a-zа-яёіў]?\.\s?){1,2}\s)"
)


def _strip_commentary(t: str) -> str:
    """The reference inside a footnote that first comments ("Sur la genèse …, voir : <ref>" or
    "<sentences>. Kovalev, M. Title / …"); the commentary stays in the reference's raw text.
    Linear: the bibliographic marks are located once and each candidate split is compared with
    the first of them (the commentary before a split must hold none)."""
    lead_ins = list(_LEAD_IN_MID_RE.finditer(t))
    if not lead_ins and not _AUTHOR_AFTER_SENTENCE_RE.search(t):
        return t  # the usual case: nothing precedes the reference
    marks = [m.start() for rx in (MEDIUM_RE, urls.URL_RE, URL_LABEL_RE) for m in rx.finditer(t)]
    first_mark = min(marks, default=len(t))
    lead = None
    for m in lead_ins:
        if m.start() >= first_mark:
            break
        if m.start() > 0 and marks:
            lead = m  # the last lead-in before the reference wins
    if lead is not None:
        return t[lead.end() :]
    has_medium = MEDIUM_RE.search(t) is not None
    for m in _AUTHOR_AFTER_SENTENCE_RE.finditer(t):
        if m.start() >= first_mark:
            break
        if has_medium or " / " in t[m.end() :]:
            return t[m.end() :]
    return t


def _find_pages(areas: Iterable[str]) -> str | None:
    for area in areas:
        mp = PAGES_RE.match(area.strip())
        if mp:
            return re.sub(r"\s+", "", mp.group("pages"))
    return None


def _kind(
    url: str | None,
    host: str | None,
    medium: str | None,
    publisher: str | None,
    container: str | None,
    pages: str | None,
    title: str | None,
    year: int | None,
    url_labelled: bool,
) -> Kind:
    if url and host:
        return kind_of_url(url, host)
    if (medium and ("лектрон" in medium.lower() or "lectron" in medium.lower())) or url_labelled:
        return Kind.WEB_ARTICLE
    if publisher:
        return Kind.BOOK
    if container and (pages or year):
        return Kind.ARTICLE
    if title and year and pages:
        return Kind.BOOK
    return Kind.OTHER


def kind_of_url(url: str, host: str) -> Kind:
    """What a URL points at, judged by its host and the shape of its path."""
    if any(host == h or host.endswith("." + h) for h in GOVERNMENT_HOSTS):
        return Kind.GOVERNMENT_PAGE
    if urls.BELTA_HOST_RE.match(host) or _looks_like_article_url(url):
        return Kind.WEB_ARTICLE
    return Kind.WEB_PAGE


def _looks_like_article_url(url: str) -> bool:
    """News-style paths: a date or a long numeric id plus a slug."""
    return bool(
        re.search(r"/(?:19|20)\d\d(?:[/-]?\d\d){0,2}/|/\d{5,}-[a-z]", url) or re.search(r"/view/|/news/", url)
    )


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def finding(
    code: str, severity: Severity, message: str, line: int, footnote: int, suggestion: str | None = None
) -> Finding:
    """A finding about footnote ``footnote`` (helper so messages carry the number uniformly)."""
    return Finding(code, severity, f"footnote {footnote}: {message}", line, footnote, suggestion)
