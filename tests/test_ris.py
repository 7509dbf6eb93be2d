"""RIS: the record layout reference managers import, round trips with folded values, tolerant reading."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import EXAMPLE
from test_csl import FULL, TEXT, entry_strategy, example_entries

from citations.entry import Entry, Name, entries
from citations.pipeline import extract_document
from citations.ris import read_ris, ris_record, write_ris

LINE_RE = re.compile(r"[A-Z][A-Z0-9]  - [^\r\n]*")


def fold(text: str | None) -> str | None:
    return " ".join(text.split()) or None if text is not None else None


def folded_name(name: Name) -> Name | None:
    if name.literal:
        literal = fold(name.literal)
        return Name(literal=literal) if literal else None
    family, given_name = fold(name.family), fold(name.given)
    return Name(family=family, given=given_name) if family or given_name else None


def folded(entry: Entry) -> Entry:
    """What RIS carries of an entry: every text value on one line, empty ones gone."""
    changes: dict[str, Any] = {
        f.name: fold(getattr(entry, f.name))
        for f in fields(Entry)
        if f.name not in ("key", "kind", "authors", "issued", "accessed", "footnote", "line")
    }
    authors = tuple(n for n in map(folded_name, entry.authors) if n is not None)
    return replace(entry, authors=authors, **changes)


def lines_of(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.split("\r\n")[:-1]


# --- layout ----------------------------------------------------------------------------------


def test_record_of_a_full_entry() -> None:
    assert write_ris([replace(FULL, note="Checked; by the editor")]) == (
        "TY  - NEWS\r\n"
        "ID  - belta2023_567456\r\n"
        "AU  - Pivovar, E.\r\n"
        "AU  - МИД Беларуси\r\n"
        "TI  - Aleinik a expliqué comment la Biélorussie s'intéresse\r\n"
        "OP  - Алейник рассказал, чем Беларуси интересно сотрудничество\r\n"
        "T2  - BelTA\r\n"
        "PY  - 2023\r\n"
        "DA  - 2023/05/19/\r\n"
        "Y2  - 2024/01/02/\r\n"
        "PB  - БелТА\r\n"
        "CY  - Минск\r\n"
        "SP  - 5\r\n"
        "EP  - 7\r\n"
        "LA  - fr\r\n"
        "UR  - https://www.belta.by/politics/view/alejnik-567456-2023/\r\n"
        "N1  - Checked; by the editor\r\n"
        "N1  - Link checked: not-found; Archived copy: https://web.archive.org/web/2023/https://www.belta.by/x/; "
        "Medium: [Ressource électronique]; Original title source: reconstructed; Original language: ru; "
        "Document: manuscript.txt; Footnote: 1; Line: 56\r\n"
        "ER  - \r\n"
    )


@pytest.mark.parametrize(
    ("kind", "tags"),
    [
        pytest.param("web-article", [("TY", "NEWS")], id="news-article"),
        pytest.param("government-page", [("TY", "ELEC"), ("M3", "Government website")], id="government-page"),
        pytest.param("web-page", [("TY", "ELEC")], id="web-page"),
        pytest.param("book", [("TY", "BOOK")], id="book"),
        pytest.param("article", [("TY", "JOUR")], id="journal-article"),
        pytest.param("other", [("TY", "GEN")], id="other"),
    ],
)
def test_type_of_each_kind_and_back(kind: str, tags: list[tuple[str, str]]) -> None:
    entry = Entry(key="k", kind=kind)
    record = ris_record(entry)
    assert [t for t in record if t[0] in ("TY", "M3")] == tags
    assert read_ris(write_ris([entry])) == ([entry], [])


@pytest.mark.parametrize(
    ("name", "line", "back"),
    [
        pytest.param(Name(family="Pivovar", given="E."), "Pivovar, E.", None, id="family-given"),
        pytest.param(Name(family="Zaleskii"), "Zaleskii,", None, id="family-only-keeps-its-comma"),
        pytest.param(Name(given="B."), ", B.", None, id="given-only"),
        pytest.param(Name(literal="МИД Беларуси"), "МИД Беларуси", None, id="literal"),
        pytest.param(
            Name(family="Ivanov", given="I. I., Jr."), "Ivanov, I. I., Jr.", None, id="comma-in-given"
        ),
        pytest.param(
            Name(literal="Ministry, of Health"),
            "Ministry, of Health",
            Name(family="Ministry", given="of Health"),
            id="literal-with-comma-reads-as-split-same-text",
        ),
        pytest.param(
            Name(family=" Pivovar\n", given="E.\t"),
            "Pivovar, E.",
            Name(family="Pivovar", given="E."),
            id="folded",
        ),
    ],
)
def test_names(name: Name, line: str, back: Name | None) -> None:
    entry = Entry(key="k", kind="book", authors=(name,))
    assert ("AU", line) in ris_record(entry)
    [read], problems = read_ris(write_ris([entry]))
    assert problems == [] and read.authors == ((back or name),)
    assert read.authors[0].text() == " ".join(name.text().split()).replace(" ,", ",")


def test_blank_names_and_values_are_left_out() -> None:
    entry = Entry(key="k", kind="book", title=" \n ", authors=(Name(), Name(literal="  ")), note="\t")
    assert ris_record(entry) == [("TY", "BOOK"), ("ID", "k"), ("ER", "")]


@pytest.mark.parametrize(
    ("pages", "tags"),
    [
        pytest.param("5-7", [("SP", "5"), ("EP", "7")], id="range"),
        pytest.param("23", [("SP", "23")], id="single"),
        pytest.param("5–7", [("SP", "5–7")], id="en-dash-kept-whole"),
        pytest.param("С. 5", [("SP", "С. 5")], id="with-abbreviation"),
    ],
)
def test_pages(pages: str, tags: list[tuple[str, str]]) -> None:
    entry = Entry(key="k", kind="book", pages=pages)
    assert [t for t in ris_record(entry) if t[0] in ("SP", "EP")] == tags
    assert read_ris(write_ris([entry]))[0][0].pages == pages


@pytest.mark.parametrize(
    ("issued", "accessed", "tags"),
    [
        pytest.param((2022,), (), [("PY", "2022")], id="year-only"),
        pytest.param((2022, 3), (), [("PY", "2022"), ("DA", "2022/03//")], id="year-month"),
        pytest.param(
            (2022, 3, 4),
            (2023, 6, 1),
            [("PY", "2022"), ("DA", "2022/03/04/"), ("Y2", "2023/06/01/")],
            id="full",
        ),
        pytest.param((), (2023,), [("Y2", "2023///")], id="access-year-only"),
    ],
)
def test_dates(issued: tuple[int, ...], accessed: tuple[int, ...], tags: list[tuple[str, str]]) -> None:
    entry = Entry(key="k", kind="web-page", issued=issued, accessed=accessed)
    assert [t for t in ris_record(entry) if t[0] in ("PY", "DA", "Y2")] == tags
    assert read_ris(write_ris([entry])) == ([entry], [])


@pytest.mark.parametrize(
    ("note", "first_n1"),
    [
        pytest.param("Footnote: 5", "Note: Footnote: 5", id="note-that-reads-as-facts"),
        pytest.param("Note: mine", "Note: Note: mine", id="note-with-our-prefix"),
        pytest.param("Footnote: five", "Footnote: five", id="facts-like-but-not-a-number"),
        pytest.param("Seen\nin print", "Seen in print", id="plain-folded"),
    ],
)
def test_user_notes_never_read_as_facts(note: str, first_n1: str) -> None:
    entry = Entry(key="k", kind="web-article", note=note, footnote=3)
    n1 = [v for t, v in ris_record(entry) if t == "N1"]
    assert n1 == [first_n1, "Footnote: 3"]
    assert read_ris(write_ris([entry])) == ([folded(entry)], [])


def test_separator_inside_a_fact_is_escaped_and_read_back() -> None:
    entry = Entry(key="k", kind="web-article", medium="[x; Line: 3]", document="a;b; c.txt", line=9)
    [_, _, (tag, facts), _] = ris_record(entry)
    assert tag == "N1" and facts == "Medium: [x;  Line: 3]; Document: a;b;  c.txt; Line: 9"
    assert read_ris(write_ris([entry])) == ([entry], [])


def test_repeated_and_empty_keys_become_unique_ids() -> None:
    text = write_ris([Entry(key="a", kind="book"), Entry(key="a", kind="book"), Entry(key="", kind="book")])
    assert re.findall(r"ID  - (\S+)", text) == ["aa", "ab", "item3"]
    assert write_ris([]) == ""


# --- the bundled example ---------------------------------------------------------------------


def test_example_export_one_record_per_entry_with_exact_urls() -> None:
    items = example_entries()
    text = write_ris(items)
    lines = lines_of(text)
    assert all(LINE_RE.fullmatch(line) or line == "" for line in lines)
    assert text.count("TY  - ") == text.count("ER  - ") == len(items) == 73
    ids = re.findall(r"^ID  - (.*)\r$", text, re.M)
    assert ids == [e.key for e in items] and len(set(ids)) == len(ids)
    records = text.split("ER  - \r\n")[:-1]
    for record, entry in zip(records, items, strict=True):
        urls = re.findall(r"^UR  - (.*)\r$", record, re.M)
        assert urls == ([entry.url] if entry.url else [])
        if entry.url_incomplete:
            assert f"URL incomplete in the manuscript: {entry.url_incomplete}" in record
    assert text.count("TY  - NEWS") == sum(e.kind == "web-article" for e in items) > 60
    assert "M3  - Government website" in text and "TY  - BOOK" in text


def test_example_round_trip_and_same_bytes_twice() -> None:
    text = write_ris(example_entries())
    assert write_ris(entries([extract_document(str(EXAMPLE))])) == text
    back, problems = read_ris(text, "refs.ris")
    assert problems == [] and tuple(back) == example_entries()
    lf = text.replace("\r\n", "\n")
    assert read_ris(lf) == (back, [])


# --- round trips with generated entries ------------------------------------------------------

#: RIS cannot tell a literal name with a comma from "Family, Given" (see test_names).
NAME_TEXT = TEXT.filter(lambda s: "," not in s)


@settings(max_examples=100, deadline=None)
@given(st.lists(entry_strategy(name_text=NAME_TEXT), max_size=4, unique_by=lambda e: e.key))
def test_round_trip_keeps_every_field_folded(generated: list[Entry]) -> None:
    text = write_ris(generated)
    assert all(LINE_RE.fullmatch(line) or line == "" for line in lines_of(text or "\r\n"))
    back, problems = read_ris(text)
    assert problems == []
    assert back == [folded(e) for e in generated]
    assert write_ris(back) == text


# --- reading other files ---------------------------------------------------------------------

ZOTERO = (
    "TY  - ELEC\r\n"
    "TI  - Алейник рассказал, чем Беларуси интересно сотрудничество\r\n"
    "AU  - Pivovar, E.\r\n"
    "T2  - БелТА\r\n"
    "DA  - 2023/05/19/\r\n"
    "PY  - 2023\r\n"
    "UR  - https://www.belta.by/politics/view/alejnik-567456-2023/\r\n"
    "Y2  - 2023-06-01 12:00:00\r\n"
    "LA  - ru\r\n"
    "KW  - Latin America\r\n"
    "AB  - An abstract the reader skips.\r\n"
    "N1  - <p>A Zotero note</p>\r\n"
    "ER  - \r\n"
)
ZOTERO_ENTRY = Entry(
    key="item1",
    kind="web-page",
    title="Алейник рассказал, чем Беларуси интересно сотрудничество",
    authors=(Name(family="Pivovar", given="E."),),
    language="ru",
    container="БелТА",
    issued=(2023, 5, 19),
    accessed=(2023, 6, 1),
    url="https://www.belta.by/politics/view/alejnik-567456-2023/",
    note="<p>A Zotero note</p>",
)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(ZOTERO, id="crlf"),
        pytest.param(ZOTERO.replace("\r\n", "\n"), id="lf"),
        pytest.param(ZOTERO.replace("\r\n", "\r"), id="cr"),
        pytest.param("\ufeff" + ZOTERO, id="byte-order-mark"),
        pytest.param("\r\n\r\n" + ZOTERO + "\r\n\r\n", id="blank-lines-around"),
        pytest.param(ZOTERO.replace("  - ", " - "), id="one-space-before-hyphen"),
        pytest.param(ZOTERO.replace("\r\n", "\r\n   "), id="indented-tags"),
        pytest.param(ZOTERO.replace("ER  - ", "ER  -"), id="bare-er"),
    ],
)
def test_reads_zotero_style_ris_in_every_layout(text: str) -> None:
    assert read_ris(text) == ([ZOTERO_ENTRY], [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "TY  - JOUR\nT1  - Old title tag\nJF  - Вестник\nY1  - 2001///\nER  - \n",
            {"title": "Old title tag", "container": "Вестник", "issued": (2001,), "kind": "article"},
            id="old-tags",
        ),
        pytest.param(
            "TY  - NEWS\nTI  - A title wrapped\nonto two lines\nER  - \n",
            {"title": "A title wrapped onto two lines"},
            id="continued-value",
        ),
        pytest.param(
            "TY  - GEN\nN1  - para one\npara two\nER  - \n",
            {"note": "para one\npara two"},
            id="continued-note",
        ),
        pytest.param("TY  - BOOK\nSP  - 5\nEP  - 9\nER  - \n", {"pages": "5-9"}, id="page-range"),
        pytest.param("TY  - BOOK\nEP  - 9\nER  - \n", {"pages": "9"}, id="end-page-only"),
        pytest.param("TY  - CHAP\nER  - \n", {"kind": "other"}, id="unknown-type"),
        pytest.param(
            "TY  - ELEC\nM3  - government website\nER  - \n",
            {"kind": "government-page"},
            id="government-any-case",
        ),
        pytest.param(
            "TY  - ELEC\nN1  - Medium: print; Footnote: 4\nER  - \n",
            {"medium": "print", "footnote": 4, "note": None},
            id="facts-from-another-file",
        ),
        pytest.param(
            "TY  - ELEC\nN1  - Footnote: 4; Medium: print\nER  - \n",
            {"footnote": None, "note": "Footnote: 4; Medium: print"},
            id="facts-out-of-order-are-a-note",
        ),
        pytest.param(
            "TY  - ELEC\nN1  - Footnote: ²\nER  - \n",
            {"footnote": None, "note": "Footnote: ²"},
            id="superscript-is-not-a-number",
        ),
        pytest.param("TY  - ELEC\nN1  - one\nN1  - two\nER  - \n", {"note": "one\ntwo"}, id="several-notes"),
        pytest.param("TY  - BOOK\nID  - zal22\nID  - other\nER  - \n", {"key": "zal22"}, id="first-id-wins"),
    ],
)
def test_reads_other_files(text: str, expected: dict[str, object]) -> None:
    [entry], problems = read_ris(text)
    assert problems == [] and {k: getattr(entry, k) for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "keys", "problems"),
    [
        pytest.param(
            "TY  - BOOK\nID  - a\nTI  - Kept",
            ["a"],
            [(1, "no ER line before the end of the file")],
            id="missing-er-at-eof",
        ),
        pytest.param(
            "TY  - BOOK\nID  - a\n\nTY  - BOOK\nID  - b\nER  - \n",
            ["a", "b"],
            [(1, "no ER line before the next TY on line 4")],
            id="missing-er-before-next-ty",
        ),
        pytest.param(
            "ID  - a\nTI  - No type\nER  - \n", ["a"], [(1, "ID before any TY")], id="tags-before-ty"
        ),
        pytest.param(
            "junk\nmore junk\nTY  - BOOK\nER  - \nER  - \n",
            ["item1"],
            [(1, "text outside any record"), (5, "ER without a record")],
            id="stray-text-and-er",
        ),
        pytest.param(
            "TY  - BOOK\nPY  - circa 1900\nY2  - yesterday\nER  - \n",
            ["item1"],
            [(2, "'circa 1900' is not"), (3, "'yesterday' is not")],
            id="bad-dates",
        ),
        pytest.param(
            "TY  - BOOK\nID  - a\nER  - \nTY  - BOOK\nID  - a\nER  - \n",
            ["aa", "ab"],
            [(1, "'a' is used by more than one record"), (4, "'a' is used by more than one record")],
            id="duplicate-ids",
        ),
        pytest.param("", [], [], id="empty"),
        pytest.param("\n\n", [], [], id="blank"),
    ],
)
def test_problems_carry_line_numbers_and_entries_are_kept(
    text: str, keys: list[str], problems: list[tuple[int, str]]
) -> None:
    found, reported = read_ris(text)
    assert [e.key for e in found] == keys
    assert len(reported) == len(problems)
    for (line, message), (expected_line, fragment) in zip(reported, problems, strict=True):
        assert line == expected_line and fragment in message


TAGS = ("TY", "ID", "AU", "A1", "TI", "OP", "T2", "PY", "DA", "Y2", "SP", "EP", "N1", "M3", "XX", "UR")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["TY  - ELEC", "TY  - NEWS", "ER  - ", "ER  -", "", "  ", "\ufeff"]),
            st.tuples(
                st.sampled_from(TAGS),
                TEXT
                | st.sampled_from(
                    ["2023/05/19/", "2023///", "Footnote: ²", "Line: 5; Footnote: 3", "Medium: a; Line: -1"]
                ),
            ).map(lambda t: f"{t[0]}  - {t[1]}"),
            TEXT,
        ),
        max_size=12,
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_reader_never_raises(lines: list[str], newline: str) -> None:
    found, problems = read_ris(newline.join(lines))
    assert all(isinstance(e, Entry) and e.key for e in found)
    assert all(line >= 1 and message for line, message in problems)
