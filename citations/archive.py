"""The Wayback Machine as a fallback for dead links: the snapshot nearest the cited year, and
the archived URLs starting with a truncated one. Both go through the run's fetcher, so they
are polite, recorded in cassettes and replayed offline like any other request."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from citations.net.fetch import Fetcher, any_type

AVAILABILITY = "https://archive.org/wayback/available"
CDX = "https://web.archive.org/cdx/search/cdx"
#: How many archived URLs a prefix lookup may bring back.
PREFIX_LIMIT = 25


def availability_url(url: str, year: int | None) -> str:
    """The availability query for ``url``; mid-year of ``year`` when the footnote gives one."""
    query = {"url": url}
    if year:
        query["timestamp"] = f"{year}0701"
    return f"{AVAILABILITY}?{urlencode(query)}"


def prefix_url(prefix: str) -> str:
    """The CDX query listing archived pages whose URL starts with ``prefix``."""
    bare = prefix.split("://", 1)[-1]
    query = {
        "url": bare,
        "matchType": "prefix",
        "output": "json",
        "fl": "original",
        "filter": "statuscode:200",
        "collapse": "urlkey",
        "limit": str(PREFIX_LIMIT),
    }
    return f"{CDX}?{urlencode(query)}"


def parse_availability(body: bytes) -> str | None:
    """The closest snapshot's address from an availability answer, if it is a good copy."""
    try:
        data = json.loads(body)
        closest = data["archived_snapshots"]["closest"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(closest, dict) or not closest.get("available") or str(closest.get("status")) != "200":
        return None
    snapshot = closest.get("url")
    if not isinstance(snapshot, str) or not snapshot.startswith(("http://", "https://")):
        return None
    return "https://" + snapshot.split("://", 1)[1]


def parse_prefix(body: bytes) -> list[str]:
    """The original URLs of a CDX JSON answer (its first row is the header)."""
    try:
        rows = json.loads(body)
    except ValueError:
        return []
    if not isinstance(rows, list):
        return []
    found = [row[0] for row in rows[1:] if isinstance(row, list) and row and isinstance(row[0], str)]
    return sorted(set(found))


async def snapshot(fetcher: Fetcher, url: str, year: int | None) -> str | None:
    """The archived copy to suggest for a dead ``url``, or None (none, or not reachable)."""
    fetched = await fetcher.get(availability_url(url, year), want=any_type, robots=False)
    if fetched.error or fetched.status != 200 or not fetched.body:
        return None
    return parse_availability(fetched.body)


async def archived_with_prefix(fetcher: Fetcher, prefix: str) -> list[str]:
    """Archived URLs that start with a truncated ``prefix`` (candidates for its full form)."""
    fetched = await fetcher.get(prefix_url(prefix), want=any_type, robots=False)
    if fetched.error or fetched.status != 200 or not fetched.body:
        return []
    return parse_prefix(fetched.body)
