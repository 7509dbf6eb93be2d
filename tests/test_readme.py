"""The README's first two commands are what a new user runs: keep them true."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from click.testing import CliRunner
from paths import ROOT

from cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"```sh\n(.*?)\n```", README, re.S)[:2]


def test_the_second_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert COMMANDS[1] in ci


def test_the_main_command_writes_the_html_report_of_the_bundled_example(tmp_path: Path) -> None:
    install, _, run = COMMANDS[0].rpartition(" && ")
    assert "pip install -e ." in install and run.startswith(".venv/bin/citations ")
    args = shlex.split(run)[1:]
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        (tmp_path / "citations" / "examples").mkdir(parents=True)
        (tmp_path / "citations" / "examples" / "manuscript.txt").write_bytes(
            (ROOT / "citations" / "examples" / "manuscript.txt").read_bytes()
        )
        result = CliRunner().invoke(main, args)
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.count("data-card=") == 74  # one card per reference of the example
