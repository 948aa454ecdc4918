"""The address policy of linked files (core/urlpolicy.py), on many addresses (no network)."""

from __future__ import annotations

import ipaddress

import pytest

from ckanext.satudata.assessment.core import urlpolicy as up

REFUSED = [
    # IPv4: loopback, private, link-local (cloud metadata), multicast, reserved, unspecified
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "0.0.0.0",
    "0.1.2.3",
    "100.64.0.1",
    "192.0.2.1",
    "198.18.0.1",
    "198.51.100.7",
    "203.0.113.9",
    # legacy numeric forms the system resolver accepts
    "2130706433",
    "0x7f000001",
    "0x7f.1",
    "127.1",
    "0177.0.0.1",
    "0177.1",
    "017700000001",
    "10.1",
    "0",
    "0x0",
    "3232235777",
    # IPv6: loopback, unspecified, unique local, link-local, multicast, site-local
    "::1",
    "::",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "fe80::1%eth0",
    "ff02::1",
    "fec0::1",
    # IPv6 carrying an internal IPv4 address: mapped, compatible, 6to4, NAT64, Teredo
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::127.0.0.1",
    "2002:7f00:1::",
    "2002:a00:1::1",
    "64:ff9b::127.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "2001:0:4136:e378:8000:63bf:80ff:fffe",
    "2001:db8::1",
]
PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "103.10.64.1",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::1",
]


@pytest.mark.parametrize("host", REFUSED)
def test_internal_addresses_are_refused(host):
    ip = up.parse_host(host)
    assert ip is not None, host
    assert up.address_problem(ip), (host, ip)
    with pytest.raises(up.Refused):
        up.check_address(ip, host)


@pytest.mark.parametrize("host", PUBLIC)
def test_public_addresses_pass(host):
    ip = up.parse_host(host)
    assert up.address_problem(ip) is None, host
    up.check_address(ip, host)


@pytest.mark.parametrize(
    "host,expected",
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("10.1.2", "10.1.0.2"),
        ("0xC0.0xA8.1.1", "192.168.1.1"),
        ("127.0.0.1.", "127.0.0.1"),
    ],
)
def test_numeric_hosts_are_read_as_the_resolver_reads_them(host, expected):
    assert str(up.parse_host(host)) == expected


@pytest.mark.parametrize(
    "host",
    [
        "example.com",
        "data.bekasikab.go.id",
        "256.1.1.1",
        "1.2.3.4.5",
        "08.1.1.1",
        "0x",
        "1e3",
        "127.0.0.1x",
        "-1",
        "",
    ],
)
def test_names_and_invalid_numbers_are_not_addresses(host):
    assert up.parse_host(host) is None


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/a.csv",
        "gopher://127.0.0.1:6379/_INFO",
        "dict://127.0.0.1:11211/",
        "javascript:alert(1)",
        "//example.com/a.csv",
        "http://",
        "http://:80/x",
        "http://[::1/x",
        "http://example.com:99999/",
    ],
)
def test_only_http_and_https_urls_with_a_host(url):
    with pytest.raises(up.Refused):
        up.check_url(url)


def test_url_parts():
    t = up.check_url("HTTPS://User:pw@Data.Example.ORG:8443/a/b.csv?x=1#frag")
    assert (t.scheme, t.host, t.port, t.path, t.literal) == (
        "https",
        "data.example.org",
        8443,
        "/a/b.csv?x=1",
        None,
    )
    assert up.check_url("http://[::ffff:127.0.0.1]/s").literal == ipaddress.ip_address(
        "::ffff:127.0.0.1"
    )
    assert str(up.check_url("http://2130706433:8983/solr").literal) == "127.0.0.1"
    assert up.check_url("http://example.com").path == "/"


def test_allow_list_by_name_address_and_range():
    allowed = up.parse_allowed(["intranet.bekasikab.go.id", "10.20.0.0/16", " 192.168.7.7 ", ""])
    ten = ipaddress.ip_address("10.20.3.4")
    up.check_address(ten, "files.local", allowed)  # in the range
    up.check_address(ipaddress.ip_address("::ffff:10.20.3.4"), "x", allowed)  # mapped, same
    up.check_address(ipaddress.ip_address("192.168.7.7"), "192.168.7.7", allowed)
    up.check_address(ipaddress.ip_address("127.0.0.1"), "Intranet.Bekasikab.go.id.", allowed)
    for ip, host in (
        ("10.21.0.1", "files.local"),
        ("192.168.7.8", "192.168.7.8"),
        ("127.0.0.1", "other.bekasikab.go.id"),
    ):
        with pytest.raises(up.Refused):
            up.check_address(ipaddress.ip_address(ip), host, allowed)


def test_refusal_names_the_host_and_why():
    with pytest.raises(up.Refused, match=r"evil\.example -> 127\.0\.0\.1 is loopback"):
        up.check_address(ipaddress.ip_address("127.0.0.1"), "evil.example")
    with pytest.raises(up.Refused, match=r"^169\.254\.169\.254 is link-local$"):
        up.check_address(ipaddress.ip_address("169.254.169.254"), "169.254.169.254")
