"""Offline consistency checks: cited year vs URL year, id vs year, duplicates (synthetic)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from citations.consistency import id_range
from citations.pipeline import extract_document


def _doc(tmp_path: Path, *notes: str) -> list[tuple[int | None, str]]:
    path = tmp_path / "notes.txt"
    path.write_text("".join(f"{k} {text}\n" for k, text in enumerate(notes, 1)), encoding="utf-8")
    return sorted((f.footnote, f.code) for f in extract_document(str(path)).findings)


def test_id_ranges_rise_with_the_years() -> None:
    ranges = [id_range(year) for year in range(2016, 2027)]
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in itertools.pairwise(ranges))
    low, high = id_range(2023)
    assert low <= 572_000 <= high  # GUIDE §3: ≈572 000 in June 2023


@pytest.mark.parametrize(
    ("note", "code"),
    [
        (
            "Titre [Ressource électronique]. - 2022. - URL : https://www.belta.by/economics/view/titre-567456-2023/",
            "year-mismatch",
        ),
        (
            "Titre [Ressource électronique]. - 2023. - URL : https://www.belta.by/economics/view/titre-56745-2023/",
            "id-year-mismatch",
        ),
        (
            "Titre [Ressource électronique]. - 2016. - URL : https://www.belta.by/economics/view/titre-567456-2016/",
            "id-year-mismatch",
        ),
    ],
    ids=["cited-year-differs", "digit-dropped", "wrong-year"],
)
def test_year_and_id_checks(tmp_path: Path, note: str, code: str) -> None:
    assert (1, code) in _doc(tmp_path, note)


def test_consistent_reference_has_no_consistency_finding(tmp_path: Path) -> None:
    note = "Titre [Ressource électronique]. - 2023. - URL : https://www.belta.by/economics/view/titre-567456-2023/"
    assert _doc(tmp_path, note) == []


def test_same_url_and_same_article_by_id(tmp_path: Path) -> None:
    url = "https://www.belta.by/economics/view/titre-567456-2023/"
    found = _doc(
        tmp_path,
        f"Titre [Ressource électronique]. - 2023. - URL : {url}",
        f"Titre [Ressource électronique]. - 2023. - URL : {url.replace('https://www.', 'http://')}",
        "Autre titre [Ressource électronique]. - 2023. - URL : https://www.belta.by/society/view/autre-titre-567456-2023/",
    )
    assert found == [(2, "duplicate-reference"), (3, "duplicate-reference")]


def test_slug_word_with_a_doubled_letter(tmp_path: Path) -> None:
    note = "Titre [Ressource électronique]. - 2023. - URL : https://www.belta.by/economics/view/belarus-i-kitaj-sotrudnichestvve-567456-2023/"
    path = tmp_path / "notes.txt"
    path.write_text(f"1 {note}\n", encoding="utf-8")
    [found] = [f for f in extract_document(str(path)).findings if f.code == "slug-invalid"]
    assert (
        found.suggestion == "https://www.belta.by/economics/view/belarus-i-kitaj-sotrudnichestve-567456-2023/"
    )


def test_real_slugs_with_names_and_compounds_are_not_invalid(tmp_path: Path) -> None:
    note = "Titre [Ressource électronique]. - 2023. - URL : https://www.belta.by/economics/view/uzbekistan-zainteresovan-v-postavkah-tehniki-bobrujskagromasha-556555-2023/"
    assert "slug-invalid" not in {code for _, code in _doc(tmp_path, note)}
