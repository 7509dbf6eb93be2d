"""The PDF reader: line roles, link annotations and superscript calls from fpdf2-built files."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pytest
from fixtures_office import BODY, NOTE, PDF_URL, SUP, rows_pdf, sample_pdf, textless_pdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citations.errors import InputError
from citations.models import Call, LineRole, Source
from citations.readers import pdf


def read(path: Path) -> Source:
    return pdf.read(str(path), path.read_bytes())


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Source:
    return read(sample_pdf(tmp_path_factory.mktemp("pdf") / "sample.pdf"))


def number_of(source: Source, start: str) -> int:
    """The 1-based number of the only line starting with ``start``."""
    (number,) = [k for k, line in enumerate(source.lines, 1) if line.startswith(start)]
    return number


def role(source: Source, start: str) -> LineRole:
    assert source.roles is not None
    return source.roles[number_of(source, start) - 1]


def test_every_line_has_a_role_and_nothing_is_inserted(sample: Source) -> None:
    assert sample.format == "pdf" and sample.footnotes is None
    assert sample.roles is not None and len(sample.roles) == len(sample.lines)
    assert all(line.strip() and "\f" not in line and "\n" not in line for line in sample.lines)


def test_lines_run_page_by_page_top_to_bottom(sample: Source) -> None:
    starts = ("La Bielorussie", "Selon", "Ligne 25 ", "1 Pivovar", "2 Les", "Le commerce")
    order = [number_of(sample, s) for s in starts]
    assert order == sorted(order)
    assert sample.lines[number_of(sample, "1 Pivovar") :][:2] == (
        "electronique]. - 2022. - URL : https://www.belta.by/economics/view/belarus-v-sotrudnichestve-s-",
        "latinskoj-amerikoj-510550-2022/",
    )


def test_roles_body_note_and_page_number(sample: Source) -> None:
    assert role(sample, "La Bielorussie") is LineRole.BODY
    assert role(sample, "Fin du chapitre") is LineRole.BODY
    for start in ("1 Pivovar", "electronique]", "latinskoj-", "2 Les produits", "3 Cuba"):
        assert role(sample, start) is LineRole.NOTE, start
    roles = zip(sample.lines, sample.roles or (), strict=True)
    assert [line for line, r in roles if r is LineRole.PAGE_NUMBER] == ["1", "2"]


def test_link_annotations_map_to_the_url_lines_with_the_full_uri(sample: Source) -> None:
    head = number_of(sample, "electronique]")
    assert sample.links == ((head, PDF_URL), (head + 1, PDF_URL))


def test_superscript_calls_are_found_and_stay_in_the_text(sample: Source) -> None:
    assert sample.calls == (
        Call(1, number_of(sample, "Selon le ministre1 , le lien avance.")),
        Call(2, number_of(sample, "Les produits laitiers2 . Le total monte.")),
        Call(3, number_of(sample, "Le commerce avec Cuba continue3 .")),
    )


def test_raised_digits_at_body_size_and_unicode_superscripts_are_calls(tmp_path: Path) -> None:
    source = read(
        rows_pdf(
            tmp_path / "r.pdf",
            [
                (90, [("Texte eleve", BODY, 0), ("12", BODY, 5), (" puis ordinaire 2023.", BODY, 0)]),
                (110, [("Texte\xb9 et encore\xb2\xb3 fin.", BODY, 0)]),
            ],
        )
    )
    assert source.calls == (Call(12, 1), Call(1, 2), Call(23, 2))


def test_small_text_above_the_last_body_line_is_body(tmp_path: Path) -> None:
    source = read(
        rows_pdf(
            tmp_path / "q.pdf",
            [
                (
                    72,
                    [
                        (
                            "Premier paragraphe du texte principal de la monographie sur la Bielorussie.",
                            BODY,
                            0,
                        )
                    ],
                ),
                (90, [("Le texte principal domine la page, comme dans tout manuscrit ordinaire.", BODY, 0)]),
                (108, [("Une citation en retrait, composee plus petit.", NOTE, 0)]),
                (
                    126,
                    [("Suite du texte principal", BODY, 0), ("4", SUP, 4), (" apres la citation.", BODY, 0)],
                ),
                (140, [("______________", NOTE, 0)]),
                (160, [("4 Sovetskaja Belorussija [Ressource electronique]. - 2021.", NOTE, 0)]),
            ],
        )
    )
    assert source.roles == (LineRole.BODY,) * 4 + (LineRole.SEPARATOR, LineRole.NOTE)
    assert source.calls == (Call(4, 4),)


# --- bad input ------------------------------------------------------------------------------


def read_error(path: Path, data: bytes) -> InputError:
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        pdf.read(str(path), data)
    err = info.value
    assert isinstance(err, InputError) and str(err).startswith(str(path))
    return err


def test_corrupt_pdf(tmp_path: Path) -> None:
    assert "not a valid PDF" in str(read_error(tmp_path / "bad.pdf", b"%PDF-1.4 garbage"))


def test_truncated_pdf(tmp_path: Path) -> None:
    data = sample_pdf(tmp_path / "s.pdf").read_bytes()
    read_error(tmp_path / "cut.pdf", data[: len(data) // 2])


def test_not_a_pdf(tmp_path: Path) -> None:
    err = read_error(tmp_path / "notes.pdf", "1 Пивовар, Е. Беларусь …".encode())
    assert "not a PDF" in str(err)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    err = read_error(tmp_path / "scan.pdf", textless_pdf(tmp_path / "t.pdf").read_bytes())
    assert "no text layer" in str(err) and "OCR" in str(err)


def test_password_protected_pdf(tmp_path: Path) -> None:
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("Helvetica", size=12)
    doc.text(20, 20, "secret")
    doc.set_encryption(owner_password="owner", user_password="user")
    assert "encrypted PDF" in str(read_error(tmp_path / "locked.pdf", bytes(doc.output())))


@functools.cache
def fuzz_base() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return sample_pdf(Path(tmp) / "f.pdf").read_bytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=4000), junk=st.binary(max_size=64))
def test_damaged_files_give_input_error_or_a_source(tmp_path: Path, cut: int, junk: bytes) -> None:
    base = fuzz_base()
    data = base[:cut] + junk + base[cut + len(junk) :]
    try:
        source = pdf.read(str(tmp_path / "f.pdf"), data)
    except InputError:
        return
    assert source.roles is not None and len(source.roles) == len(source.lines)


def test_decompression_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A content stream that inflates past the budget is an InputError, not a memory blow-up."""
    import zlib

    from citations.readers import pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "MAX_INFLATED_BYTES", 1024 * 1024)
    payload = zlib.compress(b" " * (4 * 1024 * 1024), 9)
    data = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n"
        + b"4 0 obj<</Length %d/Filter/FlateDecode>>stream\n" % len(payload)
        + payload
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
    )
    with pytest.raises(InputError, match="inflate to more than 1 MB"):
        pdf_reader.read(str(tmp_path / "bomb.pdf"), data)
