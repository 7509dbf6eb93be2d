"""BibTeX / BibLaTeX: golden file, field mapping, escaping that cannot break out, the .bib reader,
round trips through our reader, bibtexparser and pybtex (hypothesis for the writer's inputs)."""

from __future__ import annotations

import codecs
import dataclasses
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from bibtexparser.entrypoint import parse_string as bib_parse
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from paths import EXAMPLE, ROOT

from citations.bibtex import (
    ACCENTS,
    LANGIDS,
    MACROS,
    escape,
    keys,
    name_value,
    read_bibtex,
    read_name,
    to_bibtex,
    unescape,
    url_value,
    write_bibtex,
)
from citations.entry import CITABLE, Entry, Name, citable, entries
from citations.models import BeltaRef, DocumentResult, Kind, Outcome, Reference, Span
from citations.pipeline import extract_document
from cli import main


def _ref(n: int, **kw: object) -> Reference:
    return Reference(n=n, raw="", kind=kw.pop("kind", Kind.WEB_ARTICLE), span=Span(n, n), **kw)  # type: ignore[arg-type]


def _doc(*refs: Reference) -> DocumentResult:
    return DocumentResult("doc.txt", "text", tuple(refs), (), (), len(refs), 0)


@cache
def _example() -> tuple[Entry, ...]:
    return tuple(entries([extract_document(str(EXAMPLE))]))


def _fields(text: str) -> dict[str, dict[str, str]]:
    library = bib_parse(text)
    assert not library.failed_blocks
    return {e.key: {f.key: f.value for f in e.fields} for e in library.entries}


def _entry(**kw: object) -> Entry:
    base: dict[str, object] = {"key": "k", "kind": Kind.WEB_PAGE.value}
    return Entry(**(base | kw))  # type: ignore[arg-type]


# --- the golden file and the example --------------------------------------------------------


def test_references_bib_is_the_examples_bibliography() -> None:
    """Golden: regenerate with `citations export citations/examples/manuscript.txt -o references.bib`."""
    result = CliRunner().invoke(main, ["export", str(EXAMPLE.relative_to(ROOT))], catch_exceptions=False)
    expected = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert result.output == expected


