"""Which addresses the portal may fetch a linked file from (pure, no network, no ckan).

A resource URL is typed by an agency editor, and the assessment quotes what it reads in the
reasons shown on the editor's own dataset page: fetching an internal address (Solr on
127.0.0.1, another agency's intranet server, the cloud metadata service on 169.254.169.254)
would hand its content to the editor. So only http/https to public addresses is fetched;
hosts the walidata trusts on its intranet are listed in ``ckanext.satudata.fetch.allowed_hosts``.

:func:`check_url` says whether a URL may be fetched at all (scheme, host); :func:`check_address`
whether one resolved address may be connected to. The caller resolves the host, checks every
address, connects to a checked one, and repeats both for every redirect hop.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
SCHEMES = {"http": 80, "https": 443}

# IPv6 prefixes that carry an IPv4 address the packet really goes to (NAT64, RFC 6052/8215)
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_PART_RE = re.compile(r"^(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)$", re.I)


class Refused(Exception):
    """The URL or address may not be fetched; ``str()`` says why, in English, without any
    content of the remote server."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as in the URL, lower case, IPv6 without brackets
    port: int
    path: str  # path and query, for the request line
    literal: IPAddress | None = None  # the address when the host is a number


def legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address of an IPv4 host in any form ``inet_aton`` (and so the system resolver)
    accepts: ``127.0.0.1``, ``127.1``, ``2130706433``, ``0x7f.1``, ``0177.0.0.1``."""
    parts = host.rstrip(".").split(".") if host else []
    if not 1 <= len(parts) <= 4 or not all(_PART_RE.match(p) for p in parts):
        return None
    try:
        nums = [
            int(p, 16)
            if p.lower().startswith("0x")
            else int(p, 8)
            if (len(p) > 1 and p.startswith("0"))
            else int(p)
            for p in parts
        ]
    except ValueError:
        return None
    *head, last = nums
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        return None
    value = 0
    for n in head:
        value = value * 256 + n
    value = value * 256 ** (4 - len(head)) + last
    return ipaddress.IPv4Address(value)


def parse_host(host: str) -> IPAddress | None:
    """The address when ``host`` is an IP literal (IPv6, or IPv4 in any legacy form)."""
    h = host.strip("[]")
    if "%" in h:  # zone id of a link-local IPv6 address
        h = h.split("%", 1)[0]
    try:
        return ipaddress.IPv6Address(h) if ":" in h else ipaddress.IPv4Address(h)
    except ValueError:
        return legacy_ipv4(h) if ":" not in h else None


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, Teredo, NAT64)."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    for net in _NAT64:
        if ip in net:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_problem(ip: IPAddress) -> str | None:
    """Why the address is not a public one (``None``: public)."""
    inner = embedded_ipv4(ip)
    if inner is not None:
        why = address_problem(inner)
        return f"{why} (as IPv6 {ip})" if why else None
    for attr, why in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_private", "private"),
        ("is_reserved", "reserved"),
    ):
        if getattr(ip, attr):
            return why
    if ip.version == 6 and ip in ipaddress.ip_network("fec0::/10"):  # site-local (old)
        return "private"
    if not ip.is_global:  # shared address space 100.64/10, benchmarking, documentation ...
        return "not public"
    return None


def parse_allowed(entries: Iterable[str]) -> tuple[frozenset, tuple]:
    """``(hostnames, networks)`` of the allow list: host names, IP addresses or CIDR ranges."""
    names, nets = set(), []
    for e in entries:
        e = e.strip().lower()
        if not e:
            continue
        try:
            nets.append(ipaddress.ip_network(e.strip("[]"), strict=False))
        except ValueError:
            names.add(e.rstrip("."))
    return frozenset(names), tuple(nets)


def host_allowed(host: str, allowed: tuple[frozenset, tuple]) -> bool:
    """The host itself is on the allow list by name."""
    return host.lower().rstrip(".") in allowed[0]


def check_address(
    ip: IPAddress, host: str, allowed: tuple[frozenset, tuple] = (frozenset(), ())
) -> None:
    """Raise :class:`Refused` unless the portal may connect to ``ip`` for ``host``."""
    if host_allowed(host, allowed):
        return
    inner = embedded_ipv4(ip) or ip
    if any(ip in n or inner in n for n in allowed[1] if n.version in (ip.version, inner.version)):
        return
    why = address_problem(ip)
    if why:
        raise Refused(f"{host} is {why}" if str(ip) == host else f"{host} -> {ip} is {why}")


def check_url(url: str) -> Target:
    """The parts of an http(s) URL to fetch, or :class:`Refused`."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError as e:
        raise Refused(f"not a valid URL ({e})")
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise Refused(f"scheme {scheme or '(none)'} is not http or https")
    host = (parts.hostname or "").lower()
    if not host:
        raise Refused("the URL has no host")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(scheme, host, port or SCHEMES[scheme], path, parse_host(host))
