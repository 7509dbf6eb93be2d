"""Layouts and extractors other than the seed's (see data/layouts/README.md, all synthetic)."""

from __future__ import annotations

import pytest
from paths import DATA

from citations.models import DocumentResult, Kind, Reference
from citations.pipeline import extract_document

LAYOUTS = DATA / "layouts"


def extract(name: str) -> tuple[DocumentResult, dict[int, Reference]]:
    result = extract_document(str(LAYOUTS / name))
    return result, {r.n: r for r in result.references if r.part == 1}


def codes(result: DocumentResult, n: int) -> list[str]:
    return sorted(f.code for f in result.findings if f.footnote == n)


def test_pdftotext_layout_margins_hanging_indents_and_page_footers() -> None:
    result, refs = extract("01_layout_fr.txt")
    assert sorted(refs) == list(range(1, 9)) and result.call_count == 8 and result.missing == ()
    assert refs[1].access_date == "14.03.2023"
    assert (
        refs[2].url
        == "https://www.belta.by/economics/view/belarus-i-venesuela-obsudili-postavki-tehniki-548812-2023/"
    )
    assert refs[3].url == "https://mfa.gov.by/press/news_mfa/d4b1e8a3c6f2a7b1.html"
    assert refs[5].url == (
        "https://www.belta.by/economics/view/servisnyj-tsentr-belorusskoj-tehniki-otkrylsja-v-nikaragua-561234-2023/"
    )  # broken right after "https://"
    assert (
        refs[6].url
        == "https://www.belta.by/economics/view/maz-i-nikaragua-podpisali-kontrakty-na-60-mln-571002-2023/"
    )
    # Footnote 4 goes on in the next page's zone, after the page footer and body text.
    assert refs[4].pages == "45" and refs[4].place == "Minsk" and refs[4].publisher == "Belaruskaja navuka"
    assert refs[8].url_complete is False and "url-truncated" in codes(result, 8)


def test_gost_2018_russian_with_superscript_calls() -> None:
    result, refs = extract("02_gost_ru.txt")
    assert sorted(refs) == list(range(1, 13)) and result.call_count == 12
    assert refs[1].medium == "Текст : электронный" and refs[1].container == "БелТА : [сайт]"
    assert refs[1].access_date == "15.05.2023"  # the parenthesis closes on the next line
    assert refs[2].authors == ("Пивовар, Е.",)
    assert (refs[7].kind, refs[7].place, refs[7].publisher, refs[7].pages) == (
        Kind.BOOK,
        "Москва",
        "Европа",
        "112",
    )
    assert (refs[8].kind, refs[8].container, refs[8].pages) == (
        Kind.ARTICLE,
        "Белорусский экономический журнал",
        "33–41",
    )
    assert [(refs[k].kind, refs[k].same_as, refs[k].pages) for k in (6, 9, 10)] == [
        (Kind.IBID, 5, None),
        (Kind.IBID, 8, "40"),
        (Kind.IBID, 8, "38"),
    ]
    assert refs[11].place == "Минск" and refs[11].publisher is None
    assert refs[12].belta is not None and (refs[12].belta.rubric, refs[12].belta.year) == ("interview", None)


def test_chapter_starting_at_footnote_98() -> None:
    result, refs = extract("03_thesis_en.txt")
    assert sorted(refs) == list(range(98, 109)) and result.missing == ()
    two = [r for r in result.references if r.n == 105]
    assert [r.kind for r in two] == [Kind.ARTICLE, Kind.BOOK]
    assert (
        two[1].authors == ("Shevtsov, Yu. V.",) and two[1].title == "Belarus and the Belt and Road Initiative"
    )
    assert refs[106].same_as == 105 and refs[101].kind == Kind.OTHER


def test_footnotes_run_together_on_one_line() -> None:
    result, refs = extract("04_oneline_fr.txt")
    assert sorted(refs) == list(range(10, 17)) and result.missing == ()
    assert (
        refs[12].url
        == "https://www.belta.by/regions/view/minskaja-i-tashkentskaja-oblasti-podpisali-dorozhnuju-kartu-575330-2023/"
    )
    assert refs[14].authors == ("Romanov, I.",) and refs[15].kind == Kind.IBID and refs[15].pages == "17"
    assert sum(f.code == "footnote-merged" for f in result.findings) == 4


def test_crlf_tabs_nbsp_invisible_and_look_alike_characters() -> None:
    result, refs = extract("06_messy_fr.txt")
    assert sorted(refs) == list(range(1, 8)) and result.call_count == 7
    assert (
        refs[2].url
        == "https://www.belta.by/economics/view/belarus-i-juar-obsudjat-proizvodstvo-traktorov-570020-2023/"
    )
    assert refs[3].url == "https://www.belta.by/society/view/juzhnoafrikanskie-studenty-v-minske-570030-2023/"
    assert refs[6].url == "https://www.belta.by/society/view/nauchnoe-sotrudnichestvo-s-juar-570050-2023/"
    assert refs[7].url == "https://www.belta.by/culture/view/belorusskaja-kultura-v-kejptaune-570060-2023/"
    for n in (3, 5, 6, 7):
        assert "url-malformed" in codes(result, n), n
    assert refs[4].pages == "5"


