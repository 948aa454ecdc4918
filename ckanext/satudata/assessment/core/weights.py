"""The weights configuration of the scoring (pure): points per indicator, level thresholds,
bands and the agency aggregate's component weights, read from ``assessment/weights.yaml``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .indicators import BY_ID, INDICATORS

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parent.parent / "weights.yaml"


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Level:
    level: int
    min_score: float
    name: Mapping[str, str]


@dataclass(frozen=True)
class Band:
    min_ips: float
    name: Mapping[str, str]


@dataclass(frozen=True)
class Config:
    points: Mapping[str, float]
    levels: tuple[Level, ...]
    bands: tuple[Band, ...]
    agency_weights: Mapping[str, float]
    source: str = ""

    @property
    def max_points(self) -> float:
        return sum(self.points.values())

    def level_for(self, score: float) -> Level:
        chosen = self.levels[0]
        for lvl in self.levels:
            if score + 1e-9 >= lvl.min_score:
                chosen = lvl
        return chosen

    def band_for(self, score: float) -> Band:
        ips = 1 + 4 * max(0.0, min(100.0, score)) / 100
        chosen = self.bands[0]
        for band in self.bands:
            if ips + 1e-9 >= band.min_ips:
                chosen = band
        return chosen


def ips_equivalent(score: float) -> float:
    """The 0..100 score on the EPSS 1..5 scale."""
    return round(1 + 4 * max(0.0, min(100.0, score)) / 100, 2)


def _names(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw.get("id"):
        raise ConfigError(f"{where}: name needs {{id: ..., en: ...}}")
    return {"id": str(raw["id"]), "en": str(raw.get("en") or raw["id"])}


def parse_config(data: Mapping[str, Any], source: str = "") -> Config:
    """Validate a weights mapping (as read from YAML)."""
    if not isinstance(data, Mapping):
        raise ConfigError("the weights file must be a mapping")
    raw_points = data.get("points") or {}
    unknown = sorted(set(raw_points) - set(BY_ID))
    if unknown:
        raise ConfigError(f"unknown indicator ids in points: {', '.join(unknown)}")
    points: dict[str, float] = {}
    for ind in INDICATORS:
        value = raw_points.get(ind.id, ind.points)
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"points.{ind.id}: not a number: {value!r}")
        if value < 0 or math.isnan(value):
            raise ConfigError(f"points.{ind.id}: must be >= 0")
        points[ind.id] = value
    if sum(points.values()) <= 0:
        raise ConfigError("the points sum to 0")

    raw_levels = data.get("levels") or []
    levels = tuple(
        sorted(
            (
                Level(int(r["level"]), float(r["min_score"]), _names(r.get("name"), f"levels[{n}]"))
                for n, r in enumerate(raw_levels)
            ),
            key=lambda lv: lv.min_score,
        )
    )
    if [lv.level for lv in levels] != [1, 2, 3, 4, 5]:
        raise ConfigError("levels: exactly the levels 1..5 with increasing min_score")
    if levels[0].min_score != 0:
        raise ConfigError("levels: level 1 must start at min_score 0")

    raw_bands = data.get("bands") or []
    bands = tuple(
        sorted(
            (
                Band(float(r["min_ips"]), _names(r.get("name"), f"bands[{n}]"))
                for n, r in enumerate(raw_bands)
            ),
            key=lambda b: b.min_ips,
        )
    )
    if not bands or bands[0].min_ips > 1:
        raise ConfigError("bands: the lowest band must start at or below 1.0")

    agency = data.get("agency") or {}
    weights = {}
    for key in ("datasets", "delivery", "manual"):
        w = float(agency.get(key, 0))
        if w < 0:
            raise ConfigError(f"agency.{key}: must be >= 0")
        weights[key] = w
    if sum(weights.values()) <= 0:
        raise ConfigError("agency: the component weights sum to 0")
    return Config(points, levels, bands, weights, source)


def load_config(path: str | Path | None = None) -> Config:
    p = Path(path) if path else DEFAULT_CONFIG_PATH
    try:
        with p.open(encoding="utf-8") as f:
            data = yaml.safe_load(f)
    except OSError as e:
        raise ConfigError(f"cannot read weights file {p}: {e}") from e
    except yaml.YAMLError as e:
        raise ConfigError(f"weights file {p} is not valid YAML: {e}") from e
    return parse_config(data or {}, str(p))


def with_points(cfg: Config, points: Mapping[str, float]) -> Config:
    """``cfg`` with the points of a run's snapshot (ids no longer in the table are dropped,
    new ones keep the configured points)."""
    merged = dict(cfg.points)
    merged.update({k: float(v) for k, v in points.items() if k in BY_ID})
    return Config(merged, cfg.levels, cfg.bands, cfg.agency_weights, cfg.source)