def test_example_bibliography_parses_and_has_one_entry_per_citing_footnote() -> None:
    library = bib_parse((ROOT / "references.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert len(library.entries) == 73  # 74 footnote texts; footnote 65 is cut before any reference data
    by_key = {e.key: e for e in library.entries}
    assert by_key["belta2023_567456"]["url"].endswith("-567456-2023/")
    truncated = [e for e in library.entries if "URL incomplete" in e["note"]]
    assert len(truncated) == 3 and all("url" not in e.fields_dict for e in truncated)


def test_translated_belta_title_gets_the_headline_rebuilt_from_its_url() -> None:
    entry = _fields((ROOT / "references.bib").read_text(encoding="utf-8"))["belta2023_567456"]
    assert entry["origtitle"].startswith("Алейник рассказал")
    assert entry["origlanguage"] == "russian" and entry["langid"] == "french"
    assert entry["note"] == (
        "[Ressource électronique]; footnote 1 of manuscript.txt, line 56; "
        "original title reconstructed from the URL"
    )


@pytest.mark.parametrize(
    ("key", "entry_type", "expected"),
    [
        pytest.param(
            "belta2022_510550",
            "online",
            {"author": "Pivovar, E.", "organization": "BelTA", "date": "2022"},
            id="belta-article-with-author",
        ),
        pytest.param(
            "zaleskii2022",
            "book",
            {"author": "Zaleskii, B.", "publisher": "LAP LAMBERT Academic Publishing", "pages": "23"},
            id="book",
        ),
        pytest.param(
            "mfa2023",
            "online",
            {"entrysubtype": "government-page", "url": "https://mfa.gov.by/press/smi/b1045153bb04077c.html"},
            id="government-page-keeps-its-kind",
        ),
    ],
)
def test_example_entry_types_and_fields(key: str, entry_type: str, expected: dict[str, str]) -> None:
    library = bib_parse(write_bibtex(_example()))
    entry = {e.key: e for e in library.entries}[key]
    assert entry.entry_type == entry_type
    assert {k: entry[k] for k in expected} == expected


def test_fields_come_in_a_fixed_order() -> None:
    full = _entry(
        key="x",
        kind=Kind.WEB_ARTICLE.value,
        title="T",
        authors=(Name("F", "G"),),
        original_title="О",
        original_source="page",
        language="fr",
        original_language="ru",
        container="Site",
        publisher="P",
        place="Minsk",
        issued=(2023, 6, 1),
        accessed=(2024, 1, 2),
        url="https://x.by/",
        pages="5",
        medium="[Electronic resource]",
        note="free",
        document="d.txt",
        footnote=3,
        line=9,
    )
    order = [f.key for f in bib_parse(write_bibtex([full])).entries[0].fields]
    assert order == [
        *("author", "title", "origtitle", "origlanguage", "langid", "entrysubtype", "organization"),
        *("publisher", "location", "date", "pages", "url", "urldate", "note", "addendum"),
    ]
    classic = [f.key for f in bib_parse(write_bibtex([full], dialect="bibtex")).entries[0].fields]
    assert classic == [
        *("author", "title", "organization", "publisher", "address", "year", "month"),
        *("pages", "howpublished", "note"),
    ]


def test_same_entries_same_bytes_and_a_trailing_newline() -> None:
    first = write_bibtex(_example())
    assert first == write_bibtex(list(_example())) and first.endswith("}\n") and not first.endswith("\n\n")
    assert write_bibtex([]) == ""


@pytest.mark.parametrize("dialect", ["biblatex", "bibtex"])
@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
def test_write_read_write_gives_the_same_bytes(dialect: str, ascii: bool) -> None:
    text = write_bibtex(_example(), dialect=dialect, ascii=ascii)
    back, problems = read_bibtex(text)
    assert problems == []
    assert write_bibtex(back, dialect=dialect, ascii=ascii) == text


def test_example_round_trips_through_our_reader_field_for_field() -> None:
    back, problems = read_bibtex(write_bibtex(_example()))
    assert problems == [] and back == list(_example())


@pytest.mark.parametrize(
    ("dialect", "ascii", "lost"),
    [
        pytest.param("biblatex", True, {"title"}, id="biblatex-ascii-loses-only-U+FFFD"),
        # classic: no langid, and @misc for every web page (BelTA's are still told by organization)
        pytest.param("bibtex", False, {"language", "original_language", "kind"}, id="bibtex-utf8"),
        pytest.param("bibtex", True, {"language", "original_language", "kind", "title"}, id="bibtex-ascii"),
    ],
)
def test_what_each_other_mode_carries_of_the_example(dialect: str, ascii: bool, lost: set[str]) -> None:
    back, problems = read_bibtex(write_bibtex(_example(), dialect=dialect, ascii=ascii))
    assert problems == []
    differing = {
        f.name
        for a, b in zip(_example(), back, strict=True)
        for f in dataclasses.fields(Entry)
        if f.compare
        if getattr(a, f.name) != getattr(b, f.name)
    }
    assert differing == lost
    if "title" in lost:  # the title with a lost letter (U+FFFD) becomes '?', nothing else changes
        changed = [(a.title, b.title) for a, b in zip(_example(), back, strict=True) if a.title != b.title]
        assert len(changed) == 1 and changed[0][1] == (changed[0][0] or "").replace("\ufffd", "?")


def test_classic_bibtex_has_no_biblatex_only_field() -> None:
    text = write_bibtex(_example(), dialect="bibtex")
    used = {f for fields in _fields(text).values() for f in fields}
    assert used <= {
        "author",
        "title",
        "organization",
        "publisher",
        "address",
        "year",
        "pages",
        "howpublished",
    } | {"note"}
    entry = _fields(text)["belta2023_567456"]
    assert entry["howpublished"].startswith("\\url{https://www.belta.by/politics/view/alejnik-")
    assert entry["title"].startswith("{Aleinik") and entry["title"].endswith("latine}")  # case kept
    assert "original title reconstructed from the URL: Алейник" in entry["note"]


def test_classic_bibtex_month_is_the_bare_macro_and_the_access_date_is_in_note() -> None:
    text = write_bibtex([_entry(issued=(2023, 6, 1), accessed=(2024, 1, 2))], dialect="bibtex")
    assert "  month = jun,\n" in text and "Accessed 2024-01-02" in text
    [back], _ = read_bibtex(text)
    assert back.issued == (2023, 6) and back.accessed == (2024, 1, 2)


def test_unknown_dialect_is_refused_with_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="biblatex, bibtex"):
        write_bibtex([], dialect="bibtex8")


def test_to_bibtex_is_write_bibtex_of_the_entries() -> None:
    result = extract_document(str(EXAMPLE))
    assert to_bibtex([result]) == write_bibtex(entries([result]))
    assert to_bibtex([result], dialect="bibtex", ascii=True) == write_bibtex(
        entries([result]), dialect="bibtex", ascii=True
    )


def test_keys_are_stable_and_unique() -> None:
    refs = [
        _ref(1, belta=BeltaRef("economics", 5, 2023, "x"), year=2023),
        _ref(2, authors=("Zaleskii, B.",), year=2022, kind=Kind.BOOK),
        _ref(3, authors=("Zaleskii, B.",), year=2022, kind=Kind.BOOK),
        _ref(4, host="www.mfa.gov.by", year=2021),
        _ref(5),
    ]
    assert keys(refs) == ["belta2023_5", "zaleskii2022a", "zaleskii2022b", "mfa2021", "fn5"]


@pytest.mark.parametrize(
    ("given_keys", "written"),
    [
        pytest.param(["a b", "a,b"], ["aba", "abb"], id="unsafe-characters-dropped-then-unique"),
        pytest.param(["Иванов2020", ""], ["Иванов2020", "entry"], id="biber-reads-utf8-keys-and-empty"),
        pytest.param(["x}", "y"], ["x", "y"], id="a-brace-cannot-close-the-entry"),
    ],
)
def test_unsafe_keys_are_made_safe_and_unique(given_keys: list[str], written: list[str]) -> None:
    text = write_bibtex([_entry(key=k, title="T") for k in given_keys])
    assert [e.key for e in bib_parse(text).entries] == written


@pytest.mark.parametrize(("dialect", "ascii"), [("bibtex", False), ("biblatex", True)])
def test_keys_are_ascii_for_classic_bibtex_and_the_ascii_mode(dialect: str, ascii: bool) -> None:
    text = write_bibtex([_entry(key="Иванов2020", title="T")], dialect=dialect, ascii=ascii)
    assert [e.key for e in bib_parse(text).entries] == ["2020"]


# --- escaping ---------------------------------------------------------------------------------


def test_latex_specials_escaped_and_url_untouched() -> None:
    ref = _ref(
        1, title="50% & more_{x} #1 $ ^ ~ \\input{evil}", url="https://b.by/a_b%20c#x~y&z", url_complete=True
    )
    fields = _fields(to_bibtex([_doc(ref)]))["fn1"]
    assert fields["title"] == (
        r"50\% \& more\_{\textbraceleft}x{\textbraceright} \#1 \$ {\textasciicircum} {\textasciitilde} "
        r"{\textbackslash}input{\textbraceleft}evil{\textbraceright}"
    )
    assert fields["url"] == "https://b.by/a_b%20c#x~y&z"


@pytest.mark.parametrize(
    ("url", "written"),
    [
        pytest.param("https://b.by/a{b}c", "https://b.by/a%7Bb%7Dc", id="braces"),
        pytest.param("https://b.by/a\\input", "https://b.by/a%5Cinput", id="backslash"),
        pytest.param("https://b.by/^^5cinput", "https://b.by/%5E%5E5cinput", id="tex-hat-escape"),
        pytest.param(" https://b.by/a b\n", "https://b.by/a%20b", id="spaces"),
        pytest.param("https://b.by/%D0%B0?q=1#frag", "https://b.by/%D0%B0?q=1#frag", id="legal-as-given"),
    ],
)
def test_url_value(url: str, written: str) -> None:
    assert url_value(url) == written


def test_url_value_ascii_percent_encodes_utf8() -> None:
    assert url_value("https://торговля.бел/а", ascii=True) == (
        "https://%D1%82%D0%BE%D1%80%D0%B3%D0%BE%D0%B2%D0%BB%D1%8F.%D0%B1%D0%B5%D0%BB/%D0%B0"
    )
    assert url_value("https://торговля.бел/а") == "https://торговля.бел/а"


def test_escape_is_single_pass() -> None:
    assert escape("\\{") == r"{\textbackslash}{\textbraceleft}"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        pytest.param("Café", r"Caf{\'e}", id="acute"),
        pytest.param("Ǘ", r"{\'{\"U}}", id="two-accents-nest"),
        pytest.param("Čapek", r"{\v{C}}apek", id="letter-named-accent"),
        pytest.param("Ёж й", r"{\CYRYO}{\cyrzh} {\cyrishrt}", id="russian-letters-are-not-decomposed"),
        pytest.param(
            "Ўладзімір і",
            r"{\CYRUSHRT}{\cyrl}{\cyra}{\cyrd}{\cyrz}{\cyrii}{\cyrm}{\cyrii}{\cyrr} {\cyrii}",
            id="belarusian",
        ),
        pytest.param(
            "«№ 5» – Łódź",
            r"{\guillemotleft}{\textnumero} 5{\guillemotright} {\textendash} {\L}{\'o}d{\'z}",
            id="typography",
        ),
        pytest.param("a\u00a0b\u202fc", r"a~b\,c", id="no-break-spaces"),
        pytest.param("x😀y\ufffd", "x?y?", id="no-text-form"),
        pytest.param("e\u0301", r"{\'e}", id="decomposed-input"),
        pytest.param("%_{", r"\%\_{\textbraceleft}", id="specials-as-in-utf8"),
    ],
)
def test_ascii_escape(text: str, written: str) -> None:
    assert escape(text, ascii=True) == written


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a\tb\n\nc  d", "a b c d", id="white-space-collapsed"),
        pytest.param("a\x00b\x7fc\u2028d", "a b c d", id="control-characters-and-separators"),
        pytest.param("  x  ", "x", id="trimmed"),
    ],
)
def test_escape_cleans_what_tex_cannot_read(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_cyrillic_macros_are_what_pylatexenc_reads() -> None:
    """The T2A names are the standard ones: an independent decoder reads each back."""
    from pylatexenc.latex2text import LatexNodes2Text

    decode = LatexNodes2Text().latex_to_text
    cyrillic = [c for c in MACROS if "CYRILLIC" in unicodedata.name(c)]
    assert len(cyrillic) == 90
    latin = "éèêëàâäçñõøåčšžłőűąęįųāēīūğıİşţđðþæœßÉÀÇŠŽŁ«»–—‘’“”…№°€§©"
    for char in cyrillic + list(latin):
        assert decode(escape(char, ascii=True)) == char, char


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(r"\emph{Caf\'e} na\"{\i}ve", "Café naïve", id="formatting-and-accents"),
        pytest.param(r"\foreignlanguage{russian}{\cyrchar\CYRA}", "А", id="language-argument-dropped"),
        pytest.param(r"{\"o}{\"{o}}\"o \H{o} \c c", "ööö ő ç", id="accent-argument-forms"),
        pytest.param(r"\^{} \~{} \'{}", "^ ~ ´", id="accents-on-nothing"),
        pytest.param(r"a~b \%\&\#\_\$ \{x\}", "a\u00a0b %&#_$ {x}", id="control-symbols"),
        pytest.param(r"\LaTeX{} and \unknown{x}  y", "LaTeX and \\unknownx y", id="unknown-macro-kept"),
        pytest.param("a--b ``q''", "a--b ``q''", id="ligatures-stay"),
        pytest.param("{{{" * 40 + "x" + "}}}" * 40, "x", id="deep-nesting"),
        pytest.param("}{x", "x", id="unbalanced"),
    ],
)
def test_unescape(value: str, text: str) -> None:
    assert unescape(value) == text


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "written"),
    [
        pytest.param(Name("Pivovar", "E."), "Pivovar, E.", id="family-given"),
        pytest.param(
            Name(literal="Ministry of Foreign Affairs"), "{Ministry of Foreign Affairs}", id="literal"
        ),
        pytest.param(Name("Smith and Sons", "J."), "{Smith and Sons}, J.", id="and-protected"),
        pytest.param(Name("Last, Jr", "J."), "{Last, Jr}, J.", id="comma-protected"),
        pytest.param(Name("Plato"), "Plato", id="family-alone"),
        pytest.param(Name("Van Gogh"), "Van Gogh,", id="family-alone-several-words"),
        pytest.param(Name("{"), "{\\textbraceleft},", id="family-alone-one-group"),
        pytest.param(Name(literal="others"), "others", id="et-al-stays-a-keyword"),
    ],
)
def test_name_value(name: Name, written: str) -> None:
    assert name_value(name) == written
    assert read_name(written) == name


