"""``citations fix`` on DOCX: edits inside the notes' XML only, every other zip member kept byte
for byte, uncertain or run-spanning fixes refused, results proved by reading the package again.

The packages are built by :mod:`fixtures_office`; the note texts are our own.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from fixtures_office import (
    MOLOKO_URL,
    document,
    hyperlink,
    note,
    notes_part,
    para,
    ref,
    rels,
    run,
    sample_docx,
    write_docx,
)

from citations import fix, fix_docx
from citations.errors import InputError, OutputError
from citations.models import DocumentResult, Link, Outcome
from citations.pipeline import extract_document

HEAD = "Экспорт молочной продукции вырос [Электронный ресурс]. – 2023. – URL: "
NEW = "https://www.belta.by/economics/view/eksport-novyj-adres-574411-2023/"
ARCHIVE = "https://web.archive.org/web/2023/" + MOLOKO_URL
NOTES = "word/footnotes.xml"
RELS = "word/_rels/footnotes.xml.rels"


def docx(tmp_path: Path, *inner: str, links: dict[str, str] | None = None, body: str = "") -> Path:
    """A document whose one body paragraph calls footnote 1, made of the paragraphs ``inner``."""
    parts: dict[str, str | bytes] = {
        "word/document.xml": document(para(run(body or "Экспорт вырос"), ref(1))),
        NOTES: notes_part(note(1, *inner)),
    }
    if links:
        parts[RELS] = rels(links)
    return write_docx(tmp_path / "doc.docx", parts)


def with_link(result: DocumentResult, **link: object) -> DocumentResult:
    """``result`` with every reference given a checked link (what ``citations check`` attaches)."""
    refs = tuple(replace(r, link=Link(url=r.url or "", **link)) for r in result.references)  # type: ignore[arg-type]
    return replace(result, references=refs)


def fixed(
    path: Path, result: DocumentResult | None = None, *, archive_dead: bool = False
) -> fix_docx.DocxPlan:
    return fix_docx.plan(str(path), result or extract_document(str(path)), archive_dead=archive_dead)


def member(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


def raw_members(data: bytes) -> dict[str, bytes]:
    """Each member's local header and stored (compressed) bytes, exactly as in the archive."""
    out = {}
    for info in zipfile.ZipFile(io.BytesIO(data)).infolist():
        at = info.header_offset
        name_len, extra_len = struct.unpack_from("<2H", data, at + 26)
        out[info.filename] = data[at : at + 30 + name_len + extra_len + info.compress_size]
    return out


def assert_only_changed(before: bytes, after: bytes, changed: set[str]) -> None:
    """Same members in the same order and with the same metadata; all but ``changed`` identical."""
    old = zipfile.ZipFile(io.BytesIO(before)).infolist()
    new = zipfile.ZipFile(io.BytesIO(after)).infolist()
    assert [i.filename for i in old] == [i.filename for i in new]
    same = ("compress_type", "date_time", "external_attr", "create_system", "flag_bits", "extra", "comment")
    for a, b in zip(old, new, strict=True):
        assert [getattr(a, k) for k in same] == [getattr(b, k) for k in same]
        if a.filename not in changed:
            assert (a.CRC, a.file_size, a.compress_size) == (b.CRC, b.file_size, b.compress_size)
    raw_old, raw_new = raw_members(before), raw_members(after)
    assert {n for n in raw_old if raw_old[n] != raw_new[n]} == changed


