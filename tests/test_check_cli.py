"""``citations check`` and ``citations resolve`` end to end, never on the network: the shipped
cassette, cassettes recorded from the local fault server, and offline runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from faultserver import FaultServer
from paths import ROOT

from cli import main

BELTA_2015 = (
    "http://www.belta.by/regions/view/grafik-otkljuchenija-gorjachej-vody-v-minske-v-2015-godu-153269-2015/"
)
SHIPPED = ROOT / "cassettes" / "belta_2015-07-22_153269.yaml"
SAVED_PAGE = ROOT.parent / "shared" / "data" / "belta" / "article_2015-08_regions_153269.html"
#: Options that keep a live run local: no Wayback lookups (archive.org), no user cache.
LOCAL = ["--allow-private", "--no-archive", "--no-cache", "--min-interval", "0", "--timeout", "5"]


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    print(result.output)
    return result


def manuscript(tmp_path: Path, base: str, paths: list[str], name: str = "paper.md") -> Path:
    """A Markdown manuscript whose footnotes cite ``paths`` on the local server (synthetic)."""
    calls = " ".join(f"Claim{i}[^{i}]." for i in range(1, len(paths) + 1))
    notes = "\n".join(
        f"[^{i}]: Синтетическая статья {i} [Электронный ресурс]. – 2023. – URL: {base}{path} "
        "(дата обращения: 01.06.2023)."
        for i, path in enumerate(paths, 1)
    )
    doc = tmp_path / name
    doc.write_text(f"# Synthetic test manuscript\n\n{calls}\n\n{notes}\n", encoding="utf-8")
    return doc


def outcomes(output: str) -> dict[int, str]:
    doc = json.loads(output)["documents"][0]
    return {ref["n"]: ref["link"]["outcome"] for ref in doc["references"]}


def test_resolve_the_real_2015_page_from_a_cassette_built_from_the_saved_copy(tmp_path: Path) -> None:
    if not SAVED_PAGE.is_file():
        pytest.skip("../shared is absent")
    cassette = tmp_path / "belta.yaml"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "make_cassette.py"),
            BELTA_2015,
            str(SAVED_PAGE),
            str(cassette),
        ],
        check=True,
        cwd=ROOT,
    )
    result = run("resolve", BELTA_2015, "--cassette", str(cassette), "--format", "json")
    assert result.exit_code == 0
    [entry] = json.loads(result.output)["links"]
    assert entry["link"]["outcome"] == "ok" and entry["link"]["http_status"] == 200
    resolved = entry["resolved"]
    assert resolved["title"] == "График отключения горячей воды в Минске в 2015 году"
    assert resolved["published"].startswith("2015-07-22T10:26") and resolved["published"].endswith("+03:00")
    assert resolved["rubric"] == "Регионы" and resolved["language"] == "ru"


def test_resolve_text_from_the_shipped_cassette() -> None:
    result = run("resolve", BELTA_2015, "--cassette", str(SHIPPED))
    assert result.exit_code == 0
    assert "link:    ok (HTTP 200, from cassette)" in result.output
    assert "rubric:  Регионы" in result.output and "2015-07-22T10:26:00+03:00" in result.output


def test_a_url_missing_from_the_cassette_is_not_recorded_never_dead() -> None:
    result = run("resolve", "https://belta.by/politics/view/x-1-2023/", "--cassette", str(SHIPPED))
    assert result.exit_code == 0 and "not-recorded" in result.output and "--record" in result.output


def test_seed_offline_reports_every_url_not_recorded(seed_path: Path) -> None:
    result = run("check", str(seed_path), "--format", "json", "--fail-on", "never")
    doc = json.loads(result.output)["documents"][0]
    links = [ref["link"] for ref in doc["references"]]
    complete = [ref for ref in doc["references"] if ref["url"] and ref["url_complete"] is not False]
    assert len(complete) == 64
    assert all(ref["link"]["outcome"] == "not-recorded" for ref in complete)
    assert {link["outcome"] for link in links} == {"not-recorded", "skipped"}
    assert not [f for f in doc["findings"] if f["code"].startswith("link-")]
    assert any(f["code"] == "links-not-checked" for f in doc["findings"])


def test_record_then_replay_offline_gives_the_same_outcomes(tmp_path: Path) -> None:
    cassette = tmp_path / "run.yaml"
    paths = ["/article/1", "/status/404", "/redirect/moved/2", "/soft404/3", "/set-cookie/4"]
    with FaultServer() as server:
        doc = manuscript(tmp_path, server.base_url, paths)
        live = run("check", str(doc), "--cassette", str(cassette), "--record", "--format", "json", *LOCAL)
        assert live.exit_code == 3  # the 404 and the soft 404 are errors
        hits = len(server.log)
    replay = run("check", str(doc), "--cassette", str(cassette), "--format", "json", "--fail-on", "never")
    expected = {1: "ok", 2: "not-found", 3: "moved", 4: "soft-404", 5: "ok"}
    assert outcomes(live.output) == outcomes(replay.output) == expected
    text = cassette.read_text(encoding="utf-8")
    assert "secret123" not in text and "Синтетическая статья" in text
    assert hits >= len(paths)


def test_dead_link_exit_code_and_finding(tmp_path: Path) -> None:
    with FaultServer() as server:
        doc = manuscript(tmp_path, server.base_url, ["/status/410"])
        result = run("check", str(doc), "--online", *LOCAL)
    assert result.exit_code == 3
    assert "error link-not-found" in result.output and "HTTP 410" in result.output


def test_the_cache_asks_each_url_once(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    options = [o for o in LOCAL if o != "--no-cache"]
    with FaultServer() as server:
        doc = manuscript(tmp_path, server.base_url, ["/article/1", "/status/404"])
        first = run("check", str(doc), "--online", "--cache-dir", str(cache), "--format", "json", *options)
        asked = len(server.log)
        second = run("check", str(doc), "--online", "--cache-dir", str(cache), "--format", "json", *options)
        assert len(server.log) == asked  # nothing asked again
        run("check", str(doc), "--online", "--no-cache", "--format", "json", *options)
        assert len(server.log) > asked
    assert outcomes(first.output) == outcomes(second.output) == {1: "ok", 2: "not-found"}
    assert json.loads(second.output)["documents"][0]["references"][0]["link"]["source"] == "cache"


def test_many_documents_share_one_run_and_ask_each_url_once(tmp_path: Path) -> None:
    with FaultServer() as server:
        (tmp_path / "issue" / "sub").mkdir(parents=True)
        manuscript(tmp_path / "issue", server.base_url, ["/article/1", "/article/2"], "a.md")
        manuscript(tmp_path / "issue" / "sub", server.base_url, ["/article/2", "/article/3"], "b.md")
        result = run("check", str(tmp_path / "issue"), "--recursive", "--online", "--format", "json", *LOCAL)
        assert sorted(hit.path for hit in server.log if hit.path != "/robots.txt") == [
            "/article/1",
            "/article/2",
            "/article/3",
        ]
    assert result.exit_code == 0
    assert len(json.loads(result.output)["documents"]) == 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        pytest.param(["--record"], 2, "--record needs --cassette", id="record-without-cassette"),
        pytest.param(["--cassette", "nope.yaml"], 4, "cassette not found", id="missing-cassette"),
        pytest.param(["--min-interval", "x=fast"], 2, "expected [HOST=]NUMBER", id="bad-interval"),
        pytest.param(["--concurrency", "0"], 2, "at least 1", id="bad-concurrency"),
    ],
)
def test_bad_network_options(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    doc = manuscript(tmp_path, "http://127.0.0.1:9", ["/a"])
    result = CliRunner().invoke(main, ["check", str(doc), *args])
    assert result.exit_code == code and message in result.output
    assert "Traceback" not in result.output


def test_a_directory_needs_recursive(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2 and "--recursive" in result.output


def test_a_truncated_url_is_matched_to_the_recorded_article(tmp_path: Path) -> None:
    from citations.net.cassette import Interaction, write_cassette

    cut = "https://www.belta.by/economics/view/minprom-belarusi-i-kitajskaja-kompanija-sinomach-"
    full = cut + "podpisali-soglashenie-123456-2023/"
    cassette = tmp_path / "synthetic.yaml"
    page = (
        "<html><head><title>Синтетическая страница</title></head><body><h1>Синтетическая</h1></body></html>"
    )
    write_cassette(
        cassette,
        [Interaction("GET", full, 200, (("Content-Type", "text/html; charset=utf-8"),), page.encode())],
        comment="synthetic: written by the test",
    )
    doc = tmp_path / "paper.md"
    doc.write_text(
        f"Claim[^1].\n\n[^1]: Минпром и Sinomach [Электронный ресурс]. – 2023. – URL: {cut}\n",
        encoding="utf-8",
    )
    result = run("check", str(doc), "--cassette", str(cassette), "--format", "json", "--fail-on", "never")
    [ref] = json.loads(result.output)["documents"][0]["references"]
    assert ref["link"]["outcome"] == "skipped" and "incomplete" in ref["link"]["detail"]
    [likely] = [f for f in ref["findings"] if f["code"] == "url-likely-target"]
    assert likely["suggestion"] == full


def test_recording_replays_what_the_cassette_holds_without_the_network(tmp_path: Path) -> None:
    # --record asks the network only for what the cassette lacks: a held URL needs no DNS.
    cassette = tmp_path / "c.yaml"
    cassette.write_bytes(SHIPPED.read_bytes())
    result = run(
        "resolve", BELTA_2015, "--cassette", str(cassette), "--record", "--no-cache", "--format", "json"
    )
    assert result.exit_code == 0
    [entry] = json.loads(result.output)["links"]
    assert entry["link"]["outcome"] == "ok" and entry["link"]["checked_at"] is None


def test_a_corrupt_cache_is_reported_before_any_request(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "links.sqlite3").write_bytes(b"this is not a database")
    with FaultServer() as server:
        doc = manuscript(tmp_path, server.base_url, ["/article/1"])
        result = CliRunner().invoke(
            main,
            [
                "check",
                str(doc),
                "--online",
                "--cache-dir",
                str(cache),
                *[o for o in LOCAL if o != "--no-cache"],
            ],
        )
        assert not server.log
    assert result.exit_code == 4 and "--no-cache" in result.output and "Traceback" not in result.output


def test_host_options_name_hosts_as_the_scheduler_does() -> None:
    from cli import _network

    options = {
        "min_interval": ("www.belta.by=2.5", "0.2"),
        "concurrency": ("eng.belta.by=3",),
        "timeout": 30.0,
        "allow_private": False,
        "archive": True,
        "contact": None,
        "no_cache": True,
        "cache_dir": None,
        "offline": True,
        "cassette": None,
        "record": False,
    }
    settings = _network(options).settings
    assert settings.policy("belta.by").min_interval == 2.5
    assert settings.policy("www.belta.by").min_interval == 2.5
    assert settings.policy("eng.belta.by") == settings.policy("eng.belta.by")
    assert (
        settings.policy("eng.belta.by").concurrency == 3
        and settings.policy("eng.belta.by").min_interval >= 1.0
    )
    assert settings.policy("mfa.gov.by").min_interval == 0.2


def test_a_terminated_recording_keeps_what_it_recorded(tmp_path: Path) -> None:
    import signal
    import time

    cassette = tmp_path / "c.yaml"
    with FaultServer() as server:
        args = [
            sys.executable,
            "-m",
            "cli",
            "resolve",
            server.url("/article/kept"),
            server.url("/hang"),
            "--cassette",
            str(cassette),
            "--record",
            "--concurrency",
            "2",
            *LOCAL,
            "--timeout",
            "60",
        ]
        process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (
            server.hits_for("/hang") and server.hits_for("/article/kept")
        ):
            time.sleep(0.05)
        time.sleep(0.3)  # the article's answer is read and recorded
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    assert process.returncode == 130, err
    assert "/article/kept" in cassette.read_text(encoding="utf-8")
