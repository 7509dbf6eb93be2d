"""Link outcomes against a local fault server (127.0.0.1, started and stopped by the tests).

Each outcome class has a case here that fails if the classification changes; the network is
never touched: the fault server answers, or a fake resolver stands in for DNS.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import time
from dataclasses import replace

import httpx
import pytest
from faultserver import FaultServer

from citations.models import Outcome
from citations.net.fetch import Fetcher, retry_after
from citations.net.settings import HostPolicy, NetSettings
from citations.resolve import Mode, Network, Target, check_links

FAST = NetSettings(
    timeout=3.0,
    retries=0,
    backoff=0.01,
    default=HostPolicy(0.0, 4),
    hosts=(),
    allow_private=True,
    archive=False,
    max_bytes=1024 * 1024,
)


def online(settings: NetSettings = FAST) -> Network:
    return Network(Mode.ONLINE, settings)


def check(url: str, settings: NetSettings = FAST, **kwargs: object):  # type: ignore[no-untyped-def]
    return check_links([Target(url)], online(settings), **kwargs).links[url]  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def server():  # type: ignore[no-untyped-def]
    with FaultServer() as running:
        yield running


@pytest.mark.parametrize(
    ("path", "outcome", "status"),
    [
        pytest.param("/article/1", Outcome.OK, 200, id="ok"),
        pytest.param("/redirect/temporary/2", Outcome.REDIRECTED, 200, id="temporary-redirect"),
        pytest.param("/redirect/moved/3", Outcome.MOVED, 200, id="permanent-redirect-elsewhere"),
        pytest.param("/redirect/home/4", Outcome.REDIRECT_TO_HOME, 200, id="redirect-to-home"),
        pytest.param("/soft404/5", Outcome.SOFT_404, 200, id="soft-404"),
        pytest.param("/status/404", Outcome.NOT_FOUND, 404, id="404"),
        pytest.param("/status/410", Outcome.NOT_FOUND, 410, id="410"),
        pytest.param("/status/401", Outcome.BLOCKED, 401, id="401"),
        pytest.param("/status/403", Outcome.BLOCKED, 403, id="403"),
        pytest.param("/status/451", Outcome.BLOCKED, 451, id="451"),
        pytest.param("/status/429", Outcome.RATE_LIMITED, 429, id="429"),
        pytest.param("/status/500", Outcome.SERVER_ERROR, 500, id="500"),
        pytest.param("/status/503", Outcome.SERVER_ERROR, 503, id="503"),
        pytest.param("/redirect/loop/6", Outcome.REDIRECT_LOOP, None, id="redirect-loop"),
        pytest.param("/huge", Outcome.TOO_LARGE, None, id="huge-chunked"),
        pytest.param("/huge-close", Outcome.TOO_LARGE, None, id="huge-close-delimited"),
        pytest.param("/huge-declared", Outcome.TOO_LARGE, None, id="huge-declared"),
        pytest.param("/gzip-bomb", Outcome.TOO_LARGE, None, id="gzip-bomb"),
        pytest.param("/pdf", Outcome.NOT_HTML, 200, id="not-html"),
        pytest.param("/reset", Outcome.CONNECTION, None, id="connection-reset"),
    ],
)
def test_outcome(server: FaultServer, path: str, outcome: Outcome, status: int | None) -> None:
    link = check(server.url(path))
    assert (link.outcome, link.http_status) == (outcome, status), link.detail
    assert link.checked_at and link.source == "live"


def test_moved_gives_the_new_url(server: FaultServer) -> None:
    link = check(server.url("/redirect/moved/7"))
    assert link.final_url == server.url("/article/other-7")
    assert [(h.url, h.status) for h in link.hops] == [(server.url("/redirect/moved/7"), 301)]


def test_redirect_chain_longer_than_the_limit_is_a_loop(server: FaultServer) -> None:
    link = check(server.url("/redirect/chain/3"))
    assert (link.outcome, link.final_url) == (Outcome.REDIRECTED, server.url("/redirect/chain/0"))
    limited = replace(FAST, max_redirects=2)
    link = check(server.url("/redirect/chain/3"), limited)
    assert link.outcome is Outcome.REDIRECT_LOOP and "more than 2 redirects" in link.detail


def test_slow_drip_is_stopped_by_the_total_deadline(server: FaultServer) -> None:
    # Each byte arrives within any per-read timeout; only the total deadline ends it.
    started = time.monotonic()
    link = check(server.url("/slow-drip"), replace(FAST, timeout=0.6, max_bytes=64 * 1024 * 1024))
    assert link.outcome is Outcome.TIMEOUT
    assert time.monotonic() - started < 5


def test_hang_times_out(server: FaultServer) -> None:
    assert check(server.url("/hang"), replace(FAST, timeout=0.4)).outcome is Outcome.TIMEOUT


def test_gzip_bomb_never_inflates_past_the_cap(server: FaultServer) -> None:
    link = check(server.url("/gzip-bomb"), replace(FAST, max_bytes=64 * 1024))
    assert link.outcome is Outcome.TOO_LARGE and "after decompression" in link.detail


@pytest.mark.parametrize("path", ["/charset/wrong", "/charset/missing", "/charset/meta"])
def test_wrong_or_missing_charset_still_gives_the_cyrillic_title(server: FaultServer, path: str) -> None:
    link = check(server.url(path))
    assert link.outcome is Outcome.OK
    assert link.page is not None and link.page.title and any("а" <= c <= "я" for c in link.page.title.lower())


def test_retry_after_is_honoured_then_the_page_loads(server: FaultServer) -> None:
    link = check(server.url("/ratelimit/once/a"), replace(FAST, retries=2))
    assert link.outcome is Outcome.OK
    assert len(server.hits_for("/ratelimit/once/a")) == 2


def test_retry_after_seconds_delays_the_next_request(server: FaultServer) -> None:
    link = check(server.url("/status/429?x=1"), replace(FAST, retries=1, retry_after_cap=5))
    assert link.outcome is Outcome.RATE_LIMITED
    starts = [hit.started for hit in server.hits_for("/status/429?x=1")]
    assert len(starts) == 2 and starts[1] - starts[0] >= 0.95


def test_retry_after_beyond_the_cap_is_not_waited_for(server: FaultServer) -> None:
    link = check(server.url("/status/429?x=2"), replace(FAST, retries=3, retry_after_cap=0.5))
    assert link.outcome is Outcome.RATE_LIMITED
    assert len(server.hits_for("/status/429?x=2")) == 1


def test_transient_server_errors_are_retried(server: FaultServer) -> None:
    assert check(server.url("/flaky/b"), replace(FAST, retries=1)).outcome is Outcome.OK
    assert len(server.hits_for("/flaky/b")) == 2


def test_not_found_is_not_retried(server: FaultServer) -> None:
    check(server.url("/status/404?x=3"), replace(FAST, retries=3))
    assert len(server.hits_for("/status/404?x=3")) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3.0), ("0", 0.0), ("Thu, 01 Jan 2026 00:00:10 GMT", 10.0), ("soon", None), (None, None)],
)
def test_retry_after_parsing(value: str | None, expected: float | None) -> None:
    now = 1767225600.0  # 2026-01-01T00:00:00Z
    assert retry_after(value, now=now) == expected


def test_tls_failure(server: FaultServer) -> None:
    # An https request to a plain-HTTP port fails the TLS handshake.
    link = check(f"https://127.0.0.1:{server.port}/article/1")
    assert link.outcome is Outcome.TLS


def test_refused_connection() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert check(f"http://127.0.0.1:{port}/x").outcome is Outcome.CONNECTION


def test_dns_failure_without_the_network() -> None:
    async def no_such_host(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    link = check("https://no-such-host.invalid/article", resolver=no_such_host)
    assert link.outcome is Outcome.DNS


def test_private_addresses_are_refused_unless_allowed(server: FaultServer) -> None:
    link = check(server.url("/article/8"), replace(FAST, allow_private=False))
    assert link.outcome is Outcome.SKIPPED and "--allow-private" in link.detail
    assert not server.hits_for("/article/8")


def test_a_redirect_to_a_private_address_is_refused() -> None:
    async def public(host: str, port: int) -> list[str]:
        return {"example.org": ["93.184.215.14"], "internal.example": ["10.0.0.5"]}[host]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "example.org":
            return httpx.Response(302, headers={"location": "http://internal.example/admin"})
        return httpx.Response(200, html="<h1>secret</h1>")

    link = check(
        "http://example.org/a",
        replace(FAST, allow_private=False, robots=False),
        transport=httpx.MockTransport(handler),
        resolver=public,
    )
    assert link.outcome is Outcome.SKIPPED and "10.0.0.5" in link.detail


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "javascript:alert(1)"])
def test_only_http_and_https(url: str) -> None:
    assert check(url).outcome is Outcome.SKIPPED


def test_robots_txt_is_honoured() -> None:
    with FaultServer(robots="User-agent: *\nDisallow: /article/private\nDisallow: /*getResults*\n") as srv:
        urls = [srv.url("/article/private-1"), srv.url("/x/getResults?q=1"), srv.url("/article/public")]
        links = check_links([Target(u) for u in urls], online()).links
        assert [links[u].outcome for u in urls] == [Outcome.SKIPPED, Outcome.SKIPPED, Outcome.OK]
        assert "robots.txt" in links[urls[0]].detail
        assert len(srv.hits_for("/robots.txt")) == 1  # fetched once per origin and run
        assert not srv.hits_for("/article/private")


def test_user_agent_names_the_tool_and_the_contact(server: FaultServer) -> None:
    check(server.url("/article/ua"), replace(FAST, contact="editor@example.org"))
    agent = server.hits_for("/article/ua")[0].user_agent or ""
    assert agent.startswith("citations/") and "editor@example.org" in agent


def test_same_article_at_another_host_is_redirected_not_moved() -> None:
    # www.belta.by redirects to belta.by keeping the path (GUIDE §3).
    path = "/politics/view/test-567456-2023/"

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "www.belta.by":
            return httpx.Response(301, headers={"location": f"https://belta.by{path}"})
        return httpx.Response(200, html="<h1>Заголовок</h1>")

    async def public(host: str, port: int) -> list[str]:
        return ["93.184.215.14"]

    link = check(
        f"https://www.belta.by{path}",
        replace(FAST, robots=False),
        transport=httpx.MockTransport(handler),
        resolver=public,
    )
    assert link.outcome is Outcome.REDIRECTED and link.final_url == f"https://belta.by{path}"


def test_fetcher_never_raises_on_a_bad_url() -> None:
    async def run() -> None:
        async with Fetcher(FAST) as fetcher:
            for url in ("http://", "http://[::1", "not a url", "http://exa mple.org/"):
                fetched = await fetcher.get(url)
                assert fetched.error is not None

    asyncio.run(run())


async def _public(host: str, port: int) -> list[str]:
    return ["93.184.215.14"]


def test_a_dead_link_gets_the_wayback_snapshot_nearest_the_cited_year() -> None:
    dead = "https://belta.by/economics/view/gone-572000-2023/"
    asked: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url)
        if request.url.host == "archive.org":
            closest = {
                "available": True,
                "status": "200",
                "timestamp": "20230615000000",
                "url": f"http://web.archive.org/web/20230615000000/{dead}",
            }
            return httpx.Response(200, json={"archived_snapshots": {"closest": closest}})
        return httpx.Response(404, html="<h1>404</h1>")

    network = online(replace(FAST, archive=True, robots=False))
    checked = check_links(
        [Target(dead, year=2023)], network, transport=httpx.MockTransport(handler), resolver=_public
    )
    link = checked.links[dead]
    assert link.outcome is Outcome.NOT_FOUND
    assert link.archive_url == f"https://web.archive.org/web/20230615000000/{dead}"
    [lookup] = [url for url in asked if url.host == "archive.org"]
    assert lookup.params["timestamp"] == "20230701" and lookup.params["url"] == dead


def test_live_links_are_not_looked_up_in_the_archive() -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.host)
        return httpx.Response(200, html="<h1>Жива</h1>")

    network = online(replace(FAST, archive=True, robots=False))
    check_links(
        [Target("https://belta.by/a/view/b-1-2023/")],
        network,
        transport=httpx.MockTransport(handler),
        resolver=_public,
    )
    assert asked == ["belta.by"]


def test_a_truncated_url_gets_candidates_from_the_wayback_prefix_index() -> None:
    cut = "https://www.belta.by/economics/view/minprom-belarusi-i-kitajskaja-kompanija-sinomach-"
    full = cut.replace("https://www.", "http://") + "podpisali-soglashenie-123456-2023/"

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.host == "web.archive.org" and request.url.params["matchType"] == "prefix"
        return httpx.Response(200, json=[["original"], [full], [full]])

    network = online(replace(FAST, archive=True, robots=False))
    checked = check_links(
        [Target(cut, complete=False)], network, transport=httpx.MockTransport(handler), resolver=_public
    )
    assert checked.candidates[cut] == (full,)
    assert cut not in checked.links  # an incomplete URL is never fetched as it stands


def test_a_dead_mangled_belta_url_gets_candidates_sharing_its_slug_head() -> None:
    mangled = "https://www.belta.by/economics/view/minprom-belarusi-i-kitajsskaja-kompanija-572001-2023/"
    real = "https://www.belta.by/economics/view/minprom-belarusi-i-kitajskaja-kompanija-572001-2023/"
    prefixes: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "web.archive.org":
            prefixes.append(request.url.params["url"])
            return httpx.Response(200, json=[["original"], [real]])
        if request.url.host == "archive.org":
            return httpx.Response(200, json={"archived_snapshots": {}})
        return httpx.Response(404)

    network = online(replace(FAST, archive=True, robots=False))
    checked = check_links(
        [Target(mangled)], network, transport=httpx.MockTransport(handler), resolver=_public
    )
    assert checked.links[mangled].outcome is Outcome.NOT_FOUND
    assert prefixes == ["www.belta.by/economics/view/minprom-belarusi"]
    assert checked.candidates[mangled] == (real,)


def test_a_port_out_of_range_is_one_links_problem_not_the_runs(server: FaultServer) -> None:
    urls = ["http://127.0.0.1:99999/x", "http://[::1", server.url("/article/port")]
    links = check_links([Target(u) for u in urls], online()).links
    assert links[urls[0]].outcome is Outcome.SKIPPED and "port" in links[urls[0]].detail
    assert links[urls[1]].outcome is Outcome.SKIPPED
    assert links[urls[2]].outcome is Outcome.OK


def test_a_wait_longer_than_the_time_left_is_not_made() -> None:
    # The total deadline covers retries and their waits: a Retry-After past it ends the check.
    with FaultServer() as srv:
        link = check(srv.url("/status/429"), replace(FAST, timeout=0.5, retries=3, retry_after_cap=30))
        assert link.outcome is Outcome.RATE_LIMITED and len(srv.hits_for("/status/429")) == 1


def test_robots_txt_is_checked_again_after_a_redirect() -> None:
    with FaultServer(robots="User-agent: *\nDisallow: /article/private\n") as srv:
        link = check(srv.url("/redirect/temporary/private-2"))
        assert link.outcome is Outcome.SKIPPED and "robots.txt" in link.detail
        assert not srv.hits_for("/article/private")


@pytest.mark.parametrize(
    ("cited", "final", "outcome"),
    [
        pytest.param("/my-article", "/", Outcome.REDIRECT_TO_HOME, id="one-segment-article-to-front-page"),
        pytest.param("/politics/view/x-1-2023/", "/politics/", Outcome.REDIRECT_TO_HOME, id="to-its-section"),
        pytest.param("/ru/news/a", "/ru/", Outcome.REDIRECT_TO_HOME, id="to-a-language-root"),
        pytest.param("/a/b", "/other-article", Outcome.MOVED, id="to-another-article"),
    ],
)
def test_redirects_to_a_home_or_section_page(cited: str, final: str, outcome: Outcome) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == cited:
            return httpx.Response(301, headers={"location": final})
        return httpx.Response(200, html="<title>Главная</title>")

    link = check(
        f"https://example.org{cited}",
        replace(FAST, robots=False),
        transport=httpx.MockTransport(handler),
        resolver=_public,
    )
    assert link.outcome is outcome


@pytest.mark.parametrize("status", [301, 308])
def test_permanent_redirects(status: int) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(status, headers={"location": "/new-place/article"})
        return httpx.Response(200, html="<h1>Статья</h1>")

    link = check(
        "https://example.org/old",
        replace(FAST, robots=False),
        transport=httpx.MockTransport(handler),
        resolver=_public,
    )
    assert link.outcome is Outcome.MOVED and link.final_url == "https://example.org/new-place/article"


@pytest.mark.parametrize(
    ("body", "outcome"),
    [
        pytest.param(
            gzip.compress(b"<h1>one</h1>") + gzip.compress(b"<p>two</p>"), Outcome.OK, id="two-members"
        ),
        pytest.param(
            gzip.compress(b"<h1>" + b"x" * 5000 + b"</h1>")[:-30], Outcome.CONNECTION, id="cut-short"
        ),
    ],
)
def test_gzip_bodies_are_read_whole_or_not_at_all(body: bytes, outcome: Outcome) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"content-encoding": "gzip", "content-type": "text/html"}
        return httpx.Response(200, headers=headers, stream=_Stream(body))

    link = check(
        "https://example.org/g",
        replace(FAST, robots=False),
        transport=httpx.MockTransport(handler),
        resolver=_public,
    )
    assert link.outcome is outcome, link.detail


class _Stream(httpx.AsyncByteStream):
    def __init__(self, body: bytes) -> None:
        self.body = body

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        yield self.body
