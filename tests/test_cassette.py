"""Cassettes as an httpx transport: record, replay, what is stored, how it is written, and
compatibility with stock vcrpy. Inner transports are httpx.MockTransport: no network."""

from __future__ import annotations

import asyncio
import gzip
import importlib.util
import os
import zlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import ROOT

from citations.errors import InputError, OutputError
from citations.net.cassette import FROM_CASSETTE, CassetteTransport, Interaction, Mode, write_cassette
from citations.net.errors import NotRecorded

URL = "https://www.belta.by/society/view/proverka-123456-2024/"
OTHER = "https://www.belta.by/politics/view/drugaja-654321-2024/"
HEADLINE = "График отключения горячей воды в Минске в 2015 году"
CONTACT = "author@example.org"
SHIPPED = ROOT / "cassettes" / "belta_2015-07-22_153269.yaml"
SHIPPED_URL = (
    "http://www.belta.by/regions/view/grafik-otkljuchenija-gorjachej-vody-v-minske-v-2015-godu-153269-2015/"
)
SHIPPED_SOURCE = ROOT.parent / "shared" / "data" / "belta" / "article_2015-08_regions_153269.html"

Handler = Callable[[httpx.Request], httpx.Response]


def html(text: str = HEADLINE) -> bytes:
    return f"<html><body>\n\t<h1>{text}</h1>\n</body></html>\n".encode()


def page(body: bytes = b"", **headers: str) -> Handler:
    """A handler answering every request with ``body``; header names use ``_`` for ``-``."""
    pairs = [("Content-Type", "text/html; charset=utf-8")]
    pairs += [(name.replace("_", "-"), value) for name, value in headers.items()]
    return lambda request: httpx.Response(200, headers=pairs, content=body or html())


def refuse(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"the inner transport was called for {request.url}")


async def fetch_all(transport: httpx.AsyncBaseTransport, *urls: str, **headers: str) -> list[httpx.Response]:
    """GET each URL in turn with a client that closes (and so saves) the transport at the end."""
    async with httpx.AsyncClient(transport=transport, headers=headers) as client:
        return [await client.get(url) for url in urls]


def record(path: Path, handler: Handler, *urls: str, **headers: str) -> list[httpx.Response]:
    transport = CassetteTransport(path, Mode.RECORD, inner=httpx.MockTransport(handler))
    return asyncio.run(fetch_all(transport, *urls, **headers))


def replay(path: Path, *urls: str) -> list[httpx.Response]:
    transport = CassetteTransport(path, Mode.REPLAY, inner=httpx.MockTransport(refuse))
    return asyncio.run(fetch_all(transport, *urls))


def stored(path: Path) -> list[dict[str, Any]]:
    """The interactions of a cassette as plain YAML data (it holds only safe tags)."""
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"])


def streamed(*chunks: bytes, fail: BaseException | None = None, hang: bool = False) -> Handler:
    """A handler whose body arrives chunk by chunk, then optionally fails or never ends."""

    async def body() -> AsyncIterator[bytes]:
        for chunk in chunks:
            yield chunk
        if fail is not None:
            raise fail
        if hang:
            await asyncio.Event().wait()

    return lambda request: httpx.Response(200, headers={"Content-Type": "text/html"}, content=body())


# --- record, then replay -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        pytest.param(html(), {}, id="utf8-html"),
        pytest.param(b"", {"Content_Length": "0"}, id="empty"),
        pytest.param(bytes(range(256)), {"Content_Type": "image/png"}, id="binary"),
        pytest.param("Минск".encode("cp1251"), {}, id="cp1251-bytes"),
        pytest.param(gzip.compress(html()), {"Content_Encoding": "gzip"}, id="gzip"),
        pytest.param(zlib.compress(html()), {"Content_Encoding": "deflate"}, id="deflate-zlib"),
        pytest.param(zlib.compress(html())[2:-4], {"Content_Encoding": "deflate"}, id="deflate-raw"),
    ],
)
def test_replay_gives_what_recording_gave(tmp_path: Path, body: bytes, headers: dict[str, str]) -> None:
    path = tmp_path / "c.yaml"
    handler = (
        (lambda request: httpx.Response(204))
        if body == b""
        else page(body, Date="Mon, 01 Jan 2024 00:00:00 GMT", **headers)
    )
    [live] = record(path, handler, URL)
    [again] = replay(path, URL)
    assert (again.status_code, again.reason_phrase) == (live.status_code, live.reason_phrase)
    assert again.content == live.content
    for name in ("content-type", "date"):
        assert again.headers.get(name) == live.headers.get(name)
    assert again.extensions[FROM_CASSETTE] == str(path)
    assert FROM_CASSETTE not in live.extensions


