"""The crawler of the language test: breadth-first from the home page over same-site GET links,
bounded (depth, pages, variants of one path), skipping logout, deletions, downloads, the API
and machine formats; a page's frames (a resource's preview, e.g. DataTables' view) are read as
part of the page. Works on CKAN's Flask test client. ``script_texts`` lists the strings the
page's CKAN JavaScript modules show (``this._('...')``), which no HTML check sees."""

from __future__ import annotations

import re
import urllib.parse
from collections import deque
from dataclasses import dataclass, field

import lxml.html

# CKAN modules' gettext calls: this._('...'), that._(...), ckan.i18n._("...")
LITERAL = r"""(?:'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")"""
SCRIPT_TEXT = re.compile(
    r"(?:\bthis|\bthat|\bself|\bmodule|ckan\.i18n)\._\(\s*("
    + LITERAL
    + r"(?:\s*\+\s*"
    + LITERAL
    + ")*)"
)

SKIP = re.compile(
    r"/user/_logout|logout|/delete|/purge|/api/|/download|/webassets/|/base/|/uploads/|"
    r"/_tracking|/feeds/|/catalog|/revision|/export\.|/dataset/rate|\.(csv|xlsx|xls|rdf|ttl|"
    r"jsonld|json|xml|n3|pdf|png|jpe?g|gif|svg|ico|js|css|zip|txt)(\?|$)|_format=|/changes",
    re.I,
)
HTML_LANG = re.compile(r"<html[^>]*\blang=\"([a-zA-Z_-]+)\"")


@dataclass
class Page:
    url: str
    status: int
    lang: str
    html: str
    came_from: str


@dataclass
class Crawl:
    pages: list[Page] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _shape(path: str) -> str:
    """Paths that differ only in a record's name count as one shape (/dataset/<x>)."""
    parts = [p for p in path.split("/") if p]
    if parts and parts[0] in ("en", "id"):
        parts = parts[1:]
    keep = 2 if parts and parts[0] in ("walidata", "ckan-admin", "dashboard") else 1
    return "/".join(parts[:keep] + ["*" for _ in parts[keep:]])


def links(html: str, base: str) -> list[str]:
    root = lxml.html.fromstring(html)
    out = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        if a.get("data-module") == "confirm-action" or a.get("download") is not None:
            continue
        url = urllib.parse.urljoin(base, href)
        parsed = urllib.parse.urlsplit(url)
        if parsed.netloc and parsed.netloc != urllib.parse.urlsplit(base).netloc:
            continue
        local = parsed.path + ("?" + parsed.query if parsed.query else "")
        if not SKIP.search(local):
            out.append(local)
    return out


def frames(html: str, base: str) -> list[str]:
    """The same-site ``<iframe src>`` of a page (a resource view: CKAN writes its address
    with ``ckan.site_url``)."""
    from ckan.common import config

    ours = {
        urllib.parse.urlsplit(base).netloc,
        urllib.parse.urlsplit(config["ckan.site_url"]).netloc,
    }
    out = []
    for frame in lxml.html.fromstring(html).iter("iframe"):
        url = urllib.parse.urljoin(base, (frame.get("src") or "").strip())
        parsed = urllib.parse.urlsplit(url)
        if frame.get("src") and parsed.netloc in ours:
            out.append(parsed.path + ("?" + parsed.query if parsed.query else ""))
    return out


def _joined(args: str) -> str:
    """The string of ``'a' + 'b'`` (JavaScript literals, their escapes undone)."""
    parts = re.findall(LITERAL, args)
    text = "".join(p[1:-1] for p in parts)
    return text.replace("\\n", "\n").replace("\\'", "'").replace('\\"', '"')


def script_texts(app, html: str, cache: dict[str, set[str]]) -> set[str]:
    """The msgids of the gettext calls in the page's own scripts (``/webassets/`` bundles)."""
    out: set[str] = set()
    for script in lxml.html.fromstring(html).iter("script"):
        src = urllib.parse.urlsplit(script.get("src") or "").path
        if "/webassets/" not in src or not src.endswith(".js"):
            continue
        if src not in cache:
            body = app.get(src, status=None).get_data(as_text=True)
            cache[src] = {_joined(args) for args in SCRIPT_TEXT.findall(body)}
        out |= cache[src]
    return out


def crawl(app, start: str, headers: dict, *, depth: int = 2, max_pages: int = 80,
          per_shape: int = 4) -> Crawl:  # fmt: skip
    result = Crawl()
    seen: set[str] = {start}
    shapes: dict[str, int] = {}
    queue = deque([(start, 0, "")])
    while queue and len(result.pages) < max_pages:
        url, level, came_from = queue.popleft()
        res = app.get(url, headers=headers, status=None, follow_redirects=True)
        status = res.status_code
        body = res.get_data(as_text=True) if "html" in (res.content_type or "") else ""
        if status >= 500:
            result.errors.append(f"{status} {url} (from {came_from})")
        if not body:
            continue
        match = HTML_LANG.search(body)
        page = Page(url, status, (match.group(1) if match else "?")[:2], body, came_from)
        result.pages.append(page)
        if status != 200:
            continue
        for frame in frames(body, "http://localhost" + url):  # part of this page, same level
            if frame not in seen:
                seen.add(frame)
                queue.appendleft((frame, depth, url))
        if level >= depth:
            continue
        for link in links(body, "http://localhost" + url):
            if link in seen:
                continue
            seen.add(link)
            shape = _shape(urllib.parse.urlsplit(link).path) + ("?" if "?" in link else "")
            if shapes.get(shape, 0) >= per_shape:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            queue.append((link, level + 1, url))
    return result
