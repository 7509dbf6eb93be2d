"""The local fault server answers each route as documented and stops promptly."""

from __future__ import annotations

import email.utils
import http.client
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from faultserver import GZIP_BOMB_SIZE, HUGE_DECLARED, FaultServer

TIMEOUT = 3.0


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer(robots="User-agent: *\nDisallow: /printv\n") as srv:
        yield srv


def fetch(srv: FaultServer, path: str, method: str = "GET", headers: dict[str, str] | None = None) -> Reply:
    """One request on a fresh connection; no redirects followed, no decoding."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=TIMEOUT)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return Reply(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def test_article_page_looks_like_belta(server: FaultServer) -> None:
    reply = fetch(server, "/article/42")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(reply.headers["Content-Length"]) == len(reply.body)
    text = reply.text
    assert "synthetic" in text
    assert '<html lang="ru">' in text
    assert '<meta property="og:title" content="Синтетическая статья 42">' in text
    assert '<meta property="article:published_time" content="2023-06-01 12:00:00">' in text
    assert '<meta property="og:section" content="Политика">' in text
    assert "<h1>Синтетическая статья 42</h1>" in text
    assert "<p>" in text


def test_home_page_has_no_article_date(server: FaultServer) -> None:
    reply = fetch(server, "/")
    assert reply.status == 200
    assert "<title>Главная</title>" in reply.text
    assert "published_time" not in reply.text
    assert "<h1>" not in reply.text


@pytest.mark.parametrize(
    ("path", "status", "location"),
    [
        pytest.param("/redirect/same/7", 301, "/article/7", id="same"),
        pytest.param("/redirect/temporary/7", 302, "/article/7", id="temporary"),
        pytest.param("/redirect/moved/7", 301, "/article/other-7", id="moved"),
        pytest.param("/redirect/home/7", 302, "/", id="home"),
        pytest.param("/redirect/loop/7", 302, "/redirect/loop2/7", id="loop"),
        pytest.param("/redirect/loop2/7", 302, "/redirect/loop/7", id="loop-back"),
        pytest.param("/redirect/chain/3", 302, "/redirect/chain/2", id="chain"),
    ],
)
def test_redirects(server: FaultServer, path: str, status: int, location: str) -> None:
    reply = fetch(server, path)
    assert (reply.status, reply.headers["Location"]) == (status, location)


def test_redirect_chain_ends_in_an_article(server: FaultServer) -> None:
    reply = fetch(server, "/redirect/chain/0")
    assert reply.status == 200
    assert "<h1>Синтетическая статья chain-0</h1>" in reply.text


def test_soft_404_is_a_200_saying_not_found(server: FaultServer) -> None:
    reply = fetch(server, "/soft404/x")
    assert reply.status == 200
    assert "<title>Страница не найдена</title>" in reply.text
    assert "<h1>Страница не найдена</h1>" in reply.text
    assert "Запрашиваемая страница не существует" in reply.text


@pytest.mark.parametrize("code", [400, 401, 403, 404, 410, 451, 500, 502, 503])
def test_status_routes(server: FaultServer, code: int) -> None:
    reply = fetch(server, f"/status/{code}")
    assert reply.status == code
    assert reply.headers["Content-Type"].startswith("text/html")
    assert str(code) in reply.text


def test_status_429_has_retry_after_seconds(server: FaultServer) -> None:
    reply = fetch(server, "/status/429")
    assert (reply.status, reply.headers["Retry-After"]) == (429, "1")


def test_ratelimit_date_is_an_http_date_just_ahead(server: FaultServer) -> None:
    reply = fetch(server, "/ratelimit/date/a")
    assert reply.status == 429
    ahead = email.utils.parsedate_to_datetime(reply.headers["Retry-After"]).timestamp() - time.time()
    assert 0 < ahead <= 2.5


@pytest.mark.parametrize(
    ("prefix", "first_status"),
    [pytest.param("/ratelimit/once/", 429, id="ratelimit-once"), pytest.param("/flaky/", 503, id="flaky")],
)
def test_first_hit_fails_then_succeeds(server: FaultServer, prefix: str, first_status: int) -> None:
    first = fetch(server, prefix + "k1")
    assert first.status == first_status
    if first_status == 429:
        assert first.headers["Retry-After"] == "0"
    assert fetch(server, prefix + "k1").status == 200
    assert fetch(server, prefix + "k2").status == first_status  # remembered per x


@pytest.mark.parametrize(
    ("path", "content_type", "meta"),
    [
        pytest.param("/charset/wrong", "text/html; charset=utf-8", False, id="wrong"),
        pytest.param("/charset/missing", "text/html", False, id="missing"),
        pytest.param("/charset/meta", "text/html", True, id="meta"),
    ],
)
def test_charset_routes_send_cp1251(server: FaultServer, path: str, content_type: str, meta: bool) -> None:
    reply = fetch(server, path)
    assert reply.headers["Content-Type"] == content_type
    with pytest.raises(UnicodeDecodeError):
        reply.body.decode("utf-8")
    text = reply.body.decode("cp1251")
    assert "<h1>Синтетическая статья" in text
    assert ('<meta charset="windows-1251">' in text) is meta
    assert ("charset" in text.lower()) is meta


def test_pdf(server: FaultServer) -> None:
    reply = fetch(server, "/pdf")
    assert reply.headers["Content-Type"] == "application/pdf"
    assert reply.body.startswith(b"%PDF-1.4")


def test_set_cookie(server: FaultServer) -> None:
    reply = fetch(server, "/set-cookie/5")
    assert reply.status == 200
    assert "session=secret123" in reply.headers["Set-Cookie"]


def test_robots(server: FaultServer) -> None:
    reply = fetch(server, "/robots.txt")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/plain")
    assert "Disallow: /printv" in reply.text
    with FaultServer() as bare:
        assert fetch(bare, "/robots.txt").status == 404


@pytest.mark.parametrize("path", ["/nowhere", "/article/", "/redirect/chain/x", "/status/abc", "/status/999"])
def test_unknown_paths_are_404(server: FaultServer, path: str) -> None:
    assert fetch(server, path).status == 404


def test_reset_breaks_the_connection(server: FaultServer) -> None:
    with pytest.raises((ConnectionError, http.client.RemoteDisconnected)):
        fetch(server, "/reset")


def test_head_sends_headers_only(server: FaultServer) -> None:
    reply = fetch(server, "/article/9", method="HEAD")
    assert reply.status == 200
    assert int(reply.headers["Content-Length"]) > 0
    assert reply.body == b""


def test_keep_alive_reuses_the_connection(server: FaultServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
    try:
        conn.request("GET", "/article/ka1")
        assert conn.getresponse().read()
        sock = conn.sock
        conn.request("GET", "/status/404")
        assert conn.getresponse().read()
        conn.request("GET", "/redirect/same/ka2")
        assert conn.getresponse().status == 301
        assert conn.sock is sock and sock is not None
    finally:
        conn.close()


def test_log_records_host_agent_and_times(server: FaultServer) -> None:
    fetch(server, "/article/logged", headers={"Host": "www.belta.by", "User-Agent": "citations-test/1"})
    assert server.wait_idle()
    (hit,) = server.hits_for("/article/logged")
    assert (hit.method, hit.host_header, hit.user_agent) == ("GET", "www.belta.by", "citations-test/1")
    assert hit.finished is not None and hit.started <= hit.finished
    assert server.pages_started_for("/article/logged") == [hit.started]


def read_some(srv: FaultServer, path: str, amount: int) -> tuple[http.client.HTTPResponse, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=TIMEOUT)
    conn.request("GET", path)
    resp = conn.getresponse()
    data = resp.read(amount)
    conn.close()
    return resp, data


def test_huge_is_chunked_without_length(server: FaultServer) -> None:
    resp, data = read_some(server, "/huge", 300_000)
    assert resp.getheader("Transfer-Encoding") == "chunked"
    assert resp.getheader("Content-Length") is None
    assert len(data) == 300_000


def test_huge_close_is_close_delimited(server: FaultServer) -> None:
    resp, data = read_some(server, "/huge-close", 200_000)
    assert resp.getheader("Content-Length") is None
    assert resp.getheader("Connection") == "close"
    assert len(data) == 200_000


def test_huge_declared_announces_10_gb(server: FaultServer) -> None:
    resp, data = read_some(server, "/huge-declared", 100_000)
    assert int(resp.getheader("Content-Length", "0")) == HUGE_DECLARED
    assert len(data) == 100_000


def test_slow_drip_sends_one_byte_at_a_time(server: FaultServer) -> None:
    start = time.monotonic()
    resp, data = read_some(server, "/slow-drip", 2)
    assert int(resp.getheader("Content-Length", "0")) > 1_000_000
    assert len(data) == 2
    assert 0.15 < time.monotonic() - start < 1.5


def test_gzip_bomb_is_small_and_expands_enormously(server: FaultServer) -> None:
    reply = fetch(server, "/gzip-bomb")
    assert reply.headers["Content-Encoding"] == "gzip"
    assert int(reply.headers["Content-Length"]) == len(reply.body) < 2_000_000
    cap = 520 * 1024 * 1024
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    pending, produced = reply.body, 0
    while pending and produced <= cap:
        produced += len(inflater.decompress(pending, 4 * 1024 * 1024))
        pending = inflater.unconsumed_tail
    assert produced > 500 * 1024 * 1024
    assert GZIP_BOMB_SIZE == 1 << 30


def open_request(srv: FaultServer, path: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=TIMEOUT)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return sock


def closed_by_peer(sock: socket.socket) -> bool:
    """Drain ``sock``: True when the server closed it (EOF or reset), False on a read timeout."""
    sock.settimeout(1.0)
    try:
        while sock.recv(65536):
            pass
    except ConnectionError:
        return True
    except TimeoutError:
        return False
    return True


def test_stops_promptly_while_dripping_and_hanging() -> None:
    srv = FaultServer().__enter__()
    socks = [open_request(srv, "/slow-drip"), open_request(srv, "/hang")]
    try:
        deadline = time.monotonic() + TIMEOUT
        while srv.active < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert srv.active == 2
        start = time.monotonic()
        srv.__exit__(None, None, None)
        assert time.monotonic() - start < 2.0
        for sock in socks:
            assert closed_by_peer(sock)
    finally:
        for sock in socks:
            sock.close()


def test_latency_is_added_to_every_response() -> None:
    with FaultServer(latency=0.25) as srv:
        start = time.monotonic()
        assert fetch(srv, "/article/slow").status == 200
        assert time.monotonic() - start >= 0.25


def test_max_concurrent_counts_parallel_requests() -> None:
    with FaultServer(latency=0.3) as srv:
        threads = [threading.Thread(target=fetch, args=(srv, f"/article/p{i}")) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT)
        assert srv.wait_idle()
        assert srv.max_concurrent == 2
        assert len(srv.pages_started_for("/article/p")) == 2
    with FaultServer() as srv:
        fetch(srv, "/article/a")
        fetch(srv, "/article/b")
        assert srv.wait_idle()
        assert srv.max_concurrent == 1
