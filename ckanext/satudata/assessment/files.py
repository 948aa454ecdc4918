"""The file of a resource for the structure checks: uploads read from CKAN's storage, linked
files downloaded under the address policy of :mod:`.core.urlpolicy`.

A download resolves the host, refuses it unless every address is public (or the host is on
``ckanext.satudata.fetch.allowed_hosts``), connects to the address it checked (no second DNS
lookup an attacker's name server could answer differently), follows redirects itself (each hop
checked again, at most ``max_redirects``), and stops at ``max_download_mb`` bytes and at a total
deadline of ``timeout`` seconds (a watchdog closes the socket, so a server dripping one byte at
a time cannot hold the worker). What goes wrong becomes the finding text, never the server's
words: the assessment quotes findings on the dataset page.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from urllib.parse import urljoin

import ckan.plugins.toolkit as tk

from .core import urlpolicy

REFUSED = "file address not allowed"
TOO_LARGE = "file too large to check"
FAILED = "download failed"
REDIRECTS = (301, 302, 303, 307, 308)
READ_TIMEOUT = 10.0  # one socket read; the total is the declared deadline


class TooLarge(Exception):
    pass


class TooSlow(Exception):
    pass


class Failed(Exception):
    """A download that did not give a file; the message is ours (status code, count)."""


# --------------------------------------------------------------------------- settings


def _cfg(key: str, default):
    value = tk.config.get("ckanext.satudata." + key)
    return default if value in (None, "") else value


def allowed_hosts() -> tuple[frozenset, tuple]:
    raw = _cfg("fetch.allowed_hosts", "")
    entries = raw if isinstance(raw, (list, tuple)) else str(raw).replace(",", " ").split()
    return urlpolicy.parse_allowed(entries)


def max_download_bytes() -> int:
    return int(float(_cfg("assessment.max_download_mb", 20)) * 1024 * 1024)


def total_timeout() -> float:
    return max(1.0, float(_cfg("fetch.timeout", 30)))


def max_redirects() -> int:
    return max(0, int(_cfg("fetch.max_redirects", 3)))


# --------------------------------------------------------------------------- the file


@contextlib.contextmanager
def resource_file(res: dict, ext: str = "") -> Iterator[tuple[str | None, str]]:
    """``(path, error)`` of the resource file: an upload on the local file system is read in
    place; other uploads (file-keeper storages) and linked files are copied to a temporary
    ``data.<ext>``. ``error`` is a finding: "file address not allowed: ...", "file too large
    to check: ..." or "download failed: ..."."""
    if res.get("url_type") == "upload":
        try:
            local = _upload_path(res)
        except Exception as e:
            yield None, f"{FAILED}: {type(e).__name__}"
            return
        if local:
            yield local, ""
            return
    tmpdir = tempfile.mkdtemp(prefix="satudata-assess-")
    try:
        target = os.path.join(tmpdir, "data" + (f".{ext}" if ext else ""))
        try:
            if res.get("url_type") == "upload":
                _copy_upload(res, target)
            else:
                download(res.get("url") or "", target)
        except urlpolicy.Refused as e:
            yield None, f"{REFUSED}: {e}"
            return
        except TooLarge as e:
            yield None, f"{TOO_LARGE}: {e}"
            return
        except (TooSlow, Failed) as e:
            yield None, f"{FAILED}: {e}"
            return
        except Exception as e:  # the exception's text may quote the server: only its type
            yield None, f"{FAILED}: {type(e).__name__}"
            return
        yield target, ""
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def _upload_path(res: dict) -> str | None:
    """The file of an uploaded resource on the local file system, if that is where it is."""
    from ckan.lib import uploader

    upload = uploader.get_resource_uploader(res)
    if getattr(upload, "storage", None) is not None:
        return None
    path = upload.get_path(res["id"])
    return path if isinstance(path, str) and os.path.isfile(path) else None


def _copy_upload(res: dict, target: str) -> None:
    import file_keeper as fk
    from ckan.lib import uploader

    upload = uploader.get_resource_uploader(res)
    path = upload.get_path(res["id"])
    storage = getattr(upload, "storage", None)
    if isinstance(storage, fk.Storage):
        from ckan.lib import files

        location = files.Location(str(path))
        data = files.FileData(location, size=storage.size(location))
        with open(target, "wb") as out:
            for chunk in storage.stream(data):
                out.write(chunk)
        return
    shutil.copyfile(str(path), target)


