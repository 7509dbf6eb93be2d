"""A persistent cache of link results, so that re-checking a manuscript (or checking a whole
journal issue whose articles cite the same pages) asks each URL once per expiry period.

One SQLite file; only answers worth keeping are stored — a timeout or a 503 says nothing
about tomorrow, so transient outcomes are asked again next time.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from citations.errors import CitationsError
from citations.models import Link, Outcome

DEFAULT_EXPIRY = 7 * 24 * 3600.0
TRANSIENT = frozenset(
    {
        Outcome.DNS,  # a laptop offline must not mark every link dead for a week
        Outcome.TIMEOUT,
        Outcome.CONNECTION,
        Outcome.TLS,
        Outcome.RATE_LIMITED,
        Outcome.SERVER_ERROR,
        Outcome.NOT_RECORDED,
        Outcome.SKIPPED,
    }
)
_SCHEMA = "CREATE TABLE IF NOT EXISTS links (url TEXT PRIMARY KEY, stored REAL, link TEXT, page TEXT)"


class CacheError(CitationsError):
    """The cache directory cannot be used."""

    exit_code = 4


def default_dir() -> Path:
    """``$XDG_CACHE_HOME/citations`` (``~/.cache/citations`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "citations"


class LinkCache:
    """``get`` the unexpired results for URLs, ``put`` new ones; use as a context manager.

    ``variant`` names the settings that change an answer (archive lookups, private addresses):
    results obtained under other settings are not served. A cache that cannot be written is
    not an error of the run: ``problem`` says why, and results are simply not kept.
    """

    def __init__(
        self, directory: str | os.PathLike[str], expiry: float = DEFAULT_EXPIRY, variant: str = ""
    ) -> None:
        self.expiry = expiry
        self.variant = variant
        self.problem: str | None = None
        path = Path(directory)
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path / "links.sqlite3")
            self._db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise CacheError(
                f"{path}: cannot use the link cache ({exc})", "pass --cache-dir DIR or --no-cache"
            ) from None

    def __enter__(self) -> LinkCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def get(self, urls: Iterable[str]) -> dict[str, Link]:
        keys = {self._key(url): url for url in urls}
        limit = time.time() - self.expiry
        found: dict[str, Link] = {}
        wanted = list(keys)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(
                    f"SELECT url, link, page FROM links WHERE stored >= ? AND url IN ({marks})", [limit, *chunk]
                ).fetchall()
            except sqlite3.Error as exc:
                self.problem = f"the link cache cannot be read ({exc}); checking everything again"
                return found
            for key, link, page in rows:
                url = keys[key]
                try:
                    loaded = Link.from_json(url, json.loads(link), json.loads(page) if page else None)
                    found[url] = replace(loaded, source="cache")
                except (ValueError, KeyError, TypeError):
                    continue  # a row from another version: ask again
        return found

    def put(self, links: Iterable[Link]) -> None:
        now = time.time()
        rows = [
            (
                self._key(link.url),
                now,
                json.dumps(link.to_json(), ensure_ascii=False),
                json.dumps({**link.page.to_json(), "looks_missing": link.page.looks_missing}, ensure_ascii=False)
                if link.page
                else None,
            )
            for link in links
            if link.outcome not in TRANSIENT
        ]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            self.problem = f"the link cache cannot be written ({exc}); results were not kept"

    def _key(self, url: str) -> str:
        return f"{url}\t{self.variant}" if self.variant else url
