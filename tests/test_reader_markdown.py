"""The Markdown reader: pandoc footnote syntax, numbering, fragments, links and findings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from citations.errors import InputError
from citations.models import Call, Fragment, Severity, Source
from citations.readers.markdown import plain, read

BELTA = (
    "https://www.belta.by/politics/view/alejnik-rasskazal-chem-belarusi-interesno-sotrudnichestvo"
    "-so-stranami-latinskoj-ameriki-567456-2023/"
)


def _read(text: str) -> Source:
    return read("manuscript.md", text.encode("utf-8"))


def _texts(source: Source) -> dict[str, list[str]]:
    assert source.footnotes is not None
    return {f.printed: [fr.text for fr in f.fragments] for f in source.footnotes}


def test_numbered_by_first_call_not_by_label_or_definition_order() -> None:
    source = _read(
        "Минск и Каракас подписали дорожную карту[^12]. Позже[^a] и снова[^12].\n"
        "\n"
        "[^a]: Belarus and Venezuela [Electronic resource]. – 2023.\n"
        "[^12]: Алейник рассказал [Электронный ресурс]. – 2023.\n"
    )
    assert source.format == "markdown"
    assert source.lines[0].startswith("Минск")
    assert source.footnotes is not None
    assert [(f.number, f.label) for f in source.footnotes] == [(1, "12"), (2, "a")]
    assert source.calls == (Call(1, 1), Call(2, 1), Call(1, 1))
    assert source.findings == ()


def test_multi_line_definition_keeps_exact_source_lines() -> None:
    source = _read(
        "Текст статьи.[^1]\n"  # 1
        "\n"  # 2
        "[^1]: Алейник рассказал, чем Беларуси интересно сотрудничество\n"  # 3
        "    со странами Латинской Америки [Электронный ресурс]. – 2023. –\n"  # 4
        "\tURL: " + BELTA + "\n"  # 5
        "(дата обращения: 12.03.2023).\n"  # 6  lazy continuation
        "\n"  # 7
        "    Второй абзац сноски.\n"  # 8
        "\n"  # 9
        "Обычный абзац, уже не сноска.\n"  # 10
    )
    assert source.footnotes is not None
    (note,) = source.footnotes
    assert note.fragments == (
        Fragment(3, "Алейник рассказал, чем Беларуси интересно сотрудничество"),
        Fragment(4, "со странами Латинской Америки [Электронный ресурс]. – 2023. –"),
        Fragment(5, "URL: " + BELTA),
        Fragment(6, "(дата обращения: 12.03.2023)."),
        Fragment(8, "Второй абзац сноски."),
    )
    assert note.span.first == 3 and note.span.last == 8


def test_definition_text_may_start_on_the_next_indented_line() -> None:
    source = _read("Call[^x].\n\n[^x]:\n    Le Monde [Ressource électronique]. – 2022.\n")
    assert _texts(source) == {"x": ["Le Monde [Ressource électronique]. – 2022."]}
    assert source.footnotes is not None and source.footnotes[0].fragments[0].line == 4


def test_next_definition_ends_the_previous_one() -> None:
    source = _read("A[^1] B[^2]\n\n[^1]: Первая.\n[^2]: Вторая\nпродолжение.\n")
    assert _texts(source) == {"1": ["Первая."], "2": ["Вторая", "продолжение."]}


def test_inline_notes_take_their_place_in_the_numbering() -> None:
    source = _read(
        "Первое^[Belarus and Venezuela sign roadmap [Electronic resource]. – 2023.] затем[^b],\n"
        "потом ещё одно^[Минск [Электронный ресурс]. –\n"
        "  URL: https://www.belta.by/society/view/minsk_2023-100/ (дата обращения: 01.02.2024).].\n"
        "\n"
        "[^b]: La Biélorussie et le Venezuela [Ressource électronique]. – 2023.\n"
    )
    assert source.footnotes is not None
    first, second, third = source.footnotes
    assert (first.number, first.label, first.fragments[0].line) == (1, "", 1)
    assert first.fragments[0].text == "Belarus and Venezuela sign roadmap [Electronic resource]. – 2023."
    assert (second.number, second.label) == (2, "b")
    assert third.number == 3
    assert third.fragments == (
        Fragment(2, "Минск [Электронный ресурс]. –"),
        Fragment(3, "URL: https://www.belta.by/society/view/minsk_2023-100/ (дата обращения: 01.02.2024)."),
    )
    assert source.calls == (Call(1, 1), Call(2, 1), Call(3, 2))


def test_code_blocks_and_code_spans_hold_no_calls() -> None:
    source = _read(
        "Real call[^1], code `[^2]` and ``^[not a note]``.\n"
        "\n"
        "```markdown\n"
        "[^2]: not a definition inside a fence\n"
        "See [^1] here\n"
        "```\n"
        "\n"
        "~~~~\n"
        "^[nor this]\n"
        "~~~\n"
        "still fenced [^1]\n"
        "~~~~\n"
        "\n"
        "[^1]: Источник [Электронный ресурс].\n"
    )
    assert _texts(source) == {"1": ["Источник [Электронный ресурс]."]}
    assert source.calls == (Call(1, 1),)
    assert source.findings == ()


def test_escaped_brackets_are_not_calls() -> None:
    source = _read("Not a call \\[^1] and not a note \\^[x].\n")
    assert source.footnotes == () and source.calls == ()


def test_links_become_text_with_url_and_are_collected() -> None:
    source = _read(
        "Call[^1].\n"
        "\n"
        "[^1]: [Алейник рассказал](" + BELTA + ") [Электронный ресурс], см. также\n"
        "    [https://www.belta.by/](https://www.belta.by/) и <https://eng.belta.by/a_b>.\n"
    )
    assert source.footnotes is not None
    (note,) = source.footnotes
    assert [f.text for f in note.fragments] == [
        f"Алейник рассказал ({BELTA}) [Электронный ресурс], см. также",
        "https://www.belta.by/ и https://eng.belta.by/a_b.",
    ]
    assert note.links == (BELTA, "https://www.belta.by/", "https://eng.belta.by/a_b")


def test_link_text_may_span_lines() -> None:
    text, links = plain("[Le Monde\ndiplomatique](https://monde.fr/x)")
    assert text == "Le Monde\ndiplomatique (https://monde.fr/x)"
    assert links == ["https://monde.fr/x"]


def test_emphasis_is_dropped_but_urls_are_untouched() -> None:
    url = "https://www.belta.by/economics/view/snake_case_id__2023-*x*-100%20_a_/"
    source = _read(
        "Call[^1].\n"
        "\n"
        "[^1]: *Беларусь* и **Венесуэла** [_Электронный ресурс_]. – URL: " + url + "\n"
        "    ***Le Monde*** et __*Libération*__, snake_case_word, 2 * 3 = 6, \\*звёздочка\\*.\n"
    )
    assert _texts(source) == {
        "1": [
            "Беларусь и Венесуэла [Электронный ресурс]. – URL: " + url,
            "Le Monde et Libération, snake_case_word, 2 * 3 = 6, *звёздочка*.",
        ]
    }


def test_url_inside_link_keeps_underscores_and_percent() -> None:
    url = "https://www.belta.by/search/?q=%D0%9C%D0%B8%D0%BD%D1%81%D0%BA&from_date=2023_01"
    text, links = plain(f"_[Поиск]({url})_ и `код_с_подчёркиванием`")
    assert text == f"Поиск ({url}) и код_с_подчёркиванием"
    assert links == [url]


def test_missing_and_unreferenced_footnotes_are_findings() -> None:
    source = _read(
        "Ссылка на несуществующую сноску[^9] и на существующую[^1].\n"
        "\n"
        "[^1]: Первая [Электронный ресурс].\n"
        "[^orphan]: Lost note [Electronic resource].\n"
    )
    assert source.footnotes is not None
    assert [(f.number, f.label) for f in source.footnotes] == [(1, "1"), (2, "orphan")]
    assert source.calls == (Call(1, 1),)
    missing, orphan = source.findings
    assert (missing.code, missing.severity, missing.line) == ("footnote-missing", Severity.ERROR, 1)
    assert "[^9]" in missing.message
    assert (orphan.code, orphan.severity, orphan.line) == ("footnote-unreferenced", Severity.WARNING, 4)
    assert orphan.message == "footnote [^orphan] is defined but never called"
    assert orphan.footnote == 2


def test_duplicate_definition_keeps_the_last_like_pandoc() -> None:
    source = _read("Call[^1].\n\n[^1]: Old text.\n[^1]: New text.\n")
    assert _texts(source) == {"1": ["New text."]}
    assert [f.code for f in source.findings] == ["footnote-duplicate"]


def test_crlf_and_bom_input() -> None:
    data = "\ufeffCall[^1].\r\n\r\n[^1]: Текст\r\n    продолжение.\r\n".encode()
    source = read("m.md", data)
    assert _texts(source) == {"1": ["Текст", "продолжение."]}


def test_blank_input_is_an_input_error() -> None:
    try:
        read("m.md", b"  \n\n")
    except InputError as exc:
        assert "no text" in str(exc)
    else:
        raise AssertionError("expected InputError")


_MARKDOWN_BITS = st.sampled_from(
    [
        "[^1]",
        "[^1]: ",
        "[^a]",
        "^[",
        "]",
        "[",
        "(",
        ")",
        "`",
        "```",
        "~~~",
        "*",
        "_",
        "\\",
        "\n",
        "\n\n",
        "    ",
        "\t",
        " ",
        "<",
        ">",
        "https://belta.by/a_b%20",
        "[t](u)",
        "Текст",
        "x",
        "\r",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.lists(_MARKDOWN_BITS, max_size=40).map("".join)))
def test_any_text_reads_or_raises_input_error(text: str) -> None:
    try:
        source = read("fuzz.md", text.encode("utf-8"))
    except InputError:
        return
    assert source.footnotes is not None
    numbers = {f.number for f in source.footnotes}
    assert numbers == set(range(1, len(source.footnotes) + 1))
    assert all(c.number in numbers for c in source.calls)
    assert all(1 <= fr.line <= len(source.lines) for f in source.footnotes for fr in f.fragments)