# --------------------------------------------------------------------------- downloading


def resolve(target: urlpolicy.Target, allowed: tuple[frozenset, tuple]) -> str:
    """The checked address to connect to: every address the host resolves to must pass."""
    if target.literal is not None:
        urlpolicy.check_address(target.literal, target.host, allowed)
        return str(target.literal)
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise urlpolicy.Refused(f"{target.host} does not resolve")
    addresses = []
    for info in infos:
        ip = urlpolicy.parse_host(info[4][0])
        if ip is None:
            raise urlpolicy.Refused(f"{target.host} resolves to an unknown address")
        urlpolicy.check_address(ip, target.host, allowed)
        addresses.append(str(ip))
    if not addresses:
        raise urlpolicy.Refused(f"{target.host} does not resolve")
    return addresses[0]


def _connection(target: urlpolicy.Target, address: str, timeout: float):
    """A urllib3 connection to ``address`` that speaks to ``target.host`` (Host header; for
    https the SNI name and the certificate check are the host's, not the address's)."""
    from urllib3.connection import HTTPConnection, HTTPSConnection

    if target.scheme == "https":
        import certifi

        return HTTPSConnection(
            address,
            target.port,
            timeout=timeout,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
        )
    return HTTPConnection(address, target.port, timeout=timeout)


class _Watchdog:
    """Shuts the connection's socket at the deadline, which ends a blocked read at once."""

    def __init__(self, seconds: float):
        self.fired = False
        self.conn = None
        self.sock = None
        self._timer = threading.Timer(max(0.0, seconds), self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        # the response's socket: http.client drops the connection's own reference to it once
        # the headers say "Connection: close"
        sock = self.sock or getattr(self.conn, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()


def download(url: str, path: str) -> None:
    """Write the file at ``url`` to ``path`` under the address policy and the limits."""
    allowed, limit = allowed_hosts(), max_download_bytes()
    seconds = total_timeout()
    deadline = time.monotonic() + seconds
    with _Watchdog(seconds) as watchdog:
        try:
            _follow(url, path, allowed, limit, deadline, watchdog)
        except (urlpolicy.Refused, TooLarge, Failed):
            raise
        except Exception:
            if watchdog.fired or time.monotonic() >= deadline:
                raise TooSlow(f"took longer than {seconds:g} s")
            raise
    if watchdog.fired:
        raise TooSlow(f"took longer than {seconds:g} s")


def _follow(url: str, path: str, allowed, limit: int, deadline: float, watchdog) -> None:
    for _hop in range(max_redirects() + 1):
        target = urlpolicy.check_url(url)
        address = resolve(target, allowed)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TooSlow("deadline passed")
        conn = _connection(target, address, min(READ_TIMEOUT, remaining))
        watchdog.conn = conn
        try:
            host = target.host if ":" not in target.host else f"[{target.host}]"
            if target.port != urlpolicy.SCHEMES[target.scheme]:
                host += f":{target.port}"
            conn.request(
                "GET",
                target.path,
                headers={
                    "Host": host,
                    "Accept-Encoding": "identity",
                    "User-Agent": "ckanext-satudata assessment",
                },
                preload_content=False,
            )
            watchdog.sock = conn.sock
            response = conn.getresponse()
            if response.status in REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise Failed(f"HTTP {response.status} without Location")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise Failed(f"HTTP {response.status}")
            _save(response, path, limit)
            return
        finally:
            watchdog.conn = watchdog.sock = None
            conn.close()
    raise Failed(f"more than {max_redirects()} redirects")


def _save(response, path: str, limit: int) -> None:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"larger than {limit // (1024 * 1024)} MB")
    size = 0
    with open(path, "wb") as out:
        # decode_content=False: a gzip Content-Encoding is not inflated here (no zip bomb in
        # memory); such a file is then unreadable for the checks
        for chunk in response.stream(64 * 1024, decode_content=False):
            size += len(chunk)
            if size > limit:
                raise TooLarge(f"larger than {limit // (1024 * 1024)} MB")
            out.write(chunk)
