"""The minimal BibLaTeX writer: golden file, keys, escaping that cannot break out of braces."""

from __future__ import annotations

import bibtexparser
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import EXAMPLE, ROOT

from citations.bibtex import escape, keys, to_bibtex
from citations.models import BeltaRef, DocumentResult, Kind, Reference, Span
from cli import main


def _ref(n: int, **kw: object) -> Reference:
    return Reference(n=n, raw="", kind=kw.pop("kind", Kind.WEB_ARTICLE), span=Span(n, n), **kw)  # type: ignore[arg-type]


def _doc(*refs: Reference) -> DocumentResult:
    return DocumentResult("doc.txt", "text", tuple(refs), (), (), len(refs), 0)


def test_references_bib_is_the_examples_bibliography() -> None:
    """Golden: regenerate with `citations export citations/examples/manuscript.txt -o references.bib`."""
    result = CliRunner().invoke(main, ["export", str(EXAMPLE.relative_to(ROOT))], catch_exceptions=False)
    expected = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert result.output == expected


def test_example_bibliography_parses_and_has_one_entry_per_citing_footnote() -> None:
    library = bibtexparser.parse_string((ROOT / "references.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    assert len(library.entries) == 73  # 74 footnote texts; footnote 65 is cut before any reference data
    by_key = {e.key: e for e in library.entries}
    assert by_key["belta2023_567456"]["url"].endswith("-567456-2023/")
    truncated = [e for e in library.entries if "URL incomplete" in e["note"]]
    assert len(truncated) == 3 and all("url" not in e.fields_dict for e in truncated)


def test_keys_are_stable_and_unique() -> None:
    refs = [
        _ref(1, belta=BeltaRef("economics", 5, 2023, "x"), year=2023),
        _ref(2, authors=("Zaleskii, B.",), year=2022, kind=Kind.BOOK),
        _ref(3, authors=("Zaleskii, B.",), year=2022, kind=Kind.BOOK),
        _ref(4, host="www.mfa.gov.by", year=2021),
        _ref(5),
    ]
    assert keys(refs) == ["belta2023_5", "zaleskii2022a", "zaleskii2022b", "mfa2021", "fn5"]


def test_latex_specials_escaped_and_url_untouched() -> None:
    ref = _ref(
        1, title="50% & more_{x} #1 $ ^ ~ \\input{evil}", url="https://b.by/a_b%20c#x", url_complete=True
    )
    text = to_bibtex([_doc(ref)])
    assert (
        r"50\% \& more\_\textbraceleft{}x\textbraceright{} \#1 \$ \^{} \~{} \textbackslash{}input\textbraceleft{}evil\textbraceright{}"
        in text
    )
    assert "url = {https://b.by/a_b%20c#x}" in text


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_no_title_can_break_out_of_its_braces(title: str) -> None:
    text = to_bibtex([_doc(_ref(1, title=title, year=2020))])
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 1
    value = library.entries[0].fields_dict["title"].value
    depth = 0
    for i, ch in enumerate(value):
        escaped = i > 0 and value[i - 1] == "\\"
        if ch == "{" and not escaped:
            depth += 1
        elif ch == "}" and not escaped:
            depth -= 1
        assert depth >= 0
    assert depth == 0
    assert "\\input" not in value.replace("\\textbackslash{}", "")


def test_escape_is_single_pass() -> None:
    assert escape("\\{") == r"\textbackslash{}\textbraceleft{}"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="{}\\ab%", max_size=40))
def test_braces_balance_even_counting_escaped_ones(title: str) -> None:
    """BibTeX counts every brace, escaped or not: the escaped field must balance that way too."""
    value = escape(title)
    depth = 0
    for ch in value:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0


def test_translated_belta_title_gets_the_headline_rebuilt_from_its_url() -> None:
    library = bibtexparser.parse_string((ROOT / "references.bib").read_text(encoding="utf-8"))
    entry = {e.key: e for e in library.entries}["belta2023_567456"]
    assert entry["origtitle"].startswith("Алейник рассказал")
    assert "original title reconstructed from the URL" in entry["note"]