# --- certain character fixes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "code"),
    [
        pytest.param(
            HEAD + MOLOKO_URL + " – C. 5.", HEAD + MOLOKO_URL + " – С. 5.", "homoglyph", id="homoglyph"
        ),
        pytest.param(
            HEAD + MOLOKO_URL + " – \ufffd. 5.", HEAD + MOLOKO_URL + " – С. 5.", "replacement-char", id="lost"
        ),
        pytest.param(
            HEAD.replace("Электронный", "Электрoнный") + MOLOKO_URL,
            HEAD + MOLOKO_URL,
            "mixed-script",
            id="mixed",
        ),
    ],
)
def test_character_fix_within_one_run(tmp_path: Path, text: str, expected: str, code: str) -> None:
    path = docx(tmp_path, run(text))
    original = path.read_bytes()
    out = tmp_path / "out.docx"
    report = fix.fix_file(
        str(path), extract_document(str(path)), output=str(out), in_place=False, dry_run=False
    )
    assert report.counts == {code: 1} and report.written == str(out)
    [edit] = report.edits
    assert {s.part for s in edit.splices if isinstance(s, fix_docx.PartSplice)} == {NOTES}
    assert edit.new == (f"footnote 1: {expected}",)
    again = extract_document(str(out))
    assert not [f for f in again.findings if f.code == code]
    assert member(out.read_bytes(), NOTES) == member(original, NOTES).replace(text, expected)
    assert_only_changed(original, out.read_bytes(), {NOTES})
    assert path.read_bytes() == original  # the document itself is untouched
    assert f"-footnote 1: {text}\n+footnote 1: {expected}\n" in report.diff


def test_homoglyph_across_runs_is_refused(tmp_path: Path) -> None:
    path = docx(tmp_path, run(HEAD + MOLOKO_URL + " – C") + run(". 5."))
    plan = fixed(path)
    assert plan.edits == () and plan.fixed == plan.data and plan.after == plan.before
    [refusal] = [r for r in plan.refusals if r.code == "homoglyph"]
    assert refusal.reason == fix_docx.SPANS_RUNS and refusal.footnote == 1


def test_finding_in_the_body_is_refused(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "doc.docx",
        {
            "word/document.xml": document(
                para(run("Пивовар, Е. Беларусь / Е. Пивовар. – Минск, 2022. – C. 19."))
            ),
            NOTES: notes_part(),
        },
    )
    plan = fixed(path)
    assert plan.edits == ()
    assert [r.reason for r in plan.refusals if r.code == "homoglyph"] == [
        "only footnotes and endnotes are edited in a DOCX — fix the body text in Word"
    ]


def test_english_reference_keeps_its_latin_c(tmp_path: Path) -> None:
    path = docx(tmp_path, run("Smith, J. Trade. Vol. 3. – C. 19."))
    plan = fixed(path)
    assert plan.edits == () and [r for r in plan.refusals if r.code == "homoglyph" and "GOST" in r.reason]


# --- links ---------------------------------------------------------------------------------------


def test_moved_url_changes_the_relationship_target_and_the_visible_text(tmp_path: Path) -> None:
    path = docx(tmp_path, run(HEAD) + hyperlink("rId7", MOLOKO_URL), links={"rId7": MOLOKO_URL})
    original = path.read_bytes()
    result = with_link(extract_document(str(path)), outcome=Outcome.MOVED, final_url=NEW)
    plan = fixed(path, result)
    [edit] = plan.edits
    assert edit.codes == ("link-moved",)
    assert {s.part for s in edit.splices if isinstance(s, fix_docx.PartSplice)} == {NOTES, RELS}
    assert member(plan.fixed, RELS) == member(original, RELS).replace(MOLOKO_URL, NEW)
    assert member(plan.fixed, NOTES) == member(original, NOTES).replace(MOLOKO_URL, NEW)
    assert_only_changed(original, plan.fixed, {NOTES, RELS})
    out = tmp_path / "out.docx"
    out.write_bytes(plan.fixed)
    again = extract_document(str(out))
    assert [r.url for r in again.references] == [NEW]
    assert f"+footnote 1 link: {NEW}\n" in fix.unified_diff("d", plan.before, plan.after)


def test_moved_url_shown_only_through_the_hyperlink_changes_the_target(tmp_path: Path) -> None:
    path = docx(
        tmp_path,
        run(HEAD.removesuffix("URL: ")) + hyperlink("rId7", "сайт БЕЛТА"),
        links={"rId7": MOLOKO_URL},
    )
    result = with_link(extract_document(str(path)), outcome=Outcome.MOVED, final_url=NEW)
    plan = fixed(path, result)
    assert [e.codes for e in plan.edits] == [("link-moved",)]
    assert member(plan.fixed, RELS).count(NEW) == 1 and member(plan.fixed, NOTES) == member(
        path.read_bytes(), NOTES
    )


