"""The DOCX reader: notes, numbering, links and calls from hand-built packages; bad input."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
from fixtures_office import (
    MOLOKO_URL,
    PIVOVAR,
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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citations.errors import InputError
from citations.models import Call, Severity, Source
from citations.readers import docx

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def read(path: Path) -> Source:
    return docx.read(str(path), path.read_bytes())


def read_parts(tmp_path: Path, parts: dict[str, str | bytes]) -> Source:
    return read(write_docx(tmp_path / "m.docx", parts))


def one_note(tmp_path: Path, *paragraphs: str) -> Source:
    """A document with one paragraph calling one footnote made of ``paragraphs``."""
    return read_parts(
        tmp_path,
        {
            "word/document.xml": document(para(run("Текст"), ref(5))),
            "word/footnotes.xml": notes_part(note(5, *paragraphs)),
        },
    )


@pytest.fixture
def sample(tmp_path: Path) -> Source:
    return read(sample_docx(tmp_path / "sample.docx"))


def test_footnotes_are_numbered_by_reference_order_and_endnotes_follow(sample: Source) -> None:
    assert sample.footnotes is not None
    assert [(f.number, f.label) for f in sample.footnotes] == [(1, ""), (2, ""), (3, "endnote 1")]
    assert sample.footnotes[0].fragments[0].text == PIVOVAR
    assert sample.footnotes[2].fragments[0].text == "Там же. – С. 5."


def test_calls_carry_the_body_paragraph_number(sample: Source) -> None:
    assert sample.calls == (Call(1, 1), Call(2, 3), Call(3, 3))
    assert [f.span.first for f in sample.footnotes or ()] == [1, 3, 3]


def test_body_paragraphs_become_lines_without_tab_stops_or_note_marks(sample: Source) -> None:
    assert sample.lines == (
        "Латинская Америка важна для Беларуси.",
        "Без сносок.",
        "Экспорт молочной продукции вырос и вновь",
    )
    assert sample.format == "docx" and sample.findings == ()


def test_hyperlink_target_is_a_link_and_soft_hyphen_stays_in_text(sample: Source) -> None:
    moloko = (sample.footnotes or ())[1]
    assert moloko.links == (MOLOKO_URL,)
    text = moloko.fragments[0].text
    assert text.endswith("URL: " + MOLOKO_URL.replace("eksport-", "eksport-\u00ad"))
    assert len(moloko.fragments) == 1


def test_separator_notes_are_skipped(sample: Source) -> None:
    assert all(f.fragments for f in sample.footnotes or ())
    assert len(sample.footnotes or ()) == 3


def test_line_breaks_and_paragraphs_split_fragments(tmp_path: Path) -> None:
    source = one_note(
        tmp_path,
        run("Первая строка") + "<w:r><w:br/><w:t>вторая  \t строка</w:t><w:cr/></w:r>",
        run("Второй абзац"),
    )
    (fn,) = source.footnotes or ()
    assert [f.text for f in fn.fragments] == ["Первая строка", "вторая строка", "Второй абзац"]
    assert fn.number == 1 and {f.line for f in fn.fragments} == {1}


def test_no_break_hyphen_becomes_a_hyphen(tmp_path: Path) -> None:
    source = one_note(tmp_path, "<w:r><w:t>Минск</w:t><w:noBreakHyphen/><w:t>2023</w:t></w:r>")
    assert (source.footnotes or ())[0].fragments[0].text == "Минск-2023"


def test_tracked_deletions_are_skipped_and_insertions_kept(tmp_path: Path) -> None:
    source = one_note(
        tmp_path,
        run("Пивовар, Е. ")
        + '<w:del w:id="1" w:author="ed"><w:r><w:delText>Старое название</w:delText></w:r></w:del>'
        + '<w:ins w:id="2" w:author="ed"><w:r><w:t>Новое название</w:t></w:r></w:ins>',
    )
    assert (source.footnotes or ())[0].fragments[0].text == "Пивовар, Е. Новое название"


def test_field_code_hyperlinks_are_links(tmp_path: Path) -> None:
    split_field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "https://www.belta.by/'
        '</w:instrText></w:r><w:r><w:instrText>politics/view/a-1-2023/" \\o "tip"</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run("ссылка")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    simple = f'<w:fldSimple w:instr="HYPERLINK https://eng.belta.by/x-2-2024/">{run(" и два")}</w:fldSimple>'
    bookmark = f'<w:fldSimple w:instr="HYPERLINK \\l &quot;_Toc1&quot;">{run(" и закладка")}</w:fldSimple>'
    anchor_only = '<w:hyperlink w:anchor="_Toc2">' + run(".") + "</w:hyperlink>"
    (fn,) = one_note(tmp_path, split_field + simple + bookmark + anchor_only).footnotes or ()
    assert fn.links == ("https://www.belta.by/politics/view/a-1-2023/", "https://eng.belta.by/x-2-2024/")
    assert fn.fragments[0].text == "ссылка и два и закладка."


def test_custom_mark_becomes_the_label(tmp_path: Path) -> None:
    source = read_parts(
        tmp_path,
        {
            "word/document.xml": document(para(run("Текст"), ref(3, mark="*"), ref(4))),
            "word/footnotes.xml": notes_part(
                f'<w:footnote w:id="3"><w:p>{run("* Там же.")}</w:p></w:footnote>', note(4, run(PIVOVAR))
            ),
        },
    )
    starred, numbered = source.footnotes or ()
    # As in Word, the custom mark takes no number: the next automatic note is 1.
    assert (starred.number, starred.label, starred.printed, starred.fragments[0].text) == (
        0,
        "*",
        "*",
        "Там же.",
    )
    assert (numbered.number, numbered.printed) == (1, "1")


def test_unreferenced_footnote_is_kept_last_with_a_warning(tmp_path: Path) -> None:
    source = read_parts(
        tmp_path,
        {
            "word/document.xml": document(para(run("Текст"), ref(4))),
            "word/footnotes.xml": notes_part(note(9, run("Забытая сноска.")), note(4, run(PIVOVAR))),
        },
    )
    assert [(f.number, f.fragments[0].text) for f in source.footnotes or ()] == [
        (1, PIVOVAR),
        (2, "Забытая сноска."),
    ]
    (finding,) = source.findings
    assert (finding.code, finding.severity) == ("footnote-unreferenced", Severity.WARNING)
    assert finding.footnote == 2 and finding.line == 0
    assert source.calls == (Call(1, 1),)


def test_document_without_notes_is_not_an_error(tmp_path: Path) -> None:
    source = read_parts(tmp_path, {"word/document.xml": document(para(run("Только текст.")))})
    assert source.footnotes == () and source.calls == () and source.lines == ("Только текст.",)


def test_body_hyperlinks_do_not_leak_into_notes(tmp_path: Path) -> None:
    source = read_parts(
        tmp_path,
        {
            "word/document.xml": document(para(hyperlink("rId1", "сайт"), ref(1))),
            "word/_rels/document.xml.rels": rels({"rId1": "https://belta.by/"}),
            "word/footnotes.xml": notes_part(note(1, run("Там же."))),
        },
    )
    assert (source.footnotes or ())[0].links == () and source.lines == ("сайт",)


def test_text_box_is_its_own_paragraph_and_its_fallback_copy_is_ignored(tmp_path: Path) -> None:
    box = f"<w:txbxContent>{para(run('В рамке'), ref(1))}</w:txbxContent>"
    alternate = (
        f'<w:r><mc:AlternateContent xmlns:mc="{MC_NS}"><mc:Choice Requires="wps">{box}</mc:Choice>'
        f"<mc:Fallback>{box}</mc:Fallback></mc:AlternateContent></w:r>"
    )
    source = read_parts(
        tmp_path,
        {
            "word/document.xml": document(para(run("Снаружи"), alternate)),
            "word/footnotes.xml": notes_part(note(1, run("Там же."))),
        },
    )
    assert source.lines == ("Снаружи", "В рамке") and source.calls == (Call(1, 2),)


# --- bad input ------------------------------------------------------------------------------


def central_entry(data: bytes, name: str) -> int:
    """Offset of the central-directory entry of ``name``."""
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(name)] != name.encode():
        entry = data.index(b"PK\x01\x02", entry + 4)
    return entry


def claim_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the central directory so that ``name`` declares ``size`` unpacked bytes."""
    entry = central_entry(data, name)
    return data[: entry + 24] + struct.pack("<I", size) + data[entry + 28 :]