@pytest.mark.parametrize(
    ("value", "name"),
    [
        pytest.param("Jean de la Fontaine", Name("de la Fontaine", "Jean"), id="first-von-last"),
        pytest.param("de la Fontaine, Jean", Name("de la Fontaine", "Jean"), id="von-last-first"),
        pytest.param("Ford, Jr., Henry", Name("Ford, Jr.", "Henry"), id="suffix-kept-with-family"),
        pytest.param(
            "{\\CYRP}{\\cyri}{\\cyrv}{\\cyro}{\\cyrv}{\\cyra}{\\cyrr}, {\\CYRE}.",
            Name("Пивовар", "Е."),
            id="t2a",
        ),
    ],
)
def test_read_name(value: str, name: Name) -> None:
    assert read_name(value) == name


def test_authors_split_on_and_only_outside_braces() -> None:
    text = "@misc{a, author = {A, B and {C and D} and E AND F and others}}"
    [entry], problems = read_bibtex(text)
    assert problems == []
    assert entry.authors == (
        Name("A", "B"),
        Name(literal="C and D"),
        Name("E"),
        Name("F"),
        Name(literal="others"),
    )


# --- the reader on other people's .bib files ------------------------------------------------------

_FOREIGN = """% A bibliography an editor received
@string{belta = {BelTA}}

@article{good,
  author = {Zaleskii, Boris},
  title = {{Belarus} and {Latin America}},
  journal = {Vestnik},
  year = 2021, month = jun,
  pages = {10--15},
  language = {russian}
}

@misc{broken,
  title = {Not closed,

@misc{good, title = {Same key}}
@online{twice, title = {First}, title = {Second}, organization = belta # { Minsk}}
@misc{undefined, publisher = nowhere, howpublished = {\\url{https://x.by/a}}, year = {n.d.}}
@online{bad-date, date = {June 2023}}
"""


