"""Dates of explicit precision: a day, a month or a year, with the interval it can denote."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from cyberkg.errors import InputError
from cyberkg.namespaces import TIME

_SHAPE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PRECISIONS = {"day": TIME.unitDay, "month": TIME.unitMonth, "year": TIME.unitYear}
DATE_KEYS = {"value", "precision", "derived", "derivation", "not_before", "not_after", "__line__", "__lines__"}


@dataclass(frozen=True)
class DateInfo:
    literal: Literal
    precision: URIRef
    not_before: dt.date
    not_after: dt.date
    derived: bool
    derivation: str | None


def parse_date(spec: dict, path: str, line: int) -> DateInfo:
    """Check and normalise a date record; raise InputError naming file:line on anything wrong."""
    line = spec.get("__line__", line)
    unknown = set(spec) - DATE_KEYS
    if unknown:
        raise InputError(f"unknown key(s) in date: {', '.join(sorted(unknown))}", path, line)
    value = str(spec.get("value", ""))
    precision, start, end = _interval(value, path, line)
    if "precision" in spec and spec["precision"] != precision:
        raise InputError(f"date {value!r} has {precision} precision, not {spec['precision']!r}", path, line)
    not_before = _bound(spec.get("not_before"), start, path, line)
    not_after = _bound(spec.get("not_after"), end, path, line)
    if not (start <= not_before <= not_after <= end):
        raise InputError(f"date bounds {not_before}..{not_after} fall outside {value}", path, line)
    derived = spec.get("derived", False)
    if not isinstance(derived, bool):
        raise InputError("'derived' must be true or false", path, line)
    derivation = spec.get("derivation")
    if derived and not derivation:
        raise InputError("a derived date needs 'derivation': how it was computed", path, line)
    datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[precision]
    return DateInfo(Literal(value, datatype=datatype), PRECISIONS[precision], not_before, not_after, derived, derivation)


def _interval(value: str, path: str, line: int) -> tuple[str, dt.date, dt.date]:
    match = _SHAPE.match(value)
    if not match:
        raise InputError(f"malformed date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD", path, line)
    year_text, month_text, day_text = match.groups()
    year = int(year_text)  # the pattern requires it
    month, day = (int(g) if g else None for g in (month_text, day_text))
    try:
        if day is not None and month is not None:  # the pattern has no day without a month
            exact = dt.date(year, month, day)
            return "day", exact, exact
        if month is not None:
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
            return "month", dt.date(year, month, 1), dt.date(year, month, last)
        return "year", dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError as exc:
        raise InputError(f"impossible date {value!r}: {exc}", path, line) from None


def _bound(raw: object, default: dt.date, path: str, line: int) -> dt.date:
    if raw is None:
        return default
    precision, start, _ = _interval(str(raw), path, line)
    if precision != "day":
        raise InputError(f"date bound {raw!r} must be a day (YYYY-MM-DD)", path, line)
    return start