def test_replay_plays_the_same_url_again(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    record(path, page(), URL)
    assert [r.text for r in replay(path, URL, URL, URL)] == [html().decode()] * 3


def test_redirects_are_separate_interactions(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url == URL:
            return httpx.Response(301, headers={"Location": OTHER})
        return page()(request)

    path = tmp_path / "c.yaml"
    record(path, handler, URL, OTHER)
    first, second = replay(path, URL, OTHER)
    assert (first.status_code, first.headers["location"]) == (301, OTHER)
    assert (second.status_code, second.text) == (200, html().decode())


def test_recording_streams_the_body_as_it_comes(tmp_path: Path) -> None:
    sent: list[bytes] = []

    async def body() -> AsyncIterator[bytes]:
        for chunk in (b"one ", b"two ", b"three"):
            sent.append(chunk)
            yield chunk

    async def main() -> tuple[list[int], bytes]:
        inner = httpx.MockTransport(lambda request: httpx.Response(200, content=body()))
        transport = CassetteTransport(tmp_path / "c.yaml", Mode.RECORD, inner)
        seen, parts = [], []
        async with httpx.AsyncClient(transport=transport) as client, client.stream("GET", URL) as response:
            async for chunk in response.aiter_raw():
                seen.append(len(sent))
                parts.append(chunk)
        return seen, b"".join(parts)

    seen, whole = asyncio.run(main())
    assert seen == [1, 2, 3]  # each chunk reached the caller before the next was produced
    assert whole == b"one two three"
    assert stored(tmp_path / "c.yaml")[0]["response"]["body"]["string"] == "one two three"


# --- replay misses and the inner transport ---------------------------------------------------------


def test_replay_miss_raises_not_recorded_naming_request_and_cassette(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    record(path, page(), URL)
    with pytest.raises(NotRecorded) as caught:
        replay(path, OTHER)
    message = str(caught.value)
    assert "GET" in message and OTHER in message and str(path) in message and "--record" in message
    assert isinstance(caught.value, httpx.RequestError)
    assert str(caught.value.request.url) == OTHER


@pytest.mark.parametrize(
    ("url", "outcome"),
    [pytest.param(URL, "played", id="hit"), pytest.param(OTHER, "not-recorded", id="miss")],
)
def test_replay_never_calls_the_inner_transport(tmp_path: Path, url: str, outcome: str) -> None:
    path = tmp_path / "c.yaml"
    record(path, page(), URL)
    try:
        [response] = replay(path, url)  # replay() gives an inner transport that fails the test
        result = "played" if response.status_code == 200 else "other"
    except NotRecorded:
        result = "not-recorded"
    assert result == outcome


# --- what is stored --------------------------------------------------------------------------------


def test_recorded_file_holds_no_credentials_and_no_contact(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    handler = page(
        Set_Cookie="sid=cookie-value-1",
        X_Session_Id="session-value-2",
        X_Api_Key="key-value-3",
        X_CSRF_Token="token-value-4",
        Authorization="Bearer auth-value-5",
        Date="Mon, 01 Jan 2024 00:00:00 GMT",
    )
    record(
        path,
        handler,
        URL,
        User_Agent=f"citations/0.1 (mailto:{CONTACT})",
        Cookie="c=request-cookie-6",
        Authorization="Bearer request-auth-7",
    )
    text = path.read_text(encoding="utf-8")
    for secret in (
        CONTACT,
        "cookie-value-1",
        "session-value-2",
        "key-value-3",
        "token-value-4",
        "auth-value-5",
        "request-cookie-6",
        "request-auth-7",
        "User-Agent",
        "Set-Cookie",
    ):
        assert secret not in text, secret
    [interaction] = stored(path)
    assert interaction["request"] == {"body": None, "headers": {}, "method": "GET", "uri": URL}
    assert set(interaction["response"]["headers"]) == {"Content-Type", "Content-Length", "Date"}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Multi-line text YAML can hold as is: a literal block, each body line a line of the file.
        pytest.param(
            f"<html>\n<h1>{HEADLINE}</h1>\n</html>\n", [f"        <h1>{HEADLINE}</h1>\n"], id="literal-block"
        ),
        # Tabs and CR need escapes: a quoted scalar, folded at spaces, Cyrillic still as is.
        pytest.param(f"<html>\r\n\t<h1>{HEADLINE}</h1>\r\n", HEADLINE.split(), id="quoted"),
    ],
)
def test_utf8_body_is_readable_text_in_the_file(tmp_path: Path, body: str, expected: list[str]) -> None:
    path = tmp_path / "c.yaml"
    record(path, page(body.encode()), URL)
    text = path.read_text(encoding="utf-8")
    for piece in expected:
        assert piece in text
    assert "!!binary" not in text and "\\u04" not in text


def test_non_utf8_body_is_stored_as_bytes(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    body = "Минск".encode("cp1251")
    record(path, page(body), URL)
    assert "!!binary" in path.read_text(encoding="utf-8")
    assert stored(path)[0]["response"]["body"]["string"] == body


@pytest.mark.parametrize(
    ("coding", "compress"),
    [
        pytest.param("gzip", gzip.compress, id="gzip"),
        pytest.param("deflate", zlib.compress, id="deflate"),
        pytest.param("identity, gzip", gzip.compress, id="identity-then-gzip"),
    ],
)
def test_compressed_body_is_stored_decoded(
    tmp_path: Path, coding: str, compress: Callable[[bytes], bytes]
) -> None:
    path = tmp_path / "c.yaml"
    raw = compress(html())
    record(path, page(raw, Content_Encoding=coding), URL)
    response = stored(path)[0]["response"]
    assert response["body"]["string"] == html().decode()
    assert "Content-Encoding" not in response["headers"]
    assert response["headers"]["Content-Length"] == [str(len(html()))]
    [again] = replay(path, URL)
    assert again.content == html()


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        pytest.param("x-unknown", b"\x00opaque\xff", id="unknown-coding"),
        pytest.param("gzip", b"not gzip at all", id="corrupt-gzip"),
    ],
)
def test_body_that_does_not_decode_is_stored_as_it_came(tmp_path: Path, coding: str, body: bytes) -> None:
    path = tmp_path / "c.yaml"

    async def main() -> None:
        # A stream, not content=: httpx.Response(content=...) would try to decode it at once.
        inner = httpx.MockTransport(
            lambda request: httpx.Response(
                200, headers={"Content-Encoding": coding}, stream=httpx.ByteStream(body)
            )
        )
        transport = CassetteTransport(path, Mode.RECORD, inner)
        response = await transport.handle_async_request(httpx.Request("GET", URL))
        assert b"".join([chunk async for chunk in response.aiter_raw()]) == body
        await transport.aclose()

    asyncio.run(main())
    response = stored(path)[0]["response"]
    assert response["headers"]["Content-Encoding"] == [coding]
    text_or_bytes = response["body"]["string"]  # vcrpy writes UTF-8-decodable bytes as text
    assert (text_or_bytes.encode() if isinstance(text_or_bytes, str) else text_or_bytes) == body


# --- recording only what was read to its end -------------------------------------------------------


async def read_first_chunk_then_stop(transport: CassetteTransport) -> None:
    async with httpx.AsyncClient(transport=transport) as client, client.stream("GET", URL) as response:
        async for _ in response.aiter_raw():
            break


async def read_until_error(transport: CassetteTransport) -> None:
    async with httpx.AsyncClient(transport=transport) as client:
        with pytest.raises(httpx.ReadError):
            await client.get(URL)


async def read_until_deadline(transport: CassetteTransport) -> None:
    async with httpx.AsyncClient(transport=transport) as client:
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.get(URL), timeout=0.05)


