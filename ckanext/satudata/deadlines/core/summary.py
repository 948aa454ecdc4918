"""Per-agency delivery figures for a period (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from . import lifecycle as lc


@dataclass(frozen=True)
class Delivery:
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    returned: int = 0
    approved: int = 0
    under_review: int = 0
    corrected: int = 0

    @property
    def delivered(self) -> int:
        return self.expected - self.missing

    @property
    def progress(self) -> int:
        """Percentage of expected items delivered (0-100, integer)."""
        if not self.expected:
            return 0
        return round(100 * self.delivered / self.expected)

    def as_dict(self) -> dict:
        return {
            "expected": self.expected,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
            "returned": self.returned,
            "approved": self.approved,
            "under_review": self.under_review,
            "corrected": self.corrected,
            "delivered": self.delivered,
            "progress": self.progress,
        }


def delivery(statuses) -> Delivery:
    counts = dict(
        expected=0,
        on_time=0,
        late=0,
        missing=0,
        returned=0,
        approved=0,
        under_review=0,
        corrected=0,
    )
    for status in statuses:
        if not status.exists:
            continue
        counts["expected"] += 1
        if status.state == lc.NOT_SUBMITTED:
            counts["missing"] += 1
        if status.timeliness == lc.ON_TIME:
            counts["on_time"] += 1
        elif status.timeliness == lc.LATE:
            counts["late"] += 1
        if status.state == lc.RETURNED:
            counts["returned"] += 1
        elif status.state == lc.APPROVED:
            counts["approved"] += 1
        elif status.state == lc.UNDER_REVIEW:
            counts["under_review"] += 1
        elif status.state == lc.CORRECTED:
            counts["corrected"] += 1
    return Delivery(**counts)
