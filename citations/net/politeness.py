"""Per-host politeness: a concurrency cap and a minimum interval between request starts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from citations.net.settings import HostPolicy


def host_key(netloc: str) -> str:
    """The politeness key of a URL's host: ``www.`` and ``m.`` mirrors are one server
    (``www.belta.by`` redirects to ``belta.by``), and so are upper- and lower-case spellings."""
    host = netloc.lower().rsplit("@", 1)[-1]
    for prefix in ("www.", "m."):
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix) :]
    return host


@dataclass
class _Host:
    gate: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0


class Scheduler:
    """Hands out request slots so that, per host, at most ``concurrency`` requests are in
    flight and no two start closer than ``min_interval`` seconds; ``defer`` pushes a host's
    next start back (``Retry-After``). One scheduler serves every document of a run."""

    def __init__(
        self,
        policy: Callable[[str], HostPolicy],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._policy = policy
        self._clock = clock
        self._hosts: dict[str, _Host] = {}

    def _host(self, key: str) -> _Host:
        state = self._hosts.get(key)
        if state is None:
            state = self._hosts[key] = _Host(asyncio.Semaphore(self._policy(key).concurrency))
        return state

    @asynccontextmanager
    async def slot(self, netloc: str) -> AsyncIterator[None]:
        key = host_key(netloc)
        state = self._host(key)
        interval = self._policy(key).min_interval
        async with state.gate:
            async with state.lock:
                wait = state.next_start - self._clock()
                if wait > 0:
                    await asyncio.sleep(wait)
                state.next_start = self._clock() + interval
            yield

    def defer(self, netloc: str, seconds: float) -> None:
        state = self._host(host_key(netloc))
        state.next_start = max(state.next_start, self._clock() + seconds)
