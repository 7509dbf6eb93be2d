"""The pre-commit hook definition (.pre-commit-hooks.yaml).

The manifest checks are fast. ``test_hook_*`` are SLOW (about a minute the first time): they
run the hook for real, the way a manuscript repository would, so pre-commit builds its own
virtualenv and pip-installs this project (the current working tree, uncommitted files
included) and its dependencies from PyPI. They need git, and PyPI or a pip cache; set
CITATIONS_SKIP_PRECOMMIT=1 to skip them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from paths import ROOT

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
HOOK = "citations-check"
GIT = shutil.which("git")

BROKEN = """\
# Глава 1

Экспорт вырос[^1].

[^1]: Экспорт Беларуси в Латинскую Америку вырос [Электронный ресурс] // БелТА. – 2023. – URL : (дата обращения: 01.06.2023).
"""
CLEAN = """\
# Глава 2

Стороны обсудили сотрудничество[^1].

[^1]: Беларусь и Куба обсудят перспективы сотрудничества [Электронный ресурс] // БелТА. – 2022. – URL: https://www.belta.by/economics/view/belarus-i-kuba-obsudjat-perspektivy-torgovo-ekonomicheskogo-sotrudnichestva-na-biznes-forume-27-525866-2022/ (дата обращения: 01.06.2023).
"""


def hooks() -> dict[str, dict[str, object]]:
    return {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}


def test_manifest_passes_pre_commits_own_validation() -> None:
    pytest.importorskip("pre_commit")
    run = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_offline_hook_is_the_default_and_the_online_one_manual() -> None:
    found = hooks()
    assert set(found) == {"citations-check", "citations-check-online"}
    offline = found["citations-check"]
    assert offline["entry"] == "citations check" and offline["language"] == "python"
    assert offline["pass_filenames"] is True and offline["require_serial"] is True
    assert "stages" not in offline  # runs on every commit
    online = found["citations-check-online"]
    assert online["entry"] == "citations check --online" and online["stages"] == ["manual"]


FILES = [
    pytest.param("paper.md", True, id="markdown"),
    pytest.param("chapters/01.markdown", True, id="markdown-long"),
    pytest.param("ms/Thesis.TEX", True, id="upper-case"),
    pytest.param("paper.docx", True, id="docx"),
    pytest.param("notes.txt", True, id="text"),
    pytest.param("references.bib", True, id="bibtex"),
    pytest.param("export.ris", True, id="ris"),
    pytest.param("build.py", False, id="python"),
    pytest.param("paper.md.orig", False, id="backup"),
    pytest.param("paper.pdf", False, id="pdf-is-an-output"),
    pytest.param("paper.docx.lock", False, id="lock"),
]


@pytest.mark.parametrize(("name", "selected"), FILES)
def test_files_the_hook_selects(name: str, selected: bool) -> None:
    for hook in hooks().values():
        assert bool(re.search(str(hook["files"]), name)) is selected


# --------------------------------------------------------------------------- running it (slow)


def git(*args: str, cwd: Path) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.org",
        GIT_CONFIG_GLOBAL=os.devnull,  # the user's hooks, signing or templates must not interfere
        GIT_CONFIG_NOSYSTEM="1",
    )
    done = subprocess.run([GIT or "git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, Path]]:
    """A commit of the current working tree (what pre-commit would clone from a tag), its
    revision, and a PRE_COMMIT_HOME shared by the tests so the hook env is built once."""
    if os.environ.get("CITATIONS_SKIP_PRECOMMIT"):
        pytest.skip("CITATIONS_SKIP_PRECOMMIT is set")
    if GIT is None:
        pytest.skip("git is not installed: pre-commit needs it")
    pytest.importorskip("pre_commit")
    snapshot = tmp_path_factory.mktemp("citations-repo")
    # Tracked and untracked-but-not-ignored files: uncommitted work is what is under test.
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git("init", "-q", cwd=snapshot)
    git("add", "-A", cwd=snapshot)
    git("commit", "-q", "-m", "snapshot", cwd=snapshot)
    yield snapshot, git("rev-parse", "HEAD", cwd=snapshot), tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def manuscripts(tmp_path: Path, hook_repo: tuple[Path, str, Path]) -> Path:
    """A manuscript repository using the hook, with a broken and a clean chapter."""
    snapshot, rev, _ = hook_repo
    (tmp_path / "broken.md").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "build.py").write_text("print('not a manuscript')\n", encoding="utf-8")
    (tmp_path / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {snapshot}\n  rev: {rev}\n  hooks:\n  - id: {HOOK}\n", encoding="utf-8"
    )
    git("init", "-q", cwd=tmp_path)
    git("add", ".pre-commit-config.yaml", cwd=tmp_path)
    return tmp_path


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never", GIT_CONFIG_GLOBAL=os.devnull)
    env.pop("CITATIONS_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(done.stdout, done.stderr)  # shown when a test fails
    return done


def test_hook_fails_on_a_broken_footnote_and_prints_it(
    manuscripts: Path, hook_repo: tuple[Path, str, Path]
) -> None:
    """SLOW on first use: builds the hook's virtualenv."""
    done = pre_commit(manuscripts, hook_repo[2], "run", HOOK, "--files", "broken.md", "clean.md", "build.py")
    assert done.returncode == 1, "the hook must fail the commit"
    assert "Failed" in done.stdout and "exit code: 3" in done.stdout
    assert "broken.md:5: error url-missing: footnote 1: 'URL :' is followed by no address" in done.stdout
    assert "build.py" not in done.stdout  # not a manuscript: never passed to the hook


