"""Politeness: per-host minimum interval between request starts, and per-host concurrency."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from faultserver import FaultServer
from test_linkcheck import FAST, online

from citations.models import Outcome
from citations.net.politeness import host_key
from citations.net.settings import HostPolicy, NetSettings
from citations.resolve import Target, check_links

#: The server notes a request when it has parsed the request line, a little after the client
#: started it; two starts measured there may come closer than on the client by this much.
JITTER = 0.015


@pytest.mark.parametrize("interval", [0.05, 0.12])
def test_no_two_requests_to_one_host_start_closer_than_the_interval(interval: float) -> None:
    settings = replace(FAST, default=HostPolicy(interval, 4))
    with FaultServer() as server:
        urls = [server.url(f"/article/{i}") for i in range(8)]
        links = check_links([Target(u) for u in urls], online(settings)).links
        starts = server.pages_started_for("/article/")
    assert all(link.outcome is Outcome.OK for link in links.values())
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(starts) == 8 and min(gaps) >= interval - JITTER, gaps


@pytest.mark.parametrize("limit", [1, 3])
def test_concurrency_per_host_never_exceeds_its_limit(limit: int) -> None:
    settings = replace(FAST, default=HostPolicy(0.0, limit))
    with FaultServer(latency=0.1) as server:
        urls = [server.url(f"/article/{i}") for i in range(9)]
        check_links([Target(u) for u in urls], online(settings))
        assert server.max_concurrent == limit


def test_hosts_are_limited_separately() -> None:
    # Two servers are two hosts: each keeps its own interval, and they proceed side by side.
    settings = replace(FAST, default=HostPolicy(0.15, 1))
    with FaultServer() as one, FaultServer() as two:
        urls = [s.url(f"/article/{i}") for i in range(4) for s in (one, two)]
        check_links([Target(u) for u in urls], online(settings))
        firsts = [s.pages_started_for("/article/")[0] for s in (one, two)]
        for server in (one, two):
            starts = server.pages_started_for("/article/")
            assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.15 - JITTER
    assert abs(firsts[0] - firsts[1]) < 0.15  # the second host did not wait for the first


def test_retry_after_holds_back_the_whole_host() -> None:
    settings = replace(FAST, retries=1, retry_after_cap=5, default=HostPolicy(0.0, 1))
    with FaultServer() as server:
        urls = [server.url("/status/429"), server.url("/article/after")]
        check_links([Target(u) for u in urls], online(settings))
        rate_limited = server.hits_for("/status/429")[0].started
        after = server.hits_for("/article/after")[0].started
    assert after - rate_limited >= 1.0 - JITTER


@pytest.mark.parametrize(
    ("host", "key"),
    [("www.belta.by", "belta.by"), ("BELTA.BY", "belta.by"), ("m.belta.by", "belta.by"), ("eng.belta.by", "eng.belta.by"), ("www.by", "www.by")],
)
def test_mirrors_share_one_budget(host: str, key: str) -> None:
    assert host_key(host) == key


def test_belta_is_never_asked_faster_than_once_a_second_by_default() -> None:
    settings = NetSettings()
    for host in ("belta.by", "www.belta.by", "eng.belta.by", "chn.belta.by"):
        assert settings.policy(host).min_interval >= 1.0
    assert settings.policy("mfa.gov.by") == settings.default
