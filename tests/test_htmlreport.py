"""The HTML report: its content checked as text, then the page driven in headless Chromium.

The browser tests share one Chromium session (module-scoped) and skip, saying why, when
selenium, chromium or chromedriver is missing. A full-page screenshot is written under pytest's
temporary directory (its path printed) and copied to ``$CITATIONS_ARTIFACTS`` when that is set.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from paths import EXAMPLE, ROOT

from citations.htmlreport import to_html
from citations.models import (
    DocumentResult,
    Finding,
    Hop,
    Kind,
    Link,
    Outcome,
    Page,
    Reference,
    Severity,
    Span,
)
from citations.pipeline import extract_document
from citations.report import to_json
from citations.resolve import Mode, Network, check_documents

CASSETTE = ROOT / "cassettes" / "belta_2015-07-22_153269.yaml"
BELTA_2015 = (
    "http://www.belta.by/regions/view/grafik-otkljuchenija-gorjachej-vody-v-minske-v-2015-godu-153269-2015/"
)
ARCHIVED = (
    "https://web.archive.org/web/20211001000000/https://www.belta.by/society/view/mertvaja-465900-2021/"
)
MOVED_TO = "https://belta.by/society/view/pereehavshaja-statja-493000-2022/"

#: A synthetic manuscript (our own text) with one footnote per defect the report must show.
SYNTHETIC_MD = f"""# Synthetic

One.[^1] Two.[^2] Three.[^3] Four.[^4] Five.[^5] Six.[^6] Seven.[^7]

