"""Where we may connect: http(s) only, and no private, loopback or link-local address unless
the user allows it (a document must not make the checker probe the reader's own network)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable

import httpx

from citations.net.errors import Refused

#: ``(host, port) -> addresses``; the default asks the system resolver without blocking the loop.
Resolver = Callable[[str, int], Awaitable[list[str]]]


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def _forbidden(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


class Guard:
    """Checks each URL before it is requested: the scheme, then every address its host
    resolves to. Resolutions are remembered for the run; a failure to resolve is raised as
    ``httpx.ConnectError`` from ``socket.gaierror`` so it classifies as ``dns``."""

    def __init__(self, allow_private: bool, resolver: Resolver = system_resolver) -> None:
        self.allow_private = allow_private
        self._resolver = resolver
        self._known: dict[tuple[str, int], list[str] | BaseException] = {}

    def needs_lookup(self, request: httpx.Request) -> bool:
        """Whether checking ``request`` means asking DNS (a host not seen yet in this run)."""
        url = request.url
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            ipaddress.ip_address(url.host)
        except ValueError:
            return (url.host, port) not in self._known
        return False

    async def check(self, request: httpx.Request) -> None:
        url = request.url
        if url.scheme not in ("http", "https"):
            raise Refused(f"only http and https are checked, not {url.scheme}:", request=request)
        host = url.host
        if not host:
            raise Refused("the URL has no host", request=request)
        port = url.port or (443 if url.scheme == "https" else 80)
        if not 0 < port < 65536:
            raise Refused(f"port {port} does not exist (1–65535)", request=request)
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            addresses = await self._resolve(host, port, request)
        if not self.allow_private and any(_forbidden(a) for a in addresses):
            raise Refused(
                f"{host} resolves to a private, loopback or link-local address "
                f"({', '.join(addresses)}); pass --allow-private to check it",
                request=request,
            )

    async def _resolve(self, host: str, port: int, request: httpx.Request) -> list[str]:
        key = (host, port)
        if key not in self._known:
            try:
                self._known[key] = await self._resolver(host, port)
            except (OSError, UnicodeError) as exc:
                self._known[key] = exc
        known = self._known[key]
        if isinstance(known, BaseException):
            raise httpx.ConnectError(f"cannot resolve {host}: {known}", request=request) from known
        if not known:
            raise httpx.ConnectError(f"{host} has no address", request=request) from socket.gaierror(host)
        return known
