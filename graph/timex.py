"""Dates in article text, normalised against the publication date: absolute ("22 June 2017", "June 22,
2017", "June 22"), partial ("in 2014", "June 2017") and relative ("last week", "this month", "three or
four years ago"). Each gives a seed-format date mapping with precision bounds and its derivation.
`offset_from` dates one event from another's date: "the pact materialized four days after a phone call"."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "an": 1,
}
_MONTH = "(" + "|".join(sorted((m for m in MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    ("dmy", re.compile(rf"\b(\d{{1,2}}) {_MONTH},? (\d{{4}})\b", re.I)),
    ("mdy", re.compile(rf"\b{_MONTH} (\d{{1,2}}),? (\d{{4}})\b", re.I)),
    ("my", re.compile(rf"\b{_MONTH} (\d{{4}})\b", re.I)),
    ("md", re.compile(rf"\b{_MONTH} (\d{{1,2}})\b(?!,? \d{{4}})", re.I)),
    ("dm", re.compile(rf"\b(\d{{1,2}}) {_MONTH}\b(?!,? \d{{4}})", re.I)),
    ("year", re.compile(r"\b(?:in|since|during|of) ((?:19|20)\d{2})\b", re.I)),
    (
        "year",
        re.compile(
            r"\b((?:19|20)\d{2})(?= (?:cyber[- ])?(?:intrusion|attack|breach|hack|agreement|deal|pact|accord"
            r"|law|understanding|elections?)\b)",
            re.I,
        ),
    ),
    ("lastweek", re.compile(r"\blast week\b", re.I)),
    ("thismonth", re.compile(r"\bthis month\b", re.I)),
    ("yearsago", re.compile(r"\b(\w+)(?: or (\w+))? years ago\b", re.I)),
]


@dataclass(frozen=True)
class Timex:
    text: str
    start: int
    end: int
    value: str
    not_before: dt.date
    not_after: dt.date
    derived: bool
    derivation: str

    def as_seed(self) -> dict[str, str | bool]:
        out: dict[str, str | bool] = {
            "value": self.value,
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
        }
        if self.derived:
            out.update(derived=True, derivation=self.derivation)
        return out


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def find_dates(text: str, published: dt.date | None) -> list[Timex]:
    found: list[Timex] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            timex = _normalise(kind, m, published)
            if timex:
                found.append(timex)
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda t: t.start)


def _normalise(kind: str, m: re.Match[str], published: dt.date | None) -> Timex | None:  # noqa: C901 - one case a kind
    text, g = m.group(0), m.groups()
    try:
        if kind == "dmy":
            day = dt.date(int(g[2]), MONTHS[g[1].lower()], int(g[0]))
            return Timex(text, m.start(), m.end(), day.isoformat(), day, day, False, "")
        if kind == "mdy":
            day = dt.date(int(g[2]), MONTHS[g[0].lower()], int(g[1]))
            return Timex(text, m.start(), m.end(), day.isoformat(), day, day, False, "")
        if kind == "my":
            year, month = int(g[1]), MONTHS[g[0].lower()]
            return Timex(
                text, m.start(), m.end(), f"{year}-{month:02d}", dt.date(year, month, 1), _month_end(year, month), False, ""
            )
        if kind in ("md", "dm") and published:
            month, day_n = (MONTHS[g[0].lower()], int(g[1])) if kind == "md" else (MONTHS[g[1].lower()], int(g[0]))
            day = dt.date(published.year, month, day_n)
            if day > published:  # "June 22" in a January article is last year's
                day = dt.date(published.year - 1, month, day_n)
            return Timex(
                text,
                m.start(),
                m.end(),
                day.isoformat(),
                day,
                day,
                True,
                f"'{text}' without a year, read in the year of publication ({published.isoformat()}).",
            )
        if kind == "year":
            year = int(g[0])
            return Timex(m.group(1), m.start(1), m.end(1), str(year), dt.date(year, 1, 1), dt.date(year, 12, 31), False, "")
        if kind == "lastweek" and published:
            monday = published - dt.timedelta(days=published.weekday() + 7)
            sunday = monday + dt.timedelta(days=6)
            value = (
                f"{monday.year}-{monday.month:02d}"
                if (monday.year, monday.month) == (sunday.year, sunday.month)
                else str(monday.year)
                if monday.year == sunday.year
                else str(sunday.year)
            )
            if monday.year != sunday.year:  # the week straddles New Year: keep the part in the later year
                monday = dt.date(sunday.year, 1, 1)
            return Timex(
                text,
                m.start(),
                m.end(),
                value,
                monday,
                sunday,
                True,
                f"'last week' in an article published {published.isoformat()}: the calendar week before.",
            )
        if kind == "thismonth" and published:
            return Timex(
                text,
                m.start(),
                m.end(),
                f"{published.year}-{published.month:02d}",
                published.replace(day=1),
                _month_end(published.year, published.month),
                True,
                f"'this month' in an article published {published.isoformat()}.",
            )
        if kind == "yearsago" and published:
            low = NUMBERS.get(g[0].lower()) or (int(g[0]) if g[0].isdigit() else None)
            high = (NUMBERS.get(g[1].lower()) or (int(g[1]) if g[1].isdigit() else None)) if g[1] else low
            if not low or not high:
                return None
            first, last = published.year - max(low, high), published.year - min(low, high)
            # a date value has one year at most: a range keeps its later year and says so
            return Timex(
                text,
                m.start(),
                m.end(),
                str(last),
                dt.date(last, 1, 1),
                dt.date(last, 12, 31),
                True,
                f"'{text}' before publication in {published.year}: "
                + (f"{last}." if first == last else f"{first} or {last}; the later year is recorded."),
            )
    except (ValueError, KeyError):
        return None
    return None


OFFSET = re.compile(r"\b(\w+) (days?|weeks?) (after|before)\s+(?:an?\s+|the\s+|their\s+)?$", re.I)


def offset_from(text_before: str, anchor: dict, anchor_label: str) -> dict | None:
    """'… four days after ' + an event: the event's date from the anchor's (a day-precise seed date), as a
    derived seed date; None when the words are not an offset or the anchor is not dated to the day."""
    match = OFFSET.search(text_before)
    value = str(anchor.get("value", ""))
    if match is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    count = NUMBERS.get(match.group(1).lower()) or (int(match.group(1)) if match.group(1).isdigit() else None)
    if count is None:
        return None
    days = count * (7 if match.group(2).lower().startswith("week") else 1)
    sign = -1 if match.group(3).lower() == "after" else 1  # the anchor is N days after this event
    date = dt.date.fromisoformat(value) + dt.timedelta(days=sign * days)
    return {
        "value": date.isoformat(),
        "derived": True,
        "derivation": f"{anchor_label} ({value}) came '{match.group(0).strip()}' it: {value} "
        f"{'minus' if sign < 0 else 'plus'} {days} day{'s' if days != 1 else ''}.",
    }
