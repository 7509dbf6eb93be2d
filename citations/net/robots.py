"""robots.txt, fetched once per origin and matched with Protego (RFC 9309 wildcards: BelTA's
``*getResults*`` rules need them, which the standard library's parser lacks)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx
from protego import Protego

#: The product token robots.txt rules are matched against.
AGENT = "citations"
#: robots.txt files are small; a bigger one is cut rather than refused.
MAX_ROBOTS = 512 * 1024

Fetch = Callable[[str], Awaitable[tuple[int, bytes] | None]]


class Robots:
    """Answers "may we fetch this URL?". A missing (4xx) or unreachable robots.txt allows
    everything: we check single links an author cited, we do not crawl."""

    def __init__(self, fetch: Fetch) -> None:
        self._fetch = fetch
        self._rules: dict[str, Protego | None] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def disallowed(self, url: httpx.URL) -> str | None:
        """Why robots.txt forbids ``url``, or None when it is allowed."""
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._rules:
                self._rules[origin] = await self._load(origin)
        rules = self._rules[origin]
        if rules is None or rules.can_fetch(str(url), AGENT):
            return None
        return f"robots.txt of {origin} disallows it"

    async def _load(self, origin: str) -> Protego | None:
        answer = await self._fetch(origin + "/robots.txt")
        if answer is None or not 200 <= answer[0] < 300:
            return None
        text = answer[1][:MAX_ROBOTS].decode("utf-8", "replace")
        try:
            return Protego.parse(text)
        except Exception:  # a malformed file must not stop the check: treat it as absent
            return None
