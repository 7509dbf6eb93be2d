"""Belarusian romanisation tables (iuliia covers Russian only).

Two systems, each a letter table plus the few context rules its publisher states:

* ``be-national-2007``: the Instruction on transliteration of Belarusian geographical names
  (State Committee on Land Resources, 2000; revised 11 June 2007; recommended by the UN in
  2012–13): Гомель → Homieĺ, Магілёў → Mahilioŭ, Віцебск → Viciebsk. ``е ё ю я`` are
  ``je jo ju ja`` at a word start and after a vowel, the apostrophe, ``ь`` or ``ў``, and
  ``ie io iu ia`` after a consonant; ``ь`` puts an acute on the consonant before it
  (``ć ĺ ń ś ź``, ``дзь`` → ``dź``); the apostrophe itself is not written. A 2023 revision
  replaced this system inside Belarus; bibliographies cite the 2007 forms, and it is not
  implemented.
* ``be-bgn-pcgn``: BGN/PCGN 1979 for Belarusian: Гомель → Homyel’, Магілёў → Mahilyow,
  Віцебск → Vitsyebsk. ``е ё ю я`` are ``ye yo yu ya`` everywhere, ``ў`` → ``w``, ``ь`` →
  ``’`` (U+2019), the apostrophe → ``”`` (U+201D). The middle dot the system allows, not
  requires, in ``зг кг сг тс цг`` (``z·h``) is left out.

``ґ`` (outside today's official alphabet) is ``g`` in both. Other letters outside the
Belarusian alphabet (Russian ``и щ ъ``, Ukrainian ``ї``) pass through unchanged: no Belarusian
table says what they become, and a visible Cyrillic letter in the output is better than a
guessed one.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class BelarusianTable:
    """One system: letters without context, the iotated vowels in both positions, the signs."""

    letters: dict[str, str]
    #: ``е ё ю я`` at a word start or after a vowel, apostrophe, ``ь`` or ``ў``…
    iotated_initial: dict[str, str]
    #: …and after a consonant.
    iotated_after_consonant: dict[str, str]
    #: ``None``: ``ь`` puts an acute on the consonant before it; else its romanisation.
    soft_sign: str | None
    apostrophe: str


_NATIONAL_2007_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "ж": "ž", "з": "z", "і": "i",
    "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ў": "ŭ", "ф": "f", "х": "ch", "ц": "c", "ч": "č", "ш": "š", "ы": "y",
    "э": "e",
}  # fmt: skip
_BGN_PCGN_1979_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "ж": "zh", "з": "z", "і": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ў": "w", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "ы": "y",
    "э": "e",
}  # fmt: skip

NATIONAL_2007 = BelarusianTable(
    letters=_NATIONAL_2007_LETTERS,
    iotated_initial={"е": "je", "ё": "jo", "ю": "ju", "я": "ja"},
    iotated_after_consonant={"е": "ie", "ё": "io", "ю": "iu", "я": "ia"},
    soft_sign=None,
    apostrophe="",
)
BGN_PCGN_1979 = BelarusianTable(
    letters=_BGN_PCGN_1979_LETTERS,
    iotated_initial={"е": "ye", "ё": "yo", "ю": "yu", "я": "ya"},
    iotated_after_consonant={"е": "ye", "ё": "yo", "ю": "yu", "я": "ya"},
    soft_sign="\u2019",
    apostrophe="\u201d",
)

#: The consonants ``ь`` follows in Belarusian spelling, with their acute forms (2007 system).
_ACUTE = {"c": "ć", "l": "ĺ", "n": "ń", "s": "ś", "z": "ź"}
#: Vowels for the iotation rule; Latin ``i`` counts because it is a common stand-in for ``і``
#: in typed Belarusian (Вялiкiя with Latin i).
_VOWELS = frozenset("аеёіиоуыэюяi")
#: Letters after which ``е ё ю я`` are "separated" like after a vowel (the 2007 rule).
_SEPARATING = frozenset("ьўъ")
#: The Belarusian apostrophe as typed: ASCII, typographic right quote, modifier letter.
_APOSTROPHES = frozenset("'\u2019\u02bc")


def _cased(latin: str, source: str, upper_context: bool) -> str:
    """``latin`` in the case of its source letter: ``Ch`` in a capitalised word, ``CH`` in an
    all-capitals one (a neighbouring letter is a capital too)."""
    if not source.isupper():
        return latin
    return latin.upper() if upper_context else latin[:1].upper() + latin[1:]


def romanise(text: str, table: BelarusianTable) -> str:
    """``text`` (Belarusian Cyrillic) in ``table``'s system; other characters pass through."""
    text = unicodedata.normalize("NFC", text)  # ў, й and ё as one character each
    out: list[str] = []
    prev = ""  # the previous source character, lower-cased ("" at the start)
    for i, ch in enumerate(text):
        low = ch.lower()
        nxt = text[i + 1 : i + 2]
        upper_context = (nxt.isalpha() and nxt.isupper()) or (i > 0 and text[i - 1].isupper())
        if low in table.iotated_initial:
            initial = not prev.isalpha() or prev in _VOWELS or prev in _SEPARATING or prev in _APOSTROPHES
            forms = table.iotated_initial if initial else table.iotated_after_consonant
            out.append(_cased(forms[low], ch, upper_context))
        elif low in table.letters:
            out.append(_cased(table.letters[low], ch, upper_context))
        elif low == "ь":
            if table.soft_sign is not None:
                out.append(table.soft_sign)
            elif out and out[-1] and out[-1][-1].lower() in _ACUTE:
                last = out[-1][-1]
                acute = _ACUTE[last.lower()]
                out[-1] = out[-1][:-1] + (acute.upper() if last.isupper() else acute)
            # Otherwise ``ь`` follows a consonant Belarusian never softens with it: not written.
        elif ch in _APOSTROPHES and prev.isalpha() and nxt.isalpha():
            out.append(table.apostrophe)  # between letters it is the separating apostrophe
        else:
            out.append(ch)
        prev = "'" if ch in _APOSTROPHES else low
    return "".join(out)


def national_2007(text: str) -> str:
    """Belarusian national system (2007): Гомель → Homieĺ."""
    return romanise(text, NATIONAL_2007)


def bgn_pcgn_1979(text: str) -> str:
    """BGN/PCGN 1979 for Belarusian: Гомель → Homyel’."""
    return romanise(text, BGN_PCGN_1979)
