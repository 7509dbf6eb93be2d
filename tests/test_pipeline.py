"""The pipeline keeps going: one footnote that breaks the parser becomes a finding."""

from __future__ import annotations

import pytest
from paths import SYNTHETIC

from citations import gost
from citations.pipeline import extract_document


def test_one_bad_footnote_never_stops_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    real_parse = gost.parse

    def flaky(text: str) -> gost.Parsed:
        if text.startswith("Beta"):
            raise ValueError("synthetic parser failure")
        return real_parse(text)

    monkeypatch.setattr(gost, "parse", flaky)
    result = extract_document(str(SYNTHETIC))
    assert 3 not in {r.n for r in result.references}
    assert len(result.references) == 10
    [bad] = [f for f in result.findings if f.code == "footnote-unparsed"]
    assert bad.footnote == 3 and bad.line == 25 and "synthetic parser failure" in bad.message


def test_findings_are_sorted_by_line() -> None:
    lines = [f.line for f in extract_document(str(SYNTHETIC)).findings]
    assert lines == sorted(lines)
