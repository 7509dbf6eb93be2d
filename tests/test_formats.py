"""Every reader through the whole pipeline: the same references whatever the author sent."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fixtures_office import MOLOKO_URL, NOTE, PDF_URL, sample_docx, sample_pdf
from fpdf import FPDF

from citations.models import Kind, Severity
from citations.pipeline import extract_document
from cli import main

ALEJNIK = "https://www.belta.by/politics/view/alejnik-rasskazal-chem-belarusi-interesno-567456-2023/"

MARKDOWN = f"""# Глава 1

Алейник рассказал о сотрудничестве[^1]. Экспорт вырос[^a].

[^1]: Алейник рассказал, чем Беларуси интересно сотрудничество [Электронный ресурс]. – 2023. –
    URL: {ALEJNIK} (дата обращения: 12.03.2023).
[^a]: Там же. С. 5.
"""

LATEX = rf"""\documentclass{{article}}
\begin{{document}}
Aleinik a expliqué\footnote{{Aleinik a expliqué comment la Biélorussie s'intéresse à la coopération
[Ressource électronique]. -- 2023. -- URL~: \url{{{ALEJNIK}}}.}} puis
Pivovar\footnote{{Pivovar, E. Les entreprises communes / E. Pivovar // [Ressource électronique]. --
2022. -- URL~: \url{{https://www.belta.by/economics/view/sovmestnye-predprijatija-510001-2022/}}}}.
\end{{document}}
"""


def test_markdown(tmp_path: Path) -> None:
    doc = tmp_path / "chapter.md"
    doc.write_text(MARKDOWN, encoding="utf-8")
    result = extract_document(str(doc))
    first, second = result.references
    assert (
        first.url == ALEJNIK
        and first.access_date == "12.03.2023"
        and first.belta
        and first.belta.id == 567456
    )
    assert (first.span.first, first.span.last) == (5, 6)
    assert second.kind == Kind.IBID and second.pages == "5" and second.same_as == 1
    assert second.label == "a"  # the Markdown label as written
    assert result.missing == ()


def test_latex(tmp_path: Path) -> None:
    doc = tmp_path / "chapter.tex"
    doc.write_text(LATEX, encoding="utf-8")
    result = extract_document(str(doc))
    first, second = result.references
    assert first.url == ALEJNIK and first.year == 2023 and first.medium == "[Ressource électronique]"
    assert second.authors == ("Pivovar, E.",) and second.belta and second.belta.id == 510001
    assert first.span.first == 3


def test_docx(tmp_path: Path) -> None:
    result = extract_document(str(sample_docx(tmp_path / "paper.docx")))
    refs = {r.n: r for r in result.references}
    assert refs[1].title == "Беларусь и Латинская Америка" and refs[1].access_date == "12.03.2023"
    # A soft hyphen inside the URL is typographic: reported, and the address cleaned.
    assert refs[2].url == MOLOKO_URL and refs[2].url_complete is True
    assert [f.code for f in refs[2].findings] == ["url-malformed"]
    assert refs[3].kind == Kind.IBID


def test_pdf_text_layer_and_layout(tmp_path: Path) -> None:
    result = extract_document(str(sample_pdf(tmp_path / "paper.pdf")))
    refs = {r.n: r for r in result.references}
    assert refs[1].url == PDF_URL and refs[1].authors == ("Pivovar, E.",)
    split = [f for f in refs[1].findings if f.code == "url-split"]
    assert split and split[0].severity == Severity.INFO  # layout wrapping in a PDF, not the author's error
    assert sorted(refs) == [1, 2, 3] and result.call_count == 3


def _page_of_body(lines: list[str]) -> FPDF:
    """An A4 page with ``lines`` of 12 pt body text from the top; the caller adds the notes."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for k, line in enumerate(lines):
        pdf.text(72, 90 + 18 * k, line)
    return pdf


def test_pdf_link_annotation_recovers_a_url_the_text_layer_cut(tmp_path: Path) -> None:
    pdf = _page_of_body([f"Ligne {k} du corps du texte, sans appel de note ici." for k in range(30)])
    pdf.set_font("Helvetica", size=NOTE)
    shown = "https://www.belta.by/politics/view/alejnik-rasskazal-"
    pdf.text(72, 760, "1 Aleinik a explique [Ressource electronique]. - 2023. - URL : " + shown)
    pdf.link(72, 752, 500, 10, ALEJNIK)
    pdf.output(str(tmp_path / "cut.pdf"))
    [ref] = extract_document(str(tmp_path / "cut.pdf")).references
    assert ref.url == ALEJNIK and ref.url_complete is True
    assert "url-recovered" in [f.code for f in ref.findings]


def test_input_format_overrides_extension(tmp_path: Path) -> None:
    doc = tmp_path / "notes.txt"
    doc.write_text(MARKDOWN, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(doc), "--input-format", "markdown", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["documents"][0]["format"] == "markdown"
    assert payload["documents"][0]["references"][0]["url"] == ALEJNIK


def test_pdf_page_whose_footnotes_outweigh_the_body(tmp_path: Path) -> None:
    """Four body lines over nine footnote lines: the body size is read from the top of the page."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    for k in range(4):
        pdf.set_font("Helvetica", size=12)
        pdf.text(72, 90 + 18 * k, f"Le corps du texte, ligne {k + 1}, cite une source")
        pdf.set_font("Helvetica", size=7)
        pdf.text(330, 86 + 18 * k, str(k + 1))
    pdf.set_font("Helvetica", size=NOTE)
    y = 600
    for k in range(4):
        for text in (
            f"{k + 1} Titre numero {k + 1} de la note de bas de page [Ressource electronique]. - 2023. -",
            f"URL : https://www.belta.by/economics/view/titre-numero-{k + 1}-56{k}001-2023/",
        ):
            pdf.text(72, y, text)
            y += 11
    pdf.output(str(tmp_path / "heavy.pdf"))
    result = extract_document(str(tmp_path / "heavy.pdf"))
    assert [r.n for r in result.references] == [1, 2, 3, 4] and result.call_count == 4


def test_docx_hyperlink_that_disagrees_with_the_url_shown(tmp_path: Path) -> None:
    from fixtures_office import document, hyperlink, note, notes_part, para, ref, rels, run, write_docx

    shown = "https://www.belta.by/society/view/v-minske-otkrylsja-tsentr-542000-2023/"
    target = "https://www.belta.by/society/view/v-minske-otkrylas-biblioteka-542001-2023/"
    parts = {
        "word/document.xml": document(para(run("Texte"), ref(1))),
        "word/footnotes.xml": notes_part(
            note(1, para(run("Titre [Ressource électronique]. - 2023. - URL : "), hyperlink("rId9", shown)))
        ),
        "word/_rels/footnotes.xml.rels": rels({"rId9": target}),
    }
    [reference] = extract_document(str(write_docx(tmp_path / "m.docx", parts))).references
    assert reference.url == shown
    assert [f.code for f in reference.findings] == ["url-link-mismatch"]


def test_markdown_reference_style_links(tmp_path: Path) -> None:
    target = (
        "https://www.belta.by/economics/view/sborochnoe-proizvodstvo-maz-vo-vjetname-rasshirjat-540118-2023/"
    )
    doc = tmp_path / "refs.md"
    doc.write_text(
        "Texte[^1] et[^2].\n\n"
        f'[plant]: {target} "Title"\n\n'
        "[^1]: Assembly [Electronic resource]. – 2023. – URL: [see the article][plant] (date of access: 01.08.2023).\n"
        "[^2]: Other [Электронный ресурс] // [unknown label]. – 2023.\n",
        encoding="utf-8",
    )
    first, second = extract_document(str(doc)).references
    assert first.url == target and first.access_date == "01.08.2023"
    assert second.medium == "[Электронный ресурс]" and "[unknown label]" in second.raw


def test_pdf_running_footer_is_not_glued_to_the_last_footnote(tmp_path: Path) -> None:
    pdf = _page_of_body([f"Le corps du texte continue, ligne {k + 1}." for k in range(20)])
    pdf.set_font("Helvetica", size=NOTE)
    pdf.text(
        72, 760, "1 Titre de la note [Ressource electronique]. - 2023. - URL : https://mfa.gov.by/a.html"
    )
    pdf.text(72, 771, "2 Ibid. P. 8.")
    pdf.text(72, 800, "Belarus et Moyen-Orient : monographie - 15 -")
    pdf.output(str(tmp_path / "footer.pdf"))
    refs = extract_document(str(tmp_path / "footer.pdf")).references
    assert [r.raw for r in refs][-1] == "Ibid. P. 8."
