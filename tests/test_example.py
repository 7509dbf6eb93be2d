"""The bundled example (the seed's footnote apparatus) gives the figures of the real seed, even
on a machine without ../shared."""

from __future__ import annotations

from collections import Counter

from paths import EXAMPLE

from citations.pipeline import extract_document


def test_bundled_example_figures() -> None:
    result = extract_document(str(EXAMPLE))
    assert (result.footnote_count, result.call_count, len(result.references)) == (74, 110, 74)
    assert len(result.missing) == 36 and result.missing[:4] == (64, 73, 74, 75)
    assert sum(1 for r in result.references if r.url_complete) == 64
    codes = Counter(f.code for f in result.findings)
    assert codes["url-split"] == 61 and codes["url-missing"] == 3 and codes["url-truncated"] == 2
    assert codes["url-fragment"] == 1 and codes["footnote-merged"] == 1 and codes["medium-duplicated"] == 1