def read_error(path: Path, data: bytes) -> InputError:
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        docx.read(str(path), data)
    err = info.value
    assert isinstance(err, InputError) and str(err).startswith(str(path))
    return err


def test_corrupt_zip(tmp_path: Path) -> None:
    err = read_error(tmp_path / "bad.docx", b"PK\x03\x04 this is not really a zip archive")
    assert "zip archive is corrupt" in str(err)


def test_truncated_zip(tmp_path: Path) -> None:
    data = sample_docx(tmp_path / "s.docx").read_bytes()
    read_error(tmp_path / "cut.docx", data[: len(data) // 2])


def test_zip_without_document(tmp_path: Path) -> None:
    data = write_docx(tmp_path / "x.docx", {"xl/workbook.xml": "<workbook/>"}).read_bytes()
    assert "word/document.xml is missing" in str(read_error(tmp_path / "x.docx", data))


def test_ole_file_is_named_as_such(tmp_path: Path) -> None:
    err = read_error(tmp_path / "locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert "password-protected" in str(err)


def test_malformed_xml(tmp_path: Path) -> None:
    data = write_docx(tmp_path / "m.docx", {"word/document.xml": "<w:document><w:body>"}).read_bytes()
    assert "not well-formed XML" in str(read_error(tmp_path / "m.docx", data))


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    + "]>"
    + document(para(run("x") + "<w:r><w:t>&i;</w:t></w:r>"))
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE w:footnotes [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    + notes_part(note(1, "<w:r><w:t>&secret;</w:t></w:r>"))
)


@pytest.mark.parametrize(
    "parts",
    [
        {"word/document.xml": BILLION_LAUGHS},
        {"word/document.xml": document(para(run("x"), ref(1))), "word/footnotes.xml": EXTERNAL_ENTITY},
    ],
    ids=["billion-laughs", "external-entity"],
)
def test_dtds_and_entities_are_refused(tmp_path: Path, parts: dict[str, str | bytes]) -> None:
    data = write_docx(tmp_path / "e.docx", parts).read_bytes()
    err = read_error(tmp_path / "e.docx", data)
    assert "declares a DTD" in str(err) and "root:" not in str(err)


def test_member_claiming_a_huge_size(tmp_path: Path) -> None:
    data = sample_docx(tmp_path / "s.docx").read_bytes()
    err = read_error(tmp_path / "big.docx", claim_size(data, "word/document.xml", 60 * 2**20))
    assert "over" in str(err) or "more than 50 MB" in str(err)


def test_package_over_the_total_limit(tmp_path: Path) -> None:
    parts: dict[str, str | bytes] = {f"word/media/image{k}.png": b"png" for k in range(5)}
    parts["word/document.xml"] = document(para(run("x")))
    data = write_docx(tmp_path / "s.docx", parts).read_bytes()
    for k in range(5):
        data = claim_size(data, f"word/media/image{k}.png", 45 * 2**20)
    assert "over the 200 MB limit" in str(read_error(tmp_path / "bomb.docx", data))


def test_unsupported_compression(tmp_path: Path) -> None:
    path = sample_docx(tmp_path / "s.docx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        offset = zf.getinfo("word/document.xml").header_offset
    # The compression method in both headers: 99 (WinZip AES), which zipfile cannot unpack.
    for at in (offset + 8, central_entry(bytes(data), "word/document.xml") + 10):
        data[at : at + 2] = struct.pack("<H", 99)
    assert "cannot unpack word/document.xml" in str(read_error(tmp_path / "aes.docx", bytes(data)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(at=st.integers(min_value=0, max_value=3000), junk=st.binary(min_size=1, max_size=32))
def test_damaged_packages_give_input_error_or_a_source(tmp_path: Path, at: int, junk: bytes) -> None:
    base = sample_docx(tmp_path / "s.docx").read_bytes()
    data = base[:at] + junk + base[at + len(junk) :]
    try:
        source = docx.read(str(tmp_path / "f.docx"), data)
    except InputError:
        return
    assert source.footnotes is not None