def test_foreign_bib_entries_and_problems_with_lines() -> None:
    found, problems = read_bibtex(_FOREIGN, "received.bib")
    assert [e.key for e in found] == ["good", "twice", "undefined", "bad-date"]
    good = found[0]
    assert (good.kind, good.title, good.container, good.issued, good.pages, good.language) == (
        "article",
        "Belarus and Latin America",
        "Vestnik",
        (2021, 6),
        "10–15",
        "ru",
    )
    assert (good.document, good.line, good.footnote) == (None, 4, None)
    assert found[1].title == "First" and found[1].container == "BelTA Minsk"
    assert found[2].url == "https://x.by/a" and found[2].kind == "web-page" and found[2].issued == ()
    lines = [line for line, _ in problems]
    assert lines == [13, 16, 17, 18, 19]
    text = " | ".join(p for _, p in problems)
    for expected in ("entry not read", "'good' is used again (first at line 4)", "field title given twice"):
        assert expected in text
    assert "undefined @string 'nowhere'" in text and "date 'June 2023' not understood" in text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("@", id="lone-at"),
        pytest.param("@misc{", id="unclosed"),
        pytest.param("@misc{x, title = {a}}} @misc{y,}", id="extra-brace"),
        pytest.param('@comment{x} @preamble{"\\def\\x{}"}', id="comment-and-preamble"),
    ],
)
def test_reader_never_raises(text: str) -> None:
    found, problems = read_bibtex(text)
    assert all(isinstance(e, Entry) for e in found) and all(isinstance(line, int) for line, _ in problems)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from('@{}(),="#%\\ \nab1'), max_size=60))
