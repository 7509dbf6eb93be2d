"""Build small DOCX and PDF manuscripts in a test's tmp_path; no binary fixtures are committed.

The footnote texts are our own, written in the GOST style of the example manuscript.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ROOT_ATTRS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
_HYPERLINK_TYPE = f"{R_NS}/hyperlink"
_OFFICE_DOCUMENT = f'<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="word/document.xml"/>'

PIVOVAR = (
    "Пивовар, Е. Беларусь и Латинская Америка / Е. Пивовар // [Электронный ресурс]. – 2022. – URL: "
    "https://www.belta.by/economics/view/belarus-v-sotrudnichestve-s-latinskoj-amerikoj-510550-2022/ "
    "(дата обращения: 12.03.2023)."
)
MOLOKO_URL = "https://www.belta.by/economics/view/eksport-molochnoj-produktsii-vyros-na-12-574411-2023/"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*parts: str) -> str:
    return f'<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>{"".join(parts)}</w:p>'


def ref(note_id: int, kind: str = "footnote", mark: str = "") -> str:
    """A body reference to a note; ``mark`` makes it a custom-mark reference."""
    if mark:
        return f'<w:r><w:{kind}Reference w:customMarkFollows="1" w:id="{note_id}"/><w:t>{mark}</w:t></w:r>'
    style = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
    return f'<w:r>{style}<w:{kind}Reference w:id="{note_id}"/></w:r>'


def hyperlink(rel_id: str, text: str) -> str:
    return f'<w:hyperlink r:id="{rel_id}">{run(text)}</w:hyperlink>'


def note(note_id: int, *paragraphs: str, kind: str = "footnote") -> str:
    """A note whose paragraphs are given as inner XML; the first starts with the auto number."""
    first, *rest = paragraphs
    body = para(f"<w:r><w:{kind}Ref/></w:r>", run(" "), first) + "".join(para(p) for p in rest)
    return f'<w:{kind} w:id="{note_id}">{body}</w:{kind}>'


def notes_part(*notes: str, kind: str = "footnote") -> str:
    """A footnotes.xml/endnotes.xml part, with the separator notes Word always writes."""
    separators = (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        f"</w:r></w:p></w:{kind}>"
    )
    return f"<w:{kind}s {_ROOT_ATTRS}>{separators}{''.join(notes)}</w:{kind}s>"


def document(*paragraphs: str) -> str:
    return f"<w:document {_ROOT_ATTRS}><w:body>{''.join(paragraphs)}<w:sectPr/></w:body></w:document>"


def rels(links: dict[str, str]) -> str:
    items = "".join(
        f'<Relationship Id="{rid}" Type="{_HYPERLINK_TYPE}" Target="{escape(url)}" TargetMode="External"/>'
        for rid, url in links.items()
    )
    return f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>'


def write_docx(path: Path, parts: dict[str, str | bytes]) -> Path:
    """A .docx holding ``parts`` (name → XML), plus the package boilerplate unless overridden."""
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": rels({}).replace("</Relationships>", _OFFICE_DOCUMENT + "</Relationships>"),
        **parts,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return path


def sample_docx(path: Path) -> Path:
    """Three body paragraphs calling footnotes 2, 1 (ids in reverse order) and one endnote."""
    body = document(
        para(run("Латинская Америка важна для Беларуси"), ref(2), run(".")),
        para(run("Без сносок.")),
        para(run("Экспорт молочной продукции вырос"), ref(1), run(" и вновь"), ref(2, "endnote")),
    )
    footnotes = notes_part(
        note(
            1,
            run("Экспорт молочной продукции вырос [Электронный ресурс]. – 2023. – URL: ")
            + hyperlink("rId7", MOLOKO_URL.replace("eksport-", "eksport-\u00ad")),
        ),
        note(2, run(PIVOVAR)),
    )
    endnotes = notes_part(note(2, run("Там же. – С. 5."), kind="endnote"), kind="endnote")
    return write_docx(
        path,
        {
            "word/document.xml": body,
            "word/footnotes.xml": footnotes,
            "word/_rels/footnotes.xml.rels": rels({"rId7": MOLOKO_URL}),
            "word/endnotes.xml": endnotes,
        },
    )


# --- PDF -----------------------------------------------------------------------------------

PDF_URL = "https://www.belta.by/economics/view/belarus-v-sotrudnichestve-s-latinskoj-amerikoj-510550-2022/"
_URL_TAIL = "latinskoj-amerikoj-510550-2022/"
_URL_HEAD = PDF_URL.removesuffix(_URL_TAIL)
_FILLER = [
    f"Ligne {k} : les livraisons de tracteurs et de camions vers la region ont progresse."
    for k in range(1, 31)
]
BODY, SUP, NOTE = 12.0, 7.0, 9.0


def _write(pdf: Any, x: float, y: float, parts: list[tuple[str, float, float]]) -> None:
    """Write (text, size, rise) pieces left to right from baseline ``y`` (an fpdf2 FPDF)."""
    for text, size, rise in parts:
        pdf.set_font("Helvetica", size=size)
        pdf.text(x, y - rise, text)
        x += pdf.get_string_width(text)


def sample_pdf(path: Path) -> Path:
    """Two A4 pages: 12 pt body with 7 pt raised calls, 9 pt footnotes, page numbers, a URL link.

    Page 1 carries calls 1 and 2, footnotes 1 (URL broken over two lines, one link annotation per
    line with the full URL) and 2, and its number at the bottom; page 2 has its number at the top.
    """
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    _write(pdf, 72, 90, [("La Bielorussie developpe ses relations avec l'Amerique latine.", BODY, 0)])
    _write(pdf, 72, 108, [("Selon le ministre", BODY, 0), ("1", SUP, 4), (" , le lien avance.", BODY, 0)])
    _write(pdf, 72, 126, [("Les produits laitiers", BODY, 0), ("2", SUP, 4), (" . Le total monte.", BODY, 0)])
    _write(pdf, 72, 144, [("Les echanges ont atteint 1,5 milliard de dollars en 2021.", BODY, 0)])
    for k, text in enumerate(_FILLER[:25]):
        _write(pdf, 72, 162 + 18 * k, [(text, BODY, 0)])
    pdf.line(72, 730, 200, 730)
    pivovar = " Pivovar, E. Belarus et l'Amerique latine / E. Pivovar // [Ressource"
    _write(pdf, 72, 745, [("1", 6, 3), (pivovar, NOTE, 0)])
    _write(pdf, 72, 756, [("electronique]. - 2022. - URL : " + _URL_HEAD, NOTE, 0)])
    _write(pdf, 72, 767, [(_URL_TAIL, NOTE, 0)])
    pdf.set_font("Helvetica", size=NOTE)
    head_x = 72 + pdf.get_string_width("electronique]. - 2022. - URL : ")
    pdf.link(head_x, 748, pdf.get_string_width(_URL_HEAD), 10, PDF_URL)
    pdf.link(72, 759, pdf.get_string_width(_URL_TAIL), 10, PDF_URL)
    _write(pdf, 72, 778, [("2", 6, 3), (" Les produits laitiers [Ressource electronique]. - 2023.", NOTE, 0)])
    _write(pdf, 295, 812, [("1", BODY, 0)])
    pdf.add_page()
    _write(pdf, 295, 40, [("2", BODY, 0)])
    _write(pdf, 72, 90, [("Le commerce avec Cuba continue", BODY, 0), ("3", SUP, 4), (" .", BODY, 0)])
    for k, text in enumerate(_FILLER[25:]):
        _write(pdf, 72, 108 + 18 * k, [(text, BODY, 0)])
    _write(pdf, 72, 200, [("Fin du chapitre.", BODY, 0)])
    _write(pdf, 72, 760, [("3", 6, 3), (" Cuba et Belarus [Ressource electronique]. - 2023.", NOTE, 0)])
    pdf.output(str(path))
    return path


def textless_pdf(path: Path) -> Path:
    """A page with only a drawn rectangle: what a scan without OCR looks like to a text reader."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.rect(72, 72, 300, 400, style="F")
    pdf.output(str(path))
    return path


def rows_pdf(path: Path, rows: list[tuple[float, list[tuple[str, float, float]]]]) -> Path:
    """One A4 page with (baseline y from the top, [(text, size, rise), ...]) rows at x = 72 pt."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    for y, parts in rows:
        _write(pdf, 72, y, parts)
    pdf.output(str(path))
    return path
