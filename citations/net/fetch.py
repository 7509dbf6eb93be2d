"""The one HTTP client of a run: polite, bounded, and never raising for a bad link.

Every request goes through :class:`Fetcher.get`, which follows redirects itself (so each hop
is checked against the address guard and robots.txt and recorded), retries only what is
transient, bounds each URL by a total deadline (httpx's read timeout is per chunk, so a
server dripping one byte at a time would otherwise never end) and caps the body after
decompression (so a gzip bomb costs at most ``max_bytes``). The answer is a :class:`Fetched`
value; failures are values too, with the outcome they mean.
"""

from __future__ import annotations

import asyncio
import email.utils
import itertools
import socket
import ssl
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from types import TracebackType
from typing import TypeVar

import httpx

from citations.models import Hop, Outcome
from citations.net.errors import NotRecorded, Refused, TooLarge
from citations.net.guard import Guard, Resolver, system_resolver
from citations.net.politeness import Scheduler
from citations.net.robots import Robots
from citations.net.settings import NetSettings

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: The response extension a cassette sets on the answers it replays (its path).
REPLAYED = "citations.cassette"
T = TypeVar("T")
#: Everything a request can raise because of the URL, the server or the network.
FAILURES = (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, asyncio.TimeoutError, OSError, ValueError)
#: Unwanted bodies up to this size are read and dropped rather than cut off.
DRAIN_LIMIT = 64 * 1024
#: Read a body only when the answer can tell us something: pages, feeds, and our API calls.
Want = Callable[[str | None], bool]


def is_html(content_type: str | None) -> bool:
    """HTML or XHTML, or no type at all (old servers often send none for pages)."""
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    return kind in ("", "text/html", "application/xhtml+xml")


def any_type(content_type: str | None) -> bool:
    return True


@dataclass(frozen=True)
class Fetched:
    """What one URL gave: the final response (status, type, bounded body) after ``hops``, or
    the ``error`` outcome that stopped it, with a human ``detail``."""

    url: str
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    body: bytes | None = None
    hops: tuple[Hop, ...] = ()
    checked_at: str | None = None
    error: Outcome | None = None
    detail: str = ""
    source: str = "live"


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: httpx.Headers
    body: bytes | None
    replayed: bool = False


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _http_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def _causes(exc: BaseException) -> list[BaseException]:
    chain, seen = [], set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _is_tls(exc: BaseException) -> bool:
    return any(
        isinstance(e, ssl.SSLError) or "SSL" in str(e) or "CERTIFICATE" in str(e).upper() for e in _causes(exc)
    )


def _is_dns(exc: BaseException) -> bool:
    return any(isinstance(e, socket.gaierror) for e in _causes(exc))


def _transient(exc: BaseException) -> bool:
    """Worth another try: dropped connections and TLS cut short (chn.belta.by does that), but
    never a certificate failure, a DNS failure, or our own refusals."""
    if isinstance(exc, (NotRecorded, TooLarge, Refused, httpx.TimeoutException)):
        return False
    if _is_dns(exc):
        return False
    if _is_tls(exc):
        text = " ".join(str(e) for e in _causes(exc)).upper()
        return "EOF" in text and "CERTIFICATE" not in text
    return isinstance(exc, (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError))


