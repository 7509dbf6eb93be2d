"""CI formats: GitHub Actions workflow commands (escaping, levels, paths) and JUnit XML
(well-formed, counts that add up, fail-on, deterministic), on synthetic results and the
bundled example."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from paths import EXAMPLE

from citations import ci
from citations.models import DocumentResult, Finding, Kind, Link, Outcome, Reference, Severity, Span

# --------------------------------------------------------------------------- escaping

DATA = [
    pytest.param("plain text", "plain text", id="plain"),
    pytest.param("100%", "100%25", id="percent"),
    pytest.param("%0A is not a newline", "%250A is not a newline", id="percent-before-code"),
    pytest.param("one\ntwo", "one%0Atwo", id="newline"),
    pytest.param("one\r\ntwo", "one%0D%0Atwo", id="crlf"),
    pytest.param("a: b, c", "a: b, c", id="colon-comma-kept-in-data"),
    pytest.param("::error::x", "::error::x", id="no-command-injection-without-newline"),
]


@pytest.mark.parametrize(("text", "expected"), DATA)
def test_escape_data(text: str, expected: str) -> None:
    assert ci.escape_data(text) == expected


PROPERTIES = [
    pytest.param("paper.md", "paper.md", id="plain"),
    pytest.param("ch 1: intro, draft.md", "ch 1%3A intro%2C draft.md", id="colon-comma"),
    pytest.param("50%.md", "50%25.md", id="percent"),
    pytest.param("a\nb", "a%0Ab", id="newline"),
    pytest.param("C:\\book,1", "C%3A\\book%2C1", id="windows-ish"),
]


@pytest.mark.parametrize(("text", "expected"), PROPERTIES)
def test_escape_property(text: str, expected: str) -> None:
    assert ci.escape_property(text) == expected


# --------------------------------------------------------------------------- results


def make_result(path: str = "book/paper.md") -> DocumentResult:
    """Footnote 1: an error and an info; footnote 2: a warning; footnote 3: clean (and checked
    online); document level: a missing footnote (error) and a note (info)."""
    split = Finding(
        "url-split", Severity.ERROR, "URL broken across lines 5–6", 5, 1, "https://belta.by/x-1-2023/"
    )
    info = Finding("name-variant", Severity.INFO, "Aleinik, alejnik\nsecond line", 5, 1)
    glyph = Finding("homoglyph", Severity.WARNING, "Latin 'C.' where 'С.' belongs", 9, 2)
    missing = Finding("footnote-missing", Severity.ERROR, "footnote 4 has no text", 12, 4)
    note = Finding("links-not-checked", Severity.INFO, "links were not checked (offline): 100%", 1)
    refs = (
        Reference(
            1, "raw 1", Kind.WEB_ARTICLE, Span(5, 6), title="Алейник рассказал", findings=(split, info)
        ),
        Reference(2, "raw 2", Kind.BOOK, Span(9, 9), title="Книга " * 30, findings=(glyph,)),
        Reference(
            3,
            "raw 3",
            Kind.WEB_ARTICLE,
            Span(10, 10),
            url="https://belta.by/a-3-2023/",
            link=Link("https://belta.by/a-3-2023/", Outcome.OK, 200, checked_at="2024-01-02T03:04:05Z"),
        ),
    )
    return DocumentResult(path, "markdown", refs, (4,), (note, split, info, glyph, missing), 3, 4)


def test_github_one_line_per_finding_at_its_level() -> None:
    text = ci.to_github([make_result()], ["gone.md: cannot be read — check the path"], root="/ws")
    assert text.splitlines() == [
        "::notice file=book/paper.md,line=1,title=links-not-checked::links were not checked (offline): 100%25",
        "::error file=book/paper.md,line=5,title=url-split::URL broken across lines 5–6%0Asuggestion: "
        "https://belta.by/x-1-2023/",
        "::notice file=book/paper.md,line=5,title=name-variant::Aleinik, alejnik%0Asecond line",
        "::warning file=book/paper.md,line=9,title=homoglyph::Latin 'C.' where 'С.' belongs",
        "::error file=book/paper.md,line=12,title=footnote-missing::footnote 4 has no text",
        "::error title=unreadable document::gone.md: cannot be read — check the path",
    ]


PATHS = [
    pytest.param("book/paper.md", "/ws", "book/paper.md", id="relative-kept"),
    pytest.param("/ws/book/paper.md", "/ws", "book/paper.md", id="absolute-under-workspace"),
    pytest.param("/elsewhere/paper.md", "/ws", "/elsewhere/paper.md", id="absolute-outside"),
    pytest.param("/ws-other/paper.md", "/ws", "/ws-other/paper.md", id="prefix-is-not-a-parent"),
    pytest.param("ch 1, v2: draft.md", "/ws", "ch 1%2C v2%3A draft.md", id="escaped"),
]


@pytest.mark.parametrize(("path", "root", "expected"), PATHS)
def test_github_file_property(path: str, root: str, expected: str) -> None:
    first = ci.to_github([make_result(path)], root=root).splitlines()[0]
    assert first.startswith(f"::notice file={expected},line=1,")


def test_github_workspace_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_WORKSPACE", "/ws")
    assert ci.to_github([make_result("/ws/a.md")]).startswith("::notice file=a.md,")


def test_github_line_zero_is_left_out_and_nothing_to_say_is_empty() -> None:
    result = DocumentResult("a.md", "markdown", (), (), (Finding("x", Severity.ERROR, "m", 0),), 0, 0)
    assert ci.to_github([result], root="/") == "::error file=a.md,title=x::m\n"
    assert ci.to_github([], root="/") == ""


def test_github_message_cannot_start_a_second_command() -> None:
    evil = Finding("x", Severity.WARNING, "text\n::error file=a,line=1::forged", 3)
    result = DocumentResult("a.md", "markdown", (), (), (evil,), 0, 0)
    lines = ci.to_github([result], root="/").splitlines()
    assert len(lines) == 1 and lines[0].startswith("::warning ")


# --------------------------------------------------------------------------- JUnit


def parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def check_counts(root: ET.Element) -> None:
    """Every suite's and the root's counts equal what they contain."""
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        counted = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
        }
        assert {k: int(suite.get(k, "-1")) for k in counted} == counted, suite.get("name")
        assert suite.get("skipped") == "0"
        for key, value in counted.items():
            totals[key] += value
    assert {k: int(root.get(k, "-1")) for k in totals} == totals


FAIL_ON = [
    pytest.param("error", {"footnote 1": "url-split", "document": "footnote-missing"}, id="error"),
    pytest.param(
        "warning",
        {"footnote 1": "url-split", "footnote 2": "homoglyph", "document": "footnote-missing"},
        id="warning",
    ),
    pytest.param("never", {}, id="never"),
]


@pytest.mark.parametrize(("fail_on", "failing"), FAIL_ON)
def test_junit_failures_follow_fail_on(fail_on: str, failing: dict[str, str]) -> None:
    root = parse(ci.to_junit([make_result()], fail_on=fail_on))
    check_counts(root)
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "book/paper.md"
    cases = suite.findall("testcase")
    assert [c.get("name", "").split(":")[0] for c in cases] == [
        "footnote 1",
        "footnote 2",
        "footnote 3",
        "document",
    ]
    assert {c.get("classname") for c in cases} == {"book/paper.md"}
    got = {}
    for case in cases:
        failure = case.find("failure")
        if failure is not None:
            got[case.get("name", "").split(":")[0]] = failure.get("message")
    assert got == failing


def test_junit_case_contents() -> None:
    root = parse(ci.to_junit([make_result()]))
    one, two, three, doc = root.iter("testcase")
    assert one.get("name") == "footnote 1: Алейник рассказал"
    assert one.get("line") == "5" and one.get("file") == "book/paper.md"
    failure = one.find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert failure.text == (
        "book/paper.md:5: error url-split: URL broken across lines 5–6\n    suggestion: https://belta.by/x-1-2023/"
    )
    # The info below the threshold is not lost: it is in system-out.
    assert "info name-variant: Aleinik, alejnik\nsecond line" in (one.findtext("system-out") or "")
    name = two.get("name", "")
    assert (
        name.startswith("footnote 2: Книга Книга") and name.endswith("…") and len(name) <= 12 + ci.TITLE_WIDTH
    )
    assert (
        three.findtext("system-out") or ""
    ) == "url:     https://belta.by/a-3-2023/\nlink:    ok (HTTP 200, checked 2024-01-02T03:04:05Z)"
    assert three.find("failure") is None and three.find("skipped") is None
    assert doc.get("line") is None
    assert "missing footnote texts: 4" in (doc.findtext("system-out") or "")


def test_junit_is_valid_xml_whatever_the_text_holds() -> None:
    nasty = 'form\x0cfeed, nul\x00, <tag> & "quotes" ]]> \ud800 \uffff'
    f = Finding("mojibake", Severity.ERROR, nasty, 3, 1)
    ref = Reference(1, nasty, Kind.OTHER, Span(3, 3), label="1\x07", findings=(f,))
    result = DocumentResult("odd\x01<&>.txt", "text", (ref,), (), (f,), 1, 1)
    text = ci.to_junit([result], ["odd\x02.md: unreadable"])
    root = parse(text)
    check_counts(root)
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert 'form\\x0cfeed, nul\\x00, <tag> & "quotes" ]]> \\xd800 \\xffff' in (failure.text or "")
    assert root.find("testsuite").get("name") == "odd\\x01<&>.txt"  # type: ignore[union-attr]
    error = root.find("testsuite[@name='unreadable documents']/testcase/error")
    assert error is not None and error.get("message") == "odd\\x02.md: unreadable"


def test_junit_read_errors_are_errors_even_with_fail_on_never() -> None:
    root = parse(ci.to_junit([], ["a.md: cannot be read — check it", "b.md:3: not UTF-8"], fail_on="never"))
    check_counts(root)
    assert root.get("errors") == "2" and root.get("failures") == "0"
    assert [c.get("name") for c in root.iter("testcase")] == ["a.md", "b.md:3"]


def test_junit_is_deterministic_and_untimed() -> None:
    text = ci.to_junit([make_result()])
    assert text == ci.to_junit([make_result()])
    assert not re.search(r"\b(time|timestamp|hostname)=", text)


def test_junit_refuses_an_unknown_level() -> None:
    with pytest.raises(ValueError, match="fail_on"):
        ci.to_junit([], fail_on="errors")


def test_junit_file_for_the_bundled_example(tmp_path: Path) -> None:
    from citations.pipeline import extract_document

    result = extract_document(str(EXAMPLE))
    out = tmp_path / "junit.xml"
    out.write_text(ci.to_junit([result]), encoding="utf-8")
    root = ET.parse(out).getroot()
    check_counts(root)
    [suite] = root.findall("testsuite")
    failing_refs = sum(
        1 for ref in result.references if any(f.severity is Severity.ERROR for f in ref.findings)
    )
    attached = {id(f) for ref in result.references for f in ref.findings}
    document_fails = any(f.severity is Severity.ERROR and id(f) not in attached for f in result.findings)
    assert suite.get("tests") == str(len(result.references) + 1) == "75"
    assert suite.get("failures") == str(failing_refs + document_fails)
    # Every error finding of the document appears in exactly one <failure>.
    failures = "\n".join(f.text or "" for f in root.iter("failure"))
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert len(re.findall(r": error ", failures)) == len(errors)
    assert {p.get("name"): p.get("value") for p in suite.iter("property")}["missing"] == str(
        len(result.missing)
    )