def test_reader_never_raises_on_any_text(text: str) -> None:
    _, problems = read_bibtex(text)
    assert all(line >= 1 for line, _ in problems)


# --- third-party parsers ------------------------------------------------------------------------


def test_pybtex_reads_the_example_same_keys_titles_and_people() -> None:
    import latexcodec  # noqa: F401  (registers the "ulatex" codec)
    from pybtex.database import parse_string

    text = write_bibtex(_example())
    data = parse_string(text, "bibtex")
    assert list(data.entries) == [e.key for e in _example()]
    for entry in _example():
        parsed = data.entries[entry.key]
        assert unescape(parsed.fields["title"]) == entry.title
        # these titles carry no LaTeX special: a generic LaTeX decoder agrees with ours
        assert codecs.decode(parsed.fields["title"], "ulatex") == entry.title
        people = parsed.persons.get("author", [])
        assert [" ".join(p.last_names) for p in people] == [a.family for a in entry.authors]
        assert [" ".join(p.first_names) for p in people] == [a.given for a in entry.authors]


def test_bibtexparser_latex_decoding_reads_the_ascii_example() -> None:
    from bibtexparser.middlewares import LatexDecodingMiddleware

    text = write_bibtex(_example(), ascii=True)
    library = bib_parse(text, append_middleware=[LatexDecodingMiddleware()])
    titles = {e.key: e["origtitle"] for e in library.entries if "origtitle" in e.fields_dict}
    expected = {e.key: e.original_title for e in _example() if e.original_title}
    assert titles == expected and len(titles) > 50


