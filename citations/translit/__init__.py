"""Romanisation schemes as data, under one registry of kebab-case names.

* Russian: every schema iuliia ships, wrapped (iuliia is imported on first use, so importing
  this package stays cheap). GOST 7.79-2000 has two systems: A, with diacritics, is ISO 9:1995
  letter for letter (iuliia's ``GOST_779``, also registered as ``iso-9``); B, ASCII-only
  (Щукин → Shhukin, Цуканов → Czukanov), is iuliia's ``GOST_779_ALT``. The older ISO/R 9 of
  1954 and 1968 are entries of their own; ``*-alt`` entries are iuliia's alternative tables
  for the same standard (mostly without diacritics).
* Belarusian: the 2007 national system and BGN/PCGN 1979 (:mod:`.belarusian`).
* BelTA: the slug scheme of belta.by URLs in its three eras (:mod:`.belta`).

``transliterate(text, name)`` is the one entry point the CLI needs; ``schemes()`` lists them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from citations.translit import belarusian
from citations.translit.belta import (
    SCHEME_2015,
    SCHEME_CURRENT,
    SCHEME_PRE2015,
    TAIL_LIMIT,
    belta_era,
    belta_slug,
    belta_slug_pre2015,
)

__all__ = [
    "SCHEMES",
    "TAIL_LIMIT",
    "Scheme",
    "belta_era",
    "belta_slug",
    "belta_slug_pre2015",
    "iuliia_samples",
    "schemes",
    "transliterate",
]


@dataclass(frozen=True)
class Scheme:
    """A named romanisation: ``language`` of its input (``ru``, ``be``, ``uz``), what it is,
    where its table comes from, and the function that applies it."""

    name: str
    language: str
    description: str
    source: str
    translate: Callable[[str], str] = field(repr=False, compare=False)
    #: iuliia's schema attribute (``GOST_779``) when iuliia does the work, else "".
    iuliia_name: str = ""


#: iuliia 0.13's tables for ISO 9, GOST 7.79 A, GOST 16876, BGN/PCGN, ALA-LC, BS 2979,
#: UNGEGN and the scientific scheme map ``ё`` to the *Cyrillic* ``ё`` (its own samples expect
#: that too); every one of those standards writes Latin ``ë``, so we finish the job.
LATIN_YO = str.maketrans({"ё": "ë", "Ё": "Ë"})


def _iuliia_translate(attr: str, text: str) -> str:
    import iuliia  # lazily: it reads its schema files on first use

    # iuliia knows only precomposed letters (й, not и + U+0306, as pasted from some PDFs).
    latin = str(getattr(iuliia, attr).translate(unicodedata.normalize("NFC", text)))
    return latin.translate(LATIN_YO)


#: name → (iuliia attribute, description). iuliia's own descriptions only repeat the name.
_IULIIA: dict[str, tuple[str, str]] = {
    "ala-lc": ("ALA_LC", "ALA-LC (Library of Congress), with diacritics and tie bars"),
    "ala-lc-alt": ("ALA_LC_ALT", "ALA-LC without diacritics"),
    "bgn-pcgn": ("BGN_PCGN", "BGN/PCGN 1947, US/UK geographic names (Gomel’)"),
    "bgn-pcgn-alt": ("BGN_PCGN_ALT", "BGN/PCGN 1947, iuliia's alternative table"),
    "bs-2979": ("BS_2979", "British Standard 2979:1958, with diacritics"),
    "bs-2979-alt": ("BS_2979_ALT", "British Standard 2979:1958 without diacritics"),
    "gost-16876": ("GOST_16876", "GOST 16876-71 (GOST 1983), with diacritics"),
    "gost-16876-alt": ("GOST_16876_ALT", "GOST 16876-71 (GOST 1983), ASCII table"),
    "gost-52290": ("GOST_52290", "GOST R 52290-2004, road signs"),
    "gost-52535": ("GOST_52535", "GOST R 52535.1-2006, identity documents"),
    "gost-7034": ("GOST_7034", "GOST R 7.0.34-2014, simplified transliteration (first alternatives)"),
    "gost-7.79-a": ("GOST_779", "GOST 7.79-2000 system A, with diacritics (= ISO 9:1995)"),
    "gost-7.79-b": ("GOST_779_ALT", "GOST 7.79-2000 system B, ASCII only (cz, shh, y`)"),
    "iso-9": ("GOST_779", "ISO 9:1995, one Latin letter per Cyrillic letter (= GOST 7.79 system A)"),
    "iso-9-1954": ("ISO_9_1954", "ISO/R 9:1954"),
    "iso-9-1968": ("ISO_9_1968", "ISO/R 9:1968, with diacritics"),
    "iso-9-1968-alt": ("ISO_9_1968_ALT", "ISO/R 9:1968, iuliia's alternative table"),
    "icao": ("ICAO_DOC_9303", "ICAO Doc 9303, machine-readable travel documents"),
    "mosmetro": ("MOSMETRO", "Moscow Metro map"),
    "mvd-310": ("MVD_310", "MVD 310-1997, passports (English-based)"),
    "mvd-310-fr": ("MVD_310_FR", "MVD 310-1997, passports (French-based)"),
    "mvd-782": ("MVD_782", "MVD 782-2000, passports"),
    "scientific": ("SCIENTIFIC", "scientific (scholarly) transliteration: č, š, ž, x"),
    "telegram": ("TELEGRAM", "Telegram"),
    "ungegn-1987": ("UNGEGN_1987", "UNGEGN 1987 V/18, UN geographic names"),
    "uz": ("UZ", "Uzbek Cyrillic to Uzbek Latin (the input is Uzbek, not Russian)"),
    "wikipedia": ("WIKIPEDIA", "English Wikipedia (modified BGN/PCGN: Yuliya, Gomel)"),
    "yandex-maps": ("YANDEX_MAPS", "Yandex.Maps"),
    "yandex-money": ("YANDEX_MONEY", "Yandex.Money bank cards"),
}


def _build() -> dict[str, Scheme]:
    found: dict[str, Scheme] = {}
    for name, (attr, description) in _IULIIA.items():
        language = "uz" if name == "uz" else "ru"
        source = f"iuliia {attr.lower()}.json (https://iuliia.ru)"
        found[name] = Scheme(name, language, description, source, partial(_iuliia_translate, attr), attr)
    found["be-national-2007"] = Scheme(
        "be-national-2007",
        "be",
        "Belarusian national system for geographic names, 2007 (Homieĺ, Mahilioŭ)",
        "Instruction on transliteration of Belarusian geographical names, 2000 rev. 2007; UNGEGN 2013",
        belarusian.national_2007,
    )
    found["be-bgn-pcgn"] = Scheme(
        "be-bgn-pcgn",
        "be",
        "BGN/PCGN 1979 for Belarusian (Homyel’, Mahilyow)",
        "BGN/PCGN Romanization of Belarusian (1979)",
        belarusian.bgn_pcgn_1979,
    )
    found[SCHEME_CURRENT] = Scheme(
        SCHEME_CURRENT,
        "ru",
        "BelTA URL slug from a Russian headline, 2020 on (periods dropped)",
        "reconstructed from real belta.by headline/URL pairs (GUIDE §3)",
        belta_slug,
    )
    found[SCHEME_2015] = Scheme(
        SCHEME_2015,
        "ru",
        "BelTA URL slug, 2015-2019 (periods kept: hod-konem.-samye)",
        "reconstructed from real belta.by headline/URL pairs (GUIDE §3)",
        partial(belta_slug, year=2015),
    )
    found[SCHEME_PRE2015] = Scheme(
        SCHEME_PRE2015,
        "ru",
        "BelTA URL slug before July 2015 (_i_<id>.html: case kept, one hyphen per space)",
        "reconstructed from real belta.by headline/URL pairs (GUIDE §3)",
        belta_slug_pre2015,
    )
    return dict(sorted(found.items()))


#: Every scheme by name, sorted by name.
SCHEMES: dict[str, Scheme] = _build()


def schemes() -> list[Scheme]:
    """Every registered scheme, sorted by name (for ``--list-schemes``)."""
    return list(SCHEMES.values())


def transliterate(text: str, scheme: str) -> str:
    """``text`` romanised under the scheme named ``scheme`` (case and ``_``/``-`` forgiven).

    Raises :class:`ValueError` naming every valid scheme when the name is unknown.
    """
    key = scheme.strip().lower().replace("_", "-")
    found = SCHEMES.get(key)
    if found is None:
        raise ValueError(f"unknown transliteration scheme {scheme!r}; valid: {', '.join(SCHEMES)}")
    return found.translate(text)


def iuliia_samples(name: str) -> list[tuple[str, str]]:
    """iuliia's own (source, expected) samples for the iuliia-backed scheme ``name``, with
    the expected Cyrillic ``ё`` read as ``ë`` (see :data:`LATIN_YO`)."""
    import iuliia

    attr = SCHEMES[name].iuliia_name
    if not attr:
        return []
    return [(str(src), str(dst).translate(LATIN_YO)) for src, dst in getattr(iuliia, attr).samples]
