"""Cassettes: recorded HTTP interactions in vcrpy's YAML format, served as an httpx transport.

The file format, loading, matching (method + full URI) and playback are vcrpy's own
(:class:`vcr.cassette.Cassette`), so stock vcrpy reads our cassettes and we read its; what is ours
is the transport around it: streaming while recording, what is stored, and how the file is
written. Importing vcrpy costs ~0.7 s, so import this module only when a cassette is used.

Stored per interaction: the request's method and URI only (its headers carry the user's contact
e-mail and maybe cookies); the response's status, reason, headers without cookies or credentials,
and its body decoded (gzip/deflate, up to 5 MiB; a bigger or br-coded body is kept as it came),
which vcrpy's serializer writes as text when it is UTF-8. An answer whose body the checker did
not read (an error page, a redirect, a PDF) is stored with its status and headers and the body
marked as left out. Files are written atomically, interactions sorted by
URI, so the same interactions give the same bytes.
"""

from __future__ import annotations

import contextlib
import copy
import enum
import os
import zlib
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml
from vcr.cassette import Cassette
from vcr.matchers import method as match_method
from vcr.matchers import uri as match_uri
from vcr.persisters.filesystem import CassetteNotFoundError
from vcr.record_mode import RecordMode
from vcr.request import Request as VcrRequest
from vcr.serialize import deserialize, serialize
from vcr.serializers import yamlserializer

from citations.errors import InputError, OutputError
from citations.net.errors import NotRecorded
from citations.output import write_text

#: Set (to the cassette's path) in ``Response.extensions`` of every answer played from a cassette,
#: so a caller can tell a replayed answer from a live one in record mode.
FROM_CASSETTE = "citations.cassette"
#: Header marking a recorded answer whose body was left out (the checker had no use for it).
OMITTED = "X-Citations-Body"
#: Largest decoded body stored; a compressed body inflating past it is stored as it came.
MAX_DECODED = 5 * 1024 * 1024

#: Response headers never stored, and name fragments that mark a header as a credential.
SECRET_HEADERS = frozenset({"set-cookie", "set-cookie2", "cookie", "authorization", "proxy-authorization"})
SECRET_NAME_PARTS = ("token", "secret", "api-key", "apikey", "api_key", "session", "password", "credential")

_RERECORD_TODO = "re-record it with --record, or restore it from version control"


class Mode(str, enum.Enum):
    """What a cassette does with a request it holds no answer for."""

    REPLAY = "replay"  # refuse it (NotRecorded): no network at all
    RECORD = "record"  # send it and record the answer; recorded answers are still replayed

    @classmethod
    def _missing_(cls, value: object) -> Mode:
        if isinstance(value, str):
            for mode in cls:
                if mode.value == value.strip().lower():
                    return mode
        valid = ", ".join(repr(mode.value) for mode in cls)
        raise ValueError(f"{value!r} is not a cassette mode; valid modes are {valid}")


@dataclass(frozen=True)
class Interaction:
    """One request (method and URL only) and its response, as a cassette stores it.

    ``reason`` empty means the standard phrase for ``status``.
    """

    method: str
    url: str
    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    reason: str = ""


