"""The rhythm of a union year: how each activity spreads over the months, and the
calendar arithmetic the generator needs.

Month index t: 0 is December of the previous year (the baseline), 1..12 the months
of the current year.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

BASELINE = 0
MONTHS = tuple(range(1, 13))

# Relative weights per month (Jan..Dec). Spring Festival empties February; the
# spring 集体协商要约 drive fills March-May; 送温暖 makes January the month of hardship
# assistance; November-December keep some year-end catching up.
SEASONALITY: dict[str, tuple[int, ...]] = {
    "new_unions": (5, 3, 10, 11, 12, 11, 8, 7, 10, 9, 7, 7),
    "member_growth": (5, 2, 11, 12, 12, 10, 8, 7, 10, 8, 8, 7),
    "wage_contracts": (6, 4, 14, 14, 12, 10, 8, 6, 8, 6, 6, 6),
    "general_contracts": (5, 4, 12, 13, 12, 10, 9, 7, 9, 7, 6, 6),
    "service_cards": (6, 3, 10, 11, 10, 9, 8, 8, 10, 9, 8, 8),
    "training": (6, 2, 10, 11, 11, 11, 8, 8, 10, 9, 8, 6),
    "assistance": (40, 8, 3, 3, 3, 5, 6, 4, 8, 4, 4, 12),
    "disputes": (6, 9, 10, 9, 8, 8, 8, 8, 8, 8, 9, 9),
}


def cumulative_share(activity: str) -> list[float]:
    """Share of the year's volume done by the end of month t (index 0 = baseline)."""
    weights = SEASONALITY[activity]
    total = sum(weights)
    shares = [0.0]
    for w in weights:
        shares.append(shares[-1] + w / total)
    return shares


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split a whole number by weights, largest remainders first: sums to total exactly."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    exact = [total * w / weight_sum for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def monthly_volumes(annual: int, activity: str) -> list[int]:
    """The annual volume spread over months 1..12, indexed 0..11."""
    return allocate(annual, SEASONALITY[activity])


def month_start(year: int, t: int) -> dt.date:
    """First day of month index t of `year` (t=0 is December of year-1)."""
    return dt.date(year - 1, 12, 1) if t == BASELINE else dt.date(year, t, 1)


def month_end(year: int, t: int) -> dt.date:
    start = month_start(year, t)
    following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def day_in_month(rng: random.Random, year: int, t: int, workdays_only: bool = True) -> dt.date:
    """A random day of the month, on a weekday unless told otherwise."""
    start, end = month_start(year, t), month_end(year, t)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    if workdays_only:
        days = [d for d in days if d.weekday() < 5]
    return rng.choice(days)


def years_later(day: dt.date, years: int) -> dt.date:
    """The day before the same date `years` later: a term of N years, both ends inclusive."""
    try:
        anniversary = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        anniversary = day.replace(year=day.year + years, day=28)
    return anniversary - dt.timedelta(days=1)


def weighted_sample(rng: random.Random, items: Sequence, weights: Sequence[float], k: int) -> list:
    """k distinct items, larger weights more likely (Efraimidis-Spirakis)."""
    keyed = [(rng.random() ** (1.0 / w) if w > 0 else 0.0, i) for i, w in enumerate(weights)]
    keyed.sort(reverse=True)
    return [items[i] for _, i in keyed[:k]]
