"""Romanised names: their possible Cyrillic sources, the schemes behind them, and variants.

One bibliography often romanises the same Russian or Belarusian name several ways
(``Zalesky``/``Zaleskii``/``Zalessky``), and a BelTA slug always uses its own scheme
(``alejnik`` beside a title's ``Aleinik``). This module

- enumerates the Cyrillic spellings a romanised word could come from
  (:func:`cyrillic_candidates`), and which registered schemes reproduce it
  (:func:`detect_schemes`);
- collects name occurrences from references and body text (:func:`occurrences_from`,
  :func:`body_occurrences`);
- groups occurrences that are one name romanised differently (:func:`cluster`), in near-linear
  time: a phonetic key buckets the forms, and only forms inside one bucket are compared;
- reports each group with two or more forms as a ``name-variant`` finding (:func:`findings`).

Places are matched through a small Belarusian/Russian gazetteer (:data:`GAZETTEER`), since
``Homiel`` and ``Gomel`` or ``Mahiliou`` and ``Mogilev`` share no spelling rule.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz

from citations.models import Finding, Reference, Severity
from citations.translit import SCHEMES, transliterate

__all__ = [
    "GAZETTEER",
    "NameGroup",
    "NameOccurrence",
    "body_occurrences",
    "cluster",
    "cyrillic_candidates",
    "detect_schemes",
    "document_occurrences",
    "findings",
    "name_key",
    "occurrences_from",
]

Role = Literal["author", "title", "slug", "body"]
#: Roles whose romanisation is the author's own choice; a slug's is BelTA's.
_TEXT_ROLES: frozenset[str] = frozenset({"author", "title", "body"})

# --------------------------------------------------------------------------- gazetteer

#: Belarusian places as (Belarusian, Russian) Cyrillic: data, not rules, because the two
#: languages' spellings (Магілёў/Могилёв) differ by more than any romanisation rule.
GAZETTEER: tuple[tuple[str, str], ...] = (
    ("Гомель", "Гомель"),
    ("Магілёў", "Могилёв"),
    ("Віцебск", "Витебск"),
    ("Гродна", "Гродно"),
    ("Брэст", "Брест"),
    ("Мінск", "Минск"),
    ("Маладзечна", "Молодечно"),
    ("Навагрудак", "Новогрудок"),
    ("Бабруйск", "Бобруйск"),
    ("Барысаў", "Борисов"),
    ("Баранавічы", "Барановичи"),
    ("Пінск", "Пинск"),
    ("Салігорск", "Солигорск"),
    ("Наваполацк", "Новополоцк"),
    ("Полацк", "Полоцк"),
    ("Ліда", "Лида"),
    ("Слуцк", "Слуцк"),
    ("Жлобін", "Жлобин"),
    ("Асіповічы", "Осиповичи"),
    ("Светлагорск", "Светлогорск"),
    ("Рэчыца", "Речица"),
    ("Орша", "Орша"),
    ("Кобрын", "Кобрин"),
)

# --------------------------------------------------------------------------- candidates

#: Latin pattern → (Cyrillic, cost); cost orders the enumeration (0 = the usual reading).
_Rules = dict[str, tuple[tuple[str, int], ...]]

_RU_RULES: _Rules = {
    "shch": (("щ", 0),),
    "shh": (("щ", 0),),
    "sch": (("щ", 0), ("сч", 2)),
    "zh": (("ж", 0), ("зх", 3)),
    "kh": (("х", 0), ("кх", 3)),
    "ch": (("ч", 0),),
    "sh": (("ш", 0), ("сх", 3)),
    "ts": (("ц", 0), ("тс", 1)),
    "tz": (("ц", 1),),
    "cz": (("ц", 0),),
    "ya": (("я", 0), ("ыа", 3)),
    "ja": (("я", 0),),
    "ia": (("я", 1), ("иа", 1), ("ия", 2)),
    "yu": (("ю", 0),),
    "ju": (("ю", 0),),
    "iu": (("ю", 1), ("иу", 2)),
    "yo": (("ё", 0), ("йо", 2)),
    "jo": (("ё", 0), ("йо", 1)),
    "io": (("ё", 2), ("ио", 1)),
    "ye": (("е", 0), ("ые", 3)),
    "je": (("е", 1), ("йе", 3)),
    "ie": (("ие", 1), ("е", 2)),
    "a": (("а", 0),),
    "b": (("б", 0),),
    "c": (("ц", 1), ("к", 2)),  # ц is ts in most schemes; a bare c is rarer
    "d": (("д", 0),),
    "e": (("е", 0), ("э", 1), ("ё", 2)),
    "f": (("ф", 0),),
    "g": (("г", 0),),
    "h": (("х", 0), ("г", 1)),
    "i": (("и", 0), ("й", 1), ("ы", 3)),
    "j": (("й", 0), ("ь", 1), ("ъ", 3)),
    "k": (("к", 0),),
    "l": (("л", 0), ("ль", 2)),
    "m": (("м", 0),),
    "n": (("н", 0), ("нь", 3)),
    "o": (("о", 0),),
    "p": (("п", 0),),
    "q": (("к", 0),),
    "r": (("р", 0),),
    "s": (("с", 0), ("сь", 3)),
    "t": (("т", 0), ("ть", 3)),
    "u": (("у", 0),),
    "v": (("в", 0),),
    "w": (("в", 0),),
    "x": (("кс", 0), ("х", 1)),
    "y": (("ы", 0), ("й", 0), ("и", 2)),
    "z": (("з", 0),),
    "ë": (("ё", 0), ("е", 1)),
    "è": (("э", 0),),
    "é": (("е", 0),),
    "ė": (("э", 0),),
    "č": (("ч", 0),),
    "š": (("ш", 0),),
    "ž": (("ж", 0),),
    "ŝ": (("щ", 0),),
    "ĭ": (("й", 0),),
    "ǐ": (("й", 0),),
    "'": (("ь", 0), ("ъ", 1)),
    "’": (("ь", 0), ("ъ", 1)),
    "ʹ": (("ь", 0),),
    "ʺ": (("ъ", 0),),
    '"': (("ъ", 0),),
    "`": (("ъ", 0),),
}

#: Belarusian: no и, щ, ъ; і, ў, soft-sign digraphs and h for г instead.
_BE_RULES: _Rules = {
    **{k: v for k, v in _RU_RULES.items() if k not in {"shch", "shh", "sch", "ie", "io", "iu", "ia"}},
    "ie": (("е", 0), ("іе", 2)),
    "io": (("ё", 0), ("іо", 2)),
    "iu": (("ю", 0), ("іу", 2)),
    "ia": (("я", 0), ("іа", 2)),
    "ch": (("ч", 0),),
    "h": (("г", 0), ("х", 1)),
    "kh": (("х", 0),),
    "e": (("е", 0), ("э", 0)),
    "i": (("і", 0), ("й", 1)),
    "u": (("у", 0), ("ў", 1)),
    "w": (("ў", 0), ("в", 1)),
    "y": (("ы", 0), ("й", 0)),
    "ŭ": (("ў", 0),),
    "ĺ": (("ль", 0),),
    "ć": (("ць", 0),),
    "ś": (("сь", 0),),
    "ź": (("зь", 0),),
    "ń": (("нь", 0),),
}

#: Word-final adjective endings: -ii/-iy/-ij/-y/-yi/-yy/-yj all romanise ий or ый.
_ENDINGS: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = (
    ("yy", (("ый", 0),)),
    ("yj", (("ый", 0),)),
    ("yi", (("ый", 0), ("ий", 1))),
    ("iy", (("ий", 0), ("ый", 1))),
    ("ij", (("ий", 0), ("ый", 1))),
    ("ii", (("ий", 0), ("ый", 1))),
    ("y", (("ий", 0), ("ый", 0), ("ы", 1), ("й", 1))),
)

_BE_MARKS = frozenset("ŭĺćśźńw")
_MAX_EXPANSIONS = 20_000


def _enumerate(word: str, rules: _Rules, limit: int) -> list[tuple[int, str]]:
    """Best-first (lowest total cost) Cyrillic spellings of one lower-case ``word``."""
    longest = max(len(k) for k in rules)
    found: list[tuple[int, str]] = []
    heap: list[tuple[int, int, str]] = [(0, 0, "")]
    seen: set[tuple[int, str]] = set()
    expansions = 0
    while heap and len(found) < limit and expansions < _MAX_EXPANSIONS:
        cost, pos, prefix = heapq.heappop(heap)
        if pos == len(word):
            found.append((cost, prefix))
            continue
        if (pos, prefix) in seen:
            continue
        seen.add((pos, prefix))
        expansions += 1
        options: list[tuple[int, str, int]] = []
        rest = word[pos:]
        ending = False
        for latin, cyr in _ENDINGS:
            # Ending only after a stem (Zalesky, Velikiy), never the whole word.
            if rest == latin and pos >= 2:
                options.extend((len(latin), c, k) for c, k in cyr)
                ending = True
        # Where an adjective ending fits, letter-by-letter readings (Залескии) come later.
        penalty = 2 if ending else 0
        for size in range(min(longest, len(rest)), 0, -1):
            for c, k in rules.get(rest[:size], ()):
                options.append((size, c, k + penalty))
            if options and size > 1:
                penalty += 1  # a digraph read as two letters (с+х for sh) comes later
        if not options:  # a letter no scheme uses: keep it, so the walk still ends
            options.append((1, rest[0], 5))
        for size, cyr_text, extra in options:
            heapq.heappush(heap, (cost + extra, pos + size, prefix + cyr_text))
    return found


def _is_belarusian(word: str) -> bool:
    """Letters only a Belarusian romanisation writes (ŭ, ĺ, ć, …, or a final -ou/-au)."""
    return bool(_BE_MARKS & set(word)) or bool(re.search(r"[aeiou]u(?:$|[^aeiouy])", word))


def _recase(cyr: str, latin: str) -> str:
    if latin[:1].isupper():
        return cyr[:1].upper() + cyr[1:]
    return cyr


@lru_cache(maxsize=8192)
def _word_candidates(word: str, limit: int) -> tuple[str, ...]:
    low = unicodedata.normalize("NFC", word).lower()
    ru = _enumerate(low, _RU_RULES, limit)
    be = _enumerate(low, _BE_RULES, limit)
    # Belarusian spellings rank first when the letters say so; otherwise after Russian ones.
    be_penalty, ru_penalty = (0, 1) if _is_belarusian(low) else (2, 0)
    ranked = sorted([(c + ru_penalty, s) for c, s in ru] + [(c + be_penalty, s) for c, s in be])
    out: dict[str, None] = {}
    for _, spelling in ranked:
        out.setdefault(_recase(spelling, word), None)
        if len(out) >= limit:
            break
    return tuple(out)


def cyrillic_candidates(romanised: str, limit: int = 64) -> list[str]:
    """Cyrillic spellings (Russian, and Belarusian where plausible) ``romanised`` may come
    from, most likely first, at most ``limit``. Words (split on spaces and hyphens) are
    enumerated separately and combined best-first, so long titles stay bounded."""
    parts = re.split(r"([\s\-]+)", romanised.strip())
    words = parts[0::2]
    seps = parts[1::2]
    if not romanised.strip():
        return []
    per_word = [_word_candidates(w, limit) if w else ("",) for w in words]
    # Combine by summed rank, the same best-first walk over word positions.
    out: list[str] = []
    heap: list[tuple[int, tuple[int, ...]]] = [(0, tuple(0 for _ in per_word))]
    seen: set[tuple[int, ...]] = set()
    while heap and len(out) < limit:
        _, idx = heapq.heappop(heap)
        if idx in seen:
            continue
        seen.add(idx)
        pieces = [per_word[i][j] for i, j in enumerate(idx)]
        text = pieces[0] + "".join(s + p for s, p in zip(seps, pieces[1:], strict=True))
        out.append(text)
        for i in range(len(idx)):
            if idx[i] + 1 < len(per_word[i]):
                nxt = (*idx[:i], idx[i] + 1, *idx[i + 1 :])
                heapq.heappush(heap, (sum(nxt), nxt))
    return out


# --------------------------------------------------------------------------- schemes

#: Uzbek input is not Russian; every other scheme is tried.
_DETECT_SCHEMES: tuple[str, ...] = tuple(name for name in SCHEMES if name != "uz")


@lru_cache(maxsize=65536)
def _romanise(cyrillic: str, scheme: str) -> str:
    return transliterate(cyrillic, scheme).casefold()


@lru_cache(maxsize=4096)
def _detect_word(word: str) -> frozenset[str]:
    """Schemes reproducing ``word``: from the candidates the Russian dictionary knows when
    there are any (Алейник, not Алеиник), else from the best-ranked candidate any scheme
    reproduces, so an implausible spelling cannot vouch for every scheme at once."""
    target = word.casefold()
    candidates = _word_candidates(word, 64)
    known = [c for c in candidates if _known(c)]
    found: set[str] = set()
    for cyr in known or candidates:
        found.update(s for s in _DETECT_SCHEMES if _romanise(cyr, s) == target)
        if found and not known:
            break
    return frozenset(found)


def detect_schemes(romanised: str) -> list[str]:
    """Registered schemes that reproduce every word of ``romanised`` (case aside) from some
    Cyrillic candidate, sorted by name; empty when none does."""
    words = [w for w in re.split(r"[\s\-]+", romanised.strip()) if w]
    if not words:
        return []
    common: frozenset[str] | None = None
    for word in words:
        schemes = _detect_word(word)
        common = schemes if common is None else common & schemes
        if not common:
            return []
    return sorted(common or ())


# --------------------------------------------------------------------------- keys

_SPECIAL = str.maketrans(
    {
        "č": "ch",
        "š": "sh",
        "ž": "zh",
        "ŝ": "shch",
        "ć": "c",
        "ś": "s",
        "ź": "z",
        "ĺ": "l",
        "ń": "n",
        "ŭ": "u",
        "ë": "e",
        "ė": "e",
        "ĭ": "i",
        "ǐ": "i",
        "w": "v",
        "q": "k",
        "x": "h",  # х in the scientific scheme and GOST 7.79 B; Latin names are rare here
    }
)
#: Applied in order: longer digraphs before the letters they contain.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("shch", "Q"),
    ("shh", "Q"),
    ("sch", "Q"),
    ("sh", "S"),
    ("zh", "Z"),
    ("tch", "C"),
    ("ch", "C"),
    ("kh", "g"),
    ("h", "g"),
    ("ts", "c"),
    ("tz", "c"),
    ("cz", "c"),
    ("j", "i"),
    ("y", "i"),
    ("iii", "i"),
    ("ii", "i"),  # before ie/io: Patiyev → patiiev → patiev, like Patiev
    ("ie", "e"),
    ("io", "e"),  # ё written yo or e alike (Fyodorov, Fedorov)
)
_MARKS_RE = re.compile(r"[\u0300-\u036f'’ʹʺ`\"]")
_DOUBLE_RE = re.compile(r"(.)\1+")
_WORD_SPLIT_RE = re.compile(r"[\s\-]+")
#: Russian adjectival endings of place names in slugs and titles (gomelskoj → gomel).
_ADJ_RE = re.compile(r"(?:sk|sc|ck)(?:aia|aa|oi|ogo|ii|i|oe|om|ui|ie|ix|igi|ig|imi|oi|ai|a|o|e)$")


def _fold_word(word: str) -> str:
    text = unicodedata.normalize("NFC", word).lower().translate(_SPECIAL)
    text = _MARKS_RE.sub("", unicodedata.normalize("NFD", text))
    text = "".join(ch for ch in text if ch.isalnum())
    for src, dst in _FOLDS:
        text = text.replace(src, dst)
    return _DOUBLE_RE.sub(r"\1", text)


@lru_cache(maxsize=65536)
def name_key(form: str) -> str:
    """Phonetic key: lower-case, ASCII-folded, digraphs folded (shch/sch→щ, kh/h/g→г…),
    j/y/i alike, ie/io→e, double letters collapsed; so -ii/-iy/-ij/-y endings fold to -i."""
    return " ".join(filter(None, (_fold_word(w) for w in _WORD_SPLIT_RE.split(form))))


def _stem(key: str) -> str:
    return _ADJ_RE.sub("", key)


#: Russian case endings of nouns, as phonetic keys (genitive -a, -u, -om, -e, -ov, -ag = -ах…).
_CASE_ENDINGS = ("ami", "am", "ag", "om", "ov", "ei", "oi", "a", "u", "e", "i")


def _uninflect(key: str, known: Container[str]) -> str:
    """A slug's inflected key (bobruiskagromaSa) as the known text key it declines
    (bobruiskagromaS), else unchanged: slugs decline names, titles rarely do."""
    for ending in _CASE_ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= 4 and key[: -len(ending)] in known:
            return key[: -len(ending)]
    return key


@lru_cache(maxsize=1)
def _place_keys() -> dict[str, str]:
    """Phonetic key of every romanisation of every gazetteer place → its Russian form."""
    ru_schemes = [s.name for s in SCHEMES.values() if s.language == "ru"]
    be_schemes = [s.name for s in SCHEMES.values() if s.language == "be"]
    keys: dict[str, str] = {}
    for be, ru in GAZETTEER:
        forms = [(ru, ru_schemes), (ru.replace("ё", "е"), ru_schemes), (be, be_schemes)]
        for cyr, schemes in forms:
            for scheme in schemes:
                keys.setdefault(name_key(transliterate(cyr, scheme)), ru)
    return keys


def _place(key: str) -> str | None:
    places = _place_keys()
    return places.get(key) or places.get(_stem(key))


# --------------------------------------------------------------------------- clustering


@dataclass(frozen=True)
class NameOccurrence:
    """One romanised name as it stands at one place: ``role`` is ``author``, ``title``,
    ``slug`` (a BelTA URL) or ``body`` (the running text)."""

    form: str
    footnote: int | None
    line: int
    role: str


@dataclass(frozen=True)
class NameGroup:
    """Occurrences of one name; ``kind`` is ``inconsistent`` when the text itself spells it
    two ways in one role, ``expected`` when only a slug differs from the text."""

    forms: tuple[str, ...]
    occurrences: tuple[NameOccurrence, ...]
    cyrillic: str
    canonical: str
    kind: str


class _Union:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _same_name(a: str, b: str) -> bool:
    """Two forms with one key: confirmed by a shared Cyrillic spelling, else by near-equal
    ASCII-folded spellings (the key folds more than romanisations ever differ)."""
    if a.casefold() == b.casefold():
        return True
    ca = {c.casefold() for c in cyrillic_candidates(a, 32)}
    if any(c.casefold() in ca for c in cyrillic_candidates(b, 32)):
        return True
    fa = _MARKS_RE.sub("", unicodedata.normalize("NFD", a.casefold()))
    fb = _MARKS_RE.sub("", unicodedata.normalize("NFD", b.casefold()))
    return fuzz.ratio(fa, fb) >= 80


def _best_cyrillic(forms: Sequence[str]) -> str:
    """The Cyrillic spelling most text (capitalised) forms share, then the one most slug
    forms share (a slug's ``bobrujskagromasha`` read without its case ending tells й from и),
    then the one with most dictionary words (Камень, not Камен), then the better-ranked one."""
    text = [f for f in forms if f[:1].isupper()] or list(forms)
    slugs: list[str] = []
    for form in forms:
        if form in text:
            continue
        for t in text:  # drop the case ending a slug added to the text's name
            if name_key(form[: len(t)]) == name_key(t):
                slugs.append(form[: len(t)])
                break
    votes: Counter[str] = Counter()
    slug_votes: Counter[str] = Counter()
    rank: dict[str, int] = {}
    for pool, counter in ((text, votes), (slugs, slug_votes)):
        for form in pool:
            for i, cyr in enumerate(cyrillic_candidates(form, 64)):
                low = cyr.lower()
                counter[low] += 1
                rank[low] = rank.get(low, 0) + i
    if not votes:
        return ""
    top = max(votes.values())
    best = max(
        (c for c in votes if votes[c] == top),
        key=lambda c: (slug_votes[c], sum(_known(w) for w in c.split(" ")), -rank[c]),
    )
    return " ".join(w[:1].upper() + w[1:] for w in best.split(" "))


#: Endings a slug adds to a name it declines (Беларуси → belarusi, Гомельской → gomelskoj).
_SLUG_TAILS = re.compile(
    r"(?:sk(?:aja|oj|ogo|ij|ii|om|uju|ie|ih|imi|oe|omu|aya|oy|iy))?(?:a|u|om|e|i|y|ov|ami|ah|am|oj|ej|ju|ja|yj)?$"
)


def _spellings(occurrences: Sequence[NameOccurrence]) -> set[str]:
    """Distinct spellings, case aside and with a slug's case endings dropped when what is
    left is a spelling the text uses: ``belarusi`` beside ``Belarus`` is grammar, not a
    romanisation difference."""
    text = {o.form.casefold() for o in occurrences if o.role != "slug"}
    out: set[str] = set()
    for occ in occurrences:
        low = occ.form.casefold()
        if occ.role == "slug" and low not in text:
            for t in text:
                if low.startswith(t) and _SLUG_TAILS.fullmatch(low[len(t) :]):
                    low = t
                    break
        out.add(low)
    return out


def _kind(occurrences: Sequence[NameOccurrence]) -> str:
    by_role: dict[str, set[str]] = defaultdict(set)
    for occ in occurrences:
        by_role[occ.role].add(occ.form.casefold())
    text_roles = [forms for role, forms in by_role.items() if role in _TEXT_ROLES]
    if any(len(forms) > 1 for forms in text_roles):
        return "inconsistent"
    return "expected"


def cluster(occurrences: Iterable[NameOccurrence], house_scheme: str = "wikipedia") -> list[NameGroup]:
    """Group occurrences that are one name romanised differently.

    Forms are bucketed by :func:`name_key` (or by gazetteer place, which also catches
    inflected ``gomelskoj``); inside a bucket, forms join only when :func:`_same_name`
    confirms it, so cost stays linear in the number of distinct forms when buckets are small.
    Groups come in order of first occurrence; each occurrence lands in exactly one group.
    """
    occs = [o for o in occurrences if o.form.strip()]
    by_form: dict[str, list[NameOccurrence]] = defaultdict(list)
    for occ in occs:
        by_form[occ.form].append(occ)
    forms = list(by_form)
    text_keys = {name_key(f) for f, occ in by_form.items() if any(o.role != "slug" for o in occ)}
    buckets: dict[str, list[int]] = defaultdict(list)
    place_of: dict[int, str] = {}
    for i, form in enumerate(forms):
        key = name_key(form)
        if not key:
            continue
        if key not in text_keys and all(o.role == "slug" for o in by_form[form]):
            key = _uninflect(key, text_keys)
        place = _place(key)
        if place is not None:
            place_of[i] = place
            buckets["place:" + place].append(i)
        else:
            buckets[key].append(i)
    union = _Union(len(forms))
    for bucket_id, members in buckets.items():
        if bucket_id.startswith("place:"):
            for i in members[1:]:
                union.join(members[0], i)
            continue
        for pos, i in enumerate(members):
            for j in members[:pos]:
                if union.find(i) != union.find(j) and _same_name(forms[i], forms[j]):
                    union.join(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(forms)):
        if name_key(forms[i]):
            groups[union.find(i)].append(i)
    result: list[NameGroup] = []
    for members in groups.values():
        members_occ = sorted(
            (o for i in members for o in by_form[forms[i]]), key=lambda o: (o.line, o.footnote or 0)
        )
        group_forms = tuple(dict.fromkeys(o.form for o in members_occ))
        place = place_of.get(members[0])
        cyrillic = place if place is not None else _best_cyrillic(group_forms)
        canonical = _canonical(cyrillic, house_scheme) if cyrillic else group_forms[0]
        result.append(NameGroup(group_forms, tuple(members_occ), cyrillic, canonical, _kind(members_occ)))
    result.sort(key=lambda g: (g.occurrences[0].line, g.forms[0]))
    return result


def _canonical(cyrillic: str, scheme: str) -> str:
    latin = transliterate(cyrillic, scheme)
    return " ".join(w[:1].upper() + w[1:] for w in latin.split(" "))


# --------------------------------------------------------------------------- occurrences

#: Letters a romanised Russian or Belarusian name may hold (French é, à, ç… are not among them).
_NAME_WORD = r"[A-Z][a-zA-Zŭĺćśźńčšžëėĭ'’]+"
_RUN_RE = re.compile(rf"{_NAME_WORD}(?:[ \u00a0]{_NAME_WORD})*")
_INITIAL_RE = re.compile(r"^[A-ZА-Я]\.$")
#: Capitalised words of English and French titles that are never names.
_STOP = frozenset(
    " ".join(
        (
            "a an and at by for from in of on the to with as is it its this that new great",
            "le la les l de des du un une et en au aux à pour par sur dans avec entre est sont",
            "ce cette ressource electronic resource plant holding llc ltd oao ojsc jsc state",
            "university republic president minister ministry national",
        )
    ).split()
)


@lru_cache(maxsize=1)
def _morph() -> object:
    import pymorphy3  # lazily: the dictionary takes half a second to load

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def _known(cyrillic: str) -> bool:
    """The Russian dictionary knows the word (not a pymorphy3 guess)."""
    return bool(_morph().word_is_known(cyrillic.lower()))  # type: ignore[attr-defined]


@lru_cache(maxsize=16384)
def _proper_noun(word: str) -> bool:
    """pymorphy3 knows one of the word's top Cyrillic spellings as a name, surname, place
    or organisation (a dictionary word, not a guess)."""
    morph = _morph()
    for cyr in cyrillic_candidates(word, 8):
        low = cyr.lower()
        if not morph.word_is_known(low):  # type: ignore[attr-defined]
            continue
        for parse in morph.parse(low):  # type: ignore[attr-defined]
            if {"Name", "Surn", "Geox", "Orgn"} & set(str(parse.tag).replace(" ", ",").split(",")):
                return True
    return False


@lru_cache(maxsize=16384)
def _given_name(word: str) -> bool:
    morph = _morph()
    for cyr in cyrillic_candidates(word, 4):
        for parse in morph.parse(cyr.lower()):  # type: ignore[attr-defined]
            if "Name" in str(parse.tag) and morph.word_is_known(cyr.lower()):  # type: ignore[attr-defined]
                return True
    return False


def _surname(author: str) -> str:
    """``Zaleskii, B.`` and ``B. Zaleskii`` → ``Zaleskii``."""
    head = author.split(",", 1)[0].strip()
    words = [w for w in head.split() if not _INITIAL_RE.match(w)]
    return words[-1] if words else ""


def _runs(text: str) -> list[tuple[str, bool]]:
    """Capitalised runs (``Velikiy Kamen``), without leading stop words and given names;
    the flag tells a surname vouched for by the given name before it (Nikolai Snopkov)."""
    out: list[tuple[str, bool]] = []
    for match in _RUN_RE.finditer(text):
        words = [w.strip("'’") for w in match.group().split()]
        while words and words[0].lower() in _STOP:
            words.pop(0)
        if len(words) == 2 and _given_name(words[0]):
            out.append((words[1], True))  # the surname is the name to compare
        elif len(words) > 3:  # a title in Title Case, not a name
            out.extend((w, False) for w in words if w.lower() not in _STOP)
        elif words:
            out.append((" ".join(words), False))
    return out


def occurrences_from(
    reference_title: str | None,
    authors: Iterable[str],
    slug: str | None,
    footnote: int | None,
    line: int,
    known: Container[str] = frozenset(),
) -> list[NameOccurrence]:
    """Name occurrences of one reference.

    Authors give their surnames. A title gives capitalised words and runs that are either
    a gazetteer place, echoed by the slug, or a proper noun pymorphy3 knows: a sentence-initial
    ``Aleinik`` counts because the slug repeats it, a sentence-initial ``Transcription`` does
    not. Slug words (and word pairs) count only when they match a title name's key, or a key
    in ``known`` (names found elsewhere in the document, for titles given in translation:
    ``"Great Stone"`` beside ``velikij-kamen``), so the slug adds its romanisation of names
    and nothing else.
    """
    out = [NameOccurrence(s, footnote, line, "author") for a in authors if (s := _surname(a))]
    slug_words = [w for w in (slug or "").lower().split("-") if w and not w.isdigit()]
    slug_keys: dict[str, str] = {}
    for size in (2, 1):
        for i in range(len(slug_words) - size + 1):
            phrase = " ".join(slug_words[i : i + size])
            key = name_key(phrase)
            slug_keys.setdefault(key, phrase)
            slug_keys.setdefault(_stem(key), phrase)
    title_keys: set[str] = {name_key(o.form) for o in out}
    for run, person in _runs(reference_title or ""):
        key = name_key(run)
        echoed = key in slug_keys or any(_uninflect(k, {key}) == key for k in slug_keys)
        if echoed or person or _place(key) is not None or " " in run or _proper_noun(run):
            out.append(NameOccurrence(run, footnote, line, "title"))
            title_keys.add(key)
    used: set[str] = set()
    for skey, phrase in slug_keys.items():
        if skey in known and phrase not in used and skey not in title_keys:
            used.add(phrase)
            out.append(NameOccurrence(phrase, footnote, line, "slug"))
    for key in title_keys:
        place = _place(key)
        for skey, phrase in slug_keys.items():
            if phrase in used:
                continue
            if skey == key or _uninflect(skey, {key}) == key or (place is not None and _place(skey) == place):
                used.add(phrase)
                out.append(NameOccurrence(phrase, footnote, line, "slug"))
    return out


def document_occurrences(
    references: Iterable[Reference], lines: Sequence[str] | None = None
) -> list[NameOccurrence]:
    """Every name occurrence of one document: each reference's authors, title and slug
    (slugs also matched against names found in other references), then, given the source
    ``lines``, the running text outside the references' own lines."""
    refs = list(references)
    first = [
        occurrences_from(r.title, r.authors, r.belta.slug if r.belta else None, r.n, r.span.first)
        for r in refs
    ]
    keys = {name_key(o.form) for occs in first for o in occs if o.role != "slug"}
    out: list[NameOccurrence] = []
    for ref in refs:
        slug = ref.belta.slug if ref.belta else None
        out.extend(occurrences_from(ref.title, ref.authors, slug, ref.n, ref.span.first, keys))
    if lines is not None:
        skip = {n for r in refs for n in range(r.span.first, r.span.last + 1)}
        out.extend(body_occurrences(lines, out, 1, skip))
    return out


def body_occurrences(
    lines: Sequence[str],
    known: Iterable[NameOccurrence],
    first_line: int = 1,
    skip: Container[int] = frozenset(),
) -> list[NameOccurrence]:
    """Capitalised words and runs of running text whose key is a ``known`` name's key or a
    gazetteer place; ``skip`` holds line numbers to leave out (the footnotes themselves)."""
    keys = {name_key(o.form) for o in known}
    out: list[NameOccurrence] = []
    for n, text in enumerate(lines, start=first_line):
        if n in skip:
            continue
        for run, _ in _runs(text):
            candidates = [run] if " " not in run else [run, *run.split()]
            for form in candidates:
                key = name_key(form)
                if key in keys or _place(key) is not None:
                    out.append(NameOccurrence(form, None, n, "body"))
                    break
    return out


# --------------------------------------------------------------------------- findings


def _where(occ: NameOccurrence) -> str:
    return f"fn {occ.footnote}, line {occ.line}" if occ.footnote is not None else f"line {occ.line}"


def findings(groups: Iterable[NameGroup]) -> list[Finding]:
    """A ``name-variant`` finding per group spelled two or more ways (case aside): a warning
    when the text is inconsistent, info when only a slug's scheme differs."""
    out: list[Finding] = []
    for group in groups:
        if len(_spellings(group.occurrences)) < 2:
            continue
        parts = []
        for form in group.forms:
            places = "; ".join(_where(o) for o in group.occurrences if o.form == form)
            parts.append(f"{form} ({places})")
        first = group.occurrences[0]
        inconsistent = group.kind == "inconsistent"
        what = "spelled differently" if inconsistent else "romanised differently in a URL slug"
        forms = [
            {
                "form": form,
                "occurrences": [
                    {"footnote": o.footnote, "line": o.line, "role": o.role}
                    for o in group.occurrences
                    if o.form == form
                ],
            }
            for form in group.forms
        ]
        out.append(
            Finding(
                code="name-variant",
                severity=Severity.WARNING if inconsistent else Severity.INFO,
                message=f"one name {what}: {', '.join(parts)}",
                line=first.line,
                footnote=first.footnote,
                suggestion=group.canonical,
                details=(("forms", forms), ("cyrillic", group.cyrillic), ("kind", group.kind)),
            )
        )
    return out


#: Families a reader recognises, in the order a name's family is chosen when it fits several.
_FAMILIES = (
    ("wikipedia", "Wikipedia-style"),
    ("bgn-pcgn", "BGN/PCGN"),
    ("icao", "ICAO/passport-style"),
    ("gost-7.79-b", "GOST 7.79 B"),
    ("ala-lc", "ALA-LC"),
    ("scientific", "scholarly"),
    ("be-national-2007", "Belarusian national"),
)


def scheme_mix(occurrences: Iterable[NameOccurrence]) -> Finding | None:
    """A ``scheme-mixed`` finding when the names written in titles and author fields belong to
    different families of romanisation (each name goes to the first family in
    :data:`_FAMILIES` whose scheme writes it so; names most schemes write alike say nothing
    and are left out)."""
    first: dict[str, NameOccurrence] = {}
    for occ in occurrences:
        if occ.role in ("author", "title") and not occ.form.isupper() and len(occ.form) > 2:
            first.setdefault(occ.form, occ)  # acronyms (NCM) are no romanisation
    telling: dict[str, set[str]] = {}
    for form in first:
        schemes = set(detect_schemes(form))
        if schemes and len(schemes) <= 12:
            telling[form] = schemes
    if len(telling) < 2:
        return None
    families: dict[str, list[str]] = {}
    for form, schemes in telling.items():
        label = next((label for scheme, label in _FAMILIES if scheme in schemes), None)
        if label:
            families.setdefault(label, []).append(form)
    # One name per family is an accident (an exonym, a translator's habit), not a mix.
    families = {label: forms for label, forms in families.items() if len(forms) >= 2}
    if len(families) < 2:
        return None
    summary = "; ".join(f"{label}: {', '.join(sorted(forms))}" for label, forms in sorted(families.items()))
    line = min(first[form].line for form in telling)
    return Finding(
        "scheme-mixed",
        Severity.INFO,
        f"names in titles and author fields follow different romanisations — {summary}; choose one house scheme",
        line,
    )


@lru_cache(maxsize=16384)
def _is_surname(word: str) -> bool:
    """pymorphy3 knows one of the word's top Cyrillic spellings as a surname."""
    morph = _morph()
    for cyr in cyrillic_candidates(word, 8):
        low = cyr.lower()
        if morph.word_is_known(low) and any("Surn" in str(p.tag) for p in morph.parse(low)):  # type: ignore[attr-defined]
            return True
    return False


def slug_disagreements(references: Iterable[Reference]) -> list[Finding]:
    """``slug-title-mismatch``: a BelTA footnote whose title names a person the URL's headline
    does not, while the headline names another person — beyond any romanisation difference
    (a title put on the wrong URL, or a URL copied from the next footnote)."""
    from citations.translit import belta_slug

    def key(form: str) -> str:
        # A Cyrillic title writes the name the slug romanises: compare through BelTA's scheme.
        return name_key(belta_slug(form) if re.search(r"[А-яЁёІіЎў]", form) else form)

    out = []
    for ref in references:
        if not (ref.belta and ref.belta.slug and ref.title and ref.url_complete):
            continue
        slug_words = [w for w in ref.belta.slug.split("-") if w.isalpha()]
        slug_keys = {name_key(w) for w in slug_words} | {_stem(name_key(w)) for w in slug_words}
        occurrences = occurrences_from(ref.title, (), ref.belta.slug, ref.n, ref.span.first)
        title_keys = {key(o.form) for o in occurrences if o.role == "title"}
        people = [
            o.form for o in occurrences if o.role == "title" and " " not in o.form and _is_surname(o.form)
        ]
        # "Snopkov : …": the BelTA headline's "who: what was said".
        speaker = re.match(r"^([A-ZА-ЯЁІЎ][\w'’-]+)\s*:", ref.title)
        if speaker and speaker.group(1) not in people:
            people.append(speaker.group(1))
        unechoed = [p for p in people if key(p) not in slug_keys and _stem(key(p)) not in slug_keys]
        if not unechoed:
            continue
        others = [w for w in slug_words if len(w) > 3 and name_key(w) not in title_keys and _is_surname(w)]
        if others:
            out.append(
                Finding(
                    "slug-title-mismatch",
                    Severity.WARNING,
                    f"footnote {ref.n}: the title names {', '.join(unechoed)} but the URL's headline names "
                    f"{', '.join(others)}: is this the right URL?",
                    ref.span.first,
                    ref.n,
                )
            )
    return out
