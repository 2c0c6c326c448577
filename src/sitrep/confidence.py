"""Per-event confidence and status from independent sources, stance and precision.

The formula (documented here and in `event_confidence`):

1. Each report's *support* is ``STANCE_WEIGHT[stance] * extraction`` where ``extraction`` is the
   report's own confidence from the events stage (clamped to [0, 1]). Denials support nothing.
2. Reports are grouped by *independent source*: the publisher (`Report.source`; a report with no
   publisher counts as its own document). Reports from a document listed as a near-duplicate of
   another are ignored: a copy is not a second witness. A source's support is the maximum over
   its reports — a publisher repeating itself adds nothing.
3. Sources combine by noisy-OR: ``support = 1 - prod(1 - SOURCE_WEIGHT * s)`` over sources.
4. Precision: ``geo`` is the factor of the most precise place among the reports (precision code
   1, 2, 3 or unknown), ``time`` the factor of the finest date granularity among them.
5. ``confidence = support * (PRECISION_FLOOR + (1 - PRECISION_FLOOR) * geo * time)``, rounded to
   three decimals.

Every step is non-decreasing in supporting evidence: a new asserting report either opens a new
source (one more factor below 1 in the product), raises its source's maximum, or changes
nothing; the most precise place and finest granularity can only improve. So adding an
independent asserting report never lowers confidence (pinned by a property test). Denials do
not enter the support; they make the event `disputed` instead, which is reported, not averaged.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sitrep.model import GRANULARITIES, Report

STANCE_WEIGHT: dict[str, float] = {"asserted": 1.0, "hedged": 0.6, "claimed": 0.45, "denied": 0.0}
SOURCE_WEIGHT = 0.7
GEO_FACTOR: dict[int | None, float] = {1: 1.0, 2: 0.9, 3: 0.75, None: 0.6}
TIME_FACTOR: dict[str | None, float] = {
    "day": 1.0,
    "week": 0.95,
    "month": 0.9,
    "season": 0.85,
    "quarter": 0.85,
    "year": 0.75,
    "decade": 0.6,
    "century": 0.6,
    None: 0.6,
}
PRECISION_FLOOR = 0.6


def source_key(report: Report) -> str:
    """Return the key that identifies a report's independent source (its publisher)."""
    if report.source:
        return "src:" + " ".join(report.source.lower().split())
    return "doc:" + report.doc_id


def independent_sources(
    reports: Iterable[Report],
    stances: Collection[str] = ("asserted",),
    duplicates: Collection[str] = (),
) -> set[str]:
    """Return the independent sources among reports with one of `stances`, ignoring copies."""
    return {
        source_key(report)
        for report in reports
        if report.stance in stances and report.doc_id not in duplicates
    }


def _report_support(report: Report) -> float:
    extraction = min(1.0, max(0.0, report.confidence))
    return STANCE_WEIGHT.get(report.stance, 0.0) * extraction


def _granularity_rank(granularity: str | None) -> int:
    if granularity in GRANULARITIES:
        return GRANULARITIES.index(granularity)
    return len(GRANULARITIES)


def best_precision(reports: Iterable[Report]) -> tuple[int | None, str | None]:
    """Return the most precise place code and the finest date granularity among reports."""
    geo: int | None = None
    time: str | None = None
    for report in reports:
        if report.place is not None and (geo is None or report.place.precision < geo):
            geo = report.place.precision
        if report.date is not None and _granularity_rank(report.date.precision) < (
            _granularity_rank(time)
        ):
            time = report.date.precision
    return geo, time


def event_confidence(reports: Iterable[Report], duplicates: Collection[str] = ()) -> float:
    """Return an event's confidence in [0, 1] from its reports (formula in the module doc)."""
    reports = list(reports)
    per_source: dict[str, float] = {}
    for report in reports:
        if report.doc_id in duplicates:
            continue
        key = source_key(report)
        per_source[key] = max(per_source.get(key, 0.0), _report_support(report))
    doubt = 1.0
    for support in per_source.values():
        doubt *= 1.0 - SOURCE_WEIGHT * support
    support = 1.0 - doubt
    geo, time = best_precision(reports)
    precision = GEO_FACTOR.get(geo, GEO_FACTOR[None]) * TIME_FACTOR.get(time, TIME_FACTOR[None])
    return round(support * (PRECISION_FLOOR + (1.0 - PRECISION_FLOOR) * precision), 3)


def event_status(reports: Iterable[Report], duplicates: Collection[str] = ()) -> str:
    """Return the event status: disputed, confirmed, claimed_only or single_source.

    1. A denial together with any supporting report, or a denial alone, makes it `disputed`.
    2. Two or more independent sources asserting it make it `confirmed`.
    3. No report asserting it (only claims and hedges) makes it `claimed_only`.
    4. Otherwise it rests on one asserting source: `single_source`.
    """
    reports = list(reports)
    if any(report.stance == "denied" for report in reports):
        return "disputed"
    asserting = independent_sources(reports, ("asserted",), duplicates)
    if len(asserting) >= 2:
        return "confirmed"
    if not any(report.stance == "asserted" for report in reports):
        return "claimed_only"
    return "single_source"


def sources_by_stance(reports: Iterable[Report]) -> dict[str, list[str]]:
    """Return, per stance, the sorted distinct publishers (or doc ids) that take it."""
    by_stance: dict[str, set[str]] = {}
    for report in reports:
        name = report.source or report.doc_id
        by_stance.setdefault(report.stance, set()).add(name)
    return {stance: sorted(names) for stance, names in sorted(by_stance.items())}
