"""Timing pages of a running bench server (loopback), as the walidata (a sysadmin's API token)."""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def token(ini: str) -> str:
    from bench.harness import worker

    return worker("token", ini)["token"]


def get(url: str, api_token: str) -> tuple[int, float]:
    request = urllib.request.Request(url, headers={"Authorization": api_token})
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - t


def timed_pages(base: str, ini: str, pages: list[str], baseline: str, rounds: int = 15) -> dict:
    """Median-ready lists of seconds per page, the pages interleaved round by round; a page
    that does not answer 200 gets None and its status under ``errors``."""
    api_token = token(ini)
    paths = [baseline] + pages
    out: dict = {p: [] for p in paths}
    out["errors"] = {}
    for p in paths:  # warm-up
        status, _ = get(base + p, api_token)
        if status != 200:
            out[p] = None
            out["errors"][p] = f"{p} answered HTTP {status}"
    for _ in range(rounds):
        for p in paths:
            if out[p] is None:
                continue
            status, seconds = get(base + p, api_token)
            out[p].append(seconds)
    return out
