"""Resolution: check every cited URL of a run once, recover each page's metadata, and give
each reference its link outcome and the findings that compare the page with the footnote.

All URLs of all documents are scheduled together, so one politeness budget covers the run
and a URL cited in ten documents is asked once.
"""

from __future__ import annotations

import asyncio
import enum
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx

from citations import archive, urls
from citations.classify import classify
from citations.errors import CitationsError
from citations.models import DocumentResult, Finding, Link, Outcome, Page, Reference, Severity
from citations.net.cache import LinkCache
from citations.net.fetch import Fetched, Fetcher, is_html
from citations.net.guard import Resolver, system_resolver
from citations.net.politeness import host_key
from citations.net.settings import NetSettings

if TYPE_CHECKING:
    from collections.abc import Iterable

    from citations.net.cassette import CassetteTransport

#: Progress callback: called once per URL finished.
Progress = Callable[[], None]
OFFLINE_DETAIL = "offline: not checked (give --cassette FILE to replay a recording, or --online)"


class Mode(str, enum.Enum):
    """Where answers come from."""

    OFFLINE = "offline"  # nowhere: every link is not-recorded
    REPLAY = "replay"  # a cassette only
    RECORD = "record"  # a cassette, and the network for what it lacks (recorded into it)
    ONLINE = "online"  # the network (and the result cache)


class UsageError(CitationsError):
    """Network options that do not go together."""

    exit_code = 2


@dataclass(frozen=True)
class Network:
    """How a run reaches the web; built once by the CLI."""

    mode: Mode = Mode.OFFLINE
    settings: NetSettings = field(default_factory=NetSettings)
    cassette: str | None = None
    cache_dir: str | None = None

    @classmethod
    def from_options(
        cls,
        *,
        online: bool,
        cassette: str | None,
        record: bool,
        settings: NetSettings,
        cache_dir: str | None,
    ) -> Network:
        if record and not cassette:
            raise UsageError("--record needs --cassette FILE", "name the cassette to record into")
        if cassette and online and not record:
            raise UsageError(
                "--online with --cassette replays nothing new",
                "add --record to record what the cassette lacks, or drop --online to replay only",
            )
        if cassette:
            mode = Mode.RECORD if record else Mode.REPLAY
        else:
            mode = Mode.ONLINE if online else Mode.OFFLINE
        return cls(mode, settings, cassette, cache_dir if mode is Mode.ONLINE else None)


@dataclass(frozen=True)
class Target:
    """One URL to check, with the year its footnote cites (for the archive lookup)."""

    url: str
    year: int | None = None
    complete: bool = True


@dataclass(frozen=True)
class Checked:
    """The answers of a run: a link per complete URL, and candidate full URLs per incomplete one."""

    links: dict[str, Link]
    candidates: dict[str, tuple[str, ...]]
    mode: Mode
    archive: bool = False  # whether dead links were looked up in the Wayback Machine
    notes: tuple[str, ...] = ()  # what the user should know about the run (e.g. an unusable cache)


def check_links(
    targets: Sequence[Target],
    network: Network,
    *,
    progress: Progress | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    resolver: Resolver = system_resolver,
) -> Checked:
    """Check every target once (synchronous entry point around :func:`check_links_async`)."""
    return asyncio.run(
        check_links_async(targets, network, progress=progress, transport=transport, resolver=resolver)
    )