def test_moved_url_with_ampersand_is_escaped(tmp_path: Path) -> None:
    new = "https://www.belta.by/search/?q=moloko&page=2"
    path = docx(tmp_path, run(HEAD) + hyperlink("rId7", MOLOKO_URL), links={"rId7": MOLOKO_URL})
    plan = fixed(path, with_link(extract_document(str(path)), outcome=Outcome.MOVED, final_url=new))
    assert len(plan.edits) == 1
    assert "q=moloko&amp;page=2" in member(plan.fixed, RELS) and "q=moloko&amp;page=2" in member(
        plan.fixed, NOTES
    )


def test_moved_url_in_a_hyperlink_field_is_refused(tmp_path: Path) -> None:
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> HYPERLINK "{MOLOKO_URL}" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(MOLOKO_URL)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    path = docx(tmp_path, run(HEAD) + field)
    plan = fixed(path, with_link(extract_document(str(path)), outcome=Outcome.MOVED, final_url=NEW))
    assert plan.edits == ()
    assert [r.reason for r in plan.refusals if r.code == "link-moved"] == [
        "the URL is inside a field (a HYPERLINK field code) — change it in Word"
    ]


def test_url_cited_twice_is_not_moved(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "doc.docx",
        {
            "word/document.xml": document(para(run("Текст"), ref(1), run(" и "), ref(2))),
            NOTES: notes_part(note(1, run(HEAD + MOLOKO_URL)), note(2, run(HEAD + MOLOKO_URL))),
        },
    )
    plan = fixed(path, with_link(extract_document(str(path)), outcome=Outcome.MOVED, final_url=NEW))
    assert plan.edits == ()
    assert {r.reason for r in plan.refusals if r.code == "link-moved"} == {
        "the URL appears 2 times in the document; which to change is ambiguous — edit by hand"
    }


def test_soft_hyphen_in_the_sample_is_removed_and_nothing_else_changes(tmp_path: Path) -> None:
    path = sample_docx(tmp_path / "sample.docx")
    plan = fixed(path)
    assert [e.codes for e in plan.edits] == [("url-malformed",)]
    assert_only_changed(path.read_bytes(), plan.fixed, {NOTES})
    assert member(plan.fixed, NOTES) == member(path.read_bytes(), NOTES).replace("\u00ad", "")


DEAD = {"outcome": Outcome.NOT_FOUND, "archive_url": ARCHIVE, "checked_at": "2024-05-01T10:00:00Z"}
STYLED = (
    '<w:hyperlink r:id="rId7"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:sz w:val="18"/></w:rPr>'
    f'<w:t xml:space="preserve">{MOLOKO_URL}</w:t></w:r></w:hyperlink>'
)


def test_archive_note_goes_in_a_new_run_after_the_hyperlink(tmp_path: Path) -> None:
    path = docx(
        tmp_path, run(HEAD) + STYLED + run(" (дата обращения: 12.03.2023)."), links={"rId7": MOLOKO_URL}
    )
    plan = fixed(path, with_link(extract_document(str(path)), **DEAD), archive_dead=True)
    [edit] = plan.edits
    assert edit.codes == ("link-not-found",) and "checked 2024-05-01" in edit.reason
    new_run = (
        '<w:r><w:rPr><w:sz w:val="18"/></w:rPr>'  # the link's character style is not copied
        f'<w:t xml:space="preserve"> (archived copy: {ARCHIVE})</w:t></w:r>'
    )
    assert member(plan.fixed, NOTES) == member(path.read_bytes(), NOTES).replace(
        "</w:hyperlink>", "</w:hyperlink>" + new_run
    )
    assert f"{MOLOKO_URL} (archived copy: {ARCHIVE}) (дата обращения" in plan.after


def test_archive_note_in_plain_text_follows_the_url(tmp_path: Path) -> None:
    text = HEAD + MOLOKO_URL + " (дата обращения: 12.03.2023)."
    path = docx(tmp_path, run(text))
    plan = fixed(path, with_link(extract_document(str(path)), **DEAD), archive_dead=True)
    assert [e.codes for e in plan.edits] == [("link-not-found",)]
    expected = text.replace(MOLOKO_URL, f"{MOLOKO_URL} (archived copy: {ARCHIVE})")
    assert member(plan.fixed, NOTES) == member(path.read_bytes(), NOTES).replace(text, expected)


