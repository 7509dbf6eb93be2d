"""``citations fix``: only certain repairs, every other byte kept, atomic writes with a backup.

The bundled example is fixed in a temporary copy; the smaller documents below are our own text.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from paths import EXAMPLE

from citations import fix
from citations.errors import InputError, OutputError
from citations.models import DocumentResult, Link, Outcome, Source
from citations.pipeline import extract_document, extract_source

SEPARATOR = " " * 49
BELTA = "https://www.belta.by/economics/view"


def manuscript(*notes: str, body: str = 'Le texte du corps"1 . La suite du texte"2 .') -> str:
    """Extracted-text layout: body, a separator line of blanks, then the footnotes."""
    return body + "\n\n" + SEPARATOR + "\n" + "\n".join(notes) + "\n"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def fixed_text(path: Path, result: DocumentResult | None = None, *, archive_dead: bool = False) -> str:
    """The document as ``fix`` would write it (planned and applied, nothing written)."""
    result = result or extract_document(str(path))
    edits, _ = fix.plan(str(path), result, archive_dead=archive_dead)
    return fix.apply(path.read_text(encoding="utf-8"), edits)


def with_link(result: DocumentResult, n: int, **link: object) -> DocumentResult:
    """``result`` with reference ``n`` given a checked link (what ``citations check`` attaches)."""
    refs = tuple(
        replace(r, link=Link(url=r.url or "", **link)) if r.n == n else r  # type: ignore[arg-type]
        for r in result.references
    )
    return replace(result, references=refs)


def only_blanks_removed(before: str, after: str) -> bool:
    """``after`` is ``before`` with some spaces, tabs and line breaks deleted, nothing else."""
    i = 0
    for ch in after:
        while i < len(before) and before[i] != ch:
            if before[i] not in " \t\r\n":
                return False
            i += 1
        if i == len(before):
            return False
        i += 1
    return not before[i:].strip(" \t\r\n")


def urls_by_reference(result: DocumentResult) -> dict[tuple[int, int, int], str | None]:
    return {(r.sequence, r.n, r.part): r.url for r in result.references}


# --- the bundled example -------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    path: Path
    original: str
    result: DocumentResult
    edits: list[fix.Edit]
    refusals: list[fix.Refusal]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Example:
    path = tmp_path_factory.mktemp("example") / "manuscript.txt"
    shutil.copyfile(EXAMPLE, path)
    result = extract_document(str(path))
    edits, refusals = fix.plan(str(path), result)
    return Example(path, path.read_text(encoding="utf-8"), result, edits, refusals)


def test_example_fixed_file_reads_the_same_without_split_urls(example: Example, tmp_path: Path) -> None:
    out = tmp_path / "fixed.txt"
    report = fix.fix_file(str(example.path), example.result, output=str(out), in_place=False, dry_run=False)
    assert report.written == str(out) and report.backup is None
    again = extract_document(str(out))
    assert not [f for f in again.findings if f.code == "url-split"]
    assert again.footnote_count == example.result.footnote_count
    assert urls_by_reference(again) == urls_by_reference(example.result)
    assert example.path.read_text(encoding="utf-8") == example.original  # the document is untouched


def test_example_every_split_url_is_rejoined_and_nothing_else_is_guessed(example: Example) -> None:
    found: dict[str, int] = {}
    for f in example.result.findings:
        found[f.code] = found.get(f.code, 0) + 1
    fixed = {code: sum(code in e.codes for e in example.edits) for code in ("url-split", "homoglyph")}
    assert fixed == {"url-split": found["url-split"], "homoglyph": found["homoglyph"]}
    lost = [f for f in example.result.findings if f.code == "replacement-char"]
    assert sum("replacement-char" in e.codes for e in example.edits) == sum(1 for f in lost if f.suggestion)
    refused = {r.code for r in example.refusals}
    assert {"url-truncated", "url-fragment", "url-missing", "footnote-missing", "replacement-char"} <= refused
    assert "url-malformed" in refused  # the trailing '//' is reported, not changed


def test_example_rejoining_only_deletes_line_breaks_and_blanks(example: Example) -> None:
    split_only = [e for e in example.edits if e.codes == ("url-split",)]
    after = fix.apply(example.original, split_only)
    assert only_blanks_removed(example.original, after)
    assert re.sub(r"\s", "", after) == re.sub(r"\s", "", example.original)
    assert after.count("\n") == example.original.count("\n") - sum(e.last - e.first for e in split_only)


def test_example_other_fixes_change_one_character_each(example: Example) -> None:
    for edit in (e for e in example.edits if e.codes != ("url-split",)):
        [splice] = edit.splices
        assert (splice.old, splice.new) in {("C", "С"), ("\ufffd", "С")}


def test_example_changed_lines_are_exactly_the_edits_lines(example: Example) -> None:
    before = example.original.split("\n")
    after = fix.apply(example.original, example.edits).split("\n")
    touched = {n for e in example.edits for n in range(e.first, e.last + 1)}
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    changed = {i + 1 for tag, i1, i2, _, _ in ops if tag != "equal" for i in range(i1, i2)}
    assert changed and changed <= touched
    assert not [op for op in ops if op[0] == "insert"]


# --- text layouts --------------------------------------------------------------------------------

HEAD = "1 Beta : la Biélorussie prépare de nouveaux contrats [Ressource électronique]. - 2023. - URL : "


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        pytest.param(
            [HEAD + f"{BELTA}/beta-belarus-", "gotovit-kontrakty-567002-2023/ "],
            [HEAD + f"{BELTA}/beta-belarus-gotovit-kontrakty-567002-2023/ "],
            id="consecutive-lines",
        ),
        pytest.param(
            [HEAD + f"{BELTA}/beta-", "belarus-gotovit-", "kontrakty-567002-2023/"],
            [HEAD + f"{BELTA}/beta-belarus-gotovit-kontrakty-567002-2023/"],
            id="three-lines",
        ),
        pytest.param(
            [HEAD + f"{BELTA}/beta-", "   kontrakty-567002-2023/ (consulté le 01.02.2023)."],
            [HEAD + f"{BELTA}/beta-kontrakty-567002-2023/", "   (consulté le 01.02.2023)."],
            id="text-after-the-piece-stays",
        ),
        pytest.param(
            [HEAD.replace("URL : ", "URL:https://"), "www.belta.by/economics/view/beta-567002-2023/"],
            [HEAD.replace("URL : ", "URL:https://") + "www.belta.by/economics/view/beta-567002-2023/"],
            id="break-right-after-the-scheme",
        ),
        pytest.param(
            [HEAD + f"{BELTA}/beta-", "kontrakty-567002-2023/. "],
            [HEAD + f"{BELTA}/beta-kontrakty-567002-2023/. "],
            id="glued-punctuation-moves-with-the-piece",
        ),
    ],
)
def test_split_url_rejoined(tmp_path: Path, notes: list[str], expected: list[str]) -> None:
    path = write(tmp_path, "doc.txt", manuscript(*notes))
    assert fixed_text(path) == manuscript(*expected)


def test_url_continued_after_body_lines_moves_only_the_piece(tmp_path: Path) -> None:
    text = manuscript(
        HEAD + f"{BELTA}/beta-belarus-gotovit-",
        " Les négociations se poursuivront au printemps prochain. ",
        "",
        'Le programme commun sera présenté en juin"2 . ',
        "",
        SEPARATOR,
        "novye-kontrakty-567002-2023/ ",
        f"2 Alpha [Ressource électronique]. - 2023. - URL : {BELTA}/alpha-567003-2023/",
    )
    path = write(tmp_path, "doc.txt", text)
    result = extract_document(str(path))
    [edit] = [e for e in fix.plan(str(path), result)[0] if "url-split" in e.codes]
    assert "untouched" in edit.reason
    after = fixed_text(path, result)
    expected = text.replace("gotovit-\n", "gotovit-novye-kontrakty-567002-2023/ \n").replace(
        "novye-kontrakty-567002-2023/ \n2", "2"
    )
    assert after == expected
    again = extract_document(str(write(tmp_path, "fixed.txt", after)))
    assert urls_by_reference(again) == urls_by_reference(result)
    assert not [f for f in again.findings if f.code == "url-split"]


# --- Markdown and LaTeX --------------------------------------------------------------------------

MD = """# Chapitre

