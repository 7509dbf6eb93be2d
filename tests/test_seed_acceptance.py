"""Acceptance on the real seed manuscript (../shared; skipped when absent).

``data/seed_expected.json`` was written from the tool's output and then checked line by line
against a hand reading of the seed's footnote zones (numbers, titles, authors, years, kinds,
URLs); the URL exactness is also verified independently below from the raw lines.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from paths import DATA, EXAMPLE

from citations.pipeline import extract_document

EXPECTED = json.loads((DATA / "seed_expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_result(request):  # type: ignore[no-untyped-def]
    seed: Path = request.getfixturevalue("seed_path")
    return extract_document(str(seed))


def test_every_footnote_text_becomes_a_reference(seed_result) -> None:  # type: ignore[no-untyped-def]
    assert [str(r.n) for r in seed_result.references] == sorted(EXPECTED["references"], key=int)
    assert len(seed_result.references) == 74


@pytest.mark.parametrize("field", ["kind", "year", "authors", "title", "url", "url_complete", "span"])
def test_reference_fields(seed_result, field: str) -> None:  # type: ignore[no-untyped-def]
    got = {}
    for ref in seed_result.references:
        value = {
            "kind": ref.kind.value,
            "authors": list(ref.authors),
            "span": [ref.span.first, ref.span.last],
        }.get(field, getattr(ref, field, None))
        got[str(ref.n)] = value
    expected = {n: e[field] for n, e in EXPECTED["references"].items()}
    assert got == expected


def test_called_but_missing_numbers(seed_result) -> None:  # type: ignore[no-untyped-def]
    assert list(seed_result.missing) == EXPECTED["missing"]
    assert seed_result.call_count == 110


def test_findings_other_than_split_and_missing(seed_result) -> None:  # type: ignore[no-untyped-def]
    got = sorted(
        {
            (f.footnote or 0, f.code)
            for f in seed_result.findings
            if f.code not in ("url-split", "footnote-missing")
        }
    )
    assert got == [tuple(x) for x in EXPECTED["findings"]]


def test_complete_urls_are_exact_joins_of_the_source_lines(seed_result, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    for ref in seed_result.references:
        if not ref.url_complete:
            continue
        window = "".join(line.strip() for line in lines[ref.span.first - 1 : ref.span.last])
        assert ref.url in window, ref.n
        # Exact: the character after the URL in the source ends it.
        after = window[window.index(ref.url) + len(ref.url) :]
        assert not after or not re.match(r"[A-Za-z0-9/_-]", after[0]), ref.n


def test_name_variants_a_careful_reader_finds(seed_result) -> None:  # type: ignore[no-untyped-def]
    messages = [f.message for f in seed_result.findings if f.code == "name-variant"]
    for forms in (
        ("Zaleskii", "Zalesky", "Zalessky"),
        ("Aleinik", "alejnik"),
        ("Cherviakov", "chervjakov"),
        ("Bobruiskagromash", "bobrujskagromash"),
        ("Velikiy Kamen", "Veliky Kamen", "velikij kamen"),
        ("Gomel", "Homiel"),
        ("Mogilev", "Mahiliou"),
    ):
        assert any(all(form in m for form in forms) for m in messages), forms
    assert not any("Snopkov" in m and "Sokolov" in m for m in messages)
    zalessky = next(f for f in seed_result.findings if f.code == "name-variant" and "Zalessky" in f.message)
    assert zalessky.severity.value == "warning"  # the same author spelled three ways


def test_odd_characters_preserved_in_raw(seed_result) -> None:  # type: ignore[no-untyped-def]
    raws = {r.n: r.raw for r in seed_result.references}
    assert raws[26].startswith("\ufffd. Rachkov")
    assert raws[40].endswith("\ufffd. 5.")
    assert raws[20].endswith("- C. 23.")


def test_bundled_example_gives_the_same_references(seed_result) -> None:  # type: ignore[no-untyped-def]
    example = extract_document(str(EXAMPLE))

    def without_names(result):  # type: ignore[no-untyped-def]
        # The example has no prose, so names seen only in the body cannot be compared.
        out = []
        for ref in result.references:
            data = ref.to_json()
            data["findings"] = [f for f in data["findings"] if f["code"] != "name-variant"]
            out.append(data)
        return out

    assert without_names(example) == without_names(seed_result)
    assert example.missing == seed_result.missing
    assert example.call_count == seed_result.call_count == 110
