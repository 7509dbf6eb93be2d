"""Network settings: built once (by the CLI or a caller) and handed to the fetcher."""

from __future__ import annotations

from dataclasses import dataclass, field

from citations import __version__

#: BelTA asks nothing in particular, but crawlers it did not block kept ≥ 1 s between requests.
BELTA_INTERVAL = 1.0
DEFAULT_INTERVAL = 1.0
DEFAULT_CONCURRENCY = 2
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 10
DEFAULT_RETRIES = 2
#: A server asking us to come back in an hour gets "rate-limited", not an hour of waiting.
RETRY_AFTER_CAP = 60.0
PROJECT_URL = "https://pypi.org/project/citations/"


@dataclass(frozen=True)
class HostPolicy:
    """How politely one host is treated: the minimum time between two request starts, and how
    many requests may be in flight at once."""

    min_interval: float = DEFAULT_INTERVAL
    concurrency: int = DEFAULT_CONCURRENCY

    def __post_init__(self) -> None:
        if self.min_interval < 0 or self.concurrency < 1:
            raise ValueError("min_interval must be >= 0 and concurrency >= 1")


@dataclass(frozen=True)
class NetSettings:
    """Everything the fetcher needs to know; the defaults are the polite ones.

    ``hosts`` maps a host name (or a parent domain: ``belta.by`` covers ``eng.belta.by``) to
    its policy; the most specific entry wins, ``default`` covers the rest.
    """

    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    retries: int = DEFAULT_RETRIES
    backoff: float = 1.0
    retry_after_cap: float = RETRY_AFTER_CAP
    default: HostPolicy = HostPolicy()
    hosts: tuple[tuple[str, HostPolicy], ...] = (("belta.by", HostPolicy(BELTA_INTERVAL, 1)),)
    allow_private: bool = False
    robots: bool = True
    archive: bool = True
    contact: str | None = None
    extra_headers: tuple[tuple[str, str], ...] = field(default=())

    @property
    def user_agent(self) -> str:
        contact = f"; {self.contact}" if self.contact else ""
        return f"citations/{__version__} (reference checker; +{PROJECT_URL}{contact})"

    def policy(self, host: str) -> HostPolicy:
        """The policy for ``host`` (a host name, optionally with ``:port``; ``www.`` and
        ``m.`` mirrors count as the host itself)."""
        from citations.net.politeness import host_key

        host = host_key(host)
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        best: tuple[int, HostPolicy] | None = None
        for domain, policy in self.hosts:
            if (name == domain or name.endswith("." + domain) or host == domain) and (
                best is None or len(domain) > best[0]
            ):
                best = (len(domain), policy)
        return best[1] if best else self.default
