"""The configuration file as the command line sees it: file values fill what the user did not
give, flags win, ignore rules drop acknowledged findings, bad files are exit 4."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from paths import EXAMPLE

from citations.pipeline import extract_document
from cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def project(tmp_path: Path, toml: str) -> Path:
    doc = tmp_path / "manuscript.txt"
    doc.write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "citations.toml").write_text(toml, encoding="utf-8")
    return doc


def test_fail_on_from_the_file_and_the_flag_wins(tmp_path: Path) -> None:
    doc = project(tmp_path, 'fail-on = "never"\n')
    assert run("check", str(doc), "-q")[0] == 0  # the file says never
    assert run("check", str(doc), "-q", "--fail-on", "error")[0] == 3  # the flag wins


def test_ignore_rules_drop_acknowledged_findings(tmp_path: Path) -> None:
    doc = project(
        tmp_path,
        '[[ignore]]\ncode = "url-split"\nreason = "PDF extraction breaks lines; the source is fine"\n',
    )
    code, out = run("check", str(doc), "-q", "--fail-on", "never")
    assert code == 0 and "url-split" not in out and "url-truncated" in out


def test_pyproject_table_is_read_when_there_is_no_citations_toml(tmp_path: Path) -> None:
    doc = tmp_path / "m.txt"
    doc.write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "pyproject.toml").write_text('[tool.citations]\nfail-on = "never"\n', encoding="utf-8")
    assert run("check", str(doc), "-q")[0] == 0


def test_an_unknown_key_is_refused_with_the_valid_ones(tmp_path: Path) -> None:
    doc = project(tmp_path, 'fail_on = "never"\n')
    code, out = run("check", str(doc))
    assert code == 4 and "citations.toml" in out and "fail-on" in out and "Traceback" not in out


def test_fix_from_the_command_line(tmp_path: Path) -> None:
    doc = tmp_path / "m.txt"
    doc.write_bytes(EXAMPLE.read_bytes())
    code, out = run("fix", str(doc))
    assert code == 2 and "--dry-run" in out  # nowhere to write: say so
    code, out = run("fix", str(doc), "--dry-run")
    assert code == 0 and out.startswith(f"--- {doc}") and doc.read_bytes() == EXAMPLE.read_bytes()
    code, _ = run("fix", str(doc), "--in-place")
    assert code == 0 and (tmp_path / "m.txt.orig").read_bytes() == EXAMPLE.read_bytes()
    code, out = run("check", str(doc), "-q", "--fail-on", "never")
    assert "url-split" not in out


def test_fix_leaves_what_an_ignore_rule_acknowledges(tmp_path: Path) -> None:
    doc = project(tmp_path, '[[ignore]]\ncode = "homoglyph"\nreason = "Latin C intended"\n')
    code, out = run("fix", str(doc), "--dry-run")
    added = [line for line in out.splitlines() if line.startswith("+")]
    assert code == 0 and added and not any("С. 23" in line for line in added)  # Cyrillic С not put in


def test_fix_does_not_guess_whose_continuation_a_line_is(tmp_path: Path) -> None:
    doc = tmp_path / "x.txt"
    doc.write_text(
        "Body.\n\n1 Ivanov. Title. - 2023. - URL : https://example.com/reports/annual-\n"
        "2 Petrov. Title. - 2023. - URL : https://example.com/a/\nb.html\n",
        encoding="utf-8",
    )
    code, out = run("fix", str(doc), "--dry-run")
    assert code == 0 and "footnote 2 starts between" in out and "+++" not in out


def test_fix_keeps_a_latin_c_in_an_english_reference(tmp_path: Path) -> None:
    doc = tmp_path / "e.txt"
    doc.write_text("Body.\n\n3 Roe, R. Book. - NY, 2021. - Vol. 2. - C. 23-25.\n", encoding="utf-8")
    code, out = run("fix", str(doc), "--dry-run")
    assert code == 0 and "+++" not in out and "left homoglyph" in out


def test_fix_writes_through_a_symlink(tmp_path: Path) -> None:
    doc = tmp_path / "m.txt"
    doc.write_bytes(EXAMPLE.read_bytes())
    target = tmp_path / "fixed.txt"
    target.write_text("", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run("fix", str(doc), "-o", str(link))[0] == 0
    assert link.is_symlink() and target.stat().st_size > 0


def test_a_pdf_cannot_be_fixed_and_says_so(tmp_path: Path) -> None:
    from fixtures_office import sample_pdf

    doc = sample_pdf(tmp_path / "paper.pdf")
    code, out = run("fix", str(doc), "-o", str(tmp_path / "out.pdf"))
    assert code == 4 and "fix the source document" in out and not (tmp_path / "out.pdf").exists()


def test_a_docx_footnote_is_fixed_in_a_copy(tmp_path: Path) -> None:
    from fixtures_office import sample_docx

    doc = sample_docx(tmp_path / "paper.docx")
    before = {f.code for f in extract_document(str(doc)).findings}
    fixed = tmp_path / "fixed.docx"
    code, out = run("fix", str(doc), "-o", str(fixed))
    assert "fixed 1 url-malformed" in out
    assert code == 0 and fixed.is_file() and "url-malformed" in before
    assert "url-malformed" not in {f.code for f in extract_document(str(fixed)).findings}


def test_control_characters_of_a_document_never_reach_the_terminal(tmp_path: Path) -> None:
    doc = tmp_path / "esc.txt"
    doc.write_text("Body.\n\n1 Esc \x1b[31mRED\x07 [Electronic resource]. - 2023.\n", encoding="utf-8")
    code, out = run("extract", str(doc))
    assert code == 0 and "\x1b" not in out and "\\x1b[31mRED\\x07" in out


def test_an_ignore_rule_that_matches_nothing_is_pointed_out(tmp_path: Path) -> None:
    doc = project(tmp_path, '[[ignore]]\ncode = "no-such-code"\nreason = "typo"\n')
    code, out = run("check", str(doc), "-q", "--fail-on", "never")
    assert code == 0 and "matched nothing" in out