def test_archive_note_needs_the_flag(tmp_path: Path) -> None:
    path = docx(tmp_path, run(HEAD + MOLOKO_URL))
    plan = fixed(path, with_link(extract_document(str(path)), **DEAD))
    assert plan.edits == ()
    assert [r.reason for r in plan.refusals if r.code == "link-not-found"] == [
        "an archived copy exists; pass --archive-dead to add it after the URL"
    ]


# --- URLs broken by a line break or blanks -------------------------------------------------------

CUT = 40


@pytest.mark.parametrize(
    ("inner", "links", "removed"),
    [
        pytest.param(
            f'<w:r><w:t xml:space="preserve">{HEAD}{MOLOKO_URL[:CUT]}</w:t><w:br/><w:t>{MOLOKO_URL[CUT:]}</w:t></w:r>',
            None,
            "<w:br/>",
            id="break-in-one-run",
        ),
        pytest.param(
            run(HEAD)
            + f'<w:hyperlink r:id="rId7">{run(MOLOKO_URL[:CUT])}<w:r><w:br/></w:r>{run(MOLOKO_URL[CUT:])}</w:hyperlink>',
            {"rId7": MOLOKO_URL},
            "<w:br/>",
            id="break-between-runs-of-a-hyperlink",
        ),
        pytest.param(
            run(HEAD)
            + f'<w:hyperlink r:id="rId7">{run(MOLOKO_URL[:CUT] + "  ")}{run(MOLOKO_URL[CUT:])}</w:hyperlink>',
            {"rId7": MOLOKO_URL},
            "  ",
            id="blanks-in-a-hyperlink",
        ),
    ],
)
def test_broken_url_is_rejoined(
    tmp_path: Path, inner: str, links: dict[str, str] | None, removed: str
) -> None:
    path = docx(tmp_path, inner, links=links)
    plan = fixed(path)
    assert [e.codes for e in plan.edits] == [("url-split",)]
    assert f"footnote 1: {HEAD}{MOLOKO_URL}\n" in plan.after
    before = member(path.read_bytes(), NOTES)
    assert before.count(removed) == 1 and member(plan.fixed, NOTES) == before.replace(removed, "")
    assert_only_changed(path.read_bytes(), plan.fixed, {NOTES})


def test_two_urls_broken_in_one_paragraph_are_rejoined_each(tmp_path: Path) -> None:
    other = "https://www.belta.by/economics/view/belarus-v-sotrudnichestve-s-latinskoj-amerikoj-510550-2022/"
    text = (
        f'<w:r><w:t xml:space="preserve">{HEAD}{MOLOKO_URL[:CUT]}</w:t><w:br/>'
        f'<w:t xml:space="preserve">{MOLOKO_URL[CUT:]}; Беларусь [Электронный ресурс]. – 2022. – URL: '
        f"{other[:45]}</w:t><w:br/><w:t>{other[45:]}</w:t></w:r>"
    )
    plan = fixed(docx(tmp_path, text))
    assert [e.codes for e in plan.edits] == [("url-split",), ("url-split",)]
    assert f"{HEAD}{MOLOKO_URL}; Беларусь [Электронный ресурс]. – 2022. – URL: {other}\n" in plan.after


def test_url_broken_across_separate_runs_is_refused(tmp_path: Path) -> None:
    path = docx(tmp_path, run(HEAD + MOLOKO_URL[:CUT]) + "<w:r><w:br/></w:r>" + run(MOLOKO_URL[CUT:]))
    plan = fixed(path)
    assert plan.edits == ()
    assert [r.reason for r in plan.refusals if r.code == "url-split"] == [
        "the URL's pieces sit in separate runs — rejoin it in Word"
    ]


# --- proof, package, writing ---------------------------------------------------------------------


def test_an_edit_that_changes_the_reading_is_withdrawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = docx(tmp_path, run(HEAD + MOLOKO_URL + " – C. 5."))
    result = extract_document(str(path))
    real = fix_docx.extract_source

    def misread(source: object) -> DocumentResult:
        got = real(source)  # type: ignore[arg-type]
        if "С. 5." in str(source):  # the fixed package: pretend its URL reads otherwise
            return replace(
                got, references=tuple(replace(r, url="https://example.org/") for r in got.references)
            )
        return got

    monkeypatch.setattr(fix_docx, "extract_source", misread)
    plan = fix_docx.plan(str(path), result)
    assert plan.edits == () and plan.fixed == plan.data
    assert [r for r in plan.refusals if r.code == "homoglyph" and "read again" in r.reason]


