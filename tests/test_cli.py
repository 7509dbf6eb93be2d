"""The command line: output formats, atomic writes, and bad input as one-line errors."""

from __future__ import annotations

import codecs
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from paths import EXAMPLE, SYNTHETIC

from cli import main

FOOTNOTE = (
    'Texte du corps"1 .\n' + " " * 40 + "\n"
    "1 Алейник рассказал о сотрудничестве [Электронный ресурс]. – 2023. – "
    "URL: https://www.belta.by/politics/view/alejnik-rasskazal-567456-2023/\n"
)


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    print(result.output)  # shown by pytest when a test fails
    return result


def test_help_lists_commands_and_exit_codes() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "extract" in result.output and "Exit codes" in result.output


def test_extract_text_is_line_numbered() -> None:
    result = run("extract", str(SYNTHETIC))
    assert result.exit_code == 0
    assert f"{SYNTHETIC}:11: error url-split:" in result.output
    assert f"{SYNTHETIC}:10: [1] web-article, 2023" in result.output


def test_extract_json_contract(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run("extract", str(SYNTHETIC), "--format", "json", "-o", str(out))
    assert result.exit_code == 0 and result.output == ""
    payload = json.loads(out.read_text(encoding="utf-8"))
    [doc] = payload["documents"]
    assert doc["path"] == str(SYNTHETIC) and doc["missing"] == [12]
    ref = doc["references"][0]
    required = {
        "n",
        "raw",
        "kind",
        "authors",
        "title",
        "medium",
        "year",
        "url",
        "url_complete",
        "host",
        "publisher",
        "pages",
        "access_date",
        "belta",
        "span",
        "findings",
    }
    assert required <= set(ref)
    assert ref["belta"] == {"rubric": "politics", "id": 567001, "year": 2023}
    assert ref["span"] == {"first": 10, "last": 12}
    assert {"code", "severity", "message", "line"} <= set(doc["findings"][0])


def test_json_output_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    run("extract", str(EXAMPLE), "--format", "json", "-o", str(a))
    run("extract", str(EXAMPLE), "--format", "json", "-o", str(b))
    assert a.read_bytes() == b.read_bytes() and a.read_bytes().endswith(b"\n")


def test_fail_on_error_exits_3() -> None:
    assert run("extract", str(SYNTHETIC), "--fail-on", "error", "-q").exit_code == 3
    assert run("extract", str(SYNTHETIC), "--fail-on", "never", "-q").exit_code == 0


def test_several_documents_one_bad(tmp_path: Path) -> None:
    result = run("extract", str(SYNTHETIC), str(tmp_path / "absent.txt"), "--format", "json")
    assert result.exit_code == 4
    payload = json.loads(result.stdout)
    assert len(payload["documents"]) == 1 and "absent.txt: no such file" in payload["errors"][0]


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    doc = tmp_path / "utf16.txt"
    doc.write_bytes(codecs.BOM_UTF16_LE + FOOTNOTE.encode("utf-16-le"))
    result = run("extract", str(doc), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["documents"][0]["references"][0]["belta"]["id"] == 567456


def test_cp1251_with_explicit_encoding(tmp_path: Path) -> None:
    doc = tmp_path / "cp1251.txt"
    doc.write_bytes(FOOTNOTE.encode("cp1251"))
    assert run("extract", str(doc), "--encoding", "cp1251").exit_code == 0


def _corrupt_docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document")


BAD_INPUTS = {
    "empty": (lambda p: p.write_bytes(b""), "doc.txt", "file is empty"),
    "blank": (lambda p: p.write_bytes(b"  \n\n \n"), "doc.txt", "file is empty"),
    "binary": (lambda p: p.write_bytes(bytes(range(256)) * 4), "doc.txt", "NUL bytes"),
    "nul-bytes": (lambda p: p.write_bytes(b"text\nmore\x00text\n"), "doc.txt", "NUL bytes"),
    "cp1251": (lambda p: p.write_bytes(FOOTNOTE.encode("cp1251")), "doc.txt", "not UTF-8"),
    "huge-line": (lambda p: p.write_bytes(b"a" * (10 * 1024 * 1024)), "doc.txt", "characters long"),
    "corrupt-docx": (_corrupt_docx, "doc.docx", ""),
    "not-a-zip-docx": (lambda p: p.write_bytes(b"PK\x03\x04garbage"), "doc.docx", ""),
    "corrupt-pdf": (lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj garbage"), "doc.pdf", ""),
    "unknown-extension": (lambda p: p.write_bytes(b"text"), "doc.odt", "unknown file type"),
}


@pytest.mark.parametrize(("make", "name", "words"), BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_one_line_error_exit_4(tmp_path: Path, make, name: str, words: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    make(path)
    result = run("extract", str(path))
    assert result.exit_code == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"citations: error: {path}")
    assert words in lines[0]
    assert "Traceback" not in result.output


def test_directory_and_missing_path(tmp_path: Path) -> None:
    for target, words in ((tmp_path, "is a directory"), (tmp_path / "nope.txt", "no such file")):
        result = run("extract", str(target))
        assert (
            result.exit_code == 4 and words in result.stderr and len(result.stderr.strip().splitlines()) == 1
        )


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    result = run("extract", str(SYNTHETIC), "-o", str(tmp_path / "no" / "such" / "dir" / "x.json"))
    assert result.exit_code == 4 and "does not exist" in result.stderr


def test_usage_error_exits_2() -> None:
    assert CliRunner().invoke(main, ["extract"]).exit_code == 2


def test_standard_input_is_read_as_text() -> None:
    result = CliRunner().invoke(main, ["extract", "-", "--format", "json"], input=FOOTNOTE.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"][0]["path"] == "<stdin>"


def test_empty_output_path_is_a_clear_error() -> None:
    result = run("extract", str(SYNTHETIC), "-o", "")
    assert result.exit_code == 4 and "output path is empty" in result.stderr


def test_export_never_replaces_a_bibliography_when_a_document_fails(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{kept, title = {Keep me}}\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"text\x00more")
    result = run("export", str(SYNTHETIC), str(bad), "-o", str(bib))
    assert result.exit_code == 4 and "nothing written" in result.stderr
    assert bib.read_text(encoding="utf-8") == "@misc{kept, title = {Keep me}}\n"


def test_translit_one_line_per_text_in_order() -> None:
    result = run("translit", "Гомель", "Магілёў", "--scheme", "be-national-2007")
    assert result.exit_code == 0 and result.stdout.splitlines() == ["Homieĺ", "Mahilioŭ"]


def test_translit_belta_tail_with_id_and_year() -> None:
    headline = "Алейник рассказал, чем Беларуси интересно сотрудничество со странами Латинской Америки"
    result = run("translit", headline, "--id", "567456", "--year", "2023")
    assert result.stdout.strip() == (
        "alejnik-rasskazal-chem-belarusi-interesno-sotrudnichestvo-so-stranami-latinskoj-ameriki-567456-2023"
    )


def test_translit_unknown_scheme_is_a_usage_error_listing_valid_names() -> None:
    result = CliRunner().invoke(main, ["translit", "x", "--scheme", "nope"])
    assert result.exit_code == 2 and "wikipedia" in result.output


def test_translit_lists_schemes() -> None:
    names = [line.split()[0] for line in run("translit", "--list-schemes").stdout.splitlines()]
    assert {"belta-slug", "gost-7.79-b", "be-national-2007", "be-bgn-pcgn", "wikipedia"} <= set(names)


def test_same_document_twice_is_read_once() -> None:
    result = run("extract", str(SYNTHETIC), str(SYNTHETIC), "--format", "json")
    assert len(json.loads(result.stdout)["documents"]) == 1 and "read once" in result.stderr


def test_symlink_without_extension_takes_its_targets_format(tmp_path: Path) -> None:
    link = tmp_path / "manuscript"
    link.symlink_to(SYNTHETIC)
    assert run("extract", str(link), "-q").exit_code == 0


def test_pdf_read_as_text_says_it_is_a_pdf(tmp_path: Path) -> None:
    doc = tmp_path / "paper.pdf"
    doc.write_bytes(b"%PDF-1.4\n%binary")
    result = run("extract", str(doc), "--input-format", "text")
    assert result.exit_code == 4 and "is a PDF, not text" in result.stderr


def test_translit_from_slug_rebuilds_the_headline() -> None:
    url = "https://www.belta.by/economics/view/velikij-kamen-v-etom-godu-planiruet-privlech-ne-menee-20-rezidentov-547180-2023/"
    result = run(
        "translit", "--from", "belta-slug", url, "chervjakov-vydelil-vazhnye-napravlenija-sotrudnichestva"
    )
    assert result.stdout.splitlines() == [
        "Великий камень в этом году планирует привлечь не менее 20 резидентов",
        "Червяков выделил важные направления сотрудничества",
    ]


def test_house_scheme_is_validated_and_used() -> None:
    assert CliRunner().invoke(main, ["extract", str(SYNTHETIC), "--house-scheme", "nope"]).exit_code == 2
    assert run("extract", str(SYNTHETIC), "-q", "--house-scheme", "gost-7.79-b").exit_code == 0


def test_check_gates_on_errors_by_default() -> None:
    assert run("check", str(SYNTHETIC), "-q").exit_code == 3
    assert run("check", str(SYNTHETIC), "-q", "--fail-on", "never").exit_code == 0


def test_translit_detect_names_the_schemes() -> None:
    lines = run("translit", "--detect", "alejnik", "Aleynik").stdout.splitlines()
    assert "belta-slug" in lines[0] and "wikipedia" in lines[1]
