"""Footnote detection in extracted text: every layout pattern of GUIDE §2, on text we wrote.

``tests/data/synthetic_manuscript.txt`` is synthetic (our own sentences and URLs) and holds
one instance of each pattern; the smaller layouts below are built inline.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import SYNTHETIC

from citations.detect import detect
from citations.models import LineRole
from citations.pipeline import assemble, extract_document


@pytest.fixture(scope="module")
def synthetic():  # type: ignore[no-untyped-def]
    return extract_document(str(SYNTHETIC))


def refs_by_n(result):  # type: ignore[no-untyped-def]
    return {r.n: r for r in result.references}


def codes_for(result, n):  # type: ignore[no-untyped-def]
    return sorted(f.code for f in result.findings if f.footnote == n)


def test_numbering_followed_across_pages(synthetic) -> None:  # type: ignore[no-untyped-def]
    assert sorted(refs_by_n(synthetic)) == list(range(1, 12))


def test_body_call_markers_found(synthetic) -> None:  # type: ignore[no-untyped-def]
    # 'laitiers"1 .', 'a déclaré2 .', '"3Il', 'délais5 .', '"12 .'
    assert synthetic.call_count == 12


def test_called_footnote_without_text_is_missing(synthetic) -> None:  # type: ignore[no-untyped-def]
    assert synthetic.missing == (12,)
    [f] = [f for f in synthetic.findings if f.code == "footnote-missing"]
    assert f.line == 60 and "called on line 60" in f.message


def test_url_broken_at_slug_hyphen_is_rejoined_exactly(synthetic) -> None:  # type: ignore[no-untyped-def]
    ref = refs_by_n(synthetic)[1]
    assert (
        ref.url
        == "https://www.belta.by/politics/view/alpha-rasskazal-o-sotrudnichestve-v-agrarnom-sektore-567001-2023/"
    )
    assert ref.url_complete is True
    assert ref.belta is not None and (ref.belta.rubric, ref.belta.id, ref.belta.year) == (
        "politics",
        567001,
        2023,
    )
    assert "url-split" in codes_for(synthetic, 1)


def test_authors_in_both_positions(synthetic) -> None:  # type: ignore[no-untyped-def]
    ref = refs_by_n(synthetic)[2]
    assert ref.authors == ("Pivovar, E.",) and ref.responsibility == "E. Pivovar"
    assert ref.title == "Les entreprises communes se multiplient"


def test_page_number_line_is_not_body_or_footnote(synthetic) -> None:  # type: ignore[no-untyped-def]
    assert all(not (r.span.first <= 18 <= r.span.last) for r in synthetic.references)


def test_url_continued_after_unrelated_body_lines(synthetic) -> None:  # type: ignore[no-untyped-def]
    ref = refs_by_n(synthetic)[3]
    assert ref.url == "https://www.belta.by/economics/view/beta-belarus-gotovit-novye-kontrakty-567002-2023/"
    assert (ref.span.first, ref.span.last) == (25, 31)
    assert "footnote-interleaved" in codes_for(synthetic, 3)
    assert "Les négociations" not in ref.raw


def test_truncated_url_is_reported_not_completed(synthetic) -> None:  # type: ignore[no-untyped-def]
    ref = refs_by_n(synthetic)[4]
    assert ref.url == "https://www.belta.by/regions/view/regionalnyj-forum-sobral-investorov-"
    assert ref.url_complete is False and ref.belta is None
    assert "url-truncated" in codes_for(synthetic, 4)


def test_two_footnotes_on_one_line_are_split(synthetic) -> None:  # type: ignore[no-untyped-def]
    refs = refs_by_n(synthetic)
    assert refs[5].kind.value == "book" and refs[5].pages == "19" and refs[5].url is None
    assert refs[6].title == "Le parc industriel attire des résidents"
    assert refs[6].url == "https://www.belta.by/economics/view/park-privlekaet-rezidentov-547001-2023/"
    assert "footnote-merged" in codes_for(synthetic, 6)


def test_url_label_with_nothing_after(synthetic) -> None:  # type: ignore[no-untyped-def]
    ref = refs_by_n(synthetic)[7]
    assert ref.url is None and ref.url_complete is False
    assert codes_for(synthetic, 7) == ["mt-artifact", "url-missing"]
    assert "xml-ph-0" in ref.raw  # machine-translation debris preserved verbatim


def test_doubled_medium_and_merge_seam(synthetic) -> None:  # type: ignore[no-untyped-def]
    assert {"medium-duplicated", "footnote-merged"} <= set(codes_for(synthetic, 8))


def test_slug_fragment_without_head(synthetic) -> None:  # type: ignore[no-untyped-def]
    ref = refs_by_n(synthetic)[9]
    assert ref.url == "sozdadut-logisticheskij-tsentr-v-etom-godu-" and ref.url_complete is False
    assert ref.title == "Un centre logistique sera créé cette"
    assert "url-fragment" in codes_for(synthetic, 9)


def test_replacement_character_preserved(synthetic) -> None:  # type: ignore[no-untyped-def]
    ref = refs_by_n(synthetic)[10]
    assert ref.raw.startswith("\ufffd. Rachkov") and ref.kind.value == "government-page"


def test_trailing_double_slash_suggests_fix(synthetic) -> None:  # type: ignore[no-untyped-def]
    [f] = [f for f in synthetic.findings if f.code == "url-malformed"]
    assert f.suggestion == "https://www.belta.by/comments/view/mnenie-eksperta-8001/"


# -- other layouts ---------------------------------------------------------------------------

SINGLE_SPACED = """Le texte principal cite une source1. Puis une autre2.
Encore du texte ici.
1 Titre premier [Ressource électronique]. - 2023. - URL : https://www.belta.by/economics/view/titre-premier-
567001-2023/
2 Второй заголовок [Электронный ресурс]. – 2022. – URL: https://www.belta.by/society/view/vtoroj-
zagolovok-510001-2022/ (дата обращения: 10.01.2023).
Le texte reprend ensuite3.
3 Troisième titre [Ressource électronique]. - 2021. - URL : https://mfa.gov.by/press/a.html
"""


def test_single_spaced_without_separators() -> None:
    found = detect(SINGLE_SPACED.splitlines())
    assert [f.number for f in found.footnotes] == [1, 2, 3]
    assert [c.number for c in found.calls] == [1, 2, 3]
    assert assemble(found.footnotes[1]).text.endswith("zagolovok-510001-2022/ (дата обращения: 10.01.2023).")


def test_number_glued_to_text_and_hanging_indent() -> None:
    lines = [
        "Corps du texte avec un appel1 .",
        "1Pivovar, E. Le titre du texte / E. Pivovar // [Electronic resource]. - 2022. -",
        "  URL : https://www.belta.by/economics/view/le-titre-510001-2022/",
    ]
    [fn] = detect(lines).footnotes
    assert fn.number == 1 and len(fn.fragments) == 2


def test_footnote_number_alone_on_its_line() -> None:
    lines = [
        'Texte principal"1 .',
        " " * 30,
        "1",
        "Titre [Ressource électronique]. - 2022. - URL : https://b.by/x/",
        "",
    ]
    [fn] = detect(lines).footnotes
    assert fn.number == 1 and fn.span.first == 4


def test_body_line_starting_with_a_number_is_not_a_footnote() -> None:
    lines = [
        "Il a ajouté1 . Les travaux dureront",
        "2 à 3 ans selon le ministère.",
        "1 Titre [Ressource électronique]. - 2022.",
    ]
    found = detect(lines)
    assert [f.number for f in found.footnotes] == [1]
    assert found.footnotes[0].span.first == 3


def test_layout_roles_from_a_pdf_override_guesses() -> None:
    lines = ["Corps du texte", "1 Un titre sans marque", "suite de la note", "Corps encore"]
    roles = (LineRole.BODY, LineRole.NOTE, LineRole.NOTE, LineRole.BODY)
    [fn] = detect(lines, roles).footnotes
    assert [f.line for f in fn.fragments] == [2, 3]


def test_stray_numbers_do_not_break_the_call_sequence() -> None:
    lines = ["Le G20 a parlé1 . Puis2 . Ensuite le COVID-19 et 1,5 milliard3 .", "x86 et H1N1 puis4 ."]
    assert [c.number for c in detect(lines).calls] == [1, 2, 3, 4]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=40))
def test_detect_never_raises(lines: list[str]) -> None:
    found = detect(lines)
    numbers = [f.number for f in found.footnotes]
    assert numbers == sorted(numbers)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                " " * 40,
                "17",
                '…"3 .',
                "3 Titre [Ressource électronique]. - 2023. - URL :",
                "https://www.belta.by/a/view/b-",
                "c-d-567001-2023/",
                " texte du corps",
                "4 Pivovar, E. T / E. P // [Electronic resource]. - 2022.",
                "sozdadut-x-y-",
                "5 Ibid.",
                "URL : https://mfa.gov.by/x.html",
            ]
        ),
        max_size=60,
    )
)
def test_detect_never_raises_on_layout_soup(lines: list[str]) -> None:
    found = detect(lines)
    for fn in found.footnotes:
        assert all(1 <= fr.line <= len(lines) for fr in fn.fragments)


def test_superscript_numbers_and_form_feeds() -> None:
    lines = [
        "Le corps cite une source¹ et une autre².",
        "¹ Premier titre [Ressource électronique]. - 2023. - URL : https://www.belta.by/a/view/premier-567001-2023/",
        "\f² Second titre [Ressource électronique]. - 2022. - URL : https://www.belta.by/a/view/second-510001-2022/",
    ]
    found = detect(lines)
    assert [f.number for f in found.footnotes] == [1, 2]
    assert [c.number for c in found.calls] == [1, 2]


def test_url_broken_right_after_the_scheme() -> None:
    lines = [
        "1 Titre [Ressource électronique]. - 2023. - URL : https://",
        "www.belta.by/economics/view/titre-567001-2023/",
    ]
    [fn] = detect(lines).footnotes
    assert "https://www.belta.by/economics/view/titre-567001-2023/" in assemble(fn).text


def test_footnote_text_continued_in_the_next_page_zone() -> None:
    lines = [
        'Corps"1 .',
        " " * 40,
        "1 Le Belarus et Cuba ont signé un accord sur la",
        " Corps de la page suivante.",
        "",
        " " * 40,
        "reconnaissance des documents [Ressource électronique]. - 2022. - URL : https://www.belta.by/society/view/x-535587-2022/",
    ]
    [fn] = detect(lines).footnotes
    assert [f.line for f in fn.fragments] == [3, 7] and fn.interleaved


def test_parenthesis_and_bracket_numbering() -> None:
    lines = [
        "Corps du texte.",
        "1) Premier titre [Ressource électronique]. - 2023. - URL : https://mfa.gov.by/a.html",
        "[2] Second titre [Electronic resource]. - 2022. - URL: https://mfa.gov.by/b.html",
    ]
    assert [f.number for f in detect(lines).footnotes] == [1, 2]


def test_prose_after_a_truncated_url_is_body_and_time_stays_linear() -> None:
    """A footnote whose URL is cut must not swallow the following single-spaced body text."""
    prose = [
        f"Le texte du corps continue ici avec la phrase numéro {k} sur la coopération." for k in range(3000)
    ]
    lines = [
        "Le ministre a parlé1 .",
        "1 Titre [Ressource électronique]. - 2023. - URL : https://www.belta.by/economics/view/minprom-sinomach-",
        *prose,
        "17",
    ]
    [fn] = detect(lines).footnotes
    assert fn.span.last == 2


def test_footnote_printed_before_its_predecessor() -> None:
    lines = [
        'Corps du texte"1 . Suite"2 . Fin"3 .',
        " " * 40,
        "1 Premier titre [Ressource électronique]. - 2023. - URL : https://mfa.gov.by/a.html",
        "3 Troisième titre [Ressource électronique]. - 2023. - URL : https://mfa.gov.by/c.html",
        "2 Second titre [Ressource électronique]. - 2023. - URL : https://mfa.gov.by/b.html",
    ]
    found = detect(lines)
    assert [f.number for f in found.footnotes] == [1, 2, 3]
    assert [f.code for f in found.findings] == ["footnote-order"]


def test_decorated_page_number_is_not_a_footnote_number() -> None:
    lines = [
        "1 Titre [Ressource électronique]. - 2023. - URL : https://mfa.gov.by/a.html",
        "— 2 —",
        "Le corps continue ici en 2022 – avec un appel1 . Et la suite.",
    ]
    assert [f.number for f in detect(lines).footnotes] == [1]


def test_bibliography_after_the_footnotes_is_not_more_footnotes() -> None:
    lines = [
        'Corps du texte"1 .',
        " " * 40,
        "1 Premier titre [Ressource électronique]. - 2023. - URL : https://mfa.gov.by/a.html",
        "",
        "Список литературы",
        "1. Иванов, И. И. Экономика / И. И. Иванов. – Минск : Наука, 2020. – 200 с.",
        "2. Петров, П. П. Торговля / П. П. Петров. – Минск : Наука, 2021. – 150 с.",
    ]
    found = detect(lines)
    assert [f.number for f in found.footnotes] == [1]
    assert [f.code for f in found.findings] == ["bibliography-section"]
