"""Name-variant clustering, scheme detection and Cyrillic candidates (citations.names)."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citations.models import Severity
from citations.names import (
    NameGroup,
    NameOccurrence,
    cluster,
    cyrillic_candidates,
    detect_schemes,
    document_occurrences,
    findings,
    name_key,
    occurrences_from,
)

SEED = "/work/shared/seed/000_51fac137fd3ceaee.txt"


def occ(form: str, role: str = "title", line: int = 1, footnote: int | None = 1) -> NameOccurrence:
    return NameOccurrence(form, footnote, line, role)


def group_of(groups: list[NameGroup], form: str) -> NameGroup:
    return next(g for g in groups if form in g.forms)


# (forms with roles) that are one name; the kind the group must get.
MUST_MERGE = [
    ([("Zalesky", "author"), ("Zaleskii", "author"), ("Zalessky", "author")], "inconsistent"),
    ([("Aleinik", "title"), ("alejnik", "slug")], "expected"),
    ([("Cherviakov", "title"), ("chervjakov", "slug")], "expected"),
    ([("Bobruiskagromash", "title"), ("bobrujskagromash", "slug")], "expected"),
    ([("Bobruiskagromash", "title"), ("bobrujskagromasha", "slug")], "expected"),
    ([("Veliky Kamen", "title"), ("Velikiy Kamen", "title"), ("velikij kamen", "slug")], "inconsistent"),
    ([("Homiel", "body"), ("Gomel", "body")], "inconsistent"),
    ([("Mahiliou", "body"), ("Mogilev", "title")], "expected"),
    ([("Gomel", "title"), ("gomelskoj", "slug"), ("gomelskaja", "slug")], "expected"),
    ([("Homieĺ", "title"), ("Gomel", "title")], "inconsistent"),
    ([("Mahilioŭ", "body"), ("Mogilyov", "body"), ("Mogilev", "body")], "inconsistent"),
    ([("Aleynik", "author"), ("Aleinik", "author")], "inconsistent"),
]


@pytest.mark.parametrize(("forms", "kind"), MUST_MERGE, ids=lambda v: str(v)[:40])
def test_must_merge(forms: list[tuple[str, str]], kind: str) -> None:
    occs = [occ(f, r, line=i + 1) for i, (f, r) in enumerate(forms)]
    groups = cluster(occs)
    assert len(groups) == 1, [g.forms for g in groups]
    assert set(groups[0].forms) == {f for f, _ in forms}
    assert groups[0].kind == kind


MUST_NOT_MERGE = [
    ("Snopkov", "Sokolov"),
    ("Abramenko", "Aleinik"),
    ("Gomel", "Minsk"),
    ("Homiel", "Minsk"),
    ("Minsk", "Pinsk"),
    ("Pivovar", "Pinsk"),
    ("Zalessky", "Zayats"),
    ("Mogilev", "Gomel"),
    ("Bobruisk", "Bobruiskagromash"),
    ("Vitebsk", "Velikiy Kamen"),
]


@pytest.mark.parametrize(("a", "b"), MUST_NOT_MERGE)
def test_must_not_merge(a: str, b: str) -> None:
    groups = cluster([occ(a, "author", 1), occ(b, "author", 2)])
    assert len(groups) == 2


@pytest.mark.parametrize(
    ("romanised", "expected", "absent"),
    [
        ("alejnik", {"belta-slug", "iso-9"}, {"wikipedia", "bgn-pcgn"}),
        ("Aleinik", {"icao"}, {"wikipedia", "belta-slug"}),
        ("Aleynik", {"wikipedia", "bgn-pcgn"}, {"belta-slug", "icao"}),
        ("Homieĺ", {"be-national-2007"}, {"wikipedia"}),
        ("Mahilioŭ", {"be-national-2007"}, {"wikipedia", "be-bgn-pcgn"}),
        ("Zalessky", {"wikipedia"}, {"belta-slug"}),
        ("velikij kamen", {"belta-slug"}, {"wikipedia"}),
    ],
)
def test_detect_schemes(romanised: str, expected: set[str], absent: set[str]) -> None:
    found = set(detect_schemes(romanised))
    assert expected <= found
    assert not absent & found


def test_detect_schemes_empty_and_impossible() -> None:
    assert detect_schemes("") == []
    assert detect_schemes("Qwxq") == []


@pytest.mark.parametrize(
    ("romanised", "cyrillic"),
    [
        ("alejnik", "алейник"),
        ("Aleinik", "Алейник"),
        ("Zalessky", "Залесский"),
        ("Zaleskii", "Залеский"),
        ("chervjakov", "червяков"),
        ("Cherviakov", "Червяков"),
        ("Shchukin", "Щукин"),
        ("tekuschie", "текущие"),
        ("Velikiy Kamen", "Великий Камень"),
        ("Homieĺ", "Гомель"),
        ("Mahilioŭ", "Магілёў"),
    ],
)
def test_cyrillic_candidates(romanised: str, cyrillic: str) -> None:
    found = cyrillic_candidates(romanised)
    assert cyrillic in found
    assert len(found) <= 64


def test_candidates_are_bounded() -> None:
    assert len(cyrillic_candidates("Bobruiskagromash", limit=10)) == 10
    assert cyrillic_candidates("") == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zalesky", "Zaleskii"),
        ("Zalessky", "Zaleskiy"),
        ("Aleinik", "alejnik"),
        ("Veliky Kamen", "velikij kamen"),
    ],
)
def test_name_key_folds(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_group_fields_and_findings() -> None:
    occs = [
        NameOccurrence("Zaleskii", 20, 710, "author"),
        NameOccurrence("Zalesky", 40, 1331, "author"),
        NameOccurrence("Zaleskii", 40, 1332, "author"),
        NameOccurrence("Zalessky", 61, 1914, "author"),
        NameOccurrence("Aleinik", 1, 56, "title"),
        NameOccurrence("alejnik", 1, 56, "slug"),
        NameOccurrence("Minsk", None, 3, "body"),
    ]
    groups = cluster(occs)
    zal = group_of(groups, "Zalesky")
    assert zal.forms == ("Zaleskii", "Zalesky", "Zalessky")
    assert zal.kind == "inconsistent"
    assert zal.cyrillic.startswith("Зале")
    ale = group_of(groups, "Aleinik")
    assert (ale.cyrillic, ale.canonical, ale.kind) == ("Алейник", "Aleynik", "expected")
    by_code = {f.suggestion: f for f in findings(groups)}
    assert set(by_code) == {zal.canonical, "Aleynik"}  # Minsk has one form: no finding
    zf = by_code[zal.canonical]
    assert zf.code == "name-variant" and zf.severity is Severity.WARNING
    assert (zf.line, zf.footnote) == (710, 20)
    assert "Zalesky (fn 40, line 1331)" in zf.message
    assert "Zaleskii (fn 20, line 710; fn 40, line 1332)" in zf.message
    assert "Zalessky (fn 61, line 1914)" in zf.message
    assert by_code["Aleynik"].severity is Severity.INFO


def test_house_scheme_sets_canonical() -> None:
    occs = [occ("Aleinik"), occ("alejnik", "slug")]
    assert cluster(occs, house_scheme="belta-slug")[0].canonical == "Alejnik"


def test_slug_inflection_is_not_a_variant() -> None:
    groups = cluster([occ("Belarus"), occ("belarusi", "slug"), occ("Gomel"), occ("gomelskoj", "slug")])
    assert findings(groups) == []


def test_occurrences_from_reference() -> None:
    found = occurrences_from(
        "Aleinik a expliqué comment la Biélorussie s'intéresse à la coopération",
        (),
        "alejnik-rasskazal-chem-belarusi-interesno-sotrudnichestvo",
        1,
        56,
    )
    assert {(o.form, o.role) for o in found} == {("Aleinik", "title"), ("alejnik", "slug")}
    authors = occurrences_from("L'orientation vers les résultats", ("Zaleskii, B.",), None, 20, 710)
    assert [(o.form, o.role) for o in authors] == [("Zaleskii", "author")]
    snopkov = occurrences_from("Nikolai Snopkov : L'effet économique", (), None, 54, 1674)
    assert [o.form for o in snopkov] == ["Snopkov"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(max_size=20), st.sampled_from(["author", "title", "slug", "body"])), max_size=12
    )
)
def test_cluster_never_raises(items: list[tuple[str, str]]) -> None:
    occs = [NameOccurrence(form, i, i + 1, role) for i, (form, role) in enumerate(items)]
    groups = cluster(occs)
    placed = [o for g in groups for o in g.occurrences]
    assert sorted(placed, key=lambda o: o.line) == [o for o in occs if o.form.strip() and name_key(o.form)]
    findings(groups)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=16))
def test_candidates_and_detection_never_raise(text: str) -> None:
    assert len(cyrillic_candidates(text, 8)) <= 8
    detect_schemes(text)


SEED_GROUPS = [
    {"Zalesky", "Zaleskii", "Zalessky"},
    {"Aleinik", "alejnik"},
    {"Cherviakov", "chervjakov"},
    {"Bobruiskagromash", "bobrujskagromasha"},
    {"Veliky Kamen", "Velikiy Kamen", "velikij kamen"},
    {"Homiel", "Gomel"},
    {"Mahiliou", "Mogilev"},
]


@pytest.mark.skipif(not os.path.exists(SEED), reason="seed manuscript not present")
def test_seed_manuscript_groups() -> None:
    from citations.pipeline import extract_document
    from citations.readers import read

    document = extract_document(SEED)
    groups = cluster(document_occurrences(document.references, read(SEED).lines))
    for wanted in SEED_GROUPS:
        assert any(wanted <= set(g.forms) for g in groups), wanted
    zal = next(g for g in groups if "Zalesky" in g.forms)
    assert zal.kind == "inconsistent"
    assert next(g for g in groups if "Aleinik" in g.forms).kind == "expected"
    for a, b in MUST_NOT_MERGE:
        assert not any({a, b} <= set(g.forms) for g in groups), (a, b)
    found = findings(groups)
    assert {f.code for f in found} == {"name-variant"}
    assert any(f.severity is Severity.WARNING and "Zalessky (fn 61, line 1914)" in f.message for f in found)


def test_scheme_mix_names_the_families() -> None:
    from citations.names import NameOccurrence, scheme_mix

    found = scheme_mix(
        [
            NameOccurrence("Aleinik", 1, 10, "title"),
            NameOccurrence("Cherviakov", 4, 40, "title"),
            NameOccurrence("Zalessky", 2, 20, "author"),
            NameOccurrence("Veliky", 5, 50, "title"),
            NameOccurrence("Abramenko", 3, 30, "title"),
        ]
    )
    assert found is not None and found.code == "scheme-mixed" and found.line == 10
    assert "Aleinik" in found.message and "Zalessky" in found.message and "Abramenko" not in found.message
    # one name per family is no mix
    assert (
        scheme_mix([NameOccurrence("Aleinik", 1, 10, "title"), NameOccurrence("Zalessky", 2, 20, "author")])
        is None
    )
    assert (
        scheme_mix([NameOccurrence("Zalessky", 2, 20, "author"), NameOccurrence("Veliky", 3, 30, "title")])
        is None
    )


def test_slug_naming_another_person_than_the_title(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from citations.pipeline import extract_document

    doc = tmp_path / "notes.txt"
    doc.write_text(
        "1 Snopkov : le Belarus et la Chine présentent un exemple [Ressource électronique]. - 2023. - URL : "
        "https://www.belta.by/economics/view/sokolov-belarus-i-kitaj-demonstrirujut-primer-576412-2023/\n"
        "2 Cherviakov a mis l'accent sur la coopération [Ressource électronique]. - 2023. - URL : "
        "https://www.belta.by/economics/view/chervjakov-vydelil-vazhnye-napravlenija-576438-2023/\n",
        encoding="utf-8",
    )
    found = [
        (f.footnote, f.code) for f in extract_document(str(doc)).findings if f.code == "slug-title-mismatch"
    ]
    assert found == [(1, "slug-title-mismatch")]