def outcome_of(exc: BaseException) -> tuple[Outcome, str]:
    """The link outcome an exception from fetching means, with a short reason."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, NotRecorded):
        return Outcome.NOT_RECORDED, text
    if isinstance(exc, TooLarge):
        return Outcome.TOO_LARGE, text
    if isinstance(exc, Refused):
        return Outcome.SKIPPED, text
    if isinstance(exc, (asyncio.TimeoutError, httpx.TimeoutException)):
        return Outcome.TIMEOUT, text if isinstance(exc, httpx.TimeoutException) else "no complete answer in time"
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return Outcome.SKIPPED, f"not a URL we can check: {text}"
    if _is_dns(exc):
        return Outcome.DNS, text
    if _is_tls(exc):
        return Outcome.TLS, text
    return Outcome.CONNECTION, text


class _Decoder:
    """Content-Encoding decoding with a hard output cap (httpx's decoders have none)."""

    def __init__(self, encoding: str, cap: int) -> None:
        self.cap = cap
        self.size = 0
        kind = encoding.strip().lower()
        self._deflate = kind == "deflate"
        self._fed = False
        self._wbits = 16 + zlib.MAX_WBITS if kind in ("gzip", "x-gzip") else zlib.MAX_WBITS
        if kind in ("gzip", "x-gzip") or self._deflate:
            self._z: zlib._Decompress | None = zlib.decompressobj(self._wbits)
        elif kind in ("", "identity"):
            self._z = None
        else:
            raise httpx.DecodingError(f"unsupported Content-Encoding {encoding!r}")

    def finish(self) -> None:
        """A compressed body must end where its compressed stream ends."""
        if self._z is not None and self._fed and not self._z.eof:
            raise httpx.DecodingError("the compressed body is cut short")

    def feed(self, chunk: bytes) -> bytes:
        self._fed = self._fed or bool(chunk)
        out = chunk if self._z is None else self._inflate(chunk)
        self.size += len(out)
        if self.size > self.cap:
            raise TooLarge(f"the body exceeds {self.cap} bytes (after decompression)")
        return out

    def _inflate(self, data: bytes) -> bytes:
        assert self._z is not None
        parts: list[bytes] = []
        room = self.cap - self.size + 1
        while data and room > 0:
            try:
                out = self._z.decompress(data, room)
            except zlib.error:
                if self._deflate and not parts and self.size == 0:
                    # "deflate" is often sent without its zlib header: retry as raw deflate.
                    self._z, self._deflate = zlib.decompressobj(-zlib.MAX_WBITS), False
                    continue
                raise httpx.DecodingError("the compressed body is corrupt") from None
            parts.append(out)
            room -= len(out)
            data = self._z.unconsumed_tail
            if self._z.eof and self._z.unused_data.strip(b"\0"):
                # Another gzip member follows (concatenated members are one body).
                data, self._z = self._z.unused_data, zlib.decompressobj(self._wbits)
        return b"".join(parts)


class Fetcher:
    """One shared client for a run. ``live=False`` means answers come from a cassette: no
    address checks, no politeness waits, no retries (a recording answers the same every
    time), and the date checked is the recorded response's ``Date``."""

    def __init__(
        self,
        settings: NetSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        live: bool = True,
        resolver: Resolver = system_resolver,
        source: str | None = None,
        recorded: Callable[[str], bool] = lambda url: False,
    ) -> None:
        self.settings = settings
        self.live = live
        # Recording: what the cassette already answers needs no address check or politeness.
        self._recorded = recorded
        self.source = source or ("live" if live else "cassette")
        self._guard = Guard(settings.allow_private, resolver)
        self._scheduler = Scheduler(settings.policy)
        self._robots = Robots(self._robots_fetch)
        timeout = httpx.Timeout(settings.timeout, pool=None)
        self._client = httpx.AsyncClient(
            transport=transport or httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=64)),
            timeout=timeout,
            follow_redirects=False,
            headers={
                "User-Agent": settings.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                "Accept-Encoding": "gzip, deflate",
                "Accept-Language": "ru,be;q=0.9,en;q=0.8",
                **dict(settings.extra_headers),
            },
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def get(self, url: str, *, want: Want = is_html, robots: bool = True) -> Fetched:
        """Fetch ``url`` following redirects; never raises for anything the server or the
        network does."""
        hops: list[Hop] = []
        budget = [self.settings.timeout]
        current = url
        seen = {url}
        # When the answer was obtained: now for a live one; a replayed one is as old as its
        # recording (its Date header), never stamped with today's date.
        stamp: str | None = None
        try:
            for _ in range(self.settings.max_redirects + 1):
                if robots and self.settings.robots:
                    reason = await self._robots.disallowed(httpx.URL(current))
                    if reason:
                        return self._fetched(url, hops, stamp, error=Outcome.SKIPPED, detail=reason)
                answer = await self._attempt(current, budget, want)
                replayed = answer.replayed or not self.live
                stamp = _http_date(answer.headers.get("date")) if replayed else utc_now()
                location = answer.headers.get("location")
                if answer.status in REDIRECTS and location:
                    hops.append(Hop(current, answer.status))
                    current = str(httpx.URL(current).join(location.strip()))
                    if current in seen:
                        return self._fetched(
                            url, hops, stamp, error=Outcome.REDIRECT_LOOP, detail=f"redirects back to {current}"
                        )
                    seen.add(current)
                    continue
                return Fetched(
                    url=url,
                    final_url=current,
                    status=answer.status,
                    content_type=answer.headers.get("content-type"),
                    body=answer.body,
                    hops=tuple(hops),
                    checked_at=stamp,
                    source=self.source,
                )
            return self._fetched(
                url,
                hops,
                stamp,
                error=Outcome.REDIRECT_LOOP,
                detail=f"more than {self.settings.max_redirects} redirects",
            )
        except FAILURES as exc:
            outcome, detail = outcome_of(exc)
        except Exception as exc:
            outcome, detail = Outcome.CONNECTION, f"{type(exc).__name__}: {exc}"
        if stamp is None and self.live and outcome not in (Outcome.NOT_RECORDED, Outcome.SKIPPED):
            stamp = utc_now()
        return self._fetched(url, hops, stamp, error=outcome, detail=detail, final=current)

    async def _robots_fetch(self, url: str) -> tuple[int, bytes] | None:
        fetched = await self.get(url, want=any_type, robots=False)
        if fetched.error or fetched.status is None:
            return None  # unreachable or not recorded: nothing forbids the check
        return fetched.status, fetched.body or b""

    def _fetched(
        self,
        url: str,
        hops: list[Hop],
        date: str | None,
        *,
        error: Outcome,
        detail: str,
        final: str | None = None,
    ) -> Fetched:
        checked = None if error in (Outcome.NOT_RECORDED, Outcome.SKIPPED) else date
        return Fetched(
            url=url,
            final_url=final if hops else None,
            hops=tuple(hops),
            checked_at=checked,
            error=error,
            detail=detail,
            source=self.source,
        )

    async def _attempt(self, url: str, budget: list[float], want: Want) -> _Answer:
        """One URL, retried on transient failures and on 429/5xx with backoff, every wait
        charged to the URL's time budget (a wait longer than what is left is not made)."""
        retries = self.settings.retries if self.live else 0
        for attempt in itertools.count():
            backoff = self.settings.backoff * 2**attempt
            try:
                answer = await self._exchange(url, budget, want)
            except httpx.HTTPError as exc:
                if attempt >= retries or not _transient(exc) or not self._wait(url, backoff, budget):
                    raise
                continue
            if answer.replayed or answer.status not in RETRY_STATUSES or attempt >= retries:
                return answer
            wait = retry_after(answer.headers.get("retry-after"))
            wait = backoff if wait is None else wait
            if wait > self.settings.retry_after_cap or not self._wait(url, wait, budget):
                return answer  # asked to come back later than we can wait: report it now
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, url: str, seconds: float, budget: list[float]) -> bool:
        """Hold the URL's host back ``seconds`` (for every request to it) if the budget allows."""
        if seconds >= budget[0]:
            return False
        budget[0] -= seconds
        self._scheduler.defer(httpx.URL(url).netloc.decode("ascii"), seconds)
        return True

    async def _exchange(self, url: str, budget: list[float], want: Want) -> _Answer:
        request = self._client.build_request("GET", url)
        if self.live and not self._recorded(url):
            if self._guard.needs_lookup(request):
                await self._within(self._guard.check(request), budget, request)
            else:  # known host: no DNS, nothing to wait for
                await self._guard.check(request)
            async with self._scheduler.slot(request.url.netloc.decode("ascii")):
                return await self._within(self._send(request, want), budget, request)
        return await self._within(self._send(request, want), budget, request)

    async def _within(self, work: Awaitable[T], budget: list[float], request: httpx.Request) -> T:
        """Run ``work`` within what is left of the URL's total time, and charge it."""
        if budget[0] <= 0:
            close = getattr(work, "close", None)
            if close:
                close()  # never awaited: close it so Python does not warn
            raise httpx.ReadTimeout("the time allowed for this URL is used up", request=request)
        started = time.monotonic()
        try:
            return await asyncio.wait_for(work, budget[0])
        except asyncio.TimeoutError:
            raise httpx.ReadTimeout(
                f"no complete answer within {self.settings.timeout:g} s", request=request
            ) from None
        finally:
            budget[0] -= time.monotonic() - started

    async def _send(self, request: httpx.Request, want: Want) -> _Answer:
        response = await self._client.send(request, stream=True)
        try:
            body = None
            if 200 <= response.status_code < 300 and want(response.headers.get("content-type")):
                body = await self._read(response)
            else:
                await _drain(response)
            return _Answer(response.status_code, response.headers, body, REPLAYED in response.extensions)
        finally:
            await response.aclose()

    async def _read(self, response: httpx.Response) -> bytes:
        cap = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        encoding = response.headers.get("content-encoding", "")
        if declared.isdigit() and int(declared) > cap and encoding in ("", "identity"):
            raise TooLarge(f"the server announces {int(declared)} bytes, over the {cap}-byte cap")
        if response.is_stream_consumed:
            # An in-memory response (a cassette or a mock transport): httpx has read and
            # decoded it already.
            if len(response.content) > cap:
                raise TooLarge(f"the body exceeds {cap} bytes")
            return response.content
        decoder = _Decoder(encoding, cap)
        body = b"".join([decoder.feed(chunk) async for chunk in response.aiter_raw()])
        decoder.finish()
        return body


async def _drain(response: httpx.Response) -> None:
    """Read a small unwanted body (an error page, a redirect) to its end: the connection can
    then be reused, and a cassette being recorded keeps the answer. Big ones are dropped."""
    declared = response.headers.get("content-length", "")
    if response.is_stream_consumed or (declared.isdigit() and int(declared) > DRAIN_LIMIT):
        return
    size = 0
    async for chunk in response.aiter_raw():
        size += len(chunk)
        if size > DRAIN_LIMIT:
            return
