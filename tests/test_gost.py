"""The GOST footnote grammar on Russian, French and English wordings (texts written by us)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citations import gost
from citations.models import Kind

CASES = {
    "fr-web-author-both-positions": (
        "Pivovar, E. Les entreprises communes se multiplient / E. Pivovar // [Ressource électronique]. - 2022. - "
        "URL : https://www.belta.by/economics/view/sovmestnye-predprijatija-510001-2022/",
        dict(
            kind=Kind.WEB_ARTICLE,
            authors=("Pivovar, E.",),
            responsibility="E. Pivovar",
            title="Les entreprises communes se multiplient",
            medium="[Ressource électronique]",
            year=2022,
            url="https://www.belta.by/economics/view/sovmestnye-predprijatija-510001-2022/",
        ),
    ),
    "ru-gost-2018-access-date": (
        "Алейник рассказал о сотрудничестве. – Текст : электронный // БелТА : [сайт]. – 2023. – "
        "URL: https://www.belta.by/politics/view/alejnik-567456-2023/ (дата обращения: 12.03.2023).",
        dict(
            kind=Kind.WEB_ARTICLE,
            title="Алейник рассказал о сотрудничестве",
            medium="Текст : электронный",
            container="БелТА : [сайт]",
            year=2023,
            access_date="12.03.2023",
            url="https://www.belta.by/politics/view/alejnik-567456-2023/",
        ),
    ),
    "en-electronic-resource-date-of-access": (
        "Shestakov: Belarus can sell a wide range of products [Electronic resource]. - 2022. - "
        "URL: https://www.belta.by/economics/view/x-510577-2022/ (date of access: 01.02.2023).",
        dict(kind=Kind.WEB_ARTICLE, medium="[Electronic resource]", year=2022, access_date="01.02.2023"),
    ),
    "fr-consulte-le": (
        "Le titre [Ressource électronique]. - 2021. - URL : https://mfa.gov.by/press/a.html (consulté le 3 mars 2023).",
        dict(kind=Kind.GOVERNMENT_PAGE, access_date="3 mars 2023", host="mfa.gov.by"),
    ),
    "book-publisher-pages-latin-c": (
        "Zaleskii, B. L'orientation vers les résultats / B. Zaleskii. - LAP LAMBERT Academic Publishing, 2022. - C. 23.",
        dict(
            kind=Kind.BOOK,
            authors=("Zaleskii, B.",),
            publisher="LAP LAMBERT Academic Publishing",
            year=2022,
            pages="23",
        ),
    ),
    "book-replacement-char-page": (
        "Zalesky, B. Partenariat / B. Zaleskii. - LAP LAMBERT Academic Publishing, 2022. - \ufffd. 5.",
        dict(kind=Kind.BOOK, pages="5", year=2022),
    ),
    "ru-book-place-publisher": (
        "Иванов, И. И. Экономика Беларуси : учебник / И. И. Иванов. – Минск : Наука, 2020. – С. 15–17.",
        dict(
            kind=Kind.BOOK,
            place="Минск",
            publisher="Наука",
            year=2020,
            pages="15–17",
            title="Экономика Беларуси : учебник",
        ),
    ),
    "title-with-inner-dash": (
        "Cherviakov : les défis actuels - une fenêtre [Ressource électronique]. - 2023. - URL : https://www.belta.by/economics/view/c-550498-2023/",
        dict(title="Cherviakov : les défis actuels - une fenêtre", year=2023),
    ),
    "leading-extraction-debris": (
        ". Nikolai Snopkov : L'effet économique [Ressource électronique]. - 2023. - URL : http://www.government.by/ru/content/10547",
        dict(title="Nikolai Snopkov : L'effet économique", kind=Kind.GOVERNMENT_PAGE),
    ),
    "url-label-empty": (
        "Le Belarus et la Chine ont convenu [Ressource électronique]. - 2023. - URL : ",
        dict(kind=Kind.WEB_ARTICLE, url=None),
    ),
    "other-host-news": (
        "La Chine et le Belarus [Ressource électronique]. - 2022. - URL : https://zviazda.by/ru/news/20220916/1663330543-kitay",
        dict(kind=Kind.WEB_ARTICLE, host="zviazda.by"),
    ),
    "journal-article": (
        "Петров, П. П. Внешняя торговля / П. П. Петров // Экономический бюллетень. – 2021. – № 4. – С. 10–20.",
        dict(kind=Kind.ARTICLE, container="Экономический бюллетень", year=2021, pages="10–20"),
    ),
    "commentary-then-see": (
        "Sur la genèse de cette politique, voir l'analyse détaillée : Les tracteurs MTZ livrés à Cuba "
        "[Ressource électronique]. – 2022. – URL : https://www.belta.by/economics/view/traktory-512345-2022/",
        dict(title="Les tracteurs MTZ livrés à Cuba", year=2022, kind=Kind.WEB_ARTICLE),
    ),
    "commentary-then-author": (
        "L'auteur insiste sur le rôle des visites présidentielles. Kovalev, M. La politique latino-américaine "
        "/ M. Kovalev. – Minsk : Université d'État biélorusse, 2021. – 312 p.",
        dict(authors=("Kovalev, M.",), title="La politique latino-américaine", kind=Kind.BOOK, year=2021),
    ),
    "ibid-ru": ("Там же. С. 5.", dict(kind=Kind.IBID, pages="5")),
    "ibid-en": ("Ibid., p. 12.", dict(kind=Kind.IBID, pages="12")),
    "commentary-note": ("Voir aussi la discussion dans le chapitre précédent", dict(kind=Kind.OTHER)),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_parse(text: str, expected: dict[str, object]) -> None:
    parsed = gost.parse(text)
    for name, value in expected.items():
        assert getattr(parsed, name) == value, name


def test_missing_url_is_a_problem() -> None:
    parsed = gost.parse(CASES["url-label-empty"][0])
    assert [p[0] for p in parsed.problems] == ["url-missing"]


def test_doubled_medium_is_a_problem() -> None:
    parsed = gost.parse(
        "Titre [Ressource électronique]. [Ressource électronique]. - 2023. - URL : https://b.by/x-1-2023/"
    )
    assert [p[0] for p in parsed.problems] == ["medium-duplicated"]


def test_split_two_references() -> None:
    text = "Там же. С. 5; Иванов, И. И. Экономика / И. И. Иванов. – Минск : Наука, 2020. – С. 7."
    parts = gost.split_references(text)
    assert len(parts) == 2
    assert gost.parse(parts[0]).kind == Kind.IBID
    assert gost.parse(parts[1]).publisher == "Наука"


def test_semicolon_inside_title_does_not_split() -> None:
    text = "Les échanges; une analyse [Ressource électronique]. - 2023. - URL : https://b.by/x-1-2023/"
    assert gost.split_references(text) == [text]


def test_preserves_odd_characters_verbatim() -> None:
    parsed = gost.parse(
        "\ufffd. Rachkov : partner xml-ph-0 [Electronic resource]. - 2023. - URL : http://sovrep.gov.by/a-1-2023/"
    )
    assert parsed.title == "\ufffd. Rachkov : partner xml-ph-0"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_parse_never_raises(text: str) -> None:
    gost.parse(text)
    gost.split_references(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Pivovar, E.",
                "Titre",
                "[Ressource électronique]",
                ". - 2022. -",
                "URL :",
                "https://www.belta.by/a/view/b-",
                "1-2023/",
                "/ E. Pivovar",
                "//",
                "С. 5.",
                "(дата обращения: 1.1.2020)",
                ";",
                "Там же",
                "\ufffd",
                " ",
            ]
        ),
        max_size=25,
    )
)
def test_parse_never_raises_on_grammar_soup(pieces: list[str]) -> None:
    text = " ".join(pieces)
    parsed = gost.parse(text)
    if parsed.url:
        assert parsed.url in text