@pytest.mark.parametrize(
    ("status", "content_type"),
    [pytest.param(404, "text/html", id="error-page"), pytest.param(200, "application/pdf", id="pdf")],
)
def test_an_unread_body_the_checker_has_no_use_for_is_recorded_as_left_out(
    tmp_path: Path, status: int, content_type: str
) -> None:
    path = tmp_path / "c.yaml"

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": content_type, "Content-Length": "300000"}
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(b"x" * 300000))

    async def main() -> None:
        transport = CassetteTransport(path, Mode.RECORD, inner=httpx.MockTransport(handler))
        async with httpx.AsyncClient(transport=transport) as client, client.stream("GET", URL) as response:
            assert response.status_code == status
        await transport.aclose()

    asyncio.run(main())
    [interaction] = stored(path)
    assert interaction["response"]["status"]["code"] == status
    headers = interaction["response"]["headers"]
    assert headers["X-Citations-Body"] == ["not recorded"] and "Content-Length" not in headers
    assert interaction["response"]["body"]["string"] == ""


def test_a_gzip_bomb_is_stored_compressed_not_inflated(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024))

    async def main() -> None:
        inner = httpx.MockTransport(
            lambda request: httpx.Response(
                200,
                headers={"Content-Encoding": "gzip", "Content-Type": "text/html"},
                stream=httpx.ByteStream(bomb),
            )
        )
        transport = CassetteTransport(path, Mode.RECORD, inner)
        response = await transport.handle_async_request(httpx.Request("GET", URL))
        assert len(b"".join([chunk async for chunk in response.aiter_raw()])) == len(bomb)
        await transport.aclose()

    asyncio.run(main())
    assert path.stat().st_size < 2 * len(bomb) + 4096
    assert stored(path)[0]["response"]["headers"]["Content-Encoding"] == ["gzip"]