Le texte du corps[^1] et encore[^2].

[^1]: Alpha : titre [Электронный ресурс]. – 2023. – URL: https://www.belta.by/politics/view/alpha-
    beta-gamma-567001-2023/ (дата обращения: 01.02.2023).
[^2]: Beta [Электронный ресурс]. – 2023. – URL: https://www.belta.by/economics/view/delta-
    epsilon-567002-2023/
"""
MD_FIXED = """# Chapitre

Le texte du corps[^1] et encore[^2].

[^1]: Alpha : titre [Электронный ресурс]. – 2023. – URL: https://www.belta.by/politics/view/alpha-beta-gamma-567001-2023/
    (дата обращения: 01.02.2023).
[^2]: Beta [Электронный ресурс]. – 2023. – URL: https://www.belta.by/economics/view/delta-epsilon-567002-2023/
"""
TEX = r"""\documentclass{article}
\begin{document}
Le texte\footnote{Alpha : titre [Электронный ресурс]. -- 2023. -- URL: https://www.belta.by/politics/view/alpha-
beta-gamma-567001-2023/}, la suite\footnote{Beta. -- URL: \url{https://www.belta.by/economics/view/delta-567002-2023/}.}
\end{document}
"""
TEX_FIXED = r"""\documentclass{article}
\begin{document}
Le texte\footnote{Alpha : titre [Электронный ресурс]. -- 2023. -- URL: https://www.belta.by/politics/view/alpha-beta-gamma-567001-2023/},
la suite\footnote{Beta. -- URL: \url{https://www.belta.by/economics/view/delta-567002-2023/}.}
\end{document}
"""


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param("doc.md", MD, MD_FIXED, id="markdown"),
        pytest.param("doc.tex", TEX, TEX_FIXED, id="latex-closing-brace-moves-with-the-url"),
    ],
)
def test_split_url_rejoined_in_markup(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = write(tmp_path, name, text)
    result = extract_document(str(path))
    after = fixed_text(path, result)
    assert after == expected
    again = extract_document(str(write(tmp_path, "fixed" + path.suffix, after)))
    assert urls_by_reference(again) == urls_by_reference(result)
    assert not [f for f in again.findings if f.code == "url-split"]


# --- the other certain fixes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "expected", "code"),
    [
        pytest.param(
            "1 Zalessky, B. La voie / B. Zalessky. - LAP LAMBERT Academic Publishing, 2023. - C. 19. ",
            "1 Zalessky, B. La voie / B. Zalessky. - LAP LAMBERT Academic Publishing, 2023. - С. 19. ",
            "homoglyph",
            id="latin-c-page-abbreviation",
        ),
        pytest.param(
            "1 Zalessky, B. La voie / B. Zalessky. - LAP LAMBERT Academic Publishing, 2022. - \ufffd. 5. ",
            "1 Zalessky, B. La voie / B. Zalessky. - LAP LAMBERT Academic Publishing, 2022. - С. 5. ",
            "replacement-char",
            id="lost-page-abbreviation",
        ),
        pytest.param(
            f"1 Беларусь и Куба [Электрoнный ресурс]. - 2023. - URL : {BELTA}/kuba-567001-2023/",
            f"1 Беларусь и Куба [Электронный ресурс]. - 2023. - URL : {BELTA}/kuba-567001-2023/",
            "mixed-script",
            id="latin-o-in-a-cyrillic-word",
        ),
        pytest.param(
            f"1 Titre [Ressource électronique]. - 2023. - URL : {BELTA}/ku\u200bba-567001-2023/",
            f"1 Titre [Ressource électronique]. - 2023. - URL : {BELTA}/kuba-567001-2023/",
            "url-malformed",
            id="zero-width-space-in-url",
        ),
        pytest.param(
            f"1 Titre [Ressource électronique]. - 2023. - URL : {BELTA}/kubа-567001-2023/",
            f"1 Titre [Ressource électronique]. - 2023. - URL : {BELTA}/kuba-567001-2023/",
            "url-malformed",
            id="cyrillic-look-alike-in-url",
        ),
    ],
)
def test_certain_character_fix(tmp_path: Path, note: str, expected: str, code: str) -> None:
    path = write(tmp_path, "doc.txt", manuscript(note))
    result = extract_document(str(path))
    edits, _ = fix.plan(str(path), result)
    assert [e.codes for e in edits] == [(code,)]
    assert fix.apply(path.read_text(encoding="utf-8"), edits) == manuscript(expected)


def test_invisible_character_in_a_split_url_is_removed_while_rejoining(tmp_path: Path) -> None:
    path = write(
        tmp_path, "doc.txt", manuscript(HEAD + f"{BELTA}/beta-\u200bbelarus-", "kontrakty-567002-2023/")
    )
    edits, _ = fix.plan(str(path), extract_document(str(path)))
    assert [e.codes for e in edits] == [("url-split", "url-malformed")]
    assert fix.apply(path.read_text(encoding="utf-8"), edits) == manuscript(
        HEAD + f"{BELTA}/beta-belarus-kontrakty-567002-2023/"
    )


# --- links: permanent redirects and dead links ---------------------------------------------------

NOTE = (
    f"1 Alpha [Ressource électronique]. - 2023. - URL : {BELTA}/alpha-567001-2023/ (consulté le 01.02.2023)."
)
NEW = "https://belta.by/economics/view/alpha-567001-2023/"
ARCHIVE = f"https://web.archive.org/web/20230201000000/{BELTA}/alpha-567001-2023/"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param(
            "doc.txt",
            manuscript(NOTE),
            manuscript(NOTE.replace(f"{BELTA}/alpha-567001-2023/", NEW)),
            id="text",
        ),
        pytest.param(
            "doc.md",
            f"Corps[^1].\n\n[^1]: Alpha. – URL: [БелТА]({BELTA}/alpha-567001-2023/).\n",
            f"Corps[^1].\n\n[^1]: Alpha. – URL: [БелТА]({NEW}).\n",
            id="markdown-link-target",
        ),
        pytest.param(
            "doc.md",
            f"Corps[^1].\n\n[^1]: Alpha. – URL: {BELTA}/alpha-567001-2023/\n",
            f"Corps[^1].\n\n[^1]: Alpha. – URL: {NEW}\n",
            id="markdown-bare",
        ),
    ],
)
def test_moved_url_is_replaced(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = write(tmp_path, name, text)
    result = with_link(extract_document(str(path)), 1, outcome=Outcome.MOVED, http_status=301, final_url=NEW)
    edits, _ = fix.plan(str(path), result)
    assert [e.codes for e in edits] == [("link-moved",)]
    assert fix.apply(text, edits) == expected


def test_moved_url_in_latex_is_escaped(tmp_path: Path) -> None:
    text = "\\documentclass{article}\n\\begin{document}\nX\\footnote{Alpha. -- URL: \\url{%s}.}\n\\end{document}\n"
    path = write(tmp_path, "doc.tex", text % f"{BELTA}/alpha-567001-2023/")
    new = NEW + "#top%20"
    result = with_link(extract_document(str(path)), 1, outcome=Outcome.MOVED, final_url=new)
    assert fixed_text(path, result) == text % (NEW + "\\#top\\%20")


def test_moved_split_url_is_rejoined_and_replaced(tmp_path: Path) -> None:
    path = write(tmp_path, "doc.txt", manuscript(HEAD + f"{BELTA}/beta-", "kontrakty-567002-2023/ "))
    result = with_link(extract_document(str(path)), 1, outcome=Outcome.MOVED, final_url=NEW)
    edits, _ = fix.plan(str(path), result)
    assert [e.codes for e in edits] == [("url-split", "link-moved")]
    assert fix.apply(path.read_text(encoding="utf-8"), edits) == manuscript(HEAD + NEW + " ")


@pytest.mark.parametrize(
    ("archive_dead", "archive_url", "expected", "refusal"),
    [
        pytest.param(
            True,
            ARCHIVE,
            NOTE.replace("2023/ (", f"2023/ (archived copy: {ARCHIVE}) ("),
            None,
            id="archive-added-after-the-url",
        ),
        pytest.param(False, ARCHIVE, NOTE, "--archive-dead", id="not-asked"),
        pytest.param(True, None, NOTE, "no archived copy", id="no-archived-copy"),
    ],
)
def test_dead_link_archive(
    tmp_path: Path, archive_dead: bool, archive_url: str | None, expected: str, refusal: str | None
) -> None:
    path = write(tmp_path, "doc.txt", manuscript(NOTE))
    result = with_link(
        extract_document(str(path)),
        1,
        outcome=Outcome.NOT_FOUND,
        http_status=404,
        archive_url=archive_url,
        checked_at="2024-05-01T10:00:00Z",
    )
    edits, refusals = fix.plan(str(path), result, archive_dead=archive_dead)
    assert fix.apply(path.read_text(encoding="utf-8"), edits) == manuscript(expected)
    if refusal:
        [r] = [r for r in refusals if r.code == "link-not-found"]
        assert refusal in r.reason
    else:
        assert [e.codes for e in edits] == [("link-not-found",)] and "2024-05-01" in edits[0].reason


def test_archive_note_in_markdown_follows_the_link(tmp_path: Path) -> None:
    text = f"Corps[^1].\n\n[^1]: Alpha. – URL: <{BELTA}/alpha-567001-2023/>.\n"
    path = write(tmp_path, "doc.md", text)
    result = with_link(extract_document(str(path)), 1, outcome=Outcome.NOT_FOUND, archive_url=ARCHIVE)
    assert fixed_text(path, result, archive_dead=True) == text.replace(
        "2023/>.", f"2023/> (archived copy: <{ARCHIVE}>)."
    )


def test_archive_note_in_latex_follows_the_url_command(tmp_path: Path) -> None:
    text = "\\documentclass{article}\n\\begin{document}\nX\\footnote{Alpha. -- URL: \\url{%s}.}\n\\end{document}\n"
    path = write(tmp_path, "doc.tex", text % f"{BELTA}/alpha-567001-2023/")
    result = with_link(extract_document(str(path)), 1, outcome=Outcome.NOT_FOUND, archive_url=ARCHIVE)
    expected = path.read_text(encoding="utf-8").replace(
        "2023/}.}", f"2023/}} (archived copy: \\url{{{ARCHIVE}}}).}}"
    )
    assert fixed_text(path, result, archive_dead=True) == expected


def test_archive_note_on_a_split_url_goes_before_the_glued_punctuation(tmp_path: Path) -> None:
    path = write(tmp_path, "doc.txt", manuscript(HEAD + f"{BELTA}/alpha-", "567001-2023/. "))
    result = with_link(extract_document(str(path)), 1, outcome=Outcome.NOT_FOUND, archive_url=ARCHIVE)
    edits, _ = fix.plan(str(path), result, archive_dead=True)
    assert [e.codes for e in edits] == [("url-split", "link-not-found")]
    assert fix.apply(path.read_text(encoding="utf-8"), edits) == manuscript(
        HEAD + f"{BELTA}/alpha-567001-2023/ (archived copy: {ARCHIVE}). "
    )


@pytest.mark.parametrize(
    ("name", "text", "link"),
    [
        pytest.param(
            "doc.md",
            f"Corps[^1].\n\n[^1]: Alpha. – URL: [БелТА]({BELTA}/alpha-567001-2023/).\n",
            {"outcome": Outcome.MOVED, "final_url": NEW + "(1)"},
            id="markdown-link-target-with-parentheses",
        ),
        pytest.param(
            "doc.tex",
            f"\\documentclass{{article}}\n\\begin{{document}}\nX\\footnote{{Alpha. URL: {BELTA}/alpha-567001-2023/}}\n"
            "\\end{document}\n",
            {"outcome": Outcome.MOVED, "final_url": NEW + "?a=1&b=2"},
            id="latex-bare-url-with-specials",
        ),
        pytest.param(
            "doc.tex",
            f"\\documentclass{{article}}\n\\begin{{document}}\nX\\footnote{{Alpha. \\href{{{BELTA}/alpha-567001-2023/}}{{BelTA}}}}\n"
            "\\end{document}\n",
            {"outcome": Outcome.NOT_FOUND, "archive_url": ARCHIVE},
            id="latex-archive-inside-href",
        ),
    ],
)
def test_new_address_that_markup_cannot_hold_is_refused(
    tmp_path: Path, name: str, text: str, link: dict[str, object]
) -> None:
    path = write(tmp_path, name, text)
    result = with_link(extract_document(str(path)), 1, **link)
    edits, refusals = fix.plan(str(path), result, archive_dead=True)
    assert edits == []
    assert [r for r in refusals if r.code.startswith("link-") and "markup" in r.reason]


# --- refusals ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Uncertain:
    notes: tuple[str, ...]
    code: str
    reason: str
    moved: bool = False


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            Uncertain(
                (
                    "1 Forum [Ressource électronique]. - 2023. - URL : https://www.belta.by/regions/view/forum-",
                ),
                "url-truncated",
                "cut off",
            ),
            id="truncated-url",
        ),
        pytest.param(
            Uncertain(
                ("1 \ufffd. Rachkov : Belarus considers Uzbekistan a partner. - 2023. ",),
                "replacement-char",
                "cannot be known",
            ),
            id="lost-letter-without-certain-restoration",
        ),
        pytest.param(
            Uncertain(
                (NOTE, NOTE.replace("1 Alpha", "2 Alpha")), "link-moved", "appears 2 times", moved=True
            ),
            id="url-cited-twice",
        ),
        pytest.param(
            Uncertain(
                (
                    "1 Titre [Ressource électronique]. - 2023. - URL : https://www.belta.by/comments/view/x-8001//",
                ),
                "url-malformed",
                "not a certain repair",
            ),
            id="doubled-trailing-slash",
        ),
    ],
)
def test_uncertain_fix_is_refused_and_nothing_changes(tmp_path: Path, case: Uncertain) -> None:
    path = write(tmp_path, "doc.txt", manuscript(*case.notes))
    result = extract_document(str(path))
    if case.moved:
        result = with_link(result, 1, outcome=Outcome.MOVED, final_url=NEW)
    edits, refusals = fix.plan(str(path), result)
    assert edits == []
    assert [r.reason for r in refusals if r.code == case.code and case.reason in r.reason]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_formats_without_exact_positions_are_refused(tmp_path: Path, fmt: str) -> None:
    path = write(tmp_path, "doc.txt", manuscript(HEAD + f"{BELTA}/beta-", "kontrakty-567002-2023/"))
    result = replace(extract_document(str(path)), format=fmt)
    edits, refusals = fix.plan(str(path), result)
    assert edits == []
    [split] = [r for r in refusals if r.code == "url-split"]
    assert "source document" in split.reason


def test_an_edit_that_changes_the_reading_is_withdrawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "doc.txt", manuscript(HEAD + f"{BELTA}/beta-", "kontrakty-567002-2023/"))
    result = extract_document(str(path))
    real = extract_source

    def misread(source: Source) -> DocumentResult:
        got = real(source)
        if len(source.lines) == 4:  # the fixed text (one line shorter): pretend its URL reads otherwise
            refs = tuple(replace(r, url="https://example.org/") for r in got.references)
            return replace(got, references=refs)
        return got

    monkeypatch.setattr(fix, "extract_source", misread)
    edits, refusals = fix.plan(str(path), result)
    assert edits == []
    assert [r for r in refusals if r.code == "url-split" and "read again" in r.reason]


# --- writing -------------------------------------------------------------------------------------

SPLIT_DOC = manuscript(HEAD + f"{BELTA}/beta-", "kontrakty-567002-2023/ ")
SPLIT_FIXED = manuscript(HEAD + f"{BELTA}/beta-kontrakty-567002-2023/ ")


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_dry_run_writes_nothing_and_returns_the_diff(tmp_path: Path) -> None:
    path = write(tmp_path, "doc.txt", SPLIT_DOC)
    report = fix.fix_file(str(path), extract_document(str(path)), output=None, in_place=True, dry_run=True)
    assert path.read_text(encoding="utf-8") == SPLIT_DOC and leftovers(tmp_path) == ["doc.txt"]
    assert report.written is None and report.counts == {"url-split": 1}
    assert (
        f"-{HEAD}{BELTA}/beta-\n-kontrakty-567002-2023/ \n+{HEAD}{BELTA}/beta-kontrakty-567002-2023/ \n"
        in (report.diff)
    )
    assert report.diff.startswith(f"--- {path}\n+++ {path}\n")


def test_in_place_keeps_a_backup(tmp_path: Path) -> None:
    path = write(tmp_path, "doc.txt", SPLIT_DOC)
    os.chmod(path, 0o640)
    report = fix.fix_file(str(path), extract_document(str(path)), output=None, in_place=True, dry_run=False)
    assert report.backup == f"{path}.orig" and report.written == str(path)
    assert path.read_text(encoding="utf-8") == SPLIT_FIXED
    assert Path(report.backup).read_text(encoding="utf-8") == SPLIT_DOC
    assert (path.stat().st_mode & 0o777) == 0o640
    assert leftovers(tmp_path) == ["doc.txt", "doc.txt.orig"]


@pytest.mark.parametrize(
    ("existing", "backup"),
    [pytest.param([".orig"], "~", id="orig-taken"), pytest.param([".orig", "~"], None, id="both-taken")],
)
def test_existing_backup_is_never_overwritten(
    tmp_path: Path, existing: list[str], backup: str | None
) -> None:
    path = write(tmp_path, "doc.txt", SPLIT_DOC)
    for suffix in existing:
        Path(f"{path}{suffix}").write_text("older backup", encoding="utf-8")
    result = extract_document(str(path))
    if backup is None:
        with pytest.raises(OutputError, match="never overwritten"):
            fix.fix_file(str(path), result, output=None, in_place=True, dry_run=False)
        assert path.read_text(encoding="utf-8") == SPLIT_DOC
    else:
        report = fix.fix_file(str(path), result, output=None, in_place=True, dry_run=False)
        assert report.backup == f"{path}{backup}"
        assert Path(report.backup).read_text(encoding="utf-8") == SPLIT_DOC
    for suffix in existing:
        assert Path(f"{path}{suffix}").read_text(encoding="utf-8") == "older backup"


def test_failed_in_place_write_leaves_the_document_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "doc.txt", SPLIT_DOC)
    result = extract_document(str(path))

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OutputError, match="the previous file is intact"):
        fix.fix_file(str(path), result, output=None, in_place=True, dry_run=False)
    assert path.read_text(encoding="utf-8") == SPLIT_DOC
    assert leftovers(tmp_path) == ["doc.txt"]  # no temporary file, no backup


def test_document_changed_meanwhile_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "doc.txt", SPLIT_DOC)
    result = extract_document(str(path))
    real_plan = fix._Planner.run

    def edit_meanwhile(self: fix._Planner) -> tuple[list[fix.Edit], list[fix.Refusal]]:
        out = real_plan(self)
        path.write_text(SPLIT_DOC + "new line\n", encoding="utf-8")
        return out

    monkeypatch.setattr(fix._Planner, "run", edit_meanwhile)
    with pytest.raises(OutputError, match="changed while"):
        fix.fix_file(str(path), result, output=None, in_place=True, dry_run=False)
    assert path.read_text(encoding="utf-8") == SPLIT_DOC + "new line\n"
    assert leftovers(tmp_path) == ["doc.txt"]


@pytest.mark.parametrize(
    ("output", "in_place", "message"),
    [
        pytest.param("doc.txt", False, "is the document itself", id="output-is-the-document"),
        pytest.param(None, False, "no output named", id="no-output"),
        pytest.param("other.txt", True, "choose one", id="both"),
    ],
)
def test_never_overwrites_without_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str | None, in_place: bool, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "doc.txt", SPLIT_DOC)
    with pytest.raises(OutputError, match=message):
        fix.fix_file("doc.txt", extract_document("doc.txt"), output=output, in_place=in_place, dry_run=False)
    assert (tmp_path / "doc.txt").read_text(encoding="utf-8") == SPLIT_DOC


@pytest.mark.parametrize(
    ("encoding", "newline", "bom"),
    [
        pytest.param("utf-8", "\r\n", b"", id="crlf"),
        pytest.param("utf-8", "\n", b"\xef\xbb\xbf", id="utf8-bom"),
        pytest.param("cp1251", "\n", b"", id="cp1251"),
    ],
)
def test_encoding_line_endings_and_bom_are_kept(
    tmp_path: Path, encoding: str, newline: str, bom: bytes
) -> None:
    head = "1 Бета : Беларусь готовит контракты [Электронный ресурс]. - 2023. - URL : " + BELTA
    note = "2 Залесский, Б. Путь / Б. Залесский. - Минск, 2023. - C. 19. "
    before = manuscript(head + "/beta-", "kontrakty-567002-2023/ ", note, body='Текст"1 . Ещё"2 .')
    path = tmp_path / "doc.txt"
    path.write_bytes(bom + before.replace("\n", newline).encode(encoding))
    given = None if encoding == "utf-8" else encoding
    result = extract_document(str(path), encoding=given)
    out = tmp_path / "out.txt"
    report = fix.fix_file(str(path), result, output=str(out), in_place=False, dry_run=False, encoding=given)
    assert report.counts == {"homoglyph": 1, "url-split": 1}
    after = manuscript(
        head + "/beta-kontrakty-567002-2023/ ", note.replace("C.", "С."), body='Текст"1 . Ещё"2 .'
    )
    assert out.read_bytes() == bom + after.replace("\n", newline).encode(encoding)


def test_apply_refuses_edits_that_do_not_fit(tmp_path: Path) -> None:
    path = write(tmp_path, "doc.txt", SPLIT_DOC)
    edits, _ = fix.plan(str(path), extract_document(str(path)))
    with pytest.raises(ValueError, match="does not fit"):
        fix.apply(SPLIT_DOC.replace("Beta", "Gamma"), edits)
    with pytest.raises(ValueError, match="does not fit"):
        fix.apply(SPLIT_DOC, edits + edits)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        pytest.param("a\nb\n", "a\nb\n", "", id="equal"),
        pytest.param(
            "a\nb",
            "a\nc",
            "--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n",
            id="no-final-newline",
        ),
    ],
)
def test_unified_diff(before: str, after: str, expected: str) -> None:
    assert fix.unified_diff("f", before, after) == expected


def test_standard_input_cannot_be_fixed(example: Example) -> None:
    with pytest.raises(InputError, match="standard input"):
        fix.plan("-", example.result)