class CassetteTransport(httpx.AsyncBaseTransport):
    """Answers requests from a vcrpy cassette; in :attr:`Mode.RECORD` sends the rest to ``inner``
    (default: a plain :class:`httpx.AsyncHTTPTransport`) and records each answer read to its end.

    Raises :class:`~citations.errors.InputError` at construction when the cassette is missing
    (replay mode), not a file, or not a readable cassette.
    """

    def __init__(
        self, path: str | os.PathLike[str], mode: Mode, inner: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.path = Path(path)
        self.mode = Mode(mode)
        self._inner = inner
        if self.path.is_dir():
            raise InputError(str(self.path), "the cassette path is a directory", "name a cassette file")
        if self.mode is Mode.REPLAY and not self.path.is_file():
            raise InputError(
                str(self.path), "cassette not found", "record one with --record or check the path"
            )
        self._persister = _Persister()
        self._cassette = Cassette.load(
            path=str(self.path),
            serializer=_Serializer,
            persister=self._persister,
            record_mode=RecordMode.NONE if self.mode is Mode.REPLAY else RecordMode.NEW_EPISODES,
            match_on=(match_method, match_uri),
            allow_playback_repeats=True,  # a run may ask for the same URL more than once
        )
        self._stamp = _stamp(self.path)

    @property
    def urls(self) -> tuple[str, ...]:
        """Every request URL stored in the cassette (recorded in this run included), once each."""
        return tuple(dict.fromkeys(str(request.uri) for request in self._cassette.requests))

    def has(self, url: str, method: str = "GET") -> bool:
        """Whether the cassette answers ``method url`` (so no network, no politeness wait)."""
        return bool(self._cassette.can_play_response_for(VcrRequest(method, url, None, {})))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        key = _key(request)
        if self._cassette.can_play_response_for(key):
            return self._replay(request, self._cassette.play_response(key))
        if self.mode is Mode.REPLAY:
            raise NotRecorded(
                f"{request.method} {request.url} is not recorded in cassette {self.path}"
                " — run with --record to record it (needs the network)",
                request=request,
            )
        if self._inner is None:
            self._inner = httpx.AsyncHTTPTransport()
        response = await self._inner.handle_async_request(request)
        if not isinstance(response.stream, httpx.AsyncByteStream):
            raise TypeError("the inner transport returned a response without an async stream")

        def record(raw: bytes | None) -> None:
            if raw is not None:
                self._record(request, response, raw)
            elif not _body_matters(response):
                # The caller stopped reading an error page, a redirect or a PDF: what it
                # needed (status and headers) is kept, the body marked as left out.
                self._record(request, response, b"", omitted=True)

        # A new response around the inner one's stream: the inner may have read its body already
        # (httpx.MockTransport does), and a fresh one makes the client iterate our stream.
        return httpx.Response(
            response.status_code,
            headers=response.headers.raw,
            stream=_TeeStream(response.stream, record),
            extensions=response.extensions,
            request=request,
        )

    async def aclose(self) -> None:
        """Close the inner transport, then save what was recorded."""
        try:
            if self._inner is not None:
                await self._inner.aclose()
        finally:
            self.save()

    def save(self) -> None:
        """Write the cassette (atomically) if this run recorded something; else do nothing.

        Raises :class:`~citations.errors.OutputError` when the file cannot be written.
        """
        if not self._cassette.dirty:
            return
        with _directory_lock(self.path.parent):
            self._merge_from_disk()
            # Cassette._save is how vcrpy itself saves: it keeps the file's metadata, if any.
            self._cassette._save()
        self._stamp = _stamp(self.path)

    def _merge_from_disk(self) -> None:
        """Another run recorded into the same cassette since we loaded it: keep its new
        interactions too, so the last run to save does not drop the other's recordings."""
        now = _stamp(self.path)
        if now is None or now == self._stamp:
            return
        on_disk = Cassette.load(
            path=str(self.path),
            serializer=_Serializer,
            persister=_Persister(),
            record_mode=RecordMode.NONE,
            match_on=(match_method, match_uri),
        )
        for request, response in on_disk.data:
            if request not in self._cassette:
                self._cassette.append(request, response)

    def _replay(self, request: httpx.Request, stored: Mapping[str, Any]) -> httpx.Response:
        interaction = _interaction(_key(request), stored)
        extensions: dict[str, Any] = {FROM_CASSETTE: str(self.path)}
        if interaction.reason:
            extensions["reason_phrase"] = interaction.reason.encode("ascii", "replace")
        return httpx.Response(
            interaction.status,
            # As bytes: httpx would encode str values as ASCII, and a server may send UTF-8.
            headers=[(name.encode(), value.encode()) for name, value in interaction.headers],
            # A stream, not content=: the caller reads it as it would read a live body.
            stream=httpx.ByteStream(interaction.body),
            extensions=extensions,
            request=request,
        )

    def _record(
        self, request: httpx.Request, response: httpx.Response, raw: bytes, omitted: bool = False
    ) -> None:
        key = _key(request)
        if key in self._cassette:
            return  # two concurrent misses for one URL: the first answer read to its end wins
        encoding = response.headers.encoding
        headers = tuple(
            (name.decode(encoding), value.decode(encoding)) for name, value in response.headers.raw
        )
        if omitted:
            left_out = {"content-length", "content-encoding", "transfer-encoding"}
            headers = (*((n, v) for n, v in headers if n.lower() not in left_out), (OMITTED, "not recorded"))
        interaction = Interaction(
            request.method, str(request.url), response.status_code, headers, raw, response.reason_phrase
        )
        self._cassette.append(key, _stored(interaction))


def write_cassette(
    path: str | os.PathLike[str], interactions: Iterable[Interaction], *, comment: str = ""
) -> None:
    """Write ``interactions`` as a new cassette at ``path`` (atomically, parents created),
    cleaned as the transport cleans what it records; ``comment`` goes on top as YAML comments."""
    items = list(interactions)
    persister = _Persister()
    persister.comment = "".join(f"# {line}".rstrip() + "\n" for line in comment.splitlines())
    persister.save_cassette(
        str(path),
        {"requests": [_key(item) for item in items], "responses": [_stored(item) for item in items]},
        _Serializer,
    )


class _TeeStream(httpx.AsyncByteStream):
    """Passes the inner stream's raw chunks through as they come, keeping a copy; calls
    ``on_complete`` with all of them when the reader reaches the end, or with None when it
    closes the stream before (size cap, deadline, error, or a body it has no use for)."""

    def __init__(self, inner: httpx.AsyncByteStream, on_complete: Callable[[bytes | None], None]) -> None:
        self._inner = inner
        self._on_complete = on_complete
        self._done = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks: list[bytes] = []
        async for chunk in self._inner:
            chunks.append(chunk)
            yield chunk
        self._done = True
        self._on_complete(b"".join(chunks))

    async def aclose(self) -> None:
        if not self._done:
            self._done = True
            self._on_complete(None)
        await self._inner.aclose()


def _body_matters(response: httpx.Response) -> bool:
    """A 2xx page is judged by its body (a cut one must not be recorded as if whole); an
    error, a redirect or a non-HTML type only by status and headers."""
    kind = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return 200 <= response.status_code < 300 and kind in ("", "text/html", "application/xhtml+xml")


class _Serializer:
    """vcrpy's YAML format and its safe loader, written readably and the same on every machine.

    vcrpy's own ``yamlserializer.serialize`` escapes every non-ASCII character (``\\u0413…``) and
    uses libyaml when present, whose output may differ from pure PyYAML's; we emit with PyYAML's
    pure-Python safe dumper, keep Unicode as is, and write multi-line text as a literal block
    wherever YAML can hold it exactly (else PyYAML falls back to a quoted scalar).
    """

    @staticmethod
    def deserialize(text: str) -> Any:
        return yamlserializer.deserialize(text)

    @staticmethod
    def serialize(data: Any) -> str:
        return str(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=True))


