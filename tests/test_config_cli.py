"""The configuration file as the command line sees it: file values fill what the user did not
give, flags win, ignore rules drop acknowledged findings, bad files are exit 4."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from paths import EXAMPLE

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
