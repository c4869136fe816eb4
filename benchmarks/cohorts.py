"""Cohorts at scale (issue 18): a burst of 200 cohorts' topics, a cohort's `/stats` and a round.

- Burst: 200 cohorts of 50 members, each with a weekly topic schedule, all due in the same
  minute, fired through the app and the console adapter on a virtual clock: each home channel
  gets one post (its week-2 pin, "Week 2" above it). Target under 5 s. Baseline: the same 200
  schedules for the whole community (no cohort, no term).
- `/stats` in a cohort of 10,000 members (of 12,000) in week 9 of its term. Target p99 under
  50 ms. Baselines: the same figures with the members bound as a list of ids (how a cohort was
  counted before), and the whole community's `/stats`.
- A cohort round of 10,000 members after 200 weekly rounds, end to end. Target under 1.5 s.
  Baseline: the history read the window replaced (every pair the pool ever held).

Each part on a SQLite file of its own (`benchmarks/cohort_parts/`). The last line is one JSON
object. Figures, not tests.

    python3 dev.py bench cohorts      (or: python -m benchmarks.cohorts)
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.cohort_parts import burst, rounds, stats


async def measure(directory: Path) -> dict[str, Any]:
    """Run the three parts, each on its own database in `directory`."""
    cohorts = await burst.burst(directory / "burst-cohorts.db", cohorts=True)
    community = await burst.burst(directory / "burst-community.db", cohorts=False)
    assert cohorts["homes_posted_once"] == burst.COHORTS == cohorts["posts"]
    assert cohorts["posts_saying_week_2"] == burst.COHORTS
    figures = await stats.measure(directory / "stats.db")
    round_figures = await rounds.cohort_round(directory / "round.db")
    return {
        "benchmark": "cohorts",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "burst": {
            **cohorts,
            "cohorts": burst.COHORTS,
            "members_per_cohort": burst.PER_COHORT,
            "community_schedules": community,
            "target_seconds": burst.TARGET_SECONDS,
        },
        "stats": figures,
        "round": round_figures,
        "database": "sqlite file",
    }


def report(figures: dict[str, Any]) -> None:
    """Print the figures, each beside its baseline."""
    fired, whole = figures["burst"], figures["burst"]["community_schedules"]
    print(
        f"burst: {fired['cohorts']} cohorts' schedules due in one minute fired in "
        f"{fired['seconds']} s ({fired['posts']} posts, each of {fired['homes_posted_once']} "
        f"home channels posted once, {fired['posts_saying_week_2']} saying Week 2); "
        f"the community's {whole['posts']} schedules {whole['seconds']} s; target < 5 s"
    )
    shown = figures["stats"]
    bound, community = shown["bound_ids"], shown["community"]
    print(
        f"/stats in a cohort of {shown['members']:,} ({shown['weeks']} weeks): median "
        f"{shown['median_ms']} ms, p99 {shown['p99_ms']} ms; members bound as a list of ids "
        f"{bound['median_ms']} / {bound['p99_ms']} ms; the community's "
        f"({community['members']:,}) {community['median_ms']} / {community['p99_ms']} ms; "
        f"target p99 < {shown['target_p99_ms']} ms"
    )
    paired = figures["round"]
    print(
        f"cohort round of {paired['members']:,} after {paired['rounds_before']} rounds: "
        f"{paired['seconds']} s end to end ({paired['groups']:,} groups, {paired['repeats']} "
        f"repeats); history read {paired['history_seconds']} s ({paired['history_pairs']:,} "
        f"pairs), every pair of the pool {paired['every_pair_seconds']} s "
        f"({paired['every_pair_pairs']:,}); target < 1.5 s"
    )


def main() -> None:
    """Print the figures; the last line is one JSON object."""
    with tempfile.TemporaryDirectory(prefix="cohort-bench-") as scratch:
        figures = asyncio.run(measure(Path(scratch)))
    report(figures)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
