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
    tmp_path: Path, fmt: str, suffix: str, example_entries  # type: ignore[no-untyped-def]
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
    assert [r.title for r in result.references if r.title in ("Заголовок", "Второй")] == ["Заголовок", "Второй"]
    assert any(f.code == "entry-unparsed" for f in result.findings)


@pytest.mark.parametrize(("fmt", "suffix"), FORMATS)
def test_exporting_an_exported_bibliography_again_changes_nothing(tmp_path: Path, fmt: str, suffix: str) -> None:
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