@pytest.mark.parametrize(
    ("reader", "handler"),
    [
        pytest.param(read_first_chunk_then_stop, streamed(b"a", b"b", b"c"), id="caller-stops-early"),
        pytest.param(read_until_error, streamed(b"a", fail=httpx.ReadError("reset")), id="stream-fails"),
        pytest.param(read_until_deadline, streamed(b"a", hang=True), id="deadline"),
    ],
)
def test_response_not_read_to_its_end_records_nothing(
    tmp_path: Path, reader: Callable[[CassetteTransport], Any], handler: Handler
) -> None:
    path = tmp_path / "c.yaml"
    transport = CassetteTransport(path, Mode.RECORD, inner=httpx.MockTransport(handler))
    asyncio.run(reader(transport))
    transport.save()
    assert not path.exists()
    assert transport.urls == ()


def test_concurrent_misses_for_one_url_record_it_once(tmp_path: Path) -> None:
    async def main() -> int:
        arrived: list[httpx.Request] = []
        both = asyncio.Event()

        async def handler(request: httpx.Request) -> httpx.Response:
            arrived.append(request)
            if len(arrived) == 2:
                both.set()
            await both.wait()  # both requests are in flight before either is answered
            return page()(request)

        transport = CassetteTransport(tmp_path / "c.yaml", Mode.RECORD, inner=httpx.MockTransport(handler))
        async with httpx.AsyncClient(transport=transport) as client:
            await asyncio.gather(client.get(URL), client.get(URL))
        return len(arrived)

    assert asyncio.run(main()) == 2
    assert [i["request"]["uri"] for i in stored(tmp_path / "c.yaml")] == [URL]


# --- re-recording and writing ---------------------------------------------------------------------


