"""The BelTA slug scheme run backwards: a Cyrillic headline rebuilt offline from a URL slug.

The forward scheme (:mod:`.belta`) loses information in a handful of places only: ``e`` is
е, э or ё; ``j`` is й, or ь/ъ before a vowel; ``ts``/``sh``/``zh``/``sch`` are one letter or two
(ц or тс, ш or сх, ж or зх, щ or сч); a ь before a consonant or at the end of a word vanishes.
So each slug word has a small set of Cyrillic spellings. We walk them letter by letter through
pymorphy3's OpenCorpora word DAWG, which prunes a spelling as soon as no dictionary word starts
with it, keep the complete words, and rank them by wordfreq frequency and by agreement with
the neighbouring words. Words the dictionary does not hold (compounds such as
``информпространства``, surnames, brands) fall back to a known word behind a literal prefix, or
to the most literal reading, and are listed in :attr:`Reconstruction.unknown`.

pymorphy3 and wordfreq are imported on first use: importing this module stays cheap.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from citations.translit.belta import LETTERS, SIGN_VOWELS, belta_slug

__all__ = ["Reconstruction", "align", "candidates", "headline_words", "literal", "reconstruct", "word_key"]


@dataclass(frozen=True)
class Reconstruction:
    """A headline rebuilt from a slug: the ``text``, its ``words`` (one per slug word, hyphen
    compounds such as ``из-под`` rejoined in ``text`` only), a ``confidence`` in 0..1 (the
    share of slug words read from the dictionary, lowered when the best reading of a word had
    a close rival), and the slug words the dictionary could not place (``unknown``)."""

    text: str
    words: tuple[str, ...]
    confidence: float
    unknown: tuple[str, ...]


#: Latin unit → the Cyrillic letters it may stand for. Inverted from the forward table, so it
#: cannot drift from it; ``j`` alone is also ь/ъ, which the walk allows only before a vowel.
_UNITS: dict[str, tuple[str, ...]] = {}
for _cyr, _lat in LETTERS.items():
    _UNITS[_lat] = (*_UNITS.get(_lat, ()), _cyr)
_UNITS["j"] = (*_UNITS["j"], "ь", "ъ")
_MAX_UNIT = max(map(len, _UNITS))
_VOWELS = frozenset(SIGN_VOWELS)
_SIGNS = frozenset("ьъ")
#: A dropped ь can follow these (never г/к/х/ц or a vowel in Russian spelling).
_SOFTENABLE = frozenset("бвдзлмнпрстфчшжщ")

#: Common BelTA abbreviations whose letters the dictionary reads as something else or not at
#: all; anything in pymorphy3 tagged ``Abbr`` is upper-cased without this table.
ABBREVIATIONS: dict[str, str] = {
    "mtz": "МТЗ", "knr": "КНР", "sez": "СЭЗ", "apk": "АПК", "bgu": "БГУ", "mid": "МИД",
    "ntsm": "НЦМ", "sng": "СНГ", "eaes": "ЕАЭС", "eek": "ЕЭК", "ssha": "США", "smi": "СМИ",
    "gai": "ГАИ", "dtp": "ДТП", "pto": "ПТО", "maz": "МАЗ", "belaz": "БелАЗ", "mkad": "МКАД",
    "gtk": "ГТК", "butb": "БУТБ", "brsm": "БРСМ", "npz": "НПЗ", "zvr": "ЗВР", "oon": "ООН",
    "es": "ЕС", "odkb": "ОДКБ", "vvp": "ВВП", "mchs": "МЧС", "mvd": "МВД", "kgb": "КГБ",
    "vts": "ВТС", "stm": "СТМ", "ntp": "НТП", "shos": "ШОС", "rb": "РБ", "rf": "РФ",
}  # fmt: skip

#: Endings BelTA writes after a number with a hyphen (``21-е``, ``70-летием``'s short kin):
#: read literally, never looked up (``e`` alone is no dictionary word).
_NUMBER_SUFFIXES: dict[str, str] = {
    "e": "е", "j": "й", "go": "го", "mu": "му", "m": "м", "h": "х", "ja": "я", "ju": "ю",
    "oj": "ой", "ij": "ий", "yj": "ый", "ego": "его", "ogo": "ого",
}  # fmt: skip
#: Tags that make a word a proper name, capitalised in the output.
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
#: Prefixes after which a ``j`` before a vowel is the hard sign (объект, изъяли, съезд): only
#: used for the literal reading of words the dictionary lacks.
_HARD_PREFIXES = ("ob", "iz", "pod", "ot", "raz", "s", "v", "nad", "pred", "vz", "in", "sub")
_ROMAN = re.compile(r"^[ivxlc]+$")
_WORD_CAP = 64  # candidates kept per slug word
_STEP_CAP = 20_000  # DAWG steps per slug word: a bound for pathological input (eeee…)
_CLOSE = 1.0  # zipf gap under which a rival reading lowers the confidence


@lru_cache(maxsize=1)
def _morph() -> Any:
    """The one pymorphy3 analyser (loading its dictionary takes a fraction of a second)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    """Russian word frequency on the Zipf scale; ё and е both tried (wordfreq keeps ё)."""
    from wordfreq import zipf_frequency

    folded = word.replace("ё", "е")
    return max(zipf_frequency(word, "ru"), zipf_frequency(folded, "ru"))


