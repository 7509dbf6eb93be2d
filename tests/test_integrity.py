"""Text-integrity checks: lost characters, homoglyphs, mixed scripts, mojibake, MT debris."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citations.integrity import check_line, check_title, repair_mojibake

WORD = "Привет"


@pytest.mark.parametrize(
    ("text", "code", "suggestion"),
    [
        pytest.param(
            "LAP LAMBERT Academic Publishing, 2022. - \ufffd. 5.",
            "replacement-char",
            "С. 5",
            id="lost-page-letter",
        ),
        pytest.param("\ufffd. Rachkov : Belarus considers", "replacement-char", None, id="lost-initial"),
        pytest.param("Academic Publishing, 2023. - C. 19.", "homoglyph", "С. 19.", id="latin-c-page"),
        pytest.param(
            "Беларусь [Электрoнный ресурс]", "mixed-script", "Электронный", id="latin-o-in-cyrillic"
        ),
        pytest.param("Рrеsident of Belarus", "mixed-script", "President", id="cyrillic-in-latin"),
        pytest.param(WORD.encode("cp1251").decode("cp1252"), "mojibake", WORD, id="cp1251-as-cp1252"),
        pytest.param(WORD.encode("cp1251").decode("latin-1"), "mojibake", WORD, id="cp1251-as-latin1"),
        pytest.param(WORD.encode("koi8_r").decode("cp1252"), "mojibake", WORD, id="koi8r-as-cp1252"),
        pytest.param(
            WORD.encode("utf-8").decode("cp1252", errors="ignore"), "mojibake", WORD, id="utf8-twice"
        ),
        pytest.param("coopération".encode().decode("cp1252"), "mojibake", "coopération", id="utf8-twice-fr"),
        pytest.param('de haute qualité au Belarus" xml-ph-0.', "mt-artifact", None, id="xml-placeholder"),
    ],
)
def test_finds(text: str, code: str, suggestion: str | None) -> None:
    [finding] = [f for f in check_line(7, text, 3) if f.code == code]
    assert (finding.line, finding.footnote, finding.suggestion) == (7, 3, suggestion)


@pytest.mark.parametrize(
    "text",
    [
        "Le Belarus a été un partenaire économique de la Côte d'Ivoire à Minsk.",
        "Товарооборот Беларуси и Китая вырос на треть – Текст : электронный // БелТА.",
        "Rachkov : Belarus considers Uzbekistan as an important partner. - C'est clair.",
        "URL : https://www.bеlta.by/x-1-2023/ (URLs are the URL checks' business)",
        "Ёлка, Élysée, Çà, Ægir — accents and ligatures are not mojibake",
    ],
)
def test_clean_text_gives_no_finding(text: str) -> None:
    assert check_line(1, text) == []


def test_unbalanced_quotes_in_a_title() -> None:
    assert [f.code for f in check_title("Velikiy Kamen\" a terminé l'année", 5, 42)] == ["quote-unbalanced"]
    assert check_title('Abramenko : "Great Stone" est une opportunité', 5, 39) == []
    assert [f.code for f in check_title("«Великий камень: итоги", 5, 1)] == ["quote-unbalanced"]


def test_accented_words_are_not_repaired() -> None:
    assert repair_mojibake("économique") is None and repair_mojibake("ÉÈÊË") is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    check_line(1, text)
    check_title(text, 1, 1)


def test_zero_width_characters_in_prose() -> None:
    [finding] = check_line(4, "Le\u200b Belarus et la Chine", 2)
    assert finding.code == "invisible-char" and finding.suggestion == "Le Belarus et la Chine"