async def check_links_async(
    targets: Sequence[Target],
    network: Network,
    *,
    progress: Progress | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    resolver: Resolver = system_resolver,
) -> Checked:
    complete = _unique(t for t in targets if t.complete)
    partial = sorted({t.url for t in targets if not t.complete})
    if network.mode is Mode.OFFLINE:
        links = {t.url: Link(t.url, Outcome.NOT_RECORDED, detail=OFFLINE_DETAIL) for t in complete}
        return Checked(links, {}, network.mode)
    settings = network.settings
    variant = f"archive={settings.archive:d};private={settings.allow_private:d}"
    cache = LinkCache(network.cache_dir, variant=variant) if network.cache_dir else None
    try:
        links = cache.get(t.url for t in complete) if cache else {}
        for _ in links:
            if progress:
                progress()
        todo = [t for t in complete if t.url not in links]
        fetcher, cassette = _fetcher(network, transport, resolver)
        async with fetcher:
            fresh = await _check_all(fetcher, todo, progress)
            candidates = {url: await _candidates(fetcher, cassette, url) for url in partial}
            for link in fresh:
                prefix = _search_prefix(link)
                if prefix:
                    candidates[link.url] = await _candidates(fetcher, cassette, prefix)
        # (a cassette being recorded is saved as the fetcher closes its transport)
        if cache:
            cache.put(fresh)
    finally:
        if cache:
            cache.close()
    links.update((link.url, link) for link in fresh)
    notes = (cache.problem,) if cache and cache.problem else ()
    return Checked(links, candidates, network.mode, network.settings.archive, notes)


def _unique(targets: Iterable[Target]) -> list[Target]:
    seen: dict[str, Target] = {}
    for target in targets:
        seen.setdefault(target.url, target)
    return list(seen.values())


def _fetcher(
    network: Network, transport: httpx.AsyncBaseTransport | None, resolver: Resolver
) -> tuple[Fetcher, CassetteTransport | None]:
    if network.mode in (Mode.REPLAY, Mode.RECORD):
        # Imported here: vcrpy costs ~0.7 s to import, and only cassette runs need it.
        from citations.net.cassette import CassetteTransport
        from citations.net.cassette import Mode as Record

        assert network.cassette is not None
        record = network.mode is Mode.RECORD
        cassette = CassetteTransport(network.cassette, Record.RECORD if record else Record.REPLAY, inner=transport)
        fetcher = Fetcher(
            network.settings,
            transport=cassette,
            live=record,
            resolver=resolver,
            source="cassette",
            recorded=cassette.has,
        )
        return fetcher, cassette
    return Fetcher(network.settings, transport=transport, resolver=resolver), None


async def _check_all(fetcher: Fetcher, targets: Sequence[Target], progress: Progress | None) -> list[Link]:
    """Check targets host by host: each host gets as many workers as it may have requests in
    flight, so a slow host never holds up the others and no more tasks exist than can run."""
    queues: dict[str, deque[Target]] = {}
    for target in targets:
        try:
            key = host_key(urlsplit(target.url).netloc)
        except ValueError:  # unparseable (e.g. "http://[::1"): the fetcher reports it
            key = ""
        queues.setdefault(key, deque()).append(target)
    done: list[Link] = []

    async def work(queue: deque[Target]) -> None:
        while queue:
            done.append(await _check(fetcher, queue.popleft(), progress))

    await asyncio.gather(
        *(work(queue) for key, queue in queues.items() for _ in range(fetcher.settings.policy(key).concurrency))
    )
    return done


async def _check(fetcher: Fetcher, target: Target, progress: Progress | None) -> Link:
    fetched = await fetcher.get(target.url)
    link = classify(fetched, _page(fetched))
    if link.outcome.dead and fetcher.settings.archive:
        snapshot = await archive.snapshot(fetcher, target.url, target.year)
        if snapshot:
            link = replace(link, archive_url=snapshot)
    if progress:
        progress()
    return link


def _page(fetched: Fetched) -> Page | None:
    if fetched.body is None or not is_html(fetched.content_type):
        return None
    from citations.adapters import read_page

    return read_page(fetched.final_url or fetched.url, fetched.body, fetched.content_type)


def _search_prefix(link: Link) -> str | None:
    """For a dead BelTA link, the part of its URL a mangled copy likely kept intact (up to the
    slug's first two words), to look up the article it was meant to be."""
    parts = urls.belta_parts(link.url) if link.outcome.dead else None
    if parts is None or not parts.slug:
        return None
    head = "-".join(parts.slug.split("-")[:2])
    return link.url[: link.url.index(parts.slug) + len(head)]


