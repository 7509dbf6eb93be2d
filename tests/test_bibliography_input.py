"""Bibliographies as input: an editor who received a .bib, CSL-JSON or RIS file instead of a
manuscript can ``check`` and ``export`` it like one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from paths import EXAMPLE

from citations.entry import entries
from citations.pipeline import extract_document
from cli import main

FORMATS = [("biblatex", "bib"), ("csl-json", "json"), ("ris", "ris")]


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 3), result.output
    return result.output


@pytest.fixture(scope="module")
def example_entries():  # type: ignore[no-untyped-def]
    return entries([extract_document(str(EXAMPLE))])


@pytest.mark.parametrize(("fmt", "suffix"), FORMATS)
def test_an_exported_bibliography_reads_back_as_the_same_references(
    tmp_path: Path,
    fmt: str,
    suffix: str,
    example_entries,  # type: ignore[no-untyped-def]
) -> None:
    exported = tmp_path / f"refs.{suffix}"
    run("export", str(EXAMPLE), "-f", fmt, "-o", str(exported))
    result = extract_document(str(exported))
    assert result.format == {"bib": "bibtex", "json": "csl-json", "ris": "ris"}[suffix]
    assert len(result.references) == len(example_entries)
    assert [r.url for r in result.references] == [e.url or e.url_incomplete for e in example_entries]
    assert [r.title for r in result.references] == [e.title for e in example_entries]
    # Keys survive a second export: an editor's keys are never renamed.
    again = entries([result])
    assert [e.key for e in again] == [e.key for e in example_entries]
    assert not [f for f in result.findings if f.code == "entry-unparsed"]


@pytest.mark.parametrize(("fmt", "suffix"), FORMATS)
def test_check_reports_url_problems_of_a_bibliography(tmp_path: Path, fmt: str, suffix: str) -> None:
    exported = tmp_path / f"refs.{suffix}"
    run("export", str(EXAMPLE), "-f", fmt, "-o", str(exported))
    doc = json.loads(run("check", str(exported), "--format", "json"))["documents"][0]
    codes = {f["code"] for f in doc["findings"]}
    assert "url-truncated" in codes  # the example's cut URLs are still cut
    assert all(ref["link"]["outcome"] in ("not-recorded", "skipped") for ref in doc["references"])


def test_a_broken_entry_is_a_finding_and_the_others_are_read(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@online{good, title = {Заголовок}, url = {https://belta.by/politics/view/x-1-2023/}, date = {2023}}\n"
        "@online{broken, title = {never closed\n\n"
        "@online{also, title = {Второй}, date = {2022}}\n",
        encoding="utf-8",
    )
    result = extract_document(str(bib))
    assert [r.title for r in result.references if r.title in ("Заголовок", "Второй")] == [
        "Заголовок",
        "Второй",
    ]
    assert any(f.code == "entry-unparsed" for f in result.findings)


@pytest.mark.parametrize(("fmt", "suffix"), FORMATS)
def test_exporting_an_exported_bibliography_again_changes_nothing(
    tmp_path: Path, fmt: str, suffix: str
) -> None:
    first = tmp_path / f"first.{suffix}"
    second = tmp_path / f"second.{suffix}"
    run("export", str(EXAMPLE), "-f", fmt, "-o", str(first))
    run("export", str(first), "-f", fmt, "-o", str(second))
    assert second.read_bytes() == first.read_bytes()


@pytest.mark.parametrize(("fmt", "suffix"), FORMATS)
def test_findings_on_a_bibliography_point_into_that_file(tmp_path: Path, fmt: str, suffix: str) -> None:
    exported = tmp_path / f"refs.{suffix}"
    run("export", str(EXAMPLE), "-f", fmt, "-o", str(exported))
    lines = exported.read_text(encoding="utf-8").splitlines()
    result = extract_document(str(exported))
    truncated = [f for f in result.findings if f.code == "url-truncated"]
    assert truncated
    for finding in truncated:
        # The finding's line is where that entry starts in the file we read.
        ref = next(r for r in result.references if r.n == finding.footnote)
        assert 1 <= finding.line <= len(lines) and ref.span.first == finding.line


FOREIGN_BIB = r"""@string{pub = {Minsk University Press}}
@misc{noUrl, title = {A note without a link}, year = {2020}}
@techreport{report2019, title = {Annual report}, institution = {Ministry}, year = {2019}}
@thesis{thesis2018, title = {Thesis}, author = {Ivanova, Anna}, year = {2018}, publisher = pub}
@online{mendeley, title = {Escaped}, url = {http://www.example.com/a{\_}b{\%}20c?x=1{\&}y=2}, year = {2021}}
"""


def test_every_entry_of_a_received_bib_is_exported(tmp_path: Path) -> None:
    source = tmp_path / "received.bib"
    source.write_text(FOREIGN_BIB, encoding="utf-8")
    out = tmp_path / "out.json"
    run("export", str(source), "-f", "csl-json", "-o", str(out))
    items = json.loads(out.read_text(encoding="utf-8"))
    assert [item["id"] for item in items] == ["noUrl", "report2019", "thesis2018", "mendeley"]
    assert items[3]["URL"] == "http://www.example.com/a_b%20c?x=1&y=2"  # Mendeley's escapes undone


def test_a_bibliography_with_an_unreadable_entry_is_not_exported(tmp_path: Path) -> None:
    source = tmp_path / "broken.bib"
    source.write_text(
        "@misc{a, title = {ok}, year = {2020}}\n@misc{b, title = {never closed\n", encoding="utf-8"
    )
    out = tmp_path / "out.bib"
    result = CliRunner().invoke(main, ["export", str(source), "-o", str(out)])
    assert result.exit_code == 4 and "nothing written" in result.output and not out.exists()


def test_half_a_character_in_csl_json_is_a_lost_character_not_a_crash(tmp_path: Path) -> None:
    source = tmp_path / "odd.json"
    source.write_text('[{"id": "s1", "type": "webpage", "title": "lone \\ud800"}]', encoding="utf-8")
    out = run("export", str(source), "-f", "ris")
    assert "TI  - lone \ufffd" in out


def test_output_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "target.bib"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.bib"
    link.symlink_to(target)
    run("export", str(EXAMPLE), "-o", str(link))
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("@online{belta2023_567456,")


def test_numbered_list_of_several_documents_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(EXAMPLE.read_bytes())
    result = CliRunner().invoke(main, ["export", str(EXAMPLE), str(copy), "-f", "text", "--numbered"])
    assert result.exit_code == 2 and "one at a time" in result.output


@pytest.mark.parametrize(("fmt", "suffix"), FORMATS)
def test_doi_volume_issue_and_isbn_of_a_received_bib_survive_every_format(
    tmp_path: Path, fmt: str, suffix: str
) -> None:
    source = tmp_path / "received.bib"
    source.write_text(
        "@article{smith2020, author = {Smith, John}, title = {On things}, journaltitle = {Journal of Things},"
        " volume = {12}, number = {3}, pages = {5--9}, date = {2020}, doi = {10.1000/xyz_123},"
        " isbn = {978-3-16-148410-0}}\n",
        encoding="utf-8",
    )
    out = tmp_path / f"out.{suffix}"
    run("export", str(source), "-f", fmt, "-o", str(out))
    [entry] = entries([extract_document(str(out))])
    assert (entry.volume, entry.issue, entry.doi, entry.isbn) == (
        "12",
        "3",
        "10.1000/xyz_123",
        "978-3-16-148410-0",
    )