# --- hypothesis: nothing from the data can break out of its field --------------------------------

_NASTY = [
    "\\input{/etc/passwd}",
    "\\write18{rm -rf ~}",
    "\\immediate\\write18{x}",
    "^^5cinput",
    "^^5c^^5c",
    "^^",
    "\\def\\x{y}",
    "\\csname foo\\endcsname",
    "\\catcode`\\^=7",
    "}{",
    "{",
    "}",
    "\\",
    "\\\\",
    "%",
    "#1",
    "@misc{x,",
    "\n@misc{y,",
    " and ",
    "others",
    ", ",
    "~",
    "&$_",
    "Беларусь",
    "ў Ў і",
    "e\u0301",
    "\u0301",
    "😀👨‍👩‍👧",
    "\ufffd",
    "\x00\x1b\x7f",
    "\u2028",
    "\u00a0",
    '"',
]
_TEXT = st.lists(st.one_of(st.sampled_from(_NASTY), st.text(max_size=6)), max_size=6).map("".join)
_UTF8_COMMANDS = {"textbackslash", "textbraceleft", "textbraceright", "textasciicircum", "textasciitilde"}
_UTF8_COMMANDS |= set("%#&_$")
_ASCII_COMMANDS = _UTF8_COMMANDS | set(MACROS.values()) | set(ACCENTS.values()) | {","}
_COMMAND_RE = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)


