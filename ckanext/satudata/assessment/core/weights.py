"""The weights configuration of the scoring (pure): points per indicator, the bands and data
gate of the Skor Kualitas Data (:mod:`.quality_bands`) and the agency aggregate's component
weights, read from ``assessment/weights.yaml``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .indicators import BY_ID, INDICATORS
from .quality_bands import BandError, DataGate, QualityBand, band_for, parse_bands, parse_gate

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parent.parent / "weights.yaml"


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    points: Mapping[str, float]
    bands: tuple[QualityBand, ...]
    gate: DataGate
    agency_weights: Mapping[str, float]
    source: str = ""

    @property
    def max_points(self) -> float:
        return sum(self.points.values())

    def band_for(self, score: float) -> QualityBand:
        return band_for(score, self.bands)


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
        if ind.precondition and value:
            raise ConfigError(f"points.{ind.id}: a precondition earns no points")
        points[ind.id] = value
    if sum(points.values()) <= 0:
        raise ConfigError("the points sum to 0")

    try:
        bands = parse_bands(data.get("bands"))
        gate = parse_gate(data.get("data_gate"))
    except BandError as e:
        raise ConfigError(str(e)) from e

    agency = data.get("agency") or {}
    weights = {}
    for key in ("datasets", "delivery", "manual"):
        w = float(agency.get(key, 0))
        if w < 0:
            raise ConfigError(f"agency.{key}: must be >= 0")
        weights[key] = w
    if sum(weights.values()) <= 0:
        raise ConfigError("agency: the component weights sum to 0")
    return Config(points, bands, gate, weights, source)


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
    return Config(merged, cfg.bands, cfg.gate, cfg.agency_weights, cfg.source)