async def _candidates(fetcher: Fetcher, cassette: CassetteTransport | None, prefix: str) -> tuple[str, ...]:
    """Full URLs that a truncated one may stand for: recorded ones, then archived ones."""
    bare = prefix.split("://", 1)[-1].removeprefix("www.")
    known = [u for u in (cassette.urls if cassette else ()) if bare in u]
    if fetcher.settings.archive and len(bare.split("/", 1)[-1]) >= 12:
        known += await archive.archived_with_prefix(fetcher, prefix)
    return tuple(sorted(set(known)))


# --- attaching the answers to references ------------------------------------------------------


def link_finding(ref: Reference, link: Link, archive: bool = True) -> Finding | None:
    """The finding a link outcome gives a reference, when it deserves one."""
    severity = link.outcome.severity
    if severity is None:
        return None
    when = f" (checked {link.checked_at[:10]})" if link.checked_at else ""
    suggestion = None
    message = f"link {link.outcome.value}: {link.detail or link.url}{when}"
    if link.outcome is Outcome.MOVED and link.final_url:
        suggestion = link.final_url
        message += f" — cite {link.final_url}"
    elif link.outcome.dead:
        if link.archive_url:
            suggestion = link.archive_url
            message += f" — an archived copy exists: {link.archive_url}"
        elif archive:
            message += " — no archived copy found; cite another source or mark it as no longer available"
    return Finding(
        f"link-{link.outcome.value}", severity, message, ref.span.first, ref.n, suggestion
    )


def _no_url_link(ref: Reference) -> Link:
    if ref.url and ref.url_complete is False:
        return Link(ref.url, Outcome.SKIPPED, detail="the URL is incomplete in the footnote")
    return Link(ref.url or "", Outcome.SKIPPED, detail="the footnote cites no URL")


def targets_of(results: Sequence[DocumentResult]) -> list[Target]:
    """What a run must check: every cited URL, complete or not."""
    return [
        Target(ref.url, ref.year or (ref.belta.year if ref.belta else None), ref.url_complete is not False)
        for result in results
        for ref in result.references
        if ref.url
    ]


def attach(results: Sequence[DocumentResult], checked: Checked) -> list[DocumentResult]:
    """Give each reference its link and the findings about it; documents get them too."""
    from citations.verify import likely_target, verify

    out = []
    for result in results:
        added: list[Finding] = []
        refs = []
        for ref in result.references:
            link = checked.links.get(ref.url or "") if ref.url_complete is not False else None
            link = link or _no_url_link(ref)
            new = [f for f in (link_finding(ref, link, checked.archive),) if f is not None]
            new.extend(verify(ref, link))
            candidates = checked.candidates.get(ref.url or "")
            target = likely_target(ref, candidates) if candidates else None
            if target:
                new.append(
                    Finding(
                        "url-likely-target",
                        Severity.INFO,
                        f"the incomplete URL most likely stands for {target}; check it and cite it in full",
                        ref.span.first,
                        ref.n,
                        target,
                    )
                )
            added.extend(new)
            refs.append(replace(ref, link=link, findings=ref.findings + tuple(new)))
        if checked.mode is Mode.OFFLINE and any(r.url and r.url_complete is not False for r in refs):
            added.append(
                Finding(
                    "links-not-checked",
                    Severity.INFO,
                    "links were not checked (offline): give --cassette FILE to replay a recording, or --online",
                    1,
                )
            )
        findings = sorted(result.findings + tuple(added), key=lambda f: (f.line, f.footnote or 0, f.code))
        out.append(replace(result, references=tuple(refs), findings=tuple(findings)))
    return out


def check_documents(
    results: Sequence[DocumentResult],
    network: Network,
    *,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
) -> list[DocumentResult]:
    """Resolve every URL of ``results`` under one budget and attach the answers; ``warn``
    hears what the user should know about the run itself (e.g. an unusable cache)."""
    checked = check_links(targets_of(results), network, progress=progress)
    for note in checked.notes:
        if warn:
            warn(note)
    return attach(results, checked)