def _clean(text: str | None) -> str | None:
    """What the writer keeps of a text: controls and separators as spaces, spaces collapsed."""
    text = re.sub(" +", " ", re.sub("[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text or "")).strip()
    return text or None


def _assert_safe(value: str, ascii: bool) -> None:
    depth = 0
    for char in value:  # every brace counts, escaped or not, as BibTeX and biber count them
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0, value
    assert depth == 0, value
    assert set(_COMMAND_RE.findall(value)) <= (_ASCII_COMMANDS if ascii else _UTF8_COMMANDS), value
    assert "^" not in _COMMAND_RE.sub("", value), value  # so no ^^5c can ever form
    rest = _COMMAND_RE.sub("", value)
    assert not set(rest) & set("\\%#&$_" + ("" if ascii else "~")), value
    assert "\n" not in value and (value.isascii() or not ascii)


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
@pytest.mark.parametrize("dialect", ["biblatex", "bibtex"])
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_TEXT, family=_TEXT, given_name=_TEXT, literal=_TEXT, note=_TEXT)
def test_no_field_can_break_out_or_run_a_command(
    dialect: str, ascii: bool, title: str, family: str, given_name: str, literal: str, note: str
) -> None:
    from pybtex.database import parse_string

    entry = _entry(
        key="x",
        title=title,
        authors=(Name(family, given_name), Name(literal=literal)),
        medium=note,
        publisher=note,
        url_incomplete=note,
    )
    text = write_bibtex([entry], dialect=dialect, ascii=ascii)
    library = bib_parse(text)
    assert not library.failed_blocks and [e.key for e in library.entries] == ["x"]
    for field in library.entries[0].fields:
        if field.key != "howpublished":
            _assert_safe(field.value, ascii)
    assert list(parse_string(text, "bibtex").entries) == ["x"]
    [back], problems = read_bibtex(text)
    assert problems == []
    if not ascii:
        assert back.title == _clean(title)
        assert back.publisher == _clean(note)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_utf8_title_round_trips_through_every_parser(title: str) -> None:
    from pybtex.database import parse_string

    text = write_bibtex([_entry(title=title)])
    fields = _fields(text)["k"]
    pybtex_title = parse_string(text, "bibtex").entries["k"].fields.get("title")
    # pybtex reads every Unicode space (a no-break one too) as white space, and collapses it
    assert " ".join(fields.get("title", "").split()) == (pybtex_title or "")
    [back], _ = read_bibtex(text)
    assert back.title == _clean(title)
    assert (unescape(fields["title"]) if "title" in fields else None) == _clean(title)


_REPRESENTABLE = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        # (ı with an accent reads back as the accented i, as LaTeX's \'{\i} means)
        st.sampled_from([*sorted(set(MACROS) - {"ı"}), "\u00a0", "\u202f", "é", "Ǘ", "č", "ő", "ñ", "å"]),
        st.sampled_from(sorted(ACCENTS)),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(_REPRESENTABLE)
def test_ascii_title_round_trips_up_to_unicode_normalisation(title: str) -> None:
    text = write_bibtex([_entry(title=title)], ascii=True)
    assert text.isascii()
    [back], _ = read_bibtex(text)
    nfc = unicodedata.normalize("NFC", _clean(title) or "")
    # a mark with no letter under it, or one LaTeX has no accent for, has nothing to sit on
    expected = "".join(
        c
        for i, c in enumerate(nfc)
        if unicodedata.category(c)[0] != "M" or (i > 0 and unicodedata.category(nfc[i - 1])[0] != "M")
    )
    assume(expected == nfc and not (nfc[:1] + nfc[-1:]).isspace())
    assert back.title == (unicodedata.normalize("NFC", expected).strip(" ") or None)


_NAME_PART = _TEXT.filter(lambda t: _clean(t) is not None)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.builds(Name, _NAME_PART, st.none() | _NAME_PART), st.builds(Name, literal=_NAME_PART)),
        max_size=4,
    )
)
def test_names_round_trip(names: list[Name]) -> None:
    text = write_bibtex([_entry(authors=tuple(names))])
    [back], problems = read_bibtex(text)
    assert problems == []
    expected = tuple(
        Name(family=_clean(n.family), given=_clean(n.given)) if n.family else Name(literal=_clean(n.literal))
        for n in names
    )
    assert back.authors == expected


_SIMPLE_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=20)
_WORD = st.from_regex(r"[a-z][a-z0-9_.\-]{0,12}", fullmatch=True)
_URL = _WORD.map(lambda w: f"https://www.belta.by/economics/view/{w}-5-2023/")
_DATE = st.one_of(
    st.tuples(st.integers(1000, 2999)),
    st.tuples(st.integers(1000, 2999), st.integers(1, 12)),
    st.tuples(st.integers(1000, 2999), st.integers(1, 12), st.integers(1, 28)),
)
_KINDS = sorted({k.value for k in Kind} | {"report"})
_DEAD = sorted(o.value for o in Outcome if o.dead)


