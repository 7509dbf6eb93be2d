"""Inputs found by review that once crashed a run or gave absurd results (synthetic)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from paths import SYNTHETIC

from citations import gost
from citations.bibtex import keys, to_bibtex
from citations.detect import detect
from citations.models import DocumentResult, Kind, Reference, Span
from citations.pipeline import extract_document
from citations.readers import latex
from cli import main


def test_absurdly_long_belta_id_does_not_crash(tmp_path: Path) -> None:
    doc = tmp_path / "long.txt"
    doc.write_text(
        "1 Titre [Ressource électronique]. - 2023. - URL : https://www.belta.by/a/view/x-" + "7" * 5000 + "\n"
    )
    [ref] = extract_document(str(doc)).references
    assert ref.belta is None


@pytest.mark.parametrize(
    "note",
    [
        r"\footnote[²]{Titre.}",
        r"\footnote[" + "9" * 5000 + "]{Titre.}",
        r"\setcounter{footnote}{" + "9" * 5000 + r"}\footnote{Titre.}",
    ],
)
def test_latex_odd_numbers_do_not_crash(note: str) -> None:
    source = latex.read("x.tex", ("Texte" + note + "\n").encode())
    assert source.footnotes is not None and len(source.footnotes) == 1


def _ref(n: int, host: str | None = None, year: int | None = None) -> Reference:
    return Reference(n=n, raw="", kind=Kind.WEB_PAGE, span=Span(n, n), host=host, year=year)


def test_bibtex_keys_never_empty_or_repeated() -> None:
    refs = [_ref(1, "zviazd.by"), _ref(2, "zviazd.by"), _ref(3, "zviazda.by"), _ref(4, "торговля.бел")]
    got = keys(refs)
    assert len(set(got)) == 4 and all(got) and got[3] == "fn4"
    text = to_bibtex([DocumentResult("d.txt", "text", tuple(refs), (), (), 4, 0)])
    assert "@online{," not in text


def test_prose_line_opening_with_a_year_is_not_footnote_2021() -> None:
    lines = [
        "2021 et 2022 (voir https://www.belta.by/economics/view/x-1-2021/) ont été difficiles.",
        "Le texte continue.",
    ]
    found = detect(lines)
    assert found.footnotes == ()


def test_two_references_split_when_the_first_is_a_journal_article() -> None:
    text = "Петров П. П. Статья // Вестник. 2019. № 2. С. 10–15; Сидоров С. С. Книга. – М. : Наука, 2018. – 300 с."
    first, second = (gost.parse(p) for p in gost.split_references(text))
    assert first.container == "Вестник" and second.publisher == "Наука"


def test_ibid_never_points_into_another_chapter(tmp_path: Path) -> None:
    doc = tmp_path / "chapters.txt"
    doc.write_text(
        "Corps1 . Encore2 . Suite3 .\n"
        "1 Premier [Ressource électronique]. - 2023. - URL : https://mfa.gov.by/a.html\n"
        "2 Second [Ressource électronique]. - 2023. - URL : https://mfa.gov.by/b.html\n"
        "3 Troisième [Ressource électronique]. - 2023. - URL : https://mfa.gov.by/c.html\n"
        "Chapitre 2. Corps1 .\n"
        "1 Ibid. [Ressource électronique]. - URL : https://mfa.gov.by/c.html\n",
        encoding="utf-8",
    )
    ibid = extract_document(str(doc)).references[-1]
    assert (ibid.kind, ibid.sequence, ibid.same_as) == (Kind.IBID, 1, None)


def test_an_unexpected_failure_in_one_document_keeps_the_others(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from citations.readers import markdown

    def broken(path: str, data: bytes, encoding: str | None = None) -> None:
        raise RuntimeError("synthetic reader bug")

    monkeypatch.setattr(markdown, "read", broken)
    bad = tmp_path / "bad.md"
    bad.write_text("x[^1]\n\n[^1]: y\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(SYNTHETIC), str(bad), "-q"])
    assert result.exit_code == 4
    assert f"{SYNTHETIC}:" in result.stdout and "internal error while reading (RuntimeError" in result.stderr
