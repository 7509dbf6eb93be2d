"""Text-integrity checks: what extraction, encoding and machine translation leave behind.

Each check looks at one line of text and returns findings with a stable code:

- ``replacement-char`` — U+FFFD where a character was lost; the lost letter is suggested where
  the context tells (``- �. 5.`` in a GOST reference is the page abbreviation ``С.``);
- ``mixed-script`` — a word mixing Latin and Cyrillic letters (``Электрoнный`` with a Latin
  ``o``), with the word rewritten in its majority script;
- ``homoglyph`` — a Latin ``C.`` standing where the Cyrillic page abbreviation ``С.`` belongs;
- ``mojibake`` — Cyrillic read in the wrong code page (cp1251 as cp1252/Latin-1, KOI8-R, and
  UTF-8 decoded twice), with the repaired word;
- ``invisible-char`` — zero-width spaces, joiners or a BOM inside the text (URLs have their
  own check), which break search and copy-paste;
- ``mt-artifact`` — placeholders a machine-translation pipeline left in the text (``xml-ph-0``);
- ``quote-unbalanced`` — a title whose quotation marks do not pair up.

ftfy repairs double-encoded UTF-8; the single-byte Cyrillic code pages it does not cover are
tried here by re-decoding and keeping the reading that looks like Russian.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from citations.models import Finding, Severity

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: Mojibake turns letters into symbols (×, ©, ‚), so it is looked for in whitespace-bounded tokens.
_TOKEN_RE = re.compile(r"[^\s\"'«»()\[\].,;:!?]+")
_URLISH_RE = re.compile(r"(?:https?://|www\.)\S+|\S+/\S+")
_LATIN_TO_CYRILLIC = str.maketrans("aeopcxyACEHKMOPTXBiI", "аеорсхуАСЕНКМОРТХВіІ")
_CYRILLIC_TO_LATIN = str.maketrans("аеорсхуАСЕНКМОРТХВіІ", "aeopcxyACEHKMOPTXBiI")
#: ``- �. 5.``: the page abbreviation of a GOST reference lost its Cyrillic letter.
_LOST_PAGE_RE = re.compile(r"(?:^|[-–—]\s*)\ufffd\.\s*\d")
#: A Latin C used as the Cyrillic page abbreviation: ``- C. 23.`` after a GOST area separator.
_LATIN_PAGE_RE = re.compile(
    r"(?:^|[-–—]\s)(?P<c>C)\.\s*\d+(?:\s*[-–]\s*\d+)?\.?\s*$|(?:[-–—]\s)(?P<c2>C)\.\s*\d"
)
_MT_RE = re.compile(
    r"\bxml-ph-\d+\b|<ph\s+id=\S+>|\{\{\s*\w+\s*\}\}|\b__PH\d+__\b|\[\[PH\d+\]\]", re.IGNORECASE
)
#: Letters cp1251 puts at 0xC0–0xFF show up as À–ÿ when the bytes are read as cp1252/Latin-1.
_HIGH_LATIN = frozenset(chr(c) for c in range(0xC0, 0x100)) | frozenset("¸¨")
_RUSSIAN_BIGRAMS = frozenset(
    [
        "ст",
        "но",
        "то",
        "на",
        "ен",
        "ов",
        "ни",
        "ра",
        "во",
        "ко",
        "ал",
        "ро",
        "по",
        "ре",
        "пр",
        "ет",
        "ор",
        "ан",
        "ос",
        "ла",
        "ер",
        "ел",
        "ли",
        "от",
        "ка",
        "ть",
        "ва",
        "ог",
        "ие",
        "ом",
        "ол",
        "ки",
        "ая",
        "ый",
        "ий",
        "ых",
        "ов",
        "ть",
        "ся",
        "ль",
    ]
)
_ANY_LATIN_RE = re.compile(r"[A-Za-z]")
_ANY_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
#: Mojibake leaves runs of Latin-1 letters (À–ÿ) or the Ð/Ñ/Ã lead bytes of double UTF-8.
_MOJIBAKE_HINT_RE = re.compile(r"[\u00c0-\u00ff¸¨]{2}|[ÐÑÃ]")
#: Zero-width space/joiners, word joiner and BOM (a soft hyphen in prose is legitimate).
_INVISIBLE_PROSE_RE = re.compile("[\u200b-\u200d\u2060\ufeff]")
_PAIRS = (("«", "»"), ("“", "”"), ("„", "“"))


def script_of(ch: str) -> str:
    """'latin', 'cyrillic' or 'other': the script a letter belongs to."""
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "latin"
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    return "other"


def _russian_score(text: str) -> int:
    low = text.lower()
    return sum(low[k : k + 2] in _RUSSIAN_BIGRAMS for k in range(len(low) - 1))


def repair_mojibake(word: str) -> str | None:
    """The Cyrillic (or accented) word that ``word`` was before a wrong decoding, if any."""
    if len(word) >= 3 and sum(ch in _HIGH_LATIN for ch in word) >= 0.7 * len(word):
        raw = word.encode("cp1252", errors="ignore")
        readings = [raw.decode(enc, errors="ignore") for enc in ("cp1251", "koi8_r")]
        scored = [
            (s, r)
            for r in readings
            if (s := _russian_score(r)) > 0 and all(script_of(c) == "cyrillic" for c in r)
        ]
        if scored:
            return max(scored)[1]
    if "Ð" in word or "Ñ" in word or "Ã" in word:
        import ftfy  # only when a word looks double-encoded

        fixed = ftfy.fix_text(word)
        if fixed != word:
            return fixed
    return None


def _mixed(word: str) -> str | None:
    """A word mixing scripts, rewritten in its majority script (only through look-alikes)."""
    scripts = [s for s in map(script_of, word) if s != "other"]
    latin, cyrillic = scripts.count("latin"), scripts.count("cyrillic")
    if not latin or not cyrillic:
        return None
    table = _LATIN_TO_CYRILLIC if cyrillic >= latin else _CYRILLIC_TO_LATIN
    fixed = word.translate(table)
    return fixed if len({script_of(c) for c in fixed} - {"other"}) == 1 else None


def check_line(line: int, text: str, footnote: int | None = None) -> list[Finding]:
    """Integrity findings for one line of text (URLs are left to the URL checks)."""
    out: list[Finding] = []
    prose = _URLISH_RE.sub(" ", text)
    if "\ufffd" in text:
        count = text.count("\ufffd")
        lost = _LOST_PAGE_RE.search(text)
        suggestion = lost.group().replace("\ufffd", "С").strip(" -–—") if lost else None
        hint = "; here the page abbreviation 'С.'" if lost else ""
        out.append(
            Finding(
                "replacement-char",
                Severity.ERROR,
                f"{count} character{'s' if count > 1 else ''} lost in extraction (U+FFFD){hint} — restore from the source",
                line,
                footnote,
                suggestion,
            )
        )
    latin_page = _LATIN_PAGE_RE.search(prose)
    if latin_page:
        out.append(
            Finding(
                "homoglyph",
                Severity.WARNING,
                "Latin 'C.' where the Cyrillic page abbreviation 'С.' belongs",
                line,
                footnote,
                latin_page.group().replace("C.", "С.", 1).strip(" -–—"),
            )
        )
    # Cheap gates first: most lines hold one script and no code-page debris.
    if _ANY_LATIN_RE.search(prose) and _ANY_CYRILLIC_RE.search(prose):
        for m in _WORD_RE.finditer(prose):
            word = m.group()
            fixed = _mixed(word) if _ANY_LATIN_RE.search(word) and _ANY_CYRILLIC_RE.search(word) else None
            if fixed:
                message = f"{word!r} mixes Latin and Cyrillic letters; likely {fixed!r}"
                out.append(Finding("mixed-script", Severity.ERROR, message, line, footnote, fixed))
    if not _MOJIBAKE_HINT_RE.search(prose):
        tokens: list[re.Match[str]] = []
    else:
        tokens = list(_TOKEN_RE.finditer(prose))
    for m in tokens:
        token = m.group()
        repaired = repair_mojibake(token)
        if repaired:
            message = f"{token!r} is text decoded in the wrong code page; likely {repaired!r}"
            out.append(Finding("mojibake", Severity.ERROR, message, line, footnote, repaired))
    invisible = _INVISIBLE_PROSE_RE.findall(prose)
    if invisible:
        names = ", ".join(sorted({f"U+{ord(c):04X}" for c in invisible}))
        out.append(
            Finding(
                "invisible-char",
                Severity.WARNING,
                f"{len(invisible)} invisible character{'s' if len(invisible) > 1 else ''} ({names}) in the text",
                line,
                footnote,
                _INVISIBLE_PROSE_RE.sub("", text),
            )
        )
    for m in _MT_RE.finditer(text):
        out.append(
            Finding(
                "mt-artifact",
                Severity.WARNING,
                f"machine-translation placeholder {m.group()!r} left in the text",
                line,
                footnote,
            )
        )
    return out


def check_title(title: str, line: int, footnote: int) -> list[Finding]:
    """A title whose quotation marks do not pair up (a quote lost at a line or page break)."""
    unbalanced = title.count('"') % 2 == 1 or any(
        title.count(a) != title.count(b) for a, b in _PAIRS if a != b
    )
    if not unbalanced:
        return []
    return [
        Finding(
            "quote-unbalanced",
            Severity.WARNING,
            f"the title's quotation marks do not pair up: {title[:80]!r}",
            line,
            footnote,
        )
    ]


def check_lines(lines: Iterable[tuple[int, str, int | None]]) -> list[Finding]:
    """All findings for (line, text, footnote) triples, each (line, code) reported once."""
    seen: set[tuple[int, str, str | None]] = set()
    out = []
    for line, text, footnote in lines:
        for f in check_line(line, text, footnote):
            key = (f.line, f.code, f.suggestion)
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out