def test_package_with_data_descriptors_keeps_its_members(tmp_path: Path) -> None:
    class Stream(io.RawIOBase):  # not seekable: zipfile writes data descriptors, as streaming writers do
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, b: object) -> int:
            chunk = bytes(b)  # type: ignore[call-overload]
            self.data += chunk
            return len(chunk)

    source = docx(tmp_path, run(HEAD + MOLOKO_URL + " – C. 5."))
    stream = Stream()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
    path = tmp_path / "streamed.docx"
    path.write_bytes(bytes(stream.data))
    assert all(i.flag_bits & 8 for i in zipfile.ZipFile(path).infolist())
    plan = fixed(path)
    assert [e.codes for e in plan.edits] == [("homoglyph",)]
    assert zipfile.ZipFile(io.BytesIO(plan.fixed)).testzip() is None
    assert_only_changed(path.read_bytes(), plan.fixed, {NOTES})


def test_xml_entities_elsewhere_in_the_text_are_kept(tmp_path: Path) -> None:
    text = "Беларусь &amp; Куба [Электронный ресурс]. – 2023. – C. 5."
    inner = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    path = docx(tmp_path, inner)
    plan = fixed(path)
    assert [e.codes for e in plan.edits] == [("homoglyph",)]
    assert member(plan.fixed, NOTES) == member(path.read_bytes(), NOTES).replace("– C. 5.", "– С. 5.")


def test_plan_is_deterministic(tmp_path: Path) -> None:
    path = docx(
        tmp_path, run(HEAD) + hyperlink("rId7", MOLOKO_URL) + run(" – C. 5."), links={"rId7": MOLOKO_URL}
    )
    result = with_link(extract_document(str(path)), outcome=Outcome.MOVED, final_url=NEW)
    first, second = fixed(path, result), fixed(path, result)
    assert first == second and len(first.edits) == 2
    assert fix_docx.apply(first.data, first.edits) == first.fixed


def test_in_place_keeps_a_backup(tmp_path: Path) -> None:
    path = docx(tmp_path, run(HEAD + MOLOKO_URL + " – C. 5."))
    original = path.read_bytes()
    os.chmod(path, 0o640)
    report = fix.fix_file(str(path), extract_document(str(path)), output=None, in_place=True, dry_run=False)
    assert report.backup == f"{path}.orig" and report.written == str(path)
    assert Path(report.backup).read_bytes() == original
    assert (path.stat().st_mode & 0o777) == 0o640
    assert "С. 5." in member(path.read_bytes(), NOTES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.docx", "doc.docx.orig"]
    again = fix.fix_file(str(path), extract_document(str(path)), output=None, in_place=True, dry_run=False)
    assert again.edits == () and again.written is None  # nothing left to fix: nothing written


def test_dry_run_writes_nothing_and_never_overwrites_without_in_place(tmp_path: Path) -> None:
    path = docx(tmp_path, run(HEAD + MOLOKO_URL + " – C. 5."))
    result = extract_document(str(path))
    report = fix.fix_file(str(path), result, output=None, in_place=False, dry_run=True)
    assert (
        report.written is None
        and report.counts == {"homoglyph": 1}
        and report.diff.startswith(f"--- {path}\n")
    )
    with pytest.raises(OutputError, match="is the document itself"):
        fix.fix_file(str(path), result, output=str(path), in_place=False, dry_run=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.docx"]


def test_corrupt_docx_gives_the_readers_input_error(tmp_path: Path) -> None:
    path = docx(tmp_path, run(HEAD + MOLOKO_URL + " – C. 5."))
    result = extract_document(str(path))
    path.write_bytes(b"PK\x03\x04 this is no longer a zip archive")
    with pytest.raises(InputError, match="zip archive is corrupt"):
        fix.fix_file(str(path), result, output=str(tmp_path / "out.docx"), in_place=False, dry_run=False)
    assert not (tmp_path / "out.docx").exists()
