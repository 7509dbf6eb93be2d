"""Site adapters (:mod:`citations.adapters`): page metadata from fetched HTML bytes.

The real 2015 BelTA page comes from ../shared (skipped when absent); every other page is a
synthetic fixture under tests/data/pages (see its README).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import DATA, ROOT

from citations.adapters import _read, decode_html, read_page
from citations.adapters.dates import MINSK, parse_machine_date, parse_printed_date
from citations.adapters.decode import repair_text
from citations.adapters.generic import says_missing, strip_site_suffix
from citations.models import Page

PAGES = DATA / "pages"
REAL_2015 = ROOT.parent / "shared" / "data" / "belta" / "article_2015-08_regions_153269.html"
REAL_2015_URL = (
    "http://www.belta.by/regions/view/grafik-otkljuchenija-gorjachej-vody-v-minske-v-2015-godu-153269-2015/"
)
HTML_UTF8 = "text/html; charset=utf-8"


def _page(name: str, url: str, content_type: str | None = HTML_UTF8) -> Page:
    return read_page(url, (PAGES / name).read_bytes(), content_type)


# --- the real page ----------------------------------------------------------------------------


def test_real_2015_belta_article() -> None:
    if not REAL_2015.is_file():
        pytest.skip(f"{REAL_2015} not present")
    page = read_page(REAL_2015_URL, REAL_2015.read_bytes(), HTML_UTF8)
    assert page == Page(
        title="График отключения горячей воды в Минске в 2015 году",
        published="2015-07-22T10:26:00+03:00",
        modified="2015-07-23T09:35:44+03:00",
        rubric="Регионы",
        tags=("водоснабжение", "ЖКХ", "Минск"),
        # og:url as the page gives it, without the trailing slash the address has.
        canonical_url="http://www.belta.by/regions/view/grafik-otkljuchenija-gorjachej-vody-v-minske-v-2015-godu-153269-2015",
        language="ru",
        site="Белорусское телеграфное агентство",
        adapter="belta",
        looks_missing=False,
    )


def test_real_2015_page_without_content_type_header_decodes_the_same() -> None:
    if not REAL_2015.is_file():
        pytest.skip(f"{REAL_2015} not present")
    page = read_page(REAL_2015_URL, REAL_2015.read_bytes(), None)
    assert page.title == "График отключения горячей воды в Минске в 2015 году"


# --- synthetic pages --------------------------------------------------------------------------

CASES = [
    pytest.param(
        "belta_current_ru.html",
        "https://belta.by/society/view/sinteticheskaja-novost-v-minske-ispytali-testovyj-most-999001-2026/",
        HTML_UTF8,
        {
            "title": "Синтетическая новость: в Минске испытали тестовый мост",  # nbsp collapsed
            "published": "2026-01-08T19:51:00+03:00",
            "rubric": "Общество",
            "tags": ("Минск", "транспорт"),
            "canonical_url": "https://belta.by/society/view/sinteticheskaja-novost-v-minske-ispytali-testovyj-most-999001-2026/",
            "language": "ru",
            "site": "БелТА",
            "adapter": "belta",
            "looks_missing": False,
        },
        id="belta-current-layout-date_full-russian",
    ),
    pytest.param(
        "belta_eng.html",
        "https://eng.belta.by/economics/view/synthetic-test-headline-about-a-made-up-trade-fair-99902-2026/",
        HTML_UTF8,
        {
            "title": "Synthetic test headline about a made-up trade fair",
            "published": "2026-01-08T19:51:00+03:00",
            "rubric": "economics",
            "tags": ("Trade", "Synthetic"),
            "canonical_url": None,
            "language": "en",
            "site": "BelTA",
            "adapter": "belta",
            "looks_missing": False,
        },
        id="belta-eng-english-date-language-from-host",
    ),
    pytest.param(
        "belta_2015_sp_date.html",
        "http://www.belta.by/economics/view/sinteticheskij-zagolovok-o-testovom-grafike-999003-2015/",
        HTML_UTF8,
        {
            "title": "Синтетический заголовок о тестовом графике",
            "published": "2015-08-03T16:40:00+03:00",
            "rubric": "Экономика",
            "language": "ru",
            "adapter": "belta",
            "looks_missing": False,
        },
        id="belta-2015-sp_date-only-title-suffix-stripped",
    ),
    pytest.param(
        "belta_chn.html",
        "https://chn.belta.by/politics/view/-99904-2026/",
        HTML_UTF8,
        {
            "title": "合成测试新闻标题",
            "published": "2026-01-08T19:51:00+03:00",
            "rubric": "politics",
            "language": "zh",
            "site": "白俄罗斯国家通讯社",
            "looks_missing": False,
        },
        id="belta-chn-cjk-date",
    ),
    pytest.param(
        "belta_blr.html",
        "https://blr.belta.by/society/view/sintetychnaja-navina-99905-2025/",
        HTML_UTF8,
        {
            "title": "Сінтэтычная навіна пра тэставы фэст",
            "published": "2025-07-22T10:26:00+03:00",
            "rubric": "Грамадства",
            "language": "be",
        },
        id="belta-blr-belarusian-month-og-locale",
    ),
    pytest.param(
        "belta_soft404.html",
        "https://belta.by/society/view/net-takoj-stati-999006-2026/",
        HTML_UTF8,
        {"looks_missing": True, "published": None},
        id="belta-soft-404-strannica-ne-najdena",
    ),
    pytest.param(
        "belta_index_on_view_url.html",
        "https://belta.by/society/view/sinteticheskaja-zametka-999007-2026/",
        HTML_UTF8,
        {"looks_missing": True, "published": None, "site": "БелТА"},
        id="belta-index-page-at-article-address",
    ),
    pytest.param(
        "generic_govby_jsonld.html",
        "https://example.gov.by/news/123/",
        HTML_UTF8,
        {
            "title": "Синтетическое сообщение о тестовых переговорах",
            "published": "2024-03-05T11:20:00+03:00",
            "modified": "2024-03-06T08:00:00+00:00",
            "rubric": "Новости",
            "tags": ("переговоры", "тест"),
            "language": "ru",
            "site": "Тестовое министерство",
            "adapter": "generic",
            "looks_missing": False,
        },
        id="generic-gov-by-json-ld-graph",
    ),
    pytest.param(
        "generic_citation_meta.html",
        "https://journal.example.by/article/7",
        HTML_UTF8,
        {
            "title": "Синтетическая статья о тестовых данных",
            "published": "2022-11-03",
            "language": None,
            "site": None,
            "adapter": "generic",
        },
        id="generic-citation-highwire-only",
    ),
    pytest.param(
        "generic_dublin_core.html",
        "https://example.by/doc/1",
        HTML_UTF8,
        {
            "title": "Сінтэтычны дакумент для тэстаў",
            "published": "2021-06-15",
            "language": "be",
            "site": "Тэставае выданне",
            "adapter": "generic",
        },
        id="generic-dublin-core-only",
    ),
    pytest.param(
        "generic_opengraph_404_in_body.html",
        "https://news.example.by/a/404-kvartiry",
        HTML_UTF8,
        {
            "title": "В тестовом городе построят 404 квартиры",
            # No zone in the page and none guessed for an unknown site.
            "published": "2023-09-01T07:15:00",
            "rubric": "Строительство",
            "canonical_url": "https://news.example.by/a/404-kvartiry/",
            "language": "ru",
            "site": "Тестовая газета",
            "looks_missing": False,
        },
        id="generic-open-graph-404-only-in-headline-number-and-body",
    ),
    pytest.param(
        "cp1251_no_charset.html",
        "https://belta.by/society/view/sinteticheskaja-novost-o-testovoj-kodirovke-999008-2016/",
        "text/html",
        {
            "title": "Синтетическая новость о тестовой кодировке",
            "published": "2016-03-15T12:00:00+03:00",
            "language": "ru",
        },
        id="windows-1251-without-any-charset",
    ),
    pytest.param(
        "cp1251_declared_utf8.html",
        "https://belta.by/society/view/sinteticheskaja-novost-o-testovoj-kodirovke-999009-2016/",
        HTML_UTF8,
        {
            "title": "Синтетическая новость о тестовой кодировке",
            "published": "2016-03-15T12:00:00+03:00",
        },
        id="windows-1251-declared-utf-8-in-header-and-meta",
    ),
]


@pytest.mark.parametrize(("name", "url", "content_type", "expected"), CASES)
def test_synthetic_page(name: str, url: str, content_type: str | None, expected: dict[str, Any]) -> None:
    page = _page(name, url, content_type)
    got = {key: getattr(page, key) for key in expected}
    assert got == expected


@pytest.mark.parametrize(
    ("name", "content_type", "phrase"),
    [
        pytest.param(
            "cp1251_no_charset.html", None, "съешь же ещё этих мягких французских булок", id="no-header"
        ),
        pytest.param("cp1251_no_charset.html", "text/html", "съешь же ещё", id="header-without-charset"),
        pytest.param("cp1251_declared_utf8.html", HTML_UTF8, "неверная кодировка", id="header-and-meta-lie"),
        pytest.param("cp1251_declared_utf8.html", None, "неверная кодировка", id="meta-lies"),
        pytest.param(
            "belta_chn.html",
            "text/html; charset=windows-1251",
            "合成测试新闻标题",
            id="header-says-1251-but-bytes-are-utf-8",
        ),
        pytest.param("belta_blr.html", 'text/html; charset="UTF-8"', "Сінтэтычная", id="quoted-charset"),
    ],
)
def test_decode_html_recovers_the_text(name: str, content_type: str | None, phrase: str) -> None:
    text = decode_html((PAGES / name).read_bytes(), content_type)
    assert phrase in text
    assert "\ufffd" not in text


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        pytest.param(
            "<p>Минск</p>".encode("utf-8-sig"),
            "text/html; charset=windows-1251",
            "<p>Минск</p>",
            id="bom-beats-header",
        ),
        pytest.param(b"\xff\xfe" + "<p>Мінск</p>".encode("utf-16-le"), None, "<p>Мінск</p>", id="utf-16-bom"),
        pytest.param(
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>Гомель</p>'.encode(
                "cp1251"
            ),
            None,
            "Гомель",
            id="http-equiv-meta",
        ),
        pytest.param(
            '<?xml version="1.0" encoding="koi8-r"?><p>Брест</p>'.encode("koi8-r"),
            None,
            "Брест",
            id="xml-declaration",
        ),
        pytest.param(
            "<p>Могилёв — café</p>".encode(),
            "text/html; charset=x-unknown-charset",
            "Могилёв — café",
            id="unknown-declared-charset-ignored",
        ),
        pytest.param(
            "<p>Витебск и Гродно, области Беларуси</p>".encode("koi8-r"),
            None,
            "Витебск и Гродно",
            id="koi8-r-undeclared",
        ),
        pytest.param(
            "<p>Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e</p>".encode("cp1252"),
            None,
            "Café crème brûlée",
            id="cp1252-undeclared-not-read-as-cyrillic",
        ),
    ],
)
def test_decode_html_cases(body: bytes, content_type: str | None, expected: str) -> None:
    assert expected in decode_html(body, content_type)


def test_a_few_broken_bytes_do_not_override_a_true_declaration() -> None:
    body = ("<p>" + "Новости Беларуси. " * 200 + "</p>").encode() + b"\xff" + "<p>Конец</p>".encode()
    text = decode_html(body, HTML_UTF8)
    assert text.count("\ufffd") == 1 and "Конец" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Р“СЂР°С„РёРє РѕС‚РєР»СЋС‡РµРЅРёСЏ", "График отключения", id="utf8-read-as-cp1251"),
        pytest.param("Новости: Р“СЂР°С„РёРє", "Новости: График", id="mixed-good-and-double-encoded"),
        pytest.param("ÐœÐ¸Ð½Ñ\x81Ðº", "Минск", id="utf8-read-as-latin1"),
        pytest.param("Ўсё ясна, Мінск і Гомель", "Ўсё ясна, Мінск і Гомель", id="belarusian-untouched"),
        pytest.param("ВСЁ ОК — «Р°»", "ВСЁ ОК — «Р°»", id="short-ambiguous-kept"),
        pytest.param("2026年1月8日", "2026年1月8日", id="cjk-untouched"),
    ],
)
def test_repair_text(text: str, expected: str) -> None:
    assert repair_text(text) == expected


def test_mojibake_in_og_title_is_repaired_on_the_page() -> None:
    moj = "Синтетический заголовок".encode().decode("cp1251")
    html = f'<!-- synthetic --><html><head><meta property="og:title" content="{moj}"></head></html>'
    page = read_page("https://belta.by/society/view/x-999010-2026/", html.encode(), HTML_UTF8)
    assert page.title == "Синтетический заголовок"


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "zone", "expected"),
    [
        pytest.param("2015-07-22 10:26:00", MINSK, "2015-07-22T10:26:00+03:00", id="belta-meta-summer"),
        pytest.param(
            "2010-01-14 09:05:00", MINSK, "2010-01-14T09:05:00+02:00", id="minsk-winter-before-2011-dst"
        ),
        pytest.param(
            "2010-07-14 09:05:00", MINSK, "2010-07-14T09:05:00+03:00", id="minsk-summer-before-2011"
        ),
        pytest.param("2012-01-14 09:05:00", MINSK, "2012-01-14T09:05:00+03:00", id="minsk-winter-after-2011"),
        pytest.param("2024-03-05T11:20:00+03:00", None, "2024-03-05T11:20:00+03:00", id="offset-kept"),
        pytest.param("2024-03-05T08:20:00Z", MINSK, "2024-03-05T08:20:00+00:00", id="z-kept-not-rezoned"),
        pytest.param(
            "2024-03-05T11:20:00.123+0300", None, "2024-03-05T11:20:00+03:00", id="fraction-compact-offset"
        ),
        pytest.param("2023-09-01T07:15", None, "2023-09-01T07:15:00", id="no-zone-no-guess"),
        pytest.param("2022/11/03", None, "2022-11-03", id="highwire-slashes"),
        pytest.param("2021-06", None, "2021-06", id="year-month"),
        pytest.param("2021", None, "2021", id="year"),
        pytest.param("2021-02-30", None, None, id="invalid-day"),
        pytest.param("вчера", None, None, id="not-a-date"),
        pytest.param("", MINSK, None, id="empty"),
    ],
)
def test_parse_machine_date(value: str, zone: Any, expected: str | None) -> None:
    assert parse_machine_date(value, zone) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("08 января 2026, 19:51", "2026-01-08T19:51:00+03:00", id="russian"),
        pytest.param("8 студзеня 2026, 19:51", "2026-01-08T19:51:00+03:00", id="belarusian-january"),
        pytest.param("1 жніўня 2024 | 07:05", "2024-08-01T07:05:00+03:00", id="belarusian-august"),
        pytest.param("8 January 2026, 19:51", "2026-01-08T19:51:00+03:00", id="english-day-first"),
        pytest.param("January 8, 2026 19:51", "2026-01-08T19:51:00+03:00", id="english-month-first"),
        pytest.param("8 stycznia 2026, 19:51", "2026-01-08T19:51:00+03:00", id="polish"),
        pytest.param("8 września 2025, 9:03", "2025-09-08T09:03:00+03:00", id="polish-september"),
        pytest.param("8. Januar 2026, 19:51", "2026-01-08T19:51:00+03:00", id="german"),
        pytest.param("3. März 2025", "2025-03-03", id="german-umlaut-no-time"),
        pytest.param("8 de enero de 2026, 19:51", "2026-01-08T19:51:00+03:00", id="spanish"),
        pytest.param("2026年1月8日 19:51", "2026-01-08T19:51:00+03:00", id="chinese"),
        pytest.param("22.07.2015 | 10:26", "2015-07-22T10:26:00+03:00", id="belta-2015-sp-date"),
        pytest.param("14.01.2010 | 09:05", "2010-01-14T09:05:00+02:00", id="numeric-winter-before-2011"),
        pytest.param("Регионы 22.07.2015 12.08.2015", "2015-07-22", id="second-date-is-not-a-time"),
        pytest.param("31 февраля 2026", None, id="invalid-date"),
        pytest.param("сегодня, 19:51", None, id="relative-date-unknown"),
    ],
)
def test_parse_printed_date(text: str, expected: str | None) -> None:
    assert parse_printed_date(text, MINSK) == expected


# --- soft 404 and titles ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        pytest.param("Страница не найдена | БелТА", True, id="ru"),
        pytest.param("Ошибка 404", True, id="ru-error-404"),
        pytest.param("404", True, id="bare-404"),
        pytest.param("404 Not Found", True, id="en-404-not-found"),
        pytest.param("Page not found – Example", True, id="en-page-not-found"),
        pytest.param("Not Found", True, id="en-not-found"),
        pytest.param("Ничего не найдено", True, id="ru-nothing-found"),
        pytest.param("К сожалению, запрашиваемая страница не существует", True, id="ru-sentence"),
        pytest.param("Старонка не знойдзена", True, id="be"),
        pytest.param("Page introuvable", True, id="fr"),
        pytest.param("Nie znaleziono", True, id="pl"),
        pytest.param("Seite nicht gefunden", True, id="de"),
        pytest.param("Página no encontrada", True, id="es"),
        pytest.param("页面不存在", True, id="zh"),
        pytest.param("В Минске построят 404 квартиры", False, id="number-in-headline"),
        pytest.param("404 квартиры сдадут в Гомеле", False, id="headline-starting-with-404"),
        pytest.param("Пропавший самолет не найден", False, id="news-about-something-not-found"),
        pytest.param("Missing hiker not found after search", False, id="en-news-not-found"),
        pytest.param("", False, id="empty"),
    ],
)
def test_says_missing(heading: str, expected: bool) -> None:
    assert says_missing(heading) is expected


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        pytest.param("Заголовок | БелТА", ["БелТА"], "Заголовок", id="pipe-suffix"),
        pytest.param("Заголовок - Сайт - БелТА", ["БелТА", "Сайт"], "Заголовок", id="two-suffixes"),
        pytest.param("БелТА | Заголовок", ["БелТА"], "Заголовок", id="prefix"),
        pytest.param("Поезд Минск - Брест | БелТА", ["БелТА"], "Поезд Минск - Брест", id="dash-inside-kept"),
        pytest.param("Минск - Брест", ["БелТА"], "Минск - Брест", id="no-site-name"),
        pytest.param("БелТА", ["БелТА"], "БелТА", id="only-site-name"),
    ],
)
def test_strip_site_suffix(title: str, names: list[str], expected: str) -> None:
    assert strip_site_suffix(title, names) == expected


# --- adapter choice and robustness ------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "adapter"),
    [
        pytest.param("https://www.belta.by/politics/view/x-1-2023/", "belta", id="www"),
        pytest.param("https://belta.by/politics/view/x-1-2026/", "belta", id="apex"),
        pytest.param("https://m.belta.by/politics/view/x-1-2023/", "belta", id="mobile"),
        pytest.param("https://deu.belta.by/politics/view/x-1-2023/", "belta", id="deu"),
        pytest.param(
            "https://web.archive.org/web/2016id_/http://www.belta.by/regions/view/x-1-2015/",
            "belta",
            id="wayback-capture",
        ),
        pytest.param("https://notbelta.by/x", "generic", id="lookalike-host"),
        pytest.param("https://mfa.gov.by/press/news_mfa/x/", "generic", id="mfa"),
        pytest.param("not a url at all [::", "generic", id="garbage-url"),
    ],
)
def test_adapter_choice(url: str, adapter: str) -> None:
    assert read_page(url, b"<html><head><title>x</title></head></html>", None).adapter == adapter


@pytest.mark.parametrize(
    ("url", "language"),
    [
        pytest.param("https://pol.belta.by/x/view/y-1-2026/", "pl", id="pol"),
        pytest.param("https://deu.belta.by/x/view/y-1-2026/", "de", id="deu"),
        pytest.param("https://esp.belta.by/x/view/y-1-2026/", "es", id="esp"),
        pytest.param("https://m.belta.by/x/view/y-1-2026/", "ru", id="m"),
    ],
)
def test_belta_language_from_host(url: str, language: str) -> None:
    assert read_page(url, b"<h1>x</h1>", None).language == language


def test_belta_rubric_from_pre_2015_address() -> None:
    page = read_page("http://www.belta.by/ru/all_news/economics/Sintetika_i_999011.html", b"<h1>x</h1>", None)
    assert page.rubric == "economics"


def test_large_page_keeps_its_metadata() -> None:
    # Sidebars, scripts and lists dwarf the article on real pages; the strainer must not lose it.
    real = (PAGES / "belta_current_ru.html").read_text(encoding="utf-8")
    filler = "".join(
        f'<div class="item"><a href="/x/{i}">Синтетика {i}</a><span class="date">01.01.2020</span></div>'
        for i in range(20000)
    )
    body = real.replace("<body>", "<body><script>" + "x" * 300000 + "</script>" + filler).encode()
    assert len(body) > 2_000_000
    page = read_page("https://belta.by/society/view/x-999001-2026/", body, HTML_UTF8)
    assert page.title == "Синтетическая новость: в Минске испытали тестовый мост"
    assert page.published == "2026-01-08T19:51:00+03:00"


URLS = st.sampled_from(
    [
        "https://www.belta.by/society/view/x-1-2026/",
        "https://chn.belta.by/a/view/-1-2026/",
        "https://example.gov.by/",
        "",
        "http://[::1",
        "https://web.archive.org/web/1/http://belta.by/a/view/x-1-2020/",
    ]
)
CONTENT_TYPES = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.sampled_from(
        [
            HTML_UTF8,
            "text/html; charset=windows-1251",
            "text/html; charset=utf-16",
            "text/html; charset=utf-7",
            "text/html; charset=rot13",
            "text/html; charset=base64",
            "text/html; charset=",
        ]
    ),
)
TOKENS = st.sampled_from(
    [
        "<html lang='ru'>",
        "<head>",
        "</head>",
        "<meta property='og:title' content='",
        "'>",
        "<h1>",
        "</h1>",
        '<div class="date_full">',
        '<div class="sp_date">',
        "</div>",
        "08 января 2026, 19:51",
        "22.07.2015 | 10:26",
        '<script type="application/ld+json">',
        "</script>",
        '{"@graph": [{"@type": "NewsArticle", "headline": ',
        '"x"',
        "]}",
        "[[[[",
        "<!--",
        "-->",
        "<script>",
        "<title>",
        "</title>",
        "404",
        "Страница не найдена",
        "<meta charset='windows-1251'>",
        "\x00",
        "\ufffd",
        "Р“СЂ",
        "<time datetime='2020-13-45'>",
        '<div class="content_margin">',
        '<div class="news_tags_block"><a>',
        "</a>",
        "<svg>",
        "年1月",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(url=URLS, body=st.binary(max_size=2000), content_type=CONTENT_TYPES)
def test_read_page_never_raises_on_bytes(url: str, body: bytes, content_type: str | None) -> None:
    assert isinstance(read_page(url, body, content_type), Page)
    assert isinstance(decode_html(body, content_type), str)
    # Without the safety net too: the adapters themselves must cope, not merely be caught.
    for adapter in ("belta", "generic"):
        assert isinstance(_read(url, body, content_type, adapter), Page)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    url=URLS,
    parts=st.lists(st.one_of(TOKENS, st.text(max_size=10)), max_size=40),
    encoding=st.sampled_from(["utf-8", "cp1251", "utf-16"]),
)
def test_read_page_never_raises_on_html_like_text(url: str, parts: list[str], encoding: str) -> None:
    body = "".join(parts).encode(encoding, errors="replace")
    page = read_page(url, body, None)
    assert page.published is None or page.published[:4].isdigit()
    for adapter in ("belta", "generic"):
        assert isinstance(_read(url, body, None, adapter), Page)


def test_deeply_nested_markup_does_not_raise() -> None:
    body = ("<div>" * 50000 + "<h1>x</h1>").encode()
    assert isinstance(read_page("https://example.by/", body, None), Page)


def test_fixture_pages_say_synthetic() -> None:
    for path in sorted(PAGES.glob("*.html")):
        head = path.read_bytes()[:300].decode("ascii", errors="replace")
        assert head.startswith("<!--") and "synthetic" in head, path.name


def test_fixtures_directory_is_documented() -> None:
    readme = (PAGES / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme.lower()
    for path in PAGES.glob("*.html"):
        assert f"`{path.name}`" in readme, path.name