def _represent_str(dumper: Any, text: str) -> Any:
    # YAML reads \x85, \u2028 and \u2029 as line breaks (folded or normalised) everywhere but in
    # a double-quoted scalar, where PyYAML escapes them: only that style keeps them exactly.
    if any(ch in text for ch in "\x85\u2028\u2029"):
        style: str | None = '"'
    else:
        style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper: Any = type("_Dumper", (yaml.SafeDumper,), {})
_Dumper.add_representer(str, _represent_str)


class _Persister:
    """vcrpy's persister interface (``load_cassette``/``save_cassette``) with our file rules:
    UTF-8 always, a bad file is an :class:`InputError`, writes are atomic and sorted, and the
    file's leading comment block (provenance notes) survives re-recording."""

    def __init__(self) -> None:
        self.comment = ""

    def load_cassette(self, cassette_path: str, serializer: Any) -> Any:
        path = Path(cassette_path)
        if not path.exists():
            raise CassetteNotFoundError()  # vcrpy starts an empty cassette (record mode only)
        try:
            text = path.read_bytes().decode("utf-8")
        except OSError as exc:
            raise InputError(
                str(path), f"cannot read the cassette ({exc.strerror})", "check the path"
            ) from None
        except UnicodeDecodeError:
            raise InputError(str(path), "the cassette is not UTF-8 text", _RERECORD_TODO) from None
        self.comment = _leading_comment(text)
        if not text.strip():
            return [], []  # like vcrpy: an empty file is a cassette with nothing recorded yet
        try:
            loaded = deserialize(text, serializer)
            for number, (request, response) in enumerate(zip(loaded[0], loaded[1], strict=True), 1):
                try:
                    _interaction(request, response)
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    raise ValueError(
                        f"interaction {number} is not a replayable HTTP response ({exc!r})"
                    ) from exc
        except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(str(path), f"not a readable vcrpy cassette: {reason}", _RERECORD_TODO) from None
        return loaded

    def save_cassette(self, cassette_path: str, cassette_dict: Mapping[str, Any], serializer: Any) -> None:
        # Sorted by URI (stable, so same-URI entries keep their order): the file does not depend
        # on the order concurrent requests happened to finish in.
        pairs = sorted(
            zip(cassette_dict["requests"], cassette_dict["responses"], strict=True),
            key=lambda pair: (str(pair[0].uri), str(pair[0].method)),
        )
        # vcrpy's serialize converts bodies in place; the in-memory cassette keeps its bytes.
        data = {
            **cassette_dict,
            "requests": [request for request, _ in pairs],
            "responses": [copy.deepcopy(response) for _, response in pairs],
        }
        text = self.comment + serialize(data, serializer)
        path = Path(cassette_path)
        target = str(path) if str(path) != "-" else os.path.join(".", "-")  # write_text's "-" is stdout
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text(target, text)
        except OSError as exc:
            raise OutputError(
                f"{path}: cannot write the cassette ({exc.strerror or exc})",
                "check that the directory is writable",
            ) from None


