"""Transport-level failures of our own, raised inside httpx's exception tree so that one
``except httpx.RequestError`` sees them; the fetcher turns each into a link outcome."""

from __future__ import annotations

import httpx


class NotRecorded(httpx.RequestError):
    """Replaying a cassette, and it holds no answer for this request (never a sign of a dead link)."""


class TooLarge(httpx.RequestError):
    """The body (after decompression) exceeds the size cap."""


class Refused(httpx.RequestError):
    """We refuse to send the request (scheme, private address, robots.txt); the message says why."""
