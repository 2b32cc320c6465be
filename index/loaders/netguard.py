"""Which addresses Newsdesk may fetch from, enforced where the socket is opened.

Invariants:
- every connection goes to an address that was checked *after* DNS resolution, and to exactly that
  address (no second lookup a rebinding DNS server could answer differently);
- loopback, private, link-local, multicast, reserved, unspecified and shared (CGNAT) addresses are
  refused, also when wrapped in IPv6 (IPv4-mapped, 6to4, Teredo, NAT64), unless the operator named
  the host or network in ``NEWSDESK_FETCH_ALLOWED_HOSTS``;
- every read and connect is bounded by one deadline for the whole fetch, so a server that drips a
  byte at a time cannot hold the indexer past it.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field

import httpcore
import httpx

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class AddressRefused(httpcore.ConnectError):
    """The host resolves to an address Newsdesk will not fetch from."""


class DeadlinePassed(httpcore.ReadTimeout):
    """The whole fetch ran past its deadline."""


@dataclass(frozen=True)
class AddressPolicy:
    """Named hosts (lower case) and networks an operator allowed despite being internal."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[Network, ...] = field(default_factory=tuple)

    @classmethod
    def parse(cls, allowed: str) -> AddressPolicy:
        """``allowed`` is a comma-separated list of host names, IP addresses or CIDR networks."""
        hosts, networks = set(), []
        for entry in (e.strip().lower().strip("[]") for e in (allowed or "").split(",")):
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                hosts.add(entry.rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def host_allowed(self, host: str) -> bool:
        return host.lower().strip("[]").rstrip(".") in self.hosts

    def refusal(self, address: Address) -> str:
        """Why ``address`` may not be fetched from ('' when it may)."""
        if any(address in net for net in self.networks if net.version == address.version):
            return ""
        return internal_reason(address)


def internal_reason(address: Address) -> str:
    for inner in _embedded_ipv4(address):
        reason = internal_reason(inner)
        if reason:
            return reason
    checks = (("loopback", address.is_loopback), ("link-local", address.is_link_local),
              ("multicast", address.is_multicast), ("unspecified", address.is_unspecified),
              ("reserved", address.is_reserved), ("private", address.is_private),
              ("not publicly routable", not address.is_global))
    return next((f"a {name} address" for name, hit in checks if hit), "")


def _embedded_ipv4(address: Address) -> list[ipaddress.IPv4Address]:
    if address.version != 6:
        return []
    found = [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
    if address.teredo:
        found.extend(address.teredo)
    if address in ipaddress.ip_network("64:ff9b::/96"):
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def resolve_checked(host: str, port: int, policy: AddressPolicy, timeout: float | None) -> list[str]:
    """The addresses of ``host`` to connect to; raise AddressRefused when any of them is internal."""
    bare = host.strip("[]")
    try:
        infos = _getaddrinfo(bare, port, timeout)
    except socket.gaierror as exc:
        raise httpcore.ConnectError(f"{host}: the name does not resolve ({exc.strerror})") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if policy.host_allowed(bare):
        return addresses
    for text in addresses:
        reason = policy.refusal(ipaddress.ip_address(text.split("%", 1)[0]))
        if reason:
            raise AddressRefused(f"{host} resolves to {text}, {reason}; Newsdesk does not fetch internal "
                                 "addresses (list the host in NEWSDESK_FETCH_ALLOWED_HOSTS to allow it)")
    return addresses


def _getaddrinfo(host: str, port: int, timeout: float | None) -> list:
    """getaddrinfo within the fetch's deadline (a slow resolver must not hold the index lock either)."""
    outcome: dict = {}

    def resolve() -> None:
        try:
            outcome["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=resolve, daemon=True, name="newsdesk-resolve")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise httpcore.ConnectTimeout(f"{host}: the name did not resolve in time")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["infos"]


class Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def cap(self, timeout: float | None) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise DeadlinePassed(f"the fetch took longer than {self.seconds:g} s")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline):
        self._inner, self._deadline = inner, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.cap(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.cap(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._deadline.cap(timeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, connecting only to checked addresses, within one deadline."""

    def __init__(self, policy: AddressPolicy, deadline: Deadline):
        self.policy, self.deadline = policy, deadline
        self._plain = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options=None) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in resolve_checked(host, port, self.policy, self.deadline.cap(timeout)):
            try:
                stream = self._plain.connect_tcp(address, port, self.deadline.cap(timeout), local_address,
                                                 socket_options)
                return _DeadlineStream(stream, self.deadline)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError(f"{host}: no address to connect to")

    def connect_unix_socket(self, *args, **kwargs):
        raise httpcore.ConnectError("Newsdesk does not fetch over unix sockets")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def guarded_transport(policy: AddressPolicy, deadline: Deadline) -> httpx.HTTPTransport:
    """An httpx transport whose every connection goes through ``GuardedBackend`` (no proxies)."""
    transport = httpx.HTTPTransport(retries=0)
    transport._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), max_connections=4,
                                              network_backend=GuardedBackend(policy, deadline))
    return transport