@lru_cache(maxsize=65536)
def _zipf_en(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def _is_latin_only(word: str) -> bool:
    """Whether ``word`` cannot be the scheme's output: it has a letter no unit starts with
    (``c`` outside ``ch``/``ts``, ``q``, ``w``, ``x``)."""
    i = 0
    while i < len(word):
        for n in range(min(_MAX_UNIT, len(word) - i), 0, -1):
            if word[i : i + n] in _UNITS:
                i += n
                break
        else:
            return True
    return False


def _walk(
    word: str,
    start: Any,
    advance: Callable[[Any, str], Any],
    final: Callable[[Any], bool],
    limit: int,
    step_cap: int | None = None,
) -> list[str]:
    """Every Cyrillic spelling of ``word`` under the scheme, in the order met: ``advance``
    follows one more Cyrillic piece from a state (None: a dead end) and ``final`` says whether a
    state may end a word — a trie of the dictionary, or nothing at all."""
    found: list[str] = []
    steps = 0

    def walk(pos: int, state: Any, out: str, need: str) -> None:
        # need: "" anything may follow, "v" a vowel must (after ь/ъ from j), "c" a consonant
        # or the end must (after a dropped ь).
        nonlocal steps
        steps += 1
        if (step_cap is not None and steps > step_cap) or len(found) >= limit:
            return
        if pos == len(word):
            if need != "v" and final(state):
                found.append(out)
            if out and out[-1] in _SOFTENABLE and not need:
                soft = advance(state, "ь")
                if soft is not None and final(soft):
                    found.append(out + "ь")
            return
        for n in range(1, min(_MAX_UNIT, len(word) - pos) + 1):
            for cyr in _UNITS.get(word[pos : pos + n], ()):
                vowel = cyr in _VOWELS
                if (need == "v" and not vowel) or (need == "c" and (vowel or cyr in _SIGNS)):
                    continue
                if cyr in _SIGNS and (not out or out[-1] in _VOWELS or out[-1] in _SIGNS):
                    continue
                nxt = advance(state, cyr)
                if nxt is None:
                    continue
                walk(pos + n, nxt, out + cyr, "v" if cyr in _SIGNS else "")
                if cyr in _SOFTENABLE and pos + n < len(word):
                    soft = advance(nxt, "ь")
                    if soft is not None:
                        walk(pos + n, soft, out + cyr + "ь", "c")

    walk(0, start, "", "")
    return found


@lru_cache(maxsize=16384)
def candidates(word: str) -> tuple[str, ...]:
    """The dictionary words (lower case, ё kept) whose BelTA romanisation is ``word``, in the
    order met; at most 64. Empty when the dictionary holds none."""
    dct = _morph().dictionary.words.dct
    found = _walk(
        word,
        dct.ROOT,
        lambda state, piece: dct.follow_bytes(piece.encode(), state),
        lambda state: dct.follow_bytes(b"\x01", state) is not None,
        _WORD_CAP,
        _STEP_CAP,
    )
    # One spelling may be found twice (ё/е or ь/ъ routes differ): keep the first.
    return tuple(dict.fromkeys(found))


def literal(word: str) -> str:
    """The most literal Cyrillic reading of a slug word: e → е (э at the start), j → й (ь
    between a consonant and a vowel, ъ right after a prefix), ts → ц, sch → щ, no dropped ь."""
    out: list[str] = []
    i = 0
    while i < len(word):
        rest = word[i:]
        if rest.startswith("jj") and len(rest) > 2:  # ья/ъя, ью/ъю
            out.append("ъ" if word[:i] in _HARD_PREFIXES else "ь")
            i += 1
            continue
        if rest[0] == "j" and len(rest) > 1 and rest[1] in "aeiouy" and rest[:2] not in ("ja", "ju"):
            after_consonant = bool(out) and out[-1] not in _VOWELS
            if after_consonant:
                out.append("ъ" if word[:i] in _HARD_PREFIXES else "ь")
            else:
                out.append("й")
            i += 1
            continue
        for n in range(min(_MAX_UNIT, len(rest)), 0, -1):
            options = _UNITS.get(rest[:n])
            if options:
                out.append("э" if rest[:n] == "e" and i == 0 else options[0])
                i += n
                break
        else:
            out.append(rest[0])  # not the scheme's letter: keep it
            i += 1
    return "".join(out)


@dataclass(frozen=True)
class _Reading:
    """One slug word's readings, best first, with how each was found."""

    slug: str
    options: tuple[str, ...]
    known: bool
    fixed: bool = False  # a number, abbreviation, Latin word or hint: not re-ranked
    latin: bool = False  # kept in Latin letters (a brand: iPhone, Vogue)


def _spellings(word: str, limit: int = 512) -> list[str]:
    """Every spelling of ``word`` under the scheme, without the dictionary (for words it
    lacks), at most ``limit``: the same rules as :func:`candidates`, unpruned."""
    return _walk(word, 0, lambda state, piece: state, lambda state: True, limit)


def _frequent_spelling(word: str) -> str | None:
    """The spelling of a word the dictionary lacks that Russian text uses most (a surname such
    as Давыдько, a name such as Маск), if wordfreq has seen any of them."""
    if len(word) > 14:  # too many spellings to try; such words are compounds anyway
        return None
    best = max(_spellings(word), key=_zipf, default=None)
    return best if best is not None and _zipf(best) >= 1.0 else None


def _compound(word: str) -> str | None:
    """A known word behind a literal prefix (``inform`` + ``prostranstva``), the longest such
    tail of at least four letters, for words the dictionary lacks as a whole."""
    for cut in range(2, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        tails = candidates(tail)
        if tails and len(tail) >= 4:
            heads = candidates(head)
            best_tail = max(tails, key=_zipf)
            return (max(heads, key=_zipf) if heads else literal(head)) + best_tail
    return None


def _loose(latin: str) -> str:
    """A romanisation folded so that common schemes meet (Aleinik ~ alejnik, Veliky ~ velikij)."""
    s = re.sub(r"[^a-z]", "", latin.lower())
    for a, b in (("shch", "sch"), ("kh", "h"), ("tz", "ts"), ("x", "ks"), ("w", "v")):
        s = s.replace(a, b)
    s = re.sub("[jy]", "i", s)
    return re.sub("i+", "i", s)


def _hint_index(hints: Sequence[str]) -> tuple[dict[str, str], frozenset[str]]:
    """Cyrillic hint words by their slug, and the loose forms of the Latin ones."""
    cyrillic: dict[str, str] = {}
    latin: set[str] = set()
    for hint in hints:
        for w in re.split(r"[\s\-]+", hint):
            if not w:
                continue
            if re.search("[а-яё]", w, re.IGNORECASE):
                cyrillic[belta_slug(w)] = w
            else:
                latin.add(_loose(w))
    return cyrillic, frozenset(latin)


def _tags(word: str) -> Any:
    return _morph().parse(word)[0].tag


def _read(word: str, prev: str, cyr_hints: dict[str, str], latin_hints: frozenset[str]) -> _Reading:
    """The readings of one slug word, ranked by frequency alone (context comes later)."""
    if not word or word.isdigit() or re.fullmatch(r"[\d.]+", word):
        return _Reading(word, (word,), True, True)
    if prev[-1:].isdigit() and word in _NUMBER_SUFFIXES:
        return _Reading(word, (_NUMBER_SUFFIXES[word],), True, True)
    if word in cyr_hints:
        return _Reading(word, (cyr_hints[word],), True, True)
    if word in ABBREVIATIONS:
        return _Reading(word, (ABBREVIATIONS[word],), True, True)
    if _ROMAN.match(word) and len(word) <= 4 and not candidates(word):
        return _Reading(word, (word.upper(),), True, True)
    if re.search(r"\d", word):
        return _Reading(word, (word,), True, True)
    if _is_latin_only(word):
        return _Reading(word, (word,), True, True, latin=True)
    found = candidates(word)
    hinted = _loose(word) in latin_hints
    if found:
        ranked = sorted(found, key=lambda c: -_zipf(c))
        if hinted:  # a name from the footnote: its proper-noun reading first
            ranked.sort(key=lambda c: not (_PROPER & set(_tags(c).grammemes)))
            ranked = [c.capitalize() for c in ranked]
        return _Reading(word, tuple(ranked), True)
    seen = _frequent_spelling(word)
    if seen:
        # Not the dictionary's word, so still listed as unknown.
        return _Reading(word, (seen.capitalize() if hinted else seen,), False, True)
    if not hinted and _zipf_en(word) >= 2.5:  # an English brand or word (Angry Birds, Vogue)
        return _Reading(word, (word,), True, True, latin=True)
    if not re.search("[aeiouy]", word) and len(word) <= 5:  # all consonants: an abbreviation
        return _Reading(word, (literal(word).upper(),), False, True)
    guess = _compound(word) or literal(word)
    return _Reading(word, (guess.capitalize() if hinted else guess,), False, True)


def _agreement(adj: str, noun: str) -> float:
    """1 when some adjective/participle parse of ``adj`` agrees with some noun parse of
    ``noun`` in case, number and (in the singular) gender; 0 otherwise."""
    morph = _morph()
    for a in morph.parse(adj):
        if a.tag.POS not in ("ADJF", "PRTF", "NUMR", "NPRO"):
            continue
        for n in morph.parse(noun):
            if n.tag.POS != "NOUN":
                continue
            if a.tag.case != n.tag.case or a.tag.number != n.tag.number:
                continue
            if a.tag.number == "sing" and a.tag.gender and n.tag.gender and a.tag.gender != n.tag.gender:
                continue
            return 1.0
    return 0.0


#: Nouns that take an infinitive (желание вступить, возможность избежать).
_INFINITIVE_NOUNS = frozenset(
    {"желание", "возможность", "намерение", "решение", "необходимость", "право", "готовность",
     "план", "цель", "задача", "способ", "попытка", "предложение", "призыв"}
)  # fmt: skip
#: Nouns a Roman numeral counts (в I полугодии, за II квартал, на III этапе).
_NUMBERED = frozenset({"полугодие", "квартал", "этап", "тур", "съезд", "степень", "век", "место"})


def _governs_infinitive(word: str) -> bool:
    """Whether ``word`` can have an infinitive after it: a verb, a predicative (можно), a
    short adjective (должен, готов) or one of :data:`_INFINITIVE_NOUNS`."""
    for p in _morph().parse(word.lower()):
        if p.tag.POS in ("VERB", "INFN", "PRED", "ADJS") or p.normal_form in _INFINITIVE_NOUNS:
            return True
    return False


def _is_infinitive(word: str) -> bool:
    return any(p.tag.POS == "INFN" for p in _morph().parse(word))


def _latinise(readings: list[_Reading]) -> list[_Reading]:
    """Words next to a Latin word stay Latin when English uses them more than Russian does
    (Mirum Music Festival: ``music`` cannot be Russian, so ``festival`` is not фестиваль). One
    pass from the first Latin words, not a chain: музыкальный фестиваль Mirum stays Russian."""
    out = list(readings)
    for i, r in enumerate(readings):
        if r.latin or len(r.slug) < 3 or not r.slug.isalpha() or r.slug in ABBREVIATIONS:
            continue
        near = [readings[j] for j in (i - 1, i + 1) if 0 <= j < len(readings)]
        if any(n.latin for n in near) and _zipf_en(r.slug) >= max(1.0, _zipf(r.options[0])):
            out[i] = _Reading(r.slug, (r.slug,), True, True, latin=True)
    return out


def _roman(readings: list[_Reading]) -> list[_Reading]:
    """``i``/``ii``/``iii``/``iv`` before a counted noun are Roman numerals (в I полугодии)."""
    out = list(readings)
    for i in range(len(out) - 1):
        r, nxt = out[i], out[i + 1]
        counted = not nxt.fixed and _morph().parse(nxt.options[0])[0].normal_form in _NUMBERED
        if r.slug in ("i", "ii", "iii", "iv") and counted:
            out[i] = _Reading(r.slug, (r.slug.upper(),), True, True)
    return out


def _score(c: str, reading: _Reading, governed: bool, left: str, right: str) -> float:
    """A reading's frequency plus its fit with the neighbours' readings."""
    bonus = 0.0
    if c.endswith("ь") and c[:-1] in reading.options and _is_infinitive(c):
        bonus += 3.0 if governed else -3.0
    if right and _agreement(c, right):
        bonus += 1.0
    if left and _agreement(left, c):
        bonus += 1.0
    return _zipf(c) + bonus


def _choose(readings: list[_Reading]) -> tuple[list[str], float]:
    """One reading per word: frequency, then a bonus for agreeing with a neighbour's best
    reading (an adjective with the next noun, a noun with the previous adjective)."""
    chosen = [r.options[0] for r in readings]
    confidence = 0.0
    for i, r in enumerate(readings):
        if r.fixed or len(r.options) == 1:
            confidence += 1.0 if r.known else 0.5  # a fallback reading is a guess: half weight
            continue
        left = chosen[i - 1] if i > 0 else ""
        right = readings[i + 1].options[0] if i + 1 < len(readings) else ""

        # усилит or усилить: the infinitive only after a word that governs one.
        governed = any(_governs_infinitive(w) for w in chosen[:i])

        scored = sorted(((_score(c, r, governed, left, right), c) for c in r.options[:8]), reverse=True)
        chosen[i] = scored[0][1]
        gap = scored[0][0] - scored[1][0] if len(scored) > 1 else _CLOSE
        confidence += min(1.0, 0.5 + gap / (2 * _CLOSE))
    return chosen, confidence / max(1, len(readings))


def _dress(word: str, first: bool, shortened: bool = False) -> str:
    """``word`` in its headline case: proper names capitalised, abbreviations upper-cased,
    ё written е as BelTA does. A ``shortened`` word (``тыс.``) stays lower case although the
    dictionary tags it ``Abbr``."""
    if not re.search("[а-яё]", word) or word[:1].isupper():
        out = word
    else:
        tag = _tags(word)
        grammemes = set(tag.grammemes)
        if "Abbr" in grammemes and 2 <= len(word) <= 5 and not shortened:
            out = word.upper()
        elif _PROPER & grammemes:
            out = word.capitalize()
        else:
            out = word
    out = out.replace("ё", "е").replace("Ё", "Е")
    return out[:1].upper() + out[1:] if first else out


#: Place names whose adjective is capitalised too (the dictionary tags only the noun).
_PLACE_ADJECTIVES = frozenset(
    {("латинский", "америка"), ("южный", "америка"), ("северный", "америка"),
     ("южный", "корея"), ("северный", "корея"), ("новый", "зеландия"),
     ("саудовский", "аравия"), ("южный", "африка"), ("ближний", "восток"),
     ("дальний", "восток"), ("великий", "британия"), ("соединённый", "штат")}
)  # fmt: skip


def _place_adjectives(words: list[str]) -> list[str]:
    """``латинской Америки`` → ``Латинской Америки``: the adjective of a two-word place name."""
    out = list(words)
    for i in range(len(words) - 1):
        if words[i + 1][:1].isupper() and words[i].isalpha():
            pair = (
                _morph().parse(words[i])[0].normal_form,
                _morph().parse(words[i + 1].lower())[0].normal_form,
            )
            if pair in _PLACE_ADJECTIVES:
                out[i] = words[i].capitalize()
    return out


def _join(words: Sequence[str]) -> str:
    """The words as text: a hyphen where the pair is one dictionary word (``из-под``,
    ``премьер-министра``) or a number's ending (``21-е``), a space elsewhere."""
    if not words:
        return ""
    parts = [words[0]]
    for prev, word in itertools.pairwise(words):
        hyphen = (prev[-1:].isdigit() and word.lower() in _NUMBER_SUFFIXES.values()) or (
            prev.isalpha() and word.isalpha() and _morph().word_is_known(f"{prev}-{word}".lower())
        )
        parts.append(("-" if hyphen else " ") + word)
    return "".join(parts)


def _split(slug: str) -> Iterator[tuple[str, str]]:
    """Slug words as (letters, trailing period): periods stay in 2015 slugs (``tys.``)."""
    for w in slug.lower().split("-"):
        if w:
            yield w.rstrip("."), "." * (len(w) - len(w.rstrip(".")))


def reconstruct(slug: str, *, hints: Sequence[str] = ()) -> Reconstruction:
    """The Russian headline behind a BelTA ``slug`` (the URL segment before ``-<id>[-<year>]``).

    ``hints`` are names known to belong to the text: Cyrillic ones (``Алейник``) are taken
    as they are when their slug matches a word; romanised ones (``Aleinik``, from a footnote)
    make the matching word a proper name. Never raises; an empty slug gives an empty text.
    """
    cyr_hints, latin_hints = _hint_index(hints)
    pieces = list(_split(slug))
    readings: list[_Reading] = []
    prev = ""
    for word, _ in pieces:
        readings.append(_read(word, prev, cyr_hints, latin_hints))
        prev = word
    chosen, confidence = _choose(_roman(_latinise(readings)))
    words = tuple(
        _place_adjectives(
            [_dress(w, i == 0, bool(p)) for i, (w, (_, p)) in enumerate(zip(chosen, pieces, strict=True))]
        )
    )
    words = tuple(w + period for w, (_, period) in zip(words, pieces, strict=True))
    unknown = tuple(r.slug for r in readings if not r.known)
    return Reconstruction(_join(words), words, round(confidence, 3), unknown)


def headline_words(headline: str) -> list[str]:
    """``headline`` cut into the words its slug has, one per slug word: split where the scheme
    puts a hyphen, words the scheme deletes whole (``—``, ``:``) left out. For scoring."""
    return [w for w in re.split(r"[\s\-]+", headline) if belta_slug(w).strip(".")]


def word_key(word: str) -> str:
    """A word as scoring compares it: lower case, ё as е, punctuation and «» gone."""
    return re.sub(r"[^\w]", "", word.lower().replace("ё", "е"))


def align(slug: str, headline: str) -> list[tuple[str, str | None]]:
    """Each slug word with the headline word it came from (``None`` where the headline was
    edited after publication and has no such word). Slug words and headline words match 1:1 in
    order; difflib only finds where an edited headline gained or lost words."""
    import difflib

    slug_words = [w for w in slug.lower().split("-") if w]
    words = headline_words(headline)
    romanised = [belta_slug(w).lower() for w in words]
    pairs: list[tuple[str, str | None]] = []
    matcher = difflib.SequenceMatcher(a=slug_words, b=romanised, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(i2 - i1):
            # a replaced run of equal length is a word respelt in place (исчерпании/исчерпание)
            inside = op == "equal" or (op == "replace" and k < j2 - j1)
            pairs.append((slug_words[i1 + k], words[j1 + k] if inside else None))
    return pairs