def _key(item: httpx.Request | Interaction) -> Any:
    """The vcrpy request stored and matched for ``item``: method and URI, no headers, no body."""
    url = item.url if isinstance(item, Interaction) else str(item.url)
    return VcrRequest(item.method, url, None, {})


def _stored(interaction: Interaction) -> dict[str, Any]:
    """The vcrpy response dict for ``interaction``: credentials dropped, body decoded."""
    headers = [(name, value) for name, value in interaction.headers if not _secret(name)]
    body = interaction.body
    coding = ", ".join(value for name, value in headers if name.lower() == "content-encoding")
    decoded = _decode(body, coding) if coding and body else None
    if decoded is not None:
        body = decoded
        headers = [
            (name, str(len(body)) if name.lower() == "content-length" else value)
            for name, value in headers
            if name.lower() != "content-encoding"
        ]
    grouped: dict[str, list[str]] = {}
    for name, value in headers:
        grouped.setdefault(name, []).append(value)
    reason = interaction.reason or httpx.codes.get_reason_phrase(interaction.status)
    return {
        "status": {"code": interaction.status, "message": reason},
        "headers": grouped,
        "body": {"string": body},
    }


def _interaction(request: Any, stored: Mapping[str, Any]) -> Interaction:
    """An :class:`Interaction` from vcrpy's request and response dict; raises on a bad shape."""
    code = stored["status"]["code"]
    if not isinstance(code, int) or isinstance(code, bool) or not 100 <= code <= 999:
        raise ValueError(f"bad status code {code!r}")
    headers: list[tuple[str, str]] = []
    for name, values in stored["headers"].items():
        for value in [values] if isinstance(values, (str, int)) else values:
            headers.append((str(name), str(value)))
    body = stored["body"]["string"]
    if isinstance(body, str):
        body = body.encode("utf-8")
    elif body is None:
        body = b""
    elif not isinstance(body, bytes):
        raise TypeError(f"body is {type(body).__name__}, not text or bytes")
    reason = stored["status"].get("message") or ""
    return Interaction(str(request.method), str(request.uri), code, tuple(headers), body, str(reason))


def _secret(name: str) -> bool:
    lowered = name.lower()
    return lowered in SECRET_HEADERS or any(part in lowered for part in SECRET_NAME_PARTS)


def _decode(body: bytes, content_encoding: str) -> bytes | None:
    """``body`` with its content codings undone, or None (store it as it came) when a coding is
    unknown or the bytes do not decode."""
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    try:
        for coding in reversed(codings):  # codings are listed in the order they were applied
            if coding == "identity":
                continue
            if coding in ("gzip", "x-gzip"):
                body = _bounded(body, 16 + zlib.MAX_WBITS)
            elif coding == "deflate":
                try:
                    body = _bounded(body, zlib.MAX_WBITS)
                except zlib.error:  # "deflate" is often sent without its zlib header
                    body = _bounded(body, -zlib.MAX_WBITS)
            else:
                # br (no bounded decoder in the standard library) and unknown codings: keep raw.
                return None
    except (zlib.error, _TooBig):  # corrupt, or a bomb: keep raw; the checker caps it on replay
        return None
    return body


class _TooBig(Exception):
    pass


def _bounded(body: bytes, wbits: int) -> bytes:
    """Inflate every member of ``body``, refusing to produce more than :data:`MAX_DECODED`."""
    out: list[bytes] = []
    size = 0
    while body:
        inflater = zlib.decompressobj(wbits)
        part = inflater.decompress(body, MAX_DECODED - size + 1)
        size += len(part)
        if size > MAX_DECODED or inflater.unconsumed_tail:
            raise _TooBig
        if not inflater.eof:
            raise zlib.error("truncated compressed body")
        out.append(part)
        body = inflater.unused_data
    return b"".join(out)


def _leading_comment(text: str) -> str:
    lines = text.splitlines(keepends=True)
    count = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "".join(line.rstrip("\r\n") + "\n" for line in lines[:count])


def _stamp(path: Path) -> tuple[int, int] | None:
    """What tells that a file changed: its modification time and size (None: no file)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


@contextlib.contextmanager
def _directory_lock(directory: Path) -> Iterator[None]:
    """An exclusive lock on the cassette's directory while merging and saving: two runs
    recording into one cassette take turns (POSIX; elsewhere the merge alone narrows the race)."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