[^1]: График отключения горячей воды в Минске в 2015 году [Электронный ресурс]. - 2015. - URL: {BELTA_2015}
[^2]: Заголовок xml-ph-0 статьи [Электронный ресурс]. - 2022. - URL: https://www.belta.by/economics/view/ab-542635-2022//
[^3]: Тест\u200b статьи [Электронный ресурс]. - 2022. - URL: https://www.belta.by/society/view/t\u0435st-slug-523456-2022/
[^4]: Новая статья [Электрoнный ресурс]. - 2022. - URL: https://www.belta.by/society/view/novaja-statja-523457-2022/
[^5]: Мёртвая статья [Электронный ресурс]. - 2021. - URL: https://www.belta.by/society/view/mertvaja-465900-2021/
[^6]: Переехавшая статья [Электронный ресурс]. - 2022. - URL: https://www.belta.by/society/view/pereehavshaja-493000-2022/
[^7]: Иванов, И. Книга / И. Иванов. - Минск, 2020. - \ufffd. 5.
"""


# --- fixtures and helpers -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> DocumentResult:
    """The bundled example, checked offline (every link not-recorded or skipped)."""
    [result] = check_documents([extract_document(str(EXAMPLE))], Network())
    return result


@pytest.fixture(scope="module")
def example_html(example: DocumentResult) -> str:
    return to_html([example])


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> DocumentResult:
    """The synthetic manuscript replayed from the shipped cassette (footnote 1 resolves), with
    footnote 5 made a dead link with an archived copy and footnote 6 a permanent move."""
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.md"
    path.write_text(SYNTHETIC_MD, encoding="utf-8")
    [result] = check_documents([extract_document(str(path))], Network(Mode.REPLAY, cassette=str(CASSETTE)))
    refs = {ref.n: ref for ref in result.references}
    dead, moved = refs[5], refs[6]
    assert dead.link and moved.link
    refs[5] = replace(
        dead,
        link=replace(
            dead.link,
            outcome=Outcome.NOT_FOUND,
            http_status=404,
            checked_at="2024-05-01T10:00:00+00:00",
            source="live",
            detail="",
            archive_url=ARCHIVED,
        ),
    )
    refs[6] = replace(
        moved,
        link=replace(
            moved.link,
            outcome=Outcome.MOVED,
            http_status=301,
            checked_at="2024-05-02T10:00:00+00:00",
            source="cache",
            detail="",
            final_url=MOVED_TO,
            hops=(Hop(moved.link.url, 301), Hop(MOVED_TO, 200)),
        ),
    )
    return replace(result, references=tuple(refs[n] for n in sorted(refs)))


@pytest.fixture(scope="module")
def synthetic_html(synthetic: DocumentResult) -> str:
    return to_html([synthetic])


class _Page(HTMLParser):
    """Every start tag with its attributes, and the text of <script> and <style> blocks."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.blocks: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.blocks:
            self._in = tag
            self.blocks[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.blocks[self._in][-1] += data

    def with_attr(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for _, attrs in self.tags if name in attrs]


def card(page: str, n: int, part: int = 1) -> str:
    """The HTML of the card of footnote ``n`` (first document, first numbering)."""
    start = page.index(f'id="d1-s0-fn{n}-{part}"')
    return page[start : page.index("</article>", start)]


def json_counts(results: list[DocumentResult]) -> tuple[Counter[str], Counter[str]]:
    """Findings by severity and references by link outcome, read from the JSON report."""
    docs = json.loads(to_json(results))["documents"]
    severities = Counter(f["severity"] for d in docs for f in d["findings"])
    outcomes = Counter(
        r["link"]["outcome"] if "link" in r else "unchecked" for d in docs for r in d["references"]
    )
    return severities, outcomes


def summary_counts(page: str) -> tuple[Counter[str], Counter[str]]:
    counts: dict[str, Counter[str]] = {"severity": Counter(), "outcome": Counter()}
    for attrs in _Page(page).with_attr("data-summary"):
        counts[str(attrs["data-summary"])][str(attrs["data-key"])] = int(str(attrs["data-count"]))
    return counts["severity"], counts["outcome"]


def _reference(n: int, raw: str, **kw: Any) -> Reference:
    return Reference(n=n, raw=raw, kind=Kind.WEB_PAGE, span=Span(n, n), **kw)


# --- the page as text ---------------------------------------------------------------------------------


def test_one_card_per_reference_in_the_bundled_example(example: DocumentResult, example_html: str) -> None:
    cards = _Page(example_html).with_attr("data-card")
    assert len(cards) == len(example.references) == 74
    assert len({c["id"] for c in cards}) == len(cards)
    assert [c["data-footnote"] for c in cards] == [str(r.n) for r in example.references]


def test_summary_badges_equal_the_json_report_counts(
    example: DocumentResult, synthetic: DocumentResult
) -> None:
    for results in ([example], [synthetic], [example, synthetic]):
        severities, outcomes = json_counts(results)
        shown_severities, shown_outcomes = summary_counts(to_html(results))
        assert shown_severities == {s.value: severities[s.value] for s in Severity}
        assert shown_outcomes == outcomes


def test_unchecked_references_are_counted_as_unchecked() -> None:
    result = extract_document(str(EXAMPLE))  # extract only: no link on any reference
    _, outcomes = summary_counts(to_html([result]))
    assert outcomes == {"unchecked": len(result.references)}


def test_the_page_loads_nothing_from_outside(example_html: str, synthetic_html: str) -> None:
    for page_text in (example_html, synthetic_html):
        page = _Page(page_text)
        sources = [(tag, a["src"]) for tag, a in page.tags if "src" in a]
        assert sources == []
        for tag, attrs in page.tags:
            href = attrs.get("href")
            if href is None:
                continue
            if tag == "a":  # the data's own links, to be followed by the reader
                assert re.match(r"(https?://|#)", href), href
            else:
                assert href.startswith("data:"), (tag, href)
        assert not re.search(r"url\(|@import", "".join(page.blocks["style"]))
        assert not re.search(r"https?:|fetch\(|XMLHttpRequest", "".join(page.blocks["script"]))
        [csp] = [
            a["content"]
            for t, a in page.tags
            if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
        ]
        assert csp is not None and csp.startswith("default-src 'none';")


def test_the_policy_allows_exactly_the_inline_style_and_script(example_html: str) -> None:
    page = _Page(example_html)
    [csp] = [
        a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp is not None
    [style], [script] = page.blocks["style"], page.blocks["script"]
    for kind, block in (("style-src", style), ("script-src", script)):
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert f"{kind} 'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp


def test_markup_in_the_data_renders_as_text() -> None:
    evil = "<script>alert(1)</script>"
    finding = Finding("mt-artifact", Severity.WARNING, f'"><img src=x onerror=alert(1)> {evil}', 1, 1, evil)
    page_meta = Page(title=f"</style>{evil}", rubric="<b>rubric</b>")
    link = Link("javascript:alert(1)", Outcome.OK, 200, page=page_meta, archive_url="javascript:alert(2)")
    ref = _reference(
        1, f"Title {evil} - URL : javascript:alert(1)", url="javascript:alert(1)", findings=(finding,)
    )
    result = DocumentResult(f"<b>{evil}.txt", "text", (replace(ref, link=link),), (), (finding,), 1, 1)
    text = to_html([result], errors=[f"{evil}: unreadable"], title=evil)
    assert text.count("<script") == 1  # ours, at the end
    assert (
        "<img" not in text and "<b>rubric" not in text and "<b>&lt;" not in text and "</style><" not in text
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert not re.search(r"href=\"javascript", text, re.IGNORECASE)
    assert len(_Page(text).with_attr("data-card")) == 1


def test_same_results_give_the_same_bytes(example_html: str, synthetic: DocumentResult) -> None:
    [again] = check_documents([extract_document(str(EXAMPLE))], Network())
    assert to_html([again]).encode() == example_html.encode()
    assert to_html([synthetic]) == to_html([synthetic])


def test_header_names_tool_version_and_documents(example_html: str) -> None:
    from citations import __version__

    assert f"citations {__version__}" in example_html
    assert (
        "<code>citations/examples/manuscript.txt</code> (text): 74 footnotes, 110 calls, 74 references"
        in (example_html.replace(str(ROOT) + "/", ""))
    )


def test_summary_lists_hosts_and_missing_footnotes(example_html: str) -> None:
    row = re.search(r'<tr data-host="www\.belta\.by">(.*?)</tr>', example_html)
    assert row and "<td>61</td><td>59</td><td>2</td>" in row.group(1)  # links, not-recorded, skipped
    assert "Footnote texts missing (36): 64, 73–75, 77–79, 81–82, 84–110" in example_html


def test_a_card_shows_location_raw_text_and_findings(example_html: str) -> None:
    html = card(example_html, 2)
    assert "manuscript.txt:106</a> (lines 106–108)" in html
    assert "NCM sur les perspectives" in html
    assert '<span class="sev sev-warning">warning</span> <code class="code">url-malformed</code>' in html
    assert "fix: <code>https://www.belta.by/comments/view/" in html
    assert 'data-severity="error warning info"' in html


def test_defects_are_marked_in_the_footnote_text(example_html: str, synthetic_html: str) -> None:
    assert '<mark class="defect d-fffd"' in card(example_html, 26).split("<dl", 1)[0]
    assert re.search(r'data-defect="homoglyph"[^>]*>C</mark>\. 23\.', card(example_html, 20))
    assert re.search(r'data-defect="mt"[^>]*>xml-ph-0</mark>', card(synthetic_html, 2))
    assert re.search(r'data-defect="invisible"[^>]*>⟨ZWSP⟩</mark>', card(synthetic_html, 3))
    # a Cyrillic е in a Latin URL segment, and a Latin o in a Cyrillic word
    assert re.search(
        r'data-defect="homoglyph" title="[^"]*U\+0435 CYRILLIC SMALL LETTER IE">е</mark>',
        card(synthetic_html, 3),
    )
    assert re.search(r'Электр<mark [^>]*data-defect="homoglyph"[^>]*>o</mark>нный', card(synthetic_html, 4))
    assert 'class="url-span"' in card(example_html, 1)
    assert "data-defect" not in card(example_html, 3)  # a clean footnote has nothing marked


def test_repaired_url_shows_the_change(example_html: str, synthetic_html: str) -> None:
    double_slash = card(example_html, 2)
    assert "8247//</code>" in double_slash
    assert re.search(r"8247/<del [^>]*>/</del></code>", double_slash)
    cyrillic = card(synthetic_html, 3)
    assert re.search(r"t<del [^>]*>е</del><ins [^>]*>e</ins>st", cyrillic) or re.search(
        r"t<ins [^>]*>e</ins><del [^>]*>е</del>st", cyrillic
    )
    assert "<del" not in card(example_html, 3)  # nothing repaired, no diff


def test_a_likely_target_completes_a_truncated_url(example: DocumentResult) -> None:
    [ref] = [r for r in example.references if r.n == 70]
    assert ref.url
    full = ref.url + "po-razvitiju-sotrudnichestva-569120-2023/"
    hint = Finding("url-likely-target", Severity.INFO, f"likely {full}", ref.span.first, 70, full)
    page = to_html([replace(example, references=(replace(ref, findings=(*ref.findings, hint)),))])
    assert re.search(r"sinomach-<ins [^>]*>po-razvitiju-sotrudnichestva-569120-2023/</ins></code>", page)
    assert "incomplete: not checked as written" in page


def test_a_split_url_says_where_it_was_rejoined(example_html: str) -> None:
    assert "rejoined: the URL was broken across lines 57–58" in card(example_html, 1)


def test_link_outcomes_show_status_date_source_archive_and_page(synthetic_html: str) -> None:
    ok, dead, moved = card(synthetic_html, 1), card(synthetic_html, 5), card(synthetic_html, 6)
    assert 'data-outcome="ok">ok</span> <span class="status">HTTP 200</span>' in ok
    assert "from cassette" in ok
    assert "График отключения горячей воды в Минске в 2015 году" in ok.split('class="page-title"')[1]
    assert "2015-07-22T10:26:00+03:00" in ok and "Регионы" in ok
    assert 'data-outcome="not-found">not-found</span> <span class="status">HTTP 404</span>' in dead
    assert "checked 2024-05-01T10:00:00+00:00" in dead and "from live" in dead
    assert f'<a class="ext archive" href="{ARCHIVED}"' in dead
    assert 'data-outcome="moved"' in moved and "HTTP 301" in moved and "from cache" in moved
    assert f'href="{MOVED_TO}"' in moved and "<ins" in moved.split('class="final"')[1]


def test_name_variant_groups_are_shown_together_and_linked(example_html: str) -> None:
    m = re.search(
        r'<article class="group" id="(nv-1-\d+)" data-group="Zaleskii / Zalesky / Zalessky">(.*?)</article>',
        example_html,
    )
    assert m, "the Zaleskii group"
    group_id, group = m.groups()
    for n in (20, 40, 61):
        assert f'href="#d1-s0-fn{n}-1">fn {n}</a>' in group
        assert f'href="#{group_id}"' in card(example_html, n)
    assert example_html.count('<article class="group"') == example_html.count("data-group=")
    assert f'href="#{group_id}"' not in card(example_html, 3)


def test_document_findings_are_listed_apart_from_cards(example: DocumentResult, example_html: str) -> None:
    section = example_html.split('id="document-findings"')[1].split("</section>")[0]
    on_cards = {(f.code, f.line, f.message) for r in example.references for f in r.findings}
    apart = [f for f in example.findings if (f.code, f.line, f.message) not in on_cards]
    assert section.count("<li ") == len(apart) == 39
    assert 'footnote-missing</code> <span class="loc">' in section
    assert '<a href="#d1-s0-fn67-1">fn 67</a>' in section  # footnote-interleaved points at its card


def test_several_references_in_one_footnote_are_labelled_by_part() -> None:
    refs = (_reference(3, "Part 1.", part=1), _reference(3, "Part 2.", part=2), _reference(4, "Alone."))
    page = to_html([DocumentResult("doc.txt", "text", refs, (), (), 2, 2)])
    labels = re.findall(r'<span class="fn">([^<]*)</span>', page)
    assert labels == ["3.1", "3.2", "4"]


def test_the_print_stylesheet_shows_every_card_and_hides_the_filters(example_html: str) -> None:
    [style] = _Page(example_html).blocks["style"]
    printing = style.split("@media print{", 1)[1]
    assert "[data-card][hidden]{display:block!important}" in printing
    assert ".filters," in printing


# --- the page in a real browser ------------------------------------------------------------------


def _chromium() -> tuple[str, str]:
    browser = next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
    )
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        pytest.skip(f"headless browser tests need chromium and chromedriver (found {browser}, {driver})")
    return browser, driver


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module; selenium is pointed at the system chromedriver so
    that it never tries to download one."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = _chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,900"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def report_files(
    tmp_path_factory: pytest.TempPathFactory, example_html: str, synthetic_html: str
) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("htmlreport")
    files = {"example": out / "example-report.html", "synthetic": out / "synthetic-report.html"}
    files["example"].write_text(example_html, encoding="utf-8")
    files["synthetic"].write_text(synthetic_html, encoding="utf-8")
    return files


@pytest.fixture
def page(browser: Any, report_files: dict[str, Path]) -> Any:
    """The example report, loaded (once) with every filter off."""
    url = report_files["example"].as_uri()
    if browser.current_url != url:
        browser.get(url)
    browser.find_element("id", "filter-reset").click()
    return browser


def _visible_cards(driver: Any) -> list[str]:
    """The footnote numbers of the cards the browser renders (one round trip, not one per card)."""
    script = (
        "return Array.prototype.filter.call(document.querySelectorAll('[data-card]'),"
        " function (c) { return getComputedStyle(c).display !== 'none' && c.getClientRects().length > 0; })"
        ".map(function (c) { return c.getAttribute('data-footnote'); });"
    )
    return list(driver.execute_script(script))


def _severe(driver: Any) -> list[dict[str, Any]]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _save_artifact(path: Path) -> None:
    print(f"artifact: {path}")
    target = os.environ.get("CITATIONS_ARTIFACTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, Path(target) / path.name)
        print(f"artifact copied to: {Path(target) / path.name}")


def _full_page_png(driver: Any, path: Path) -> None:
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))


def test_browser_page_loads_without_console_errors(page: Any, example: DocumentResult) -> None:
    assert _severe(page) == []
    assert "js" in page.find_element("tag name", "html").get_attribute("class").split()  # the script ran
    assert len(page.find_elements("css selector", "[data-card]")) == len(example.references)
    assert len(_visible_cards(page)) == len(example.references)
    assert page.find_element("id", "filters").is_displayed()


def test_browser_badge_counts_equal_the_json_report(page: Any, example: DocumentResult) -> None:
    severities, outcomes = json_counts([example])
    badges = page.find_elements("css selector", "[data-summary]")
    shown = Counter(
        {
            (b.get_attribute("data-summary"), b.get_attribute("data-key")): int(b.get_attribute("data-count"))
            for b in badges
        }
    )
    assert shown == Counter({("severity", s.value): severities[s.value] for s in Severity}) + Counter(
        {("outcome", o): n for o, n in outcomes.items()}
    )
    assert (
        page.find_element("css selector", '[data-summary="severity"][data-key="error"]').text == "ERROR: 105"
    )


def test_browser_severity_filter_hides_cards_without_that_severity(
    page: Any, example: DocumentResult
) -> None:
    with_error = [r for r in example.references if any(f.severity is Severity.ERROR for f in r.findings)]
    button = page.find_element("css selector", 'button[data-filter="severity"][data-value="error"]')
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    visible = _visible_cards(page)
    assert visible == [str(r.n) for r in with_error]
    assert page.find_element("id", "shown-n").text == str(len(with_error)) != str(len(example.references))
    # keyboard: the filters are buttons, so Space toggles one from the keyboard too
    from selenium.webdriver.common.keys import Keys

    info = page.find_element("css selector", 'button[data-filter="severity"][data-value="info"]')
    info.send_keys(Keys.SPACE)
    assert info.get_attribute("aria-pressed") == "true"
    either = [
        r
        for r in example.references
        if any(f.severity in (Severity.ERROR, Severity.INFO) for f in r.findings)
    ]
    assert page.find_element("id", "shown-n").text == str(len(either)) == str(len(_visible_cards(page)))


def test_browser_outcome_filter_combines_with_severity(page: Any, example: DocumentResult) -> None:
    skipped = [r for r in example.references if r.link and r.link.outcome is Outcome.SKIPPED]
    page.find_element("css selector", 'button[data-filter="outcome"][data-value="skipped"]').click()
    assert _visible_cards(page) == [str(r.n) for r in skipped]
    assert page.find_element("id", "shown-n").text == str(len(skipped)) == "10"
    page.find_element("css selector", 'button[data-filter="severity"][data-value="warning"]').click()
    both = [r for r in skipped if any(f.severity is Severity.WARNING for f in r.findings)]
    assert _visible_cards(page) == [str(r.n) for r in both]
    page.find_element("id", "filter-reset").click()
    assert len(_visible_cards(page)) == len(example.references)


def test_browser_print_media_shows_filtered_out_cards_and_hides_filters(
    page: Any, example: DocumentResult
) -> None:
    page.find_element("css selector", 'button[data-filter="outcome"][data-value="skipped"]').click()
    assert len(_visible_cards(page)) == 10
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert len(_visible_cards(page)) == len(example.references)
        assert not page.find_element("id", "filters").is_displayed()
    finally:
        page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_browser_screenshots_are_saved_as_artifacts(
    page: Any, report_files: dict[str, Path], synthetic: DocumentResult
) -> None:
    example_png = report_files["example"].with_suffix(".png")
    _full_page_png(page, example_png)
    page.get(report_files["synthetic"].as_uri())
    assert _severe(page) == []
    assert len(page.find_elements("css selector", "[data-card]")) == len(synthetic.references)
    synthetic_png = report_files["synthetic"].with_suffix(".png")
    _full_page_png(page, synthetic_png)
    for png in (example_png, synthetic_png):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
        _save_artifact(png)
    _save_artifact(report_files["example"])
