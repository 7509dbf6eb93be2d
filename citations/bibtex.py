"""A minimal BibLaTeX writer on bibtexparser v2's model and writer.

Keys are stable (``belta2023_567456`` for BelTA, ``<author|host><year>`` otherwise) and made
unique deterministically; text fields have every LaTeX special escaped so no value can close
its braces or run a command; URLs are written as they are (only characters that would break
the braces are percent-encoded). Incomplete URLs are never invented: they go to ``note``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from citations.models import DocumentResult, Kind, Reference

_SPECIALS = {
    "\\": r"\textbackslash{}",
    # BibTeX and biber count braces even after a backslash: "\{" would unbalance the field.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "#": r"\#",
    "&": r"\&",
    "_": r"\_",
    "$": r"\$",
    "^": r"\^{}",
    "~": r"\~{}",
}
_SPECIALS_RE = re.compile("|".join(re.escape(c) for c in _SPECIALS))
_ENTRY_TYPES = {
    Kind.WEB_ARTICLE: "online",
    Kind.GOVERNMENT_PAGE: "online",
    Kind.WEB_PAGE: "online",
    Kind.BOOK: "book",
    Kind.ARTICLE: "article",
}
_FRENCH = re.compile(r"\b(?:le|la|les|des|du|de|et|à|une|est|avec|sur|pour)\b", re.IGNORECASE)
_ENGLISH = re.compile(r"\b(?:the|and|of|to|with|on|for|is|in)\b", re.IGNORECASE)


def escape(text: str) -> str:
    """Escape LaTeX specials in one pass (so the backslash of an escape is never re-escaped)."""
    return _SPECIALS_RE.sub(lambda m: _SPECIALS[m.group()], text)


def url_value(url: str) -> str:
    """A URL as a field value: unchanged except braces, backslashes and spaces, percent-encoded."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def language(text: str) -> str:
    """A biblatex ``langid`` guessed from the title's script and function words."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum("CYRILLIC" in unicodedata.name(c, "") for c in letters) > len(letters) / 2:
        return "belarusian" if re.search(r"[іўІЎ]", text) else "russian"
    return (
        "french"
        if len(_FRENCH.findall(text)) >= len(_ENGLISH.findall(text)) and _FRENCH.search(text)
        else "english"
    )


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


def keys(refs: Sequence[Reference]) -> list[str]:
    """Unique keys in reference order: a base used more than once gets a, b, c… in footnote
    order, skipping any key already taken (a base may itself end in a letter)."""
    bases = [base_key(r) for r in refs]
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


def _original_title(ref: Reference) -> str | None:
    """The Russian headline rebuilt from a BelTA slug, for a title cited in translation."""
    if (
        not ref.belta
        or not ref.belta.slug
        or not ref.title
        or language(ref.title) in ("russian", "belarusian")
    ):
        return None
    from citations.translit.reverse import reconstruct

    names = [a.split(",")[0] for a in ref.authors] + ref.title.split()
    return reconstruct(ref.belta.slug, hints=names).text


def _fields(ref: Reference, doc: str) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    if ref.authors:
        fields.append(("author", " and ".join(escape(a) for a in ref.authors)))
    if ref.title:
        fields.append(("title", escape(ref.title)))
    original = _original_title(ref)
    if original:
        fields.append(("origtitle", escape(original)))
    if ref.belta:
        fields.append(("organization", "BelTA"))
    elif ref.publisher:
        fields.append(("publisher", escape(ref.publisher)))
    if ref.place:
        fields.append(("location", escape(ref.place)))
    if ref.year:
        fields.append(("year", str(ref.year)))
    if ref.pages:
        fields.append(("pages", escape(ref.pages.replace("-", "--").replace("–", "--"))))
    if ref.url and ref.url_complete:
        fields.append(("url", url_value(ref.url)))
    if ref.access_date:
        m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", ref.access_date)
        if m:
            fields.append(("urldate", f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"))
    notes = [f"{doc}, footnote {ref.n}"]
    if ref.medium:
        notes.append(ref.medium)
    if original:
        notes.append("original title reconstructed from the URL")
    if ref.url and not ref.url_complete:
        notes.append(f"URL incomplete in the manuscript: {ref.url}")
    elif ref.url_complete is False:
        notes.append("URL missing in the manuscript")
    fields.append(("note", escape("; ".join(notes))))
    if ref.title:
        fields.append(("langid", language(ref.title)))
    return fields


def to_bibtex(results: Iterable[DocumentResult]) -> str:
    """BibLaTeX for every reference that cites something (ibid and plain notes are skipped)."""
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.model import Block, Entry, Field
    from bibtexparser.writer import BibtexFormat

    refs: list[tuple[Reference, str]] = []
    for result in results:
        doc = result.path.replace("\\", "/").rsplit("/", 1)[-1]
        refs.extend(
            (r, doc)
            for r in result.references
            if r.kind in _ENTRY_TYPES or (r.kind == Kind.OTHER and r.title and r.url)
        )
    entries: list[Block] = []
    for (ref, doc), key in zip(refs, keys([r for r, _ in refs]), strict=True):
        entry_type = _ENTRY_TYPES.get(ref.kind, "misc")
        entries.append(Entry(entry_type, key, [Field(k, v) for k, v in _fields(ref, doc)]))
    fmt = BibtexFormat()  # type: ignore[no-untyped-call]
    fmt.indent = "  "
    fmt.block_separator = "\n"
    text = write_string(Library(entries), bibtex_format=fmt)
    return text.rstrip("\n") + "\n"
