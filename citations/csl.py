"""CSL-JSON: the bibliography as citeproc, pandoc and Zotero read it, and back.

The only module that knows CSL's hyphenated keys. Every item is valid against the official
``csl-data.json`` schema: ``id`` (and ``citation-key``) is the entry key, dates are
``date-parts``, names are ``family``/``given`` or ``literal``. What CSL has no variable for
goes to ``custom`` (snake_case, our own), and the facts an editor must see whatever tool drops
``custom`` (Zotero does) are also spelled out as labelled lines at the end of ``note``: an
incomplete URL (never put in ``URL``), a dead link, an archived copy.

The reader takes our own output back exactly and other tools' CSL tolerantly (dates as
``raw``/``literal`` strings, string numbers, names as ``literal`` or bare strings, no ``id``);
what it cannot use becomes a problem with the item's line, never an exception.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from citations.entry import Entry, Name, unique_keys
from citations.models import Kind, Outcome

#: CSL item type of each entry kind (a news agency's or newspaper's article is a newspaper
#: article, as Zotero files it); any other kind is a ``document``.
TYPES: dict[str, str] = {
    Kind.WEB_ARTICLE.value: "article-newspaper",
    Kind.GOVERNMENT_PAGE.value: "webpage",
    Kind.WEB_PAGE.value: "webpage",
    Kind.BOOK.value: "book",
    Kind.ARTICLE.value: "article-journal",
}
#: Entry kind of a CSL type from another tool (our own items carry their exact kind in ``custom``).
_KIND_OF_TYPE = {
    "article-newspaper": Kind.WEB_ARTICLE.value,
    "webpage": Kind.WEB_PAGE.value,
    "post": Kind.WEB_PAGE.value,
    "post-weblog": Kind.WEB_PAGE.value,
    "book": Kind.BOOK.value,
    "article-journal": Kind.ARTICLE.value,
    "article-magazine": Kind.ARTICLE.value,
    "article": Kind.ARTICLE.value,
}
_KIND_VALUES = frozenset(k.value for k in Kind)
#: Entry attribute → CSL text variable.
_TEXT = (
    ("title", "title"),
    ("original_title", "original-title"),
    ("language", "language"),
    ("container", "container-title"),
    ("publisher", "publisher"),
    ("place", "publisher-place"),
    ("pages", "page"),
    ("volume", "volume"),
    ("issue", "issue"),
    ("doi", "DOI"),
    ("isbn", "ISBN"),
    ("medium", "medium"),
    ("url", "URL"),
)
#: Entry attributes kept in ``custom`` (the keys are the attribute names).
_CUSTOM_TEXT = (
    "kind",
    "original_source",
    "original_language",
    "document",
    "link",
    "archive_url",
    "url_incomplete",
)
_CUSTOM_INT = ("footnote", "line")
#: Labels of the note lines that repeat custom facts for tools that drop ``custom``.
_INCOMPLETE = "URL incomplete in the manuscript: "
_LINK = "Link checked: "
_ARCHIVED = "Archived copy: "
_NOTE_LINE_RE = re.compile(
    f"({re.escape(_INCOMPLETE)}|{re.escape(_LINK)}|{re.escape(_ARCHIVED)})(.+)", re.DOTALL
)
_NOTE_FIELDS = {_INCOMPLETE: "url_incomplete", _LINK: "link", _ARCHIVED: "archive_url"}
_DEAD = frozenset(o.value for o in Outcome if o.dead)
_ISO_RE = re.compile(r"\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?!\d)")
_DMY_RE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
#: A whole number as text (ASCII digits: str.isdigit also takes "²", which int() refuses).
_NUMBER_RE = re.compile(r"-?[0-9]+")
_GAP_RE = re.compile(r"[ \t\n\r]*,?[ \t\n\r]*")

Problems = list[tuple[int, str]]


def csl_item(entry: Entry) -> dict[str, object]:
    """The CSL-JSON item of one entry (empty strings and empty dates are left out)."""
    item: dict[str, object] = {
        "id": entry.key,
        "citation-key": entry.key,
        "type": TYPES.get(entry.kind, "document"),
    }
    for attr, key in _TEXT:
        value = getattr(entry, attr)
        if value:
            item[key] = value
    names = [_csl_name(name) for name in entry.authors]
    if any(names):
        item["author"] = [n for n in names if n]
    for attr, key in (("issued", "issued"), ("accessed", "accessed")):
        parts = getattr(entry, attr)
        if parts:
            item[key] = {"date-parts": [list(parts[:3])]}
    note = "\n".join(
        x for x in (entry.note, *_note_lines(entry.url_incomplete, entry.link, entry.archive_url)) if x
    )
    if note:
        item["note"] = note
    custom: dict[str, object] = {a: getattr(entry, a) for a in _CUSTOM_TEXT if getattr(entry, a)}
    custom.update({a: getattr(entry, a) for a in _CUSTOM_INT if getattr(entry, a) is not None})
    item["custom"] = custom
    return item


def write_csl(entries: Sequence[Entry]) -> str:
    """A CSL-JSON array of the entries in their order: UTF-8 text (not ``\\u`` escapes), keys
    sorted inside items, two-space indent, trailing newline. Keys that are empty or repeated
    are made unique the way :func:`citations.entry.unique_keys` does, so every ``id`` is."""
    keys = unique_keys([e.key or f"item{n}" for n, e in enumerate(entries, 1)])
    items = [csl_item(e if e.key == k else replace(e, key=k)) for e, k in zip(entries, keys, strict=True)]
    return json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read_csl(text: str, path: str = "<string>") -> tuple[list[Entry], list[tuple[int, str]]]:
    """The entries of a CSL-JSON array and the problems found, each as (line, what).

    Never raises on bad data: invalid JSON or a top level that is not an array is one problem
    and no entries; an item that is not an object is skipped; a value of the wrong shape is
    left out of its entry. Items without an ``id`` get ``item<n>`` (n: position), repeated
    ids are made unique. ``path`` is accepted like every reader's; problems carry only the
    line, and the caller names the file.
    """
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [(exc.lineno, f"not valid JSON: {exc.msg} at column {exc.colno}")]
    except (ValueError, RecursionError):
        return [], [(1, "not readable as JSON (nested too deeply, or a number too long)")]
    if not isinstance(data, list):
        return [], [(1, f"a CSL-JSON file is an array of items, not {_json_kind(data)}")]
    problems: Problems = []
    data = _whole_characters(data)
    found: list[tuple[Entry, int, bool]] = []
    for n, (item, line) in enumerate(zip(data, _item_lines(text), strict=False), 1):
        if not isinstance(item, dict):
            problems.append((line, f"item {n} is {_json_kind(item)}, not an object (skipped)"))
            continue
        entry, keyed = _entry(item, n, line, problems)
        found.append((entry, line, keyed))
    keys = unique_keys([e.key for e, _, _ in found])
    out = []
    for (entry, line, keyed), key in zip(found, keys, strict=True):
        if key != entry.key:
            if keyed:
                problems.append((line, f"id {entry.key!r} is used by more than one item: read as {key!r}"))
            entry = replace(entry, key=key)
        out.append(entry)
    problems.sort(key=lambda p: p[0])
    return out, problems


def _csl_name(name: Name) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    return {k: v for k, v in (("family", name.family), ("given", name.given)) if v}


def _note_lines(url_incomplete: str | None, link: str | None, archive_url: str | None) -> list[str]:
    lines = []
    if url_incomplete:
        lines.append(_INCOMPLETE + url_incomplete)
    # A live link is no news to a reader of the bibliography; a dead one is.
    if link in _DEAD:
        lines.append(_LINK + link)
    if archive_url:
        lines.append(_ARCHIVED + archive_url)
    return lines


def _json_kind(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    return "a boolean" if isinstance(value, bool) else "a number"


def _item_lines(text: str) -> list[int]:
    """The line each top-level item starts on (the text is known to be a valid JSON array)."""
    decoder = json.JSONDecoder()
    pos = text.index("[") + 1
    line, counted = 1, 0
    lines: list[int] = []
    while True:
        gap = _GAP_RE.match(text, pos)
        pos = gap.end() if gap else pos
        if text.startswith("]", pos):
            return lines
        line += text.count("\n", counted, pos)
        counted = pos
        lines.append(line)
        _, pos = decoder.raw_decode(text, pos)


def _entry(item: dict[str, Any], n: int, line: int, problems: Problems) -> tuple[Entry, bool]:
    """One item as an entry, and whether it had its own key."""
    key = _key(item)
    label = f"item {n}" + (f" ({key!r})" if key else "")

    def problem(what: str) -> None:
        problems.append((line, f"{label}: {what}"))

    fields: dict[str, Any] = {}
    for attr, csl_key in _TEXT:
        fields[attr] = _text(item.get(csl_key), csl_key, problem)
    note = _text(item.get("note"), "note", problem)
    raw_custom = item.get("custom")
    custom: dict[str, Any] = raw_custom if isinstance(raw_custom, dict) else {}
    if raw_custom is not None and not isinstance(raw_custom, dict):
        problem(f"custom is {_json_kind(raw_custom)}, not an object (ignored)")
    ours = any(k in custom for k in (*_CUSTOM_TEXT, *_CUSTOM_INT))
    for attr in _CUSTOM_TEXT:
        fields[attr] = _text(custom.get(attr), f"custom.{attr}", problem)
    for attr in _CUSTOM_INT:
        fields[attr] = _int(custom.get(attr), f"custom.{attr}", problem)
    if note:
        note = _split_note(note, fields, ours)
    kind = fields.pop("kind")
    if kind not in _KIND_VALUES:
        csl_type = item.get("type")
        kind = (
            _KIND_OF_TYPE.get(csl_type, Kind.OTHER.value) if isinstance(csl_type, str) else Kind.OTHER.value
        )
    return (
        Entry(
            key=key or f"item{n}",
            kind=kind,
            authors=_names(item.get("author"), problem),
            issued=_date(item.get("issued"), "issued", problem),
            accessed=_date(item.get("accessed"), "accessed", problem),
            note=note or None,
            source_line=line,
            **fields,
        ),
        bool(key),
    )


def _key(item: dict[str, Any]) -> str | None:
    for name in ("citation-key", "id"):
        value = item.get(name)
        if isinstance(value, bool):
            continue
        if isinstance(value, (str, int)) and str(value).strip():
            return str(value).strip()
    return None


def _text(value: object, name: str, problem: Callable[[str], None]) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    problem(f"{name} is {_json_kind(value)}, not text (ignored)")
    return None


def _int(value: object, name: str, problem: Callable[[str], None]) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _NUMBER_RE.fullmatch(value.strip()):
        return int(value)
    problem(f"{name} is not a whole number (ignored)")
    return None


def _split_note(note: str, fields: dict[str, Any], ours: bool) -> str:
    """The user's note without the lines this writer appends; lines that carry a fact are
    read into ``fields`` when ``custom`` did not already give it."""
    if ours:
        # Our own item: remove exactly what the writer added, so a user note that happens to
        # look like one of our lines survives.
        suffix = "\n".join(_note_lines(fields["url_incomplete"], fields["link"], fields["archive_url"]))
        if suffix and note == suffix:
            return ""
        if suffix and note.endswith("\n" + suffix):
            return note[: -len(suffix) - 1]
        return note
    lines = note.split("\n")
    while lines and (m := _NOTE_LINE_RE.fullmatch(lines[-1])):
        fields[_NOTE_FIELDS[m.group(1)]] = fields[_NOTE_FIELDS[m.group(1)]] or m.group(2)
        lines.pop()
    return "\n".join(lines)


def _names(value: object, problem: Callable[[str], None]) -> tuple[Name, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problem(f"author is {_json_kind(value)}, not a list of names (ignored)")
        return ()
    names = []
    for i, raw in enumerate(value, 1):
        name = _name(raw)
        if name is None:
            problem(f"author {i} is not a name (skipped)")
        else:
            names.append(name)
    return tuple(names)


def _name(raw: object) -> Name | None:
    if isinstance(raw, str):
        return Name(literal=raw) if raw.strip() else None
    if not isinstance(raw, dict):
        return None
    parts = {k: v for k, v in raw.items() if isinstance(v, str) and v}
    if "literal" in parts:
        return Name(literal=parts["literal"])
    if "family" not in parts and "given" not in parts:
        return None
    if not parts.keys() & {"non-dropping-particle", "dropping-particle", "suffix"}:
        return Name(family=parts.get("family"), given=parts.get("given"))
    # Particles and suffixes (other tools' names) join the part they belong to.
    family = " ".join(parts[k].strip() for k in ("non-dropping-particle", "family") if k in parts)
    given = " ".join(parts[k].strip() for k in ("given", "dropping-particle") if k in parts)
    if "suffix" in parts:
        given = f"{given}, {parts['suffix'].strip()}" if given else parts["suffix"].strip()
    return Name(family=family or None, given=given or None)


def _date(value: object, name: str, problem: Callable[[str], None]) -> tuple[int, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        parts = _date_text(value)
    elif isinstance(value, dict):
        parts = _date_parts(value.get("date-parts"))
        for text in (value.get("raw"), value.get("literal")):
            if not parts and isinstance(text, str):
                parts = _date_text(text)
    else:
        parts = ()
    if not parts:
        problem(f"{name} has no date this reader understands (ignored)")
    return parts


def _date_parts(value: object) -> tuple[int, ...]:
    if not isinstance(value, list) or not value or not isinstance(value[0], list) or not value[0]:
        return ()
    first = value[0]
    if len(first) == 1 and isinstance(first[0], str) and not _NUMBER_RE.fullmatch(first[0].strip()):
        return _date_text(first[0])  # a whole date in one string, as some tools write it
    numbers = []
    for part in first[:3]:
        if isinstance(part, int) and not isinstance(part, bool):
            numbers.append(part)
        elif isinstance(part, str) and _NUMBER_RE.fullmatch(part.strip()):
            numbers.append(int(part))
        else:
            break
    return _valid(numbers)


def _date_text(text: str) -> tuple[int, ...]:
    if m := _DMY_RE.search(text):
        return _valid([int(m.group(3)), int(m.group(2)), int(m.group(1))])
    if m := _ISO_RE.match(text):
        return _valid([int(g) for g in m.groups() if g])
    if m := _YEAR_RE.search(text):
        return (int(m.group(1)),)
    return ()


def _valid(numbers: list[int]) -> tuple[int, ...]:
    """Year, month, day as far as they make sense (a season number in the month place, or a
    day 0, ends the date there)."""
    if not numbers:
        return ()
    out = [numbers[0]]
    if len(numbers) > 1 and 1 <= numbers[1] <= 12:
        out.append(numbers[1])
        if len(numbers) > 2 and 1 <= numbers[2] <= 31:
            out.append(numbers[2])
    return tuple(out)


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _whole_characters(value: Any) -> Any:
    """JSON may spell half a character (a lone surrogate, ``"\\ud800"``), which no encoding can
    write: each becomes U+FFFD, the mark of a lost character."""
    if isinstance(value, str):
        return _SURROGATE_RE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_whole_characters(v) for v in value]
    if isinstance(value, dict):
        return {_whole_characters(k): _whole_characters(v) for k, v in value.items()}
    return value
