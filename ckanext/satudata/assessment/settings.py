"""The assessment's settings (declared in config_declaration.yaml) and its weights file."""

from __future__ import annotations

import functools
import logging
import os
from typing import Any

import ckan.plugins.toolkit as tk

from .core import agency_score, scoring
from .core.filelimits import Limits

log = logging.getLogger(__name__)


def _cfg(key: str, default: Any = None) -> Any:
    value = tk.config.get("ckanext.satudata.assessment." + key)
    return default if value in (None, "") else value


def chunk_size() -> int:
    return max(1, int(_cfg("chunk_size", 500)))


def debounce_seconds() -> int:
    return max(0, int(_cfg("debounce_seconds", 30)))


def read_limits() -> Limits:
    """The bounds of reading one CSV/XLSX file (docs/security.md)."""
    mb = 1024 * 1024
    return Limits(
        max_cells=int(_cfg("max_cells", 1_000_000)),
        max_row_cells=int(_cfg("max_row_cells", 2000)),
        max_line_bytes=int(float(_cfg("max_line_kb", 1024)) * 1024),
        max_text_bytes=int(float(_cfg("max_text_mb", 64)) * mb),
        max_sheet_bytes=int(float(_cfg("max_sheet_mb", 64)) * mb),
        max_part_bytes=int(float(_cfg("max_part_mb", 16)) * mb),
        seconds=float(_cfg("read_seconds", 60)),
    )


def lifecycle_enabled() -> bool:
    return tk.asbool(_cfg("lifecycle", True))


@functools.lru_cache(maxsize=8)
def _config_cached(path: str, mtime: float) -> scoring.Config:
    return scoring.load_config(path or None)


def config() -> scoring.Config:
    """The weights configuration (``ckanext.satudata.assessment.weights_file``), re-read when
    the file changes."""
    path = _cfg("weights_file", "") or str(scoring.DEFAULT_CONFIG_PATH)
    try:
        mtime = os.path.getmtime(path)
    except OSError:
        mtime = 0.0
    return _config_cached(path, mtime)


def ranking_policy() -> agency_score.Policy:
    """The ranking's credits and per-OPD manual indicators (``ckanext.satudata.assessment.ranking.*``).
    A value out of range is a configuration error raised at the run, never silently replaced."""
    codes = _cfg("ranking.manual_codes", "")
    return agency_score.Policy(
        late_credit=float(_cfg("ranking.late_credit", 0.5)),
        after_close_credit=float(_cfg("ranking.after_close_credit", 0.25)),
        unapproved_credit=float(_cfg("ranking.unapproved_credit", 0.5)),
        manual_codes=tuple(codes.replace(",", " ").split())
        if codes
        else agency_score.DEFAULT_MANUAL_CODES,
    )


def site_user() -> str:
    return tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]


def band_name(code: str, score: float | None, lang: str) -> str:
    """The name of a Skor Kualitas Data band in ``lang`` (the configured bands)."""
    from .core import quality_bands

    try:
        bands = config().bands
    except scoring.ConfigError:
        bands = quality_bands.DEFAULT_BANDS
    return quality_bands.band_label(code, score, lang, bands)