def test_rerecording_appends_only_new_interactions(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    record(path, page(html("first")), URL)
    asked: list[str] = []

    def second(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return page(html("second"))(request)

    first, other = record(path, second, URL, OTHER)
    assert asked == [OTHER]
    assert "first" in first.text and "second" in other.text
    bodies = {i["request"]["uri"]: i["response"]["body"]["string"] for i in stored(path)}
    assert bodies == {URL: html("first").decode(), OTHER: html("second").decode()}


def test_session_that_records_nothing_leaves_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    record(path, page(), URL)
    before = path.stat()
    record(path, refuse, URL)
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_same_interactions_give_the_same_bytes(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return page(html(str(request.url)), Date="Mon, 01 Jan 2024 00:00:00 GMT")(request)

    record(tmp_path / "ab.yaml", handler, URL, OTHER)
    record(tmp_path / "ba.yaml", handler, OTHER, URL)
    assert (tmp_path / "ab.yaml").read_bytes() == (tmp_path / "ba.yaml").read_bytes()


@pytest.mark.parametrize(
    "failing", [pytest.param("fsync", id="while-writing"), pytest.param("replace", id="at-rename")]
)
def test_failed_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "c.yaml"
    record(path, page(), URL)
    old = path.read_bytes()
    transport = CassetteTransport(path, Mode.RECORD, inner=httpx.MockTransport(page()))

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, disk_full)
    with pytest.raises(OutputError, match="No space left"):
        asyncio.run(fetch_all(transport, OTHER))
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.yaml"]


def test_recording_creates_the_cassette_and_its_directories(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "c.yaml"
    record(path, page(), URL)
    assert [i["request"]["uri"] for i in stored(path)] == [URL]


def test_leading_comment_survives_rerecording(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    write_cassette(
        path, [Interaction("GET", URL, 200, (("Content-Type", "text/html"),), html())], comment="where\nfrom"
    )
    record(path, page(), OTHER)
    assert path.read_text(encoding="utf-8").startswith("# where\n# from\ninteractions:\n")
    assert len(stored(path)) == 2


def test_urls_lists_every_stored_request_once(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    record(path, page(), URL)
    transport = CassetteTransport(path, Mode.RECORD, inner=httpx.MockTransport(page()))
    asyncio.run(fetch_all(transport, OTHER, URL))
    assert transport.urls == (URL, OTHER)


# --- bad cassettes and bad modes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "what"),
    [
        pytest.param(b"interactions: [\n", "not a readable vcrpy cassette", id="broken-yaml"),
        pytest.param(b"just text\n", "not a readable vcrpy cassette", id="not-a-mapping"),
        pytest.param(b"version: 1\n", "not a readable vcrpy cassette", id="no-interactions"),
        pytest.param(
            b"interactions:\n- request: {method: GET, uri: 'http://a/', body: null, headers: {}}\n"
            b"  response: {headers: {}, body: {string: ''}}\nversion: 1\n",
            "interaction 1",
            id="response-without-status",
        ),
        pytest.param(
            b"interactions:\n- request: {method: GET, uri: 'http://a/', body: null, headers: {}}\n"
            b"  response: {status: {code: 200}, headers: {}, body: {string: [1, 2]}}\nversion: 1\n",
            "not a readable vcrpy cassette",
            id="body-not-text",
        ),
        pytest.param(
            b"interactions:\n- request: {method: GET, uri: 'http://a/', body: null, headers: {}}\n"
            b"  response: {status: {code: 200}, headers: {}, body: {}}\nversion: 1\n",
            "interaction 1",
            id="body-missing",
        ),
        pytest.param(
            b"interactions:\n- request: {method: GET, uri: 'http://a/', body: null, headers: {}}\n"
            b"  response: {status: {code: '200'}, headers: {}, body: {string: ''}}\nversion: 1\n",
            "bad status code",
            id="status-not-a-number",
        ),
        pytest.param(
            b"!!python/object/apply:os.system ['true']\n", "not a readable vcrpy cassette", id="python-tag"
        ),
        pytest.param(b"interactions: []\n# \xff\xfe\n", "not UTF-8", id="not-utf8"),
    ],
)
@pytest.mark.parametrize("mode", [Mode.REPLAY, Mode.RECORD])
def test_unreadable_cassette_is_an_input_error(tmp_path: Path, content: bytes, what: str, mode: Mode) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=what) as caught:
        CassetteTransport(path, mode)
    assert caught.value.path == str(path) and caught.value.todo
    assert path.read_bytes() == content


@pytest.mark.parametrize(
    ("make", "mode", "what"),
    [
        pytest.param(lambda p: None, Mode.REPLAY, "cassette not found", id="missing-in-replay"),
        pytest.param(lambda p: p.mkdir(), Mode.REPLAY, "is a directory", id="directory-in-replay"),
        pytest.param(lambda p: p.mkdir(), Mode.RECORD, "is a directory", id="directory-in-record"),
    ],
)
def test_cassette_path_problems_are_input_errors(
    tmp_path: Path, make: Callable[[Path], object], mode: Mode, what: str
) -> None:
    path = tmp_path / "c.yaml"
    make(path)
    with pytest.raises(InputError, match=what) as caught:
        CassetteTransport(path, mode)
    assert str(caught.value).startswith(f"{path}: ")


def test_missing_cassette_error_says_how_to_record_one(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        CassetteTransport(tmp_path / "none.yaml", Mode.REPLAY)
    assert caught.value.todo == "record one with --record or check the path"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("replay", Mode.REPLAY, id="replay"),
        pytest.param("record", Mode.RECORD, id="record"),
        pytest.param(" Record ", Mode.RECORD, id="case-and-spaces"),
    ],
)
def test_mode_from_text(value: str, expected: Mode) -> None:
    assert Mode(value) is expected


def test_unknown_mode_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="'replay', 'record'"):
        Mode("replya")


# --- compatibility with stock vcrpy ----------------------------------------------------------------


def test_stock_vcrpy_replays_our_cassette(tmp_path: Path) -> None:
    import vcr

    path = tmp_path / "c.yaml"
    gzipped = page(gzip.compress(html()), Content_Encoding="gzip")
    record(path, lambda r: gzipped(r) if r.url == URL else page(bytes(range(256)))(r), URL, OTHER)
    with vcr.VCR().use_cassette(str(path), record_mode="none"), httpx.Client() as client:
        first, second = client.get(URL), client.get(OTHER)
    assert (first.status_code, first.content) == (200, html())
    assert second.content == bytes(range(256))


def test_we_replay_a_cassette_written_by_stock_vcrpy(tmp_path: Path) -> None:
    from vcr.persisters.filesystem import FilesystemPersister
    from vcr.request import Request
    from vcr.serializers import yamlserializer

    path = tmp_path / "c.yaml"
    # As vcrpy's httpx stub records: request headers kept, raw (compressed) body, lower-case names.
    request = Request("GET", URL, b"", {"user-agent": "x"})
    response = {
        "status": {"code": 200, "message": "OK"},
        "headers": {"content-encoding": ["gzip"], "content-type": ["text/html; charset=utf-8"]},
        "body": {"string": gzip.compress(html())},
    }
    FilesystemPersister.save_cassette(
        str(path), {"requests": [request], "responses": [response]}, yamlserializer
    )
    [again] = replay(path, URL)
    assert again.text == html().decode()


# --- the shipped cassette and its script -----------------------------------------------------------


def test_shipped_2015_cassette_replays_the_article() -> None:
    if not SHIPPED.is_file():
        pytest.skip(f"{SHIPPED} not present")
    [response] = replay(SHIPPED, SHIPPED_URL)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert f"<h1>{HEADLINE}</h1>" in response.text
    assert "minimal" in SHIPPED.read_text(encoding="utf-8").split("interactions:")[0]


def test_shipped_2015_cassette_loads_in_stock_vcrpy() -> None:
    import vcr

    if not SHIPPED.is_file():
        pytest.skip(f"{SHIPPED} not present")
    with vcr.VCR().use_cassette(str(SHIPPED), record_mode="none"), httpx.Client() as client:
        response = client.get(SHIPPED_URL)
    assert response.status_code == 200 and HEADLINE in response.text


def test_script_rebuilds_the_shipped_cassette_byte_for_byte(tmp_path: Path) -> None:
    if not (SHIPPED.is_file() and SHIPPED_SOURCE.is_file()):
        pytest.skip("the shipped cassette or its source page is not present")
    spec = importlib.util.spec_from_file_location("make_cassette", ROOT / "scripts" / "make_cassette.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    target = tmp_path / "out.yaml"
    assert script.main([SHIPPED_URL, str(SHIPPED_SOURCE), str(target)]) == 0
    assert target.read_bytes() == SHIPPED.read_bytes()
    [response] = replay(target, SHIPPED_URL)
    assert response.content == SHIPPED_SOURCE.read_bytes()


# --- round trip of any body ------------------------------------------------------------------------

TRICKY = st.text(alphabet=st.sampled_from(list("ab Ж\t\r\n\x85\u2028\x00\ufeff#:'\"|-")), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(TRICKY.map(lambda text: text.encode("utf-8")), st.binary(max_size=40)))
def test_any_body_replays_byte_for_byte(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "c.yaml"
    write_cassette(
        path, [Interaction("GET", URL, 200, (("Content-Disposition", "inline; filename=Минск"),), body)]
    )

    async def main() -> tuple[bytes, str]:
        transport = CassetteTransport(path, Mode.REPLAY)
        response = await transport.handle_async_request(httpx.Request("GET", URL))
        return await response.aread(), response.headers["content-disposition"]

    assert asyncio.run(main()) == (body, "inline; filename=Минск")


def test_two_runs_recording_into_one_cassette_keep_each_others_answers(tmp_path: Path) -> None:
    path = tmp_path / "shared.yaml"
    inner = httpx.MockTransport(lambda request: httpx.Response(200, text=f"page {request.url.path}"))

    async def record(transport: CassetteTransport, url: str) -> None:
        async with httpx.AsyncClient(transport=transport) as client:
            assert (await client.get(url)).status_code == 200

    first = CassetteTransport(path, Mode.RECORD, inner)
    second = CassetteTransport(path, Mode.RECORD, inner)  # loaded before the first saves
    asyncio.run(record(first, "https://example.org/one"))
    asyncio.run(record(second, "https://example.org/two"))
    assert CassetteTransport(path, Mode.REPLAY).urls == ("https://example.org/one", "https://example.org/two")