def test_numbering_restarting_per_chapter() -> None:
    result = extract_document(str(LAYOUTS / "08_restart_ru.txt"))
    assert [(r.sequence, r.n) for r in result.references] == [(0, 1), (0, 2), (1, 1), (1, 2), (1, 3)]
    ibid = result.references[-1]
    assert ibid.kind == Kind.IBID and ibid.same_as == 2 and ibid.sequence == 1
    assert result.call_count == 5 and result.missing == ()
    assert "footnote-numbering-restart" in [f.code for f in result.findings]


@pytest.mark.parametrize(
    ("n", "url", "access"),
    [
        (
            1,
            "https://www.belta.by/government/view/golovchenko-belarus-gotova-k-rasshireniju-sotrudnichestva-s-vjetnamom-570111-2023/",
            "14.09.2023",
        ),
        (2, "https://vietnam.mfa.gov.by/en/embassy/news/a1b2c3.html", "15.09.2023"),
        (3, "https://www.belta.by/politics/view/vizit-ministra-570222-2023/", "16 septembre 2023"),
        (
            4,
            "https://eng.belta.by/politics/view/minsk-and-hanoi-sign-memorandum-161222-2023/",
            "18 September 2023",
        ),
        (6, "www.belta.by/economics/view/belorussko-vjetnamskij-forum-570444-2023/", "20.09.2023"),
    ],
    ids=["gost-7.1-dostupa", "mode-of-access", "consulte-le", "accessed", "no-scheme"],
)
def test_access_date_wordings(n: int, url: str, access: str) -> None:
    _, refs = extract("11_access_variants.txt")
    assert (refs[n].url, refs[n].access_date, refs[n].url_complete) == (url, access, True)
    if "belta" in url:
        assert refs[n].belta is not None


def test_latex_href_and_escaped_urls() -> None:
    _, refs = extract("05_manuscript.tex")
    assert (
        refs[3].url
        == "https://www.belta.by/economics/view/belarus-i-mozambik-obsudili-postavki-tehniki-560210-2023/"
    )
    assert refs[2].url == "https://www.example.gov.ke/news/belarus_machinery%20kenya?lang=en&id=7#top"
    result, refs = extract("05b_escapes.tex")
    assert refs[2].url == "https://grodno.gov.by/news/a_b%20c#sec" and refs[2].kind == Kind.GOVERNMENT_PAGE
    assert "url-missing" not in codes(result, 2)


def test_markdown_slug_with_a_foreign_character_is_malformed_not_truncated() -> None:
    result, refs = extract("05_manuscript.md")
    assert len(refs) == 7
    assert codes(result, 6) == ["url-malformed"]
    assert refs[6].url_complete is True


def test_footnote_numbers_alone_on_their_lines() -> None:
    result, refs = extract("12_pdfminer_ru.txt")
    assert sorted(refs) == list(range(1, 7)) and result.call_count == 6 and result.missing == ()
    assert refs[1].access_date == "20.01.2023"
    assert (
        refs[4].url
        == "https://www.belta.by/regions/view/bobrujskagromash-i-kitajskaja-kompanija-sinomach-podpisali-soglashenie-553318-2023/"
    )


def test_belarusian_wording_and_bracketed_calls() -> None:
    result, refs = extract("13_belarusian.txt")
    assert sorted(refs) == list(range(1, 7)) and result.call_count == 7 and result.missing == (7,)
    assert [refs[n].access_date for n in (1, 2, 3, 5, 6)] == [
        "12.07.2023",
        "01.12.2022",
        "17.03.2023",
        "05.06.2023",
        "10.11.2013",
    ]
    assert (
        refs[3].medium == "Тэкст : электронны"
        and refs[3].title == "Тавараабарот з Узбекістанам вырас на 30 %"
    )
    assert refs[4].authors == ("Кавалёў, І. І.",) and refs[4].place == "Мінск"
    assert refs[6].belta is not None and refs[6].belta.id == 641122  # pre-2015 URL scheme


def test_endnotes_with_a_second_reference_after_a_semicolon() -> None:
    result = extract_document(str(LAYOUTS / "14_primechaniya_ru.txt"))
    second = [r for r in result.references if r.n == 2]
    assert [r.url for r in second] == [
        "https://www.belta.by/politics/view/podpisany-vosem-dokumentov-553950-2023/",
        "https://www.belta.by/politics/view/dorozhnaja-karta-sotrudnichestva-553960-2023/",
    ]
    assert result.call_count == 4 and result.missing == ()


@pytest.mark.parametrize(
    ("n", "url"),
    [
        (4, "https://www.belstat.gov.by/ofitsialnaya-statistika/search/?country=860&period=2023&lang=en"),
        (6, "https://mfa.gov.by/bilateral/uzbekistan/legal?sort=date&order=desc"),
        (7, "https://uzbekistan.mfa.gov.by/ru/embassy/news/#trade"),
        (8, "https://ru.wikipedia.org/wiki/Белорусско-узбекистанские_отношения"),
        (10, "https://торговля.бел/uzbekistan"),
    ],
    ids=["broken-at-ampersand", "query-on-next-line", "fragment-on-next-line", "cyrillic-path", "idn-host"],
)
def test_urls_broken_at_query_and_fragment_or_not_latin(n: int, url: str) -> None:
    _, refs = extract("15_url_punct_en.txt")
    assert refs[n].url == url and refs[n].url_complete is True


def test_second_url_of_a_footnote_is_reported() -> None:
    result, _ = extract("15_url_punct_en.txt")
    extra = [f for f in result.findings if f.code == "url-additional" and f.footnote == 4]
    assert (
        extra
        and "https://dataportal.belstat.gov.by/osids/indicator-info/10101100002?lang=en" in extra[0].message
    )