@st.composite
def _entries(draw: st.DrawFn) -> Entry:
    original = draw(st.none() | _SIMPLE_TEXT)
    return Entry(
        key=draw(_WORD).replace(".", "").replace("-", "") or "k",
        kind=draw(st.sampled_from(_KINDS)),
        title=draw(st.none() | _SIMPLE_TEXT),
        authors=tuple(draw(st.lists(st.builds(Name, _NAME_PART, st.none() | _NAME_PART), max_size=2))),
        original_title=original,
        original_source=draw(st.sampled_from([None, "page", "reconstructed"])) if original else None,
        language=draw(st.sampled_from([None, *sorted(LANGIDS)])),
        original_language=draw(st.sampled_from([None, *sorted(LANGIDS)])) if original else None,
        container=draw(st.none() | st.just("BelTA") | _SIMPLE_TEXT),
        publisher=draw(st.none() | _SIMPLE_TEXT),
        place=draw(st.none() | _SIMPLE_TEXT),
        issued=draw(st.just(()) | _DATE),
        accessed=draw(st.just(()) | _DATE.filter(lambda d: len(d) == 3)),
        url=draw(st.none() | _URL),
        url_incomplete=draw(st.none() | _URL.map(lambda u: u[:30])),
        pages=draw(st.none() | st.from_regex(r"[0-9]{1,3}([-–][0-9]{1,3})?", fullmatch=True)),
        medium=draw(st.none() | _WORD.map(lambda w: f"[{w}]")),
        note=draw(st.none() | _SIMPLE_TEXT),
        document=draw(st.none() | _WORD.map(lambda w: w + ".txt")),
        footnote=draw(st.none() | st.integers(1, 500)),
        line=draw(st.none() | st.integers(1, 9000)),
        link=draw(st.none() | st.sampled_from(_DEAD)),
        archive_url=draw(st.none() | _URL.map(lambda u: "https://web.archive.org/web/2023/" + u)),
    )


def _carried(entry: Entry, path: str) -> Entry:
    """The entry as the biblatex dialect carries it (text cleaned, pages with an en dash)."""
    original = _clean(entry.original_title)
    located = entry.footnote is not None or entry.document is not None
    return dataclasses.replace(
        entry,
        title=_clean(entry.title),
        original_title=original,
        container=_clean(entry.container),
        publisher=_clean(entry.publisher),
        place=_clean(entry.place),
        note=_clean(entry.note),
        authors=tuple(Name(family=_clean(n.family), given=_clean(n.given)) for n in entry.authors),
        pages=re.sub("[-–]+", "–", entry.pages) if entry.pages else None,
        original_language=entry.original_language if original else None,
        original_source=entry.original_source if original else None,
        document=entry.document if located else None,  # a foreign .bib names no manuscript
        line=entry.line if located else 1,
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_entries())
def test_any_entry_round_trips_through_biblatex(entry: Entry) -> None:
    [back], problems = read_bibtex(write_bibtex([entry]), "in.bib")
    assert problems == []
    assert back == _carried(entry, "in.bib")


# --- the real seed --------------------------------------------------------------------------------


def test_seed_export_has_an_entry_per_citing_footnote_and_exact_urls(seed_path: Path) -> None:
    result = extract_document(str(seed_path))
    citing = [r for r in result.references if citable(r)]
    assert {r.kind for r in citing} <= CITABLE | {Kind.OTHER}
    text = write_bibtex(entries([result]))
    fields = _fields(text)
    assert len(fields) == len(citing) >= 70
    notes = [f["note"] for f in fields.values()]
    assert [int(re.search(r"footnote (\d+)", n).group(1)) for n in notes] == [r.n for r in citing]  # type: ignore[union-attr]
    for ref, written in zip(citing, fields.values(), strict=True):
        if ref.url and ref.url_complete is not False:
            assert written["url"] == ref.url
        else:
            assert "url" not in written
            if ref.url:
                assert unescape(written["note"]).count(f"URL incomplete in the manuscript: {ref.url}") == 1
    back, problems = read_bibtex(text)
    assert problems == [] and [e.url for e in back] == [e.url for e in entries([result])]
