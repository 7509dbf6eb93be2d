"""The LaTeX reader: footnote commands, brace matching, comments, numbering and text conversion."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from citations.errors import InputError
from citations.models import Call, Fragment, Severity, Source
from citations.readers.latex import read

BELTA = (
    "https://www.belta.by/politics/view/alejnik-rasskazal-chem-belarusi-interesno-sotrudnichestvo"
    "-so-stranami-latinskoj-ameriki-567456-2023/"
)


def _read(body: str, preamble: str = "\\documentclass{article}\n") -> Source:
    text = preamble + "\\begin{document}\n" + body + "\\end{document}\n"
    return read("paper.tex", text.encode("utf-8"))


def _texts(source: Source) -> list[list[str]]:
    assert source.footnotes is not None
    return [[fr.text for fr in f.fragments] for f in source.footnotes]


def test_footnote_spanning_lines_with_url_kept_verbatim() -> None:
    source = _read(
        "Сотрудничество развивается\\footnote{Алейник рассказал, чем Беларуси интересно\n"  # 3
        "  сотрудничество со странами Латинской Америки [Электронный ресурс]. -- 2023. --\n"  # 4
        "  URL: \\url{" + BELTA + "} (дата обращения: 12.03.2023).}.\n"  # 5
    )
    assert source.format == "latex"
    assert source.lines[0] == "\\documentclass{article}"
    assert source.footnotes is not None
    (note,) = source.footnotes
    assert (note.number, note.label) == (1, "")
    assert note.fragments == (
        Fragment(3, "Алейник рассказал, чем Беларуси интересно"),
        Fragment(4, "сотрудничество со странами Латинской Америки [Электронный ресурс]. – 2023. –"),
        Fragment(5, f"URL: {BELTA} (дата обращения: 12.03.2023)."),
    )
    assert note.links == (BELTA,)
    assert source.calls == (Call(1, 3),)
    assert source.findings == ()


def test_url_keeps_percent_underscore_and_tilde() -> None:
    url = "https://www.belta.by/search/?q=%D0%9C%D0%B8%D0%BD%D1%81%D0%BA&x_y=~user--a"
    source = _read("Текст\\footnote{Поиск. -- URL: \\url{" + url + "} (дата обращения: 01.02.2024).}\n")
    assert _texts(source) == [[f"Поиск. – URL: {url} (дата обращения: 01.02.2024)."]]
    assert source.footnotes is not None and source.footnotes[0].links == (url,)


def test_escaped_characters_inside_url_are_unescaped() -> None:
    source = _read("T\\footnote{\\url{https://belta.by/a\\_b\\%20c\\#top}}\n")
    assert _texts(source) == [["https://belta.by/a_b%20c#top"]]


def test_nested_and_escaped_braces() -> None:
    source = _read(
        "Текст\\footnote{\\textbf{Беларусь {и} \\emph{Венесуэла}} подписали {{дорожную}} карту "
        "\\{2023--2025\\} [Электронный ресурс].} и дальше\\footnote{Вторая.}\n"
    )
    assert _texts(source) == [
        ["Беларусь и Венесуэла подписали дорожную карту {2023–2025} [Электронный ресурс]."],
        ["Вторая."],
    ]


def test_comments_are_removed_but_escaped_percent_is_text() -> None:
    source = _read(
        "Текст\\footnote{Рост на 5\\,\\% за год % комментарий \\footnote{нет}\n"  # 3
        "[Электронный ресурс].}\n"  # 4
        "% \\footnote{закомментированная сноска}\n"  # 5
        "Ещё\\footnote{Вторая сноска.}\n"  # 6
    )
    assert source.footnotes is not None
    assert [f.fragments for f in source.footnotes] == [
        (Fragment(3, "Рост на 5 % за год"), Fragment(4, "[Электронный ресурс].")),
        (Fragment(6, "Вторая сноска."),),
    ]
    assert source.calls == (Call(1, 3), Call(2, 6))


def test_href_keeps_text_and_records_target() -> None:
    source = _read(
        "Т\\footnote{\\href{" + BELTA + "}{Алейник рассказал} [Электронный ресурс];\n"
        "\\href{https://fr.belta.by/a%20b_c}{\\emph{Le site}} [Ressource électronique].}\n"
    )
    assert _texts(source) == [
        ["Алейник рассказал [Электронный ресурс];", "Le site [Ressource électronique]."]
    ]
    assert source.footnotes is not None
    assert source.footnotes[0].links == (BELTA, "https://fr.belta.by/a%20b_c")


def test_markup_conversion() -> None:
    source = _read(
        "Т\\footnote{\\emph{Le Monde}, \\textit{a}~\\textsc{b}~\\mbox{c} --- "
        "\\foreignlanguage{french}{\\textenglish{d}} \\textrussian{е}\\selectfont{} "
        "<<Минск>> \\guillemotleft Брест\\guillemotright{} \\& \\$ \\# \\_ \\{\\} "
        "с.\\,5 \\textbf{x}\\\\y \\unknown{arg} \\cite[с.~5]{belta2023} \\'etude}\n"
    )
    assert _texts(source) == [
        [
            "Le Monde, a b c — d е «Минск» «Брест» & $ # _ {} с. 5 x y arg [cite:belta2023] étude",
        ]
    ]


def test_verb_and_verbatim_are_literal() -> None:
    source = _read(
        "\\begin{verbatim}\n\\footnote{not a footnote}\n\\end{verbatim}\n"
        "Т\\footnote{Код \\verb|a%b}{| и \\verb+x\\footnote{y}+.}\n"
    )
    assert _texts(source) == [["Код a%b}{ и x\\footnote{y}."]]
    assert source.calls == (Call(1, 6),)


def test_footnotemark_and_footnotetext_pair_up() -> None:
    source = _read(
        "\\begin{tabular}{l}\n"  # 3
        "Минск\\footnotemark & Брест\\footnotemark \\\\\n"  # 4
        "\\end{tabular}\n"  # 5
        "\\addtocounter{footnote}{-1}\n"  # 6
        "\\footnotetext{Минск [Электронный ресурс].}\n"  # 7
        "\\stepcounter{footnote}\n"  # 8
        "\\footnotetext{Брест [Электронный ресурс].}\n"  # 9
        "После\\footnote{Третья.}\n"  # 10
    )
    assert source.calls == (Call(1, 4), Call(2, 4), Call(3, 10))
    assert source.footnotes is not None
    assert [(f.number, f.fragments[0].line) for f in source.footnotes] == [(1, 7), (2, 9), (3, 10)]
    assert source.findings == ()


def test_explicit_numbers_label_and_do_not_advance_the_counter() -> None:
    source = _read(
        "A\\footnote{Первая.} B\\footnote[7]{Седьмая.} C\\footnote{Вторая.}\n"
        "D\\footnotemark[9] E\\footnotetext[9]{Девятая.} F\\endnote{Третья.}\n"
    )
    assert source.footnotes is not None
    assert [(f.number, f.label) for f in source.footnotes] == [(1, ""), (2, ""), (3, ""), (7, "7"), (9, "9")]
    assert source.calls == (Call(1, 3), Call(7, 3), Call(2, 3), Call(9, 4), Call(3, 4))


def test_mark_without_text_and_text_without_mark_are_findings() -> None:
    source = _read("A\\footnotemark[4]\n\\footnotetext[5]{Сирота.}\n")
    codes = {(f.code, f.severity, f.line) for f in source.findings}
    assert codes == {("footnote-missing", Severity.ERROR, 3), ("footnote-unreferenced", Severity.WARNING, 4)}


def test_unclosed_footnote_is_a_finding_and_reading_goes_on() -> None:
    source = _read(
        "Текст\\footnote{Алейник рассказал [Электронный ресурс]. -- 2023.\n"  # 3
        "\n"  # 4
        "Следующий абзац\\footnote{Вторая сноска.}\n"  # 5
    )
    (finding,) = source.findings
    assert (finding.code, finding.severity, finding.line) == ("footnote-unclosed", Severity.ERROR, 3)
    assert _texts(source) == [["Алейник рассказал [Электронный ресурс]. – 2023."], ["Вторая сноска."]]
    assert source.calls == (Call(1, 3), Call(2, 5))


def test_only_the_document_body_is_scanned() -> None:
    source = _read(
        "Т\\footnote{Тело.}\n",
        preamble="\\documentclass{article}\n\\newcommand{\\x}{\\footnote{Преамбула.}}\n",
    )
    assert _texts(source) == [["Тело."]]
    trailing = read("p.tex", b"\\begin{document}\nA\\footnote{In.}\n\\end{document}\nB\\footnote{Out.}\n")
    assert _texts(trailing) == [["In."]]


def test_without_document_environment_the_whole_file_is_read() -> None:
    source = read("part.tex", "Глава\\footnote{La Biélorussie [Ressource électronique].}\n".encode())
    assert _texts(source) == [["La Biélorussie [Ressource électronique]."]]


def test_blank_input_is_an_input_error() -> None:
    try:
        read("p.tex", b"\n \n")
    except InputError as exc:
        assert "no text" in str(exc)
    else:
        raise AssertionError("expected InputError")


_LATEX_BITS = st.sampled_from(
    [
        "\\footnote",
        "\\footnotemark",
        "\\footnotetext",
        "\\endnote",
        "[3]",
        "[",
        "]",
        "{",
        "}",
        "%",
        "\\%",
        "\\",
        "\\url{",
        "\\href{",
        "\\verb|",
        "|",
        "\\begin{document}",
        "\\end{document}",
        "\\begin{verbatim}",
        "\\emph",
        "\\'",
        "\\setcounter{footnote}{",
        "~",
        "--",
        "<<",
        "\n",
        "\n\n",
        " ",
        "Текст",
        "x",
        "\r",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.lists(_LATEX_BITS, max_size=40).map("".join)))
def test_any_text_reads_or_raises_input_error(text: str) -> None:
    try:
        source = read("fuzz.tex", text.encode("utf-8"))
    except InputError:
        return
    assert source.footnotes is not None
    assert all(1 <= fr.line <= len(source.lines) for f in source.footnotes for fr in f.fragments)
    assert all(1 <= c.line <= len(source.lines) for c in source.calls)
