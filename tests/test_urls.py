"""URL anatomy, line-break joining decisions and URL problems."""

from __future__ import annotations

import pytest

from citations import urls
from citations.models import BeltaRef


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(
            "https://www.belta.by/politics/view/alejnik-rasskazal-567456-2023/",
            BeltaRef("politics", 567456, 2023, "alejnik-rasskazal", "www"),
            id="news-with-year",
        ),
        pytest.param(
            "https://www.belta.by/economics/view/kontrakty-na-3-mln-529745-2022/",
            BeltaRef("economics", 529745, 2022, "kontrakty-na-3-mln", "www"),
            id="slug-ending-in-number",
        ),
        pytest.param(
            "https://www.belta.by/comments/view/ntsm-o-perspektivah-8247//",
            BeltaRef("comments", 8247, None, "ntsm-o-perspektivah", "www"),
            id="comments-no-year-double-slash",
        ),
        pytest.param(
            "https://www.belta.by/interview/view/ob-osobennostjah-8633/",
            BeltaRef("interview", 8633, None, "ob-osobennostjah", "www"),
            id="interview-no-year",
        ),
        pytest.param(
            "https://belta.by/society/view/x-y-762800-2026",
            BeltaRef("society", 762800, 2026, "x-y", "www"),
            id="apex",
        ),
        pytest.param(
            "https://chn.belta.by/politics/view/-45788-2026/",
            BeltaRef("politics", 45788, 2026, "", "chn"),
            id="chn-empty-slug",
        ),
        pytest.param(
            "https://eng.belta.by/president/view/lukashenko-visits-159000-2025/",
            BeltaRef("president", 159000, 2025, "lukashenko-visits", "eng"),
            id="eng",
        ),
        pytest.param(
            "http://www.belta.by/ru/all_news/regions/Hod-konem_i_123456.html",
            BeltaRef("regions", 123456, None, "Hod-konem", "www"),
            id="pre-2015",
        ),
        pytest.param(
            "http://www.belta.by/ru/dose_menu/olimpiada-sochi-2014/Medalnyj-zachet_i_708685.html",
            BeltaRef("olimpiada-sochi-2014", 708685, None, "Medalnyj-zachet", "www"),
            id="pre-2015-other-section",
        ),
        pytest.param("https://www.belta.by/economics/view/minprom-belarusi-sinomach-", None, id="truncated"),
        pytest.param("https://mfa.gov.by/press/smi/b1045153bb04077c.html", None, id="other-host"),
    ],
)
def test_belta_parts(url: str, expected: BeltaRef | None) -> None:
    assert urls.belta_parts(url) == expected


@pytest.mark.parametrize(
    ("url", "line", "token"),
    [
        pytest.param(
            "https://www.belta.by/politics/view/alejnik-",
            "rasskazal-chem-567456-2023/ ",
            "rasskazal-chem-567456-2023/",
            id="slug-hyphen",
        ),
        pytest.param(
            "https://www.belta.by/economics/view/x-y-", "542481-2022/", "542481-2022/", id="id-year-tail"
        ),
        pytest.param(
            "https://www.belta.by/economics/view/x-y-", "20 Le Belarus et la Chine", None, id="next-footnote"
        ),
        pytest.param(
            "https://www.belta.by/economics/view/x-y-", "https://www.belta.by/other/", None, id="new-url"
        ),
        pytest.param(
            "https://www.belta.by/economics/view/x-y-1-2023/", "more-words-here", None, id="complete-belta"
        ),
        pytest.param(
            "https://zviazda.by/ru/news/20220916/1663-kitay-",
            "deklaraciyu ",
            "deklaraciyu",
            id="other-host-hyphen",
        ),
        pytest.param("https://mfa.gov.by/press/", "Belarus", None, id="prose-word-after-slash"),
        pytest.param(
            "https://www.belta.by/economics/view/x-",
            "ustojchivyj-rost-510549-2022/ (дата обращения: 12.03.2023).",
            "ustojchivyj-rost-510549-2022/",
            id="tail-then-access-date",
        ),
    ],
)
def test_continues(url: str, line: str, token: str | None) -> None:
    assert urls.continues(url, line) == token


@pytest.mark.parametrize(
    ("head", "tail", "joined"),
    [
        ("https://b.by/x/alejnik-", "rasskazal/", "https://b.by/x/alejnik-rasskazal/"),
        ("https://b.by/x/aleinik\u00ad", "rasskazal/", "https://b.by/x/aleinikrasskazal/"),
        ("https://b.by/x/alejnik-", "-rasskazal/", "https://b.by/x/alejnik-rasskazal/"),
    ],
    ids=["hyphen-kept", "soft-hyphen-dropped", "hyphen-written-twice"],
)
def test_join(head: str, tail: str, joined: str) -> None:
    assert urls.join(head, tail) == joined


@pytest.mark.parametrize(
    ("url", "codes", "suggestion"),
    [
        (
            "https://www.belta.by/comments/view/x-8247//",
            ["url-malformed"],
            "https://www.belta.by/comments/view/x-8247/",
        ),
        ("https://www.belta.by/economics/view/minprom-sinomach-", ["url-truncated"], None),
        ("https://www.belta.by/economics/view/minprom-sinomach", ["url-truncated"], None),
        ("https://www.belta.by/economics/view/x-510548/", ["url-malformed"], None),
        ("https://www.belta.by/economics/view/x-510548-2022/", [], None),
        ("https://mfa.gov.by/press/smi/b1045153bb04077c.html", [], None),
        ("https://b.by/a\u200bb", ["url-malformed"], "https://b.by/ab"),
    ],
    ids=[
        "double-slash",
        "ends-with-hyphen",
        "belta-tail-missing",
        "news-without-year",
        "ok",
        "other-ok",
        "zero-width",
    ],
)
def test_check(url: str, codes: list[str], suggestion: str | None) -> None:
    problems = urls.check(url)
    assert [p.code for p in problems] == codes
    if suggestion:
        assert problems[0].suggestion == suggestion


def test_find_urls_strips_sentence_punctuation() -> None:
    text = "voir https://example.by/a_(b). Et (https://x.by/y)."
    assert [u for _, _, u in urls.find_urls(text)] == ["https://example.by/a_(b)", "https://x.by/y"]


def test_every_real_belta_url_in_shared_data_decomposes() -> None:
    """The real headline/URL pairs (../shared/data/belta) all parse; skipped without ../shared."""
    import json

    from paths import ROOT

    data = ROOT.parent / "shared" / "data" / "belta"
    if not data.is_dir():
        pytest.skip("../shared/data/belta not present")
    for name in ("slug_pairs.json", "slug_pairs_pre2015.json"):
        for pair in json.loads((data / name).read_text(encoding="utf-8")):
            ref = urls.belta_parts(pair["url"])
            assert ref is not None and ref.id > 0, pair["url"]
