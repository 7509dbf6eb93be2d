"""Configuration: which file is found, what it may say (and the errors when it says it wrong),
how it combines with the command line, and ignore rules."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click
import pytest
from click.core import ParameterSource
from click.testing import CliRunner
from paths import EXAMPLE

from citations import config
from citations.config import Config, IgnoreRule, apply_ignores, load, load_file, merge
from citations.errors import InputError
from citations.models import DocumentResult, Finding, Kind, Reference, Severity, Span

FULL = """\
house-scheme = "icao"
fail-on = "warning"
contact = "editor@example.org"
cassette = "cassettes/links.yaml"
timeout = 12
archive = false
cache-dir = "cache"

[politeness."*"]
min-interval = 0.5
concurrency = 4

[politeness."WWW.Belta.by"]
min-interval = 2
concurrency = 1

[[ignore]]
code = "name-variant"
footnote = 14
reason = "the author's own spelling"

[[ignore]]
code = "url-*"
path = "chapters/*.md"
line = 7
reason = "a quoted URL"
"""


def as_pyproject(text: str) -> str:
    """The same settings as [tool.citations] in a pyproject.toml (one line further down)."""
    body = re.sub(r"^(\[+)", r"\1tool.citations.", text, flags=re.M)
    return "[project]\nname = 'book'\n[tool.citations]\n" + body


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- which file


@pytest.mark.parametrize("kind", ["citations.toml", "pyproject.toml"])
def test_every_key_is_read_with_paths_made_absolute(tmp_path: Path, kind: str) -> None:
    text = FULL if kind == "citations.toml" else as_pyproject(FULL)
    write(tmp_path / kind, text)
    cfg = load(tmp_path / "paper.md")
    assert cfg == Config(
        house_scheme="icao",
        fail_on="warning",
        contact="editor@example.org",
        cassette=str(tmp_path / "cassettes" / "links.yaml"),
        timeout=12.0,
        min_interval={"*": 0.5, "belta.by": 2.0},
        concurrency={"*": 4, "belta.by": 1},
        archive=False,
        cache_dir=str(tmp_path / "cache"),
        ignore=(
            IgnoreRule("name-variant", "the author's own spelling", footnote=14, root=str(tmp_path)),
            IgnoreRule("url-*", "a quoted URL", path="chapters/*.md", line=7, root=str(tmp_path)),
        ),
        source=str(tmp_path / kind),
    )


# Each layout: files to write (path → contents), the document checked, the file expected.
LAYOUTS = [
    pytest.param(
        {"book/citations.toml": "fail-on = 'never'"}, "book/paper.md", "book/citations.toml", id="beside"
    ),
    pytest.param(
        {"pyproject.toml": "[tool.citations]\nfail-on = 'never'", "book/.keep": ""},
        "book/ch/paper.md",
        "pyproject.toml",
        id="pyproject-found-walking-up",
    ),
    pytest.param(
        {"citations.toml": "fail-on = 'never'", "book/pyproject.toml": "[project]\nname = 'x'\n"},
        "book/paper.md",
        "citations.toml",
        id="pyproject-without-table-is-passed-over",
    ),
    pytest.param(
        {"pyproject.toml": "[tool.citations]\n", "book/citations.toml": ""},
        "book/paper.md",
        "book/citations.toml",
        id="nearest-citations-toml-wins",
    ),
    pytest.param(
        {"citations.toml": "", "book/pyproject.toml": "[tool.citations]\n"},
        "book/paper.md",
        "book/pyproject.toml",
        id="nearest-pyproject-wins",
    ),
    pytest.param(
        {"book/citations.toml": "", "book/pyproject.toml": "[tool.citations]\n"},
        "book/paper.md",
        "book/citations.toml",
        id="same-directory-citations-toml-first",
    ),
    pytest.param(
        {"citations.toml": "", "book/.git/HEAD": ""}, "book/paper.md", None, id="stops-at-the-repository-root"
    ),
    pytest.param(
        {"book/.git/HEAD": "", "book/citations.toml": ""},
        "book/ch/paper.md",
        "book/citations.toml",
        id="the-repository-root-itself-counts",
    ),
    pytest.param(
        {"book/ch/citations.toml": ""}, "book/ch", "book/ch/citations.toml", id="start-is-a-directory"
    ),
    pytest.param({"book/.git/HEAD": ""}, "book/paper.md", None, id="none"),
]


@pytest.mark.parametrize(("files", "document", "expected"), LAYOUTS)
def test_the_nearest_file_is_found(
    tmp_path: Path, files: dict[str, str], document: str, expected: str | None
) -> None:
    for name, text in files.items():
        write(tmp_path / name, text)
    # tmp_path's own parents must not take part: make tmp_path a repository root.
    (tmp_path / ".git").mkdir()
    found = config.find(tmp_path / document)
    assert found == (tmp_path / expected if expected else None)
    assert load(tmp_path / document).source == (str(found) if found else None)


def test_standard_input_uses_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "citations.toml", "fail-on = 'never'\n")
    monkeypatch.chdir(tmp_path)
    assert load("-").fail_on == "never"


def test_one_run_cannot_mix_two_files(tmp_path: Path) -> None:
    write(tmp_path / "a" / "citations.toml", "")
    write(tmp_path / "b" / "citations.toml", "")
    (tmp_path / ".git").mkdir()
    assert config.load_for([str(tmp_path / "a" / "x.md"), str(tmp_path / "a" / "y.md")]).source == str(
        tmp_path / "a" / "citations.toml"
    )
    with pytest.raises(InputError, match="different configuration files"):
        config.load_for([str(tmp_path / "a" / "x.md"), str(tmp_path / "b" / "y.md")])


# --------------------------------------------------------------------------- validation

# citations.toml text, a piece of the error, the line it names (pyproject.toml: one more).
INVALID = [
    pytest.param(
        "fail_on = 'error'\n",
        r"unknown key 'fail_on' in (citations\.toml|\[tool\.citations\])",
        1,
        id="unknown-key",
    ),
    pytest.param(
        "timeout = 3\n[politeness.'belta.by']\nmin_interval = 2\n",
        r"unknown key 'min_interval' in \[(tool\.citations\.)?politeness\.\"belta\.by\"\]",
        3,
        id="unknown-politeness-key",
    ),
    pytest.param(
        "[[ignore]]\ncode = 'x'\nreason = 'y'\n[[ignore]]\ncode = 'x'\nreason = 'y'\nfootnotes = 3\n",
        r"unknown key 'footnotes' in \[\[(tool\.citations\.)?ignore\]\] entry 2",
        7,
        id="unknown-ignore-key",
    ),
    pytest.param(
        "fail-on = 3\n", r"'fail-on' .* must be a non-empty string, not a number \(3\)", 1, id="fail-on-type"
    ),
    pytest.param("\nfail-on = 'sometimes'\n", r"'fail-on' .* is 'sometimes'", 2, id="fail-on-value"),
    pytest.param("house-scheme = 'wikipedia2'\n", r"did you mean 'wikipedia'\?", 1, id="house-scheme-value"),
    pytest.param("timeout = 'fast'\n", r"'timeout' .* must be a number, not a string", 1, id="timeout-type"),
    pytest.param("timeout = 0\n", r"'timeout' .* must be at least 0.1, not 0", 1, id="timeout-zero"),
    pytest.param("timeout = nan\n", r"'timeout' .* must be at least", 1, id="timeout-nan"),
    pytest.param("archive = 'yes'\n", r"'archive' .* must be true or false", 1, id="archive-type"),
    pytest.param("contact = ''\n", r"'contact' .* non-empty string", 1, id="contact-empty"),
    pytest.param('contact = "a\\r\\nX-Evil: 1"\n', r"control character", 1, id="contact-header-injection"),
    pytest.param("cassette = 5\n", r"'cassette' .* must be a non-empty string", 1, id="cassette-type"),
    pytest.param("politeness = 2\n", r"'politeness' .* must be a table of hosts", 1, id="politeness-type"),
    pytest.param(
        "[politeness.'belta.by']\nmin-interval = -1\n",
        r"'min-interval' .* at least 0, not -1",
        2,
        id="negative",
    ),
    pytest.param(
        "[politeness.'belta.by']\nconcurrency = 1.5\n",
        r"'concurrency' .* a whole number",
        2,
        id="concurrency-float",
    ),
    pytest.param(
        "[politeness.'belta.by']\nconcurrency = 0\n", r"at least 1, not 0", 2, id="concurrency-zero"
    ),
    pytest.param("[politeness.'http://belta.by/']\n", r"is not a host name", 1, id="host-with-scheme"),
    pytest.param(
        "[politeness.'belta.by']\n[politeness.'www.belta.by']\n", r"are the same host", 2, id="host-twice"
    ),
    pytest.param(
        "[[ignore]]\ncode = 'url-split'\n", r"entry 1 has no 'reason'", 1, id="ignore-without-reason"
    ),
    pytest.param(
        "[[ignore]]\ncode = 'x'\nreason = '  '\n", r"'reason' .* non-empty string", 3, id="empty-reason"
    ),
    pytest.param("[[ignore]]\nreason = 'why'\n", r"has no 'code'", 1, id="ignore-without-code"),
    pytest.param(
        "[[ignore]]\ncode = 'x'\nreason = 'y'\nfootnote = true\n",
        r"'footnote' .* whole number",
        4,
        id="bool-footnote",
    ),
    pytest.param(
        "[[ignore]]\ncode = 'x'\nreason = 'y'\nline = 0\n", r"'line' .* at least 1", 4, id="line-zero"
    ),
    pytest.param("ignore = 'all'\n", r"'ignore' .* an array of tables", 1, id="ignore-type"),
    pytest.param("ignore = ['x']\n", r"entry 1 must be a table", 1, id="ignore-entry-type"),
    pytest.param("timeout = 3\nfail-on = \n", r"not valid TOML: Invalid value", 2, id="toml-syntax"),
]


@pytest.mark.parametrize("kind", ["citations.toml", "pyproject.toml"])
@pytest.mark.parametrize(("text", "error", "line"), INVALID)
def test_invalid_files_are_refused_with_file_line_and_remedy(
    tmp_path: Path, kind: str, text: str, error: str, line: int
) -> None:
    if kind == "pyproject.toml":
        text, line = as_pyproject(text), line + 3
    path = write(tmp_path / kind, text)
    with pytest.raises(InputError) as caught:
        load_file(path)
    exc = caught.value
    assert re.search(error, str(exc)), str(exc)
    assert exc.exit_code == 4
    assert exc.path == str(path)
    assert exc.line == line, str(exc)


def test_an_unknown_key_lists_the_valid_ones(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.citations]\narchive = true\nhouse_scheme = 'icao'\n")
    with pytest.raises(InputError) as caught:
        load_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:3: unknown key 'house_scheme' in [tool.citations]")
    assert "did you mean 'house-scheme'?" in message
    assert "valid keys: " + ", ".join(config.KEYS) in message


def test_citations_toml_has_no_tool_table(tmp_path: Path) -> None:
    path = write(tmp_path / "citations.toml", "[tool.citations]\nfail-on = 'never'\n")
    with pytest.raises(InputError, match=r"citations.toml:1: unknown key 'tool' in citations.toml"):
        load_file(path)


def test_a_pyproject_toml_that_is_not_valid_toml_is_reported_when_it_may_be_ours(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.citations\n")
    (tmp_path / ".git").mkdir()
    with pytest.raises(InputError, match="not valid TOML"):
        load(tmp_path / "paper.md")
    write(tmp_path / "pyproject.toml", "[tool.other\n")  # not ours: not even parsed
    assert load(tmp_path / "paper.md") == Config()


# --------------------------------------------------------------------------- precedence

CLI = ParameterSource.COMMANDLINE
DEFAULT = ParameterSource.DEFAULT
FILE = Config(
    house_scheme="icao",
    fail_on="warning",
    timeout=5.0,
    archive=False,
    cassette="/book/links.yaml",
    min_interval={"*": 0.5, "belta.by": 3.0},
    concurrency={"belta.by": 1},
)

# options as click gives them, their sources, what merge must return for the keys named.
MERGES = [
    pytest.param(
        {"fail_on": "error"}, {"fail_on": DEFAULT}, {"fail_on": "warning"}, id="default-takes-the-file"
    ),
    pytest.param({"fail_on": "error"}, {"fail_on": CLI}, {"fail_on": "error"}, id="flag-beats-the-file"),
    pytest.param(
        {"fail_on": "never"},
        {"fail_on": ParameterSource.ENVIRONMENT},
        {"fail_on": "never"},
        id="environment-beats-the-file",
    ),
    pytest.param(
        {"timeout": 30.0},
        {"timeout": ParameterSource.DEFAULT_MAP},
        {"timeout": 5.0},
        id="default-map-is-a-default",
    ),
    pytest.param({"timeout": 30.0}, {}, {"timeout": 5.0}, id="unknown-source-is-a-default"),
    pytest.param({"contact": None}, {"contact": DEFAULT}, {"contact": None}, id="file-silent-keeps-default"),
    pytest.param(
        {"fail_on": "error"}, {"fail_on": DEFAULT}, {"house_scheme": None}, id="absent-option-not-added"
    ),
    pytest.param(
        {"archive": True, "house_scheme": "wikipedia"},
        {"archive": CLI, "house_scheme": DEFAULT},
        {"archive": True, "house_scheme": "icao"},
        id="per-option",
    ),
    pytest.param(
        {"min_interval": ("belta.by=0.2",), "concurrency": ()},
        {"min_interval": CLI, "concurrency": DEFAULT},
        {"min_interval": ("0.5", "belta.by=3", "belta.by=0.2"), "concurrency": ("belta.by=1",)},
        id="politeness-file-first-then-flags",
    ),
    pytest.param(
        {"cassette": None, "offline": False, "record": False},
        {"cassette": DEFAULT, "offline": CLI, "record": DEFAULT},
        {"cassette": None},
        id="online-flag-drops-the-file-cassette",
    ),
    pytest.param(
        {"cassette": None, "offline": False, "record": True},
        {"cassette": DEFAULT, "offline": CLI, "record": CLI},
        {"cassette": "/book/links.yaml"},
        id="record-keeps-the-file-cassette",
    ),
    pytest.param(
        {"cassette": None, "offline": True, "record": False},
        {"cassette": DEFAULT, "offline": DEFAULT, "record": DEFAULT},
        {"cassette": "/book/links.yaml"},
        id="offline-default-replays-the-file-cassette",
    ),
]


@pytest.mark.parametrize(("options", "sources", "expected"), MERGES)
def test_merge_precedence(
    options: dict[str, Any], sources: dict[str, ParameterSource], expected: dict[str, Any]
) -> None:
    merged = merge(options, sources, FILE)
    assert {key: merged.get(key) for key in expected} == expected
    assert set(merged) == set(options)


def test_merge_with_real_click_sources_and_the_cli_network_settings() -> None:
    """The sources come from click itself, and the merged options build the run's settings."""
    from cli import _network, _network_options

    seen: dict[str, Any] = {}

    @click.command()
    @click.option("--fail-on", default="error")
    @_network_options
    def command(**options: Any) -> None:
        ctx = click.get_current_context()
        merged = merge(options, config.parameter_sources(ctx, options), FILE)
        seen.update(merged)
        seen["network"] = _network(dict(merged, cassette=None))

    result = CliRunner().invoke(
        command, ["--timeout", "7", "--min-interval", "bbc.co.uk=4"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert seen["timeout"] == 7.0 and seen["fail_on"] == "warning" and seen["archive"] is False
    settings = seen["network"].settings
    assert settings.timeout == 7.0 and settings.archive is False
    assert settings.policy("eng.belta.by").min_interval == 3.0
    assert settings.policy("belta.by").concurrency == 1
    assert settings.policy("bbc.co.uk").min_interval == 4.0
    assert settings.policy("example.org").min_interval == 0.5


# --------------------------------------------------------------------------- ignore rules


def finding(
    code: str, line: int, footnote: int | None = None, severity: Severity = Severity.ERROR
) -> Finding:
    return Finding(code, severity, f"{code} here", line, footnote)


def document(path: str) -> DocumentResult:
    """Footnote 1 (lines 5–6) owns a url-split that names it and a homoglyph that does not;
    a name-variant about footnote 2 and a document-level finding are loose."""
    split, glyph = finding("url-split", 5, 1), finding("homoglyph", 6)
    variant, mixed = (
        finding("name-variant", 9, 2, Severity.WARNING),
        finding("scheme-mixed", 1, None, Severity.INFO),
    )
    ref = Reference(1, "raw", Kind.WEB_ARTICLE, Span(5, 6), findings=(split, glyph))
    ref2 = Reference(2, "raw", Kind.WEB_ARTICLE, Span(9, 9))
    return DocumentResult(path, "markdown", (ref, ref2), (), (mixed, split, glyph, variant), 2, 2)


IGNORES = [
    pytest.param(IgnoreRule("url-split", "r"), ["url-split"], id="by-code"),
    pytest.param(IgnoreRule("url-*", "r"), ["url-split"], id="code-glob"),
    pytest.param(
        IgnoreRule("*", "r", footnote=1), ["url-split", "homoglyph"], id="footnote-via-its-reference"
    ),
    pytest.param(IgnoreRule("homoglyph", "r", footnote=2), [], id="other-footnote"),
    pytest.param(
        IgnoreRule("name-variant", "r", footnote=2), ["name-variant"], id="loose-finding-by-footnote"
    ),
    pytest.param(IgnoreRule("*", "r", line=6), ["homoglyph"], id="by-line"),
    pytest.param(
        IgnoreRule("scheme-mixed", "r", path="ch/*.md"), ["scheme-mixed"], id="path-relative-to-root"
    ),
    pytest.param(IgnoreRule("scheme-mixed", "r", path="paper.md"), ["scheme-mixed"], id="bare-file-name"),
    pytest.param(IgnoreRule("scheme-mixed", "r", path="other/*.md"), [], id="path-elsewhere"),
    pytest.param(IgnoreRule("scheme-mixed", "r", root="/nowhere"), [], id="outside-the-rule-root"),
    pytest.param(IgnoreRule("url-splitting", "r"), [], id="no-match"),
]


@pytest.mark.parametrize(("rule", "codes"), IGNORES)
def test_ignore_rules_drop_acknowledged_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rule: IgnoreRule, codes: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ch").mkdir()
    if rule.root is None:
        rule = IgnoreRule(rule.code, rule.reason, rule.footnote, rule.path, rule.line, root=str(tmp_path))
    result = document("ch/paper.md")
    [after], ignored = apply_ignores([result], [rule])
    assert [f.code for f, _ in ignored] == codes  # each reported once
    assert all(r is rule for _, r in ignored)
    assert [f.code for f in after.findings] == [f.code for f in result.findings if f.code not in codes]
    assert [f.code for f in after.references[0].findings] == [
        f.code for f in result.references[0].findings if f.code not in codes
    ]
    assert config.unused([rule], ignored) == ([] if codes else [rule])


def test_ignoring_on_the_bundled_example_changes_only_what_was_acknowledged() -> None:
    from citations.pipeline import extract_document

    result = extract_document(str(EXAMPLE))
    rule = IgnoreRule("url-split", "reviewed", footnote=1)
    [after], ignored = apply_ignores([result], [rule])
    assert [(f.code, f.footnote) for f, _ in ignored] == [("url-split", 1)]
    assert len(after.findings) == len(result.findings) - 1
    assert not any(f.code == "url-split" for f in after.references[0].findings)
    assert after.references[1:] == result.references[1:]
    assert apply_ignores([result], [])[0] == [result]
