"""The written .bib builds a document with the real tools: biblatex + biber on the UTF-8 output,
classic BibTeX on the ASCII output. Skipped, saying why, where TeX is not installed (Debian:
texlive-latex-extra texlive-bibtex-extra biber texlive-lang-cyrillic; add texlive-luatex for
LuaLaTeX, which is preferred for the UTF-8 build as it needs no per-character set-up)."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from paths import EXAMPLE

from citations.bibtex import write_bibtex
from citations.entry import Entry, Name, entries
from citations.models import Kind
from citations.pipeline import extract_document

TIMEOUT = 120

#: Every LaTeX special, a would-be command, Cyrillic, accents and a dead link, in one entry.
HOSTILE = Entry(
    key="hostile2023",
    kind=Kind.WEB_ARTICLE.value,
    title="50% & more_{x} #1 $ ^ ~ \\input{/etc/passwd} \\write18{ls} ^^5cinput } {",
    authors=(
        Name("Пивовар", "Е."),
        Name(literal="Ministry of {Foreign} Affairs & Co"),
        Name("Müller", "Zoë"),
    ),
    original_title="Алейник рассказал «чем» Беларуси интересно — №5",
    original_source="page",
    language="en",
    original_language="ru",
    container="BelTA",
    issued=(2023, 6, 1),
    accessed=(2024, 1, 2),
    url="https://www.belta.by/politics/view/a_b-567456-2023/?q=1%202#frag~x",
    url_incomplete="https://www.belta.by/economics/view/minprom-belarusi-",
    pages="5-7",
    medium="[Ressource électronique]",
    document="manuscript.txt",
    footnote=1,
    line=56,
    link="not-found",
    archive_url="https://web.archive.org/web/2023/https://www.belta.by/x_y%20z",
)


@cache
def _entries() -> tuple[Entry, ...]:
    return (*entries([extract_document(str(EXAMPLE))]), HOSTILE)


def _need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        pytest.skip(f"biber/bibtex not installed: {', '.join(missing)} not found on PATH")


def _need_tex_files(*names: str) -> None:
    for name in names:
        found = subprocess.run(
            ["kpsewhich", name], capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
        if not found.stdout.strip():
            pytest.skip(f"TeX installed without {name} (a TeX Live package is missing)")


def _run(args: list[str], cwd: Path) -> None:
    result = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=TIMEOUT, check=False
    )
    assert result.returncode == 0, (
        f"{' '.join(args)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}"
    )


def _bbl_keys(path: Path, marker: str) -> int:
    return path.read_text(encoding="utf-8", errors="replace").count(marker)


def test_biblatex_and_biber_build_the_utf8_bibliography(tmp_path: Path) -> None:
    _need("biber", "kpsewhich")
    # pdfLaTeX first: LuaLaTeX stops on U+FFFD (a letter lost in the manuscript, which the
    # export keeps as it is and the replacement-char finding reports), pdfLaTeX can be told.
    engine = shutil.which("pdflatex") or shutil.which("lualatex")
    if engine is None:
        pytest.skip("biber/bibtex not installed: neither lualatex nor pdflatex found on PATH")
    _need_tex_files("biblatex.sty")
    if Path(engine).name == "lualatex":
        preamble = "\\usepackage{fontspec}\n"  # a glyph missing from the font is a warning only
    else:
        _need_tex_files("t2aenc.def")
        # T2A last, the current encoding: it has Latin and Cyrillic, so titles in French with
        # a Russian origtitle need no language switch. U+FFFD stands for a letter lost in the
        # manuscript: pdfLaTeX must be told how to print it.
        preamble = (
            "\\usepackage[T1,T2A]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
            "\\DeclareUnicodeCharacter{FFFD}{?}\n"
        )
    (tmp_path / "refs.bib").write_text(write_bibtex(_entries()), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        # No csquotes (a warning only without it): one TeX package fewer for CI to install.
        "\\documentclass{article}\n"
        + preamble
        + "\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n"
        "\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n",
        encoding="utf-8",
    )
    latex = [engine, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    _run(latex, tmp_path)
    _run(["biber", "doc"], tmp_path)
    _run(latex, tmp_path)
    assert "ERROR" not in (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert _bbl_keys(tmp_path / "doc.bbl", "\\entry{") == len(_entries())
    assert (tmp_path / "doc.pdf").stat().st_size > 0


def test_classic_bibtex_builds_the_ascii_bibliography(tmp_path: Path) -> None:
    _need("bibtex", "pdflatex", "kpsewhich")
    _need_tex_files("t2aenc.def", "url.sty", "plain.bst")
    text = write_bibtex(_entries(), dialect="bibtex", ascii=True)
    assert text.isascii()
    (tmp_path / "refs.bib").write_text(text, encoding="ascii")
    # T2A last: the current encoding, so that {\CYRA} and the Latin accents are all available.
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[T1,T2A]{fontenc}\n\\usepackage{url}\n"
        "\\begin{document}\n\\nocite{*}\n\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n",
        encoding="ascii",
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    _run(latex, tmp_path)
    _run(["bibtex", "doc"], tmp_path)
    _run(latex, tmp_path)
    _run(latex, tmp_path)
    assert _bbl_keys(tmp_path / "doc.bbl", "\\bibitem") == len(_entries())
    assert (tmp_path / "doc.pdf").stat().st_size > 0


@pytest.mark.parametrize(("dialect", "ascii"), [("biblatex", False), ("bibtex", True)])
def test_what_the_builds_compile_parses_cleanly(dialect: str, ascii: bool) -> None:
    """Runs without TeX: the inputs of the builds above are well-formed for both parsers."""
    from bibtexparser.entrypoint import parse_string as bib_parse
    from pybtex.database import parse_string

    text = write_bibtex(_entries(), dialect=dialect, ascii=ascii)
    library = bib_parse(text)
    assert not library.failed_blocks and len(library.entries) == len(_entries())
    assert len(parse_string(text, "bibtex").entries) == len(_entries())