def test_hook_passes_a_clean_manuscript(manuscripts: Path, hook_repo: tuple[Path, str, Path]) -> None:
    done = pre_commit(manuscripts, hook_repo[2], "run", HOOK, "--files", "clean.md")
    assert done.returncode == 0
    assert re.search(r"citations check\.+Passed", done.stdout)


def test_hook_refuses_a_commit_of_the_broken_chapter(
    manuscripts: Path, hook_repo: tuple[Path, str, Path]
) -> None:
    """The real flow: ``pre-commit install``, then ``git commit`` runs the hook on staged files."""
    assert pre_commit(manuscripts, hook_repo[2], "install").returncode == 0
    env_home = {"PRE_COMMIT_HOME": str(hook_repo[2])}
    git("add", "clean.md", cwd=manuscripts)
    commit = subprocess.run(
        [GIT or "git", "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "clean"],
        cwd=manuscripts,
        env=dict(os.environ, **env_home, GIT_CONFIG_GLOBAL=os.devnull),
        capture_output=True,
        text=True,
    )
    assert commit.returncode == 0, commit.stdout + commit.stderr
    git("add", "broken.md", cwd=manuscripts)
    commit = subprocess.run(
        [GIT or "git", "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "broken"],
        cwd=manuscripts,
        env=dict(os.environ, **env_home, GIT_CONFIG_GLOBAL=os.devnull),
        capture_output=True,
        text=True,
    )
    assert commit.returncode != 0
    assert "url-missing" in commit.stdout + commit.stderr
    assert git("log", "--format=%s", cwd=manuscripts) == "clean"


def test_hook_reads_the_repositorys_citations_toml(
    manuscripts: Path, hook_repo: tuple[Path, str, Path]
) -> None:
    """An acknowledged finding (an ignore rule at the repository root) no longer fails the hook."""
    (manuscripts / "citations.toml").write_text(
        '[[ignore]]\ncode = "url-missing"\npath = "broken.md"\nreason = "the address is being traced"\n',
        encoding="utf-8",
    )
    done = pre_commit(manuscripts, hook_repo[2], "run", HOOK, "--files", "broken.md")
    assert done.returncode == 0
    assert "url-missing" not in done.stdout
